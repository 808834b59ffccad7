"""The trigger patterns, compiled from the lexicon (``lexicon/en/control.json``, ``events.json``), and
the per-article trigger scan.

Control triggers come in families (capture, fell, loss, hold_bwd, besiege, contest, hold); the family
decides where the place and the actors are looked for (see ``families``). Event triggers map to an
ACLED (event_type, sub_event_type). Patterns are matched on the lower-cased text, and only where one
of their stems (their possible first words, derived from the same phrases) starts a word: most
sentences have none and are never coded.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import ahocorasick

from ..lexicon import compile_phrase, lexicon, stems

LEXICON = lexicon("en")
# Control families in the order ``control`` tries them (a stretch coded by one is not coded again by a
# later one: "took control of" is a capture, not a "control of" hold; "broke the siege of" is a relief,
# not a siege).
FAMILIES = (
    "capture", "fell", "loss", "hold_bwd", "relief", "besiege", "contest", "hold", "surrender", "handover", "denial",
)  # fmt: skip

CONTROL_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, compile_phrase(LEXICON.family_pattern(family))) for family in FAMILIES
)
EXPULSION = re.compile(rf"\b(?:{LEXICON.family_pattern('expel')})\b", re.IGNORECASE)
EXPULSION_FROM = re.compile(r"\b(?:out\s+of|from|out\s+from)\b", re.IGNORECASE)
# "IS-held Raqqa", "Russian-occupied Melitopol": a holder glued to the place's adjective.
HELD_PREFIX = compile_phrase(LEXICON.family_pattern("held_prefix"), re.IGNORECASE)

# Non-control events: (pattern, event_type, sub_event_type). First match in a sentence wins per type.
EVENT_TRIGGERS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (compile_phrase(pattern), event_type, subtype) for pattern, event_type, subtype in LEXICON.event_groups()
)

# What to try where a word starts with a stem: the control families, the event patterns and whether
# the expulsion verbs, each derived from the same lexicon phrases as the patterns themselves.
_EXPEL_BIT = 1 << len(FAMILIES)


def _build_stems() -> ahocorasick.Automaton:
    """Each stem with the bit masks of the control families (bit ``_EXPEL_BIT`` for the expulsion
    verbs) and of the event patterns that can start with it."""
    wanted: dict[str, list[int]] = {}
    for family_index, family in enumerate((*FAMILIES, "expel")):
        for stem in stems(LEXICON.family_pattern(family)):
            wanted.setdefault(stem, [0, 0])[0] |= 1 << family_index
    for event_index, (pattern, _type, _subtype) in enumerate(LEXICON.event_groups()):
        for stem in stems(pattern):
            wanted.setdefault(stem, [0, 0])[1] |= 1 << event_index
    automaton = ahocorasick.Automaton()
    for stem, (families, events) in wanted.items():
        automaton.add_word(stem, (len(stem), families, events))
    automaton.make_automaton()
    return automaton


_STEMS = _build_stems()


@dataclass(slots=True)
class TriggerHits:
    """An article's trigger matches by sentence index, found in one pass over its text."""

    control: dict[int, list[tuple[int, re.Match[str]]]] = field(default_factory=dict)  # (family index, match)
    events: dict[int, list[tuple[int, re.Match[str]]]] = field(default_factory=dict)  # (event index, match)
    other: set[int] = field(default_factory=set)  # sentences with an expulsion verb or an "X-held" adjective

    def any_in(self, index: int) -> bool:
        """Does sentence ``index`` need coding at all?"""
        return index in self.control or index in self.events or index in self.other


def scan_triggers(lowered: str, spans: list[tuple[int, int]]) -> TriggerHits:
    """Trigger matches by sentence. Patterns are tried only where one of their stems starts a word
    (Aho-Corasick) instead of running every pattern over the whole text, and only the patterns whose
    stems start there; each word start is tried once even when several stems begin there ("take",
    "taken", "take over")."""
    starts = [start for start, _ in spans]
    hits = TriggerHits()
    for held in HELD_PREFIX.finditer(lowered):
        k = bisect.bisect_right(starts, held.start()) - 1
        if k >= 0:
            hits.other.add(k)
    for begin, (families, events) in _stem_starts(lowered):
        k = bisect.bisect_right(starts, begin) - 1
        if k < 0 or begin >= spans[k][1]:
            continue
        limit = spans[k][1]
        if families & _EXPEL_BIT and EXPULSION.match(lowered, begin, limit):
            hits.other.add(k)
        control = _masked_matches(_CONTROL_PATTERNS, families, lowered, begin, limit)
        if control:
            hits.control.setdefault(k, []).extend(control)
        if events:
            found = _masked_matches(_EVENT_PATTERNS, events, lowered, begin, limit)
            if found:
                hits.events.setdefault(k, []).extend(found)
    return hits


# The trigger patterns alone, by the index their stems' bits stand for.
_CONTROL_PATTERNS = tuple(pattern for _family, pattern in CONTROL_TRIGGERS)
_EVENT_PATTERNS = tuple(pattern for pattern, _type, _subtype in EVENT_TRIGGERS)


def _masked_matches(
    patterns: tuple[re.Pattern[str], ...], mask: int, lowered: str, begin: int, limit: int
) -> list[tuple[int, re.Match[str]]]:
    """(index, match) of the patterns whose bit is set in ``mask`` that match at ``begin``: only the
    patterns a stem starting there belongs to are tried."""
    found: list[tuple[int, re.Match[str]]] = []
    for index, pattern in enumerate(patterns):
        if mask >> index & 1:
            match = pattern.match(lowered, begin, limit)
            if match:
                found.append((index, match))
    return found


def _stem_starts(lowered: str) -> list[tuple[int, list[int]]]:
    """(offset, [control family mask, event mask]) where trigger stems start a word, each offset
    once, in text order."""
    found: dict[int, list[int]] = {}
    for end_index, (length, families, events) in _STEMS.iter(lowered):
        begin = end_index - length + 1
        if begin > 0 and lowered[begin - 1].isalnum():
            continue
        masks = found.get(begin)
        if masks is None:
            found[begin] = [families, events]
        else:
            masks[0] |= families
            masks[1] |= events
    return sorted(found.items())
