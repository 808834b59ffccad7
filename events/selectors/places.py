"""Reads of the gazetteer: ranked, accent- and variant-insensitive place search."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, IntegerField, Max, Value, When

from events.models import Place, PlaceName
from events.services.gazetteer import search_key


def place_search(*, q: str, country: str | None = None, limit: int = 20) -> list[Place]:
    """Places whose names match q: exact names first, then prefixes, then close spellings (trigrams);
    within each group the most populous and the higher-level features (countries, regions) first."""
    key = search_key(q)
    if not key:
        return []
    names = PlaceName.objects.filter(key__startswith=key)
    if country:
        names = names.filter(place__country_code__iexact=country)
    ranked = (
        names.values("place_id")
        .annotate(rank=Max(Case(When(key=key, then=Value(2)), default=Value(1), output_field=IntegerField())))
        .order_by()
    )
    found = {row["place_id"]: row["rank"] for row in ranked[:2000]}
    if len(found) < limit and len(key) >= 4:
        fuzzy = PlaceName.objects.annotate(similarity=TrigramSimilarity("key", key)).filter(similarity__gt=0.5)
        if country:
            fuzzy = fuzzy.filter(place__country_code__iexact=country)
        for row in fuzzy.order_by("-similarity").values("place_id")[:limit]:
            found.setdefault(row["place_id"], 0)
    places = Place.objects.filter(pk__in=found).only(
        "id", "geonames_id", "name", "feature_code", "country_code", "admin1_name", "point", "population"
    )
    return sorted(places, key=lambda p: (-found[p.pk], -_importance(p), p.name))[:limit]


def _importance(place: Place) -> int:
    code = place.feature_code or ""
    bonus = 10**9 if code.startswith("PCL") else 10**8 if code == "ADM1" else 0
    return bonus + (place.population or 0)


def place_json(place: Place) -> dict:
    """The place object of CONTRACT §4."""
    return {
        "id": place.pk, "geonames_id": place.geonames_id, "name": place.name,
        "feature_code": place.feature_code, "country_code": place.country_code, "admin1": place.admin1_name,
        "lat": round(place.point.y, 6), "lon": round(place.point.x, 6), "population": place.population,
    }
