"""An editor places a village the gazetteer lacks entirely (issue 9): the geoparser saw no name, so there
was no mention to correct and no event. Over the test client with session login and CSRF, on PostGIS
with the session's regional gazetteer: the editor marks the words as a place, pins them, and the event,
the control map and the next article follow."""

from __future__ import annotations

import pytest

from events.models import ControlObservation, Event, Mention, Source
from tests.integration.test_editor_api import Api, _control_places, _event_feature, _user

pytestmark = pytest.mark.django_db

VILLAGE_NAME = "Umm Khanzir"
ARTICLE = ("BAGHDAD, March 16 (Reuters) - Iraqi forces recaptured the village of Umm Khanzir from Islamic State "
           "on Tuesday, the military said.\n")
LATER = ("MOSUL, March 20 (Reuters) - Islamic State fighters shelled Umm Khanzir on Sunday, a day after "
         "families returned to their homes, residents said.\n")


@pytest.fixture
def users(django_user_model):
    return {"editor": _user(django_user_model, "ed", "editors"), "viewer": _user(django_user_model, "viewer")}


def _span(text: str, words: str) -> dict:
    start = text.index(words)
    return {"start": start, "end": start + len(words)}


def test_an_editor_places_a_village_the_gazetteer_lacks(users):
    editor = Api("ed")
    source = editor.post("/api/sources", {"text": ARTICLE, "published": "2017-03-16"}).json()
    assert not [m for m in source["mentions"] if VILLAGE_NAME in m["text"]] and source["events"] == []

    # The words become a mention with no place (a stray space of the mouse selection left out).
    span = _span(ARTICLE, VILLAGE_NAME)
    added = editor.post(f"/api/sources/{source['id']}/mentions", {"start": span["start"], "end": span["end"] + 1})
    assert added.status_code == 201, added.content
    mention = added.json()
    assert (mention["text"], mention["start"], mention["end"]) == (VILLAGE_NAME, span["start"], span["end"])
    assert mention["place"] is None and mention["status"] == "corrected" and mention["events"] == []
    shown = editor.get(f"/api/sources/{source['id']}").json()
    assert mention in shown["mentions"]
    assert Mention.history.filter(id=mention["id"]).latest("history_date").history_user == users["editor"]

    # Pinned on the map: the article is coded again, and the capture lands at the pin.
    pinned = editor.post(f"/api/mentions/{mention['id']}/place",
                         {"name": VILLAGE_NAME, "lat": 36.20, "lon": 43.55, "country_code": "IQ"})
    assert pinned.status_code == 200, pinned.content
    village = pinned.json()["place"]
    assert (village["lat"], village["lon"], village["country_code"]) == (36.2, 43.55, "IQ")
    assert pinned.json()["id"] == mention["id"] and pinned.json()["events"]

    shown = editor.get(f"/api/sources/{source['id']}").json()
    at_span = [m for m in shown["mentions"] if (m["start"], m["end"]) == (span["start"], span["end"])]
    assert [m["id"] for m in at_span] == [mention["id"]]  # the corrected mention, no duplicate
    assert at_span[0]["status"] == "corrected" and at_span[0]["place"]["id"] == village["id"]
    event = editor.get(f"/api/events/{at_span[0]['events'][0]}").json()
    assert event["actor1"]["name"] == "Military Forces of Iraq" and event["date"] == "2017-03-14"
    assert event["place"]["id"] == village["id"] and event["mention_id"] == mention["id"]
    assert _event_feature(editor, event["id"])["geometry"]["coordinates"] == [43.55, 36.2]
    assert f'href="/sources/{source["id"]}/"' in editor.get(f"/events/{event['id']}/").content.decode()

    control = _control_places(editor, "2017-03-15")
    assert control[village["id"]]["properties"]["controller"]["name"] == "Military Forces of Iraq"
    assert control[village["id"]]["geometry"]["coordinates"] == [43.55, 36.2]
    assert village["id"] not in _control_places(editor, "2017-03-13")

    # The next article naming the village resolves to the pin.
    later = editor.post("/api/sources", {"text": LATER, "published": "2017-03-20"})
    assert later.status_code == 201, later.content
    assert {m["place"]["id"] for m in later.json()["mentions"] if m["text"] == VILLAGE_NAME} == {village["id"]}


def test_a_pin_recodes_the_article_keeping_its_corrections_and_ids(users):
    """Re-extraction at the pin keeps the events an editor corrected and the ids of the others."""
    editor = Api("ed")
    text = ("BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from Islamic State on Friday. "
            "Separately, Iraqi forces recaptured the village of Umm Khanzir from Islamic State on Thursday.\n")
    source = editor.post("/api/sources", {"text": text, "published": "2017-11-18"}).json()
    rawa_event = editor.get(f"/api/events/{source['events'][0]}").json()
    fixed = editor.patch(f"/api/events/{rawa_event['id']}", {"version": rawa_event["version"], "fatalities": 4})
    assert fixed.status_code == 200, fixed.content

    mention = editor.post(f"/api/sources/{source['id']}/mentions", _span(text, VILLAGE_NAME)).json()
    assert editor.post(f"/api/mentions/{mention['id']}/place",
                       {"name": VILLAGE_NAME, "lat": 36.2, "lon": 43.55, "country_code": "IQ"}).status_code == 200

    events = Event.objects.filter(sources__pk=source["id"]).order_by("pk")
    assert events.filter(pk=rawa_event["id"], fatalities=4).exists()
    assert len(events) == 2
    village_event = events.get(mention_id=mention["id"])
    assert village_event.date.isoformat() == "2017-11-16"
    assert ControlObservation.objects.filter(event=village_event, place_id=village_event.place_id).exists()


def test_pinning_an_unresolved_mention_codes_its_article(users):
    """A name the geoparser saw but could not place (stored, as ingest stores it, with no place and no
    event) is pinned: the article is coded again and the capture lands at the pin, on that mention."""
    source = Source.objects.create(text=ARTICLE, content_hash="mention-unresolved", published="2017-03-16")
    span = _span(ARTICLE, VILLAGE_NAME)
    mention = Mention.objects.create(source=source, text=VILLAGE_NAME, confidence=0.2, **span)
    pinned = Api("ed").post(f"/api/mentions/{mention.pk}/place",
                            {"name": VILLAGE_NAME, "lat": 36.2, "lon": 43.55, "country_code": "IQ"})
    assert pinned.status_code == 200, pinned.content
    event = Event.objects.get(sources=source)
    assert (event.mention_id, event.place_id) == (mention.pk, pinned.json()["place"]["id"])
    assert list(Mention.objects.filter(source=source, start=span["start"]).values_list("pk", flat=True)) == [mention.pk]


@pytest.mark.parametrize(("span", "message"), [
    ({"start": 10, "end": 5}, "not inside the text"),
    ({"start": 0, "end": 10_000}, "not inside the text"),
    ({"start": 7, "end": 9}, "holds no words"),  # the comma and space after "BAGHDAD"
    ({"start": 8, "end": 9}, "holds no words"),
    ({"start": 0, "end": 300}, "at most 200 characters"),
    ({"start": -1, "end": 4}, "start"),
    ({"start": "a", "end": 4}, "start"),
    ({"start": 1, "end": 4, "place_id": 3}, "unknown field(s): place_id"),
])
def test_a_bad_span_is_refused_with_nothing_written(users, span, message):
    editor = Api("ed")
    source = editor.post("/api/sources", {"text": ARTICLE * 3, "published": "2017-03-16"}).json()
    before = Mention.objects.count()
    response = editor.post(f"/api/sources/{source['id']}/mentions", span)
    assert response.status_code == 400 and message in response.json()["error"], response.content
    assert Mention.objects.count() == before


def test_overlapping_an_existing_mention_is_refused(users):
    editor = Api("ed")
    source = editor.post("/api/sources", {"text": ARTICLE, "published": "2017-03-16"}).json()
    first = editor.post(f"/api/sources/{source['id']}/mentions", _span(ARTICLE, VILLAGE_NAME))
    assert first.status_code == 201
    again = editor.post(f"/api/sources/{source['id']}/mentions", _span(ARTICLE, "village of Umm"))
    assert again.status_code == 400 and "overlaps the mention 'Umm Khanzir'" in again.json()["error"]
    assert Mention.objects.filter(source_id=source["id"], text__contains="Umm").count() == 1


def test_only_editors_mark_places(users):
    source = Source.objects.create(text=ARTICLE, content_hash="mention-add-roles")
    url = f"/api/sources/{source.pk}/mentions"
    assert Api().post(url, _span(ARTICLE, VILLAGE_NAME)).status_code == 401
    refused = Api("viewer").post(url, _span(ARTICLE, VILLAGE_NAME))
    assert refused.status_code == 403 and "error" in refused.json()
    assert Api("ed").post("/api/sources/999999999/mentions", _span(ARTICLE, VILLAGE_NAME)).status_code == 404
    assert not Mention.objects.filter(source=source).exists()


def test_the_schema_describes_the_new_endpoint(users):
    paths = Api().get("/api/schema").json()["paths"]
    operation = paths["/api/sources/{source_id}/mentions"]["post"]
    assert {"201", "400", "401", "403", "404"} <= set(operation["responses"])
