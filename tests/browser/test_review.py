"""The review queue in a real browser: a reviewer rejects an event with a real click and it leaves
/api/events.geojson and the control map; accepts with the keyboard and in bulk; merges a suggested
duplicate; filters narrow the rows; a viewer reads the queue without the actions."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.browser.editor_helpers import log_in, make_actors, make_event, make_place, make_user

pytestmark = [pytest.mark.browser]
DAY = datetime.date(2017, 11, 17)
SENTENCE = "Iraqi forces retook Rawa from the rebels on Friday, the army said <script>alert(1)</script>."


@pytest.fixture
def war(transactional_db):
    army, rebels = make_actors()
    rawa = make_place("test:rawa", "Rawa", 41.91898, 34.48229)
    anah = make_place("test:anah", "Anah", 41.98, 34.37)
    qaim = make_place("test:qaim", "Al-Qaim", 41.05, 34.37, country="SY")
    return {
        "army": army, "rebels": rebels, "rawa": rawa,
        "rawa_event": make_event(place=rawa, actor1=army, actor2=rebels, day=DAY, text=SENTENCE, confidence=0.3,
                                 key="rawa"),
        "anah_event": make_event(place=anah, actor1=army, actor2=rebels, day=DAY, text="The army took Anah.",
                                 confidence=0.6, key="anah"),
        "qaim_event": make_event(place=qaim, actor1=rebels, actor2=None, day=DAY, text="Clashes in Al-Qaim.",
                                 confidence=0.9, control=False, key="qaim"),
    }


def _ids(page, url: str) -> set:
    response = page.request.get(url)
    assert response.ok, response.text()
    return {feature["id"] for feature in response.json()["features"]}


def _row(event: Event) -> str:
    return f"tr.review-row[data-event-id='{event.pk}']"


def test_reviewer_rejects_an_event_and_it_leaves_the_map_and_control(page, war, django_user_model):
    make_user(django_user_model, "rita", "reviewers")
    log_in(page, "rita")
    event = war["rawa_event"]
    after = (DAY + datetime.timedelta(days=1)).isoformat()
    control_url = f"/api/control.geojson?date={after}"
    assert event.pk in _ids(page, "/api/events.geojson")
    assert f"place:{war['rawa'].pk}" in _ids(page, control_url)

    page.goto("/review/")
    # The evidence sentence is shown beside the event, as text.
    expect(page.locator(_row(event) + " .evidence")).to_have_text(SENTENCE)
    page.locator(_row(event) + " .row-reject").click()
    expect(page.locator(_row(event) + " .row-status")).to_have_text("rejected")
    expect(page.locator("#review-message")).to_have_text(f"Event {event.pk} rejected.")

    assert event.pk not in _ids(page, "/api/events.geojson")
    assert f"place:{war['rawa'].pk}" not in _ids(page, control_url)
    assert Event.objects.get(pk=event.pk).status == Event.Status.REJECTED
    assert page.log.errors == []
    assert page.log.foreign_requests() == []


def test_keyboard_and_bulk_accept(page, war, django_user_model):
    make_user(django_user_model, "rita", "reviewers")
    log_in(page, "rita")
    page.goto("/review/")
    # Least confident first: Rawa (0.3), Anah (0.6), Al-Qaim (0.9).
    page.keyboard.press("j")
    expect(page.locator(_row(war["rawa_event"]))).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(_row(war["anah_event"]))).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator(_row(war["anah_event"]) + " .row-status")).to_have_text("reviewed")
    # After an action the next row has the focus.
    expect(page.locator(_row(war["qaim_event"]))).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(page.locator(_row(war["rawa_event"]))).to_be_focused()
    page.keyboard.press("x")
    page.locator(_row(war["qaim_event"]) + " .row-select").check()
    page.click("#bulk-accept")
    expect(page.locator("#review-message")).to_have_text("2 events accepted.")
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert {statuses[war[k].pk] for k in ("rawa_event", "anah_event", "qaim_event")} == {"reviewed"}
    page.screenshot(path="/tmp/editor3-review.png", full_page=True)
    page.set_viewport_size({"width": 400, "height": 800})
    page.screenshot(path="/tmp/editor3-review-400.png", full_page=True)
    assert page.log.errors == []


def test_filters_and_merge_of_a_suggested_duplicate(page, war, django_user_model):
    make_user(django_user_model, "rita", "reviewers")
    duplicate = make_event(place=war["rawa"], actor1=war["rebels"], actor2=war["army"], day=DAY,
                           text="Rebels lost Rawa to the army.", confidence=0.4, key="rawa-2")
    log_in(page, "rita")
    page.goto("/review/")
    page.select_option("#f-country", "SY")
    page.click(".review-filters button[type=submit]")
    expect(page.locator("tr.review-row")).to_have_count(1)
    expect(page.locator(_row(war["qaim_event"]))).to_be_visible()
    page.fill("#f-min-confidence", "0.95")
    page.click(".review-filters button[type=submit]")
    expect(page.locator("tr.review-row")).to_have_count(0)
    page.goto(f"/review/?source={duplicate.sources.get().pk}")
    expect(page.locator("tr.review-row")).to_have_count(1)

    # Same place, same day, same actors (in either order): suggested, merged with one click.
    group = page.locator(f".merge-group[data-event-ids='{war['rawa_event'].pk},{duplicate.pk}']")
    group.locator(".merge-button").click()
    expect(group.locator(".merge-result")).to_contain_text(
        f"Merged into event #{war['rawa_event'].pk} with 2 sources", timeout=15_000)
    kept = Event.objects.get(pk=war["rawa_event"].pk)
    assert kept.sources.count() == 2
    assert Event.objects.get(pk=duplicate.pk).status == Event.Status.REJECTED
    assert page.log.errors == []


def test_editor_without_review_role_reads_only_and_anonymous_is_sent_to_log_in(page, war, django_user_model):
    page.goto("/review/")
    assert "/accounts/login/" in page.url
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    page.goto("/review/")
    expect(page.locator("tr.review-row")).to_have_count(3)
    assert page.is_visible("#read-only-note")
    assert page.query_selector(".row-reject") is None
    assert page.query_selector(".merge-button") is None
    page.keyboard.press("j")
    page.keyboard.press("r")
    assert Event.objects.filter(status=Event.Status.REJECTED).count() == 0
    assert page.log.errors == []
