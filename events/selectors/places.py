"""Reads of the gazetteer: ranked, accent- and variant-insensitive place search."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When

from events.extraction import feature_codes as fc
from events.extraction.text import search_key
from events.models import Place, PlaceName

_NAMES_SCANNED = 2000


def place_search(*, q: str, country: str | None = None, limit: int = 20) -> list[Place]:
    """Places whose names match q: exact names first, then prefixes, then (only when neither finds
    anything: a misspelling) close spellings by trigrams; within each group the higher-level features
    (countries, regions) and the most populous first.

    Every step is an index range scan with a bound, never an aggregate over all matching names: a
    one-letter prefix matches a fifth of the 1.2M names, and a similarity over every name is a
    sequential scan (seconds)."""
    key = search_key(q)
    if not key:
        return []
    names = PlaceName.objects.all()
    if country:
        names = names.filter(place__country_code__iexact=country)
    found = _ranked_places(names.filter(key=key), limit)
    if len(found) < limit and len(key) >= 2:  # a one-letter prefix names a fifth of the world
        prefix = names.filter(key__startswith=key).exclude(key=key)
        found += [p for p in _ranked_places(prefix, limit) if p not in found][: limit - len(found)]
    if not found and len(key) >= 4:
        found = _ranked_places(_close_spellings(names, key), limit)
    return found


def _ranked_places(names: QuerySet[PlaceName], limit: int) -> list[Place]:
    """The places of (at most _NAMES_SCANNED of) these names, the most important first. The ids are
    read first: as a subquery the planner hashes it against a scan of every place."""
    place_ids = set(names.order_by().values_list("place_id", flat=True)[:_NAMES_SCANNED])
    if not place_ids:
        return []
    level = Case(When(feature_code__startswith=fc.COUNTRY_PREFIX, then=Value(2)), When(feature_code=fc.ADM1, then=Value(1)),
                 default=Value(0), output_field=IntegerField())
    return list(
        Place.objects.filter(pk__in=place_ids).annotate(level=level).order_by("-level", "-population", "name", "pk")
        .only("id", "geonames_id", "name", "feature_code", "country_code", "admin1_name", "point", "population")
        [:limit]
    )


def _close_spellings(names: QuerySet[PlaceName], key: str) -> QuerySet[PlaceName]:
    """Names within trigram similarity 0.5 of key, through the trigram index (the `%` operator)."""
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = 0.5")
    return names.filter(key__trigram_similar=key)


def place_json(place: Place) -> dict:
    """The place object of CONTRACT §4."""
    return {
        "id": place.pk, "geonames_id": place.geonames_id, "name": place.name,
        "feature_code": place.feature_code, "country_code": place.country_code, "admin1": place.admin1_name,
        "lat": round(place.point.y, 6), "lon": round(place.point.x, 6), "population": place.population,
    }
