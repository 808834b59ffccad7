"""Constants that the derived tables' SQL and the Python readers share: one place for each.

The low-zoom tile grid is counted ahead by PostgreSQL (events/db/sql/tile_keys.sql, tile_cell.sql) and read
by events.selectors.tiles; the SQL files name these constants as placeholders in double braces, which
events.db.sql_text fills in from SQL_CONSTANTS when a migration installs them, so the two can never
disagree. The Feature property list is written out in events/db/sql/event_feature.sql (each property is a
SQL expression); a test checks that the file prints exactly these properties in this order.

Changing a value here changes what the next installation of a SQL file creates: add a migration that
installs the files again and rebuilds the rows (CONTRIBUTING.md, "Changing derived data").
"""

from __future__ import annotations

import math
from typing import Final

# Web Mercator (EPSG:3857): the world is a square of this many metres a side, centred on 0.
WORLD_METRES: Final = 40075016.68557849
HALF_WORLD_METRES: Final = WORLD_METRES / 2

# Tiles below POINT_ZOOM show events aggregated into a grid of TILE_GRID x TILE_GRID cells a tile, and
# those cells are counted ahead (TileCell) for every zoom in TILE_CELL_ZOOMS; from POINT_ZOOM on every
# event is its own point.
TILE_GRID: Final = 64
POINT_ZOOM: Final = 9
TILE_CELL_ZOOMS: Final = range(0, POINT_ZOOM)
# Tiles with a date window read cells counted per month and year (TileMonthCell, tile_month_cells.sql) at
# these zooms; beyond, a tile's events are about as few as its month rows.
TILE_MONTH_CELL_ZOOMS: Final = range(0, 7)
# Web Mercator tiles end near 85.05 degrees; beyond this latitude an event is in no tile cell.
TILE_MAX_LATITUDE: Final = 86
MERCATOR_MAX_LATITUDE: Final = 85.05


def tile_cell_metres(zoom: int) -> float:
    """The side of one grid cell at a zoom, in mercator metres (the ST_SnapToGrid size of the tiles)."""
    return WORLD_METRES / (2**zoom) / TILE_GRID


def tile_containing(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The slippy-map tile (x, y) holding a WGS84 point at a zoom (points beyond the mercator square's
    latitude are put in its edge row), for the tests and benchmarks that ask for the tiles of known events."""
    n = 2**zoom
    lat = max(-MERCATOR_MAX_LATITUDE, min(MERCATOR_MAX_LATITUDE, lat))
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return min(n - 1, int((lon + 180.0) / 360.0 * n)), min(n - 1, max(0, int(y)))


# The properties of an event's GeoJSON Feature (CONTRACT.md, /api/events.geojson), in the stored order.
FEATURE_PROPERTIES: Final = (
    "date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place", "geonames_id",
    "geo_precision", "country", "admin1", "fatalities", "summary", "confidence", "status", "sources",
)

# The names the SQL files may use as placeholders in double braces, and the text each becomes.
SQL_CONSTANTS: Final[dict[str, str]] = {
    "WORLD_METRES": repr(WORLD_METRES),
    "HALF_WORLD_METRES": repr(HALF_WORLD_METRES),
    "TILE_GRID": str(TILE_GRID),
    "TILE_FIRST_ZOOM": str(TILE_CELL_ZOOMS.start),
    "TILE_LAST_ZOOM": str(TILE_CELL_ZOOMS.stop - 1),
    "TILE_MAX_LATITUDE": str(TILE_MAX_LATITUDE),
    "TILE_MONTH_LAST_ZOOM": str(TILE_MONTH_CELL_ZOOMS.stop - 1),
}
