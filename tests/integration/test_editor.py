"""The editor path over real HTTP requests: permissions, an edit moving a point, history, stale edits."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission

from events.models import Event
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return event_at(place_named("Rāwah", "IQ"))


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor1", password="pw-editor-1")
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    return user


def _form(event: Event, **changes) -> dict:
    data = {"date": event.date.isoformat(), "date_precision": event.date_precision, "event_type": event.event_type,
            "sub_event_type": event.sub_event_type, "actor1": event.actor1_id or "", "actor2": "",
            "place": event.place_id, "location": json.dumps({"type": "Point", "coordinates": [event.location.x,
                                                                                              event.location.y]}),
            "geo_precision": event.geo_precision, "fatalities": "", "summary": event.summary,
            "status": event.status, "version": event.version}
    data.update(changes)
    return data


def test_anonymous_user_is_sent_to_login(client, event):
    response = client.get(f"/events/{event.pk}/edit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_user_without_change_permission_is_refused(client, django_user_model, event):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    assert client.get(f"/events/{event.pk}/edit/").status_code == 403
    assert client.post(f"/events/{event.pk}/edit/", _form(event, summary="hacked")).status_code == 403
    event.refresh_from_db()
    assert event.summary == "test event"


def test_editor_moves_event_and_map_and_history_show_it(client, editor, event):
    client.force_login(editor)
    page = client.get(f"/events/{event.pk}/edit/")
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    moved = json.dumps({"type": "Point", "coordinates": [41.95, 34.5]})
    response = client.post(f"/events/{event.pk}/edit/", _form(event, location=moved, fatalities=3))
    assert response.status_code == 302
    collection = json.loads(b"".join(client.get("/api/events.geojson").streaming_content))
    feature = next(f for f in collection["features"] if f["id"] == event.pk)
    assert feature["geometry"]["coordinates"] == [41.95, 34.5]
    assert feature["properties"]["fatalities"] == 3
    detail = client.get(f"/events/{event.pk}/").content.decode()
    assert "editor1" in detail
    event.refresh_from_db()
    assert event.edited and event.version == 2 and event.history.count() == 2


def test_stale_form_does_not_overwrite_a_concurrent_edit(client, editor, event):
    client.force_login(editor)
    stale = _form(event, summary="second editor's text")
    assert client.post(f"/events/{event.pk}/edit/", _form(event, summary="first editor's text")).status_code == 302
    response = client.post(f"/events/{event.pk}/edit/", stale)
    assert response.status_code == 409
    event.refresh_from_db()
    assert event.summary == "first editor's text"


def test_out_of_range_coordinates_are_refused(client, editor, event):
    client.force_login(editor)
    bad = json.dumps({"type": "Point", "coordinates": [241.0, 34.5]})
    response = client.post(f"/events/{event.pk}/edit/", _form(event, location=bad))
    assert response.status_code == 200 and b"out of range" in response.content
    event.refresh_from_db()
    assert event.version == 1


def test_edit_form_requires_csrf_token(editor, event):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(f"/events/{event.pk}/edit/", _form(event, summary="x")).status_code == 403
