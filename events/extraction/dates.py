"""Event dates from news sentences, relative to the publication date.

News rarely writes full dates: "on Friday", "last week", "earlier this month". Each form maps to a
date and a precision against the publication date P:

* day:   explicit dates ("Nov. 7", "7 November 2017", "2017-11-07"; a missing year is the latest one
         that does not put the date more than 14 days after P), weekdays ("on Friday", "last Friday",
         "late Thursday", "Friday night": the latest such day on or before P; "last Friday" on a Friday
         is a week back), "yesterday", "last night" (P-1), "today", "this morning", "overnight" (P),
         "the day before yesterday", "N days ago".
* week:  "last week" (the Monday of the previous week; said on a Sunday, of the week just ending),
         "this week", "earlier this week" (the Monday of P's week), "N weeks ago", "days ago" (no
         number: about three days, said loosely); "over the weekend", "last weekend" (the Saturday of
         the latest weekend before P: the first day of the two, read as "some day of the week from then").
* month: "earlier this month", "this month", "recently" (the 1st of P's month: the start of the
         interval, so a map never shows a change after it happened; "recently" in the first week of a
         month means the previous month), "last month", "in March", "March 2017" (the 1st).
* year:  "last year", "in 2014" (1 January); a season ("last summer", "in the spring", "the winter of
         2014") is no month: its first day (1 March, June, September, December) at year precision,
         the start of an interval holding it. "Fall" counts only as "last fall", "this fall" (else it
         is a town's fall).

Interval forms report their first day, so "date + precision" reads as "some day in this interval".
Photo captions ("In this Tuesday, Nov. 7, 2017 photo") date the photo, not the events: they are blanked
before matching. With no publication date only forms that carry a year give a date.
Pure regular expressions (no dateparser): this runs on every sentence of every article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import lexicon, phrase_pattern

PRECISIONS = ("day", "week", "month", "year")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}


@dataclass(frozen=True, slots=True)
class EventDate:
    date: dt.date
    precision: str  # "day" | "week" | "month" | "year"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date expression found in a sentence: its span, its value, and whether it lies after P."""

    start: int
    end: int
    value: EventDate
    future: bool = False


# The date words are data (lexicon/en/dates.json); the forms around them are the patterns below.
_TABLES = {name: entry.raw["values"] for name, entry in lexicon("en").dates.items()}
_MONTHS: dict[str, int] = _TABLES["months"]
_WEEKDAYS: dict[str, int] = _TABLES["weekdays"]
NUMBERS: dict[str, int] = _TABLES["numbers"]
_RELATIVE_DAYS: dict[str, int | None] = _TABLES["relative_days"]  # None: no date, but claims its words


def _month_names() -> str:
    """Full month names first, then the other spellings of each month longest first ("Sept|Sep")."""
    by_month: dict[int, list[str]] = {}
    for name, number in _MONTHS.items():
        by_month.setdefault(number, []).append(name)
    spellings = [sorted(names, key=len, reverse=True) for _n, names in sorted(by_month.items())]
    ordered = [names[0] for names in spellings] + [name for names in spellings for name in names[1:]]
    return "|".join(name.capitalize() for name in ordered)


def _words(table: dict) -> str:
    """A table's keys as an alternation, longer keys first, a space matching any white space."""
    return "|".join(phrase_pattern(word) for word in sorted(table, key=len, reverse=True))


_MONTH_RE = rf"(?P<mon>{_month_names()})\.?"
_WEEKDAY_NAMES = "|".join(day.capitalize() for day in _WEEKDAYS)
NUMBER_WORDS = _words(NUMBERS)
_NUM_RE = rf"(?P<n>\d{{1,2}}|{NUMBER_WORDS})"

_CAPTION = re.compile(
    r"\bIn\s+(?:this|a|an)\s+(?:\w+,?\s+)?(?:\w+\.?\s+\d{1,2},?\s+\d{4}\s+)?(?:file\s+)?"
    r"(?:photo|picture|image|photograph|video|frame grab)[^,]*,?"
    r"|\((?:AP|AFP|Reuters|EPA)\s*Photo[^)]*\)",
    re.IGNORECASE,
)

_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
# Each pattern starts with a literal-ish token (a month name, digits, a weekday) so the regex engine
# skips ahead fast; optional words before it ("Friday, Nov. 7", "the 7th of", "last Friday") are
# found by a short look-back (_extend_back) instead of an optional prefix tried at every position.
_MONTH_DAY = re.compile(
    rf"\b{_MONTH_RE}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?"
)
_WEEKDAY_BEFORE = re.compile(rf"\b(?:{_WEEKDAY_NAMES}),?\s+(?:the\s+)?$")
_THE_BEFORE = re.compile(r"\bthe\s+$")
_WEEKDAY = re.compile(
    rf"\b(?P<wd>{_WEEKDAY_NAMES})(?:'s|’s)?"
    r"(?:\s+(?P<tod>[Nn]ight|[Mm]orning|[Ee]vening|[Aa]fternoon))?\b"
)
_WEEKDAY_MOD = re.compile(
    r"\b(?P<mod>last|late|early|on|this|next|coming|since|until|by|from|through)\s+$", re.IGNORECASE
)
_RELATIVE_DAY = re.compile(rf"\b(?P<w>{_words(_RELATIVE_DAYS)})\b", re.IGNORECASE)
_AGO = re.compile(
    rf"\b(?:{_NUM_RE}\s+(?P<unit>day|days|week|weeks|month|months|year|years)|(?P<loose>days|weeks|months))"
    r"\s+(?:ago|back)\b",
    re.IGNORECASE,
)
# "over the weekend", "at the weekend", "last weekend", "this past weekend".
_WEEKEND = re.compile(
    r"\b(?P<w>(?:over|at|during|on)\s+the\s+weekend|(?:this|last|this\s+past|past)\s+weekend)\b", re.IGNORECASE
)
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON = re.compile(
    r"\b(?P<w>(?:last|this(?:\s+past)?|past|earlier\s+this|(?:in|during|over|through)\s+the|(?:in\s+)?(?:early|late))\s+"
    r"(?P<season>spring|summer|autumn|winter)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}))?"
    r"|(?P<season2>spring|summer|autumn|winter)\s+(?:of\s+)?(?P<y2>(?:19|20)\d{2})"
    r"|(?:last|this)\s+(?P<fall>fall))\b",
    re.IGNORECASE,
)
_WEEK = re.compile(
    r"\b(?P<w>last\s+week|this\s+week|earlier\s+this\s+week|next\s+week|the\s+previous\s+week)\b",
    re.IGNORECASE,
)
_MONTH_REL = re.compile(
    r"\b(?P<w>(?:(?:at\s+the\s+)?(?:start|beginning|end)\s+of\s+|(?:early|late|mid-?)\s*)?"
    r"(?:earlier\s+this\s+month|this\s+month|last\s+month|next\s+month|the\s+previous\s+month|the\s+month)|"
    r"recently|most\s+recent|in\s+recent\s+(?:days|weeks))\b",
    re.IGNORECASE,
)
# "in the past month", "over the past two weeks", "in the last few days": an interval ending at P.
_PAST_SPAN = re.compile(
    rf"\b(?:in|over|during|within)\s+the\s+(?:past|last)\s+(?:{_NUM_RE}\s+)?(?P<unit>days?|weeks?|months?)\b",
    re.IGNORECASE,
)
_MONTH_NAMED = re.compile(
    rf"\b(?:in|since|during|by|until|early|late|mid-?|last)?\s*{_MONTH_RE}(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b"
)
_YEAR = re.compile(
    r"\b(?P<w>last\s+year|this\s+year|(?:in|since|during|of|until)\s+(?:(?:early|late|mid-?)\s*)?(?P<y>(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)


def resolve_event_date(
    sentence: str, *, published: dt.date | None, context_before: str = ""
) -> EventDate | None:
    """The date of the event(s) a sentence reports, or None when it gives none.

    The most precise expression wins (leftmost among equals); future dates are not event dates.
    When the sentence has none, a day-precision date in ``context_before`` (the preceding sentence
    of the same paragraph, as the coder passes it) carries over: news narrates one day's events
    over several sentences and dates only the first.
    """
    best = _best(find_dates(sentence, published=published))
    if best is None and context_before:
        carried = [m for m in find_dates(context_before, published=published) if m.value.precision == "day"]
        best = _best(carried[-1:])
    return best.value if best else None


def find_dates(sentence: str, *, published: dt.date | None) -> list[DateMatch]:
    """Every date expression in a sentence (photo captions blanked), in text order.

    Each finder runs only when a cheap substring test on the lower-cased sentence says it could
    match (most sentences name no weekday, no month and no "ago"): this function runs on every
    sentence with a trigger, and the regular expressions were most of its cost.
    """
    lowered = sentence.lower()
    if not _ANY_DATE_WORD.search(lowered):
        return []
    text = (
        _CAPTION.sub(lambda m: " " * len(m.group(0)), sentence) if _CAPTION_CUE.search(lowered) else sentence
    )
    found: list[DateMatch] = []
    for finder, cue in _FINDERS:
        if cue is not None and not cue.search(lowered):
            continue
        for match in finder(text, published):
            if all(match.end <= other.start or match.start >= other.end for other in found):
                found.append(match)
    found.sort(key=lambda m: m.start)
    return found


def _best(matches: list[DateMatch]) -> DateMatch | None:
    past = [m for m in matches if not m.future]
    if not past:
        return None
    return min(past, key=lambda m: (_RANK[m.value.precision], m.start))


# -- finders, most specific first (earlier finders claim their span) -----------------------------
def _iso(text: str, published: dt.date | None) -> list[DateMatch]:
    out = []
    for m in _ISO.finditer(text):
        day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if day:
            out.append(_dated(m, day, "day", published))
    return out


def _month_day(text: str, published: dt.date | None) -> list[DateMatch]:
    out = []
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(text):
            begin = m.start()
            back = _WEEKDAY_BEFORE.search(text, max(0, begin - 16), begin)
            if back is None and pattern is _DAY_MONTH:
                back = _THE_BEFORE.search(text, max(0, begin - 6), begin)
            month = _MONTHS[m["mon"].lower().rstrip(".")]
            day_number = int(m["d"])
            if m["y"]:
                day = _safe_date(int(m["y"]), month, day_number)
            elif published:
                day = _infer_year(month, day_number, published)
            else:
                day = None
            if day:
                out.append(_dated(m, day, "day", published, start=back.start() if back else begin))
    return out


def _weekday(text: str, published: dt.date | None) -> list[DateMatch]:
    if published is None:
        return []
    out = []
    for m in _WEEKDAY.finditer(text):
        mod = _WEEKDAY_MOD.search(text, max(0, m.start() - 9), m.start())
        modifier = mod["mod"].lower() if mod else ""
        begin = mod.start() if mod else m.start()
        back = (published.weekday() - _WEEKDAYS[m["wd"].lower()]) % 7
        if modifier in ("next", "coming"):
            ahead = (7 - back) % 7 or 7
            out.append(
                DateMatch(begin, m.end(), EventDate(published + dt.timedelta(days=ahead), "day"), True)
            )
            continue
        if modifier == "last" and back == 0:
            back = 7
        out.append(DateMatch(begin, m.end(), EventDate(published - dt.timedelta(days=back), "day")))
    return out


def _relative_day(text: str, published: dt.date | None) -> list[DateMatch]:
    if published is None:
        return []
    out = []
    for m in _RELATIVE_DAY.finditer(text):
        delta = _RELATIVE_DAYS[" ".join(m["w"].lower().split())]
        if delta is None:
            continue  # "on the same day": the day of another event, said elsewhere
        out.append(
            DateMatch(m.start(), m.end(), EventDate(published + dt.timedelta(days=delta), "day"), delta > 0)
        )
    return out


def _ago(text: str, published: dt.date | None) -> list[DateMatch]:
    if published is None:
        return []
    out = []
    for m in _AGO.finditer(text):
        if m["loose"]:
            # "days ago", "weeks ago": a few, said loosely, so a step coarser than the unit
            unit = m["loose"].lower().rstrip("s")
            back = shift(published, -NUMBERS["several"], unit)
            coarser = {"day": "week", "week": "month", "month": "year"}[unit]
            value = (
                _monday(back)
                if coarser == "week"
                else back.replace(day=1)
                if coarser == "month"
                else back.replace(month=1, day=1)
            )
            out.append(DateMatch(m.start(), m.end(), EventDate(value, coarser)))
            continue
        n = int(m["n"]) if m["n"].isdigit() else NUMBERS[" ".join(m["n"].lower().split())]
        unit = m["unit"].lower().rstrip("s")
        if unit == "day":
            out.append(DateMatch(m.start(), m.end(), EventDate(published - dt.timedelta(days=n), "day")))
        elif unit == "week":
            out.append(
                DateMatch(m.start(), m.end(), EventDate(_monday(published - dt.timedelta(weeks=n)), "week"))
            )
        elif unit == "month":
            out.append(
                DateMatch(m.start(), m.end(), EventDate(_add_months(published.replace(day=1), -n), "month"))
            )
        else:
            out.append(DateMatch(m.start(), m.end(), EventDate(dt.date(published.year - n, 1, 1), "year")))
    return out


def _weekend(text: str, published: dt.date | None) -> list[DateMatch]:
    """ "over the weekend": the latest weekend before P (P's own when P is a Saturday or Sunday, except
    for "last weekend"), from its Saturday, at week precision; "this weekend" on a weekday is to come."""
    if published is None:
        return []
    out = []
    for m in _WEEKEND.finditer(text):
        word = " ".join(m["w"].lower().split())
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        if word == "this weekend" and published.weekday() < 5:
            # "talks this weekend" said on a weekday: the coming one
            out.append(DateMatch(m.start(), m.end(), EventDate(saturday + dt.timedelta(days=7), "week"), True))
            continue
        if word.startswith("last") and published.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        out.append(DateMatch(m.start(), m.end(), EventDate(saturday, "week")))
    return out


def _season(text: str, published: dt.date | None) -> list[DateMatch]:
    """ "last summer", "in the spring", "the winter of 2014": the season's first day at year precision
    (a season spans months: year precision is the coarse interval that starts there and holds it).
    "last X" is the latest such season already over at P; "this X", "in the X" the latest begun."""
    out = []
    for m in _SEASON.finditer(text):
        season = (m["season"] or m["season2"] or m["fall"]).lower()
        month = _SEASON_START[season]
        words = m["w"].lower()
        explicit = m["y"] or m["y2"]
        if explicit:
            year = int(explicit)
            value = dt.date(year, 1, 1) if season == "winter" else dt.date(year, month, 1)
        elif published is None:
            continue
        else:
            year = published.year
            if words.startswith(("last", "past", "this past")):
                while _add_months(dt.date(year, month, 1), 3) > published:
                    year -= 1
            elif dt.date(year, month, 1) > published and not words.startswith("this"):
                year -= 1  # "in the summer" said in May: last year's ("this summer" is yet to come)
            value = dt.date(year, month, 1)
        out.append(_dated(m, value, "year", published))
    return out


def _week(text: str, published: dt.date | None) -> list[DateMatch]:
    if published is None:
        return []
    out = []
    for m in _WEEK.finditer(text):
        word = " ".join(m["w"].lower().split())
        if word.startswith("next"):
            out.append(
                DateMatch(
                    m.start(), m.end(), EventDate(_monday(published) + dt.timedelta(days=7), "week"), True
                )
            )
        elif word in ("last week", "the previous week"):
            # said on a Sunday, "last week" is the week that has just ended (a Sunday paper's week)
            back = 0 if published.weekday() == 6 else 7
            out.append(
                DateMatch(m.start(), m.end(), EventDate(_monday(published) - dt.timedelta(days=back), "week"))
            )
        else:
            out.append(DateMatch(m.start(), m.end(), EventDate(_monday(published), "week")))
    return out


def _month_relative(text: str, published: dt.date | None) -> list[DateMatch]:
    if published is None:
        return []
    out = []
    first = published.replace(day=1)
    for m in _MONTH_REL.finditer(text):
        word = _MONTH_REL_HEAD.sub("", " ".join(m["w"].lower().split()))
        if word == "the month" and not _MONTH_REL_HEAD.match(" ".join(m["w"].lower().split())):
            continue  # "the month" alone is no date; "at the start of the month" is this month
        if word in ("last month", "the previous month"):
            value, future = _add_months(first, -1), False
        elif word == "next month":
            value, future = _add_months(first, 1), True
        elif word in ("recently", "most recent", "in recent weeks", "in recent days") and published.day <= 7:
            value, future = _add_months(first, -1), False
        else:
            value, future = first, False
        out.append(DateMatch(m.start(), m.end(), EventDate(value, "month"), future))
    return out


_MONTH_REL_HEAD = re.compile(r"^(?:(?:at\s+the\s+)?(?:start|beginning|end)\s+of\s+|(?:early|late|mid-?)\s*)")


def _past_span(text: str, published: dt.date | None) -> list[DateMatch]:
    """ "in the past month" (from P minus a month), "over the past two weeks", "in the last few days":
    the interval's first day, at the precision of its unit (days read as a week)."""
    if published is None:
        return []
    out = []
    for m in _PAST_SPAN.finditer(text):
        n = (
            1
            if not m["n"]
            else int(m["n"])
            if m["n"].isdigit()
            else NUMBERS[" ".join(m["n"].lower().split())]
        )
        unit = m["unit"].lower().rstrip("s")
        if unit == "month":
            value = EventDate(published - dt.timedelta(days=31 * n), "month")
        else:
            days = 7 * n if unit == "week" else max(n, 1)
            value = EventDate(published - dt.timedelta(days=days), "week" if days <= 7 else "month")
        out.append(DateMatch(m.start(), m.end(), value))
    return out


def _month_named(text: str, published: dt.date | None) -> list[DateMatch]:
    out = []
    for m in _MONTH_NAMED.finditer(text):
        name = m["mon"].lower().rstrip(".")
        if (
            name == "may"
            and not m["y"]
            and not (
                m.group(0)
                .strip()
                .lower()
                .startswith(("in", "since", "during", "early", "late", "mid", "until", "by"))
            )
        ):
            continue  # the modal verb "may"
        if m.group(0).strip() == m["mon"] and len(name) <= 4 and not m["y"] and name not in ("june", "july"):
            continue  # a bare abbreviation ("Mar", "Dec") is too ambiguous alone
        month = _MONTHS[name]
        if m["y"]:
            value = dt.date(int(m["y"]), month, 1)
        elif published:
            value = dt.date(published.year if month <= published.month else published.year - 1, month, 1)
        else:
            continue
        out.append(_dated(m, value, "month", published))
    return out


def _year(text: str, published: dt.date | None) -> list[DateMatch]:
    out = []
    for m in _YEAR.finditer(text):
        word = m["w"].lower()
        if m["y"]:
            value = dt.date(int(m["y"]), 1, 1)
        elif published is None:
            continue
        elif word.startswith("last"):
            value = dt.date(published.year - 1, 1, 1)
        else:
            value = dt.date(published.year, 1, 1)
        out.append(_dated(m, value, "year", published))
    return out


# Cheap prefilters (on the lower-cased sentence): a finder whose cue is absent cannot match.
_MONTH_CUE = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_FINDERS = (
    (_iso, re.compile(r"\d-\d")),
    (_month_day, _MONTH_CUE),
    (
        _relative_day,
        re.compile(r"yesterday|night|today|morning|afternoon|evening|overnight|same day|tomorrow"),
    ),
    (_ago, re.compile(r" ago\b| back\b")),
    (_weekend, re.compile(r"weekend")),
    (_weekday, re.compile(r"day\b")),
    (_week, re.compile(r"week")),
    (_past_span, re.compile(r"past|last")),
    (_month_relative, re.compile(r"month|recent")),
    (_month_named, _MONTH_CUE),
    (_season, re.compile(r"spring|summer|autumn|winter|fall")),  # before _year: "the summer of 2014"
    (_year, re.compile(r"year|(?:19|20)\d\d")),
)
_ANY_DATE_WORD = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|days?\b|night|morning|afternoon|evening|"
    r"overnight|tomorrow|week|month|recent|year| ago\b| back\b|spring|summer|autumn|winter|fall"
)
_CAPTION_CUE = re.compile(r"photo|picture|image|video|frame grab")


# -- helpers --------------------------------------------------------------------------------------
def _dated(
    m: re.Match[str], day: dt.date, precision: str, published: dt.date | None, start: int | None = None
) -> DateMatch:
    return DateMatch(
        m.start() if start is None else start,
        m.end(),
        EventDate(day, precision),
        bool(published and day > published),
    )


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """The year that puts the date on or before P, unless that is > 14 days in the future."""
    this_year = _safe_date(published.year, month, day)
    if this_year is None:
        return None
    if (this_year - published).days > 14:
        return _safe_date(published.year - 1, month, day)
    return this_year


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def shift(day: dt.date, n: int, unit: str) -> dt.date:
    """``day`` moved by ``n`` (negative: back) days, weeks, calendar months or years: "three months
    after 12 January" is 12 April, not 30-day steps; a day the month lacks becomes its last day
    ("a month after 31 January" is 28 or 29 February)."""
    if unit in ("day", "week"):
        return day + dt.timedelta(days=n * (7 if unit == "week" else 1))
    months = n * (12 if unit == "year" else 1)
    first = _add_months(day.replace(day=1), months)
    last = (_add_months(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, last))


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
