"""Small builders for rows the integration tests need (real rows in the PostGIS test database)."""

from __future__ import annotations

import datetime

from django.contrib.gis.geos import Point

from events.models import Actor, Event, Place, Source


def place_named(name: str, country: str) -> Place:
    """A gazetteer place from the session's test gazetteer (the most populous of that name)."""
    return Place.objects.filter(name=name, country_code=country).order_by("-population").first()


def event_at(place: Place, *, date: datetime.date = datetime.date(2017, 11, 17), **fields) -> Event:
    source, _ = Source.objects.get_or_create(content_hash=f"test-{place.pk}-{date}",
                                             defaults={"text": "test", "title": "test source",
                                                       "url": "https://example.org/a", "published": date})
    actor = Actor.objects.get(name="Military Forces of Iraq")
    event = Event.objects.create(
        date=date, event_type="Battles", sub_event_type="Government regains territory", place=place,
        location=Point(place.point.x, place.point.y, srid=4326), country=place.country_code,
        admin1=place.admin1_name, actor1=actor, summary="test event", confidence=0.8, **fields,
    )
    event.sources.add(source)
    return event
