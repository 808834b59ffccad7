"""The event filters CONTRACT §3 adds (sub-type, precision, confidence, source, actor aliases), as an
analyst typing them into the map or a URL would use them."""

from __future__ import annotations

import json

import pytest

from events.models import Actor
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db


def _ids(client, **params) -> set[int]:
    response = client.get("/api/events.geojson", params)
    assert response.status_code == 200, response.content
    return {f["id"] for f in json.loads(b"".join(response.streaming_content))["features"]}


def test_actor_matches_any_alias_ignoring_case(client):
    isis = Actor.objects.get_or_create(name="Islamic State", defaults={"kind": Actor.Kind.NON_STATE})[0]
    isis.aliases = ["Daesh", "ISIS"]
    isis.save()
    event = event_at(place_named("Rāwah", "IQ"), actor2=isis)
    for name in ("ISIS", "isis", "daesh", "islamic state", str(isis.pk)):
        assert event.pk in _ids(client, actor=name), name
    assert event.pk not in _ids(client, actor="IS")  # a whole alias, not a part of one


def test_sub_type_precision_confidence_and_source(client):
    exact = event_at(place_named("Rāwah", "IQ"), geo_precision=1)
    region = event_at(place_named("Kyiv", "UA"), geo_precision=3)
    exact.confidence = 0.9
    exact.save()
    region.confidence, region.sub_event_type = 0.4, "Armed clash"
    region.save()
    assert _ids(client, sub_event_type="armed clash") >= {region.pk}
    assert exact.pk not in _ids(client, sub_event_type="Armed clash")
    assert exact.pk in _ids(client, geo_precision="2") and region.pk not in _ids(client, geo_precision="2")
    assert region.pk in _ids(client, geo_precision="3")
    assert exact.pk in _ids(client, min_confidence="0.5") and region.pk not in _ids(client, min_confidence="0.5")
    source = exact.sources.get()
    assert _ids(client, source=str(source.pk)) == {e.pk for e in source.events.all()}
    assert region.pk not in _ids(client, source=str(source.pk))


@pytest.mark.parametrize("params", [{"geo_precision": "4"}, {"geo_precision": "x"}, {"min_confidence": "1.5"},
                                    {"min_confidence": "nan"}, {"source": "-1"}, {"source": "٣"}])
def test_bad_filter_values_are_400s(client, params):
    response = client.get("/api/events.geojson", params)
    assert response.status_code == 400 and "error" in response.json()
