"""Date-windowed tiles over HTTP: a window that excludes no event is served as the whole tile (the
counted cells), and a window that does exclude events still leaves them out."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from events.models import Event
from events.selectors.tiles import event_tile, needed_bounds

pytestmark = pytest.mark.django_db


def _event(day: int) -> Event:
    return Event.objects.create(date=datetime.date(2020, 1, day), event_type="Battles",
                                location=Point(44.0 + day / 10, 33.0, srid=4326))


def test_a_window_holding_every_event_is_the_whole_tile(client):
    for day in (5, 10, 20):
        _event(day)
    connection.check_constraints()  # what a commit runs: the counted cells merge their queued changes
    whole = event_tile(z=3, x=4, y=3)
    assert whole
    assert needed_bounds(datetime.date(2020, 1, 1), datetime.date(2020, 2, 1)) == (None, None)
    assert needed_bounds(datetime.date(2020, 1, 6), None) == (datetime.date(2020, 1, 6), None)
    assert needed_bounds(None, datetime.date(2020, 1, 19)) == (None, datetime.date(2020, 1, 19))
    response = client.get("/api/tiles/events/3/4/3.pbf", {"start": "2019-12-01", "end": "2020-01-20"})
    assert response.status_code == 200 and response.content == whole
    narrow = client.get("/api/tiles/events/3/4/3.pbf", {"start": "2020-01-06", "end": "2020-01-12"}).content
    assert narrow == event_tile(z=3, x=4, y=3, start=datetime.date(2020, 1, 6), end=datetime.date(2020, 1, 12))
    assert narrow != whole
