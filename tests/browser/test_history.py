"""History in a real browser: an event's page shows each save as who, when, field, old -> new, and
"Revert to this" puts the event back (through the editor API), the revert being a new save by the
reverting editor; an observation's page does the same and control follows; viewers see no button."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from events.models import ControlObservation, Event
from events.services.corrections import event_update, observation_update
from tests.browser.editor_helpers import log_in, make_actors, make_event, make_place, make_user

pytestmark = [pytest.mark.browser]
DAY = datetime.date(2017, 11, 17)


@pytest.fixture
def edited(transactional_db, django_user_model):
    army, rebels = make_actors()
    rawa = make_place("test:rawa", "Rawa", 41.91898, 34.48229)
    event = make_event(place=rawa, actor1=army, actor2=rebels, day=DAY, text="The army retook Rawa.", key="h",
                       fatalities=3)
    ann = make_user(django_user_model, "ann", "editors")
    event_update(event_id=event.pk, expected_version=1, changes={"fatalities": 12}, user=ann)
    observation = ControlObservation.objects.get(event=event)
    observation_update(observation_id=observation.pk, changes={"actor_id": rebels.pk}, user=ann)
    return {"event": event, "observation": observation, "rawa": rawa, "army": army}


def _controller(page, place_id: int) -> str | None:
    features = page.request.get("/api/control.geojson?date=2017-11-18").json()["features"]
    return next((f["properties"]["controller"]["name"] for f in features if f["id"] == f"place:{place_id}"), None)


def test_event_history_shows_the_diff_and_reverts(page, edited, django_user_model):
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    event = edited["event"]
    page.goto(f"/events/{event.pk}/")
    newest = page.locator("tr.history-record").first
    expect(newest).to_contain_text("ann")
    expect(newest.locator(".diff[data-field='fatalities']")).to_have_text("fatalities: 3 → 12")
    expect(page.locator("#event-fatalities")).to_have_text("12")
    page.locator("tr.history-record").last.locator(".history-revert").click()
    expect(page.locator("#event-fatalities")).to_have_text("3")
    newest = page.locator("tr.history-record").first
    expect(newest).to_contain_text("eve")
    expect(newest.locator(".diff[data-field='fatalities']")).to_have_text("fatalities: 12 → 3")
    assert Event.objects.get(pk=event.pk).fatalities == 3
    page.screenshot(path="/tmp/editor3-history.png", full_page=True)
    assert page.log.errors == []


def test_observation_history_revert_moves_control(page, edited, django_user_model):
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    observation = edited["observation"]
    assert _controller(page, edited["rawa"].pk) == "Test Rebels"
    page.goto(f"/observations/{observation.pk}/")
    expect(page.locator("#observation-actor")).to_contain_text("Test Rebels")
    expect(page.locator("tr.history-record").first.locator(".diff[data-field='actor']")).to_be_visible()
    page.locator("tr.history-record").last.locator(".history-revert").click()
    expect(page.locator("#observation-actor")).to_contain_text("Test Army")
    assert _controller(page, edited["rawa"].pk) == "Test Army"
    assert page.log.errors == []


def test_viewer_sees_history_without_revert(page, edited, django_user_model):
    make_user(django_user_model, "vic", None)
    log_in(page, "vic")
    page.goto(f"/events/{edited['event'].pk}/")
    expect(page.locator("tr.history-record").first).to_contain_text("ann")
    assert page.query_selector(".history-revert") is None
    assert page.log.errors == []
