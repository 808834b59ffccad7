"""Where the story is on the page: datelines, the headline, and the page chrome around the body.

News pages arrive as text with their furniture: "Skip to main content", section names, the headline,
bylines, a dateline ("BAGHDAD, Nov 3 (Reuters) -"), the body, then "Related coverage" and links to
other stories. The coder needs three facts about that layout:

* a dateline names where and when the story was filed, not where or when anything happened: its
  place is no event place and its date no event date;
* the headline repeats the lead in the present tense ("Iraq retakes Qaim"): its events only count
  for places the body does not report a change for (and are then dated at publication);
* title-like lines after the body has begun (links to other stories, "Read more: ...") are not this
  story: they are never coded.

A line is title-like when it does not end a sentence (no final full stop, question or exclamation
mark, closing quote or bracket) and is short; the body begins at the first line that is prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "BAGHDAD (Reuters) -", "KYIV, Ukraine (AP) —", "MUKALLA, Yemen, April 3 (Reuters) -", "ISTANBUL/BEIRUT -":
# an upper-case place, up to two comma parts (country, filing date), an optional agency, a dash or colon.
DATELINE = re.compile(
    r"[A-Z][A-Z .'’/-]{2,40}(?:,\s*[A-Za-z0-9 .]{2,30}){0,2}\s*(?:\([\w .]+\)\s*)?(?:[:—–]|\s-\s|-\s)"
)
_CLOSERS = frozenset('"”’)')
_TITLE_MAX_WORDS = 25


@dataclass(frozen=True, slots=True)
class Layout:
    """Sentence indices by role, and the character spans of the datelines."""

    headline: frozenset[int]  # title-like sentences before the body
    chrome: frozenset[int]  # title-like sentences after the body began
    datelines: tuple[tuple[int, int], ...]  # (start, end) of each dateline prefix
    lead: int | None  # the first sentence of the body

    def in_dateline(self, start: int, end: int) -> bool:
        """Does the span [start, end) lie inside a dateline?"""
        return any(a <= start and end <= b for a, b in self.datelines)


def page_layout(text: str, spans: list[tuple[int, int]]) -> Layout:
    """Find the datelines, the headline and the chrome of one article (see the module docstring)."""
    datelines = tuple(_dateline_prefixes(text))
    headline: set[int] = set()
    chrome: set[int] = set()
    lead = None
    dateline_starts = {a for a, _ in datelines}
    title_lines: dict[int, bool] = {}  # line start -> is the line title-like (lines hold several sentences)
    for index, (start, end) in enumerate(spans):
        line_start = text.rfind("\n", 0, start) + 1
        title = title_lines.get(line_start)
        if title is None:
            line_end = text.find("\n", end)
            line = text[line_start : len(text) if line_end < 0 else line_end].strip()
            title = title_lines[line_start] = _title_like(line) and line_start not in dateline_starts
        if title:
            (headline if lead is None else chrome).add(index)
        elif lead is None:
            lead = index
    return Layout(frozenset(headline), frozenset(chrome), datelines, lead)


def _title_like(line: str) -> bool:
    """A short line that does not end like prose: no final full stop, question or exclamation mark,
    colon, semicolon, ellipsis, closing quote or bracket ("The army retook these towns:" is prose)."""
    if not line or line[-1] in _CLOSERS:
        return False
    return line[-1] not in ".!?:;…" and len(line.split()) <= _TITLE_MAX_WORDS


def _dateline_prefixes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line-opening dateline, up to and including its dash or colon."""
    out = []
    line_start = 0
    while line_start < len(text):
        newline = text.find("\n", line_start)
        line_end = len(text) if newline < 0 else newline
        head = text[line_start : min(line_end, line_start + 80)]
        match = DATELINE.match(head)
        if match and _upper_word(head):
            out.append((line_start, line_start + match.end()))
        line_start = line_end + 1
    return out


def _upper_word(head: str) -> bool:
    """A dateline opens with a place in capitals ("BAGHDAD"), not a capitalised sentence word."""
    first = re.match(r"[A-Z][A-Z'’.-]+", head)
    return first is not None and len(first.group(0).strip(".-")) >= 3
