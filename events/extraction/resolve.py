"""Resolution: choose one gazetteer place for every recognised name, with scores and alternatives.

Each distinct name of a document is resolved once (one sense per discourse) from explainable
features: a prior from feature type and population, how well the spelling matched, the countries
the document is about (explicit country names, first-level regions, the dateline), type cues
("the town of X", "X province", "the X river"), containment ("Rawa in western Anbar", "Homs,
Syria"), the distance to the other places of the article, and editors' corrections (the place an editor
chose for the same name in an article about the same country).

The features and their weights are resolver_features.py (the weights a data file); this module runs
the rounds of resolution; the decisions taken after scoring (surnames, missing counties, foreign
guesses, the namesake swap) are resolver_stages.py.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from events.extraction import feature_codes as fc
from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.resolver_features import (
    CONFIDENT,
    SOFTMAX_TEMPERATURE,
    Candidate,
    ScoringContext,
    features,
    is_local,
    load_weights,
    namesake_city,
    namesake_decades,
    prior,
    prominence,
    score,
)
from events.extraction.text import KEY_ALTERNATE, KEY_LOOSE

__all__ = ["CONFIDENT", "NameGroup", "is_local", "kind_of", "namesake_city", "resolve_groups", "score_weight"]

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
RESOLVED_FOCUS_WEIGHT = 1.0  # each confidently resolved name adds to its country's focus
DEMONYM_FOCUS_WEIGHT = 0.5  # "Iraqi" counts half as much as "Iraq" for the country focus
DATELINE_FOCUS_WEIGHT = 2.0  # a dateline country ("RAMADI, Iraq") counts double
COUNTRY_CONFIDENT = 0.6  # the probability mass of a country that makes it part of the focus
LOCAL_PASSES = 2  # rounds of resolution against the places of the previous round
# Last words of a name that say it is water ("Red Sea", "Indian Ocean", "Gulf of Aden" ends otherwise):
# the body of water beats a region named after it unless the text cues the region ("Red Sea state").
WATER_NAME_WORDS = frozenset("sea ocean".split())


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
    features: dict[int, dict[str, float]] = field(default_factory=dict)  # of each candidate, last round


def kind_of(place: GazetteerPlace) -> str:
    return fc.kind(place.feature_code)


def country_focus(
    gazetteer: Gazetteer, groups: list[NameGroup], weights: Mapping[str, float] | None = None
) -> defaultdict[str, float]:
    """Countries the document is about: names whose most prominent reading is a country or region.
    Weights, not counts (a dateline counts double, repeated names with a square root): hence floats."""
    focus: defaultdict[str, float] = defaultdict(float)
    for group in groups:
        if not group.candidates:
            continue
        best, flags = max(group.candidates.items(), key=lambda item: prior(gazetteer, item[0], item[1], weights))
        code = gazetteer.feature_code(best)
        if flags & KEY_LOOSE or not (fc.is_country(code) or code == fc.ADM1):
            continue
        weight = DATELINE_FOCUS_WEIGHT if group.dateline else 1.0
        focus[gazetteer.country_code(best)] += weight * min(len(group.spans), 3) ** 0.5
    return focus


def score_group(
    gazetteer: Gazetteer,
    group: NameGroup,
    focus: Mapping[str, float],
    resolved: dict[str, GazetteerPlace],
    anchors: list[GazetteerPlace],
    local: bool = False,
    weights: Mapping[str, float] | None = None,
) -> None:
    """Score every candidate of one name; local: the neighbours are known, so a small namesake
    far from them gives way to the prominent one (the first pass must not guess that)."""
    weights = load_weights() if weights is None else weights
    context = ScoringContext(
        gazetteer=gazetteer,
        group=group,
        focus=focus,
        focus_total=sum(focus.values()),
        containers=[resolved[k] for k in group.containers if k in resolved],
        contents=[resolved[k] for k in group.contents if k in resolved],
        anchors=anchors,
        smaller=namesake_decades(gazetteer, group) if local else {},
        spelled=max(
            (prominence(gazetteer, i) for i, f in group.candidates.items() if not f & (KEY_LOOSE | KEY_ALTERNATE)),
            default=-1,
        ),
        taught=gazetteer.user_prior(group.key),
        water_name=group.key.rsplit(" ", 1)[-1] in WATER_NAME_WORDS,
        weights=weights,
    )
    group.features = {index: features(Candidate(index, flags), context) for index, flags in group.candidates.items()}
    scores = {index: score(values, weights) for index, values in group.features.items()}
    group.scores = scores
    if scores:
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        group.best = ranked[0][0]
        group.confidence = softmax_top(ranked)
        country = gazetteer.country_code(group.best)
        shares = [(gazetteer.country_code(i), score_weight(sc, ranked[0][1])) for i, sc in ranked[:20]]
        group.country_confidence = sum(w for cc, w in shares if cc == country) / sum(w for _, w in shares)


def score_weight(score: float, best: float) -> float:
    """Softmax weight of a score relative to the best one (1.0 for the best)."""
    return math.exp(SOFTMAX_TEMPERATURE * (score - best))


def softmax_top(ranked: list[tuple[int, float]]) -> float:
    top = ranked[:5]
    best = top[0][1]
    weights = [score_weight(s, best) for _, s in top]
    return weights[0] / sum(weights)


def resolve_groups(
    gazetteer: Gazetteer,
    groups: list[NameGroup],
    demonyms: dict[str, int] | None = None,
    weights: Mapping[str, float] | None = None,
) -> None:
    """Two passes: first without neighbours, then with the confident places of the first as anchors.

    demonyms counts the country adjectives of the text ("Iraqi forces"): evidence for the
    country focus, weaker than naming the country. weights: the features' weights (default: the
    data file's).
    """
    weights = load_weights() if weights is None else weights
    focus = country_focus(gazetteer, groups, weights)
    for code, count in (demonyms or {}).items():
        focus[code] += DEMONYM_FOCUS_WEIGHT * min(count, 3) ** 0.5
    resolved: dict[str, GazetteerPlace] = {}
    for group in groups:
        score_group(gazetteer, group, focus, resolved, [], weights=weights)
        if group.best is not None:
            resolved[group.key] = gazetteer.place(group.best)
    for group in groups:
        if group.best is not None and group.country_confidence >= COUNTRY_CONFIDENT:
            cc = gazetteer.country_code(group.best)
            if cc:
                focus[cc] += RESOLVED_FOCUS_WEIGHT
    for _ in range(LOCAL_PASSES):
        confident = [
            (other, gazetteer.place(other.best))
            for other in groups
            if other.best is not None
            and other.confidence >= CONFIDENT
            and not fc.is_country_or_continent(gazetteer.feature_code(other.best))
        ]
        for group in groups:
            anchors = [place for other, place in confident if other is not group]
            score_group(gazetteer, group, focus, resolved, anchors, local=True, weights=weights)
        for group in groups:
            if group.best is not None:
                resolved[group.key] = gazetteer.place(group.best)
