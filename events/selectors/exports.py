"""Reads for downloads: events as ACLED-shaped rows (CSV, GeoPackage) and territorial control as data.

Events: ACLED's 31 columns first, in ACLED's order and coded as ACLED codes them (events.acled holds the
codebook), then ours (CONTRACT §3). The same rows feed the streamed CSV and the GeoPackage, so both
files always agree. Control: the snapshot of a date (places and areas) and the control changes of a
period, flat rows with a date column, so that QGIS can play them as a temporal layer.

GeoPackages are written through pyogrio's raw writer from typed numpy columns: dates are GeoPackage
DATE fields, counts and codes INTEGER, coordinates REAL, EPSG:4326 (geopandas would write dates as text).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import numpy as np
import shapely
from django.contrib.gis.geos import Polygon
from django.db.models import Max, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from events import acled
from events.models import Actor, ControlObservation, Event, Source
from events.selectors.control import Bbox, control_snapshot
from events.selectors.events import EventFilters, event_list

# Column types of the GeoPackage layers; any column not named here is text.
_DATE, _INT, _REAL, _BOOL = "date", "int", "real", "bool"
EVENT_COLUMN_TYPES = {
    "event_date": _DATE, "year": _INT, "time_precision": _INT, "inter1": _INT, "inter2": _INT,
    "interaction": _INT, "iso": _INT, "latitude": _REAL, "longitude": _REAL, "geo_precision": _INT,
    "fatalities": _INT, "timestamp": _INT, "id": _INT, "confidence": _REAL, "geonames_id": _INT,
}
# Ours after ACLED's and CONTRACT's: whether we extracted the event or imported it from ACLED.
EVENT_EXPORT_COLUMNS = [*acled.EXPORT_COLUMNS, "origin"]

CONTROL_CHANGE_COLUMNS = [
    "observation_id", "place_id", "place", "geonames_id", "country", "lat", "lon", "date", "date_precision",
    "from", "to", "status", "kind", "claimed", "approximate", "confidence", "event_id", "source", "evidence",
]
CONTROL_CHANGE_TYPES = {"observation_id": _INT, "place_id": _INT, "geonames_id": _INT, "lat": _REAL, "lon": _REAL,
                        "date": _DATE, "claimed": _BOOL, "approximate": _BOOL, "confidence": _REAL, "event_id": _INT}
CONTROL_PLACE_COLUMNS = [
    "place_id", "place", "geonames_id", "country", "lat", "lon", "date", "controller", "controller_id", "status",
    "challenger", "since", "last_confirmed", "date_precision", "claimed", "approximate", "event_id",
]
CONTROL_PLACE_TYPES = {"place_id": _INT, "geonames_id": _INT, "lat": _REAL, "lon": _REAL, "date": _DATE,
                       "controller_id": _INT, "since": _DATE, "last_confirmed": _DATE, "claimed": _BOOL,
                       "approximate": _BOOL, "event_id": _INT}
CONTROL_AREA_COLUMNS = ["area_id", "date", "controller", "controller_id", "method", "valid_from", "valid_to"]
CONTROL_AREA_TYPES = {"area_id": _INT, "date": _DATE, "controller_id": _INT, "valid_from": _DATE,
                      "valid_to": _DATE}


# --- events ------------------------------------------------------------------------------------


_EVENT_FIELDS = ("id", "event_id_cnty", "date", "date_precision", "event_type", "sub_event_type", "actor1_id",
                 "actor2_id", "place_id", "place__name", "place__geonames_id", "geo_precision", "country",
                 "admin1", "fatalities", "summary", "evidence", "confidence", "status", "origin", "acled")


def acled_events(*, filters: EventFilters):
    """The filtered events (rejected ones only when asked for by status) as plain rows of what an ACLED
    row needs, in export order (date, id): no model instances, no geometry objects (the coordinates come
    as numbers). `changed` is the last change: the latest history record, or for rows written without
    history (bulk loads) the time their source was stored."""
    last_history = (Event.history.model.objects.filter(id=OuterRef("pk")).order_by()
                    .values("id").annotate(last=Max("history_date")).values("last"))
    last_stored = Source.objects.filter(events=OuterRef("pk")).order_by("-ingested_at").values("ingested_at")[:1]
    table = Event._meta.db_table
    return (event_list(filters=filters).order_by("date", "id")
            .annotate(lon=RawSQL(f'ST_X("{table}"."location")', []), lat=RawSQL(f'ST_Y("{table}"."location")', []),
                      changed=Coalesce(Subquery(last_history), Subquery(last_stored)))
            .values(*_EVENT_FIELDS, "lon", "lat", "changed"))


def acled_rows(*, filters: EventFilters, chunk: int = 2000) -> Iterator[dict]:
    """One dict per event, keys EVENT_EXPORT_COLUMNS, values typed (dates as dates, codes as ints). The
    events are read from a server-side cursor; their actors, sources and associated actors once per
    `chunk` events."""
    actors: dict[int, Actor] = {}
    batch: list[dict] = []
    for event in acled_events(filters=filters).iterator(chunk_size=chunk):
        batch.append(event)
        if len(batch) >= chunk:
            yield from _coded(batch, actors)
            batch = []
    yield from _coded(batch, actors)


def _coded(batch: list[dict], actors: dict[int, Actor]) -> Iterator[dict]:
    if not batch:
        return
    ids = [event["id"] for event in batch]
    wanted = {event[key] for event in batch for key in ("actor1_id", "actor2_id")} - {None} - set(actors)
    actors.update(Actor.objects.only("id", "name", "kind", "country", "inter").in_bulk(wanted))
    sources: dict[int, list[tuple]] = {}
    for event_id, *source in (Event.sources.through.objects.filter(event_id__in=ids).order_by("source_id")
                              .values_list("event_id", "source_id", "source__url", "source__title",
                                           "source__outlet")):
        sources.setdefault(event_id, []).append(tuple(source))
    assoc = [_assoc_names(Event.assoc_actors1.through, ids), _assoc_names(Event.assoc_actors2.through, ids)]
    for event in batch:
        yield acled_row(event, actors, sources.get(event["id"], []), [a.get(event["id"], []) for a in assoc])


def _assoc_names(through, ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for event_id, name in through.objects.filter(event_id__in=ids).values_list("event_id", "actor__name"):
        names.setdefault(event_id, []).append(name)
    return names


def acled_row(event: dict, actors: dict[int, Actor], sources: list[tuple], assoc: list[list[str]]) -> dict:
    """One event (a row of acled_events) coded as ACLED codes it (README "ACLED columns" says how each
    value is derived). `sources` are (id, url, title, outlet) in id order; `assoc` the names of the
    actors associated with actor1 and with actor2."""
    kept = event["acled"] or {}  # an imported row's columns we have no field for, as ACLED gave them
    actor1, actor2 = actors.get(event["actor1_id"]), actors.get(event["actor2_id"])
    # ACLED's own inter codes and location name, as long as the event keeps the actor and place they
    # were given for (an editor's change of actor or place falls back to ours).
    inter1 = _kept(kept, "inter1", "actor1_id", event["actor1_id"]) or _inter(actor1, event["country"])
    inter2 = _kept(kept, "inter2", "actor2_id", event["actor2_id"]) or _inter(actor2, event["country"])
    location = _kept(kept, "location", "place_id", event["place_id"])
    country = acled.countries().get(event["country"].upper()) if event["country"] else None
    evidence = " ".join(e.get("text", "").strip() for e in event["evidence"] or [] if e.get("text"))
    date = event["date"]
    return {
        "event_id_cnty": event["event_id_cnty"] or acled.public_id(event["country"], event["id"]),
        "event_date": date,
        "year": date.year,
        "time_precision": acled.time_precision(event["date_precision"]),
        "disorder_type": acled.disorder_type(event["event_type"], event["sub_event_type"]),
        "event_type": event["event_type"],
        "sub_event_type": event["sub_event_type"],
        "actor1": actor1.name if actor1 else "",
        "assoc_actor_1": acled.LIST_SEPARATOR.join(sorted(assoc[0])),
        "inter1": inter1 or 0,
        "actor2": actor2.name if actor2 else "",
        "assoc_actor_2": acled.LIST_SEPARATOR.join(sorted(assoc[1])),
        "inter2": inter2 or 0,
        "interaction": acled.interaction(inter1, inter2),
        "civilian_targeting": acled.civilian_targeting(event["event_type"], inter2),
        "iso": country.iso if country else None,
        "region": country.region if country else "",
        "country": country.name if country else event["country"],
        "admin1": event["admin1"],
        "admin2": kept.get("admin2", ""),
        "admin3": kept.get("admin3", ""),
        "location": location or event["place__name"] or "",
        "latitude": round(event["lat"], 6),
        "longitude": round(event["lon"], 6),
        "geo_precision": event["geo_precision"],
        "source": kept.get("source") or acled.LIST_SEPARATOR.join(_unique(_outlet(*s[1:]) for s in sources)),
        "source_scale": kept.get("source_scale", ""),
        "notes": evidence or event["summary"],
        "fatalities": event["fatalities"] or 0,
        "tags": kept.get("tags", ""),
        "timestamp": int(event["changed"].timestamp()) if event["changed"] else None,
        "id": event["id"],
        "status": event["status"],
        "confidence": round(event["confidence"], 3),
        "date_precision": event["date_precision"],
        "geonames_id": event["place__geonames_id"],
        "sources": " ".join(url or title for _, url, title, _ in sources).strip(),
        "origin": event["origin"],
    }


def _kept(kept: dict, name: str, key: str, current_id: int | None):
    """An imported ACLED value, while the event still has the row `key` it was coded for."""
    return kept.get(name) if key in kept and kept[key] == current_id else None


def _inter(actor, event_country: str) -> int | None:
    if actor is None:
        return None
    return acled.inter_code(kind=actor.kind, inter=actor.inter, actor_country=actor.country,
                            event_country=event_country)


def _outlet(url: str, title: str, outlet: str) -> str:
    """How ACLED names a source: the outlet; failing that the site of its URL, then its title."""
    return outlet or urlsplit(url).netloc.removeprefix("www.") or title


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def acled_csv(*, filters: EventFilters) -> Iterator[str]:
    """The CSV text in chunks (header first), for a StreamingHttpResponse or a file."""
    yield from csv_chunks(EVENT_EXPORT_COLUMNS, acled_rows(filters=filters))


def events_gpkg_write(*, filters: EventFilters, path: str) -> int:
    """Write layer `events` of a GeoPackage at `path`; returns the number of events."""
    rows = list(acled_rows(filters=filters))
    gpkg_write(path=path, layer="events", columns=EVENT_EXPORT_COLUMNS, types=EVENT_COLUMN_TYPES, rows=rows,
               geometry=shapely.points([r["longitude"] for r in rows], [r["latitude"] for r in rows]),
               geometry_type="Point")
    return len(rows)


# --- control -----------------------------------------------------------------------------------


def control_change_rows(*, start: datetime.date | None = None, end: datetime.date | None = None,
                        bbox: Bbox | None = None) -> list[dict]:
    """The control changes of a period, in date order: who took (`to`) which place from whom (`from`),
    with precision, status, claims, the source and its evidence sentence. Observations of rejected
    events never count, as in the control rules; statements that a party still holds a place (kind
    `holds`) are no change."""
    observations = (ControlObservation.objects.filter(kind=ControlObservation.Kind.CHANGE)
                    .exclude(event__status=Event.Status.REJECTED)
                    .select_related("place", "actor", "lost_by", "source").order_by("date", "pk"))
    if start:
        observations = observations.filter(date__gte=start)
    if end:
        observations = observations.filter(date__lte=end)
    if bbox:
        observations = observations.filter(place__point__bboverlaps=Polygon.from_bbox(bbox))
    return [{
        "observation_id": o.pk, "place_id": o.place_id, "place": o.place.name, "geonames_id": o.place.geonames_id,
        "country": o.place.country_code, "lat": round(o.place.point.y, 6), "lon": round(o.place.point.x, 6),
        "date": o.date, "date_precision": o.date_precision, "from": o.lost_by.name if o.lost_by else "",
        "to": o.actor.name, "status": o.status, "kind": o.kind, "claimed": o.claimed,
        "approximate": o.place.approximate, "confidence": round(o.confidence, 3), "event_id": o.event_id,
        "source": (o.source.url or o.source.title) if o.source else "", "evidence": o.evidence,
    } for o in observations]


def control_snapshot_rows(*, date: datetime.date, bbox: Bbox | None = None) -> tuple[list[dict], list[dict]]:
    """The control snapshot of a date (the same one /api/control.geojson serves) as flat rows: the
    places, each with its point, and the areas, each with its geometry as a GeoJSON dict (key
    `geometry`, not a column). Every row carries the snapshot's `date`."""
    snapshot = control_snapshot(date=date, bbox=bbox)
    places, areas = [], []
    for feature in snapshot["features"]:
        p = feature["properties"]
        controller = p.get("controller") or {}
        if p["layer"] == "place":
            lon, lat = feature["geometry"]["coordinates"]
            places.append({
                "place_id": p["place_id"], "place": p["place"], "geonames_id": p["geonames_id"],
                "country": p.get("country") or "", "lat": lat, "lon": lon, "date": date,
                "controller": controller.get("name", ""), "controller_id": controller.get("id"),
                "status": p["status"], "challenger": (p.get("challenger") or {}).get("name", ""),
                "since": _day(p["since"]), "last_confirmed": _day(p["last_confirmed"]),
                "date_precision": p.get("date_precision", ""), "claimed": p["claimed"],
                "approximate": p["approximate"], "event_id": p["event_id"],
            })
        else:
            areas.append({
                "area_id": p.get("area_id"), "date": date, "controller": controller.get("name", ""),
                "controller_id": controller.get("id"), "method": p.get("method", ""),
                "valid_from": _day(p.get("valid_from")), "valid_to": _day(p.get("valid_to")),
                "geometry": feature["geometry"],
            })
    return places, areas


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def control_changes_geojson(rows: list[dict]) -> str:
    """Control changes as an RFC 7946 FeatureCollection of Points (no `crs`, 6 decimals)."""
    features = [{
        "type": "Feature", "id": row["observation_id"],
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": {k: _json_value(v) for k, v in row.items() if k not in ("lat", "lon")},
    } for row in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def control_changes_gpkg_write(*, rows: list[dict], path: str) -> int:
    gpkg_write(path=path, layer="control_changes", columns=CONTROL_CHANGE_COLUMNS, types=CONTROL_CHANGE_TYPES,
               rows=rows, geometry=shapely.points([r["lon"] for r in rows], [r["lat"] for r in rows]),
               geometry_type="Point")
    return len(rows)


def control_snapshot_gpkg_write(*, places: list[dict], areas: list[dict], path: str) -> int:
    """Layers `control_places` (points) and `control_areas` (multipolygons) of one GeoPackage."""
    gpkg_write(path=path, layer="control_places", columns=CONTROL_PLACE_COLUMNS, types=CONTROL_PLACE_TYPES,
               rows=places, geometry=shapely.points([r["lon"] for r in places], [r["lat"] for r in places]),
               geometry_type="Point")
    if areas:
        shapes = [shapely.geometry.shape(a["geometry"]) for a in areas]
        multi = [s if s.geom_type == "MultiPolygon" else shapely.MultiPolygon([s]) for s in shapes]
        gpkg_write(path=path, layer="control_areas", columns=CONTROL_AREA_COLUMNS, types=CONTROL_AREA_TYPES,
                   rows=areas, geometry=np.array(multi, dtype=object), geometry_type="MultiPolygon", append=True)
    return len(places) + len(areas)


def control_snapshot_csv_rows(*, places: list[dict], areas: list[dict]) -> tuple[list[str], list[dict]]:
    """Places and areas in one table: a `layer` column, places with lat/lon, areas with WKT (QGIS reads
    either with its delimited-text loader)."""
    columns = ["layer", *CONTROL_PLACE_COLUMNS, "method", "valid_from", "valid_to", "wkt"]
    rows = [{"layer": "place", **p} for p in places]
    for area in areas:
        rows.append({"layer": "area", **{k: v for k, v in area.items() if k not in ("geometry", "area_id")},
                     "place_id": None, "wkt": shapely.geometry.shape(area["geometry"]).wkt})
    return columns, rows


# --- writers -----------------------------------------------------------------------------------


def csv_chunks(columns: list[str], rows: Iterable[dict], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text (header first) in chunks of a few hundred rows: dates ISO, booleans true/false, None empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for count, row in enumerate(rows, 1):
        writer.writerow([_csv_value(row.get(c)) for c in columns])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def gpkg_write(*, path: str, layer: str, columns: list[str], types: dict[str, str], rows: list[dict],
               geometry, geometry_type: str, append: bool = False) -> None:
    """One GeoPackage layer in EPSG:4326 with typed fields: DATE, INTEGER (empty cells null), BOOLEAN,
    REAL, TEXT."""
    from pyogrio.raw import write

    data, masks = [], []
    for column in columns:
        values = [row.get(column) for row in rows]
        array, mask = _typed(types.get(column), values)
        data.append(array)
        masks.append(mask)
    write(path, shapely.to_wkb(np.asarray(geometry, dtype=object)) if len(rows) else np.array([], dtype=object),
          data, columns, field_mask=masks, layer=layer, driver="GPKG", geometry_type=geometry_type,
          crs="EPSG:4326", append=append)


def _typed(kind: str | None, values: list) -> tuple[np.ndarray, np.ndarray | None]:
    missing = np.array([v is None or v == "" for v in values], dtype=bool)
    if kind == _DATE:
        return np.array([v.isoformat() if v else "NaT" for v in values], dtype="datetime64[D]"), None
    if kind == _INT:
        return np.array([0 if m else int(v) for v, m in zip(values, missing, strict=True)], dtype="int64"), missing
    if kind == _BOOL:  # a GeoPackage BOOLEAN (an integer field of subtype boolean)
        return np.array([bool(v) for v in values], dtype=bool), None
    if kind == _REAL:
        return np.array([np.nan if m else float(v) for v, m in zip(values, missing, strict=True)], dtype="float64"), None
    return np.array(["" if v is None else str(v) for v in values], dtype=object), None
