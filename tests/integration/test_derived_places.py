"""Places below the gazetteer on PostGIS: a site the text places at a town ("Khartoum international
airport") gets a place of its own, near the town and marked approximate, and the control map shows who
took it, without saying the town itself changed hands."""

from __future__ import annotations

import datetime

import pytest

from events.models import Event, Place
from events.selectors.extractor import get_extractor
from events.services.ingest import source_ingest

pytestmark = pytest.mark.django_db

# https://somaliguardian.com/news/africa/sudanese-paramilitary-force-says-it-has-control-of-khartoum-airport/
AIRPORT = ("Sudan's paramilitary Rapid Support Forces said on Saturday that it had taken control of Khartoum "
           "international airport, as clashes erupted with the army.")
# https://www.eaglenews.ph/developing-story-sudan-paramilitaries-say-they-took-control-of-khartoum-airport/
AIRPORT_AGAIN = ("Sudan's paramilitary Rapid Support Force said it had taken control of Khartoum airport Saturday "
                 "in response to army attacks on its bases.")
PUBLISHED = datetime.date(2023, 4, 15)


def _ingest(text: str, published: datetime.date = PUBLISHED):
    return source_ingest(text=text, extractor=get_extractor(), published=published, title="test dispatch")


def _place_features(client, day: str) -> list[dict]:
    response = client.get("/api/control.geojson", {"date": day})
    assert response.status_code == 200
    return [f for f in response.json()["features"] if f["properties"]["layer"] == "place"]


def test_an_airport_seized_is_an_approximate_place_near_its_town_held_by_the_captor(client):
    _ingest(AIRPORT)
    khartoum = Place.objects.filter(name="Khartoum", feature_code__startswith="PPL").first()
    assert khartoum is not None
    airport = Place.objects.get(origin=Place.Origin.DERIVED, container=khartoum)
    assert airport.approximate and "airport" in airport.name.lower()
    assert airport.point.distance(khartoum.point) < 0.2  # degrees: at its container

    features = _place_features(client, "2023-04-16")
    shown = [f for f in features if f["properties"]["place_id"] == airport.pk]
    assert len(shown) == 1
    properties = shown[0]["properties"]
    assert properties["approximate"] is True
    assert properties["controller"]["name"] == "Rapid Support Forces"
    # the town itself is not reported taken
    assert not [f for f in features if f["properties"]["place_id"] == khartoum.pk]
    event = Event.objects.get(place=airport)
    assert event.geo_precision == Event.GeoPrecision.NEAR

    before = _place_features(client, "2023-04-13")
    assert not [f for f in before if f["properties"]["place_id"] == airport.pk]


def test_the_same_site_named_by_two_articles_is_one_place():
    _ingest(AIRPORT)
    _ingest(AIRPORT_AGAIN)
    derived = Place.objects.filter(origin=Place.Origin.DERIVED, name__icontains="airport")
    assert derived.count() == 1
    assert Event.objects.filter(place=derived.get()).count() == 2


def test_gazetteer_places_are_not_approximate_on_the_map(client):
    _ingest("Iraqi forces recaptured the town of Rawa in western Anbar from Islamic State on Friday, "
            "the army said.", datetime.date(2017, 11, 23))
    features = _place_features(client, "2017-11-20")
    assert features and all(f["properties"]["approximate"] is False for f in features)
