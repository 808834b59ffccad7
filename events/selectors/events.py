"""Reads of events: filtered querysets and the GeoJSON FeatureCollection built inside PostGIS."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import Q, QuerySet

from events.models import Event

_FEATURE_SQL = """
SELECT json_build_object(
  'type', 'Feature', 'id', e.id,
  'geometry', ST_AsGeoJSON(e.location, 6)::json,
  'properties', json_build_object(
    'date', e.date, 'date_precision', e.date_precision,
    'event_type', e.event_type, 'sub_event_type', e.sub_event_type,
    'actor1', a1.name, 'actor2', a2.name, 'place', p.name, 'geonames_id', p.geonames_id,
    'geo_precision', e.geo_precision, 'country', e.country, 'admin1', e.admin1,
    'fatalities', e.fatalities, 'summary', e.summary, 'confidence', round(e.confidence::numeric, 3),
    'status', e.status,
    'sources', COALESCE((SELECT json_agg(json_build_object('url', s.url, 'title', s.title,
                                                           'published', s.published) ORDER BY s.id)
                         FROM events_event_sources es JOIN events_source s ON s.id = es.source_id
                         WHERE es.event_id = e.id), '[]'::json)
  ))::text
FROM events_event e
LEFT JOIN events_actor a1 ON a1.id = e.actor1_id
LEFT JOIN events_actor a2 ON a2.id = e.actor2_id
LEFT JOIN events_place p ON p.id = e.place_id
WHERE e.id IN ({ids})
ORDER BY e.date, e.id
"""


@dataclass(frozen=True, slots=True)
class EventFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    bbox: tuple[float, float, float, float] | None = None
    actor: str | None = None
    event_type: str | None = None
    country: str | None = None
    status: str | None = None


def event_list(*, filters: EventFilters) -> QuerySet[Event]:
    events = Event.objects.all()
    if filters.start:
        events = events.filter(date__gte=filters.start)
    if filters.end:
        events = events.filter(date__lte=filters.end)
    if filters.bbox:
        events = events.filter(location__intersects=Polygon.from_bbox(filters.bbox))
    if filters.actor:
        actor = Q(actor1__name__iexact=filters.actor) | Q(actor2__name__iexact=filters.actor)
        if filters.actor.isdigit():
            actor |= Q(actor1_id=int(filters.actor)) | Q(actor2_id=int(filters.actor))
        events = events.filter(actor)
    if filters.event_type:
        events = events.filter(event_type__iexact=filters.event_type)
    if filters.country:
        events = events.filter(country__iexact=filters.country)
    if filters.status:
        events = events.filter(status=filters.status)
    return events


def event_features(*, filters: EventFilters, chunk: int = 5000) -> Iterator[str]:
    """GeoJSON Feature texts, made by PostGIS and streamed from a server-side cursor."""
    ids_sql, params = event_list(filters=filters).values("id").query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(_FEATURE_SQL.format(ids=ids_sql), params)
        while rows := cursor.fetchmany(chunk):
            for (feature,) in rows:
                yield feature


def feature_collection_chunks(features: Iterable[str]) -> Iterator[str]:
    """Feature texts wrapped as one FeatureCollection, in chunks, so it never sits whole in memory."""
    yield '{"type": "FeatureCollection", "features": ['
    for number, feature in enumerate(features):
        yield "," + feature if number else feature
    yield "]}"


def event_feature_collection(*, filters: EventFilters) -> Iterator[str]:
    return feature_collection_chunks(event_features(filters=filters))


CSV_COLUMNS = ["id", "date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place",
               "geonames_id", "geo_precision", "country", "admin1", "fatalities", "summary", "confidence",
               "status", "latitude", "longitude", "sources"]


def event_rows(*, filters: EventFilters) -> Iterator[dict]:
    """Flat rows for CSV and GeoPackage: the GeoJSON properties plus coordinates, sources as URLs."""
    import json

    for feature_text in event_features(filters=filters):
        feature = json.loads(feature_text)
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        row = {"id": feature["id"], **{k: properties.get(k) for k in CSV_COLUMNS[1:16]}}
        row.update(latitude=lat, longitude=lon,
                   sources=" ".join(s["url"] or s["title"] or "" for s in properties["sources"]).strip())
        yield row
