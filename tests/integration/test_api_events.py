"""GET /api/events.geojson: RFC 7946 output, filters, and JSON 400s for bad parameters."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection

from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db


def _get(client, **params):
    response = client.get("/api/events.geojson", params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, json.loads(body)


def test_feature_collection_is_rfc7946(client):
    event = event_at(place_named("Rāwah", "IQ"))
    status, collection = _get(client)
    assert status == 200
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    feature = next(f for f in collection["features"] if f["id"] == event.pk)
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "Point"
    assert 41 < lon < 43 and 34 < lat < 35  # longitude first
    assert all(len(str(c).split(".")[-1]) <= 6 for c in (lon, lat))
    expected = {"date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place",
                "geonames_id", "geo_precision", "country", "admin1", "fatalities", "summary", "confidence",
                "status", "sources"}
    assert expected <= set(feature["properties"])
    assert feature["properties"]["actor1"] == "Military Forces of Iraq"
    assert feature["properties"]["sources"] == [{"url": "https://example.org/a", "title": "test source",
                                                 "published": "2017-11-17"}]


def ids(collection: dict) -> set[int]:
    return {f["id"] for f in collection["features"]}


def test_filters_by_date_bbox_country_and_actor(client):
    rawa = event_at(place_named("Rāwah", "IQ"), date=datetime.date(2017, 11, 17))
    kyiv = event_at(place_named("Kyiv", "UA"), date=datetime.date(2022, 3, 1))
    assert ids(_get(client, start="2017-01-01", end="2017-12-31")[1]) >= {rawa.pk}
    assert kyiv.pk not in ids(_get(client, start="2017-01-01", end="2017-12-31")[1])
    assert ids(_get(client, bbox="40,33,43,36")[1]) >= {rawa.pk}
    assert kyiv.pk not in ids(_get(client, bbox="40,33,43,36")[1])
    assert kyiv.pk in ids(_get(client, country="UA")[1]) and rawa.pk not in ids(_get(client, country="UA")[1])
    assert rawa.pk in ids(_get(client, actor="Military Forces of Iraq")[1])
    assert rawa.pk not in ids(_get(client, actor="Islamic State")[1])


@pytest.mark.parametrize("params, message", [
    ({"start": "2017-02-30"}, "start"),
    ({"start": "2018-01-01", "end": "2017-01-01"}, "start must not be after end"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "0,0,200,10"}, "out of range"),
    ({"status": "bogus"}, "status"),
    ({"country": "Iraq"}, "country"),
    ({"colour": "red"}, "unknown parameter"),
])
def test_bad_parameters_get_json_400(client, params, message):
    status, body = _get(client, **params)
    assert status == 400
    assert message in body["error"]


def test_place_search_is_accent_and_variant_insensitive(client):
    response = client.get("/api/places", {"q": "rawah", "country": "IQ"})
    assert response.status_code == 200
    assert response.json()[0]["name"] == "Rāwah"
    assert {"id", "geonames_id", "feature_code", "country_code", "lat", "lon"} <= set(response.json()[0])
    assert client.get("/api/places").status_code == 400
    assert client.get("/api/places", {"q": "x", "bogus": "1"}).json()["error"].startswith("unknown parameter")


def test_extract_api_requires_login_and_writes_nothing(client, django_user_model):
    refused = client.post("/api/extract", {"text": "Fighting in Mosul."})
    assert refused.status_code == 401 and refused.json()["error"] == "login required"
    user = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    client.force_login(user)
    response = client.post("/api/extract", {"text": "Iraqi forces entered Mosul on Friday.",
                                            "published": "2017-07-10"})
    assert response.status_code == 200
    assert any(m["text"] == "Mosul" and m["place"]["country_code"] == "IQ" for m in response.json()["mentions"])
    assert client.post("/api/extract", {"text": ""}).status_code == 400


def test_event_tiles_are_vector_tiles_with_the_events_layer(client):
    event_at(place_named("Rāwah", "IQ"))
    connection.check_constraints()  # what a commit runs: the low-zoom tile cells are counted then
    # Rawa (41.9E, 34.5N) lies in tile 10/631/407 and, aggregated, in 3/4/3.
    for z, x, y in ((10, 631, 407), (3, 4, 3)):
        response = client.get(f"/api/tiles/events/{z}/{x}/{y}.pbf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
        assert b"events" in response.content
    assert client.get("/api/tiles/events/10/0/0.pbf").content == b""
    assert client.get("/api/tiles/events/2/9/0.pbf").status_code == 400
