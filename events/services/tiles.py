"""Writes for the event tiles: the repair of the cells counted ahead (TileCell, and per month and year).

Triggers keep them current on every write of events (events/db/sql/tile_cell.sql, tile_month_cells.sql);
these recount them from the events, for rows written with triggers disabled (`session_replication_role =
replica`, a restore of table data alone: `manage.py derived_rebuild tiles`), and let tests check that
what the triggers counted is a fresh count.
"""

from __future__ import annotations

from django.db import connection, transaction


def tile_cells_rebuild() -> int:
    """Recount every cell of the low-zoom tiles from the events (writes to events wait meanwhile);
    returns the number of cells. About a minute for a million events."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT events_tilecell_rebuild()")
        return cursor.fetchone()[0]


def tile_month_cells_rebuild() -> int:
    """Recount the low-zoom cells per month (events/db/sql/tile_month_cells.sql, read by date-windowed
    tiles) from the events, as tile_cells_rebuild does for the whole-time cells; returns the number of
    rows. About two minutes for a million events."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT events_tilemonthcell_rebuild()")
        return cursor.fetchone()[0]
