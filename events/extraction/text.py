"""Text utilities shared by every extraction stage: sentence spans over the original text.

Offsets are Python string indices into the text exactly as given, so every later stage can
report spans a reader can find again in the article.
"""

from __future__ import annotations

import re

# Words that end with a full stop without ending a sentence ("Gen. Yarallah", "Nov. 7").
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr brig rev sen rep gov pres st mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc approx est dept univ inc ltd co corp
    u.s u.k u.n e.g i.e a.m p.m
    """.split()
)

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])|\n\s*\n|\n""")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into sentences; return (start, end) offsets with surrounding space trimmed.

    A line break always ends a sentence (news pages put headlines, captions and paragraphs on
    their own lines); a full stop ends one unless it follows a known abbreviation or an initial.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0)[0] == "." and _ends_with_abbreviation(text, match.start()):
            continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
