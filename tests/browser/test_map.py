"""The analyst map in a real browser: offline, no script errors, events drawn, the slider drives the layers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.gis.geos import Point

from events.models import Actor, ControlObservation, Event, Place, Source

pytestmark = [pytest.mark.browser]

HOSTILE = '<img src=x onerror="window.__xss = 1">'


@pytest.fixture
def map_data(transactional_db):
    """Three events in November 2017 around one town, and one observation that it changed hands."""
    army = Actor.objects.create(name="Test Army", kind=Actor.Kind.STATE, country="IQ")
    rebels = Actor.objects.create(name="Test Rebels", kind=Actor.Kind.NON_STATE)
    town = Place.objects.create(key="test:rawa", name="Rawa", feature_code="PPLA2", country_code="IQ",
                                point=Point(41.92, 34.47, srid=4326))
    source = Source.objects.create(url="https://example.org/rawa", title=f"Rawa retaken {HOSTILE}",
                                   text="Iraqi forces retook Rawa.", content_hash="browser-map-1",
                                   published=datetime.date(2017, 11, 20))
    for offset, day in enumerate((1, 15, 20)):
        event = Event.objects.create(date=datetime.date(2017, 11, day), event_type="Battles", actor1=army,
                                     actor2=rebels, place=town, location=Point(41.92 + offset * 0.02, 34.47),
                                     summary=f"Clashes {HOSTILE}", confidence=0.8)
        event.sources.add(source)
    ControlObservation.objects.create(place=town, actor=army, date=datetime.date(2017, 11, 10),
                                      status=ControlObservation.Status.CONTROLLED, event=event, source=source,
                                      evidence="Iraqi forces retook Rawa.")
    return town


def open_map(page):
    page.goto("/")
    page.wait_for_function("() => window.conflictmap && window.conflictmap.selectedDate === '2017-11-20'")
    page.wait_for_selector('#event-counter[data-count="3"]')


def test_map_loads_offline_without_errors_and_draws_events(page, map_data):
    open_map(page)
    page.wait_for_function("() => window.conflictmap.controlCount === 1")
    page.wait_for_load_state("networkidle")

    assert page.text_content("#event-counter") == "3 events"
    assert page.evaluate("window.conflictmap.eventCount") == 3
    assert page.text_content("#date-label") == "2017-11-20"
    assert page.log.errors == []
    assert page.log.foreign_requests() == []
    assert any("/static/vendor/world-atlas/countries-50m.json" in url for url in page.log.requests)
    assert page.is_visible(".leaflet-control-layers") and page.is_visible(".legend")


def click_event(page, index=0):
    """A real mouse click where the index-th drawn event is on screen."""
    point = page.evaluate(f"window.conflictmap.eventScreenPoint({index})")
    page.mouse.click(point["x"], point["y"])
    return point


def test_popup_shows_untrusted_text_as_text(page, map_data):
    page.goto("/?lat=34.47&lon=41.95&z=12")
    page.wait_for_selector('#event-counter[data-count="3"]')
    page.wait_for_function("() => window.conflictmap.controlCount === 1")
    # The easternmost event lies away from the control diamond: one click, one popup.
    point = page.evaluate("""() => {
        const items = window.conflictmap.state.eventItems;
        const east = items.reduce((a, b) => (b.latlng.lng > a.latlng.lng ? b : a));
        return window.conflictmap.eventScreenPoint(items.indexOf(east));
    }""")
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE in popup.text_content()
    assert popup.locator("img").count() == 0
    assert popup.locator(f'a[href="/events/{point["id"]}/"]').count() == 1
    assert popup.locator('a[href="https://example.org/rawa"]').count() == 1
    assert page.evaluate("window.__xss") is None


def test_slider_moves_the_date_and_the_control_request_follows(page, map_data):
    open_map(page)
    with page.expect_request(re.compile(r"/api/control\.geojson\?date=2017-11-01")) as control_request:
        page.fill("#date-slider", "0")
    assert "bbox=" in control_request.value.url
    assert page.text_content("#date-label") == "2017-11-01"
    # 30-day window ending 2017-11-01 holds only the first event; Rawa changed hands later.
    page.wait_for_selector('#event-counter[data-count="1"]')
    page.wait_for_function("() => window.conflictmap.controlCount === 0")

    # All time up to the date: no start, and no bbox (the counter counts the filters' events everywhere).
    with page.expect_request(re.compile(r"/api/events\.geojson\?end=2017-11-01$")):
        page.select_option("#window-select", "0")
    assert "window=0" in page.url and "date=2017-11-01" in page.url
    assert page.log.errors == []


def test_control_history_panel_explains_the_colour(page, map_data):
    open_map(page)
    page.wait_for_function("() => window.conflictmap.controlCount === 1")
    point = page.evaluate("window.conflictmap.placeScreenPoint(0)")
    page.mouse.click(point["x"], point["y"])
    # The diamond sits on the first event: the click lists both, the place first.
    page.click(".popup-list button[data-kind=place]")
    page.locator(".leaflet-popup-content h3", has_text="Rawa").wait_for()
    page.click(".leaflet-popup-content button:has-text('Why is this place this colour?')")
    panel = page.locator("#control-panel")
    panel.wait_for()
    page.wait_for_selector("#control-panel .observation")
    assert "Test Army" in panel.text_content()
    assert "2017-11-10" in panel.text_content()
    assert page.log.errors == []
