"""Tiles with a date window and with the map's other filters (issue 10): a windowed low-zoom tile sums
the whole months inside the window from counted month rows and counts the cut edge days from the
events; it must be the very tile grouped from the events, for windows cutting months anywhere, after
edits, and without rejected events. Filters other than dates reach the tiles: a tile counts exactly the
events /api/events.geojson returns for the same filters."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from events.db.constants import tile_containing
from events.models import Actor, Event
from events.selectors.events import EventFilters
from events.selectors.tiles import event_tile, event_tile_from_events
from events.services.tiles import tile_month_cells_rebuild

pytestmark = pytest.mark.django_db

D = datetime.date


def _commit() -> None:
    """Run what a commit runs: the deferred merges of the queued counts (tests never commit)."""
    connection.check_constraints()



def _tiles(points: list[tuple[float, float]], zooms=range(0, 11)) -> list[tuple[int, int, int]]:
    return sorted({(z, *tile_containing(lon, lat, z)) for z in zooms for lon, lat in points})


def _event(lon: float, lat: float, day: datetime.date, event_type: str = "Battles", **fields) -> Event:
    return Event.objects.create(date=day, event_type=event_type, location=Point(lon, lat, srid=4326), **fields)


# Months cut at both ends, a window of exactly one month, one inside a month, across a year's end, open
# at either end, and single days on month edges (leap day included).
WINDOWS = [(D(2020, 1, 15), D(2020, 3, 10)), (D(2020, 2, 1), D(2020, 2, 29)), (D(2020, 2, 3), D(2020, 2, 20)),
           (D(2019, 12, 31), D(2020, 1, 1)), (None, D(2020, 2, 15)), (D(2020, 2, 15), None),
           (D(2020, 1, 31), D(2020, 1, 31)), (D(2020, 2, 29), D(2020, 3, 1)), (D(2019, 11, 1), D(2020, 12, 31)),
           (None, D(2020, 1, 31)), (D(2020, 3, 1), None)]

POINTS = [(41.91898, 34.48229), (42.5, 34.0), (45.0, 33.0), (44.9999999, 33.0), (179.9, -17.0), (0.0, 0.0)]
DAYS = [D(2019, 12, 31), D(2020, 1, 1), D(2020, 1, 15), D(2020, 1, 31), D(2020, 2, 1), D(2020, 2, 14),
        D(2020, 2, 29), D(2020, 3, 1), D(2020, 3, 10), D(2020, 3, 31)]
TYPES = ["Battles", "Riots", "Protests"]


def _assert_windows_exact(points, event_type: str | None = None) -> int:
    """Every window's tiles around the points equal the tiles grouped from the events."""
    _commit()
    drawn = 0
    for start, end in WINDOWS:
        filters = EventFilters(start=start, end=end, event_type=event_type)
        for z, x, y in _tiles(points):
            tile = event_tile(z=z, x=x, y=y, filters=filters)
            assert tile == event_tile_from_events(z=z, x=x, y=y, filters=filters), (z, x, y, start, end)
            drawn += bool(tile)
    return drawn


def _month_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM events_tilemonthcell ORDER BY 1, 2, 3, 4, 5, 6, 7, 8")
        return cursor.fetchall()


def test_windowed_tiles_equal_the_tiles_from_the_events_through_edits():
    events = [_event(lon, lat, day, TYPES[(i + j) % 3])
              for i, (lon, lat) in enumerate(POINTS) for j, day in enumerate(DAYS)]
    rejected = _event(*POINTS[0], D(2020, 2, 10), status=Event.Status.REJECTED)
    assert _assert_windows_exact(POINTS) > 0
    assert _assert_windows_exact(POINTS, event_type="riots") > 0  # the type filter, any case
    # The rejected event is in no tile; rejecting another takes it out, restoring one puts it back.
    Event.objects.filter(pk=events[5].pk).update(status=Event.Status.REJECTED)
    Event.objects.filter(pk=rejected.pk).update(status=Event.Status.EXTRACTED)
    # Removed events held their month's first or last day; others change month, type and place.
    Event.objects.filter(pk__in=[events[1].pk, events[3].pk, events[-1].pk]).delete()
    Event.objects.filter(pk=events[12].pk).update(date=D(2020, 1, 20))
    Event.objects.filter(pk=events[13].pk).update(event_type="Riots")
    moved = Event.objects.get(pk=events[14].pk)
    moved.location, moved.date = Point(44.0, 33.5, srid=4326), D(2020, 2, 2)
    moved.save()
    assert _assert_windows_exact([*POINTS, (44.0, 33.5)]) > 0
    counted = _month_rows()
    assert tile_month_cells_rebuild() == len(counted)
    assert _month_rows() == counted  # what the triggers kept is a fresh count
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM events_tilemonthcellchange")
        assert cursor.fetchone()[0] == 0  # the queue is empty once merged


def test_a_window_with_no_whole_month_and_one_with_only_whole_months():
    """The two extremes: every event from the events (no month inside), none from them (whole months)."""
    for day in DAYS:
        _event(41.9, 34.47, day)
    _commit()
    z, x, y = 3, *tile_containing(41.9, 34.47, 3)
    inside = EventFilters(start=D(2020, 2, 3), end=D(2020, 2, 20))
    whole = EventFilters(start=D(2020, 1, 1), end=D(2020, 2, 29))
    assert event_tile(z=z, x=x, y=y, filters=inside) == event_tile_from_events(z=z, x=x, y=y, filters=inside)
    assert event_tile(z=z, x=x, y=y, filters=whole) == event_tile_from_events(z=z, x=x, y=y, filters=whole)
    assert _counts(event_tile(z=z, x=x, y=y, filters=inside)) == [1]  # Feb 14
    assert _counts(event_tile(z=z, x=x, y=y, filters=whole)) == [6]


# A small reader of the vector tiles' `count` values (protobuf wire format, Mapbox Vector Tile 2.1):
# enough to count the events a tile shows without a decoding library.

def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(data: bytes):
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        kind = key & 7
        if kind == 0:
            value, i = _varint(data, i)
        elif kind == 2:
            length, i = _varint(data, i)
            value, i = data[i:i + length], i + length
        elif kind == 1:
            value, i = data[i:i + 8], i + 8
        elif kind == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {kind}")
        yield key >> 3, value


def _counts(tile: bytes) -> list[int]:
    """The `count` of each feature of the tile's `events` layer."""
    counts = []
    for number, layer in _fields(tile):
        if number != 3:
            continue
        fields = list(_fields(layer))
        keys = [v.decode() for n, v in fields if n == 3]
        values = []
        for n, v in fields:
            if n == 4:
                (kind, raw), = _fields(v)
                values.append(raw if kind in (4, 5) else raw >> 1 ^ -(raw & 1) if kind == 6 else raw)
        for n, feature in fields:
            if n != 2:
                continue
            tags = dict(_fields(feature)).get(2, b"")
            packed = []
            i = 0
            while i < len(tags):
                value, i = _varint(tags, i)
                packed.append(value)
            properties = {keys[packed[k]]: values[packed[k + 1]] for k in range(0, len(packed), 2)}
            counts.append(int(properties["count"]))
    return counts


def _geojson_points(client, params: dict) -> list[tuple[float, float]]:
    response = client.get("/api/events.geojson", params)
    assert response.status_code == 200, response.content
    features = json.loads(b"".join(response.streaming_content))["features"]
    return [tuple(f["geometry"]["coordinates"]) for f in features]


def test_every_map_filter_reaches_the_tiles_and_counts_what_the_events_endpoint_returns(client):
    isis = Actor.objects.create(name="Islamic State tiles test", kind=Actor.Kind.NON_STATE, aliases=["ISTT"])
    army = Actor.objects.create(name="Army tiles test", kind=Actor.Kind.STATE)
    places = [(41.91898, 34.48229, "IQ"), (43.13, 36.34, "IQ"), (30.52, 50.45, "UA"), (37.8, 48.0, "UA")]
    for i in range(48):
        lon, lat, country = places[i % 4]
        _event(lon + i / 1000, lat, D(2020, 1 + i % 5, 1 + i % 27), TYPES[i % 3],
               sub_event_type=("Armed clash", "Attack")[i % 2], country=country, actor1=(isis, army)[i % 3 == 0],
               actor2=army if i % 5 == 0 else None, geo_precision=1 + i % 3, confidence=round(0.3 + (i % 7) / 10, 2),
               status=(Event.Status.EXTRACTED, Event.Status.REVIEWED, Event.Status.REJECTED)[i % 4 % 3])
    _commit()
    cases = [{}, {"actor": "istt"}, {"actor": "Army tiles test"}, {"event_type": "riots"},
             {"sub_event_type": "attack"}, {"country": "ua"}, {"geo_precision": "2"}, {"min_confidence": "0.6"},
             {"status": "rejected"}, {"status": "reviewed"}, {"start": "2020-02-10", "end": "2020-04-05"},
             {"start": "2020-02-10", "end": "2020-04-05", "actor": "ISTT", "country": "IQ"},
             {"end": "2020-03-15", "event_type": "Battles"}]
    for params in cases:
        points = _geojson_points(client, params)
        assert points or params.get("status") == "reviewed", params
        for z, x, y in _tiles([(lon, lat) for lon, lat, _ in places], zooms=(0, 3, 5, 7, 8, 10)):
            response = client.get(f"/api/tiles/events/{z}/{x}/{y}.pbf", params)
            assert response.status_code == 200, response.content
            inside = sum(1 for lon, lat in points if tile_containing(lon, lat, z) == (x, y))
            assert sum(_counts(response.content)) == inside, (params, z, x, y)
    assert client.get("/api/tiles/events/3/4/3.pbf", {"min_confidence": "2"}).status_code == 400
    assert client.get("/api/tiles/events/3/4/3.pbf", {"colour": "red"}).status_code == 400
