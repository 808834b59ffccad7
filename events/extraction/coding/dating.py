"""The date of a trigger: the nearest date of its clause, else the paragraph's, else the publication day.

Undated sentences take a day-precision date from the previous sentence of the same paragraph, else
the publication date (the dateline's day when the story has one: see ``article._filing_date``).
Background is never dated at publication, which would rewrite history on the map: changes in the
pluperfect with no date ("which Russia had seized") and participles in an apposition ("fighters
driven out of Benghazi") are dropped; "two weeks later", "the next day" count from the date told just
before. A date belongs to its own clause: one in a relative or finite subordinate clause after the
trigger ("since the war began in 2011"), or after a second trigger of another clause ("took X last
week and captured Y on Thursday"), does not date the trigger. Holds statements are dated at
publication unless the sentence dates them ("held since 2016" is still a hold on the story's day).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..dates import NUMBER_WORDS, NUMBERS, PRECISIONS, DateMatch, EventDate, shift
from .records import Control, Dated

if TYPE_CHECKING:
    from .sentence import SentenceContext

# "seven months after the militants overran X": the trigger is an earlier event than the sentence's.
_AFTER_CLAUSE = re.compile(
    rf"\b(?:(?P<n>\d+|{NUMBER_WORDS})\s+)?(?P<unit>days?|weeks?|months?|years?|hours?)\s+(?:after|since)\s+[^,;]{{0,60}}$",
    re.IGNORECASE,
)
# A reporting clause between a trigger and a date: the date is the report's ("a year after they
# captured it, security officials said today"), not the trigger's.
_REPORTING = re.compile(
    r",\s+(?:[\w'’.-]+\s+){0,5}?(?:said|says|told|reported|reports|added|announced|confirmed|according)\b",
    re.IGNORECASE,
)
# "the government's base since Huthi rebels took Sanaa": a change in a "since" clause starts a state
# told as background.
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:[\w'’()-]+\s+){1,6}$", re.IGNORECASE)
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?$", re.IGNORECASE)
# What stands between a date of a first predicate and a coordinated trigger: "this summer and".
_COORDINATED_BEFORE = re.compile(r"\s*,?\s+and\s+(?:then\s+|later\s+)?")
# "captured and held Slovyansk since": a change and the hold it began, up to the hold's "since".
_AND_HELD = re.compile(
    r"[a-z-]+\s+and\s+(?:has\s+|have\s+|had\s+)?(?:since\s+)?(?:held|controlled|occupied|kept|ruled|run)\b"
    r"[^,;.]{0,60}?(?:\bsince\s*)?$",
    re.IGNORECASE,
)
# "since 2016" dates the start of a state, not a change: never the date of a capture.
_SINCE_BEFORE = re.compile(r"\bsince\s*(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
# A relative or participle clause after the trigger: its date belongs to its own noun.
_MODIFIER_CLAUSE = re.compile(
    r"\b(?:which|who|whose|that|where)\b[^,;]*$"
    r"|\b(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:[a-z]+ed|made|held|won|struck|built|reached|signed|brokered|agreed)"
    r"\s+(?:in|at|by|with|between|on|last|earlier|this)\b[^,;]*$",
)
_CLAUSE_BOUNDARY = re.compile(
    r"[;]|,\s+(?:after|before|when|while|since|and|but)\b|\b(?:after|before|since|which|that|who|where)\b"
    r"|\band\s+(?:also\s+)?(?:[a-z]+ed|took|won|fell|drove|overran|began|held|fought|struck|seized)\b"
)
# A participle trigger opening its own clause after a comma (", briefly seizing"): a date before the
# comma is the main verb's.
_COMMA_BEFORE = re.compile(r",\s+(?:[a-z]+ly\s+)?$")
_PARTICIPLE = re.compile(r"[a-z]{3,}ing\b")
# A relative clause opened after a comma and not closed before the trigger.
_THAT_OPEN = re.compile(r",\s*that\b", re.IGNORECASE)
# "The M23 said it had taken control of Goma": a pluperfect reported by the clause's own verb is the
# report's news (reported speech moves the tense back), not background.
_REPORTED_PERFECT = re.compile(
    r"\b(?:said|announced|claimed|confirmed|reported|stated)\s+(?:that\s+)?(?:it|they|its\s+\w+|their\s+\w+|"
    r"(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2}\s+(?:troops|forces|fighters|army|military|rebels|militants))\s+"
    r"had\s+(?:\w+ly\s+)?(?:been\s+)?$",
    re.IGNORECASE,
)
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|announced|announces|claimed|claims|reported|confirmed|stated|added|told)\b[^,;]{0,60}$",
    re.IGNORECASE,
)
_RELATIVE_OPEN = re.compile(r",\s*(?:which|who|that|where)\b[^,;]*$", re.IGNORECASE)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_COORDINATED = re.compile(r"[,;]|\b(?:and|but|then|while|before|after)\b")
# "a coalition of fighters driven out of Benghazi by...": a participle modifying an apposed noun.
# Not a subject after an opening adverbial ("On Saturday, the Taliban captured..."): an indefinite noun
# apposed to something named before, well into the sentence.
_APPOSED_PARTICIPLE = re.compile(r"(?<=\w{3}),\s+(?:a|an)\s+(?:[\w'’-]+\s+){0,5}$", re.IGNORECASE)
# A subordinate clause with a verb of its own: "after Turkish forces crossed", "since the war began".
_FINITE_SUBCLAUSE = re.compile(
    r"\b(?:since|after|before|until|when|while|as)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?:[a-z]+ed|began|took|fell|broke|was|were|had|came|left|won|lost|swept|overran|drove|seized)\b"
)
# "two weeks later", "a day later", "the next day", "the following week", "later that month".
_LATER = re.compile(
    rf"\b(?:(?:about|some|nearly|around|just)\s+)?(?P<n>\d+|{NUMBER_WORDS})\s+(?P<unit>days?|weeks?|months?|years?)\s+later\b"
    r"|\b(?:the\s+)?(?:next|following)\s+(?P<unit2>day|week|month|morning)\b"
    r"|\blater\s+that\s+(?P<unit3>day|week|month|year)\b",
    re.IGNORECASE,
)


def date_for(sentence: SentenceContext, t_start: int, control: Control | None) -> Dated | None:
    """(date, carried) for the trigger at ``t_start``, or None when it cannot be dated."""
    text = sentence.text
    rel = t_start - sentence.start
    past = [d for d in sentence.dates if not d.future]
    if (
        control is not None
        and control.kind == "holds"
        and past
        and all(_dates_a_state(text, d) for d in past)
    ):
        # "a town held by the SDF since 2016": a state that still holds on the day of the story
        return _undated(sentence, t_start, control)
    if control is not None and control.kind == "change":
        held = _held_since(text, rel, past)
        if held is not None:
            # "the rebels who had captured and held Slovyansk since April": the hold the capture began
            return held.value, False
        past = [d for d in past if not _dates_a_state(text, d)]
        after = _AFTER_CLAUSE.search(text, max(0, rel - 80), rel)
        if (
            after is not None
            or _SINCE_CLAUSE.search(text, max(0, rel - 60), rel)
            or (rel > 40 and _APPOSED_PARTICIPLE.search(text, max(0, rel - 60), rel))
        ):
            # an earlier event, dated only by a date of its own clause ("a month after troops took
            # back Anah, on Sept. 26"; "a coalition of fighters driven out of Benghazi by Haftar"),
            # else, for "three weeks after X seized Aden", that long before the main clause's date;
            # "the government’s base since Huthi rebels took Sanaa" is background with no date
            own = [
                d
                for d in past
                if d.start >= rel
                and _date_rank(text, rel, d)[0] == 0
                and not _REPORTING.search(text, rel, d.start)
            ]
            if own:
                return own[0].value, False
            return _before_main(sentence, after, past, rel) if after is not None else None
    if past and control is not None:
        # "the fall of X is a blow to a deal signed in Minsk last week": a date inside a relative or
        # participle clause after the trigger dates that clause's noun, not the trigger; so does a
        # date inside a finite clause of its own ("hours after forces crossed ... since the war began
        # in 2011") or after a second trigger ("took most of Aleppo last week and captured Hama on
        # Thursday": Thursday is Hama's)
        later = _later_triggers(sentence, t_start)
        opens, closes = _relative_clause(text, rel)
        kept = [
            d
            for d in past
            if opens <= d.start < closes
            and (
                d.start < rel
                or not (
                    _MODIFIER_CLAUSE.search(text, rel, d.start)
                    or _FINITE_SUBCLAUSE.search(text, rel, d.start)
                    or any(rel < k < d.start < _relative_clause(text, k)[1] for k in later)
                )
            )
        ]
        own_later = [d for d in past if d.start > rel and d not in kept and d.value.date > _latest_day(kept)]
        if own_later and kept and all(_COORDINATED_BEFORE.fullmatch(text, d.end, rel) for d in kept):
            # "besieged the east this summer and recaptured most of it in a lightning offensive that
            # began in mid-November": the date before "and" is the first predicate's; the trigger's own
            # clause names a later time, so the trigger is not dated by the first one
            kept = []
        past = kept
    if past and control is not None and control.kind == "holds":
        # "captured Soledar on Friday, but Ukraine denied the city had changed hands": a state is dated
        # only by a date of its own clause, else it is the state on the day of the story
        past = [d for d in past if _date_rank(text, rel, d)[0] == 0]
    if past:
        return min(past, key=lambda d: _date_rank(text, rel, d)).value, False
    return _undated(sentence, t_start, control)


def _latest_day(dates: list[DateMatch]) -> dt.date:
    """The latest day among ``dates`` (the earliest possible day when there is none)."""
    return max((d.value.date for d in dates), default=dt.date.min)


def _held_since(text: str, rel: int, past: list[DateMatch]) -> DateMatch | None:
    """The "since" date of a hold coordinated with a change ("captured and held Slovyansk since April",
    "seized and has controlled the town since 2014"): the state began with the change, so its start
    dates the change, when the clause gives no other date."""
    states = [d for d in past if d.start > rel and _dates_a_state(text, d)]
    if not states or any(d.start > rel and not _dates_a_state(text, d) for d in past):
        return None
    since = states[0]
    return since if _AND_HELD.match(text, rel, since.start) else None


def _before_main(
    sentence: SentenceContext, after: re.Match[str], past: list[DateMatch], rel: int
) -> Dated | None:
    """ "The losses came nearly three weeks after the STC seized control of Aden": the change is that
    long before the main clause's date (its own date before the clause, else the publication day),
    at the precision of the unit (days keep day precision)."""
    unit = after["unit"].lower().rstrip("s")
    if unit == "hour":
        return None
    vague = after["n"] is None and after["unit"].lower().endswith("s")  # "days after": a few, said loosely
    raw = (after["n"] or "1").lower()
    n = NUMBERS["several"] if vague else int(raw) if raw.isdigit() else NUMBERS.get(" ".join(raw.split()), 1)
    main = [d for d in past if d.end <= after.start()]
    published = sentence.article.published
    if main:
        anchor = main[-1].value
    elif published is not None:
        anchor = EventDate(published, "day")
    else:
        return None
    day = shift(anchor.date, -n, unit)
    precision = max(anchor.precision, unit, key=_PRECISION_RANK.__getitem__)
    if vague:
        precision = PRECISIONS[min(PRECISIONS.index(precision) + 1, len(PRECISIONS) - 1)]
    return EventDate(_period_start(day, precision), precision), False


def _relative_clause(text: str, rel: int) -> tuple[int, int]:
    """The span of the relative clause holding offset ``rel`` ("Mosul, which it had seized in 2014, to
    Iraqi forces in July": from "which" to the closing comma), or the whole sentence when ``rel`` is
    in none. A date outside that span is another clause's."""
    opened = _RELATIVE_OPEN.search(text, 0, rel)
    if opened is None or (
        _THAT_OPEN.match(text, opened.start()) and _REPORTED_BEFORE.search(text, 0, opened.start())
    ):
        # "announced in a series of tweets on Monday, that it had retaken": what was announced, not a
        # relative clause; the report's date is the news's
        return 0, len(text)
    close = text.find(",", rel)
    return opened.start(), close if close > 0 else len(text)


def _later_triggers(sentence: SentenceContext, t_start: int) -> list[int]:
    """Sentence offsets of the control triggers of another clause after the trigger at ``t_start``
    ("took X last week and captured Y on Thursday"); not one inside it ("took control of" holds a
    "control of") nor one it governs ("forced to withdraw from")."""
    hits = sentence.article.triggers.control.get(sentence.index, [])
    own_end = max((trig.end() for _family, trig in hits if trig.start() == t_start), default=t_start)
    text = sentence.article.text
    return [
        trig.start() - sentence.start
        for _family, trig in hits
        if trig.start() >= own_end and _COORDINATED.search(text, own_end, trig.start())
    ]


def _undated(sentence: SentenceContext, t_start: int, control: Control | None) -> Dated | None:
    """A trigger whose sentence gives no date: holds at publication, else the paragraph's date,
    else publication (but never for a pluperfect change)."""
    published = sentence.article.published
    if control is not None and control.kind == "holds":
        return (EventDate(published, "day"), False) if published else None
    later = _LATER.search(sentence.text)
    if later is not None:
        # "Afghan forces retook Kunduz about two weeks later": after the event told just before,
        # never the publication day
        anchor = _previous_date(sentence)
        return (_shifted(anchor, later), True) if anchor is not None else None
    carried = _carried_date(sentence)
    if carried is not None:
        return carried, True
    if published is None:
        return None
    before = sentence.article.text[max(sentence.start, t_start - 20) : t_start]
    if control is not None and _PLUPERFECT.search(before) and not _REPORTED_PERFECT.search(
        sentence.article.text, sentence.start, t_start
    ):
        return None
    return EventDate(published, "day"), True


def _previous_date(sentence: SentenceContext) -> EventDate | None:
    """The last date said in the three sentences before (any paragraph, any precision)."""
    article = sentence.article
    for k in range(sentence.index - 1, max(-1, sentence.index - 4), -1):
        found = [d for d in article.dates_of(k) if not d.future]
        if found:
            return found[-1].value
    return None


def _shifted(anchor: EventDate, later: re.Match[str]) -> EventDate:
    """``anchor`` moved by "N days/weeks/months later", "the next day"; at least as coarse as the
    anchor and as the offset's unit."""
    unit = (later["unit"] or later["unit2"] or later["unit3"] or "day").lower().rstrip("s")
    unit = "day" if unit == "morning" else unit
    raw = (later["n"] or "1").lower()
    n = int(raw) if raw.isdigit() else NUMBERS.get(" ".join(raw.split()), 1)
    precision = max(anchor.precision, unit, key=_PRECISION_RANK.__getitem__)
    # not moved to the start of its period: "two weeks later" must stay after the event it counts from;
    # months and years are calendar ones ("three months later" than 12 January is 12 April)
    return EventDate(shift(anchor.date, n, unit), precision)


def _period_start(day: dt.date, precision: str) -> dt.date:
    """The first day of the week, month or year ``day`` falls in: a coarse date is stored as the start
    of its period (dates.py's convention), so the map never shows it after the period began."""
    if precision == "week":
        return day - dt.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def _dates_a_state(text: str, d: DateMatch) -> bool:
    """ "since 2016", "since early 2016": the start of a state, not the date of a change."""
    return bool(_SINCE_BEFORE.search(text, 0, d.start)) or text[d.start : d.end].lower().startswith("since")


def _carried_date(sentence: SentenceContext) -> EventDate | None:
    """The last day-precision date of the previous sentence's main clause, as resolve_event_date
    carries it. A date in a clause of its own ("the ceasefire agreement established on November 27",
    "bombings that began on October 8") dates that clause's noun, and so does every date after it
    (the clause runs on: "..., and escalated into a full-scale war by September 23")."""
    context = sentence.context
    if not context:
        return None
    start, end = sentence.article.spans[sentence.index - 1]
    previous = sentence.article.text[start:end]
    own = next(
        (
            k
            for k, d in enumerate(context)
            if _MODIFIER_CLAUSE.search(previous, 0, d.start) or _FINITE_SUBCLAUSE.search(previous, 0, d.start)
        ),
        len(context),
    )
    days = [d for d in context[:own] if d.value.precision == "day"]
    return days[-1].value if days and not days[-1].future else None


def _date_rank(text: str, rel: int, d: DateMatch) -> tuple[int, int, int]:
    """Nearest clause first; within one clause the most precise date wins ("in late June, on
    June 29": the day, not the month), then the nearest."""
    lo, hi = (d.end, rel) if d.end <= rel else (rel, d.start)
    boundaries = len(_CLAUSE_BOUNDARY.findall(text, lo, hi)) if hi > lo else 0
    if d.end <= rel and _COMMA_BEFORE.search(text, lo, rel) and _PARTICIPLE.match(text, rel):
        boundaries += 1  # "launched a rebellion 11 months ago, briefly seizing Goma in November"
    return boundaries, _PRECISION_RANK.get(d.value.precision, 4), abs(hi - lo)
