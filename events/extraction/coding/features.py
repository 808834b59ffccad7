"""What kind of place a resolved mention is, by its GeoNames feature code."""

from __future__ import annotations

from events.extraction.feature_codes import COUNTRY_PREFIX, SETTLEMENT_PREFIX

# Towns and the point features news treats like them (camps, airports, bases, dams, bridges).
_TOWN_LIKE = frozenset(
    {"STLMT", "CMP", "CMPRF", "AIRP", "AIRB", "MILB", "FT", "INSM", "CSTL", "PRT", "DAM", "BDG"}
)
# Never a control target: continents and water.
_UNCONTROLLABLE = frozenset({"CONT", "OCN", "SEA", "STM", "STMI", "GULF", "BAY", "LK"})


def feature_code(mention: dict) -> str:
    return (mention["place"].get("feature_code") or "").upper()


def country_of(mention: dict) -> str | None:
    return mention["place"].get("country_code")


def is_city(mention: dict) -> bool:
    """A populated place or a town-like point: what "the town" and "fell" speak of."""
    code = feature_code(mention)
    return code.startswith(SETTLEMENT_PREFIX) or code in _TOWN_LIKE


def controllable(mention: dict) -> bool:
    """Countries are never a control target (a country 'captured' is a figure of speech in news)."""
    code = feature_code(mention)
    return not code.startswith(COUNTRY_PREFIX) and code not in _UNCONTROLLABLE
