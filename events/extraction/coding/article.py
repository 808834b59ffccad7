"""Per-article state: what every sentence of one article is coded against, computed once.

The country focus and the main non-state actor resolve generic actors ("the army", "militants");
the actor scan, the trigger scan and the date expressions are done once per article and sliced
by sentence, so a sentence costs nothing unless it holds a trigger.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from events.extraction.feature_codes import COUNTRY_PREFIX

from ..actors import Actor, ActorDictionary, ActorMatch, ActorScan, leftmost_longest
from ..dates import DateMatch, find_dates
from ..text import sentence_spans
from .derived import derived_mentions
from .features import is_city
from .layout import Layout, page_layout
from .triggers import TriggerHits, scan_triggers

Placed = list[tuple[int, dict]]  # (mention index, mention) of the resolved places of one sentence


@dataclass(slots=True)
class Article:
    """Everything about the article that sentences need: focus, main actors, sentences, mentions."""

    text: str
    lowered: str  # ``text`` lower-cased with the same offsets (what triggers are matched on)
    mentions: list[dict]
    published: dt.date | None  # the day the story was filed (its dateline's), else the publication date
    actors: ActorDictionary
    scan: ActorScan  # the article's dictionary hits, found once and resolved per context
    focus: str | None  # the article's main country
    country_weights: dict[str, float]  # how much the article is about each country (see country_focus)
    main_non_state: Actor | None
    prominent: list[Actor]  # the named non-state actors, most prominent first (see _prominent_non_state)
    counts: Counter[str]  # how often each actor is named
    spans: list[tuple[int, int]]  # sentences
    paragraph_of: list[int]  # sentence index -> paragraph index
    layout: Layout  # datelines, headline and page chrome
    all_matches: list[ActorMatch]  # actor spans of the whole text, "the group" resolved
    group_matches: list[ActorMatch]  # the "the group" spans alone
    described_matches: list[ActorMatch]  # descriptions resolved to named actors ("an al-Qaeda offshoot")
    placed_by_sentence: list[Placed]
    lead_place: int | None  # the first town of the headline or lead: what "the city" means by default
    triggers: TriggerHits
    match_starts: list[int] = field(default_factory=list)
    dates_by_sentence: dict[int, list[DateMatch]] = field(default_factory=dict)
    anaphor_end: int = 0  # end of the last anaphoric object resolved ("the town"), where its actors follow
    targeted: set[int] = field(default_factory=set)  # mentions a control event was coded for so far
    changed: set[object] = field(default_factory=set)  # places (records.place_key) given a change so far
    last_group: list[int] = field(default_factory=list)  # the targets of the last trigger with several

    def __post_init__(self) -> None:
        self.match_starts = [m.start for m in self.all_matches]

    def matches_in(self, start: int, end: int, focus: str | None) -> list[ActorMatch]:
        """Actor spans of one sentence: sliced from the article scan unless the sentence has its own focus."""
        if focus != self.focus:
            found = [
                m if m.generic else ActorMatch(m.start, m.end, self.actors.local_branch(m, focus, self.published), False, m.text)
                for m in self.actors.matches(
                    self.text,
                    country_focus=focus,
                    on=self.published,
                    main_non_state=self.main_non_state,
                    prominent=self.prominent,
                    span=(start, end),
                    scan=self.scan,
                )
            ]
            described = [m for m in self.described_matches if start <= m.start and m.end <= end]
            if described:  # a description outranks the names inside it
                found = [m for m in found if not any(d.start < m.end and m.start < d.end for d in described)]
                found = merge_matches(found, described)
            extra = [m for m in self.group_matches if start <= m.start and m.end <= end]
            return merge_matches(found, extra) if extra else found
        lo = bisect.bisect_left(self.match_starts, start)
        hi = bisect.bisect_left(self.match_starts, end)
        return [m for m in self.all_matches[lo:hi] if m.end <= end]

    def actor_at(self, start: int, end: int) -> bool:
        """Is [start, end) part of an actor's name ("Ankara said", "Moscow's forces": a government)?"""
        k = bisect.bisect_right(self.match_starts, start) - 1
        return (k >= 0 and self.all_matches[k].end > start) or (
            k + 1 < len(self.all_matches) and self.all_matches[k + 1].start < end
        )

    def dates_of(self, index: int) -> list[DateMatch]:
        """Date expressions of one sentence, found once per article (a sentence is also the context
        of the next one, so its dates are asked for twice)."""
        found = self.dates_by_sentence.get(index)
        if found is None:
            start, end = self.spans[index]
            # a dateline's date says when the story was filed, not when anything happened
            found = [
                d
                for d in find_dates(self.text[start:end], published=self.published)
                if not self.layout.in_dateline(start + d.start, start + d.end)
            ]
            self.dates_by_sentence[index] = found
        return found

    def context_dates(self, index: int) -> list[DateMatch]:
        """Dates of the previous sentence when it belongs to the same paragraph (dates carry over
        within one); empty otherwise."""
        if index == 0 or self.paragraph_of[index - 1] != self.paragraph_of[index]:
            return []
        return self.dates_of(index - 1)

    def same_story(self, index: int) -> bool:
        """A new paragraph keeps the previous subject only if it opens with a pronoun-like reference
        ("They", "Its fighters", "The militants", "The group"...)."""
        start, end = self.spans[index]
        return bool(_STORY_CONTINUES.match(self.text, start, end))


def prepare_article(
    text: str, mentions: list[dict], published: dt.date | None, actors: ActorDictionary
) -> Article:
    """Scan the article once: sentences, paragraphs, actors, placed mentions, triggers."""
    spans = sentence_spans(text)
    layout = page_layout(text, spans)
    published = _filing_date(text, layout, published)
    scan = actors.scan(text)
    # places below the gazetteer ("the airport of X", "the villages of A and B") as mentions of their own,
    # after the geoparser's (whose list is the Extraction's and stays as it is)
    filed_at = {i for i, m in enumerate(mentions) if layout.in_dateline(m["start"], m["end"])}
    derived, shadowed, misread = derived_mentions(text, mentions, [(h[0], h[1]) for h in scan.hits], filed_at)
    # a name the geoparser put in another country than its container says nothing of the article's country
    # (the places below the gazetteer it names are evidence of it: "villages in Raqqa province")
    weighed = [m for i, m in enumerate(mentions) if i not in misread] + derived if derived else mentions
    country_weights = _country_weights(weighed, actors.state_countries(scan))
    focus = _heaviest(country_weights)
    named = [
        ActorMatch(m.start, m.end, actors.local_branch(m, focus, published), m.generic, m.text)
        for m in actors.named(scan, country_focus=focus, on=published)
    ]
    # "an al-Qaeda offshoot", "a group loyal to Islamic State": the name inside a description is not
    # the actor (a splinter is not its parent); the description is resolved to a named actor below
    descriptions = actors.descriptions(text)
    if descriptions:
        named = [m for m in named if not any(d.start <= m.start and m.end <= d.end for d in descriptions)]
    named_spans = leftmost_longest(named)
    opening = [spans[k] for k in sorted(layout.headline) + ([layout.lead] if layout.lead is not None else [])]
    prominent = _prominent_non_state(named_spans, focus, opening)
    main = next((a for a in prominent if not actors.state_sided(a)), None)
    if derived:
        mentions = [*mentions, *derived]
    datelines = {i for i, m in enumerate(mentions) if layout.in_dateline(m["start"], m["end"])}
    generic = actors.generic(
        text, country_focus=focus, on=published, main_non_state=main, prominent=prominent
    )
    described = actors.described(descriptions, named_spans, focus, published) if descriptions else []
    all_matches = leftmost_longest([*named, *generic, *described])
    all_matches = _nearest_antecedents(all_matches, spans, actors)
    group_matches = _group_anaphors(text, all_matches, main)
    if group_matches:
        all_matches = merge_matches(all_matches, group_matches)
    placed = _placed_by_sentence(mentions, spans, datelines | shadowed)
    opening_sentences = sorted(layout.headline) + ([layout.lead] if layout.lead is not None else [])
    lead_place = next((i for k in opening_sentences for i, m in placed[k] if is_city(m)), None)
    lowered = _lower_same_length(text)
    return Article(
        text=text,
        lowered=lowered,
        mentions=mentions,
        published=published,
        actors=actors,
        scan=scan,
        focus=focus,
        country_weights=country_weights,
        main_non_state=main,
        prominent=prominent,
        counts=Counter(m.actor.name for m in named_spans),
        spans=spans,
        paragraph_of=_paragraphs(text, spans),
        layout=layout,
        all_matches=all_matches,
        group_matches=group_matches,
        described_matches=described,
        placed_by_sentence=placed,
        lead_place=lead_place,
        triggers=scan_triggers(lowered, spans),
    )


def country_focus(mentions: Iterable[dict], state_countries: Iterable[str] = ()) -> str | None:
    """The article's main country: resolved places by country (towns count more than countries),
    plus a little for each state force named (``ActorDictionary.state_countries``)."""
    return _heaviest(_country_weights(mentions, state_countries))


def _heaviest(weights: dict[str, float]) -> str | None:
    """The country of the largest weight; on a tie the one weighed first (the earlier in the text)."""
    return max(weights, key=weights.__getitem__) if weights else None


def _country_weights(mentions: Iterable[dict], state_countries: Iterable[str]) -> dict[str, float]:
    """Weights, not counts: a country named as such counts less than its places, a state force a little."""
    weights: defaultdict[str, float] = defaultdict(float)
    for mention in mentions:
        place = mention.get("place")
        if not place or not place.get("country_code"):
            continue
        code = place.get("feature_code") or ""
        weights[place["country_code"]] += 0.4 if code.startswith(COUNTRY_PREFIX) else 1.0
    for country in state_countries:
        weights[country] += 0.3
    return weights


def merge_matches(matches: list[ActorMatch], extra: list[ActorMatch]) -> list[ActorMatch]:
    """Matches plus non-overlapping extra spans, in text order."""
    kept = [e for e in extra if not any(m.start < e.end and e.start < m.end for m in matches)]
    return sorted([*matches, *kept], key=lambda m: m.start) if kept else matches


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The paragraph of each sentence: a new one starts after a line break."""
    paragraph_of, paragraph = [], 0
    for i, (start, _end) in enumerate(spans):
        if i and "\n" in text[spans[i - 1][1] : start]:
            paragraph += 1
        paragraph_of.append(paragraph)
    return paragraph_of


def _placed_by_sentence(
    mentions: list[dict], spans: list[tuple[int, int]], left_out: set[int]
) -> list[Placed]:
    """Resolved mentions by sentence, in text order, datelines left out (a dateline is where the story
    was filed) and containers a derived place stands inside ("Khartoum" of "Khartoum airport")."""
    starts = [s for s, _ in spans]
    placed: list[Placed] = [[] for _ in spans]
    for i, m in enumerate(mentions):
        if m.get("place") and i not in left_out:
            k = bisect.bisect_right(starts, m["start"]) - 1
            if k >= 0 and m["start"] < spans[k][1]:
                placed[k].append((i, m))
    for sentence in placed:
        sentence.sort(key=lambda item: item[1]["start"])
    return placed


def _prominent_non_state(
    named: list[ActorMatch], focus: str | None, opening: list[tuple[int, int]]
) -> list[Actor]:
    """The named non-state actors, most prominent first: each naming counts, more at home (the focus
    country) and more in the headline and lead ("militants" in an Iraq 2017 story mean Islamic State;
    "rebels" in a story led by HTS mean HTS, not the other factions it mentions)."""
    tally: Counter[str] = Counter()
    by_name: dict[str, Actor] = {}
    for match in named:
        actor = match.actor
        if actor.kind == "non_state" and not actor.unidentified:
            in_opening = any(a <= match.start < b for a, b in opening)
            tally[actor.name] += 1 + (actor.country == focus) + in_opening
            by_name[actor.name] = actor
    # ties: an actor of the focus country first ("al-Qaida's branch in Syria" is the Nusra Front)
    ranked = sorted(tally, key=lambda name: (-tally[name], by_name[name].country != focus))
    return [by_name[name] for name in ranked]


# "The group", "the paramilitary group", "the movement": an armed group named earlier in the article.
_GROUP_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:armed|paramilitary|rebel|militant|jihadist|insurgent|extremist|separatist|islamist|"
    r"ethnic\s+armed|armed\s+ethnic)\s+)?(?:group|movement|organi[sz]ation|paramilitaries|paramilitary|alliance)\b"
)
_GROUP_WORD = re.compile(r"group|movement|organi[sz]ation|paramilitar|alliance")
_FILING_DAYS = 3  # a dateline this many days before publication still dates the story's "today"
# A paragraph that goes on with the same actors: it opens with a pronoun or a definite reference.
_STORY_CONTINUES = re.compile(
    r"[\"“‘']?(?:they|it|its|their|the\s+(?:group|militants|fighters|insurgents|rebels|jihadists|movement|"
    r"paramilitaries|militia))\b",
    re.IGNORECASE,
)


_ANTECEDENT_SENTENCES = 3  # how far back "the militants" look for the group named before them


def _nearest_antecedents(
    matches: list[ActorMatch], spans: list[tuple[int, int]], actors: ActorDictionary
) -> list[ActorMatch]:
    """ "The jihadists", "the rebels", "the insurgents": the group named last before them (this
    sentence or the three before) that news calls so, when there is one; the article's most prominent
    such group otherwise (``ActorDictionary.generic``). Coreference is local: a story that moves from
    one group to another calls each of them "the militants" in its own paragraphs."""
    starts = [s for s, _ in spans]
    out: list[ActorMatch] = []
    named_before: list[ActorMatch] = []
    for match in matches:
        actor = match.actor
        if match.generic and actor.kind == "non_state" and not actor.unidentified:
            word = actors.called_word(match.text)
            if word is not None:
                k = bisect.bisect_right(starts, match.start) - 1
                window = spans[max(0, k - _ANTECEDENT_SENTENCES)][0] if k >= 0 else 0
                antecedent = next(
                    (
                        m.actor
                        for m in reversed(named_before)
                        if m.start >= window and actors.is_called(m.actor, word) and not actors.state_sided(m.actor)
                    ),
                    None,
                )
                if antecedent is not None and antecedent != actor:
                    match = ActorMatch(match.start, match.end, antecedent, True, match.text)
        elif not match.generic and actor.kind == "non_state" and not actor.unidentified:
            named_before.append(match)
        out.append(match)
    return out


def _group_anaphors(text: str, matches: list[ActorMatch], main: Actor | None) -> list[ActorMatch]:
    """ "The group said it had seized...": each "the group" not already an actor span stands for the
    most recent non-state actor named before it (else the article's main non-state actor)."""
    if not _GROUP_WORD.search(text):
        return []
    found: list[ActorMatch] = []
    starts = [m.start for m in matches]
    for hit in _GROUP_ANAPHOR.finditer(text):
        k = bisect.bisect_right(starts, hit.start()) - 1
        if k >= 0 and matches[k].end > hit.start():
            continue  # part of a longer name ("the Islamic State group")
        if k + 1 < len(matches) and matches[k + 1].start < hit.end():
            continue
        antecedent = next(
            (
                m.actor
                for m in reversed(matches[: k + 1])
                if m.actor.kind == "non_state" and not m.actor.unidentified
            ),
            main,
        )
        if antecedent is not None:
            found.append(ActorMatch(hit.start(), hit.end(), antecedent, True, hit.group(0)))
    return found


def _lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer ("İ") stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _filing_date(text: str, layout: Layout, published: dt.date | None) -> dt.date | None:
    """The day relative dates count from: the dateline's ("BENGHAZI, July 5 (Reuters) - ... today")
    when it is the publication day or up to three days before it, else the publication date; with
    no publication date, a full date in the dateline or the first lines."""
    if published is None:
        return _dateline_date(text, layout)
    for start, end in layout.datelines:
        for match in find_dates(text[start:end], published=published):
            days = (published - match.value.date).days
            if match.value.precision == "day" and 0 <= days <= _FILING_DAYS:
                return match.value.date
    return published


def _dateline_date(text: str, layout: Layout) -> dt.date | None:
    """A full date in a dateline or the first lines (a byline), used when no publication date is given."""
    for start, end in [*layout.datelines, (0, 400)]:
        for match in find_dates(text[start:end], published=None):
            if match.value.precision == "day":
                return match.value.date
    return None
