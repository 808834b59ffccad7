"""The article page in a real browser (headless Chromium): an editor corrects a mention's place with real
clicks (another candidate, a gazetteer search result, a pin on the map, "not a place") and the event
coded from it moves on /api/events/<id>; a viewer reads the same page without the editing tools."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from events.extraction.text import search_key
from events.models import Actor, Event, Mention, Place, PlaceName, Source
from events.selectors.places import place_json
from tests.browser.editor_helpers import log_in, make_user

pytestmark = [pytest.mark.browser]
# A correction writes events, control intervals and the running extractor's user names: slow on a busy shared machine.
SAVE_TIMEOUT_MS = 20_000
TEXT = "Iraqi forces retook Rawa from Islamic State on Friday, a spokesman said in <b>Baghdad</b>."


def _place(key: str, name: str, lon: float, lat: float, code: str = "PPL") -> Place:
    place = Place.objects.create(key=key, name=name, feature_code=code, country_code="IQ", admin1_name="Anbar",
                                 point=Point(lon, lat, srid=4326))
    PlaceName.objects.create(place=place, name=name, key=search_key(name), is_preferred=True)
    return place


@pytest.fixture
def article(transactional_db):
    """An article whose mention "Rawa" the machine put at the wrong Rawa, with the right one a candidate."""
    wrong = _place("test:rawa-wrong", "Rawa", 44.0, 33.0)
    right = _place("test:rawa", "Rāwah", 41.91898, 34.48229, "PPLA2")
    anah = _place("test:anah", "Anah", 41.98, 34.37)
    source = Source.objects.create(url="https://example.org/rawa", title="Rawa retaken", text=TEXT,
                                   content_hash="browser-source-page", published=datetime.date(2017, 11, 20))
    start = TEXT.index("Rawa")
    mention = Mention.objects.create(source=source, start=start, end=start + 4, text="Rawa", place=wrong,
                                     confidence=0.55, candidates=[{**place_json(wrong), "score": 0.55},
                                                                  {**place_json(right), "score": 0.45}])
    actor = Actor.objects.create(name="Test Army", kind=Actor.Kind.STATE, country="IQ")
    event = Event.objects.create(date=datetime.date(2017, 11, 17), event_type="Battles", actor1=actor, place=wrong,
                                 location=wrong.point, country="IQ", mention=mention, confidence=0.6)
    event.sources.add(source)
    return {"anah": anah, "source": source, "mention": mention, "event": event, "right": right}


def _event_location(page, event_id: int) -> list[float]:
    response = page.request.get(f"/api/events/{event_id}")
    assert response.ok
    return response.json()["location"]


def test_editor_picks_another_candidate_and_the_event_moves(page, article, django_user_model):
    make_user(django_user_model, "editor-eve", "editors")
    log_in(page, "editor-eve")
    page.goto(f"/sources/{article['source'].pk}/")
    # The text is shown as text: the article's markup is not interpreted.
    assert "<b>Baghdad</b>" in page.text_content("#article-text")
    expect(page.locator(f"#source-event-{article['event'].pk} .event-place")).to_have_text(re.compile("^Rawa "))
    page.click(f"mark[data-mention-id='{article['mention'].pk}']")
    assert "Rawa (PPL, Anbar, IQ)" in page.text_content("#mention-place-name")
    assert "55%" in page.text_content("#mention-place")
    page.click(f"#candidates button[data-place-id='{article['right'].pk}']")
    expect(page.locator("#mention-place-name")).to_have_text(re.compile("^Rāwah"), timeout=SAVE_TIMEOUT_MS)
    assert "Placed at Rāwah" in page.text_content("#mention-message")
    assert _event_location(page, article["event"].pk) == [41.91898, 34.48229]
    expect(page.locator(f"#source-event-{article['event'].pk} .event-place")).to_have_text(re.compile("^Rāwah"))
    assert page.get_attribute(f"mark[data-mention-id='{article['mention'].pk}']", "class").count("status-corrected")
    assert page.log.errors == []
    assert page.log.foreign_requests() == []


def test_editor_searches_the_gazetteer_pins_a_place_and_marks_no_place(page, article, django_user_model):
    make_user(django_user_model, "editor-eve", "editors")
    log_in(page, "editor-eve")
    page.goto(f"/sources/{article['source'].pk}/")
    mark = f"mark[data-mention-id='{article['mention'].pk}']"
    page.click(mark)
    page.fill("#place-search", "Anah")
    # the session gazetteer may still hold the real 'Anah, listed first: pick the test's place
    page.click(f"#place-results button[data-place-id='{article['anah'].pk}']")
    expect(page.locator("#mention-place-name")).to_have_text(re.compile("^Anah"), timeout=SAVE_TIMEOUT_MS)
    assert _event_location(page, article["event"].pk) == [41.98, 34.37]
    page.wait_for_load_state("networkidle")  # the page reloads the article after a correction

    page.fill("#pin-name", "Rawa village")
    page.click("#pin-on-map")
    page.click("#source-map", position={"x": 150, "y": 150})
    expect(page.locator("#mention-place-name")).to_have_text(re.compile("^Rawa village"), timeout=SAVE_TIMEOUT_MS)
    pinned = Place.objects.get(name="Rawa village")
    assert pinned.origin == Place.Origin.USER
    assert _event_location(page, article["event"].pk) == pytest.approx([pinned.point.x, pinned.point.y], abs=1e-6)

    page.click("#not-a-place")
    expect(page.locator("#mention-place-name")).to_have_text(re.compile("^none"), timeout=SAVE_TIMEOUT_MS)
    assert page.request.get(f"/api/events/{article['event'].pk}").json()["status"] == "rejected"
    assert page.log.errors == []


def test_viewer_reads_without_editing_tools(page, article, django_user_model):
    make_user(django_user_model, "viewer-vic", None)
    log_in(page, "viewer-vic")
    page.goto(f"/sources/{article['source'].pk}/")
    page.click(f"mark[data-mention-id='{article['mention'].pk}']")
    assert "Rāwah" in page.text_content("#candidates")
    assert page.query_selector("#candidates button") is None
    assert page.query_selector("#not-a-place") is None
    assert page.is_visible("#read-only-note")
    assert page.log.errors == []
