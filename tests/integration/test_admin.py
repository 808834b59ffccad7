"""The admin writes events, observations, areas and mentions through the correction services: a stale
form is refused (no lost update), the row is marked edited and versioned, history has the user, and
the change reaches the map and the control timeline (issue 9)."""

from __future__ import annotations

import datetime
import json

import pytest

from events.models import ControlArea, ControlObservation, Event, Mention
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", password="pw-chief-1")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def event():
    return event_at(place_named("Rāwah", "IQ"))


def _event_form(event: Event, **changes) -> dict:
    data = {
        "date": event.date.isoformat(), "date_precision": event.date_precision, "event_type": event.event_type,
        "sub_event_type": event.sub_event_type, "actor1": event.actor1_id or "", "actor2": event.actor2_id or "",
        "place": event.place_id or "", "location": json.dumps({"type": "Point", "coordinates": [event.location.x,
                                                                                                event.location.y]}),
        "geo_precision": event.geo_precision, "country": event.country, "admin1": event.admin1,
        "fatalities": event.fatalities if event.fatalities is not None else "", "summary": event.summary,
        "status": event.status, "confidence": event.confidence, "opened_version": event.version,
    }
    data.update(changes)
    return data


def _control_places(client, day: D) -> dict[int, dict]:
    body = client.get(f"/api/control.geojson?date={day.isoformat()}").json()
    return {f["properties"]["place_id"]: f["properties"] for f in body["features"]
            if f["properties"].get("layer") == "place"}


def test_admin_event_edit_goes_through_the_service(admin_client, event):
    url = f"/admin/events/event/{event.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, _event_form(event, fatalities=3, summary="checked in the admin"))
    assert response.status_code == 302, response.content[:2000]
    event.refresh_from_db()
    assert event.fatalities == 3 and event.edited and event.version == 2
    assert event.history.latest().history_user.username == "chief"


def test_a_stale_admin_form_does_not_overwrite_a_newer_edit(admin_client, event):
    url = f"/admin/events/event/{event.pk}/change/"
    stale = _event_form(event, summary="written from an old form")
    assert admin_client.post(url, _event_form(event, summary="first edit")).status_code == 302
    response = admin_client.post(url, stale)
    assert response.status_code == 200 and b"changed by someone else" in response.content
    event.refresh_from_db()
    assert event.summary == "first edit" and event.version == 2


def test_admin_date_fix_moves_the_observation_and_control(admin_client, event):
    observation = ControlObservation.objects.create(place=event.place, actor=event.actor1, date=event.date,
                                                    event=event)
    assert event.place_id in _control_places(admin_client, D(2017, 11, 18))
    response = admin_client.post(f"/admin/events/event/{event.pk}/change/", _event_form(event, date="2017-11-30"))
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.date == D(2017, 11, 30) and observation.edited
    assert event.place_id not in _control_places(admin_client, D(2017, 11, 18))


def test_admin_cannot_add_or_delete_events(admin_client, event):
    assert admin_client.get("/admin/events/event/add/").status_code == 403
    assert admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_admin_observation_add_edit_delete(admin_client, event):
    hit = place_named("Hīt", "IQ")
    data = {"place": hit.pk, "actor": event.actor1_id, "lost_by": "", "status": "controlled", "kind": "change",
            "date": "2016-04-14", "date_precision": "day", "confidence": "1.0", "event": "", "source": "",
            "evidence": "retook Hit"}
    assert admin_client.post("/admin/events/controlobservation/add/", data).status_code == 302
    observation = ControlObservation.objects.get(place=hit)
    assert observation.edited and _control_places(admin_client, D(2016, 5, 1))[hit.pk]["since"] == "2016-04-14"
    url = f"/admin/events/controlobservation/{observation.pk}/change/"
    response = admin_client.post(url, {**data, "date": "2016-04-20", "opened_version": 1})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.version == 2 and hit.pk not in _control_places(admin_client, D(2016, 4, 16))
    assert admin_client.post(url, {**data, "claimed": "on", "opened_version": 1}).status_code == 200  # stale
    response = admin_client.post(f"/admin/events/controlobservation/{observation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and hit.pk not in _control_places(admin_client, D(2016, 5, 1))
    assert ControlObservation.history.filter(id=observation.pk, history_type="-").get().history_user.username == "chief"


def test_admin_mention_place_moves_its_event(admin_client, event):
    source = event.sources.get()
    mention = Mention.objects.create(source=source, start=0, end=4, text="test", place=event.place)
    Event.objects.filter(pk=event.pk).update(mention=mention)
    hit = place_named("Hīt", "IQ")
    response = admin_client.post(f"/admin/events/mention/{mention.pk}/change/", {"place": hit.pk})
    assert response.status_code == 302
    event.refresh_from_db()
    mention.refresh_from_db()
    assert event.place_id == hit.pk and event.edited and mention.status == Mention.Status.CORRECTED


def test_admin_area_add(admin_client, event):
    square = {"type": "Polygon", "coordinates": [[[41, 34], [42, 34], [42, 35], [41, 35], [41, 34]]]}
    response = admin_client.post("/admin/events/controlarea/add/", {
        "actor": event.actor1_id, "valid_from": "2017-11-01", "valid_to": "", "geometry": json.dumps(square),
        "parameters": "{}", "note": "drawn in the admin"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    area = ControlArea.objects.get()
    assert area.created_by.username == "chief" and area.note == "drawn in the admin"
    assert area.history.earliest().history_user.username == "chief"
