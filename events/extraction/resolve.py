"""Resolution: choose one gazetteer place for every recognised name, with scores and alternatives.

Each distinct name of a document is resolved once (one sense per discourse) from explainable
features: a prior from feature type and population, how well the spelling matched, the countries
the document is about (explicit country names, first-level regions, the dateline), type cues
("the town of X", "X province", "the X river"), containment ("Rawa in western Anbar", "Homs,
Syria"), the distance to the other places of the article, and editors' corrections (the place an editor
chose for the same name in an article about the same country).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.text import KEY_ALTERNATE, KEY_LOOSE, KEY_STRIPPED, name_tokens

# Words next to a name that say what kind of place it is.
ADMIN_WORDS = frozenset(
    "province provinces governorate governorates oblast oblasts state states region regions prefecture "
    "department county district districts krai okrug canton voivodeship emirate wilaya".split()
)
SETTLEMENT_WORDS = frozenset(
    "town city village villages towns cities capital suburb neighbourhood neighborhood".split()
)
RIVER_WORDS = frozenset("river rivers valley valleys basin".split())
CAMP_WORDS = frozenset("camp camps".split())
AREA_WORDS = frozenset(
    "desert mountains mountain plain plains area corridor strip peninsula heights sea gulf".split()
)
TYPE_WORDS = ADMIN_WORDS | SETTLEMENT_WORDS | RIVER_WORDS | CAMP_WORDS | AREA_WORDS | {"refugee", "border"}
_DIRECTIONS = frozenset(
    "northern southern eastern western central north south east west northeast northwest southeast "
    "southwest north-east north-west south-east south-west rural greater".split()
)
SMALL_COUNTRY_POPULATION = 3_000_000
RESOLVED_FOCUS_WEIGHT = 1.0  # each confidently resolved name adds to its country's focus
FOCUS_BASE, FOCUS_SHARE = 0.5, 1.2  # bonus for a place in a country the document is about
DEMONYM_FOCUS_WEIGHT = 0.5  # "Iraqi" counts half as much as "Iraq" for the country focus
PROXIMITY_WEIGHT, PROXIMITY_KM = 1.2, 400.0  # bonus for a place near the article's towns
REGION_MEMBER_BONUS = 0.8  # bonus for a place inside a region the article names
NAMESAKE_WEIGHT, NAMESAKE_MAX_DECADES = 0.4, 3.0  # per decade smaller than the largest namesake
GOVERNMENT_CUE_BONUS = 2.0  # "X government/governor" for a region X, as "X province" would
SPELLED_LOOSE_PENALTY = 1.0  # a transliteration match when the text spells some place's main name
LOCAL_PASSES = 2  # rounds of resolution against the places of the previous round
LOCAL_KM = 150.0  # a small namesake this close to the article's other places is the local one
# An editor resolved this name to this place before, in an article about this country (Gazetteer.user_prior):
# larger than any other feature's pull, so the next article about that country reads it the same way.
USER_PRIOR_BONUS = 4.0
# Last words of a name that say it is water ("Red Sea", "Indian Ocean", "Gulf of Aden" ends otherwise):
# the body of water beats a region named after it unless the text cues the region ("Red Sea state").
WATER_NAME_WORDS = frozenset("sea ocean".split())
_WATER_CODES = frozenset("SEA OCN GULF STRT BAY".split())
OWN_TYPE_WORD_BONUS = 1.0
_AREA_CODES = frozenset("RGN DSRT MTS MT PLN VAL ISL AREA FRST SEA GULF STRT OCN CONT LK RSV".split())
_FACILITY_CODES = frozenset("CMP CMPRF DAM MILB PSTB BDG AIRP PRT PS".split())


@dataclass(slots=True)
class NameGroup:
    """All mentions of one name in a document, resolved together."""

    key: str
    candidates: dict[int, int]
    spans: list = field(default_factory=list)
    cues: Counter = field(default_factory=Counter)
    containers: list[str] = field(default_factory=list)  # keys of names this one is said to be in
    contents: list[str] = field(default_factory=list)  # keys of names said to be in this one
    dateline: bool = False
    scores: dict[int, float] = field(default_factory=dict)
    best: int | None = None
    confidence: float = 0.0
    country_confidence: float = 0.0  # probability mass of the best place's country


def kind_of(place: GazetteerPlace) -> str:
    code = place.feature_code
    if code.startswith("PCL"):
        return "country"
    if code == "ADM1":
        return "admin1"
    if code == "ADM2":
        return "admin2"
    if code.startswith("PPL"):
        return "city"
    if code == "STM":
        return "river"
    if code in _FACILITY_CODES:
        return "facility" if code not in ("CMP", "CMPRF") else "camp"
    if code == "CONT":
        return "continent"
    return "region"


def prior(gazetteer: Gazetteer, index: int, flags: int) -> float:
    """Prominence of a place and quality of the spelling match, before any context."""
    code = gazetteer.feature_code(index)
    population = gazetteer.population(index)
    if code.startswith("PCL"):
        score = 3.0
    elif code == "CONT":
        score = 2.6
    elif code == "ADM1":
        score = 2.2 if not flags & KEY_ALTERNATE else 1.4
        if gazetteer.country_population(gazetteer.country_code(index)) < SMALL_COUNTRY_POPULATION:
            score -= 0.8  # a parish of Jamaica or Bermuda is no match for Manchester or Hamilton
    elif code == "ADM2":
        score = 1.3
    elif code.startswith("PPL"):
        score = 0.3 * math.log10(population + 10) + (
            0.4 if code == "PPLC" else 0.2 if code == "PPLA" else 0.0
        )
    else:
        score = 1.9
    if flags & KEY_ALTERNATE:
        score -= 0.3
    if flags & KEY_STRIPPED:
        score -= 0.1
    if flags & KEY_LOOSE:
        score -= 0.5
    return score


def cue_bonus(place: GazetteerPlace, cues: Counter) -> float:
    """Type words around the mentions: "X province" wants an ADM1, "the X river" a river."""
    code = place.feature_code
    kind = kind_of(place)
    bonus = 0.0
    if cues["admin"]:
        bonus += 2.0 if code == "ADM1" else 1.5 if code == "ADM2" else -0.3 if kind == "city" else 0.0
    if cues["settlement"]:
        bonus += 0.8 if kind == "city" else -1.2 if kind in ("country", "admin1") else 0.0
    if cues["river"]:
        bonus += 3.0 if code in ("STM", "VAL") else 0.0
    if cues["camp"]:
        bonus += 3.0 if code in ("CMP", "CMPRF") else 0.6 if kind == "city" else 0.0
    if cues["area"]:
        bonus += 2.0 if code in _AREA_CODES else 0.3 if code == "ADM1" else 0.0
    return bonus


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def country_focus(gazetteer: Gazetteer, groups: list[NameGroup]) -> defaultdict[str, float]:
    """Countries the document is about: names whose most prominent reading is a country or region.
    Weights, not counts (a dateline counts double, repeated names with a square root): hence floats."""
    focus: defaultdict[str, float] = defaultdict(float)
    for group in groups:
        if not group.candidates:
            continue
        best, flags = max(group.candidates.items(), key=lambda item: prior(gazetteer, item[0], item[1]))
        code = gazetteer.feature_code(best)
        if flags & KEY_LOOSE or not (code.startswith("PCL") or code == "ADM1"):
            continue
        weight = 2.0 if group.dateline else 1.0
        focus[gazetteer.country_code(best)] += weight * min(len(group.spans), 3) ** 0.5
    return focus


def _focus_bonus(country: str, focus: Mapping[str, float], total: float) -> float:
    if not country:  # seas, continents, regions across borders: as if in the document's country
        return 1.5
    weight = focus.get(country, 0.0)
    if not total or not weight:
        return 0.0
    return FOCUS_BASE + FOCUS_SHARE * weight / total


def _namesake_penalty(
    gazetteer: Gazetteer, group: NameGroup, index: int, contents: list[GazetteerPlace]
) -> float:
    """An ADM1 named after its capital ("Homs", "Aleppo") means the city unless cued as a region
    or said to hold a town that lies in it ("the Bronx, New York"; a list such as "Miami, New
    York and Boston" holds none)."""
    if group.cues["admin"] or namesake_city(gazetteer, group, index) is None:
        return 0.0
    if group.cues["government"] and not _seat_of_state(gazetteer, group, index):
        return 0.0
    region = gazetteer.place(index)
    if any(_in_region(inner, region) for inner in contents):
        return 0.0
    return 1.2


def _seat_of_state(gazetteer: Gazetteer, group: NameGroup, index: int) -> bool:
    """A region named after the national capital: "the Kabul government" is the state's, in the city."""
    city = namesake_city(gazetteer, group, index)
    return city is not None and gazetteer.feature_code(city) == "PPLC"


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
    if place.feature_code != "ADM1":
        return None
    best = None
    for other in group.candidates:
        if not gazetteer.feature_code(other).startswith("PPL"):
            continue
        city = gazetteer.place(other)
        if (
            city.country_code == place.country_code
            and city.population >= 20_000
            and (city.admin1 == place.admin1 or _km(city.lat, city.lon, place.lat, place.lon) < 150)
            and (best is None or city.population > gazetteer.population(best))
        ):
            best = other
    if best is not None and gazetteer.population(best) < 0.5 * gazetteer.largest_town_population(
        place.country_code, place.admin1
    ):
        return None  # the region's main city is another one: its name means the region ("Quebec")
    return best


def score_group(
    gazetteer: Gazetteer,
    group: NameGroup,
    focus: Mapping[str, float],
    resolved: dict[str, GazetteerPlace],
    anchors: list[GazetteerPlace],
    local: bool = False,
) -> None:
    """Score every candidate of one name; local: the neighbours are known, so a small namesake
    far from them gives way to the prominent one (the first pass must not guess that)."""
    total = sum(focus.values())
    containers = [resolved[k] for k in group.containers if k in resolved]
    contents = [resolved[k] for k in group.contents if k in resolved]
    scores: dict[int, float] = {}
    smaller = _namesake_prominence(gazetteer, group) if local else {}
    spelled = max(
        (_prominence(gazetteer, i) for i, f in group.candidates.items() if not f & (KEY_LOOSE | KEY_ALTERNATE)),
        default=-1,
    )
    taught = gazetteer.user_prior(group.key)
    water_name = group.key.rsplit(" ", 1)[-1] in WATER_NAME_WORDS
    for index, flags in group.candidates.items():
        place = gazetteer.place(index)
        if flags & KEY_ALTERNATE and _is_own_name_without_type(place, group.key):
            flags &= ~KEY_ALTERNATE  # "Adamawa" is the main name "Adamawa State" without its type word
        score = prior(gazetteer, index, flags)
        if flags & KEY_LOOSE and spelled >= _prominence(gazetteer, index):
            score -= SPELLED_LOOSE_PENALTY  # "Rome" is a place's own name: Ruma is another spelling
            # (but "Faizabad" may be a spelling of Badakhshan's Fayzabad, larger than the hamlet so named)
        if smaller.get(index) and not is_local(place, anchors, containers):
            score -= smaller[index]
        score += _focus_bonus(place.country_code, focus, total)
        score += cue_bonus(place, group.cues)
        if water_name and place.feature_code in _WATER_CODES:
            score += OWN_TYPE_WORD_BONUS  # "Port Sudan on the Red Sea": the sea, not Red Sea state
        if group.cues["government"] and place.feature_code == "ADM1" and not _seat_of_state(gazetteer, group, index):
            score += GOVERNMENT_CUE_BONUS  # "New York Gov.", "the Quebec government": the region
        score -= _namesake_penalty(gazetteer, group, index, contents)
        for container in containers:
            score += _containment_bonus(place, container)
        for inner in contents:
            score += _containment_bonus(inner, place)
        score += _proximity_bonus(place, anchors)
        if taught.get(place.country_code) == index and (focus.get(place.country_code, 0.0) > 0 or not total):
            score += USER_PRIOR_BONUS
        scores[index] = score
    group.scores = scores
    if scores:
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        group.best = ranked[0][0]
        group.confidence = softmax_top(ranked)
        country = gazetteer.country_code(group.best)
        weights = [(gazetteer.country_code(i), score_weight(sc, ranked[0][1])) for i, sc in ranked[:20]]
        group.country_confidence = sum(w for cc, w in weights if cc == country) / sum(w for _, w in weights)


# Type words that some sources keep in a region's main name ("Adamawa State", "Borno State").
_NAME_TYPE_WORDS = frozenset("state province governorate region oblast prefecture department district".split())


def _is_own_name_without_type(place: GazetteerPlace, key: str) -> bool:
    if place.feature_code not in ("ADM1", "ADM2"):
        return False
    tokens = name_tokens(place.name)
    return len(tokens) > 1 and tokens[-1] in _NAME_TYPE_WORDS and " ".join(tokens[:-1]) == key


def _prominence(gazetteer: Gazetteer, index: int) -> int:
    """Population, with countries and regions above any town."""
    code = gazetteer.feature_code(index)
    if code.startswith("PCL") or code in ("ADM1", "CONT"):
        return 1 << 40
    return gazetteer.population(index)


def _containment_bonus(place: GazetteerPlace, container: GazetteerPlace) -> float:
    if container.feature_code.startswith("PCL"):
        return 1.5 if place.country_code == container.country_code else -0.5
    if container.feature_code == "ADM1":
        if place.country_code != container.country_code:
            return -0.5
        return 2.0 if place.admin1 and place.admin1 == container.admin1 else 0.8
    if place.country_code == container.country_code:
        return 0.8
    return 0.0


def _proximity_bonus(place: GazetteerPlace, anchors: list[GazetteerPlace]) -> float:
    """Near the article's other places: distance to its towns, membership of its regions.

    A region's centre says nothing about the towns near it (Ohio's centre is no nearer to Columbus
    than to a hamlet), so a first-level region and the article's towns count only by membership:
    Montreal makes "Quebec" the province around it.
    """
    if place.feature_code.startswith("PCL") or place.feature_code == "CONT":
        return 0.8  # a country is never far from its own places: keep it level with them
    if not anchors:
        return 0.0
    bonus = 0.0
    points = [a for a in anchors if a.feature_code != "ADM1"]
    if points:
        nearest = min(_km(place.lat, place.lon, a.lat, a.lon) for a in points)
        bonus = PROXIMITY_WEIGHT * max(0.0, 1.0 - nearest / PROXIMITY_KM)
    if place.admin1 and any(
        a.country_code == place.country_code
        and a.admin1 == place.admin1
        and (a.feature_code == "ADM1") != (place.feature_code == "ADM1")
        for a in anchors
    ):
        bonus = max(bonus, REGION_MEMBER_BONUS)  # a town of a region the text names, or the reverse
    return bonus


def is_local(place: GazetteerPlace, anchors: list[GazetteerPlace], containers: list[GazetteerPlace]) -> bool:
    """Inside a region the text names for it or near the article's other places: the local namesake."""
    for other in (*anchors, *containers):
        if other.feature_code.startswith("PCL") or other.feature_code == "CONT":
            continue
        if other.feature_code == "ADM1":
            if other.country_code == place.country_code and other.admin1 and other.admin1 == place.admin1:
                return True
        elif _km(place.lat, place.lon, other.lat, other.lon) <= LOCAL_KM:
            return True
    return False


def _namesake_prominence(gazetteer: Gazetteer, group: NameGroup) -> dict[int, float]:
    """Penalty for a town far smaller than the largest town of the same name ("London", "Rome").

    The population prior alone is flat (a decade is worth 0.3); among namesakes the big one is
    what news means unless the context says otherwise.
    """
    towns = [
        (index, gazetteer.population(index), flags)
        for index, flags in group.candidates.items()
        if not flags & KEY_LOOSE and gazetteer.feature_code(index).startswith("PPL")
    ]
    # namesakes share the main name: "Augsburg" (alias "Augusta") is no larger "Augusta"
    largest = max((pop for _, pop, flags in towns if not flags & KEY_ALTERNATE), default=0)
    if len(towns) < 2 or not largest:
        return {}
    return {
        index: NAMESAKE_WEIGHT * min(NAMESAKE_MAX_DECADES, math.log10((largest + 1000) / (pop + 1000)))
        for index, pop, _ in towns
    }


def score_weight(score: float, best: float) -> float:
    """Softmax weight of a score relative to the best one (1.0 for the best)."""
    return math.exp(2.0 * (score - best))


def softmax_top(ranked: list[tuple[int, float]]) -> float:
    top = ranked[:5]
    best = top[0][1]
    weights = [score_weight(s, best) for _, s in top]
    return weights[0] / sum(weights)


def resolve_groups(
    gazetteer: Gazetteer, groups: list[NameGroup], demonyms: dict[str, int] | None = None
) -> None:
    """Two passes: first without neighbours, then with the confident places of the first as anchors.

    demonyms counts the country adjectives of the text ("Iraqi forces"): evidence for the
    country focus, weaker than naming the country.
    """
    focus = country_focus(gazetteer, groups)
    for code, count in (demonyms or {}).items():
        focus[code] += DEMONYM_FOCUS_WEIGHT * min(count, 3) ** 0.5
    resolved: dict[str, GazetteerPlace] = {}
    for group in groups:
        score_group(gazetteer, group, focus, resolved, [])
        if group.best is not None:
            resolved[group.key] = gazetteer.place(group.best)
    for group in groups:
        if group.best is not None and group.country_confidence >= 0.6:
            cc = gazetteer.country_code(group.best)
            if cc:
                focus[cc] += RESOLVED_FOCUS_WEIGHT
    for _ in range(LOCAL_PASSES):
        confident = [
            (other, gazetteer.place(other.best))
            for other in groups
            if other.best is not None
            and other.confidence >= 0.55
            and kind_of(gazetteer.place(other.best)) not in ("country", "continent")
        ]
        for group in groups:
            anchors = [place for other, place in confident if other is not group]
            score_group(gazetteer, group, focus, resolved, anchors, local=True)
        for group in groups:
            if group.best is not None:
                resolved[group.key] = gazetteer.place(group.best)
