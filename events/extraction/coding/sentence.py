"""One sentence being coded, bundled once so that the coding functions take one object."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from events.extraction.feature_codes import COUNTRY_PREFIX

from ..actors import Actor, ActorMatch
from ..dates import DateMatch
from .article import Article, Placed
from .features import country_of, feature_code
from .subjects import sentence_subject

# How much an article must be about a country (its country_focus weights: a town counts 1) before a
# sentence's places can make that country the sentence's focus.
_SECOND_COUNTRY_WEIGHT = 2.0


@dataclass(slots=True)
class SentenceContext:
    """A sentence with a trigger and everything its triggers are read against.

    Offsets (``start``, ``end``, mention and actor spans) are article offsets; ``dates`` are
    offsets within ``text``, as ``find_dates`` gives them.
    """

    article: Article
    index: int
    start: int
    end: int
    text: str  # the sentence itself
    placed: Placed  # its resolved places
    matches: list[ActorMatch]  # its actor spans, generics resolved with its own country focus
    dates: list[DateMatch]
    context: list[DateMatch]  # the previous sentence's dates, when in the same paragraph
    on: dt.date | None  # the day it speaks of (its first past day, else publication): whose state a place is
    subject: Actor | None  # who it is about
    previous_subject: Actor | None  # who the sentences before were about ("they", "it" refer to it)
    controlled: set[int] = field(default_factory=set)  # places already given a control event here


def open_sentence(article: Article, index: int, previous_subject: Actor | None) -> SentenceContext:
    """Gather one sentence's places, actors (with its own focus) and dates."""
    start, end = article.spans[index]
    placed = article.placed_by_sentence[index]
    matches = article.matches_in(start, end, _sentence_focus(placed, article) or article.focus)
    dates = article.dates_of(index)
    past = [d.value.date for d in dates if not d.future and d.value.precision == "day"]
    on = past[0] if past else article.published
    if on != article.published:
        # a state force as it was on the sentence's day ("On Saturday, ... Afghan forces" in a story
        # filed the day after the Taliban took over is still the Islamic Republic's army)
        matches = [
            ActorMatch(m.start, m.end, article.actors.in_period(m.actor, on), m.generic, m.text)
            for m in matches
        ]
    return SentenceContext(
        article=article,
        index=index,
        start=start,
        end=end,
        text=article.text[start:end],
        placed=placed,
        matches=matches,
        dates=dates,
        context=article.context_dates(index),
        on=on,
        subject=sentence_subject(article.text, start, matches),
        previous_subject=previous_subject,
    )


def _sentence_focus(placed: Placed, article: Article) -> str | None:
    """Places of one country in a sentence override the article focus for generic actors there ("On
    the Syrian side of the border..." in an Iraq story), when the article is about that country too:
    one stray name (a person's name read as a town abroad) does not turn "the army" foreign."""
    countries = ((country_of(m), m) for _, m in placed)
    codes = Counter(
        country
        for country, m in countries
        if country
        and not feature_code(m).startswith(COUNTRY_PREFIX)
        and article.country_weights.get(country, 0) >= _SECOND_COUNTRY_WEIGHT
    )
    if not codes:
        return None
    (code, n), *rest = codes.most_common(2)
    return code if not rest or n > rest[0][1] else None
