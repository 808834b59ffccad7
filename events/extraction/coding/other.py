"""The other ACLED events of a sentence: strikes, shelling, clashes, arrests, protests, agreements...

One event per event type and sentence (the first trigger of each type). The place is the trigger's
object, else the nearest place after a locative preposition ("in", "near"), else, for a placeless
sentence, the main place of the sentences just before (with less confidence).
"""

from __future__ import annotations

import re

from events.extraction.feature_codes import ADM1, ADM2, AREA, COUNTRY_PREFIX, REGION, VALLEY

from ..actors import Actor
from .cues import negated_or_intended
from .dating import date_for
from .features import controllable, country_of, feature_code, is_city
from .places import FILLER, forward_places
from .records import event_record
from .sentence import SentenceContext
from .subjects import actor_after, associated_actors, opponent, second_actor, subject_before
from .triggers import EVENT_TRIGGERS

_LOCATIVES = frozenset(
    "in at near outside around across on into inside of over from towards toward through".split()
)
_AREA_CODES = frozenset({REGION, AREA, VALLEY, "DSRT", ADM1, ADM2})
_CAPTION_LINE = re.compile(
    r"^In this\b.*\b(?:photo|image|picture)|\((?:AP|AFP|Reuters|EPA)\s*Photo", re.IGNORECASE
)
_WORD = re.compile(r"[\w'’-]+")
_CLAUSE_SPLIT = re.compile(r"[;:]")
# Sub-event types whose actors may be carried from the sentences before ("They clashed with...").
_CARRIED_ACTOR = ("Armed clash", "Other", "Disrupted weapons use")
_OPPONENT_IMPLIED = ("Armed clash", "Other")
_REMOTE = "Explosions/Remote violence"


def code_other(sentence: SentenceContext) -> list[dict]:
    """Events for the sentence's non-control triggers, one per event type, in trigger-table order."""
    events = []
    seen_types: set[str] = set()
    first_hits: dict[int, re.Match[str]] = {}
    hits = sentence.article.triggers.events.get(sentence.index, [])
    for event_index, trig in hits:
        if _inside_another(trig, event_index, hits):
            continue  # "violent protests" is a riot, not also the peaceful protest its last word names
        if event_index not in first_hits or trig.start() < first_hits[event_index].start():
            first_hits[event_index] = trig
    remote = any(EVENT_TRIGGERS[i][1] == _REMOTE for i in first_hits)
    for event_index in sorted(first_hits):
        _pattern, event_type, subtype = EVENT_TRIGGERS[event_index]
        if event_type in seen_types:
            continue
        if subtype == "Attack" and remote:
            continue  # "shelling killed 12 civilians": ACLED codes the weapon, not a second attack
        event = _code_event(sentence, first_hits[event_index], event_type, subtype)
        if event is not None:
            seen_types.add(event_type)
            events.append(event)
    return events


def _inside_another(trig: re.Match[str], event_index: int, hits: list[tuple[int, re.Match[str]]]) -> bool:
    """Is this trigger part of a longer trigger of another event ("violent [protests]")?"""
    return any(
        other != event_index
        and m.start() <= trig.start()
        and trig.end() <= m.end()
        and m.end() - m.start() > trig.end() - trig.start()
        for other, m in hits
    )


def _code_event(sentence: SentenceContext, trig: re.Match[str], event_type: str, subtype: str) -> dict | None:
    text = sentence.article.text
    t_start, t_end = trig.start(), trig.end()
    if negated_or_intended(_CLAUSE_SPLIT.split(text[max(sentence.start, t_start - 60) : t_start])[-1]):
        return None
    mention_index = _event_place(text, t_start, t_end, sentence.placed, sentence.start)
    inherited = False
    if mention_index is None and not sentence.placed and not sentence.controlled:
        mention_index = _inherited_place(sentence)
        inherited = True
    if mention_index is None or mention_index in sentence.controlled:
        return None
    actor1, actor2 = _event_actors(sentence, t_start, t_end, subtype, mention_index)
    when = date_for(sentence, t_start, None)
    if when is None:
        return None
    event = event_record(
        sentence,
        mention_index,
        when,
        (event_type, subtype),
        actor1,
        actor2,
        assoc=associated_actors(sentence, t_start, actor1),
    )
    if inherited:
        event["confidence"] = round(event["confidence"] - 0.25, 2)
    return event


def _event_actors(
    sentence: SentenceContext, t_start: int, t_end: int, subtype: str, mention_index: int
) -> tuple[Actor | None, Actor | None]:
    """Who acted (the trigger's subject, "by X", the sentence's subject, or for clashes the previous
    sentences' subject) and against whom (the first actor of the other side, else the likely opponent)."""
    text, matches = sentence.article.text, sentence.matches
    actor1 = (
        subject_before(text, sentence.start, t_start, matches)
        or actor_after(matches, t_end, ("by",), text)
        or sentence.subject
    )
    if actor1 is None and subtype in _CARRIED_ACTOR:
        actor1 = sentence.previous_subject
    actor2 = second_actor(matches, actor1)
    if actor2 is None and actor1 is not None and subtype in _OPPONENT_IMPLIED:
        place_country = country_of(sentence.article.mentions[mention_index])
        actor2 = opponent(sentence.article, actor1, place_country, sentence.on, sentence.index)
    return actor1, actor2


def _event_place(
    text: str, t_start: int, t_end: int, placed: list[tuple[int, dict]], s_start: int
) -> int | None:
    """The trigger's object place, else the nearest place introduced by a locative preposition."""
    targets, _ = forward_places(text, t_end, placed)
    if targets:
        return targets[0]
    best: tuple[int, int, int] | None = None
    for i, m in placed:
        head = _WORD.findall(text[max(s_start, m["start"] - 40) : m["start"]])
        head = [w.lower() for w in head if w.lower() not in FILLER]
        if not head or head[-1] not in _LOCATIVES or feature_code(m).startswith(COUNTRY_PREFIX):
            continue
        distance = min(abs(m["start"] - t_end), abs(t_start - m["end"]))
        key = (0 if is_city(m) else 1, distance, i)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _inherited_place(sentence: SentenceContext) -> int | None:
    """For placeless sentences: the main place of one of the three previous sentences."""
    article = sentence.article
    for back in range(1, 4):
        j = sentence.index - back
        if j < 0:
            return None
        s, e = article.spans[j]
        if _CAPTION_LINE.search(article.text[s:e]):
            return None
        for i, m in article.placed_by_sentence[j]:
            if controllable(m) and (is_city(m) or feature_code(m) in _AREA_CODES):
                return i
    return None
