"""A geopy geocoder over the local gazetteer, so code written for geopy works offline against our Places.

`LocalGazetteer().geocode("Rawa", country="IQ")` and `.reverse((34.48, 41.92))` return geopy `Location`s.
With settings.GEOCODER_ONLINE_FALLBACK on, a name the gazetteer lacks is looked up on Nominatim through
geopy's RateLimiter (one request a second, as its usage policy asks); off by default: no network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point as GeopyPoint

from events.extraction import feature_codes as fc
from events.models import Place
from events.selectors.places import place_json, place_search


class LocalGazetteer(Geocoder):
    """geopy's Geocoder interface over the Place table (ranked like /api/places)."""

    def __init__(self, *, online_fallback: bool | None = None, user_agent: str = "conflictmap") -> None:
        super().__init__(user_agent=user_agent)
        self._online_fallback = settings.GEOCODER_ONLINE_FALLBACK if online_fallback is None else online_fallback
        self._nominatim: Callable[..., Any] | None = None  # geopy's rate-limited Nominatim, made on first use

    def geocode(self, query: str, *, exactly_one: bool = True, country: str | None = None, limit: int = 10):
        places = place_search(q=query, country=country, limit=1 if exactly_one else limit)
        if not places and self._online_fallback:
            return self._online_geocode(query, exactly_one=exactly_one, country=country)
        locations = [_location(place) for place in places]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None

    def reverse(self, query, *, exactly_one: bool = True, limit: int = 5):
        point = GeopyPoint(query)
        origin = Point(point.longitude, point.latitude, srid=4326)
        nearest = (Place.objects.filter(feature_code__startswith=fc.SETTLEMENT_PREFIX)
                   .annotate(distance=Distance("point", origin)).order_by("distance")[: 1 if exactly_one else limit])
        locations = [_location(place) for place in nearest]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None

    def _online_geocode(self, query: str, *, exactly_one: bool, country: str | None):
        if self._nominatim is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            self._nominatim = RateLimiter(Nominatim(user_agent=self.headers.get("User-Agent", "conflictmap")).geocode,
                                          min_delay_seconds=1.0)
        return self._nominatim(query, exactly_one=exactly_one, country_codes=country)


def _location(place: Place) -> Location:
    label = ", ".join(part for part in (place.name, place.admin1_name, place.country_code) if part)
    return Location(label, (place.point.y, place.point.x), place_json(place))
