"""The date of a trigger: the nearest date of its clause, else the paragraph's, else the publication day.

Undated sentences take a day-precision date from the previous sentence of the same paragraph, else
the publication date. Background changes in the pluperfect with no date ("which Russia had seized")
are dropped: dating them at publication would rewrite history on the map. Holds statements are
dated at publication unless the sentence dates them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..dates import DateMatch, EventDate
from .records import Control, Dated

if TYPE_CHECKING:
    from .sentence import SentenceContext

# "seven months after the militants overran X": the trigger is an earlier event than the sentence's.
_AFTER_CLAUSE = re.compile(
    r"\b(?:days?|weeks?|months?|years?|hours?)\s+(?:after|since)\s+[^,;]{0,60}$", re.IGNORECASE
)
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?$", re.IGNORECASE)
# "since 2016" dates the start of a state, not a change: never the date of a capture.
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
# A relative or participle clause after the trigger: its date belongs to its own noun.
_MODIFIER_CLAUSE = re.compile(
    r"\b(?:which|who|whose|that|where)\b[^,;]*$"
    r"|\b(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:[a-z]+ed|made|held|won|struck|built|reached|signed|brokered|agreed)"
    r"\s+(?:in|at|by|with|between|on|last|earlier|this)\b[^,;]*$",
)
_CLAUSE_BOUNDARY = re.compile(
    r"[;]|,\s+(?:after|before|when|while|since|and|but)\b|\b(?:after|before|since)\b"
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def date_for(sentence: SentenceContext, t_start: int, control: Control | None) -> Dated | None:
    """(date, carried) for the trigger at ``t_start``, or None when it cannot be dated."""
    text = sentence.text
    rel = t_start - sentence.start
    past = [d for d in sentence.dates if not d.future]
    if control is not None and control.kind == "change":
        past = [d for d in past if not _dates_a_state(text, d)]
        if _AFTER_CLAUSE.search(text, max(0, rel - 80), rel):
            # an earlier event, dated only by a date of its own clause ("a month after troops took
            # back Anah, on Sept. 26")
            own = [d for d in past if d.start >= rel and _date_rank(text, rel, d)[0] == 0]
            return (own[0].value, False) if own else None
    if past and control is not None:
        # "the fall of X is a blow to a deal signed in Minsk last week": a date inside a relative or
        # participle clause after the trigger dates that clause's noun, not the trigger
        past = [d for d in past if d.start < rel or not _MODIFIER_CLAUSE.search(text, rel, d.start)]
    if past:
        return min(past, key=lambda d: _date_rank(text, rel, d)).value, False
    return _undated(sentence, t_start, control)


def _undated(sentence: SentenceContext, t_start: int, control: Control | None) -> Dated | None:
    """A trigger whose sentence gives no date: holds at publication, else the paragraph's date,
    else publication (but never for a pluperfect change)."""
    published = sentence.article.published
    if control is not None and control.kind == "holds":
        return (EventDate(published, "day"), False) if published else None
    carried = _carried_date(sentence.context)
    if carried is not None:
        return carried, True
    if published is None:
        return None
    before = sentence.article.text[max(sentence.start, t_start - 20) : t_start]
    if control is not None and _PLUPERFECT.search(before):
        return None
    return EventDate(published, "day"), True


def _dates_a_state(text: str, d: DateMatch) -> bool:
    """ "since 2016", "since early 2016": the start of a state, not the date of a change."""
    return bool(_SINCE_BEFORE.search(text, 0, d.start)) or text[d.start : d.end].lower().startswith("since")


def _carried_date(context: list[DateMatch]) -> EventDate | None:
    """The last day-precision date of the previous sentence, as resolve_event_date carries it."""
    days = [d for d in context if d.value.precision == "day"]
    return days[-1].value if days and not days[-1].future else None


def _date_rank(text: str, rel: int, d: DateMatch) -> tuple[int, int, int]:
    """Nearest clause first; within one clause the most precise date wins ("in late June, on
    June 29": the day, not the month), then the nearest."""
    lo, hi = (d.end, rel) if d.end <= rel else (rel, d.start)
    boundaries = len(_CLAUSE_BOUNDARY.findall(text, lo, hi)) if hi > lo else 0
    return boundaries, _PRECISION_RANK.get(d.value.precision, 4), abs(hi - lo)
