"""Event tiles below zoom 9 are read from cells counted ahead (TileCell, kept by triggers): every tile must
be the very tile the query over the events makes, after any write, with events on tile edges too."""

from __future__ import annotations

import datetime

import psycopg
import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from events.db.constants import tile_containing
from events.models import Event, Place, TileCell, TileCellChange
from events.selectors.events import EventFilters
from events.selectors.tiles import event_tile, event_tile_from_events
from events.services.tiles import tile_cells_rebuild

pytestmark = pytest.mark.django_db

def _commit() -> None:
    """Run what a commit runs: the deferred merge of the queued cell changes (tests never commit)."""
    connection.check_constraints()



def _tiles_around(points: list[tuple[float, float]]) -> set[tuple[int, int, int]]:
    """Every tile of zooms 0-8 holding one of the points, and its eight neighbours."""
    tiles = set()
    for z in range(9):
        n = 2**z
        for lon, lat in points:
            x, y = tile_containing(lon, lat, z)
            tiles |= {(z, (x + dx) % n, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if 0 <= y + dy < n}
    return tiles


def _assert_same_tiles(points: list[tuple[float, float]]) -> int:
    """The tiles around the points from the counted cells equal the tiles made from the events."""
    _commit()
    shown = 0
    for z, x, y in sorted(_tiles_around(points)):
        counted = event_tile(z=z, x=x, y=y)
        assert counted == event_tile_from_events(z=z, x=x, y=y, filters=EventFilters()), f"tile {z}/{x}/{y}"
        shown += bool(counted)
    return shown


def _event(lon: float, lat: float, *, day: int = 1, event_type: str = "Battles", **fields) -> Event:
    return Event.objects.create(date=datetime.date(2020, 1, day), event_type=event_type,
                                location=Point(lon, lat, srid=4326), **fields)


# Points on tile edges at every zoom (the equator, the prime meridian, 45 and 90 degrees east, the
# antimeridian), within a hair of them, at the cut-off latitudes of web mercator, and on a cell boundary.
EDGE_POINTS = [(45.0, 10.0), (44.9999999, 10.0), (45.0000001, 10.0), (0.0, 0.0), (-0.00001, 0.00001),
               (90.0, -33.3), (180.0, 5.0), (-180.0, 5.0), (12.5, 85.0511), (12.5, 85.06), (12.5, -85.0511),
               (12.5, 89.9), (-71.0, -90.0), (2.8125, 41.0), (2.8125 + 360 / 2**14, 41.0)]


def test_tiles_from_counted_cells_are_the_tiles_from_events_on_edges_too():
    for lon, lat in EDGE_POINTS:
        _event(lon, lat)
    assert _assert_same_tiles(EDGE_POINTS) > 0


def test_a_cells_type_is_the_most_frequent_and_ties_go_to_the_first_name():
    """Three types in one cell: counts 2, 2 and 1; the tile says the first of the two tied names."""
    for event_type, days in (("Riots", (1, 2)), ("Battles", (3, 4)), ("Protests", (5,))):
        for day in days:
            _event(41.9, 34.47, day=day, event_type=event_type)
    assert _assert_same_tiles([(41.9, 34.47)]) > 0
    cells = TileCell.objects.filter(zoom=0)
    assert sorted(cells.values_list("event_type", "count")) == [("Battles", 2), ("Protests", 1), ("Riots", 2)]


def test_edits_moves_and_deletes_keep_the_cells_exact():
    """A deleted event held a cell's first or last date (one of them in a cell beside the antimeridian,
    whose recount must not wrap to -180); events change date, type and place; bulk writes. After each,
    the tiles equal the tiles from the events and a recount finds nothing new."""
    rawa = Place.objects.create(key="test:tiles:rawa", name="Rawa", feature_code="PPL", country_code="IQ",
                                point=Point(41.91898, 34.48229, srid=4326))
    points = [(41.91898, 34.48229), (42.5, 34.0), (45.0, 33.0), (179.9, -17.0)]  # the last beside 180
    events = [_event(lon, lat, day=day, place=rawa) for day in (1, 5, 9) for lon, lat in points]
    assert _assert_same_tiles(points)
    Event.objects.filter(pk__in=[events[0].pk, events[-1].pk]).delete()  # the first and the last date
    _assert_same_tiles(points)
    Event.objects.filter(pk=events[1].pk).update(date=datetime.date(2019, 12, 31))
    Event.objects.filter(pk=events[2].pk).update(event_type="Riots")
    Event.objects.filter(pk=events[3].pk).update(location=Point(45.0, 34.0, srid=4326))
    moved = Event.objects.get(pk=events[4].pk)
    moved.location, moved.date = Point(44.0, 33.0, srid=4326), datetime.date(2020, 2, 1)
    moved.save()
    _assert_same_tiles([*points, (45.0, 34.0), (44.0, 33.0)])
    Event.objects.bulk_create([Event(date=datetime.date(2021, 1, 1), event_type="Protests",
                                     location=Point(lon + 0.01, lat, srid=4326)) for lon, lat in points])
    Event.objects.filter(date__gte=datetime.date(2020, 1, 5), date__lte=datetime.date(2020, 1, 9)).delete()
    _assert_same_tiles(points)
    counted = sorted(TileCell.objects.values_list(
        "zoom", "tile_x", "tile_y", "cell_x", "cell_y", "event_type", "count", "date_min", "date_max"))
    assert tile_cells_rebuild() == len(counted)
    assert sorted(TileCell.objects.values_list(
        "zoom", "tile_x", "tile_y", "cell_x", "cell_y", "event_type", "count", "date_min", "date_max")) == counted
    assert not TileCellChange.objects.exists()  # the queue is empty once merged


def test_the_last_event_gone_leaves_no_cells():
    event = _event(30.5, 50.45)
    _commit()
    assert TileCell.objects.count() == 9
    event.delete()
    _commit()
    assert not TileCell.objects.exists()
    assert event_tile(z=0, x=0, y=0) == b""


# Two writing transactions on connections of their own (their rows are committed, so the test removes
# them). Applied statement by statement, each would lock the busy low-zoom cells it touched until it
# commits: the second transaction to touch a cell would wait, and two touching two cells in opposite
# orders would deadlock. Queued and merged at commit, neither waits. A statement timeout makes a wait
# fail the test instead of hanging it.

def _connect() -> psycopg.Connection:
    settings = connection.settings_dict
    db = psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or None,
                         port=settings["PORT"] or None, password=settings["PASSWORD"] or None)
    db.execute("SET statement_timeout = '10s'")
    return db


def _insert(db: psycopg.Connection, lon: float, lat: float) -> None:
    db.execute("INSERT INTO events_event (date, date_precision, event_type, sub_event_type, location, "
               "geo_precision, country, admin1, summary, evidence, confidence, status, version, edited, "
               "is_synthetic) VALUES ('2020-01-01', 'day', 'Battles', '', ST_SetSRID(ST_MakePoint(%s, %s), 4326), "
               "1, '', '', 'tiles race', '[]', 0.5, 'extracted', 1, false, false)", [lon, lat])


def test_concurrent_writers_neither_wait_nor_deadlock_and_every_event_counts():
    first, second = _connect(), _connect()
    syria, iraq = (38.0, 35.0), (44.0, 33.0)
    try:
        _insert(first, *syria)
        _insert(second, *iraq)
        _insert(first, *iraq)  # the cells the other transaction has written to
        _insert(second, *syria)
        first.commit()
        second.commit()
        with _connect() as reader:
            counts = dict(reader.execute(
                "SELECT cell_x, count FROM events_tilecell WHERE zoom = 8 AND event_type = 'Battles'").fetchall())
            queued = reader.execute("SELECT count(*) FROM events_tilecellchange").fetchone()[0]
        assert sorted(counts.values()) == [2, 2] and queued == 0
    finally:
        first.close()
        second.close()
        with _connect() as cleanup:
            cleanup.execute("DELETE FROM events_event WHERE summary = 'tiles race'")
            cleanup.commit()
