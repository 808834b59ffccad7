"""Geoparsing: text in, place mentions out (CONTRACT section 4 "mentions").

tokens -> candidate spans (toponyms.find_spans) -> filters (toponyms.rejection_reason)
       -> cues, containment and dateline per span -> one resolution per distinct name
       (resolve.resolve_groups) -> mentions sorted by start.
"""

from __future__ import annotations

import re

from events.extraction.gazetteer import Gazetteer
from events.extraction.resolve import (
    ADMIN_WORDS,
    AREA_WORDS,
    CAMP_WORDS,
    RIVER_WORDS,
    SETTLEMENT_WORDS,
    NameGroup,
    kind_of,
    resolve_groups,
)
from events.extraction.toponyms import (
    Span,
    Token,
    find_spans,
    is_dateline,
    person_name_words,
    rejection_reason,
    tokenize,
)

MAX_CANDIDATES = 5
ISOLATED_MAX_POPULATION = 100_000
_CONTAINMENT_GAP = re.compile(
    r"^\s*(?:,|\bin|\bnear|\bof|\bin\s+the)?\s*(?:(?:north|south|east|west|central|northern|southern|eastern|"
    r"western|north-?eastern|north-?western|south-?eastern|south-?western|rural)\s+)?$",
    re.IGNORECASE,
)


def geoparse(text: str, gazetteer: Gazetteer) -> list[dict]:
    """Every place name of the text with its resolved place, confidence and top alternatives."""
    if not text or not text.strip():
        return []
    tokens = tokenize(text)
    spans = find_spans(text, tokens, gazetteer)
    people = person_name_words(tokens, spans)
    for span in spans:
        span.rejected = rejection_reason(text, tokens, span, gazetteer, people)
    kept = [span for span in spans if not span.rejected]
    groups = _group(text, tokens, kept)
    resolve_groups(gazetteer, list(groups.values()))
    isolated = isolated_names(gazetteer, groups)
    return [_mention(span, groups[span.key], gazetteer) for span in kept if span.key not in isolated]


def isolated_names(gazetteer: Gazetteer, groups: dict[str, NameGroup]) -> set[str]:
    """Small one-word places in a country nothing else in the text is about: usually a surname.

    "Obama", "Messi" or "Kobe Bryant's" "Bryant" all name some village; a real small place comes
    with its country, region or neighbours ("Siniyah in Saleheddin province").
    """
    support: dict[str, set[str]] = {}
    for key, group in groups.items():
        if group.best is not None:
            support.setdefault(gazetteer.country_code(group.best), set()).add(key)
    isolated = set()
    for key, group in groups.items():
        if group.best is None or " " in key or group.cues or group.containers:
            continue
        place = gazetteer.place(group.best)
        if not place.feature_code.startswith("PPL") or place.population >= ISOLATED_MAX_POPULATION:
            continue
        if not support.get(place.country_code, set()) - {key}:
            isolated.add(key)
    return isolated


def _group(text: str, tokens: list[Token], spans: list[Span]) -> dict[str, NameGroup]:
    groups: dict[str, NameGroup] = {}
    contents: dict[str, list[str]] = {}
    for position, span in enumerate(spans):
        group = groups.get(span.key)
        if group is None:
            group = groups[span.key] = NameGroup(key=span.key, candidates=dict(span.candidates))
        group.spans.append(span)
        for cue in _type_cues(tokens, span):
            group.cues[cue] += 1
        if position + 1 < len(spans):
            following = spans[position + 1]
            if following.key != span.key and _CONTAINMENT_GAP.match(text[span.end : following.start]):
                group.containers.append(following.key)
                contents.setdefault(following.key, []).append(span.key)
        if is_dateline(text, span):
            group.dateline = True
    for key, inner in contents.items():
        groups[key].contents.extend(inner)
    return groups


def _type_cues(tokens: list[Token], span: Span) -> list[str]:
    """Type words right after the name ("Anbar province") or before it ("the town of Rawa")."""
    cues: list[str] = []
    after = [t.key for t in tokens[span.last + 1 : span.last + 3]]
    if after and tokens[span.last].joins_next:
        word = after[0]
        if word == "refugee" and len(after) > 1:
            word = after[1]
        cues += _cue_names(word)
    if span.first >= 2 and tokens[span.first - 1].key == "of":
        cues += _cue_names(tokens[span.first - 2].key)
    elif span.first >= 1 and tokens[span.first - 1].key in RIVER_WORDS | {"mount", "lake"}:
        cues.append("river" if tokens[span.first - 1].key in RIVER_WORDS else "area")
    return cues


def _cue_names(word: str) -> list[str]:
    cues = []
    if word in ADMIN_WORDS:
        cues.append("admin")
    if word in ("region", "regions"):
        cues.append("area")
    if word in SETTLEMENT_WORDS:
        cues.append("settlement")
    if word in RIVER_WORDS:
        cues.append("river")
    if word in CAMP_WORDS:
        cues.append("camp")
    if word in AREA_WORDS:
        cues.append("area")
    return cues


def _mention(span: Span, group: NameGroup, gazetteer: Gazetteer) -> dict:
    place = gazetteer.place(group.best) if group.best is not None else None
    ranked = sorted(group.scores.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
    total = sum(_weight(score, ranked[0][1]) for _, score in ranked) if ranked else 1.0
    candidates = [
        {**gazetteer.place(index).as_json(), "score": round(_weight(score, ranked[0][1]) / total, 4)}
        for index, score in ranked
    ]
    return {
        "text": span.text,
        "start": span.start,
        "end": span.end,
        "confidence": round(group.confidence, 4),
        "place": place.as_json() if place else None,
        "candidates": candidates,
        "kind": kind_of(place) if place else None,
    }


def _weight(score: float, best: float) -> float:
    import math

    return math.exp(2.0 * (score - best))


def explain(text: str, gazetteer: Gazetteer) -> list[dict]:
    """Every gazetteer match of the text, kept or not, with the reason it was dropped."""
    tokens = tokenize(text)
    spans = find_spans(text, tokens, gazetteer)
    people = person_name_words(tokens, spans)
    return [
        {
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "rejected": rejection_reason(text, tokens, s, gazetteer, people),
        }
        for s in spans
    ]
