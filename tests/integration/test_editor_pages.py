"""The editor pages over real HTTP with form logins (issue 9 part 3): who sees which page and tools, the
review queue's filters and evidence, the duplicate suggestions, and history with a per-field diff and
a revert (events, observations, areas) through the editor API, control following the revert."""

from __future__ import annotations

import datetime

import pytest

from events.models import Actor, ControlArea, ControlObservation, Event
from events.selectors.review import merge_suggestions
from tests.integration.factories import event_at, place_named
from tests.integration.test_editor_api import Api, _control_places, _user

pytestmark = pytest.mark.django_db
DAY = datetime.date(2017, 11, 17)
SQUARE = {"type": "Polygon", "coordinates": [[[41.0, 34.0], [42.0, 34.0], [42.0, 35.0], [41.0, 35.0], [41.0, 34.0]]]}


@pytest.fixture
def users(django_user_model):
    return {"editor": _user(django_user_model, "ed", "editors"),
            "reviewer": _user(django_user_model, "rev", "reviewers"),
            "viewer": _user(django_user_model, "viewer")}


@pytest.fixture
def rawa():
    return place_named("Rawa", "IQ") or place_named("Rāwah", "IQ") or place_named("Ramadi", "IQ")


def test_pages_need_a_login_and_show_tools_by_role(users):
    event_at(place_named("Mosul", "IQ"))  # a queued event, so the queue has rows
    anonymous, viewer, editor, reviewer = Api(), Api("viewer"), Api("ed"), Api("rev")
    for path in ("/review/", "/control/edit/", "/sources/new/"):
        response = anonymous.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path

    page = editor.get("/control/edit/").content.decode()
    assert 'id="control-editor"' in page and "vendor/leaflet-geoman/leaflet-geoman.min.js" in page
    assert 'id="read-only-note"' in viewer.get("/control/edit/").content.decode()
    assert 'id="source-new"' in editor.get("/sources/new/").content.decode()
    assert 'id="read-only-note"' in viewer.get("/sources/new/").content.decode()
    # The header links the editor pages for editors only.
    assert 'href="/control/edit/"' in editor.get("/").content.decode()
    assert 'href="/control/edit/"' not in viewer.get("/").content.decode()
    # Review actions for reviewers only; editors read the queue.
    assert 'id="bulk-reject"' in reviewer.get("/review/").content.decode()
    assert 'id="bulk-reject"' not in editor.get("/review/").content.decode()
    # The geoman files are served locally.
    assert reviewer.get("/static/vendor/leaflet-geoman/leaflet-geoman.css").status_code == 200


def test_review_queue_filters_and_evidence(users, rawa):
    mosul = place_named("Mosul", "IQ")
    low = event_at(rawa, evidence=[{"source": 0, "start": 0, "end": 9, "text": "Rawa fell <b>."}])
    Event.objects.filter(pk=low.pk).update(confidence=0.3)
    high = event_at(mosul)  # confidence 0.8
    Event.objects.filter(pk=high.pk).update(event_type="Violence against civilians", sub_event_type="Attack")
    rejected = event_at(mosul, status=Event.Status.REJECTED)
    reviewer = Api("rev")

    page = reviewer.get("/review/").content.decode()
    assert f'data-event-id="{low.pk}"' in page and f'data-event-id="{high.pk}"' in page
    assert f'data-event-id="{rejected.pk}"' not in page
    assert page.index(f'data-event-id="{low.pk}"') < page.index(f'data-event-id="{high.pk}"')  # least sure first
    assert "Rawa fell &lt;b&gt;." in page  # the evidence sentence, as text

    def rows(**params) -> set[int]:
        text = reviewer.get("/review/", **params).content.decode()
        return {e.pk for e in (low, high) if f'data-event-id="{e.pk}"' in text}

    assert rows(min_confidence="0.5") == {high.pk}
    assert rows(event_type="Violence against civilians") == {high.pk}
    assert rows(country="iq") == {low.pk, high.pk}
    assert rows(source=str(low.sources.get().pk)) == {low.pk}
    assert rows(min_confidence="lots") == {low.pk, high.pk}  # a bad value is ignored and said so


def test_duplicates_suggested_by_place_day_and_actors(rawa):
    army = Actor.objects.get(name="Military Forces of Iraq")
    other = Actor.objects.exclude(pk=army.pk).order_by("pk").first()
    first = event_at(rawa, actor2=other)
    same_reversed = event_at(rawa, actor2=None)
    Event.objects.filter(pk=same_reversed.pk).update(actor1=other, actor2=army)
    event_at(rawa, date=DAY + datetime.timedelta(days=1), actor2=other)  # another day
    event_at(rawa, actor2=other, status=Event.Status.REJECTED)  # rejected: no suggestion
    groups = merge_suggestions()
    assert [[e.pk for e in group] for group in groups] == [[first.pk, same_reversed.pk]]


def test_event_history_diff_and_revert_over_http(users, rawa):
    event = event_at(rawa, fatalities=3)
    editor, viewer, anonymous = Api("ed"), Api("viewer"), Api()
    edited = editor.patch(f"/api/events/{event.pk}", {"version": 1, "fatalities": 12, "date": "2017-11-20"})
    assert edited.status_code == 200, edited.content

    history = editor.get(f"/api/history/event/{event.pk}").json()["history"]
    newest = history[0]
    assert newest["who"] == "ed"
    changes = {c["field"]: (c["old"], c["new"]) for c in newest["changes"]}
    assert changes["fatalities"] == (3, 12) and changes["date"] == ("2017-11-17", "2017-11-20")
    page = editor.get(f"/events/{event.pk}/").content.decode()
    assert 'data-field="fatalities"' in page and "Revert to this" in page

    oldest = history[-1]["history_id"]
    assert anonymous.post(f"/api/history/event/{event.pk}/revert", {"history_id": oldest}).status_code == 401
    assert viewer.post(f"/api/history/event/{event.pk}/revert", {"history_id": oldest}).status_code == 403
    assert "Revert to this" not in viewer.get(f"/events/{event.pk}/").content.decode()
    reverted = editor.post(f"/api/history/event/{event.pk}/revert", {"history_id": oldest})
    assert reverted.status_code == 200, reverted.content
    assert reverted.json()["fatalities"] == 3 and reverted.json()["date"] == "2017-11-17"
    assert editor.get(f"/api/history/event/{event.pk}").json()["history"][0]["who"] == "ed"
    assert editor.post(f"/api/history/event/{event.pk}/revert", {"history_id": 10**9}).status_code == 400
    assert editor.get(f"/api/history/nothing/{event.pk}").status_code == 404


def test_observation_and_area_history_revert_moves_control(users, rawa):
    army = Actor.objects.get(name="Military Forces of Iraq")
    other = Actor.objects.exclude(pk=army.pk).order_by("pk").first()
    editor = Api("ed")
    created = editor.post("/api/observations", {"place_id": rawa.pk, "actor_id": army.pk, "status": "controlled",
                                                "kind": "change", "date": "2017-11-17"})
    assert created.status_code == 201, created.content
    obs_id = created.json()["id"]
    assert editor.patch(f"/api/observations/{obs_id}", {"actor_id": other.pk}).status_code == 200
    assert _control_places(editor, "2017-11-18")[rawa.pk]["properties"]["controller"]["id"] == other.pk

    page = editor.get(f"/observations/{obs_id}/").content.decode()
    assert 'data-field="actor"' in page and "Revert to this" in page
    first = editor.get(f"/api/history/observation/{obs_id}").json()["history"][-1]["history_id"]
    assert editor.post(f"/api/history/observation/{obs_id}/revert", {"history_id": first}).status_code == 200
    assert _control_places(editor, "2017-11-18")[rawa.pk]["properties"]["controller"]["id"] == army.pk

    # A deleted observation keeps its page and history; reverting a save before the deletion restores it.
    assert editor.delete(f"/api/observations/{obs_id}").status_code == 204
    assert rawa.pk not in _control_places(editor, "2017-11-18")
    page = editor.get(f"/observations/{obs_id}/").content.decode()
    assert 'id="deleted-note"' in page
    before_delete = editor.get(f"/api/history/observation/{obs_id}").json()["history"][1]["history_id"]
    restored = editor.post(f"/api/history/observation/{obs_id}/revert", {"history_id": before_delete})
    assert restored.status_code == 200, restored.content
    assert ControlObservation.objects.filter(pk=restored.json()["id"], place=rawa).exists()
    assert _control_places(editor, "2017-11-18")[rawa.pk]["properties"]["controller"]["id"] == army.pk

    area = editor.post("/api/areas", {"type": "Feature", "geometry": SQUARE,
                                      "properties": {"actor_id": army.pk, "valid_from": "2017-11-01"}})
    assert area.status_code == 201, area.content
    area_id = area.json()["id"]
    assert editor.patch(f"/api/areas/{area_id}", {"properties": {"valid_from": "2017-12-01"}}).status_code == 200
    page = editor.get(f"/areas/{area_id}/").content.decode()
    assert 'data-field="valid_from"' in page and "2017-11-01" in page
    first = editor.get(f"/api/history/area/{area_id}").json()["history"][-1]["history_id"]
    assert editor.post(f"/api/history/area/{area_id}/revert", {"history_id": first}).status_code == 200
    assert ControlArea.objects.get(pk=area_id).valid_from == datetime.date(2017, 11, 1)
