"""The editor API (CONTRACT §3b) over Django's test client with real logins through the login form and
CSRF checks on, on PostGIS with the session's regional gazetteer: an editor adds an article, pins a
village the gazetteer lacks, fixes a date and draws an area, and the map's endpoints follow; a reviewer
rejects the event and it leaves the map; roles, stale versions and bad input are refused with nothing
written."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from events import urls
from events.models import Actor, ControlArea, ControlObservation, Event, Mention, Source
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db
PASSWORD = "pw-editor-api-1"

# A village south of Bakhmut that the test gazetteer lacks: the geoparser puts the name elsewhere.
ARTICLE = ("KYIV, Sept 15 (Reuters) - Ukrainian forces recaptured the village of Andriivka, south of Bakhmut, "
           "on Thursday, the military said. Russian troops withdrew from Andriivka after days of fighting.\n")
VILLAGE = {"name": "Andriivka", "lat": 48.5, "lon": 37.97, "country_code": "UA"}


def _user(django_user_model, username: str, group: str | None = None):
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class Api:
    """A browser-like session: logs in through the login form, sends the CSRF token as X-CSRFToken."""

    def __init__(self, username: str | None = None):
        self.client = Client(enforce_csrf_checks=True)
        if username:
            page = self.client.get("/accounts/login/")
            token = page.cookies["csrftoken"].value
            response = self.client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                                             "csrfmiddlewaretoken": token})
            assert response.status_code == 302, "login failed"

    def _headers(self) -> dict:
        cookie = self.client.cookies.get("csrftoken")
        return {"HTTP_X_CSRFTOKEN": cookie.value} if cookie else {}

    def get(self, path: str, **params):
        return self.client.get(path, params)

    def send(self, method: str, url: str, body=None, **extra):
        data = body if isinstance(body, str | bytes) else json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(url, data, content_type="application/json",
                                            **{**self._headers(), **extra})

    def post(self, url, body=None, **extra):
        return self.send("post", url, body, **extra)

    def patch(self, url, body=None, **extra):
        return self.send("patch", url, body, **extra)

    def delete(self, url, **extra):
        return self.send("delete", url, **extra)


def _features(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)["features"]


def _event_feature(api: Api, event_id: int) -> dict | None:
    return next((f for f in _features(api.get("/api/events.geojson")) if f["id"] == event_id), None)


def _control_places(api: Api, date: str) -> dict[int, dict]:
    return {f["properties"]["place_id"]: f for f in _features(api.get("/api/control.geojson", date=date))
            if f["properties"]["layer"] == "place"}


@pytest.fixture
def users(django_user_model):
    return {"editor": _user(django_user_model, "ed", "editors"),
            "reviewer": _user(django_user_model, "rev", "reviewers"),
            "viewer": _user(django_user_model, "viewer")}


def test_the_editor_story(users):
    anonymous, viewer, editor, reviewer = Api(), Api("viewer"), Api("ed"), Api("rev")
    article = {"text": ARTICLE, "published": "2023-09-16", "title": "Andriivka retaken",
               "url": "https://example.org/andriivka"}

    # Anonymous: 401 (not a redirect); a user without the role: 403; nothing written.
    assert anonymous.post("/api/sources", article).status_code == 401
    refused = viewer.post("/api/sources", article)
    assert refused.status_code == 403 and "error" in refused.json()
    assert not Source.objects.filter(title="Andriivka retaken").exists()

    # The editor adds the article: the answer is the source as GET gives it; the same text again is the same source.
    created = editor.post("/api/sources", article)
    assert created.status_code == 201, created.content
    source = created.json()
    assert source["text"] == ARTICLE and source["events"]
    again = editor.post("/api/sources", article)
    assert again.status_code == 200 and again.json()["id"] == source["id"]
    assert editor.get(f"/api/sources/{source['id']}").json() == source
    listed = editor.get("/api/sources", url=article["url"]).json()
    assert [s["id"] for s in listed] == [source["id"]] and listed[0]["counts"]["events"] == len(source["events"])

    event_id = source["events"][0]
    event = editor.get(f"/api/events/{event_id}").json()
    assert event["event_type"] == "Battles" and event["actor1"]["name"] == "Military Forces of Ukraine"
    mention = next(m for m in source["mentions"] if m["id"] == event["mention_id"])
    assert mention["text"] == "Andriivka" and mention["candidates"]
    wrong_place = event["place"]["id"]
    assert wrong_place in _control_places(editor, "2023-09-20")

    # The editor pins the village the gazetteer lacks: the event and the control map move to the pin.
    pinned = editor.post(f"/api/mentions/{mention['id']}/place", VILLAGE)
    assert pinned.status_code == 200, pinned.content
    village = pinned.json()["place"]
    assert (village["name"], village["lat"], village["lon"]) == ("Andriivka", 48.5, 37.97)
    assert pinned.json()["status"] == "corrected"
    assert _event_feature(editor, event_id)["geometry"]["coordinates"] == [37.97, 48.5]
    control = _control_places(editor, "2023-09-20")
    assert control[village["id"]]["geometry"]["coordinates"] == [37.97, 48.5]
    assert control[village["id"]]["properties"]["controller"]["name"] == "Military Forces of Ukraine"
    assert control[village["id"]]["properties"]["event_id"] == event_id

    # A date fix moves the control change; a stale PATCH gets 409 and writes nothing.
    event = editor.get(f"/api/events/{event_id}").json()
    assert event["date"] == "2023-09-14" and village["id"] not in _control_places(editor, "2023-09-12")
    fixed = editor.patch(f"/api/events/{event_id}", {"version": event["version"], "date": "2023-09-10"})
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["date"] == "2023-09-10" and fixed.json()["version"] == event["version"] + 1
    assert village["id"] in _control_places(editor, "2023-09-12")
    stale = editor.patch(f"/api/events/{event_id}", {"version": event["version"], "fatalities": 7})
    assert stale.status_code == 409 and "error" in stale.json()
    assert Event.objects.get(pk=event_id).fatalities is None
    assert Event.history.filter(id=event_id, date="2023-09-10").latest("history_date").history_user == users["editor"]

    # A drawn area shows on /api/control.geojson on the dates it is valid.
    ukraine = event["actor1"]["id"]
    square = {"type": "Polygon", "coordinates": [[[37.9, 48.45], [38.05, 48.45], [38.05, 48.55], [37.9, 48.55],
                                                  [37.9, 48.45]]]}
    drawn = editor.post("/api/areas", {"type": "Feature", "geometry": square,
                                       "properties": {"actor_id": ukraine, "valid_from": "2023-09-10"}})
    assert drawn.status_code == 201, drawn.content
    areas = [f for f in _features(editor.get("/api/control.geojson", date="2023-09-20"))
             if f["properties"]["layer"] == "area" and f["properties"]["method"] == "drawn"]
    assert [a["properties"]["controller"]["id"] for a in areas] == [ukraine]
    assert areas[0]["properties"]["valid_from"] == "2023-09-10"

    # Review status is the reviewers': an editor gets 403; a reviewer rejects and the event leaves the map.
    assert editor.post(f"/api/events/{event_id}/status", {"status": "rejected"}).status_code == 403
    assert Event.objects.get(pk=event_id).status == Event.Status.EXTRACTED
    rejected = reviewer.post(f"/api/events/{event_id}/status", {"status": "rejected"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert _event_feature(editor, event_id) is None
    assert village["id"] not in _control_places(editor, "2023-09-20")

    # The next article naming the village resolves to the pin.
    later = editor.post("/api/sources", {"text": ARTICLE.replace("Sept 15", "Sept 17"), "published": "2023-09-18"})
    assert {m["place"]["id"] for m in later.json()["mentions"] if m["text"] == "Andriivka"} == {village["id"]}


def test_unknown_records_are_404_in_the_same_shape(users):
    editor = Api("ed")
    for response in (editor.get("/api/sources/999999999"), editor.get("/api/events/999999999"),
                     editor.post("/api/mentions/999999999/place", {"place_id": None}),
                     editor.patch("/api/events/999999999", {"version": 1, "fatalities": 1}),
                     editor.delete("/api/areas/999999999")):
        assert response.status_code == 404 and response.json()["error"]
    assert editor.get("/api/sources", colour="red").status_code == 400
    not_allowed = Api().delete("/api/sources")
    assert not_allowed.status_code == 405 and not_allowed.json()["error"]


def test_session_writes_need_the_csrf_token(users):
    editor = Api("ed")
    source = Source.objects.create(text="x", content_hash="csrf-test")
    mention = Mention.objects.create(source=source, start=0, end=1, text="x")
    response = editor.client.post(f"/api/mentions/{mention.pk}/place", json.dumps({"place_id": None}),
                                  content_type="application/json")  # no X-CSRFToken
    assert response.status_code == 403 and "CSRF" in response.json()["error"]
    mention.refresh_from_db()
    assert mention.status == Mention.Status.AUTO


def test_token_authentication_and_the_command_that_makes_tokens(users, capsys):
    call_command("drf_create_token", "ed")
    key = Token.objects.get(user=users["editor"]).key
    assert key in capsys.readouterr().out
    client = Client(enforce_csrf_checks=True)  # a script: no session, no CSRF token
    response = client.post("/api/sources", json.dumps({"text": "Fighting was reported near Bakhmut."}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 201, response.content
    assert client.post("/api/sources", json.dumps({"text": "x"}), content_type="application/json",
                       HTTP_AUTHORIZATION="Token not-a-token").status_code == 401


@pytest.mark.parametrize(("body", "message"), [
    ('{"text": ', "JSON parse error"),
    ("[1, 2]", "Expected a dictionary"),
    ({"text": "Shelling near Bakhmut.", "colour": "red"}, "unknown field(s): colour"),
    ({"text": "   "}, "text: the text is empty"),
    ({"text": "Shelling near Bakhmut.", "published": "2023-02-30"}, "published"),
    ({"text": "Shelling near Bakhmut.", "url": "javascript:alert(1)"}, "url"),
])
def test_bad_input_is_one_json_error_and_writes_nothing(users, body, message):
    before = Source.objects.count()
    response = Api("ed").post("/api/sources", body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert Source.objects.count() == before


@pytest.mark.parametrize(("geometry", "message"), [
    ({"type": "Point", "coordinates": [38, 48]}, "Polygon or MultiPolygon"),
    ({"type": "Polygon", "coordinates": [[[37, 48], [38, 48], [38, 95], [37, 48]]]}, "lat in -90..90"),
    ({"type": "Polygon", "coordinates": [[[37, 48], [38, 48], [38, 49]]]}, "at least four positions"),
    ({"type": "Polygon", "coordinates": [[[37, 48], [38, 48], [38, 49], [37, 49]]]}, "ends where it starts"),
    ({"type": "Polygon", "coordinates": [[[37, 48], [38, 49], [38, 48], [37, 49], [37, 48]]]}, "invalid geometry"),
])
def test_areas_take_valid_geojson_only(users, geometry, message):
    actor = Actor.objects.get(name="Military Forces of Ukraine")
    response = Api("ed").post("/api/areas", {"type": "Feature", "geometry": geometry,
                                             "properties": {"actor_id": actor.pk, "valid_from": "2023-01-01"}})
    assert response.status_code == 400 and message in response.json()["error"]
    assert not ControlArea.objects.exists()


def test_observations_and_areas_edited_and_deleted(users):
    editor = Api("ed")
    actor = Actor.objects.get(name="Military Forces of Ukraine")
    place = place_named("Bakhmut", "UA")
    made = editor.post("/api/observations", {"place_id": place.pk, "actor_id": actor.pk, "status": "controlled",
                                             "kind": "change", "date": "2023-09-01", "evidence": "by hand"})
    assert made.status_code == 201, made.content
    observation = made.json()
    assert _control_places(editor, "2023-09-02")[place.pk]["properties"]["controller"]["id"] == actor.pk
    moved = editor.patch(f"/api/observations/{observation['id']}",
                         {"version": observation["version"], "date": "2023-09-05"})
    assert moved.status_code == 200 and moved.json()["date"] == "2023-09-05"
    assert place.pk not in _control_places(editor, "2023-09-02")
    stale = editor.patch(f"/api/observations/{observation['id']}", {"version": observation["version"],
                                                                     "claimed": True})
    assert stale.status_code == 409 and ControlObservation.objects.get(pk=observation["id"]).claimed is False
    assert editor.delete(f"/api/observations/{observation['id']}").status_code == 204
    assert place.pk not in _control_places(editor, "2023-09-06")

    square = {"type": "Polygon", "coordinates": [[[37.9, 48.45], [38.05, 48.45], [38.05, 48.55], [37.9, 48.55],
                                                  [37.9, 48.45]]]}
    area = editor.post("/api/areas", {"type": "Feature", "geometry": square,
                                      "properties": {"actor_id": actor.pk, "valid_from": "2023-09-10"}}).json()
    changed = editor.patch(f"/api/areas/{area['id']}", {"type": "Feature", "properties": {"valid_to": "2023-09-30"}})
    assert changed.status_code == 200 and changed.json()["properties"]["valid_to"] == "2023-09-30"
    backwards = editor.patch(f"/api/areas/{area['id']}", {"type": "Feature", "properties": {"valid_to": "2023-09-01"}})
    assert backwards.status_code == 400
    assert not [f for f in _features(editor.get("/api/control.geojson", date="2023-10-05"))
                if f["properties"]["layer"] == "area" and f["properties"]["method"] == "drawn"]
    assert Api("viewer").delete(f"/api/areas/{area['id']}").status_code == 403
    assert editor.delete(f"/api/areas/{area['id']}").status_code == 204
    assert not ControlArea.objects.exists()


def test_merge_is_for_reviewers_and_keeps_every_source(users):
    rawa = place_named("Rāwah", "IQ")
    first, second = event_at(rawa), event_at(rawa)
    other = Source.objects.create(text="other report", content_hash="merge-test", url="https://example.org/b")
    second.sources.set([other])
    ids = {"ids": [first.pk, second.pk]}
    assert Api("ed").post("/api/events/merge", ids).status_code == 403
    merged = Api("rev").post("/api/events/merge", ids)
    assert merged.status_code == 200, merged.content
    assert len(merged.json()["sources"]) == 2
    assert Api("rev").post("/api/events/merge", {"ids": [first.pk, 10**9]}).status_code == 400


def test_not_a_place_takes_the_event_off_the_map(users):
    editor = Api("ed")
    text = "BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from Islamic State on Friday."
    source = editor.post("/api/sources", {"text": text, "published": "2017-11-18"}).json()
    event = editor.get(f"/api/events/{source['events'][0]}").json()
    response = editor.post(f"/api/mentions/{event['mention_id']}/place", {"place_id": None})
    assert response.status_code == 200 and response.json()["place"] is None
    assert _event_feature(editor, event["id"]) is None


def test_schema_describes_every_endpoint_and_its_page_is_served_locally(users):
    client = Client()
    schema = client.get("/api/schema")
    assert schema.status_code == 200 and schema["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = schema.json()
    assert document["openapi"].startswith("3.")
    routes = {re.sub(r"<\w+:(\w+)>", r"{\1}", "/" + str(p.pattern)) for p in urls.urlpatterns}
    api = {r for r in routes if r.startswith("/api/") and not r.startswith("/api/schema")}
    contract = {"/api/events.csv", "/api/events.gpkg"}  # CONTRACT §3 exports, routed as they land
    assert sorted((api | contract) - set(document["paths"])) == []
    assert len(api) >= 16
    assert {"get", "patch"} <= set(document["paths"]["/api/events/{event_id}"])
    page = client.get("/api/schema/docs").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "http://" not in page.replace("http://testserver", "") and "https://" not in page


def test_the_schema_describes_the_answers_as_they_are(users):
    editor = Api("ed")
    schemas = Client().get("/api/schema").json()["components"]["schemas"]

    def documented(name: str) -> set[str]:
        return set(schemas[name]["properties"])

    text = "BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from Islamic State on Friday."
    source = editor.post("/api/sources", {"text": text, "published": "2017-11-18"}).json()
    assert set(source) == documented("SourceOut")
    assert set(source["mentions"][0]) == documented("MentionOut")
    assert set(editor.get("/api/sources").json()[0]) == documented("SourceListItemOut")
    event = editor.get(f"/api/events/{source['events'][0]}").json()
    assert set(event) == documented("EventOut")
    assert set(event["place"]) == documented("PlaceOut") and set(event["actor1"]) == documented("ActorOut")
    observation = editor.post("/api/observations", {
        "place_id": event["place"]["id"], "actor_id": event["actor1"]["id"], "status": "controlled",
        "kind": "holds", "date": "2017-11-20"}).json()
    assert set(observation) == documented("ObservationOut")
    area = editor.post("/api/areas", {"type": "Feature", "properties": {"actor_id": event["actor1"]["id"],
                                                                        "valid_from": "2017-11-17"},
                                      "geometry": {"type": "Polygon", "coordinates": [[[41, 34], [42, 34], [42, 35],
                                                                                       [41, 34]]]}}).json()
    assert set(area) == documented("AreaFeatureOut") and set(area["properties"]) == documented("AreaPropertiesOut")
