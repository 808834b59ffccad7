"""After scoring: the stages that overrule the resolver's best reading, all in one place.

The score ranks the readings of each name (resolve.py, resolver_features.py); some decisions need the
whole document's resolution first, and they are taken here, in this order (see `after_scoring`):

1. isolated names: a small one-word place in a country nothing else in the text is about is usually
   a surname ("Obama", "Messi") and is dropped;
2. distant counties: "Metcalfe County" read as a far-away town of that name is the missing county,
   placed near the article's town instead;
3. foreign guesses: a weak reading in another country than the one the text is about is left
   unresolved (the gazetteer lacks the real place);
4. the namesake swap, per mention: an uncued mention of a region named after its city ("fighters left
   Aden") is the city.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from events.extraction import feature_codes as fc
from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.resolve import NameGroup, is_local, kind_of, namesake_city
from events.extraction.resolver_features import CONFIDENT
from events.extraction.text import KEY_ALTERNATE, KEY_LOOSE
from events.extraction.toponyms import Span

ISOLATED_MAX_POPULATION = 100_000
# A transliteration-only match this small is no evidence against the country the text is about.
FOREIGN_LOOSE_MAX_POPULATION = 1_000_000


@dataclass(frozen=True, slots=True)
class Overrules:
    """Names whose best reading the stages overrule (keys of NameGroup)."""

    isolated: set[str]  # dropped: no place mention
    counties: set[str]  # placed near the article's town, as a county the gazetteer lacks
    guesses: set[str]  # kept as a name with no place


def after_scoring(
    gazetteer: Gazetteer, groups: dict[str, NameGroup], demonyms: dict[str, int] | None = None
) -> Overrules:
    """The document-level stages, in order (each sees what the previous ones decided)."""
    isolated = isolated_names(gazetteer, groups, demonyms)
    counties = distant_counties(gazetteer, groups, isolated)
    guesses = foreign_guesses(gazetteer, groups, isolated, demonyms)
    return Overrules(isolated=isolated, counties=counties, guesses=guesses)


def namesake_swap(gazetteer: Gazetteer, group: NameGroup, span: Span) -> GazetteerPlace | None:
    """The place one mention means (None if unresolved): the group's best reading, or the city a
    first-level region is named after when this mention is not cued as the region.

    "the province of Aden ... fighters left Aden": the uncued mention is the city, unless the text
    puts places inside the region ("Tacoma, Washington"); "the town of Diffa" is the town even where
    another mention says "Diffa region".
    """
    best = group.best
    if best is None:
        return None
    place = gazetteer.place(best)
    town_cued = span.cues.get("settlement") and not span.cues.get("admin")
    if place.feature_code == fc.ADM1 and (town_cued or not span.cues and not group.contents):
        city = namesake_city(gazetteer, group, best)
        if city is not None:
            return gazetteer.place(city)
    return place


def distant_counties(gazetteer: Gazetteer, groups: dict[str, NameGroup], isolated: set[str]) -> set[str]:
    """Names said to be a county ("Metcalfe County") resolved only to a town of that name far
    from the article's other places: the gazetteer lacks the county, and that town is not it."""
    confident = {
        key: gazetteer.place(group.best)
        for key, group in groups.items()
        if group.best is not None
        and key not in isolated
        and group.confidence >= CONFIDENT
        and not group.cues["county"]
        and kind_of(gazetteer.place(group.best)) not in ("country", "continent")
    }
    out = set()
    for key, group in groups.items():
        if not group.cues["county"] or group.best is None or key in isolated:
            continue
        place = gazetteer.place(group.best)
        if not fc.is_settlement(place.feature_code):
            continue
        anchors = [p for k, p in confident.items() if k != key]
        containers = [confident[k] for k in group.containers if k in confident]
        if anchors and not is_local(place, anchors, containers):
            out.add(key)
    return out




def names_by_country(
    gazetteer: Gazetteer, groups: dict[str, NameGroup], excluded: AbstractSet[str] = frozenset()
) -> dict[str, set[str]]:
    """The resolved names of a text per country of their place: what else the text says of a country."""
    support: dict[str, set[str]] = {}
    for key, group in groups.items():
        if group.best is not None and key not in excluded:
            support.setdefault(gazetteer.country_code(group.best), set()).add(key)
    return support


def isolated_names(
    gazetteer: Gazetteer, groups: dict[str, NameGroup], demonyms: dict[str, int] | None = None
) -> set[str]:
    """Small one-word places in a country nothing else in the text is about: usually a surname.

    "Obama", "Messi" or "Kobe Bryant's" "Bryant" all name some village; a real small place comes
    with its country, region or neighbours ("Siniyah in Saleheddin province"), or with its
    people ("Burmese troops left Kawlin").
    """
    support = names_by_country(gazetteer, groups)
    for code in demonyms or {}:
        support.setdefault(code, set()).add("demonym")
    isolated = set()
    for key, group in groups.items():
        if group.best is None:
            continue
        if _generic_region(gazetteer, group.key, group.best) and not support.get(gazetteer.country_code(group.best), set()) - {key}:
            isolated.add(key)  # "West Coast" in a Californian story is no region of New Zealand
            continue
        if " " in key or group.cues or group.containers:
            continue
        place = gazetteer.place(group.best)
        if not fc.is_settlement(place.feature_code) or place.population >= ISOLATED_MAX_POPULATION:
            continue
        if not support.get(place.country_code, set()) - {key}:
            isolated.add(key)
    return isolated


# Words of region names that say only where ("North West", "Far North", "Eastern", "West Coast").
GENERIC_REGION_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center northeast northwest "
    "southeast southwest far upper lower middle mid inner outer coast coastal district region province "
    "highlands lowlands interior".split()
)


def _generic_region(gazetteer: Gazetteer, key: str, best: int) -> bool:
    """A region whose name is made of direction words only: it needs its country in the text."""
    code = gazetteer.feature_code(best)
    return code in fc.REGION_CODES and all(word in GENERIC_REGION_WORDS for word in key.split())




def foreign_guesses(
    gazetteer: Gazetteer, groups: dict[str, NameGroup], isolated: set[str], demonyms: dict[str, int] | None = None
) -> set[str]:
    """Names read as a place in a country nothing else in the text is about, while the text is
    about another one, on evidence too weak for that: the real place is missing from the gazetteer
    and left unresolved. Weak evidence is a town spelled otherwise ("the town of Shura, south of
    Mosul" is no Chauray in France; "Awasse, near Mocimboa da Praia" is no Awasa in Ethiopia), a
    region spelled otherwise ("Al-Dhahira" in a list of Lebanese border towns is no Omani
    governorate), or a small town named as a village or town in a text about another country."""
    support = names_by_country(gazetteer, groups, isolated)
    support.pop("", None)
    for code in demonyms or {}:  # "Burkinabe forces", "Somali troops": the text is about that country
        support.setdefault(code, set()).add("demonym")
    focus = max(support, key=lambda cc: len(support[cc]), default="")
    if not focus or len(support[focus]) < 2:
        return set()
    out = set()
    for key, group in groups.items():
        if group.best is None or key in isolated:
            continue
        place = gazetteer.place(group.best)
        if _outside_its_region(gazetteer, groups, group, place):
            out.add(key)
            continue
        if place.country_code in ("", focus) or support.get(place.country_code, set()) - {key}:
            continue
        if _weak_reading(place, group.candidates[group.best], group):
            out.add(key)
    return out




def _outside_its_region(gazetteer: Gazetteer, groups: dict[str, NameGroup], group: NameGroup, place: GazetteerPlace) -> bool:
    """A town the text puts in a first-level region of another country, with no reading in that
    country ("in Sanja, Amhara region" is no Sanya in China): the gazetteer lacks the real one."""
    if not fc.is_settlement(place.feature_code):
        return False
    for key in group.containers:
        container = groups.get(key)
        if container is None or container.best is None or container.country_confidence < 0.6:
            continue
        region = gazetteer.place(container.best)
        if (
            region.feature_code == fc.ADM1
            and region.country_code != place.country_code
            and not any(gazetteer.country_code(i) == region.country_code for i in group.candidates)
        ):
            return True
    return False


def _weak_reading(place: GazetteerPlace, flags: int, group: NameGroup) -> bool:
    """Too little to place a name abroad: a transliteration of a town or a region, another name of
    a small town, or a small town's exact name where the text says "village" or "town"."""
    town = fc.is_settlement(place.feature_code)
    small = town and place.population < ISOLATED_MAX_POPULATION
    if flags & KEY_LOOSE:
        return place.feature_code in (fc.ADM1, fc.ADM2, fc.REGION) or town and place.population < FOREIGN_LOOSE_MAX_POPULATION
    return small and bool(flags & KEY_ALTERNATE or group.cues["settlement"])
