"""The resolver's model: named features of a (name, candidate place) pair, and a weighted sum of them.

`features(candidate, context)` says, in numbers, why a place may be what a name means: how prominent it
is (its kind, its population), how well the spelling matched, whether the document is about its country,
the type words around the name ("X province", "the town of X"), what the text says contains it ("Rawa in
western Anbar"), how near it lies to the article's other places, and whether an editor chose it before.
Most features are 0/1 indicators, so a weight reads as "points for this"; a few are measures (log
population, nearness, a share of the country focus).

`score(features)` is the weighted sum, with the weights of `data/resolver_weights.json` (written by
`bench/fit_resolver.py`, or set by hand). It is summed group by group in the order of FEATURE_GROUPS:
the order in which the hand-written resolver once added its terms, so hand-set weights give the very
same floating-point scores (and the same Extraction JSON) as that code did.

What is not a weight stays a named constant below: distances, thresholds, the softmax temperature.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from events.extraction import feature_codes as fc
from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.text import KEY_ALTERNATE, KEY_LOOSE, KEY_STRIPPED, name_tokens

if TYPE_CHECKING:
    from events.extraction.resolve import NameGroup

WEIGHTS_PATH = Path(__file__).resolve().parent / "data" / "resolver_weights.json"

# The features, in groups; the score adds each group's weighted sum in this order (see the module doc).
FEATURE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("prior", (
        "country", "continent", "admin1", "admin1_other_name", "admin1_small_country", "admin2",
        "town_log_population", "national_capital", "regional_capital", "other_feature",
        "other_name", "stripped_name", "loose_spelling",
    )),
    ("spelling", ("loose_while_spelled_elsewhere",)),
    ("namesake", ("smaller_namesake_far",)),
    ("focus", ("no_country", "focus_country", "focus_share")),
    ("cues", (
        "cue_admin_admin1", "cue_admin_admin2", "cue_admin_town", "cue_settlement_town",
        "cue_settlement_country_or_admin1", "cue_river_river", "cue_camp_camp", "cue_camp_town",
        "cue_area_area", "cue_area_admin1",
    )),
    ("water", ("water_name_water_body",)),
    ("government", ("government_cue_region",)),
    ("region_namesake", ("region_named_after_city",)),
    ("containment", (
        "in_named_country", "outside_named_country", "in_named_region", "in_named_region_country",
        "outside_named_region_country", "near_named_place_country",
        "holds_named_place_country", "not_holding_named_place_country", "holds_named_place_region",
        "holds_named_place_region_country", "region_of_other_country_place", "holds_named_place_same_country",
    )),
    ("proximity", ("country_level", "nearness", "region_member")),
    ("editor", ("editor_choice",)),
)
FEATURE_NAMES: tuple[str, ...] = tuple(name for _, names in FEATURE_GROUPS for name in names)
_GROUP_OF = {name: n for n, (_, names) in enumerate(FEATURE_GROUPS) for name in names}
_COUNTRY, _SETTLEMENT = fc.COUNTRY_PREFIX, fc.SETTLEMENT_PREFIX  # prefixes tested in the hot loops

# Context parameters (not weights): they shape features and how confident a resolution is.
SMALL_COUNTRY_POPULATION = 3_000_000  # a first-level region of a smaller country is no match for a city
PROXIMITY_KM = 400.0  # nearness falls from 1 at the article's towns to 0 at this distance
LOCAL_KM = 150.0  # a small namesake this close to the article's other places is the local one
NAMESAKE_MAX_DECADES = 3.0  # smaller_namesake_far counts decades of population, at most this many
SOFTMAX_TEMPERATURE = 2.0  # confidence = softmax of TEMPERATURE x score over a name's readings
# A resolution this confident anchors the others (neighbours) and is trusted by the later stages.
CONFIDENT = 0.55


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_PATH) -> dict[str, float]:
    """The weight of every feature, from the data file (a feature it does not name weighs 0)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = {name: float(value) for name, value in data["weights"].items()}
    unknown = set(weights) - set(FEATURE_NAMES)
    if unknown:
        raise ValueError(f"{path}: unknown resolver features {sorted(unknown)}")
    return weights


class Candidate(NamedTuple):
    """One reading of a name: a gazetteer place index and the match flags of its spelling (KEY_*)."""

    place_index: int
    flags: int


@dataclass(slots=True)
class ScoringContext:
    """What the document says around one name, for one round of resolution."""

    gazetteer: Gazetteer
    group: NameGroup
    focus: Mapping[str, float]
    focus_total: float
    containers: list[GazetteerPlace]
    contents: list[GazetteerPlace]
    anchors: list[GazetteerPlace]
    smaller: dict[int, float] = field(default_factory=dict)  # decades below the largest namesake
    spelled: int = -1  # prominence of the largest place the name spells exactly
    taught: Mapping[str, int] = field(default_factory=dict)  # editors' choice per country
    water_name: bool = False  # the name ends in "Sea"/"Ocean"
    weights: Mapping[str, float] = field(default_factory=load_weights)


def score(values: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """The weighted sum of the features, group by group (see the module doc).

    The features come in the order `features` builds them (the order of FEATURE_GROUPS); each
    group's weighted sum is added to the total as one term.
    """
    w = load_weights() if weights is None else weights
    total = part = 0.0
    current = -1
    for name, value in values.items():
        group = _GROUP_OF[name]
        if group != current:
            if current >= 0:
                total += part
            current, part = group, 0.0
        part += w.get(name, 0.0) * value
    if current >= 0:
        total += part
    return total


def contributions(values: Mapping[str, float], weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Each feature's share of the score (weight x value), largest first: why a place won or lost."""
    w = load_weights() if weights is None else weights
    parts = {name: w.get(name, 0.0) * value for name, value in values.items() if w.get(name, 0.0) * value}
    return dict(sorted(parts.items(), key=lambda item: -abs(item[1])))


def prior_features(gazetteer: Gazetteer, index: int, flags: int) -> dict[str, float]:
    """Prominence of a place and quality of the spelling match, before any context."""
    code = gazetteer.feature_code(index)
    out: dict[str, float] = {}
    if fc.is_country(code):
        out["country"] = 1.0
    elif code == fc.CONTINENT:
        out["continent"] = 1.0
    elif code == fc.ADM1:
        out["admin1" if not flags & KEY_ALTERNATE else "admin1_other_name"] = 1.0
        if gazetteer.country_population(gazetteer.country_code(index)) < SMALL_COUNTRY_POPULATION:
            out["admin1_small_country"] = 1.0  # a parish of Jamaica or Bermuda is no match for Manchester
    elif code == fc.ADM2:
        out["admin2"] = 1.0
    elif fc.is_settlement(code):
        out["town_log_population"] = math.log10(gazetteer.population(index) + 10)
        if code == fc.PPLC:
            out["national_capital"] = 1.0
        elif code == fc.PPLA:
            out["regional_capital"] = 1.0
    else:
        out["other_feature"] = 1.0
    if flags & KEY_ALTERNATE:
        out["other_name"] = 1.0
    if flags & KEY_STRIPPED:
        out["stripped_name"] = 1.0
    if flags & KEY_LOOSE:
        out["loose_spelling"] = 1.0
    return out


def prior(gazetteer: Gazetteer, index: int, flags: int, weights: Mapping[str, float] | None = None) -> float:
    return score(prior_features(gazetteer, index, flags), weights)


def features(candidate: Candidate, context: ScoringContext) -> dict[str, float]:
    """The named features of one reading of a name in its document (only those that are not 0)."""
    gazetteer, group = context.gazetteer, context.group
    index, flags = candidate
    place = gazetteer.place(index)
    if flags & KEY_ALTERNATE and is_own_name_without_type(place, group.key):
        flags &= ~KEY_ALTERNATE  # "Adamawa" is the main name "Adamawa State" without its type word
    out = prior_features(gazetteer, index, flags)
    if flags & KEY_LOOSE and context.spelled >= prominence(gazetteer, index):
        out["loose_while_spelled_elsewhere"] = 1.0  # "Rome" is a place's own name: Ruma is another spelling
        # (but "Faizabad" may be a spelling of Badakhshan's Fayzabad, larger than the hamlet so named)
    if context.smaller.get(index) and not is_local(place, context.anchors, context.containers):
        out["smaller_namesake_far"] = context.smaller[index]
    _focus_features(out, place.country_code, context.focus, context.focus_total)
    _cue_features(out, place, group)
    if context.water_name and place.feature_code in fc.WATER_CODES:
        out["water_name_water_body"] = 1.0  # "Port Sudan on the Red Sea": the sea, not Red Sea state
    if group.cues["government"] and place.feature_code == fc.ADM1 and not seat_of_state(gazetteer, group, index):
        out["government_cue_region"] = 1.0  # "New York Gov.", "the Quebec government": the region
    if _named_after_its_city(gazetteer, group, index, context.contents):
        out["region_named_after_city"] = 1.0
    for container in context.containers:
        _add(out, _containment_feature(place, container, CONTAINER_FEATURES))
    for inner in context.contents:
        _add(out, _containment_feature(inner, place, CONTENT_FEATURES))
    _proximity_features(out, place, context.anchors, context.weights)
    if context.taught.get(place.country_code) == index and (
        context.focus.get(place.country_code, 0.0) > 0 or not context.focus_total
    ):
        out["editor_choice"] = 1.0  # an editor chose this place for the name, in an article about its country
    return out


def _add(out: dict[str, float], name: str | None) -> None:
    if name is not None:
        out[name] = out.get(name, 0.0) + 1.0


def _focus_features(out: dict[str, float], country: str, focus: Mapping[str, float], total: float) -> None:
    """The document is about the place's country (named, its regions, the dateline, its demonyms)."""
    if not country:  # seas, continents, regions across borders: as if in the document's country
        out["no_country"] = 1.0
        return
    weight = focus.get(country, 0.0)
    if total and weight:
        out["focus_country"] = 1.0
        out["focus_share"] = weight / total


def _cue_features(out: dict[str, float], place: GazetteerPlace, group: NameGroup) -> None:
    """Type words around the mentions: "X province" wants an ADM1, "the X river" a river. Each kind
    of type word has its reader (below): which feature, if any, the place's type gives with it."""
    cues = group.cues
    if not cues:
        return
    code = place.feature_code
    kind = fc.kind(code)
    for cue, feature_of in _CUE_READERS:
        if cues[cue]:
            feature = feature_of(code, kind)
            if feature:
                out[feature] = 1.0


def _admin_cue(code: str, kind: str) -> str | None:
    """ "X province", "X district": a first- or second-level region, or a town of that name."""
    if code == fc.ADM1:
        return "cue_admin_admin1"
    if code == fc.ADM2:
        return "cue_admin_admin2"
    return "cue_admin_town" if kind == "city" else None


def _settlement_cue(code: str, kind: str) -> str | None:
    """ "the town of X", "X village": a town, or against it a country or region."""
    if kind == "city":
        return "cue_settlement_town"
    return "cue_settlement_country_or_admin1" if kind in ("country", "admin1") else None


def _river_cue(code: str, kind: str) -> str | None:
    """ "the X river", "the X valley"."""
    return "cue_river_river" if code in (fc.STREAM, fc.VALLEY) else None


def _camp_cue(code: str, kind: str) -> str | None:
    """ "X camp": a camp, or a town of that name."""
    if code in fc.CAMP_CODES:
        return "cue_camp_camp"
    return "cue_camp_town" if kind == "city" else None


def _area_cue(code: str, kind: str) -> str | None:
    """ "the X area", "X region": an area, or a first-level region."""
    if code in fc.AREA_CODES:
        return "cue_area_area"
    return "cue_area_admin1" if code == fc.ADM1 else None


# The cue kinds in the order their features are written, each with its reader.
_CUE_READERS: tuple[tuple[str, Callable[[str, str], str | None]], ...] = (
    ("admin", _admin_cue),
    ("settlement", _settlement_cue),
    ("river", _river_cue),
    ("camp", _camp_cue),
    ("area", _area_cue),
)


# Feature names of "place is in container", by the container's class and the country/region match:
# for a container the text names for this name, and for a name the text puts inside this one.
CONTAINER_FEATURES = {
    "country": ("in_named_country", "outside_named_country"),
    "admin1": ("in_named_region", "in_named_region_country", "outside_named_region_country"),
    "place": ("near_named_place_country",),
}
CONTENT_FEATURES = {
    "country": ("holds_named_place_country", "not_holding_named_place_country"),
    "admin1": ("holds_named_place_region", "holds_named_place_region_country", "region_of_other_country_place"),
    "place": ("holds_named_place_same_country",),
}


def _containment_feature(
    place: GazetteerPlace, container: GazetteerPlace, names: Mapping[str, tuple[str, ...]]
) -> str | None:
    """Which containment relation holds between a place and what the text says contains it."""
    if fc.is_country(container.feature_code):
        same, other = names["country"]
        return same if place.country_code == container.country_code else other
    if container.feature_code == fc.ADM1:
        region, country, foreign = names["admin1"]
        if place.country_code != container.country_code:
            return foreign
        return region if place.admin1 and place.admin1 == container.admin1 else country
    if place.country_code == container.country_code:
        return names["place"][0]
    return None


def _proximity_features(
    out: dict[str, float], place: GazetteerPlace, anchors: list[GazetteerPlace], weights: Mapping[str, float]
) -> None:
    """Near the article's other places: distance to its towns, membership of its regions.

    A region's centre says nothing about the towns near it (Ohio's centre is no nearer to Columbus
    than to a hamlet), so a first-level region and the article's towns count only by membership:
    Montreal makes "Quebec" the province around it. Nearness and membership do not add up: the
    one that weighs more counts.
    """
    if place.feature_code.startswith(_COUNTRY) or place.feature_code == fc.CONTINENT:
        out["country_level"] = 1.0  # a country is never far from its own places: keep it level with them
        return
    if not anchors:
        return
    nearness = 0.0
    points = [a for a in anchors if a.feature_code != fc.ADM1]
    if points:
        nearest = min(km(place.lat, place.lon, a.lat, a.lon) for a in points)
        nearness = max(0.0, 1.0 - nearest / PROXIMITY_KM)
    member = bool(place.admin1) and any(
        a.country_code == place.country_code
        and a.admin1 == place.admin1
        and (a.feature_code == fc.ADM1) != (place.feature_code == fc.ADM1)
        for a in anchors
    )
    if member and weights.get("region_member", 0.0) > weights.get("nearness", 0.0) * nearness:
        out["region_member"] = 1.0  # a town of a region the text names, or the reverse
    elif nearness:
        out["nearness"] = nearness


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _named_after_its_city(
    gazetteer: Gazetteer, group: NameGroup, index: int, contents: list[GazetteerPlace]
) -> bool:
    """An ADM1 named after its capital ("Homs", "Aleppo") means the city unless cued as a region
    or said to hold a town that lies in it ("the Bronx, New York"; a list such as "Miami, New
    York and Boston" holds none)."""
    if group.cues["admin"] or namesake_city(gazetteer, group, index) is None:
        return False
    if group.cues["government"] and not seat_of_state(gazetteer, group, index):
        return False
    region = gazetteer.place(index)
    return not any(_in_region(inner, region) for inner in contents)


def seat_of_state(gazetteer: Gazetteer, group: NameGroup, index: int) -> bool:
    """A region named after the national capital: "the Kabul government" is the state's, in the city."""
    city = namesake_city(gazetteer, group, index)
    return city is not None and gazetteer.feature_code(city) == fc.PPLC


def _in_region(place: GazetteerPlace, region: GazetteerPlace) -> bool:
    return (
        place.feature_code != region.feature_code
        and place.country_code == region.country_code
        and bool(place.admin1)
        and place.admin1 == region.admin1
    )


def namesake_city(gazetteer: Gazetteer, group: NameGroup, index: int) -> int | None:
    """The city a first-level region is named after, among the name's candidates (None if none)."""
    place = gazetteer.place(index)
    if place.feature_code != fc.ADM1:
        return None
    best = None
    for other in group.candidates:
        if not gazetteer.feature_code(other).startswith(_SETTLEMENT):
            continue
        city = gazetteer.place(other)
        if (
            city.country_code == place.country_code
            and city.population >= 20_000
            and (city.admin1 == place.admin1 or km(city.lat, city.lon, place.lat, place.lon) < 150)
            and (best is None or city.population > gazetteer.population(best))
        ):
            best = other
    if best is not None and gazetteer.population(best) < 0.5 * gazetteer.largest_town_population(
        place.country_code, place.admin1
    ):
        return None  # the region's main city is another one: its name means the region ("Quebec")
    return best


# Type words that some sources keep in a region's main name ("Adamawa State", "Borno State").
_NAME_TYPE_WORDS = frozenset("state province governorate region oblast prefecture department district".split())


def is_own_name_without_type(place: GazetteerPlace, key: str) -> bool:
    if place.feature_code not in fc.REGION_CODES:
        return False
    tokens = name_tokens(place.name)
    return len(tokens) > 1 and tokens[-1] in _NAME_TYPE_WORDS and " ".join(tokens[:-1]) == key


def prominence(gazetteer: Gazetteer, index: int) -> int:
    """Population, with countries and regions above any town."""
    code = gazetteer.feature_code(index)
    if code.startswith(_COUNTRY) or code in (fc.ADM1, fc.CONTINENT):
        return 1 << 40
    return gazetteer.population(index)


def is_local(place: GazetteerPlace, anchors: list[GazetteerPlace], containers: list[GazetteerPlace]) -> bool:
    """Inside a region the text names for it or near the article's other places: the local namesake."""
    for other in (*anchors, *containers):
        code = other.feature_code
        if code.startswith(_COUNTRY) or code == fc.CONTINENT:
            continue
        if code == fc.ADM1:
            if other.country_code == place.country_code and other.admin1 and other.admin1 == place.admin1:
                return True
        elif km(place.lat, place.lon, other.lat, other.lon) <= LOCAL_KM:
            return True
    return False


def namesake_decades(gazetteer: Gazetteer, group: NameGroup) -> dict[int, float]:
    """Decades of population below the largest town of the same name ("London", "Rome"), capped.

    The population prior alone is flat (a decade is worth little); among namesakes the big one is
    what news means unless the context says otherwise.
    """
    towns = [
        (index, gazetteer.population(index), flags)
        for index, flags in group.candidates.items()
        if not flags & KEY_LOOSE and gazetteer.feature_code(index).startswith(_SETTLEMENT)
    ]
    # namesakes share the main name: "Augsburg" (alias "Augusta") is no larger "Augusta"
    largest = max((pop for _, pop, flags in towns if not flags & KEY_ALTERNATE), default=0)
    if len(towns) < 2 or not largest:
        return {}
    return {
        index: min(NAMESAKE_MAX_DECADES, math.log10((largest + 1000) / (pop + 1000)))
        for index, pop, _ in towns
    }
