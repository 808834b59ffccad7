"""The editor in a real browser: log in, correct an event on the map form, see the change and who made it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.contrib.gis.geos import Point

from events.extraction.text import search_key
from events.models import Actor, Event, Place, PlaceName, Source

pytestmark = [pytest.mark.browser]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def event(transactional_db):
    actor = Actor.objects.create(name="Test Army", kind=Actor.Kind.STATE, country="IQ")
    anah = Place.objects.create(key="test:anah", name="Anah", feature_code="PPL", country_code="IQ",
                                point=Point(41.98, 34.37, srid=4326))
    PlaceName.objects.create(place=anah, name="Anah", key=search_key("Anah"), is_preferred=True)
    town = Place.objects.create(key="test:rawa", name="Rawa", feature_code="PPLA2", country_code="IQ",
                                point=Point(41.92, 34.47, srid=4326))
    source = Source.objects.create(url="https://example.org/rawa", title="Rawa retaken", text="Rawa retaken.",
                                   content_hash="browser-editor-1", published=datetime.date(2017, 11, 20))
    event = Event.objects.create(date=datetime.date(2017, 11, 17), event_type="Battles", actor1=actor,
                                 place=town, location=town.point, confidence=0.7)
    event.sources.add(source)
    return event


@pytest.fixture
def editor(django_user_model, transactional_db):
    user = django_user_model.objects.create_user(username="editor-ann", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="change_event", content_type__app_label="events"))
    return user


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(f"text={username}")


def test_editor_moves_the_point_and_sets_fatalities(page, event, editor):
    log_in(page, "editor-ann")
    page.goto(f"/events/{event.pk}/edit/")
    page.wait_for_selector("#id_location-map.leaflet-container")
    page.wait_for_function("() => document.querySelector('#id_location-map .leaflet-marker-icon') !== null")

    page.fill("#id_fatalities", "4")
    page.evaluate("""() => {
        document.getElementById('id_location').value = JSON.stringify({type: 'Point', coordinates: [41.95, 34.5]});
    }""")
    page.click("#event-form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/")

    assert page.text_content("#event-fatalities").strip() == "4"
    assert "34.50000, 41.95000" in page.text_content("#event-location")
    assert "Edited by: editor-ann" in page.text_content("#edited-by")
    assert "editor-ann" in page.text_content("#history")
    event.refresh_from_db()
    assert (event.fatalities, event.version, event.edited) == (4, 2, True)
    assert page.log.errors == []
    assert page.log.foreign_requests() == []


def test_place_search_fills_the_place_and_moves_the_point(page, event, editor):
    log_in(page, "editor-ann")
    page.goto(f"/events/{event.pk}/edit/")
    page.wait_for_function("() => document.querySelector('#id_location-map .leaflet-marker-icon') !== null")
    page.fill("#place-search-input", "Anah")
    page.click("#place-search-results button:has-text('Anah')")

    anah = Place.objects.get(key="test:anah")
    assert page.input_value("#id_place") == str(anah.pk)
    assert json.loads(page.input_value("#id_location")) == {"type": "Point", "coordinates": [41.98, 34.37]}
    page.click("#event-form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/")
    assert "Anah" in page.text_content("#fields-title + .fields")
    assert page.log.errors == []


def test_anonymous_edit_lands_on_login(page, event):
    page.goto(f"/events/{event.pk}/edit/")
    assert "/accounts/login/" in page.url
    assert page.is_visible("#id_username")


def test_stale_edit_shows_conflict(page, event, editor):
    log_in(page, "editor-ann")
    page.goto(f"/events/{event.pk}/edit/")
    Event.objects.filter(pk=event.pk).update(version=5)  # someone else saved in between
    page.fill("#id_fatalities", "9")
    response_status = []
    page.on("response", lambda r: r.request.method == "POST" and response_status.append(r.status))
    page.click("#event-form button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert response_status == [409]
    assert "changed by someone else" in page.text_content("#form-errors")
