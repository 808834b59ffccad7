"""Reads of events: filtered querysets and the GeoJSON FeatureCollection built inside PostGIS."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import Q, QuerySet

from events.models import Event

# Each feature's text is concatenated in SQL rather than built with json_build_object: strings pass
# through to_json (which escapes them), numbers print as they are, and missing values become null. That
# is several times faster than building and re-serialising JSON objects row by row.
_FEATURE_SQL = """
WITH ids AS ({ids}),
links AS (
  SELECT es.event_id, es.source_id FROM events_event_sources es WHERE es.event_id IN (SELECT id FROM ids)
),
source_json AS (  -- each source's JSON once, however many events cite it
  SELECT s.id, json_build_object('url', s.url, 'title', s.title, 'published', s.published)::text AS json
  FROM events_source s WHERE s.id IN (SELECT source_id FROM links)
),
src AS (
  SELECT links.event_id, '[' || string_agg(source_json.json, ', ' ORDER BY links.source_id) || ']' AS sources
  FROM links JOIN source_json ON source_json.id = links.source_id
  GROUP BY links.event_id
)
SELECT '{{"type": "Feature", "id": ' || e.id
  || ', "geometry": ' || ST_AsGeoJSON(e.location, 6)
  || ', "properties": {{"date": "' || e.date
  || '", "date_precision": ' || to_json(e.date_precision)
  || ', "event_type": ' || to_json(e.event_type)
  || ', "sub_event_type": ' || to_json(e.sub_event_type)
  || ', "actor1": ' || COALESCE(to_json(a1.name)::text, 'null')
  || ', "actor2": ' || COALESCE(to_json(a2.name)::text, 'null')
  || ', "place": ' || COALESCE(to_json(p.name)::text, 'null')
  || ', "geonames_id": ' || COALESCE(p.geonames_id::text, 'null')
  || ', "geo_precision": ' || e.geo_precision
  || ', "country": ' || to_json(e.country)
  || ', "admin1": ' || to_json(e.admin1)
  || ', "fatalities": ' || COALESCE(e.fatalities::text, 'null')
  || ', "summary": ' || to_json(e.summary)
  || ', "confidence": ' || round(e.confidence::numeric, 3)
  || ', "status": ' || to_json(e.status)
  || ', "sources": ' || COALESCE(src.sources, '[]')
  || '}}}}'
FROM events_event e
JOIN ids ON ids.id = e.id
LEFT JOIN src ON src.event_id = e.id
LEFT JOIN events_actor a1 ON a1.id = e.actor1_id
LEFT JOIN events_actor a2 ON a2.id = e.actor2_id
LEFT JOIN events_place p ON p.id = e.place_id
ORDER BY e.date, e.id
"""
# COPY in CSV format with a quote and a delimiter that never occur in JSON text (control characters
# are escaped by PostgreSQL's JSON output) streams each feature's text untouched, at COPY speed.
_COPY_SQL = "COPY ({query}) TO STDOUT (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"
_CHUNK_BYTES = 256 * 1024


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


def _feature_query(filters: EventFilters) -> tuple[str, tuple]:
    """The SQL making one Feature text per filtered event, with its parameters."""
    ids_sql, params = event_list(filters=filters).order_by().values("id").query.sql_with_params()
    return _FEATURE_SQL.format(ids=ids_sql), params


def event_features(*, filters: EventFilters, chunk: int = 5000) -> Iterator[str]:
    """GeoJSON Feature texts, one per event, made by PostGIS and read from a server-side cursor."""
    query, params = _feature_query(filters)
    with connection.chunked_cursor() as cursor:
        cursor.execute(query, params)
        while rows := cursor.fetchmany(chunk):
            for (feature,) in rows:
                yield feature


def event_feature_collection(*, filters: EventFilters) -> Iterator[bytes]:
    """The whole FeatureCollection as byte chunks of about 256 KB, streamed by COPY from PostgreSQL,
    so an export of a million events never sits whole in memory and costs little Python work per row."""
    query, params = _feature_query(filters)
    yield b'{"type": "FeatureCollection", "features": [\n'
    # No transaction around the stream: a client that goes away mid-response must not leave one open.
    with connection.cursor() as cursor:
        # COPY takes no bind parameters: psycopg's client-side binding quotes them into the statement.
        statement = cursor.mogrify(_COPY_SQL.format(query=query), params)
        with cursor.copy(statement) as copy:
            yield from _comma_separated(copy)
    yield b"\n]}\n"


def _comma_separated(rows) -> Iterator[bytes]:
    """COPY gives one feature per row, each ending in a newline: join them with commas, in chunks."""
    buffer = bytearray()
    separator = b""
    for row in rows:
        buffer += separator
        buffer += row[:-1]
        separator = b",\n"
        if len(buffer) >= _CHUNK_BYTES:
            yield bytes(buffer)
            buffer.clear()
    yield bytes(buffer)


# The GeoJSON properties that flat exports copy as they are (sources are flattened to their URLs).
_FLAT_PROPERTIES = ["date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place",
                    "geonames_id", "geo_precision", "country", "admin1", "fatalities", "summary", "confidence",
                    "status"]
CSV_COLUMNS = ["id", *_FLAT_PROPERTIES, "latitude", "longitude", "sources"]


def event_rows(*, filters: EventFilters) -> Iterator[dict]:
    """Flat rows for CSV and GeoPackage: the GeoJSON properties plus coordinates, sources as URLs."""
    for feature_text in event_features(filters=filters):
        feature = json.loads(feature_text)
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        row = {"id": feature["id"], **{k: properties.get(k) for k in _FLAT_PROPERTIES}}
        row.update(latitude=lat, longitude=lon,
                   sources=" ".join(s["url"] or s["title"] or "" for s in properties["sources"]).strip())
        yield row
