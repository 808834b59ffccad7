"""Mapbox Vector Tiles of events, made by PostGIS (ST_AsMVT). Low zooms aggregate events into grid cells
so a tile stays small whatever the number of events; from zoom 9 on every event is its own point.

The grid cells of a whole tile (no date filter) are read from TileCell, counted ahead by triggers as
events are written, so a tile over a million events reads a few thousand rows; with a date filter they
are computed from the events (the counts ahead have no dates), which takes seconds at the lowest zooms
with a million events. Both give the same tile: the cells' features are encoded in the same order.
Rejected events are in neither (the TileCell triggers skip them too)."""

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
  WHERE e.location && ST_Transform(bounds.geom, 4326) AND e.status <> 'rejected' {filters}
)
SELECT ST_AsMVT(tile, 'events') FROM tile
"""

_GRID_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
cells AS (
  SELECT ST_SnapToGrid(ST_Transform(e.location, 3857), %(cell)s) AS cell, count(*) AS count,
         min(e.date)::text AS date_min, max(e.date)::text AS date_max, mode() WITHIN GROUP (ORDER BY e.event_type) AS event_type
  FROM events_event e, bounds
  WHERE e.location && ST_Transform(bounds.geom, 4326) AND e.status <> 'rejected' {filters}
  GROUP BY 1
),
tile AS (
  SELECT ST_AsMVTGeom(cells.cell, bounds.geom) AS geom, count, date_min, date_max, event_type
  FROM cells, bounds
)
SELECT ST_AsMVT(tile, 'events' ORDER BY ST_Y(tile.geom), ST_X(tile.geom)) FROM tile
"""

# The same cells from TileCell: a cell's count is the sum over its event types, its type the most
# frequent (ties: the first in sort order, as mode() gives), and its node (cell_x, cell_y) times the cell
# size is the point ST_SnapToGrid makes.
_CELLS_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
cells AS (
  SELECT cell_x, cell_y, sum(count) AS count, min(date_min)::text AS date_min, max(date_max)::text AS date_max,
         (array_agg(event_type ORDER BY count DESC, event_type))[1] AS event_type
  FROM events_tilecell
  WHERE zoom = %(z)s AND tile_x = %(x)s AND tile_y = %(y)s
  GROUP BY cell_x, cell_y
),
tile AS (
  SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(cells.cell_x * %(cell)s, cells.cell_y * %(cell)s), 3857),
                      bounds.geom) AS geom,
         count, date_min, date_max, event_type
  FROM cells, bounds
)
SELECT ST_AsMVT(tile, 'events' ORDER BY ST_Y(tile.geom), ST_X(tile.geom)) FROM tile
"""

_WORLD_METRES = 40075016.68557849


def needed_bounds(start: datetime.date | None,
                  end: datetime.date | None) -> tuple[datetime.date | None, datetime.date | None]:
    """The date bounds that exclude some event: the others are dropped, so a window covering every
    event (the map's "all time", or a window ending after the last event) reads the counted cells
    instead of grouping every event. Two index-only lookups. (event_tile itself keeps any bound it is
    given: the tests compare both ways of making a tile through it.)"""
    if start is None and end is None:
        return None, None
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT min(date) FROM events_event), (SELECT max(date) FROM events_event)")
        first, last = cursor.fetchone()
    if first is None:
        return None, None
    return (start if start and start > first else None), (end if end and end < last else None)


def event_tile(*, z: int, x: int, y: int, start: datetime.date | None = None,
               end: datetime.date | None = None) -> bytes:
    """The tile z/x/y (bytes, empty when no event falls in it). Zooms below 9 read the counted cells
    unless dates are given: only a date filter needs the events themselves there."""
    params: dict = {"z": z, "x": x, "y": y, "cell": _WORLD_METRES / (2**z) / 64}
    filters = ""
    if start:
        filters += " AND e.date >= %(start)s"
        params["start"] = start
    if end:
        filters += " AND e.date <= %(end)s"
        params["end"] = end
    if z >= _POINT_ZOOM:
        sql = _POINTS_SQL.format(filters=filters)
    else:
        sql = _GRID_SQL.format(filters=filters) if filters else _CELLS_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (tile,) = cursor.fetchone()
    return bytes(tile or b"")
