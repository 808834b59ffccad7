"""The control editor in a real browser: an editor finds a place, adds, fixes and deletes a control
observation, and draws an area polygon with real mouse clicks (Leaflet-Geoman), which is saved through
POST /api/areas and shows on /api/control.geojson on a date within its validity, not after it; a
viewer gets no tools."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from events.models import ControlArea, ControlObservation
from tests.browser.editor_helpers import log_in, make_actors, make_place, make_user

pytestmark = [pytest.mark.browser]


@pytest.fixture
def setting(transactional_db):
    army, rebels = make_actors()
    rawa = make_place("test:rawa", "Rawa", 41.91898, 34.48229)
    return {"army": army, "rebels": rebels, "rawa": rawa}


def _control(page, date: str) -> dict:
    response = page.request.get(f"/api/control.geojson?date={date}")
    assert response.ok, response.text()
    return {feature["id"]: feature["properties"] for feature in response.json()["features"]}


def _choose_rawa(page, rawa) -> None:
    page.wait_for_load_state()  # the page's module scripts listen to the search box only once loaded
    page.fill("#obs-place-search", "Rawa")  # (the session gazetteer may still hold other Rawas)
    page.click(f"#obs-place-results button[data-place-id='{rawa.pk}']")
    expect(page.locator("#obs-place-chosen")).to_contain_text("Rawa")


def test_editor_adds_fixes_and_deletes_an_observation(page, setting, django_user_model):
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    page.click("nav >> text=Control editor")  # linked from the site header for editors
    expect(page).to_have_url(re.compile("/control/edit/$"))
    _choose_rawa(page, setting["rawa"])
    page.select_option("#obs-actor", label="Test Army")
    page.fill("#obs-date", "2017-11-17")
    page.fill("#obs-evidence", "The army retook Rawa on Friday.")
    page.click("#obs-save")
    expect(page.locator("#obs-message")).to_have_text(re.compile(r"^Observation #\d+ added\.$"))
    observation = ControlObservation.objects.get(place=setting["rawa"])
    assert observation.edited and observation.evidence == "The army retook Rawa on Friday."
    place_key = f"place:{setting['rawa'].pk}"
    assert _control(page, "2017-11-18")[place_key]["controller"]["name"] == "Test Army"
    item = page.locator(f"li[data-observation-id='{observation.pk}']")
    expect(item).to_contain_text("Test Army · controlled · change")

    item.locator(".obs-edit").click()
    expect(page.locator("#obs-save")).to_have_text(f"Save observation #{observation.pk}")
    page.select_option("#obs-actor", label="Test Rebels")
    page.click("#obs-save")
    expect(page.locator("#obs-message")).to_have_text(f"Observation #{observation.pk} saved (version 2).")
    assert _control(page, "2017-11-18")[place_key]["controller"]["name"] == "Test Rebels"

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"li[data-observation-id='{observation.pk}'] .obs-delete").click()
    expect(page.locator("#obs-message")).to_have_text(f"Observation #{observation.pk} deleted.")
    assert place_key not in _control(page, "2017-11-18")
    assert page.log.errors == []
    assert page.log.foreign_requests() == []


def test_editor_draws_an_area_with_the_mouse_and_it_shows_on_the_control_map(page, setting, django_user_model):
    make_user(django_user_model, "eve", "editors")
    log_in(page, "eve")
    page.goto("/control/edit/")
    _choose_rawa(page, setting["rawa"])  # centres the map on Rawa
    page.click(".leaflet-pm-toolbar .leaflet-pm-icon-polygon")
    box = page.locator("#control-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 120, cy - 90), (cx + 120, cy - 90), (cx + 120, cy + 90), (cx - 120, cy + 90)]
    for x, y in [*corners, corners[0]]:  # clicking the first corner again closes the polygon
        page.mouse.click(x, y)
    expect(page.locator("#area-selected")).to_contain_text("New area drawn")
    page.select_option("#area-actor", label="Test Army")
    page.fill("#area-from", "2017-11-01")
    page.fill("#area-to", "2017-12-31")
    page.click("#area-save")
    expect(page.locator("#area-message")).to_have_text(re.compile(r"^Area #\d+ saved\.$"))

    area = ControlArea.objects.get()
    assert area.method == ControlArea.Method.DRAWN and area.created_by.username == "eve"
    # The polygon holds the place it was drawn around.
    assert area.geometry.contains(setting["rawa"].point)
    feature = _control(page, "2017-11-15")[f"area:{area.pk}"]
    assert feature["layer"] == "area" and feature["controller"]["name"] == "Test Army"
    assert feature["valid_from"] == "2017-11-01" and feature["valid_to"] == "2017-12-31"
    assert f"area:{area.pk}" not in _control(page, "2018-01-05")

    # Click the saved area (it is drawn again from the control snapshot) and change its end date.
    page.mouse.click(cx + 60, cy + 40)
    expect(page.locator("#area-selected")).to_contain_text(f"Area #{area.pk} selected")
    page.fill("#area-to", "2018-02-28")
    page.click("#area-save")
    expect(page.locator("#area-message")).to_have_text(f"Area #{area.pk} saved (version 2).")
    assert f"area:{area.pk}" in _control(page, "2018-01-05")
    page.screenshot(path="/tmp/editor3-control.png")
    page.set_viewport_size({"width": 400, "height": 800})
    page.screenshot(path="/tmp/editor3-control-400.png")
    assert page.log.errors == []
    assert page.log.foreign_requests() == []


def test_viewer_gets_no_tools(page, setting, django_user_model):
    make_user(django_user_model, "vic", None)
    log_in(page, "vic")
    assert page.query_selector("nav >> text=Control editor") is None
    page.goto("/control/edit/")
    assert page.is_visible("#read-only-note")
    assert page.query_selector("#control-map") is None
    assert page.log.errors == []
