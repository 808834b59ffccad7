"""Reads of territorial control: the snapshot on a date (GeoJSON, CONTRACT §3) and one place's history.

The control of each place is stored as intervals (events.models.ControlInterval), computed by the rules
of events.control.rules whenever observations change (events.services.control), so the snapshot reads the
interval holding the date for each place: one range query, no rules run per request. Python
turns those rows into features (written directly as JSON text) and estimates areas (events.control.areas).
Snapshots are cached per (date, bbox) under a key that carries the control stamp, a number every write
that changes control renews in its own transaction (events.services.control), so a new, edited or
deleted observation or area makes the old entries unreachable, in this process and in every other one
sharing the database.
"""

from __future__ import annotations

import datetime
import gc
import json
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from json.encoder import encode_basestring_ascii

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from events.control import areas as control_areas
from events.control import rules
from events.models import (
    Actor,
    ControlArea,
    ControlInterval,
    ControlObservation,
    ControlVersion,
    Event,
    Place,
)

Bbox = tuple[float, float, float, float]

CACHE_TIMEOUT = 24 * 3600

# The interval of each place holding the day (the intervals of a place do not overlap: at most one row
# per place). The place columns are looked up per interval through the primary key (LATERAL; OFFSET 0
# keeps the planner from flattening it) instead of the hash join over the whole places table that the
# planner picks, which reads 20x more rows than there are controlled places.
_SNAPSHOT_SQL = """
SELECT i.place_id, p.name, p.geonames_id, p.country_code, ST_X(p.point), ST_Y(p.point), i.actor_id, i.status,
       to_char(i.since, 'YYYY-MM-DD'), to_char(i.last_confirmed, 'YYYY-MM-DD'), i.event_id, i.claimed, i.kind,
       i.date_precision, i.observation_id, i.challenger_id, p.approximate, %(day)s::date - i.last_confirmed
FROM {interval} i CROSS JOIN LATERAL (
  SELECT p.name, p.geonames_id, p.country_code, p.point, p.approximate FROM {place} p WHERE p.id = i.place_id OFFSET 0
) p
WHERE i.valid_from <= %(day)s AND (i.valid_to > %(day)s OR i.valid_to IS NULL) {bbox_where}
ORDER BY i.place_id
"""

# Settings for the snapshot query, local to its transaction: the per-interval place lookup never
# repeats a key, so Memoize only adds a hash table to fill, and parallel workers cost more to start
# than the ~10k index lookups they would share.
_QUERY_SETTINGS_SQL = ("SELECT set_config('enable_memoize', 'off', true), "
                       "set_config('max_parallel_workers_per_gather', '0', true)")


# --- cache -------------------------------------------------------------------------------------


def _cache_key(date: datetime.date, bbox: Bbox | None, radius_km: float) -> str:
    """The cache key of a snapshot: the database (the file cache is shared by every process and
    database of the machine), the control stamp (one primary-key read), the date, the bbox and the
    radius."""
    stamp = ControlVersion.objects.filter(pk=1).values_list("stamp", flat=True).first() or 0
    box = ",".join(f"{v:.6f}" for v in bbox) if bbox else "world"
    return f"control:snapshot:{connection.settings_dict['NAME']}:{stamp}:{date.isoformat()}:{box}:{radius_km:g}"


# --- snapshot ----------------------------------------------------------------------------------


def control_snapshot(
    *, date: datetime.date, bbox: Bbox | None = None, radius_km: float = control_areas.DEFAULT_RADIUS_KM,
    use_cache: bool = True,
) -> dict:
    """The control map on `date` as an RFC 7946 FeatureCollection: one Point per place whose control
    is known, then the areas valid on that date (stored ControlAreas, then estimated ones)."""
    return json.loads(control_snapshot_json(date=date, bbox=bbox, radius_km=radius_km, use_cache=use_cache))


def control_snapshot_json(
    *, date: datetime.date, bbox: Bbox | None = None, radius_km: float = control_areas.DEFAULT_RADIUS_KM,
    use_cache: bool = True,
) -> bytes:
    """The snapshot as encoded GeoJSON, cached: the cache holds bytes, so a hit costs the stamp read
    and a copy, not the unpickling of ten thousand feature dicts. `use_cache=False` builds it
    afresh and leaves the cache alone (benchmarks, tests)."""
    if not use_cache:
        return _snapshot_body(date=date, bbox=bbox, radius_km=radius_km)
    key = _cache_key(date, bbox, radius_km)
    if (hit := cache.get(key)) is not None:
        return hit
    body = _snapshot_body(date=date, bbox=bbox, radius_km=radius_km)
    cache.set(key, body, CACHE_TIMEOUT)
    return body


def _snapshot_body(*, date: datetime.date, bbox: Bbox | None, radius_km: float) -> bytes:
    """The encoded FeatureCollection. Features are written as JSON text one by one (place features
    from a template, estimated polygons by GEOS's GeoJSON writer) rather than built as dicts and
    encoded by json.dumps: for 10k places and 70k polygon vertices that is most of the encoding time.

    The estimated areas (GEOS work, which releases the GIL) are computed in a worker thread while this
    thread writes the place features and reads the drawn areas; all database reads stay in this thread.
    """
    with _cycle_collector_paused():
        return _snapshot_build(date=date, bbox=bbox, radius_km=radius_km)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a snapshot is built. The build makes ~50k GEOS geometries
    (which the collector tracks) and ~10k row tuples, so the collector would run ~100 times, and walk
    every live object of the process about once per snapshot: ~35 ms of ~300 on the 2-core box. All
    the build allocates is freed by reference counting (no cycles), so nothing is left for it to
    collect afterwards. (A build running in another thread at the same time may find it already off,
    and then leaves it alone.)"""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _snapshot_build(*, date: datetime.date, bbox: Bbox | None, radius_km: float) -> bytes:
    rows = _winner_rows(date=date, bbox=bbox)
    controllers = _controllers_json(rows)
    inputs = (*_area_inputs(rows), controllers, date, radius_km)
    estimated = _AREAS.submit(_estimated_area_features_json, *inputs) if control_areas.THREADS else None
    try:
        features = _place_features_json(rows, controllers)
        features += [_dumps(feature) for feature in _stored_area_features(date=date, bbox=bbox)]
    finally:
        features_estimated = estimated.result() if estimated else _estimated_area_features_json(*inputs)
    features += features_estimated
    return ('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}").encode()


# One worker for the estimated areas of a snapshot (its own pool: events.control.areas has another helper,
# and a task must never wait on the pool it runs in).
_AREAS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="control-snapshot")


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


_string = encode_basestring_ascii  # json.dumps of a str, without the encoder set-up per call

_COLUMNS = ("place_id", "place", "geonames_id", "country_code", "lon", "lat", "actor_id", "status",
            "since", "last_confirmed", "event_id", "claimed", "kind", "date_precision", "observation_id",
            "challenger_id", "approximate")
(_PLACE_ID, _NAME, _GEONAMES_ID, _COUNTRY, _LON, _LAT, _ACTOR, _STATUS, _SINCE, _LAST, _EVENT, _CLAIMED,
 _KIND, _PRECISION, _OBSERVATION, _CHALLENGER, _APPROXIMATE, _AGE) = range(len(_COLUMNS) + 1)


def control_winners(*, date: datetime.date, bbox: Bbox | None = None) -> list[dict]:
    """The control of each place on `date` by the rules, as plain rows (one SQL query): `actor_id` is the
    controller (None for a contested/besieged place without a known incumbent), `challenger_id` the
    attacker/besieger of a contested/besieged place, `observation_id` the winning observation."""
    day = datetime.date.fromisoformat
    return [
        {**dict(zip(_COLUMNS, row[:_AGE], strict=True)), "since": day(row[_SINCE]), "last_confirmed": day(row[_LAST])}
        for row in _winner_rows(date=date, bbox=bbox)
    ]


def _winner_rows(*, date: datetime.date, bbox: Bbox | None = None) -> list[tuple]:
    """control_winners() as tuples in _COLUMNS order, then age_days; `since` and `last_confirmed` as
    ISO text (the snapshot writes them as text: no date objects made and formatted per row)."""
    bbox_where = "AND p.point && ST_MakeEnvelope(%(x0)s, %(y0)s, %(x1)s, %(y1)s, 4326)" if bbox else ""
    sql = _SNAPSHOT_SQL.format(interval=ControlInterval._meta.db_table, place=Place._meta.db_table,
                               bbox_where=bbox_where)
    params: dict[str, datetime.date | float] = {"day": date}
    params.update(zip(("x0", "y0", "x1", "y1"), bbox or (), strict=False))
    # One short transaction around the query, so that the planner settings stay local to it (a savepoint
    # when the caller already has a transaction: then they last until its end, harmless)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_QUERY_SETTINGS_SQL)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _controllers_json(rows: list[tuple]) -> dict[int, str]:
    """The JSON text of every controller and challenger of _winner_rows() rows, by actor id."""
    actors = Actor.objects.in_bulk(({row[_ACTOR] for row in rows} | {row[_CHALLENGER] for row in rows}) - {None})
    return {pk: _dumps(_controller(actor)) for pk, actor in actors.items()}


def _controller(actor: Actor | None) -> dict | None:
    return actor.as_json() if actor else None


def _place_feature(row: dict, actors: dict[int, Actor], date: datetime.date) -> dict:
    """One place as a feature dict (the reference for _place_features_json, which the tests compare)."""
    return {
        "type": "Feature",
        "id": f"place:{row['place_id']}",
        "geometry": {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]},
        "properties": {
            "layer": "place", "place_id": row["place_id"], "place": row["place"],
            "geonames_id": row["geonames_id"], "country": row["country_code"] or None,
            "controller": _controller(actors.get(row["actor_id"])), "status": row["status"],
            "since": row["since"].isoformat(), "last_confirmed": row["last_confirmed"].isoformat(),
            "event_id": row["event_id"], "observation_id": row["observation_id"], "claimed": row["claimed"],
            "kind": row["kind"], "date_precision": row["date_precision"],
            "age_days": (date - row["last_confirmed"]).days,
            "challenger": _controller(actors.get(row["challenger_id"])),
            "approximate": bool(row["approximate"]),
        },
    }


def _place_features_json(rows: list[tuple], controllers: dict[int, str]) -> list[str]:
    """_place_feature() of each _winner_rows() row, encoded as compact JSON text without building the
    dicts (strings escaped by the json module's own C encoder: the same text as json.dumps). One
    f-string per row in a comprehension: ~2.7 us a row, 15% less than a function call and %-template."""
    get, string = controllers.get, _string
    return [
        f'{{"type":"Feature","id":"place:{place_id}","geometry":{{"type":"Point","coordinates":'
        f'[{round(lon, 6)!r},{round(lat, 6)!r}]}},"properties":{{"layer":"place","place_id":{place_id},'
        f'"place":{string(name)},"geonames_id":{"null" if geonames_id is None else int(geonames_id)},'
        f'"country":{string(country) if country else "null"},"controller":{get(actor_id, "null")},'
        f'"status":{string(status)},"since":"{since}","last_confirmed":"{last_confirmed}",'
        f'"event_id":{"null" if event_id is None else int(event_id)},"observation_id":{int(observation_id)},'
        f'"claimed":{"true" if claimed else "false"},"kind":{string(kind)},"date_precision":{string(precision)},'
        f'"age_days":{int(age)},"challenger":{"null" if challenger_id is None else get(challenger_id, "null")},'
        f'"approximate":{"true" if approximate else "false"}}}}}'
        for (place_id, name, geonames_id, country, lon, lat, actor_id, status, since, last_confirmed, event_id,
             claimed, kind, precision, observation_id, challenger_id, approximate, age) in rows
    ]


def _stored_area_features(*, date: datetime.date, bbox: Bbox | None) -> list[dict]:
    """ControlAreas valid on the date: valid_from <= date and (no valid_to or valid_to >= date)."""
    areas = (ControlArea.objects.filter(valid_from__lte=date)
             .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date))
             .select_related("actor").annotate(geojson=AsGeoJSON("geometry", precision=6))
             .order_by("valid_from", "pk"))
    if bbox:
        areas = areas.filter(geometry__bboverlaps=Polygon.from_bbox(bbox))
    return [
        {
            "type": "Feature", "id": f"area:{area.pk}", "geometry": json.loads(area.geojson),
            "properties": {
                "layer": "area", "area_id": area.pk, "controller": _controller(area.actor),
                "method": area.method, "valid_from": area.valid_from.isoformat(),
                "valid_to": area.valid_to.isoformat() if area.valid_to else None,
                "parameters": area.parameters, "note": area.note,
            },
        }
        for area in areas
    ]


def _area_inputs(rows: list[tuple]) -> tuple:
    """The columns estimate_areas_from_arrays needs, and the land of the countries with controlled
    places (read here, in the caller's thread and database connection)."""
    columns = list(zip(*rows, strict=True)) or [()] * (len(_COLUMNS) + 1)
    controlled = np.array([status == rules.CONTROLLED for status in columns[_STATUS]], dtype=bool)
    countries = np.array([code or "" for code in columns[_COUNTRY]], dtype=object)
    land = country_land(codes=set(countries[controlled].tolist()))
    arrays = {"lons": np.array(columns[_LON], dtype=float), "lats": np.array(columns[_LAT], dtype=float),
              # (no controller: a contested/besieged place without incumbent, never `controlled`)
              "actor_ids": np.array([0 if a is None else a for a in columns[_ACTOR]], dtype=np.int64),
              "controlled": controlled,
              "countries": countries}
    return arrays, land


def _estimated_area_features_json(
    arrays: dict, land: dict, controllers: dict[int, str], date: datetime.date, radius_km: float,
) -> list[str]:
    """The estimated area features as JSON text (no database access: runs in a worker thread)."""
    areas = control_areas.estimate_areas_from_arrays(**arrays, land=land, radius_km=radius_km)
    day = date.isoformat()
    return [
        f'{{"type":"Feature","id":"estimated:{area.actor_id}:{day}","geometry":{geometry},'
        f'"properties":{{"layer":"area","controller":{controllers.get(area.actor_id, "null")},'
        f'"method":"estimated","valid_from":"{day}","valid_to":"{day}",'
        f'"parameters":{_dumps(area.parameters)}}}}}'
        for area, geometry in zip(areas, control_areas.geojson_texts([a.geometry for a in areas]), strict=True)
    ]


# Land polygons by country code: (digest of the stored polygon, valid prepared geometry). The stored
# polygon is fetched and repaired only when its digest changed, so an edited country area is picked up
# on the next snapshot while an unchanged one costs a digest, not a transfer and a make_valid.
_LAND_CACHE: OrderedDict[str, tuple[str, control_areas.Land]] = OrderedDict()
_LAND_CACHE_SIZE = 64

_LAND_DIGEST_SQL = """
SELECT DISTINCT ON (country_code) country_code, id, md5(ST_AsEWKB(area))
FROM {place}
WHERE feature_code LIKE 'PCL%%' AND country_code = ANY(%s) AND area IS NOT NULL
ORDER BY country_code, population DESC
"""


def country_land(*, codes: set[str]) -> dict[str, control_areas.Land]:
    """The land polygon of each country (the area of its most populous PCL* Place), made valid and
    prepared for fast clipping (control_areas.Land: `.geometry`, tiles); cached per country and digest of the
    stored polygon, so only a changed polygon is fetched and prepared again."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_LAND_DIGEST_SQL.format(place=Place._meta.db_table), [sorted(codes)])
        digests = cursor.fetchall()
    land: dict[str, control_areas.Land] = {}
    missing: dict[int, tuple[str, str]] = {}
    for code, pk, digest in digests:
        cached = _LAND_CACHE.get(code)
        if cached is not None and cached[0] == digest:
            _LAND_CACHE.move_to_end(code)
            land[code] = cached[1]
        else:
            missing[pk] = (code, digest)
    if missing:
        for pk, area in Place.objects.filter(pk__in=missing).values_list("pk", "area"):
            code, digest = missing[pk]
            assert area is not None  # the digest query took only places with an area
            prepared = control_areas.Land(shapely.make_valid(shapely.from_wkb(bytes(area.wkb))))
            land[code] = prepared
            _LAND_CACHE[code] = (digest, prepared)
            _LAND_CACHE.move_to_end(code)
        while len(_LAND_CACHE) > _LAND_CACHE_SIZE:
            _LAND_CACHE.popitem(last=False)
    return land


# --- one place's history -----------------------------------------------------------------------


def place_control_history(*, place_id: int, today: datetime.date | None = None) -> dict:
    """All observations of one place in rule order, with actors, sources and evidence, and the
    control today by the rules. Raises Place.DoesNotExist for an unknown place."""
    place = Place.objects.get(pk=place_id)
    queryset = (ControlObservation.objects.filter(place=place)
                .select_related("actor", "lost_by", "source", "event").prefetch_related("event__sources"))
    ordered = sorted(((_rule_row(o), o) for o in queryset), key=lambda pair: rules.precedence(pair[0]))
    observations = [o for _, o in ordered]
    today = today or timezone.localdate()
    current = rules.control_on([row for row, _ in ordered], today)
    actors: dict[int | None, Actor] = {o.actor_id: o.actor for o in observations}
    return {
        "place": {
            "id": place.pk, "name": place.name, "geonames_id": place.geonames_id,
            "feature_code": place.feature_code, "country_code": place.country_code,
            "lat": round(place.point.y, 6), "lon": round(place.point.x, 6),
        },
        "observations": [_observation_json(o) for o in observations],
        "current": _control_json(current, actors) if current else None,
    }


def _rule_row(observation: ControlObservation) -> rules.Observation:
    return rules.Observation(
        id=observation.pk, date=observation.date, actor_id=observation.actor_id, kind=observation.kind,
        status=observation.status, claimed=observation.claimed, confidence=observation.confidence,
        date_precision=observation.date_precision, event_id=observation.event_id,
        side_id=observation.actor.side_id, rejected=_rejected(observation), incumbent_id=observation.lost_by_id,
    )


def _rejected(observation: ControlObservation) -> bool:
    """Whether a reviewer rejected the observation's event: shown in the history, never counted."""
    return observation.event is not None and observation.event.status == Event.Status.REJECTED


def _sources_json(observation: ControlObservation) -> list[dict]:
    """The observation's own source, then the other sources of its event, each once."""
    sources = [observation.source] if observation.source else []
    if observation.event:
        sources += sorted(observation.event.sources.all(), key=lambda s: s.pk)
    seen: set[int] = set()
    out = []
    for source in sources:
        if source.pk not in seen:
            seen.add(source.pk)
            out.append({"id": source.pk, "url": source.url, "title": source.title,
                        "published": source.published.isoformat() if source.published else None})
    return out


def _observation_json(observation: ControlObservation) -> dict:
    return {
        "id": observation.pk, "date": observation.date.isoformat(), "date_precision": observation.date_precision,
        "actor": _controller(observation.actor), "lost_by": _controller(observation.lost_by),
        "status": observation.status, "kind": observation.kind, "claimed": observation.claimed,
        "confidence": round(observation.confidence, 3), "event_id": observation.event_id,
        "sources": _sources_json(observation), "evidence": observation.evidence,
        "edited": observation.edited, "rejected": _rejected(observation),
    }


def _control_json(control: rules.Control, actors: dict[int | None, Actor]) -> dict:
    return {
        "controller": _controller(actors.get(control.actor_id)), "status": control.status,
        "challenger": _controller(actors.get(control.challenger_id)),
        "since": control.since.isoformat(), "last_confirmed": control.last_confirmed.isoformat(),
        "claimed": control.claimed, "age_days": control.age_days, "event_id": control.event_id,
        "observation_id": control.observation_id,
    }
