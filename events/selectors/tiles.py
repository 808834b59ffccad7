"""Mapbox Vector Tiles of events, made by PostGIS (ST_AsMVT). Low zooms aggregate events into grid cells
so a tile stays small whatever the number of events; from zoom 9 on every event is its own point."""

from __future__ import annotations

import datetime

from django.db import connection

_POINT_ZOOM = 9

_POINTS_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
tile AS (
  SELECT ST_AsMVTGeom(ST_Transform(e.location, 3857), bounds.geom) AS geom,
         e.id, e.date::text AS date, e.event_type, e.geo_precision, e.confidence, 1 AS count
  FROM events_event e, bounds
  WHERE e.location && ST_Transform(bounds.geom, 4326) {filters}
)
SELECT ST_AsMVT(tile, 'events') FROM tile
"""

_GRID_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
cells AS (
  SELECT ST_SnapToGrid(ST_Transform(e.location, 3857), %(cell)s) AS cell, count(*) AS count,
         min(e.date)::text AS date_min, max(e.date)::text AS date_max, mode() WITHIN GROUP (ORDER BY e.event_type) AS event_type
  FROM events_event e, bounds
  WHERE e.location && ST_Transform(bounds.geom, 4326) {filters}
  GROUP BY 1
),
tile AS (
  SELECT ST_AsMVTGeom(cells.cell, bounds.geom) AS geom, count, date_min, date_max, event_type
  FROM cells, bounds
)
SELECT ST_AsMVT(tile, 'events') FROM tile
"""

_WORLD_METRES = 40075016.68557849


def event_tile(*, z: int, x: int, y: int, start: datetime.date | None = None,
               end: datetime.date | None = None) -> bytes:
    params: dict = {"z": z, "x": x, "y": y, "cell": _WORLD_METRES / (2**z) / 64}
    filters = ""
    if start:
        filters += " AND e.date >= %(start)s"
        params["start"] = start
    if end:
        filters += " AND e.date <= %(end)s"
        params["end"] = end
    sql = (_POINTS_SQL if z >= _POINT_ZOOM else _GRID_SQL).format(filters=filters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (tile,) = cursor.fetchone()
    return bytes(tile or b"")
