"""Reads of territorial control: the snapshot on a date (GeoJSON, CONTRACT §3) and one place's history.

The latest observation per place is chosen inside PostgreSQL with window functions over the rule order
of events.control (date, change before holds, confirmed before claimed, confidence, id); `since` is
the start of the controller's last run, found with lag() in the same pass. Python only turns the
winners into features and estimates areas. Snapshots are cached per (date, bbox) under a key that
carries a fingerprint of the control tables, so any new, edited or deleted observation or area makes
the old entries unreachable, in this process and in every other one sharing the cache.
"""

from __future__ import annotations

import datetime
import json

import shapely
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.gis.geos import Polygon
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from shapely.geometry import mapping

from events import control as rules
from events.models import Actor, ControlArea, ControlObservation, Place

Bbox = tuple[float, float, float, float]

CACHE_TIMEOUT = 24 * 3600
_VERSION_KEY = "control:version"

_SNAPSHOT_SQL = """
WITH ranked AS (
  SELECT o.id, o.place_id, o.actor_id, o.date, o.date_precision, o.status, o.kind, o.claimed, o.event_id,
         CASE WHEN o.actor_id IS DISTINCT FROM lag(o.actor_id) OVER w THEN o.date END AS run_start,
         lead(o.id) OVER w IS NULL AS is_last
  FROM {observation} o {bbox_join}
  WHERE o.date <= %s {bbox_where}
  WINDOW w AS (PARTITION BY o.place_id ORDER BY o.date, (o.kind = %s), NOT o.claimed, o.confidence, o.id)
), latest AS (
  SELECT r.*, max(r.run_start) OVER (PARTITION BY r.place_id) AS since FROM ranked r
)
SELECT l.place_id, p.name, p.geonames_id, p.country_code, ST_X(p.point), ST_Y(p.point),
       l.actor_id, l.status, l.since, l.date, l.event_id, l.claimed, l.kind, l.date_precision, l.id
FROM latest l JOIN {place} p ON p.id = l.place_id
WHERE l.is_last
ORDER BY l.place_id
"""

_FINGERPRINT_SQL = """
SELECT (SELECT count(*) FROM {observation}), (SELECT max(id) FROM {observation}),
       (SELECT max(history_id) FROM {observation_history}),
       (SELECT count(*) FROM {area}), (SELECT max(id) FROM {area}),
       (SELECT max(history_id) FROM {area_history})
"""


# --- cache -------------------------------------------------------------------------------------


@receiver(post_save, sender=ControlObservation)
@receiver(post_delete, sender=ControlObservation)
@receiver(post_save, sender=ControlArea)
@receiver(post_delete, sender=ControlArea)
def control_cache_bump(**_kwargs) -> None:
    """Any saved or deleted observation or area makes every cached snapshot stale at once."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


def _fingerprint() -> str:
    """Counts and highest ids of the control tables and their history: changes whenever rows are
    added, deleted (count) or edited through the ORM (a history row), even by another process or a
    bulk insert that sends no signal."""
    sql = _FINGERPRINT_SQL.format(
        observation=ControlObservation._meta.db_table,
        observation_history=ControlObservation.history.model._meta.db_table,
        area=ControlArea._meta.db_table,
        area_history=ControlArea.history.model._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return "-".join(str(value) for value in (cache.get(_VERSION_KEY, 0), *row))


def _cache_key(date: datetime.date, bbox: Bbox | None, radius_km: float) -> str:
    box = ",".join(f"{v:.6f}" for v in bbox) if bbox else "world"
    return f"control:snapshot:{_fingerprint()}:{date.isoformat()}:{box}:{radius_km:g}"


# --- snapshot ----------------------------------------------------------------------------------


def control_snapshot(
    *, date: datetime.date, bbox: Bbox | None = None, radius_km: float = rules.DEFAULT_RADIUS_KM,
    use_cache: bool = True,
) -> dict:
    """The control map on `date` as an RFC 7946 FeatureCollection: one Point per place whose control
    is known, then the areas valid on that date (stored ControlAreas, then estimated ones)."""
    if not use_cache:
        return _snapshot_build(date=date, bbox=bbox, radius_km=radius_km)
    return json.loads(control_snapshot_json(date=date, bbox=bbox, radius_km=radius_km))


def control_snapshot_json(
    *, date: datetime.date, bbox: Bbox | None = None, radius_km: float = rules.DEFAULT_RADIUS_KM,
) -> bytes:
    """The snapshot as encoded GeoJSON, cached: the cache holds bytes, so a hit costs the fingerprint
    query and a copy, not the unpickling of ten thousand feature dicts."""
    key = _cache_key(date, bbox, radius_km)
    if (hit := cache.get(key)) is not None:
        return hit
    body = json.dumps(_snapshot_build(date=date, bbox=bbox, radius_km=radius_km),
                      separators=(",", ":")).encode()
    cache.set(key, body, CACHE_TIMEOUT)
    return body


def _snapshot_build(*, date: datetime.date, bbox: Bbox | None, radius_km: float) -> dict:
    winners = control_winners(date=date, bbox=bbox)
    actors = Actor.objects.in_bulk({row["actor_id"] for row in winners})
    features = [_place_feature(row, actors, date) for row in winners]
    features += _stored_area_features(date=date, bbox=bbox)
    features += _estimated_area_features(winners, actors, date, radius_km)
    return {"type": "FeatureCollection", "features": features}


def control_winners(*, date: datetime.date, bbox: Bbox | None = None) -> list[dict]:
    """The winning observation per place on `date`, with `since`, as plain rows (one SQL query)."""
    params: list = []
    bbox_where = ""
    if bbox:
        bbox_where = "AND p.point && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
    sql = _SNAPSHOT_SQL.format(
        observation=ControlObservation._meta.db_table, place=Place._meta.db_table,
        bbox_join=f"JOIN {Place._meta.db_table} p ON p.id = o.place_id" if bbox else "",
        bbox_where=bbox_where,
    )
    params = [date, *(bbox or ()), ControlObservation.Kind.CHANGE.value]
    columns = ("place_id", "place", "geonames_id", "country_code", "lon", "lat", "actor_id", "status",
               "since", "last_confirmed", "event_id", "claimed", "kind", "date_precision", "observation_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _controller(actor: Actor | None) -> dict | None:
    return actor.as_json() if actor else None


def _place_feature(row: dict, actors: dict[int, Actor], date: datetime.date) -> dict:
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
        },
    }


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


def _estimated_area_features(
    winners: list[dict], actors: dict[int, Actor], date: datetime.date, radius_km: float,
) -> list[dict]:
    points = [
        rules.ControlledPoint(place_id=row["place_id"], lon=row["lon"], lat=row["lat"],
                              actor_id=row["actor_id"], status=row["status"],
                              country_code=row["country_code"] or "")
        for row in winners
    ]
    land = country_land(codes={p.country_code for p in points if p.status == rules.CONTROLLED})
    day = date.isoformat()
    return [
        {
            "type": "Feature", "id": f"estimated:{area.actor_id}:{day}",
            "geometry": mapping(rules.rounded(area.geometry)),
            "properties": {
                "layer": "area", "controller": _controller(actors.get(area.actor_id)), "method": "estimated",
                "valid_from": day, "valid_to": day, "parameters": area.parameters,
            },
        }
        for area in rules.estimate_areas(points, land, radius_km=radius_km)
    ]


def country_land(*, codes: set[str]) -> dict[str, shapely.Geometry]:
    """The land polygon of each country (the country Place's area), prepared for fast clipping."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    rows = (Place.objects.filter(feature_code__startswith="PCL", country_code__in=codes, area__isnull=False)
            .order_by("country_code", "-population").values_list("country_code", "area"))
    land: dict[str, shapely.Geometry] = {}
    for code, area in rows:
        if code not in land:
            geometry = shapely.make_valid(shapely.from_wkb(bytes(area.wkb)))
            shapely.prepare(geometry)
            land[code] = geometry
    return land


# --- one place's history -----------------------------------------------------------------------


def place_control_history(*, place_id: int, today: datetime.date | None = None) -> dict:
    """All observations of one place in rule order, with actors, sources and evidence, and the
    control today by the rules. Raises Place.DoesNotExist for an unknown place."""
    place = Place.objects.get(pk=place_id)
    observations = list(
        ControlObservation.objects.filter(place=place)
        .select_related("actor", "lost_by", "source")
        .prefetch_related("event__sources")
    )
    observations.sort(key=lambda o: rules.precedence(_rule_row(o)))
    today = today or timezone.localdate()
    current = rules.control_on([_rule_row(o) for o in observations], today)
    by_id = {o.pk: o for o in observations}
    return {
        "place": {
            "id": place.pk, "name": place.name, "geonames_id": place.geonames_id,
            "feature_code": place.feature_code, "country_code": place.country_code,
            "lat": round(place.point.y, 6), "lon": round(place.point.x, 6),
        },
        "observations": [_observation_json(o) for o in observations],
        "current": _control_json(current, by_id) if current else None,
    }


def _rule_row(observation: ControlObservation) -> rules.Observation:
    return rules.Observation(
        id=observation.pk, date=observation.date, actor_id=observation.actor_id, kind=observation.kind,
        status=observation.status, claimed=observation.claimed, confidence=observation.confidence,
        date_precision=observation.date_precision, event_id=observation.event_id,
    )


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
        "edited": observation.edited,
    }


def _control_json(control: rules.Control, by_id: dict[int, ControlObservation]) -> dict:
    return {
        "controller": _controller(by_id[control.observation_id].actor), "status": control.status,
        "since": control.since.isoformat(), "last_confirmed": control.last_confirmed.isoformat(),
        "claimed": control.claimed, "age_days": control.age_days, "event_id": control.event_id,
        "observation_id": control.observation_id,
    }
