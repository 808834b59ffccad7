"""The coder's lexicon as data: trigger phrases, modality cues, date words and filler words, per language.

Each language is a folder (``en/``) of JSON files an analyst can read and extend, in the spirit of
PETRARCH's dictionaries: one entry per phrase group, with its family (control) or its ACLED
event_type/sub_event_type (events), ONE example sentence and the coding that sentence must get
(tests/unit/test_lexicon.py runs every example through the real extractor).

Phrase syntax: a regular expression over lower-cased text in which a plain space stands for any run
of white space (``took control of`` matches "took  control\\nof"); spaces inside a character class
(``[- ]``) stay literal. A phrase must start with literal letters: the scan only tries a phrase where
one of its first words starts a word of the text, and those first words (the Aho-Corasick stems) are
derived here from the very same phrases, so the regexes and the stems cannot drift apart.

The grammar around the words (where a family finds its place and actors, how a cue must stand
before a trigger, how a date word maps to a day) stays in code: ``coding/families.py``,
``coding/cues.py``, ``dates.py``. A second language is a second folder with the same files.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

# Python 3.11+ (our floor): the regex parser lives under ``re``; ``sre_parse`` is its deprecated alias
# (importing it warns). typeshed has no stubs for these private modules, hence the ignores.
from re import _constants as _sre_constants  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]

HERE = Path(__file__).resolve().parent
# A stem shorter than this would make the scan try phrases at most words of a text.
MIN_STEM = 2
# Phrases whose start expands to more literal prefixes than this are cut at the shorter prefixes.
_MAX_PREFIXES = 512


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a phrase group with its label, its example and the coding expected of it."""

    label: str  # a control family ("capture") or "event_type|sub_event_type" or a cue/date/filler name
    pattern: str  # the regular expression compiled from the phrase
    example: str
    published: str | None
    expect: dict
    raw: dict  # the entry as written (other fields: words, tables)


@dataclass(frozen=True, slots=True)
class Lexicon:
    language: str
    control: tuple[
        Entry, ...
    ]  # families capture, fell, loss, hold_bwd, besiege, contest, hold, expel, held_prefix
    events: tuple[Entry, ...]  # label "event_type|sub_event_type"
    cues: dict[str, Entry]  # by cue name: intent_to, intent_modal, negation, claim_said, claim_word, denial
    dates: dict[str, Entry]  # by table name: months, weekdays, numbers, relative_days
    filler: Entry

    def family_pattern(self, family: str) -> str:
        """One family's phrases as one alternation, in file order (the first alternative that matches wins)."""
        return "|".join(e.pattern for e in self.control if e.label == family)

    def event_groups(self) -> list[tuple[str, str, str]]:
        """(pattern, event_type, sub_event_type) per sub-type, in order of first appearance."""
        groups: dict[str, list[str]] = {}
        for entry in self.events:
            groups.setdefault(entry.label, []).append(entry.pattern)
        return [("|".join(parts), *label.split("|", 1)) for label, parts in groups.items()]  # type: ignore[misc]

    def entries(self) -> list[Entry]:
        """Every entry with an example, for the parametrised test."""
        return [*self.control, *self.events, *self.cues.values(), *self.dates.values(), self.filler]


def phrase_pattern(phrase: str) -> str:
    """The regex of a phrase: each run of plain spaces outside a character class becomes ``\\s+``."""
    out: list[str] = []
    in_class = escaped = False
    i = 0
    while i < len(phrase):
        ch = phrase[i]
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " ":
            while i + 1 < len(phrase) and phrase[i + 1] == " ":
                i += 1
            out.append(r"\s+")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def stems(pattern: str) -> set[str]:
    """Every literal prefix a match of ``pattern`` can start with, up to its first non-literal
    (a space, ``\\w``, a lookahead...): a match can only begin where one of these begins.

    Raises ValueError for a pattern that can start with fewer than MIN_STEM literal characters."""
    found = {text for text, _open in _expand(_sre_parser.parse(pattern))}
    short = sorted(s for s in found if len(s) < MIN_STEM)
    if short:
        raise ValueError(f"lexicon phrase {pattern!r} can start with too short a literal: {short}")
    return found


def _expand(items) -> list[tuple[str, bool]]:  # noqa: ANN001 (sre's parsed sequence)
    """(prefix, still open) pairs of a parsed sequence; a prefix closes at its first non-literal."""
    results: list[tuple[str, bool]] = [("", True)]
    for op, arg in items:
        alternatives = _expand_item(op, arg)
        grown: list[tuple[str, bool]] = []
        for text, open_ in results:
            if not open_:
                grown.append((text, False))
                continue
            grown.extend((text + more, more_open) for more, more_open in alternatives)
        results = list(dict.fromkeys(grown))
        if len(results) > _MAX_PREFIXES:
            results = list(dict.fromkeys((text, False) for text, _open in results))
        if not any(open_ for _text, open_ in results):
            break
    return results


def _expand_item(op, arg) -> list[tuple[str, bool]]:  # noqa: ANN001
    c = _sre_constants
    if op is c.LITERAL:
        return [(chr(arg), True)]
    if op is c.SUBPATTERN:
        return _expand(arg[-1])
    if op is c.BRANCH:
        return [pair for alternative in arg[1] for pair in _expand(alternative)]
    if op is c.IN and all(kind is c.LITERAL for kind, _value in arg):
        return [(chr(value), True) for _kind, value in arg]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, body = arg
        if low == 0 and high == 1:
            return [("", True), *_expand(body)]
        if low == 0:
            return [("", False)]
    return [("", False)]  # anything else closes the prefix here


def _entry(label: str, raw: dict, pattern: str) -> Entry:
    return Entry(label, pattern, raw["example"], raw.get("published"), raw["expect"], raw)


def _words_pattern(words: list[str]) -> str:
    return "|".join(phrase_pattern(w) for w in words)


@functools.cache
def lexicon(language: str = "en") -> Lexicon:
    """The lexicon of ``language`` (a folder beside this file), loaded once per process."""
    folder = HERE / language
    if not folder.is_dir():
        raise LookupError(f"no lexicon for language {language!r} in {HERE}")

    def read(name: str) -> dict:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))

    control = tuple(_entry(r["family"], r, phrase_pattern(r["phrase"])) for r in read("control")["entries"])
    events = tuple(
        _entry(f"{r['event_type']}|{r['sub_event_type']}", r, phrase_pattern(r["phrase"]))
        for r in read("events")["entries"]
    )
    cues = {r["cue"]: _entry(r["cue"], r, _words_pattern(r["words"])) for r in read("cues")["entries"]}
    dates = {r["table"]: _entry(r["table"], r, "") for r in read("dates")["entries"]}
    filler_raw = read("filler")
    filler = _entry("filler", filler_raw, "")
    return Lexicon(language, control, events, cues, dates, filler)


def compile_phrase(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A trigger regex: the phrase's pattern ending at a word boundary."""
    return re.compile(rf"(?:{pattern})\b", flags)
