"""Geoparsing: text in, place mentions out (CONTRACT section 4 "mentions").

tokens -> candidate spans (toponyms.find_spans) -> filters (toponyms.rejection_reason)
       -> cues, containment and dateline per span -> one resolution per distinct name
       (resolve.resolve_groups) -> mentions sorted by start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from events.extraction import feature_codes as fc
from events.extraction.gazetteer import Gazetteer
from events.extraction.resolve import (
    ADMIN_WORDS,
    AREA_WORDS,
    CAMP_WORDS,
    RIVER_WORDS,
    SETTLEMENT_WORDS,
    TYPE_WORDS,
    NameGroup,
    is_local,
    kind_of,
    resolve_groups,
    score_weight,
)
from events.extraction.resolver_features import contributions, load_weights
from events.extraction.resolver_stages import after_scoring, namesake_swap
from events.extraction.text import ARABIC_ARTICLES, KEY_ALTERNATE, KEY_LOOSE
from events.extraction.toponyms import (
    Span,
    Token,
    demonym_evidence,
    demonyms,
    find_spans,
    has_locative_evidence,
    is_common_word,
    is_dateline,
    person_name_words,
    person_titles,
    region_abbreviations,
    rejection_reason,
    stop_names,
    tokenize,
)

MAX_CANDIDATES = 5
_CONTAINMENT_GAP = re.compile(
    r"^\s*(?:,|\bin|\bnear|\bof|\bin\s+the)?\s*(?:(?:north|south|east|west|central|northern|southern|eastern|"
    r"western|north-?eastern|north-?western|south-?eastern|south-?western|rural)\s+)?$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class NameReading:
    """The names a text mentions, before resolution: its tokens, the accepted spans and one group per
    distinct name (what the resolver scores), and the country adjectives it uses."""

    tokens: list[Token]
    spans: list[Span]  # every gazetteer match, with the reason it was rejected ("" if kept)
    kept: list[Span]
    groups: dict[str, NameGroup]
    demonyms: dict[str, int]


def read_names(text: str, gazetteer: Gazetteer) -> NameReading:
    """Recognition: the place names of the text grouped by name, with their cues and containment.
    It does not depend on the resolver's weights (bench/fit_resolver.py reads a text once)."""
    tokens = tokenize(text)
    spans = find_spans(text, tokens, gazetteer)
    people = person_name_words(tokens, spans)
    for span in spans:
        span.rejected = _rejection(text, tokens, span, gazetteer, people)
    titled = titled_names(tokens, spans) - people
    if titled:  # "President Bashar al-Assad ... under Assad's control": the later "Assad" is him
        people |= titled
        for span in spans:
            if not span.rejected and span.key in titled:
                span.rejected = _rejection(text, tokens, span, gazetteer, people)
    accepted = {span.key for span in spans if not span.rejected}
    for span in spans:  # "the town of Hit ... had seized Hit": one name, one sense, within a text
        if span.rejected == "common-word" and span.key in accepted and not tokens[span.first].sentence_start:
            span.rejected = ""
    kept = _with_abbreviations([span for span in spans if not span.rejected], region_abbreviations(text, tokens, gazetteer))
    groups = _group(text, tokens, kept)
    return NameReading(tokens=tokens, spans=spans, kept=kept, groups=groups, demonyms=demonym_evidence(tokens))


def geoparse(
    text: str,
    gazetteer: Gazetteer,
    *,
    weights: Mapping[str, float] | None = None,
    with_features: bool = False,
) -> list[dict]:
    """Every place name of the text with its resolved place, confidence and top alternatives.

    weights: the resolver's feature weights (default: events/extraction/data/resolver_weights.json);
    with_features: each candidate also carries "features", the share of each feature in its score
    (weight x value, the largest first), so an editor sees why a place won.
    """
    if not text or not text.strip():
        return []
    reading = read_names(text, gazetteer)
    tokens, spans, kept, groups, demonyms = (
        reading.tokens, reading.spans, reading.kept, reading.groups, reading.demonyms
    )
    resolve_groups(gazetteer, list(groups.values()), demonyms, weights)
    overrules = after_scoring(gazetteer, groups, demonyms)
    isolated, counties, guesses = overrules.isolated, overrules.counties, overrules.guesses
    explained = (load_weights() if weights is None else weights) if with_features else None
    anchor = document_anchor(gazetteer, groups, isolated | counties)
    parts = parts_of_places(text, tokens, kept, groups, gazetteer)
    starts = {span.first for span in kept}
    mentions = []
    for n, span in enumerate(kept):
        if span.key in isolated:
            continue
        group = groups[span.key]
        longer = longer_name_end(tokens, span, group, gazetteer, starts)
        partial = longer is not None and tokens[span.last + 1].key not in FEATURE_WORDS
        if partial and not (group.cues or has_locative_evidence(text, tokens, span)):
            continue  # "said Paul Brewbaker", "Nancy Pelosi": a person's name, not a longer place name
        if longer is not None:
            unresolved = _unresolved_mention(span, group, gazetteer, explained)
            mentions.append({**unresolved, "text": text[span.start : longer], "end": longer})
        elif span.key in guesses:
            mentions.append(_unresolved_mention(span, group, gazetteer, explained))
        else:
            near = parts.get(n) or (anchor if span.key in counties else None)
            mentions.append(_mention(span, group, gazetteer, near, explained))
    mentions += unresolved_local_names(text, tokens, spans, anchor)
    mentions.sort(key=lambda m: m["start"])
    return mentions


def _with_abbreviations(spans: list[Span], abbreviations: list[Span]) -> list[Span]:
    """Region short forms after a town replace whatever else matched their token ("Alta." is no Alta)."""
    if not abbreviations:
        return spans
    taken = {span.first for span in abbreviations}
    return sorted([s for s in spans if not taken & set(range(s.first, s.last + 1))] + abbreviations,
                  key=lambda s: s.start)


def titled_names(tokens: list[Token], spans: list[Span]) -> frozenset[str]:
    """Words of a name after a person's title, with the name glued to it ("President Bashar
    al-Assad"): the lower-case article breaks the capitalised run person_name_words reads."""
    words: set[str] = set()
    for n, span in enumerate(spans):
        if span.rejected != "person-title":
            continue
        named = [span]
        if n + 1 < len(spans) and spans[n + 1].first == span.last + 1 and spans[n + 1].rejected:
            named.append(spans[n + 1])
        for part in named:
            words.update(t.key for t in tokens[part.first : part.last + 1] if t.key not in ARABIC_ARTICLES)
    return frozenset(words)


# Words that end the name of a street, building or local area ("Frenchmen Street", "Al-Shifa
# Hospital", "Morris County"): a place even when the gazetteer cannot say where it is.
LOCAL_NAME_ENDINGS = {
    **dict.fromkeys("street avenue road boulevard drive lane highway square bridge".split(), "street"),
    **dict.fromkeys(
        "hospital church cathedral mosque stadium airport airbase prison centre center".split(), "facility"
    ),
    **dict.fromkeys("county parish".split(), "admin2"),
    **dict.fromkeys("park canal island lake crossing".split(), "area"),
}


# Words that name a part of a town rather than a place: "the Old City of Mosul", "the New Town of X".
PART_WORDS = frozenset("old new city town quarter medina downtown centre center district districts".split())
_PART_OF = re.compile(r"^\s+(?:(?:neighbou?rhoods?|distri(?:ct|cts)|quarters?|suburbs?|areas?)\s+)?of\s+(?:the\s+)?$")
# ("the Paris suburb of Saint-Denis" reads the other way round: no "suburb" here)
_NAMED_PART_OF = re.compile(r"^\s+(?:neighbou?rhoods?|distri(?:ct|cts)|quarters?|areas?)\s+of\s+(?:the\s+)?$")


def parts_of_places(
    text: str, tokens: list[Token], spans: list[Span], groups: dict[str, NameGroup], gazetteer: Gazetteer
) -> dict[int, dict]:
    """Spans that name a part of the next place ("the Old City of Mosul", "the Karkh neighbourhood
    of Baghdad") and resolved somewhere else: they belong to that place (span position -> its place)."""
    out: dict[int, dict] = {}
    for n, span in enumerate(spans[:-1]):
        container = groups[spans[n + 1].key]
        if container.best is None:
            continue
        gap = text[span.end : spans[n + 1].start]
        generic = all(t.key in PART_WORDS for t in tokens[span.first : span.last + 1])
        if not (_NAMED_PART_OF.match(gap) or (generic and _PART_OF.match(gap))):
            continue
        group = groups[span.key]
        outer = gazetteer.place(container.best)
        inner = gazetteer.place(group.best) if group.best is not None else None
        if inner is not None and inner.population > outer.population > 0:
            continue  # a part is no larger than its town
        if inner is not None and fc.is_country(outer.feature_code) and inner.country_code == outer.country_code:
            continue  # "the Gondar area of Ethiopia": a place of that country, not a part of a town
        if inner is None or generic or not is_local(inner, [outer], []):
            out[n] = outer.as_json()
    return out


def _rejection(text: str, tokens: list[Token], span: Span, gazetteer: Gazetteer, people: frozenset[str]) -> str:
    """Why a span is not a place mention ("" when it is one): the filters, then a closing local-name word."""
    reason = rejection_reason(text, tokens, span, gazetteer, people)
    if not reason and _ends_a_local_name(tokens, span):
        reason = "part-of-local-name"
    return reason


def _ends_a_local_name(tokens: list[Token], span: Span) -> bool:
    """A lone street or building word closing a capitalised name: "Rogers Centre" is no "Centre"."""
    if span.first != span.last or span.first == 0 or tokens[span.first].key not in LOCAL_NAME_ENDINGS:
        return False
    before = tokens[span.first - 1]
    return before.capitalised and before.joins_next and not before.sentence_start


def document_anchor(gazetteer: Gazetteer, groups: dict[str, NameGroup], isolated: set[str]) -> dict | None:
    """The town the article is set in: its most mentioned resolved settlement (dateline first)."""
    anchor: int | None = None
    best_rank = (-1, 0)
    for key, group in groups.items():
        if group.best is None or key in isolated:
            continue
        if not fc.is_settlement(gazetteer.feature_code(group.best)):
            continue
        rank = (len(group.spans) + (3 if group.dateline else 0), -group.spans[0].start)
        if rank > best_rank:
            anchor, best_rank = group.best, rank
    if anchor is None:
        return None
    return gazetteer.place(anchor).as_json()


def unresolved_local_names(
    text: str, tokens: list[Token], spans: list[Span], anchor: dict | None = None
) -> list[dict]:
    """Names of streets, buildings and counties that no gazetteer entry holds.

    Only where no gazetteer name covers the words, so "Anbar province" stays a resolved "Anbar".
    They are placed at the town the article is set in (precision "near"), or left null.
    """
    covered = [False] * len(tokens)
    for span in spans:
        if not span.rejected:
            for k in range(span.first, span.last + 1):
                covered[k] = True
    found = []
    for i, token in enumerate(tokens):
        kind = LOCAL_NAME_ENDINGS.get(token.key)
        if kind is None or not token.capitalised or i == 0 or covered[i]:
            continue
        first = i
        while (
            first > 0
            and i - first < 4
            and tokens[first - 1].capitalised
            and tokens[first - 1].joins_next
            and not covered[first - 1]
            and tokens[first - 1].key not in person_titles()
        ):
            first -= 1
        base = tokens[first:i]
        if not base or (base[0].sentence_start and is_common_word(base[0].key)):
            continue
        if all(is_common_word(t.key) or t.key in stop_names() or t.key in demonyms() for t in base):
            continue
        if base[0].key in ("the", "a", "an") and len(base) == 1:
            continue
        start, end = base[0].start, token.end
        found.append(
            {
                "text": text[start:end],
                "start": start,
                "end": end,
                "confidence": 0.2 if anchor else 0.0,
                "place": anchor,
                "candidates": [{**anchor, "score": 0.2}] if anchor else [],
                "kind": kind,
                "precision": "near" if anchor else None,
            }
        )
    return found


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
            span.cues[cue] = span.cues.get(cue, 0) + 1
        if position + 1 < len(spans):
            following = spans[position + 1]
            if following.key != span.key and _CONTAINMENT_GAP.match(text[span.end : following.start]):
                group.containers.append(following.key)
                contents.setdefault(following.key, []).append(span.key)
        if is_dateline(text, span):
            group.dateline = True
            group.cues["settlement"] += 1  # a dateline names a town ("RAMADI, Iraq"), not its province
            span.cues["settlement"] = span.cues.get("settlement", 0) + 1
    for key, inner in contents.items():
        groups[key].contents.extend(inner)
    return groups


COUNTY_WORDS = frozenset("county parish township borough".split())


def _type_cues(tokens: list[Token], span: Span) -> list[str]:
    """Type words right after the name ("Anbar province") or before it ("the town of Rawa")."""
    cues: list[str] = []
    after = [t.key for t in tokens[span.last + 1 : span.last + 3]]
    if after and tokens[span.last].joins_next:
        word = after[0]
        if word == "refugee" and len(after) > 1:
            word = after[1]
        if not (len(after) > 1 and after[1] == "of" and word not in _PART_TYPE_WORDS):
            cues += _cue_names(word)  # but "the Hunan city of Yueyang": the city is Yueyang
        if word in COUNTY_WORDS:
            cues.append("county")
    else:
        cues += _cue_names(_shared_type_word(tokens, span.last))
    if span.first >= 2 and tokens[span.first - 1].key == "of":
        cues += _cue_names(tokens[span.first - 2].key)
    elif span.first >= 1 and tokens[span.first - 1].key in _WORDS_BEFORE_A_NAME:
        cues.append("river" if tokens[span.first - 1].key in RIVER_WORDS else "area")
    return cues


def _shared_type_word(tokens: list[Token], last: int) -> str:
    """The plural type word of a pair: "Hunan and Hubei provinces", "the Tigris and Euphrates rivers"."""
    if last + 2 >= len(tokens) or tokens[last + 1].key != "and":
        return ""
    for k in range(last + 2, min(last + 5, len(tokens))):
        token = tokens[k]
        if not token.capitalised:
            return token.key if token.key in PLURAL_TYPE_WORDS and k > last + 2 else ""
    return ""


# "the Karam neighbourhood of Mosul" names Karam a part; "the Hunan city of Yueyang" names Yueyang.
_PART_TYPE_WORDS = frozenset("neighbourhood neighborhood suburb district quarter".split())
PLURAL_TYPE_WORDS = frozenset(
    "provinces governorates oblasts states regions districts rivers towns cities villages camps".split()
)


# Type words written before a name ("the river Tigris", "Mount Hermon", "Lake Tana").
_WORDS_BEFORE_A_NAME = RIVER_WORDS | {"mount", "lake"}


# Offices of a region's government: "New York Gov. Cuomo", "the Quebec government", "governor of Kirkuk".
GOVERNMENT_WORDS = frozenset("gov governor governors government legislature premier".split())


def _cue_names(word: str) -> list[str]:
    cues = []
    if word in GOVERNMENT_WORDS:
        cues.append("government")
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


# Words after a name that make it the name of a water body or a strip of land ("the Baltic Sea
# enclave", "the Philadelphi corridor"): no town or region of the name is meant.
FEATURE_WORDS = frozenset("sea ocean gulf strait corridor".split())
LONGER_NAME_MAX_TOKENS = 2


def longer_name_end(
    tokens: list[Token], span: Span, group: NameGroup, gazetteer: Gazetteer, starts: set[int]
) -> int | None:
    """The end of the longer name a match only begins, when the gazetteer lacks that name (None if
    the match is the whole name). Such a mention is kept with its whole name and no place.

    A feature word after the name ("Baltic Sea", "Philadelphi corridor") when the reading is no
    water body or area; or, after a reading no better than a small town or a transliteration, more
    capitalised words of the same name ("over Adan Yabal" is no Eden): not type words, common words, months or other places.
    """
    if group.best is None or not tokens[span.last].joins_next or span.last + 1 >= len(tokens):
        return None
    after = tokens[span.last + 1]
    if after.key in FEATURE_WORDS:
        return after.end if gazetteer.feature_code(group.best) not in fc.WATER_AND_AREA_CODES else None
    code = gazetteer.feature_code(group.best)
    if (fc.is_country(code) or code == fc.ADM1) and not group.candidates[group.best] & (KEY_LOOSE | KEY_ALTERNATE):
        return None  # "the Nebraska Sandhills", "The Connecticut Piranhas": the state's name
    if tokens[span.first].upper:
        return None  # "WASHINGTON Barack Obama pardoned": a dateline
    end = None
    k = span.last
    while k + 1 < len(tokens) and k - span.last < LONGER_NAME_MAX_TOKENS and tokens[k].joins_next:
        word = tokens[k + 1]
        if (
            tokens[k].hyphen_after
            or not word.capitalised
            or word.upper
            or word.sentence_start
            or k + 1 in starts
            or word.key in TYPE_WORDS
            or word.key in stop_names()
            or word.key in demonyms()
            or word.key in person_titles()
            or is_common_word(word.key)
        ):
            break
        k += 1
        end = word.end
    return end


def _unresolved_mention(
    span: Span, group: NameGroup, gazetteer: Gazetteer, weights: Mapping[str, float] | None = None
) -> dict:
    """A place name kept for the reader with no place: the gazetteer's readings are implausible."""
    mention = _mention(span, group, gazetteer, weights=weights)
    return {**mention, "confidence": 0.0, "place": None, "kind": None}


def _mention(
    span: Span,
    group: NameGroup,
    gazetteer: Gazetteer,
    near: dict | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict:
    """One mention of CONTRACT §4; weights given: its candidates carry their feature breakdown."""
    if near is not None:  # a county the gazetteer lacks, a part of a town: the place it lies in
        return {
            "text": span.text,
            "start": span.start,
            "end": span.end,
            "confidence": 0.2,
            "place": near,
            "candidates": [{**near, "score": 0.2}],
            "kind": "admin2" if group.cues["county"] else "part",
            "precision": "near",
        }
    place = namesake_swap(gazetteer, group, span)
    ranked = sorted(group.scores.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
    total = sum(score_weight(score, ranked[0][1]) for _, score in ranked) if ranked else 1.0
    candidates = [
        {**gazetteer.place(index).as_json(), "score": round(score_weight(score, ranked[0][1]) / total, 4)}
        for index, score in ranked
    ]
    if weights is not None:
        for candidate, (index, _) in zip(candidates, ranked, strict=True):
            parts = contributions(group.features.get(index, {}), weights)
            candidate["features"] = {name: round(value, 3) for name, value in parts.items()}
    return {
        "text": span.text,
        "start": span.start,
        "end": span.end,
        "confidence": round(group.confidence, 4),
        "place": place.as_json() if place else None,
        "candidates": candidates,
        "kind": kind_of(place) if place else None,
    }


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
            "rejected": _rejection(text, tokens, s, gazetteer, people),
        }
        for s in spans
    ]
