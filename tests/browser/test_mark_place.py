"""The article page in a real browser (headless Chromium): an editor selects with the mouse the name of a
village the geoparser did not see, marks it as a place, pins it on the map with a click, and the event the
article then yields is listed on the page at the pin; the event's page links back to the article."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from events.models import Event, Mention, Place, Source
from tests.browser.editor_helpers import log_in, make_user
from tests.browser.test_source_page import SAVE_TIMEOUT_MS

pytestmark = [pytest.mark.browser]
TEXT = ("BAGHDAD, March 16 (Reuters) - Iraqi forces recaptured the village of Umm Khanzir from Islamic State "
        "on Tuesday, the military said.")
VILLAGE = "Umm Khanzir"


@pytest.fixture
def article(transactional_db):
    """An article the machine found no place in: no mention, no event."""
    return Source.objects.create(url="https://example.org/umm-khanzir", title="Village retaken", text=TEXT,
                                 content_hash="browser-mark-place", published=datetime.date(2017, 3, 16))


def _drag_select(page, words: str) -> None:
    """Select `words` of the article text with the mouse: press before the first letter, release after
    the last (the points come from the rendered text's own boxes)."""
    box = page.evaluate("""(words) => {
        const node = [...document.getElementById("article-text").childNodes]
            .find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.includes(words));
        const range = document.createRange();
        const at = node.textContent.indexOf(words);
        range.setStart(node, at);
        range.setEnd(node, at + words.length);
        const rects = [...range.getClientRects()];
        const first = rects[0], last = rects[rects.length - 1];
        return {x1: first.left + 1, y1: first.top + first.height / 2,
                x2: last.right - 1, y2: last.top + last.height / 2};
    }""", words)
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=4)
    page.mouse.move(box["x2"], box["y2"], steps=4)
    page.mouse.up()


def test_editor_marks_words_as_a_place_and_pins_them(page, article, django_user_model):
    make_user(django_user_model, "editor-eve", "editors")
    log_in(page, "editor-eve")
    page.goto(f"/sources/{article.pk}/")
    expect(page.locator("#mark-as-place")).to_be_disabled()
    assert page.locator("#source-events").text_content().strip() == "No event was coded from this article."

    _drag_select(page, VILLAGE)
    expect(page.locator("#mark-as-place")).to_be_enabled()
    page.click("#mark-as-place")
    mark = page.locator("mark.mention.selected")
    expect(mark).to_have_text(VILLAGE, timeout=SAVE_TIMEOUT_MS)
    mention = Mention.objects.get(source=article)
    assert (mention.text, mention.status, mention.place) == (VILLAGE, Mention.Status.CORRECTED, None)
    # The picker is open on the new mention: its search holds the name, a click on the map pins it.
    expect(page.locator("#place-search")).to_have_value(VILLAGE)
    expect(page.locator("#map-hint")).to_be_visible()

    page.click("#source-map", position={"x": 150, "y": 150})
    expect(page.locator("#mention-place-name")).to_have_text(re.compile(f"^{VILLAGE}"), timeout=SAVE_TIMEOUT_MS)
    pinned = Place.objects.get(name=VILLAGE, origin=Place.Origin.USER)
    event = Event.objects.get(sources=article)
    assert event.place == pinned and event.mention_id == mention.pk
    assert event.actor1.name == "Military Forces of Iraq"
    expect(page.locator(f"#source-event-{event.pk} .event-place")).to_have_text(re.compile(f"^{VILLAGE}"),
                                                                               timeout=SAVE_TIMEOUT_MS)
    assert page.locator("mark.mention", has_text=VILLAGE).count() == 1  # the re-coded article: no second mark

    # The event's page links back to the article page.
    page.click(f"#source-event-{event.pk} a")
    page.click("a.source-page-link")
    expect(page).to_have_url(re.compile(f"/sources/{article.pk}/$"))
    assert page.log.errors == []
    assert page.log.foreign_requests() == []


def test_a_viewer_cannot_mark_places(page, article, django_user_model):
    make_user(django_user_model, "viewer-vic", None)
    log_in(page, "viewer-vic")
    page.goto(f"/sources/{article.pk}/")
    assert page.query_selector("#mark-as-place") is None
    _drag_select(page, VILLAGE)
    assert page.locator("mark.mention").count() == 0
    assert page.log.errors == []
