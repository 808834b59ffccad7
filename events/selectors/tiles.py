"""Mapbox Vector Tiles of events, made by PostGIS (ST_AsMVT). Low zooms aggregate events into grid cells
so a tile stays small whatever the number of events; from zoom 9 on every event is its own point.

A tile takes every event filter of CONTRACT §3 (the map draws tiles for any filters, and a tile must show
what /api/events.geojson returns for them). How it is made depends on the filters, never what it holds:

- no filter, or only `event_type`: the grid cells are read from TileCell, counted ahead by triggers as
  events are written (a tile over a million events reads a few thousand rows);
- a date window (with or without `event_type`), zooms 0-6: the whole calendar months inside the window are
  summed from TileMonthCell (the same counts per month, events/db/sql/tile_month_cells.sql) and only the
  days of the first and last month the window cuts are counted from the events (a date-indexed scan of at
  most two months): exact, at a cost bounded by the tile's rows per month rather than by its events;
- zooms 7-8 with a window: the events of the tile, through the location index (a tile there covers at most
  1/16384 of the world: fewer events than month rows);
- any other filter (actor, sub-type, country, precision, confidence, status, source, origin, bbox): the
  events themselves, selected by events.selectors.events.event_list (the one definition of the filters,
  which the GeoJSON endpoint also uses) within the tile's envelope.

Every way gives the same bytes for the same events: a cell's node, count, first and last dates and most
frequent type (ties: the first name in sort order, as mode() gives), features in the same order. Rejected
events are in no tile unless the filters ask for them (`status=rejected`)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db import connection, transaction

from events.db.constants import POINT_ZOOM, TILE_MONTH_CELL_ZOOMS, tile_cell_metres
from events.selectors.events import EventFilters, event_list

# The filters the counted cells can answer: the dates (by month rows and edge days) and the event type
# (a column of every counted row). Any other filter is answered from the events.
_COUNTED_FILTERS = EventFilters()

_POINTS_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
tile AS (
  SELECT ST_AsMVTGeom(ST_Transform(e.location, 3857), bounds.geom) AS geom,
         e.id, e.date::text AS date, e.event_type, e.geo_precision, e.confidence, 1 AS count
  FROM {events} e, bounds
  WHERE e.location && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326) {filters}
)
SELECT ST_AsMVT(tile, 'events') FROM tile
"""

_GRID_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
cells AS (
  SELECT ST_SnapToGrid(ST_Transform(e.location, 3857), %(cell)s) AS cell, count(*) AS count,
         min(e.date)::text AS date_min, max(e.date)::text AS date_max, mode() WITHIN GROUP (ORDER BY e.event_type) AS event_type
  FROM {events} e
  WHERE e.location && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326) {filters}
  GROUP BY 1
),
tile AS (
  SELECT ST_AsMVTGeom(cells.cell, bounds.geom) AS geom, count, date_min, date_max, event_type
  FROM cells, bounds
)
SELECT ST_AsMVT(tile, 'events' ORDER BY ST_Y(tile.geom), ST_X(tile.geom)) FROM tile
"""

# Counted rows per (cell, type) -> one feature per cell: a cell's count is the sum over its event types,
# its type the most frequent (ties: the first in sort order, as mode() gives), and its node (cell_x,
# cell_y) times the cell size is the point ST_SnapToGrid makes (round() on float8 is rint(), as there).
_COUNTED_TILE_SQL = """
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS geom),
per_type AS ({per_type}),
cells AS (
  SELECT cell_x, cell_y, sum(count)::bigint AS count, min(date_min)::text AS date_min, max(date_max)::text AS date_max,
         (array_agg(event_type ORDER BY count DESC, event_type))[1] AS event_type
  FROM per_type
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

_TILE_CELLS = """
  SELECT cell_x, cell_y, event_type, count, date_min, date_max
  FROM events_tilecell
  WHERE zoom = %(z)s AND tile_x = %(x)s AND tile_y = %(y)s {type_filter}
"""

# Whole years and whole months from the period rows (three key ranges of one index), plus the events of
# the cut edge days grouped by the same keys (the same node as ST_SnapToGrid: round() on float8 is rint()).
# Each edge is one date range of its own (_EDGE): a single range is an index-only scan of
# events_event_date_tile, two ranges OR-ed together would be a bitmap scan visiting a table page per event.
_WINDOW_CELLS = """
  SELECT cell_x, cell_y, event_type, sum(count)::bigint AS count, min(date_min) AS date_min,
         max(date_max) AS date_max
  FROM (
    SELECT cell_x, cell_y, event_type, count, date_min, date_max
    FROM events_tilemonthcell
    WHERE zoom = %(z)s AND tile_x = %(x)s AND tile_y = %(y)s
      AND ((span = 12 AND month >= %(year_first)s AND month < %(year_after)s)
           OR (span = 1 AND month >= %(month_first)s AND month < %(year_first)s)
           OR (span = 1 AND month >= %(year_after)s AND month < %(month_after)s)) {type_filter}
    UNION ALL
    SELECT round(ST_X(m.geom) / %(cell)s)::integer, round(ST_Y(m.geom) / %(cell)s)::integer, e.event_type,
           count(*), min(e.date), max(e.date)
    FROM ({edges}) e CROSS JOIN LATERAL (SELECT ST_Transform(e.location, 3857) AS geom) m
    WHERE e.location && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326) {event_type_filter}
    GROUP BY 1, 2, 3
  ) parts
  GROUP BY cell_x, cell_y, event_type
"""


_EDGE = "SELECT location, event_type, date FROM events_event WHERE status <> 'rejected' AND {range}"


def needed_bounds(start: datetime.date | None,
                  end: datetime.date | None) -> tuple[datetime.date | None, datetime.date | None]:
    """The date bounds that exclude some event: the others are dropped, so a window covering every
    event (the map's "all time", or a window ending after the last event) reads the counted cells
    instead of summing months. Two index-only lookups. (event_tile itself keeps any bound it is
    given: the tests compare the ways of making a tile through it.)"""
    if start is None and end is None:
        return None, None
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT min(date) FROM events_event), (SELECT max(date) FROM events_event)")
        first, last = cursor.fetchone()
    if first is None:
        return None, None
    return (start if start and start > first else None), (end if end and end < last else None)


def event_tile(*, z: int, x: int, y: int, filters: EventFilters | None = None,
               start: datetime.date | None = None, end: datetime.date | None = None) -> bytes:
    """The tile z/x/y of the events the filters select (bytes, empty when none falls in it). `start`
    and `end`, when given, replace the filters' dates (the date window alone, as the benchmark asks)."""
    filters = filters or EventFilters()
    if start or end:
        filters = replace(filters, start=start or filters.start, end=end or filters.end)
    params: dict = {"z": z, "x": x, "y": y, "cell": tile_cell_metres(z) if z < POINT_ZOOM else 0.0}
    counted = replace(filters, start=None, end=None, event_type=None) == _COUNTED_FILTERS
    if z >= POINT_ZOOM:
        sql = _POINTS_SQL.format(**_events_of(filters, params, counted=counted))
    elif not counted or (filters.start or filters.end) and z not in TILE_MONTH_CELL_ZOOMS:
        sql = _GRID_SQL.format(**_events_of(filters, params, counted=counted))
    elif filters.start or filters.end:
        sql = _COUNTED_TILE_SQL.format(per_type=_window_cells(filters, params))
    else:
        sql = _COUNTED_TILE_SQL.format(per_type=_TILE_CELLS.format(type_filter=_type_filter(filters, params)))
    return _run(sql, params)


def event_tile_from_events(*, z: int, x: int, y: int, filters: EventFilters) -> bytes:
    """The tile grouped from the events themselves whatever the filters: the reference the counted
    tiles are tested against (the tile endpoint uses event_tile)."""
    params: dict = {"z": z, "x": x, "y": y, "cell": tile_cell_metres(z) if z < POINT_ZOOM else 0.0}
    counted = replace(filters, start=None, end=None, event_type=None) == _COUNTED_FILTERS
    template = _POINTS_SQL if z >= POINT_ZOOM else _GRID_SQL
    return _run(template.format(**_events_of(filters, params, counted=counted)), params)


def _run(sql: str, params: dict) -> bytes:
    """One tile query, without parallel workers: PostGIS's costly-looking functions make the planner
    start workers for a few thousand rows, and their start-up took longer than the query (80 ms of a
    170 ms tile on the loaded 2-core machine, 110 ms without). SET LOCAL ends with the transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(sql, params)
        (tile,) = cursor.fetchone()
    return bytes(tile or b"")


def _events_of(filters: EventFilters, params: dict, *, counted: bool) -> dict[str, str]:
    """The events a tile groups (`events`, a table or subquery read as `e`) and further conditions on
    them (`filters`). Dates and type alone are conditions on the table, so the planner can combine the
    date index with the location index. Any other filter reads the events event_list selects (the one
    definition of the filters, its rejected-events rule included) as a subquery, which PostgreSQL
    flattens into one scan with the tile's envelope; its values are bound into the text by psycopg's
    client-side binding, so it can sit in a statement with named parameters."""
    if not counted:
        selection = event_list(filters=filters).order_by().values(
            "id", "location", "date", "event_type", "geo_precision", "confidence")
        query, query_params = selection.query.sql_with_params()
        with connection.cursor() as cursor:
            selected = cursor.mogrify(query, query_params)
        return {"events": f"({selected.replace('%', '%%')})", "filters": ""}
    conditions = " AND e.status <> 'rejected'"
    if filters.start:
        conditions += " AND e.date >= %(start)s"
        params["start"] = filters.start
    if filters.end:
        conditions += " AND e.date <= %(end)s"
        params["end"] = filters.end
    if filters.event_type:
        conditions += " AND upper(e.event_type) = upper(%(event_type)s)"
        params["event_type"] = filters.event_type
    return {"events": "events_event", "filters": conditions}


def _type_filter(filters: EventFilters, params: dict) -> str:
    if not filters.event_type:
        return ""
    params["event_type"] = filters.event_type
    return "AND upper(event_type) = upper(%(event_type)s)"


def _window_cells(filters: EventFilters, params: dict) -> str:
    """Per (cell, type) rows of a date window: the whole years inside it and the whole months beside
    them from TileMonthCell, the days of the months it cuts from the events."""
    start, end = filters.start, filters.end
    month_first = _month_at_or_after(start) if start else datetime.date.min
    month_after = _month_after_last_whole(end) if end else datetime.date.max
    edges = []
    if month_first >= month_after:  # no whole month inside: every day from the events
        month_first = month_after = datetime.date.min
        edges.append("date >= %(start)s AND date <= %(end)s" if start and end else
                     "date >= %(start)s" if start else "date <= %(end)s")
    else:
        if start and start < month_first:
            edges.append("date >= %(start)s AND date < %(month_first)s")
        if end and end >= month_after:
            edges.append("date >= %(month_after)s AND date <= %(end)s")
    year_first = month_first if month_first.month == 1 else datetime.date(month_first.year + 1, 1, 1)
    year_after = month_after.replace(month=1, day=1) if month_after != datetime.date.max else month_after
    if year_first >= year_after:  # no whole year inside: months only
        year_first = year_after = month_after
    params.update(start=start, end=end, month_first=month_first, month_after=month_after,
                  year_first=year_first, year_after=year_after)
    type_filter = _type_filter(filters, params)
    return _WINDOW_CELLS.format(type_filter=type_filter,
                                edges=" UNION ALL ".join(_EDGE.format(range=r) for r in edges or ["false"]),
                                event_type_filter=type_filter.replace("upper(event_type)", "upper(e.event_type)"))


def _month_at_or_after(day: datetime.date) -> datetime.date:
    """The first day of the first whole month starting on or after `day`."""
    return day if day.day == 1 else (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _month_after_last_whole(day: datetime.date) -> datetime.date:
    """The first day after the last whole month ending on or before `day`."""
    if day == datetime.date.max:
        return day
    following = day + datetime.timedelta(days=1)
    return following if following.day == 1 else day.replace(day=1)
