"""Sentence-level event coding (ACLED taxonomy) and territorial control observations.

Pure Python (no Django). For each sentence: find triggers (a lexicon of verb and noun patterns),
the place each trigger governs (its object: "retook [the town of] Rawa", its subject: "Rawa fell to",
"Rawa was recaptured by"), the actors (the trigger's subject, "by X", "from X", "to X"; otherwise
inferred from the article), the modality (negated, intended, claimed) and the date (the date
expression nearest the trigger, else the paragraph's, else the publication day).

Design choices, stated once:
* A place is governed only when the words between the trigger and the name are "filler"
  (determiners, feature nouns, adjectives: "the strategic eastern town of"); "Rawa in western Anbar"
  stops at "in", "just south of Damascus" stops at "south of". So containers and reference points
  are never taken for the object.
* Control changes need an explicit place (town, region, camp...; never a country) and a gaining
  actor (named, generic "Iraqi forces"/"the army" resolved by the country focus, or carried over from
  the previous sentence's subject); the loser is named ("from X", "ousted X from") or inferred: the
  article's main opponent of the gainer, or the state of the place's country for a rebel gain.
* Intentions and negations ("aims to retake", "failed to capture", "did not enter") code nothing;
  claims ("X said it had captured", "X claimed") are kept with ``claimed: true``.
* Undated sentences take a day-precision date from the previous sentence of the same paragraph,
  else the publication date. Background changes in the pluperfect with no date ("which Russia had
  seized") are dropped: dating them at publication would rewrite history on the map.
* With no publication date, only sentences with a full explicit date (or a dateline date) give events.
* Events without a resolved place are dropped (the contract's events always carry a place).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from .actors import Actor, ActorDictionary, ActorMatch
from .dates import DateMatch, EventDate, find_dates
from .text import sentence_spans

# ---------------------------------------------------------------------------------------------
# Trigger lexicon
# ---------------------------------------------------------------------------------------------

_CAPTURE = (
    r"recapture\s+of|capture\s+of|seizure\s+of|"
    r"re-?took|re-?taken|re-?take|re-?takes|re-?taking|recaptured?|recaptures|recapturing|"
    r"captured?|captures|capturing|seized?|seizes|seizing|"
    r"liberated?|liberates|liberating|liberation\s+of|freed|"
    r"(?:took|taken|take|takes|taking|seized|seize|seizing|wrested|wrest|assumed|won|gained|regained|regain|regaining|established|"
    r"took\s+full|taken\s+full|seized\s+full|gained\s+full|established\s+full|secured)\s+control\s+(?:of|over)|"
    r"took\s+over|taken\s+over|takeover\s+of|take\s+over|takes\s+over|overran|overrun|overrunning|"
    r"cleared|secured|conquered|occupied|regained|won\s+back|(?:took|taken|take|takes|taking)\s+back|"
    r"(?:entered|entering)\s+(?:and\s+(?:raised|hoisted)\s+(?:the|their|its)\s+flag\s+(?:over|in)\s+)?|"
    r"(?:raised|hoisted)\s+(?:the|their|its|a)\s+(?:\w+\s+)?flag\s+(?:over|in|above)|"
    r"victory\s+(?:in|at)|victory\s+(?:against|over)\s+[^,.;]{1,40}?\s+(?:in|at)|"
    r"(?:declared|announced)\s+(?:the\s+)?(?:full\s+|complete\s+)?(?:liberation|capture|recapture)\s+of|"
    r"swept\s+into|sweeping\s+into|sweep\s+into|"
    # bare "took Jalalabad": last, so the longer forms above win; a place must follow directly
    r"took|taken|take|takes|taking"
)
_FELL = r"fell\s+to|fell\s+into\s+the\s+hands\s+of|fell\s+under\s+the\s+control\s+of|fall\s+of|fallen\s+to|falls\s+to|fell"
_LOSS = (
    r"(?:withdr[ae]w|withdrawn|pulled|pulling)\s+(?:(?:its|their|the|his|all|last|remaining|of)\s+){1,3}"
    r"(?:troops|forces|units|soldiers|fighters|garrison)\s+(?:out\s+of|from|back\s+from)|"
    r"withdr[ae]w\s+from|withdrawn\s+from|withdrawal\s+from|withdrawing\s+from|pulled\s+out\s+of|pull-?out\s+from|"
    r"retreated\s+from|retreat\s+from|abandoned|evacuated|lost\s+control\s+of|lost|"
    r"(?:driven|pushed|forced|expelled|ousted|kicked|routed|chased)\s+(?:out\s+of|from)|fled"
)
_EXPEL = r"ousted|ousting|drove|driven|drive|driving|expelled|expelling|pushed|pushing|forced|kicked|flushed|chased|routed|cleared|clearing|evicted"
_HOLD_FWD = (
    r"controls|control\s+of|control\s+over|controlled|controlling|in\s+control\s+of|"
    r"(?:still\s+)?holds?|still\s+held|holding|retains?\s+control\s+of|maintains?\s+control\s+of|"
    r"(?:has|have|had|retains?|retained|maintains?|maintained|keeps?)\s+a\s+(?:\w+\s+)?presence\s+in|"
    r"still\s+present\s+in|stronghold\s+of|bastion\s+of|remains?\s+entrenched\s+in|entrenched\s+in|occupies|occupying"
)
_HOLD_BWD = (
    r"(?:held|controlled|occupied|run|governed)\s+by|under\s+(?:the\s+)?(?:full\s+|firm\s+)?control\s+of|"
    r"in\s+the\s+hands\s+of"
)
_BESIEGE = (
    r"besieged|besieging|besieges|laid\s+siege\s+to|lay\s+siege\s+to|laying\s+siege\s+to|siege\s+of|"
    r"encircled|encircling|encircles|encirclement\s+of|surrounded|surrounding|blockaded|blockade\s+of"
)
_CONTEST = (
    r"(?:heavy\s+|fierce\s+|intense\s+|street\s+|house-to-house\s+)?fighting\s+(?:in|for|around|inside|over)|"
    r"battles?\s+for|battle\s+of|battles?\s+(?:in|inside)|clashes\s+(?:in|inside)|contested|advanced\s+(?:on|into|toward|towards)|"
    r"advancing\s+(?:on|into|toward|towards)|pushed\s+into|pushing\s+into|pushes\s+into|stormed|storming|"
    r"entered\s+the\s+outskirts\s+of|reached\s+the\s+outskirts\s+of|closing\s+in\s+on|closed\s+in\s+on|assault\s+on|offensive\s+on"
)

_CONTROL_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(rf"(?:{pattern})\b"))
    for family, pattern in (
        ("capture", _CAPTURE),
        ("fell", _FELL),
        ("loss", _LOSS),
        ("hold_bwd", _HOLD_BWD),
        ("besiege", _BESIEGE),
        ("contest", _CONTEST),
        ("hold", _HOLD_FWD),
    )
)
_EXPEL_RE = re.compile(rf"\b(?:{_EXPEL})\b", re.IGNORECASE)
_EXPEL_FROM = re.compile(r"\b(?:out\s+of|from|out\s+from)\b", re.IGNORECASE)
_HELD_PREFIX = re.compile(r"-(?:held|controlled|occupied|run|besieged)\b", re.IGNORECASE)
_UNDER_CONTROL = re.compile(r"\bunder\s+(?P<who>[\w'’ .-]{2,40}?)(?:'s|’s)?\s+control\b", re.IGNORECASE)

# Non-control events: (pattern, event_type, sub_event_type). First match in a sentence wins per type.
_EVENT_TRIGGERS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(rf"(?:{p})\b"), t, s)
    for p, t, s in (
        (r"suicide\s+(?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|car\s+bomb(?:ing)?|vest)|blew\s+(?:himself|herself|themselves)\s+up",
         "Explosions/Remote violence", "Suicide bomb"),
        (r"air\s*strikes?|airstrikes?|air\s+raids?|drone\s+strikes?|drone\s+attacks?|bombing\s+raids?|warplanes?\s+(?:struck|hit|bombed|pounded)|"
         r"jets?\s+(?:struck|hit|bombed|pounded)|aerial\s+bombardment|barrel\s+bombs?|helicopter\s+gunships?",
         "Explosions/Remote violence", "Air/drone strike"),
        (r"shell(?:ed|ing|s)|artillery|mortars?|rockets?\s+(?:fire|attacks?|hit|struck|landed)|missile\s+(?:strikes?|attacks?)|"
         r"missiles?\s+(?:hit|struck|slammed)|bombard(?:ed|ment)|pounded|rocket\s+fire|grad\s+rockets",
         "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        (r"roadside\s+bombs?|improvised\s+explosive|ieds?|landmines?|land\s+mines?|mine\s+explosion|car\s+bomb\s+(?:exploded|went\s+off|blast)|"
         r"bomb\s+(?:exploded|went\s+off|blast)|explosive\s+device|booby-?trap(?:ped)?\s+(?:car|vehicle)\s+exploded",
         "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        (r"defus(?:ed|ing)|dismantl(?:ed|ing)|destroy(?:ed|ing)\s+(?:a|an|the|two|three|several)?\s*(?:car\s+bombs?|explosives?|ieds?|booby-?traps?)|"
         r"seized\s+(?:weapons|arms|ammunition|explosives)|weapons\s+cache",
         "Strategic developments", "Disrupted weapons use"),
        (r"kidnapp(?:ed|ing)|abduct(?:ed|ion|ing)|taken\s+hostage|forced\s+disappearance",
         "Violence against civilians", "Abduction/forced disappearance"),
        (r"massacred?|executed|killed\s+(?:\d+\s+|dozens\s+of\s+|several\s+|at\s+least\s+\d+\s+)?civilians|civilians\s+(?:were\s+)?killed|"
         r"attack(?:ed)?\s+(?:on\s+)?(?:a\s+)?(?:village|villagers|civilians|market|displaced|worshippers|mosque|church)|opened\s+fire\s+on\s+(?:civilians|villagers|protesters)",
         "Violence against civilians", "Attack"),
        (r"arrest(?:ed|s|ing)?|detained|detain|rounded\s+up",
         "Strategic developments", "Arrests"),
        (r"loot(?:ed|ing)|torched|burn(?:ed|t)\s+(?:down\s+)?(?:homes|houses|villages|markets|shops)|razed|ransacked|plunder(?:ed)?",
         "Strategic developments", "Looting/property destruction"),
        (r"(?:set\s+up|established|establish|built|build|opened)\s+(?:a\s+|an\s+|its\s+|their\s+|new\s+)*(?:military\s+)?(?:base|headquarters|outpost|camp)",
         "Strategic developments", "Headquarters or base established"),
        (r"handed\s+over|hand\s+over|handover\s+of|transferred\s+control|peaceful(?:ly)?\s+(?:handover|withdrawal|transfer)",
         "Strategic developments", "Non-violent transfer of territory"),
        (r"ceasefire|cease-fire|truce|peace\s+(?:deal|agreement|accord)|signed\s+an?\s+agreement|reached\s+an?\s+agreement|deal\s+to\s+evacuate",
         "Strategic developments", "Agreement"),
        (r"riot(?:s|ers|ing)?|violent\s+(?:protests?|demonstrations?)|protesters\s+(?:clashed|stormed|torched|burned)",
         "Riots", "Violent demonstration"),
        (r"protest(?:s|ed|ers|ing)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ied|ies)|sit-in|marched",
         "Protests", "Peaceful protest"),
        (r"clash(?:ed|es)|fought|fighting|gun\s*battles?|firefights?|ambush(?:ed)?|battl(?:ed|ing|es?)|attack(?:ed|s)?\s+(?:a\s+|an\s+|the\s+)?"
         r"(?:military|army|police|checkpoint|base|position|positions|convoy|outpost|patrol)|assault(?:ed)?|counter-?attack(?:ed|s)?",
         "Battles", "Armed clash"),
        (r"clear(?:ing|ed|ance)\s+(?:operations?|the|of)|sweep|mopping[- ]up|launched\s+(?:an?\s+)?(?:operation|campaign)|began\s+clearing|began\s+an?\s+operation",
         "Strategic developments", "Other"),
    )
)  # fmt: skip

# Modality cues in the words before a trigger (same clause).
_INTENT = re.compile(
    r"\b(?:will|would|shall|could|might|may|aims?|aimed|aiming|plans?|planned|planning|intends?|intended|vow(?:s|ed)?|"
    r"threaten(?:s|ed)?|attempt(?:s|ed|ing)?|try|tries|tried|trying|seek(?:s|ing)?|sought|bid|effort|efforts|"
    r"prepar(?:e|es|ed|ing)|ready|set|about|expected|hopes?|hoped|hoping|goal|push|pushing|offensive|operation|"
    r"campaign|drive|order|ordered|want(?:s|ed)?|wanting|failed|fail|fails|unable|struggled?|struggling|"
    r"bids|poised|vowing|able|managed)\b(?:\W+\w+){0,4}\W+(?:to|at)\W*$"
    r"|\b(?:will|would|shall|could|might|may|must|(?<!loyal\s)(?<!allied\s)(?<!close\s)to|cannot|can't)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|n't|neither|nor|denied|denies|deny|without|refused|false|rejected)\b[^,;]{0,40}$|n't\s+\w*\s*$",
    re.IGNORECASE,
)
_CLAIM = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|said\s+(?:it|they|its|their)|says\s+(?:it|they|its)|according\s+to|announced|"
    r"reportedly|purportedly|alleged(?:ly)?|boasted|asserted)\b",
    re.IGNORECASE,
)
# Nominal triggers ("the recapture of X by..."): only these may take an actor from anywhere nearby.
_NOMINAL = re.compile(r"(?:recapture|capture|seizure|liberation|takeover|victory|declared|announced)\b")
_AFTER_CLAUSE = re.compile(
    r"\b(?:days?|weeks?|months?|years?|hours?)\s+(?:after|since)\s+[^,;]{0,60}$", re.IGNORECASE
)
_PAST_STATE = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_REFERENCE_POINT = re.compile(
    r"(?:\b(?:near|outside|beyond|from|km|kilometers|kilometres|miles)|"
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?$", re.IGNORECASE)
_PASSIVE_AUX = re.compile(
    r"\b(?:was|were|been|is|are|being|be|get|got|gets|has|have|had)\s+(?:\w+ly\s+|\w+\s+)?$", re.IGNORECASE
)
_PARTIAL = re.compile(
    r"\b(?:parts?|outskirts|neighbou?rhoods?|suburbs?|districts|edges?|half|some|several|areas?\s+(?:of|around|near)|"
    r"villages?\s+(?:near|around|outside)|positions|approaches|western\s+part|eastern\s+part|northern\s+part|southern\s+part)\b",
    re.IGNORECASE,
)
_FATALITIES = re.compile(
    r"\b(?:killed|killing|kills|left|leaving)\s+(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|around\s+)?(?P<a>\d{1,4}|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|a\s+dozen|scores|hundreds)\b"
    r"|\b(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|around\s+)?(?P<b>\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|dozens|a\s+dozen|scores|hundreds)\s+(?:\w+\s+){0,3}?(?:were\s+|have\s+been\s+|had\s+been\s+)?(?:killed|dead|died)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "a dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200,
}  # fmt: skip

# Words that may stand between a trigger and the place it governs ("the strategic eastern town of").
_FILLER = frozenset(
    """
    the a an of key strategic northern southern eastern western central north south east west northeastern
    northwestern southeastern southwestern north-eastern north-western south-eastern south-western
    nearby border frontline front-line provincial regional capital district districts area areas region
    province governorate state oblast camp refugee neighbourhood neighborhood neighbourhoods neighborhoods
    suburb suburbs base airbase airport air military oil gas field hub port coastal town towns city cities
    village villages important small large major largest second-largest biggest key strategically
    remaining last final whole entire rest most much all control full complete its their his her strong
    ancient historic old new besieged embattled contested devastated ruined shattered battered rebel-held
    opposition-held jihadist-held militant-held government-held regime-held long-besieged mountain
    mountainous desert river valley riverside crossing bridge dam district's city's town's and nearly
    almost entirely fully completely large swathes swaths much industrial center centre downtown heart
    historic mining trading market garrison highway road junction logistics logistical stronghold
    strongholds bastion bastions symbolic symbolically significant eastern-most northernmost southernmost
    easternmost westernmost one two three four five remote isolated farming agricultural predominantly
    mostly largely sunni shiite kurdish christian yazidi arab druze alawite tribal ethnic island islands
    settlement settlements municipality commune county township locality hamlet countryside fortified
    vital crucial so-called self-declared self-styled government government-controlled regional
    site heritage world unesco pilgrimage holy
    """.split()
)
_COORDINATORS = frozenset({"and", ",", "as", "well", "&", "plus", "including", "along", "with", "both"})
_STOP_RELATION = re.compile(
    r"\b(?:near|outside|in|at|inside|around|close|toward|towards|from|beyond|across|between|along|on|into|km|"
    r"kilometers|kilometres|miles|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")

# Word starts that any trigger above begins with: sentences without one are skipped (most are).
_TRIGGER_STEMS = (
    *"""
    retook retak re-took re-tak recaptur captur seiz liberat freed took taken take control wrest gain regain swept
    secur overr clear conquer occup enter flag victor liberation fell fall withdr pulled pull-out pullout
    retreat abandon evacuat lost driven drov driv pushed push forced expel oust kicked routed chased flush evict hold
    held retain presence stronghold bastion entrench besieg siege encircl surround blockad fighting battl
    clash contest advanc storm outskirts closing closed assault suicide blew airstrike drone bombing warplane
    jets aerial barrel helicopter shell artiller mortar rocket missile bombard pounded grad roadside
    improvised ied landmine mine explosive booby defus dismantl destroy weapons kidnap abduct hostage
    disappear massacr execut civilians attack arrest detain loot torch burn razed ransack plunder base
    headquarters outpost handed handover transferred ceasefire cease-fire truce peace agreement riot
    protest demonstrat rall sit-in marched fought gunbattle firefight ambush counter sweep mopping launched
    began operation
    """.split(),
    "air strike",
    "air raid",
    "hand over",
    "rounded up",
    "opened fire",
    "gun battle",
    "car bomb",
    "land mine",
    "run by",
    "governed by",
    "in the hands",
    "under the control",
    "taken over",
    "took over",
    "take over",
)
_STEM_AUTOMATON = ahocorasick.Automaton()
for _stem in _TRIGGER_STEMS:
    _STEM_AUTOMATON.add_word(_stem, len(_stem))
_STEM_AUTOMATON.make_automaton()

_CITY_CODES = (
    "PPL",
    "PPLA",
    "PPLA2",
    "PPLA3",
    "PPLA4",
    "PPLC",
    "PPLX",
    "PPLL",
    "PPLS",
    "PPLF",
    "PPLR",
    "PPLW",
    "PPLQ",
    "PPLH",
    "STLMT",
)
_PREPOSITIONS = frozenset(
    {
        "by",
        "from",
        "against",
        "with",
        "of",
        "to",
        "for",
        "on",
        "at",
        "in",
        "alongside",
        "between",
        "into",
        "near",
        "toward",
        "towards",
        "over",
        "than",
        "about",
        "told",
        "like",
    }
)
_LOCATIVES = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "around",
        "across",
        "on",
        "into",
        "inside",
        "of",
        "over",
        "from",
        "towards",
        "toward",
        "through",
    }
)
_SUBTYPE_VERB = {
    "Government regains territory": "regain",
    "Non-state actor overtakes territory": "take",
    "Armed clash": "clash",
}


@dataclass(slots=True)
class _Article:
    """Everything about the article that sentences need: focus, main actors, sentences, mentions."""

    text: str
    mentions: list[dict]
    published: dt.date | None
    actors: ActorDictionary
    focus: str | None
    main_non_state: Actor | None
    counts: Counter[str]
    spans: list[tuple[int, int]]
    paragraph_of: list[int]
    dateline_mentions: set[int] = field(default_factory=set)
    all_matches: list[ActorMatch] = field(default_factory=list)
    match_starts: list[int] = field(default_factory=list)
    placed_by_sentence: list[list[tuple[int, dict]]] = field(default_factory=list)
    lowered: str = ""
    control_hits: dict[int, list[tuple[int, re.Match[str]]]] = field(default_factory=dict)
    event_hits: dict[int, list[tuple[int, re.Match[str]]]] = field(default_factory=dict)
    other_sentences: set[int] = field(default_factory=set)  # expulsion or "X-held" candidates
    current_date: dt.date | None = None  # the sentence being coded (who the state was then)
    dates_by_sentence: dict[int, list[DateMatch]] = field(default_factory=dict)
    group_matches: list[ActorMatch] = field(default_factory=list)  # "the group" resolved
    anaphor_end: int = 0  # end of the last anaphoric object resolved ("the town")
    current_index: int = -1  # the sentence being coded (anaphora look back from it)
    lead_place: int | None = None  # the first town of the headline or lead: what "the city" means by default


@dataclass(slots=True)
class _Control:
    gained_by: Actor | None
    lost_by: Actor | None
    status: str
    kind: str
    claimed: bool
    inferred_gainer: bool = False
    generic_gainer: bool = False


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def code_events(
    *, text: str, mentions: list[dict], published: dt.date | None, actors: ActorDictionary
) -> list[dict]:
    """Dated, placed events (CONTRACT §4) with control observations, in text order."""
    article = _prepare(text, mentions, published, actors)
    events: list[dict] = []
    last_subject: Actor | None = None
    previous_paragraph = -1
    for index, (start, end) in enumerate(article.spans):
        if article.paragraph_of[index] != previous_paragraph and index and not _same_story(article, index):
            last_subject = None
        previous_paragraph = article.paragraph_of[index]
        coded, subject = _code_sentence(article, index, start, end, last_subject)
        events.extend(coded)
        last_subject = subject or last_subject
    return _reconcile(events)


def country_focus(
    mentions: Iterable[dict], text: str = "", actors: ActorDictionary | None = None
) -> str | None:
    """The article's main country: resolved places by country (towns count more than countries)."""
    weights: Counter[str] = Counter()
    for mention in mentions:
        place = mention.get("place")
        if not place or not place.get("country_code"):
            continue
        code = place.get("feature_code") or ""
        weights[place["country_code"]] += 0.4 if code.startswith("PCL") else 1.0
    if actors is not None and text:
        for match in actors.matches(text, generics=False):
            if match.actor.kind == "state" and match.actor.country:
                weights[match.actor.country] += 0.3
    return weights.most_common(1)[0][0] if weights else None


# ---------------------------------------------------------------------------------------------
# Article preparation
# ---------------------------------------------------------------------------------------------


def _prepare(text: str, mentions: list[dict], published: dt.date | None, actors: ActorDictionary) -> _Article:
    spans = sentence_spans(text)
    focus = country_focus(mentions, text, actors)
    named = actors.matches(text, country_focus=focus, on=published, generics=False)
    counts: Counter[str] = Counter(m.actor.name for m in named)
    main = _main_non_state(named, focus)
    paragraph_of, paragraph = [], 0
    for i, (start, _end) in enumerate(spans):
        if i and "\n" in text[spans[i - 1][1] : start]:
            paragraph += 1
        paragraph_of.append(paragraph)
    article = _Article(text, mentions, published, actors, focus, main, counts, spans, paragraph_of)
    article.dateline_mentions = _datelines(text, mentions)
    if article.published is None:
        article.published = _dateline_date(text)
    article.all_matches = actors.matches(text, country_focus=focus, on=article.published, main_non_state=main)
    article.group_matches = _group_anaphors(text, article.all_matches, main)
    if article.group_matches:
        article.all_matches = _merge_matches(article.all_matches, article.group_matches)
    article.match_starts = [m.start for m in article.all_matches]
    starts = [s for s, _ in spans]
    article.placed_by_sentence = [[] for _ in spans]
    for i, m in enumerate(mentions):
        if m.get("place") and i not in article.dateline_mentions:
            k = bisect.bisect_right(starts, m["start"]) - 1
            if k >= 0 and m["start"] < spans[k][1]:
                article.placed_by_sentence[k].append((i, m))
    article.lead_place = next(
        (i for k in range(min(2, len(spans))) for i, m in article.placed_by_sentence[k] if _is_city(m)), None
    )
    article.lowered = _lower_same_length(text)
    _collect_triggers(article, starts)
    return article


# "The group", "the paramilitary group", "the movement": an armed group named earlier in the article.
_GROUP_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:armed|paramilitary|rebel|militant|jihadist|insurgent|extremist|separatist|islamist|"
    r"ethnic\s+armed|armed\s+ethnic)\s+)?(?:group|movement|organi[sz]ation|paramilitaries|paramilitary|alliance)\b"
)


_GROUP_WORD = re.compile(r"group|movement|organi[sz]ation|paramilitar|alliance")


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
                if m.actor.kind == "non_state" and m.actor.name != "Unidentified Armed Group"
            ),
            main,
        )
        if antecedent is not None:
            found.append(ActorMatch(hit.start(), hit.end(), antecedent, True, hit.group(0)))
    return found


def _merge_matches(matches: list[ActorMatch], extra: list[ActorMatch]) -> list[ActorMatch]:
    """Matches plus non-overlapping extra spans, in text order."""
    kept = [e for e in extra if not any(m.start < e.end and e.start < m.end for m in matches)]
    return sorted([*matches, *kept], key=lambda m: m.start) if kept else matches


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _collect_triggers(article: _Article, starts: list[int]) -> None:
    """Trigger matches by sentence. Patterns are tried only where a trigger stem starts a word
    (Aho-Corasick), which is several times faster than scanning every pattern over the text; each
    word start is tried once even when several stems begin there ("take", "taken", "take over")."""
    lowered = article.lowered
    for held in _HELD_PREFIX.finditer(lowered):
        k = bisect.bisect_right(starts, held.start()) - 1
        if k >= 0:
            article.other_sentences.add(k)
    begins = sorted({
        end_index - length + 1
        for end_index, length in _STEM_AUTOMATON.iter(lowered)
        if end_index - length < 0 or not lowered[end_index - length].isalnum()
    })
    spans = article.spans
    control_hits, event_hits = article.control_hits, article.event_hits
    for begin in begins:
        k = bisect.bisect_right(starts, begin) - 1
        if k < 0 or begin >= spans[k][1]:
            continue
        limit = spans[k][1]
        if _EXPEL_RE.match(lowered, begin, limit):
            article.other_sentences.add(k)
        for family_index, (_family, pattern) in enumerate(_CONTROL_TRIGGERS):
            match = pattern.match(lowered, begin, limit)
            if match:
                control_hits.setdefault(k, []).append((family_index, match))
        for event_index, (pattern, _t, _s) in enumerate(_EVENT_TRIGGERS):
            match = pattern.match(lowered, begin, limit)
            if match:
                event_hits.setdefault(k, []).append((event_index, match))


def _sentence_matches(article: _Article, start: int, end: int, focus: str | None) -> list[ActorMatch]:
    """Actor spans of one sentence: sliced from the article scan unless the sentence has its own focus."""
    if focus != article.focus:
        found = article.actors.matches(
            article.text,
            country_focus=focus,
            on=article.published,
            main_non_state=article.main_non_state,
            span=(start, end),
        )
        extra = [m for m in article.group_matches if start <= m.start and m.end <= end]
        return _merge_matches(found, extra) if extra else found
    lo = bisect.bisect_left(article.match_starts, start)
    hi = bisect.bisect_left(article.match_starts, end)
    return [m for m in article.all_matches[lo:hi] if m.end <= end]


def _main_non_state(named: list[ActorMatch], focus: str | None) -> Actor | None:
    """The most named non-state actor ("militants" in an Iraq 2017 story means Islamic State)."""
    tally: Counter[str] = Counter()
    by_name: dict[str, Actor] = {}
    for match in named:
        actor = match.actor
        if actor.kind == "non_state" and actor.name != "Unidentified Armed Group":
            tally[actor.name] += 1 + (actor.country == focus)
            by_name[actor.name] = actor
    return by_name[tally.most_common(1)[0][0]] if tally else None


_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Za-z .]{2,30})?\s*(?:\(\w+\)\s*)?[:—–-]")


def _datelines(text: str, mentions: list[dict]) -> set[int]:
    """Mentions that open a line as a dateline ("BAGHDAD:", "KYIV, Ukraine (AP) —"): not event places."""
    out = set()
    for index, mention in enumerate(mentions):
        line_start = text.rfind("\n", 0, mention["start"]) + 1
        if text[line_start : mention["start"]].strip():
            continue
        rest = text[mention["start"] : mention["start"] + 60]
        if _DATELINE.match(rest) and mention["text"].isupper():
            out.add(index)
    return out


def _dateline_date(text: str) -> dt.date | None:
    """A full date in the first lines (a dateline or byline), used when no publication date is given."""
    for match in find_dates(text[:400], published=None):
        if match.value.precision == "day":
            return match.value.date
    return None


def _same_story(article: _Article, index: int) -> bool:
    """A new paragraph keeps the previous subject only if it opens with a pronoun-like reference."""
    start, end = article.spans[index]
    head = article.text[start : min(end, start + 12)].lower()
    return head.startswith(("they ", "it ", "the group", "the militants", "the fighters", "its "))


# ---------------------------------------------------------------------------------------------
# One sentence
# ---------------------------------------------------------------------------------------------


def _code_sentence(
    article: _Article, index: int, start: int, end: int, last_subject: Actor | None
) -> tuple[list[dict], Actor | None]:
    if (
        index not in article.control_hits
        and index not in article.event_hits
        and index not in article.other_sentences
    ):
        # no trigger: only its subject matters (for a "they" or "it" later), from the article-wide
        # actor scan sliced by offsets; no focus, no re-scan, no dates
        return [], _sentence_subject(article.text, start, _sentence_matches(article, start, end, article.focus))
    sentence = article.text[start:end]
    placed = article.placed_by_sentence[index]
    focus = _sentence_focus(placed) or article.focus
    matches = _sentence_matches(article, start, end, focus)
    article.current_index = index
    dates = _sentence_dates(article, index)
    past = [d.value.date for d in dates if not d.future and d.value.precision == "day"]
    article.current_date = past[0] if past else article.published
    context = _context_before(article, index)
    subject = _sentence_subject(article.text, start, matches)
    events: list[dict] = []
    controlled_places: set[int] = set()
    hits = sorted(article.control_hits.get(index, []), key=lambda h: (h[0], h[1].start()))
    for family_index, trig in hits:
        family = _CONTROL_TRIGGERS[family_index][0]
        t_start, t_end = trig.start(), trig.end()
        if family:
            if any(t_start < e["_t_end"] and e["_t_start"] < t_end for e in events):
                continue  # an earlier family already coded this stretch ("took control of" vs "control of")
            coded = _code_control(article, family, trig, start, end, placed, matches, last_subject, focus)
            for mention_index, control, subtype in coded:
                if mention_index in controlled_places and not (
                    control.kind == "change" and _coarse_change_of(events, article.mentions[mention_index])
                ):
                    continue
                when = _date_for(article, sentence, start, t_start, dates, context, control)
                if when is None:
                    continue
                controlled_places.add(mention_index)
                events.append(
                    _event(
                        article, mention_index, when, subtype, control, start, end, t_start, t_end, sentence
                    )
                )
    events.extend(
        _code_expulsions(article, sentence, start, end, placed, matches, dates, context, controlled_places)
    )
    events.extend(_code_held_prefix(article, sentence, start, end, placed, matches, controlled_places))
    events.extend(
        _code_other(
            article,
            sentence,
            start,
            end,
            placed,
            matches,
            dates,
            context,
            controlled_places,
            subject or last_subject,
            index,
        )
    )
    return events, subject


def _sentence_focus(placed: list[tuple[int, dict]]) -> str | None:
    """Places of one country in a sentence override the article focus for generic actors there."""
    codes = Counter(
        m["place"].get("country_code")
        for _, m in placed
        if m["place"].get("country_code") and not (m["place"].get("feature_code") or "").startswith("PCL")
    )
    if not codes:
        return None
    (code, n), *rest = codes.most_common(2)
    return code if not rest or n > rest[0][1] else None


def _context_before(article: _Article, index: int) -> list[DateMatch]:
    """Dates of the previous sentence when it belongs to the same paragraph (dates carry over
    within one); empty otherwise."""
    if index == 0 or article.paragraph_of[index - 1] != article.paragraph_of[index]:
        return []
    return _sentence_dates(article, index - 1)


def _sentence_dates(article: _Article, index: int) -> list[DateMatch]:
    """Date expressions of one sentence, found once per article (a sentence is also the context
    of the next one, so its dates are asked for twice)."""
    found = article.dates_by_sentence.get(index)
    if found is None:
        s, e = article.spans[index]
        found = find_dates(article.text[s:e], published=article.published)
        article.dates_by_sentence[index] = found
    return found


def _sentence_subject(text: str, start: int, matches: list[ActorMatch]) -> Actor | None:
    """The first actor not governed by a preposition: who the sentence is about (for 'they', 'it')."""
    for match in matches:
        if not _governed(text, start, match.start):
            return match.actor
    return None


# ---------------------------------------------------------------------------------------------
# Control triggers
# ---------------------------------------------------------------------------------------------


def _code_control(
    article: _Article,
    family: str,
    trig: re.Match[str],
    s_start: int,
    s_end: int,
    placed: list[tuple[int, dict]],
    matches: list[ActorMatch],
    last_subject: Actor | None,
    focus: str | None,
) -> list[tuple[int, _Control, str | None]]:
    """(mention index, control, sub_event_type) for each place the trigger governs."""
    text = article.text
    t_start, t_end = trig.start(), trig.end()
    word = trig.group(0).lower()
    before = text[max(s_start, t_start - 80) : t_start]
    clause_before = re.split(r"[;:]|,\s+(?:but|while|whereas|although)\b", before)[-1]
    if _NEGATION.search(clause_before) or _INTENT.search(clause_before):
        return []
    if family in ("hold", "hold_bwd") and _PAST_STATE.search(text[max(s_start, t_start - 30) : t_start]):
        return []  # "X had been held by IS since 2014": a state that has ended, not a current hold
    claimed = bool(_CLAIM.search(text[s_start:s_end])) or "denied" in text[s_start:s_end].lower()
    if re.search(r"\bdenied\b|\bdenies\b", text[s_start:t_start], re.IGNORECASE):
        return []

    gained: Actor | None = None
    lost: Actor | None = None
    status, kind = "controlled", "change"
    targets: list[int] = []
    partial = False

    if family == "capture":
        if word.startswith("victory") and re.search(
            r"\belection|\bvote|\bpoll", text[s_start:s_end], re.IGNORECASE
        ):
            return []
        if word.startswith(("entered", "entering")) and not re.search(r"flag", word):
            after = text[t_end : t_end + 40].lower()
            if re.match(r"\s*(?:the\s+)?(?:outskirts|suburbs|edges?|parts)", after):
                return []
        targets, partial = _forward_places(text, t_end, placed, article)
        if not targets and _PASSIVE_AUX.search(text[max(s_start, t_start - 25) : t_start]):
            targets = _backward_places(text, s_start, t_start, placed)
            gained = _actor_after(matches, t_end, ("by",), text)
        elif not targets:
            antecedent = _relative_antecedent(text, s_start, t_start, placed)
            if antecedent is None:
                return []
            targets = [antecedent]
        if gained is None:
            gained = _actor_after(matches, _targets_end(article, targets, t_end), ("by",), text)
        lost = _actor_after(matches, _targets_end(article, targets, t_end), ("from",), text)
        if word.startswith("victory") and "against" in word or "over" in word.split()[1:2]:
            lost = lost or _actor_inside(matches, t_start, t_end)
        if gained is None:
            gained = _subject_before(text, s_start, t_start, matches)
        if gained is None and _NOMINAL.match(word):
            gained = _actor_nearby(text, matches, t_start, t_end, s_end)
        if word.startswith("occupied") and not _subject_before(text, s_start, t_start, matches):
            return []  # adjectival "occupied X" without an occupier: nothing to say
        if partial:
            status, kind = "contested", "holds"
    elif family == "fell":
        targets = _backward_places(text, s_start, t_start, placed)
        if word.startswith("fall of"):
            targets, _ = _forward_places(text, t_end, placed, article)
            gained = _actor_after(matches, _targets_end(article, targets, t_end), ("to",), text)
        elif word == "fell":
            if not re.match(
                r"\s+(?:on|last|early|late|in|after|within|yesterday|this|overnight|without|,|\.)",
                text[t_end : t_end + 12],
            ):
                return []
        else:
            gained = _actor_after(matches, t_end, (), text)
    elif family == "loss":
        if (
            word.startswith("lost")
            and word == "lost"
            and not re.match(r"\s+(?:the\s+)?(?:town|city|village|control)?", text[t_end : t_end + 10])
        ):
            return []
        targets, partial = _forward_places(text, t_end, placed, article)
        lost = _subject_before(text, s_start, t_start, matches) or (
            last_subject if _pronoun_subject(text, s_start, t_start) else None
        )
        if lost is None:
            return []
        gained = _actor_after(matches, _targets_end(article, targets, t_end), ("to", "by"), text)
        if partial:
            return []
    elif family == "hold_bwd":
        targets = _backward_places(text, s_start, t_start, placed)
        gained = _actor_after(matches, t_end, (), text)
        status, kind = ("presence" if "presence" in word else "controlled"), "holds"
        if gained is None:
            return []
    elif family == "besiege":
        if re.search(r"\bthe\s+$", text[max(s_start, t_start - 5) : t_start]):
            return []  # adjectival "the besieged city of X": the besieger is not said
        targets, _ = _forward_places(text, t_end, placed, article)
        if targets:
            gained = _subject_before(text, s_start, t_start, matches)
        else:
            targets = _backward_places(text, s_start, t_start, placed)
            gained = _actor_after(matches, t_end, ("by",), text)
        status, kind = "besieged", "holds"
        if gained is None:
            return []
    elif family == "contest":
        targets, _ = _forward_places(text, t_end, placed, article)
        gained = _subject_before(text, s_start, t_start, matches)
        status, kind = "contested", "holds"
    elif family == "hold":
        if word.startswith(("control of", "control over")) and re.search(
            r"\b(?:took|taken|take|seized|gained|wrest|regain|won|lost|assum)\w*\s+(?:full\s+)?$",
            text[max(s_start, t_start - 20) : t_start],
            re.IGNORECASE,
        ):
            return []
        targets, partial = _forward_places(text, t_end, placed, article)
        gained = _subject_before(text, s_start, t_start, matches) or (
            last_subject if _pronoun_subject(text, s_start, t_start) else None
        )
        status, kind = ("presence" if "presence" in word or "entrenched" in word else "controlled"), "holds"
        if partial:
            status = "presence"
        if gained is None:
            return []

    targets = [t for t in targets if _controllable(article.mentions[t])]
    if not targets:
        return []
    inferred = False
    if (
        gained is None
        and family in ("capture", "fell")
        and last_subject is not None
        and _pronoun_subject(text, s_start, t_start)
    ):
        gained = last_subject
    if family == "fell" and gained is None and lost is None:
        gained = _fell_to_whom(article, matches, targets)
    if family in ("capture", "fell", "loss") and kind == "change":
        place_country = article.mentions[targets[0]]["place"].get("country_code")
        if gained is None and lost is not None:
            gained = _opponent(article, lost, place_country)
            inferred = True
        if gained is None:
            return []
        if lost is None or lost.camp == gained.camp:
            lost = _opponent(article, gained, place_country)
    generic = _is_generic(matches, gained)
    control = _Control(gained, lost, status, kind, claimed, inferred, generic)
    subtype = None
    if kind == "change":
        place_country = article.mentions[targets[0]]["place"].get("country_code")
        subtype = _territory_subtype(gained, place_country, article.actors)
    return [(t, control, subtype) for t in targets]


def _fell_to_whom(article: _Article, matches: list[ActorMatch], targets: list[int]) -> Actor | None:
    """ "Herat fell late Thursday after the insurgents broke through": a town that falls with no
    "to X" falls to the non-state actor of the sentence, else to the article's main one, when the
    place's own state is the side that can lose it."""
    country = article.mentions[targets[0]]["place"].get("country_code")
    state = article.actors.state_force(country, article.current_date or article.published)
    for match in matches:
        if match.actor.kind == "non_state" and (state is None or match.actor.camp != state.camp):
            return match.actor
    main = article.main_non_state
    return main if main is not None and (state is None or main.camp != state.camp) else None


def _code_expulsions(
    article: _Article,
    sentence: str,
    start: int,
    end: int,
    placed: list[tuple[int, dict]],
    matches: list[ActorMatch],
    dates: list[DateMatch],
    context: list[DateMatch],
    controlled: set[int],
) -> list[dict]:
    """ "X ousted/drove/expelled/pushed Y out of/from PLACE": X gains, Y loses."""
    events: list[dict] = []
    text = article.text
    for trig in _EXPEL_RE.finditer(sentence):
        t_start, t_end = trig.start() + start, trig.end() + start
        tail = _EXPEL_FROM.search(text, t_end, min(end, t_end + 70))
        if tail is None:
            continue
        clause_before = text[max(start, t_start - 80) : t_start]
        if _NEGATION.search(clause_before) or _INTENT.search(clause_before):
            continue
        targets, partial = _forward_places(text, tail.end(), placed, article)
        targets = [t for t in targets if _controllable(article.mentions[t]) and t not in controlled]
        if not targets or partial:
            continue
        lost = _actor_inside(matches, t_end - 1, tail.start())
        gained = _subject_before(text, start, t_start, matches)
        if gained is None or (lost is not None and lost.camp == gained.camp):
            continue
        country = article.mentions[targets[0]]["place"].get("country_code")
        if lost is None:
            lost = _opponent(article, gained, country)
        claimed = bool(_CLAIM.search(sentence))
        control = _Control(gained, lost, "controlled", "change", claimed, False, _is_generic(matches, gained))
        subtype = _territory_subtype(gained, country, article.actors)
        for target in targets:
            when = _date_for(article, sentence, start, t_start, dates, context, control)
            if when is None:
                continue
            controlled.add(target)
            events.append(
                _event(article, target, when, subtype, control, start, end, t_start, t_end, sentence)
            )
    return events


def _code_held_prefix(
    article: _Article,
    sentence: str,
    start: int,
    end: int,
    placed: list[tuple[int, dict]],
    matches: list[ActorMatch],
    controlled: set[int],
) -> list[dict]:
    """ "IS-held Raqqa", "Russian-occupied Melitopol", "rebel-controlled Idlib": a holds statement."""
    events: list[dict] = []
    if article.published is None:
        return events
    for trig in _HELD_PREFIX.finditer(sentence):
        t_start, t_end = trig.start() + start, trig.end() + start
        if "besieged" in trig.group(0).lower():
            continue  # "X-besieged Y": the defender is unnamed
        holder = next((m.actor for m in matches if m.start < t_start <= m.end), None)
        if holder is None:
            word = article.lowered[max(start, t_start - 12) : t_start].split()[-1:]
            if word and word[0] in ("russian", "russia"):
                holder = article.actors.state_force("RU", article.published)
        if holder is None:
            continue
        targets, _ = _forward_places(article.text, t_end, placed)
        for target in targets[:1]:
            if target in controlled or not _controllable(article.mentions[target]):
                continue
            control = _Control(holder, None, "controlled", "holds", False)
            when = (EventDate(article.published, "day"), False)
            controlled.add(target)
            events.append(_event(article, target, when, None, control, start, end, t_start, t_end, sentence))
    return events


def _territory_subtype(gained: Actor | None, place_country: str | None, actors: ActorDictionary) -> str:
    """ACLED: a state (or its militia) regaining ground at home vs a non-state actor taking it."""
    if gained is None:
        return "Armed clash"
    patron = actors.get(gained.side) if gained.side else None
    state = gained if gained.kind == "state" else patron if patron and patron.kind == "state" else None
    if state is not None:
        return (
            "Government regains territory"
            if (not place_country or state.country == place_country)
            else "Armed clash"
        )
    return "Non-state actor overtakes territory"


def _opponent(article: _Article, actor: Actor, place_country: str | None) -> Actor | None:
    """Who the other side most likely is: the place's state for outsiders, else the most named foe."""
    state = article.actors.state_force(place_country, article.current_date or article.published)
    home_camp = state is not None and actor.camp == state.camp
    if actor.kind == "state" and not home_camp and state is not None:
        return state  # a foreign army takes ground from the place's state (Russia in Ukraine)
    foes = [
        (count, article.actors.get(name))
        for name, count in article.counts.most_common()
        if article.actors.get(name)
        and article.actors.get(name).camp != actor.camp
        and article.actors.get(name).name != "Unidentified Armed Group"
    ]
    if home_camp:
        non_state = [a for _, a in foes if a.kind == "non_state" and not _allied(a, actor)]
        if non_state:
            return non_state[0]
        if foes:
            return foes[0][1]
        return article.actors.default_non_state(place_country, article.published) or article.main_non_state
    if state is not None and (article.counts.get(state.name) or not foes):
        return state
    return foes[0][1] if foes else state


def _allied(a: Actor, b: Actor) -> bool:
    return a.camp == b.camp or a.side == b.name or b.side == a.name


# ---------------------------------------------------------------------------------------------
# Places governed by a trigger
# ---------------------------------------------------------------------------------------------


_LIST_GAP = re.compile(
    r"(?:\s+(?:refugee\s+)?(?:camp|district|town|city|village|province|region|governorate|area|"
    r"neighbou?rhood|suburb|quarter))?"
    r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+|&\s*)"
    r"(?:the\s+)?(?:(?:nearby|neighbou?ring|key|strategic)\s+)?(?:(?:town|city|village|district|camp|"
    r"towns|cities|villages|districts|areas?|region|province)\s+(?:of\s+)?)?(?:the\s+)?",
    re.IGNORECASE,
)


def _forward_places(
    text: str, pos: int, placed: list[tuple[int, dict]], article: _Article | None = None
) -> tuple[list[int], bool]:
    """The place(s) the trigger governs as object: filler-only gap, then a coordinated list; with
    ``article``, also an anaphoric object ("took control of the town", "captured it") resolved to
    its antecedent, and a plural noun with an apposed list ("took two cities on Friday, X and Y")."""
    if article is not None:
        anaphor = _anaphoric_object(article, text, pos, placed)
        if anaphor is not None:
            return anaphor
        apposed = _apposed_list(text, pos, placed)
        if apposed:
            return apposed, False
    targets: list[int] = []
    partial = False
    anchor = pos
    for index, mention in placed:
        if mention["start"] < anchor:
            continue
        gap = text[anchor : mention["start"]]
        tokens = [t.lower() for t in _TOKEN.findall(gap)]
        if not targets:
            if len(tokens) > 9 or _STOP_RELATION.search(gap) or not _all_filler(tokens, gap):
                break
            partial = bool(_PARTIAL.search(gap))
        else:
            if not _LIST_GAP.fullmatch(gap):
                break  # "Wad Madani, the capital of Gezira" is an apposition, not a list
        targets.append(index)
        anchor = mention["end"]
    if targets and _POSSESSIVE_PART.match(text, article_end(placed, targets[0])):
        partial = True  # "entered Vuhledar's eastern districts": a part of the town, not the town
    return targets, partial


def article_end(placed: list[tuple[int, dict]], index: int) -> int:
    for i, m in placed:
        if i == index:
            return m["end"]
    return 0


# "X's eastern districts", "the city's western neighbourhoods": the trigger reaches only a part.
_POSSESSIVE_PART = re.compile(
    r"(?:'s|’s|')\s+(?:[\w-]+\s+){0,2}?(?:districts?|outskirts|neighbou?rhoods?|suburbs?|parts?|edges?|"
    r"quarters?|areas|outposts|approaches|flanks?|periphery|fringes)\b",
    re.IGNORECASE,
)
# A definite feature noun standing for a place named before ("the town", "the key trading hub"), or "it".
_PLACE_ANAPHOR = re.compile(
    r"\s*(?P<part>(?:(?:most|much|all|parts?|half|some|control|full\s+control)\s+of\s+)*)"
    r"(?:(?:the|this|that)\s+(?P<mods>(?:[\w-]+\s+){0,3}?)"
    r"(?P<noun>town|city|village|hub|settlement|(?:provincial|regional|state|district)\s+capital|enclave|locality)"
    r"(?P<poss>'s|’s)?\b(?!\s+(?:of|council|hall|authorities|officials|residents|mayor|'s\s+(?:mayor|residents)))"
    r"|(?P<it>it)\b(?!\s+(?:is|was|has|had|would|will|said|says)\b))",
    re.IGNORECASE,
)
# "the capital of South Darfur": a region's capital named through its region: the town just named.
_CAPITAL_OF = re.compile(r"\s*(?:the\s+)?(?:\w+\s+)?capital\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _anaphoric_object(
    article: _Article, text: str, pos: int, placed: list[tuple[int, dict]]
) -> tuple[list[int], bool] | None:
    """ "took full control of the town", "the liberation of the city", "took control of most of it":
    the most recent town named before (this or the previous sentence, else the lead's town)."""
    hit = _PLACE_ANAPHOR.match(text, pos)
    if hit is None:
        return _capital_of(article, text, pos, placed)
    if hit["mods"] and not all(w.lower() in _FILLER or "-" in w for w in hit["mods"].split()):
        return None
    after = hit.end()
    nxt = next((m for _, m in placed if m["start"] >= after), None)
    if nxt is not None and text[after : nxt["start"]].isspace() and not hit["it"]:
        return None  # "the town Bakhmut": an apposition, the name itself follows
    antecedent = _antecedent(article, pos)
    if antecedent is None:
        return None
    article.anaphor_end = after
    partial = bool(re.search(r"\b(?:parts?|half|some)\b", hit["part"] or "", re.IGNORECASE)) or bool(
        hit["poss"] and _POSSESSIVE_PART.match(text, after - len(hit["poss"]))
    )
    return [antecedent], partial


def _capital_of(
    article: _Article, text: str, pos: int, placed: list[tuple[int, dict]]
) -> tuple[list[int], bool] | None:
    """ "giving them control of the capital of South Darfur": the region's capital is the town named
    just before in the same region (its admin1), else nothing."""
    region = next((m for _, m in placed if m["start"] >= pos), None)
    if region is None or not _CAPITAL_OF.fullmatch(text, pos, region["start"]):
        return None
    code = (region["place"].get("feature_code") or "").upper()
    if not code.startswith("ADM"):
        return None
    antecedent = _antecedent(article, pos)
    if antecedent is None:
        return None
    town = article.mentions[antecedent]["place"]
    same_region = town.get("country_code") == region["place"].get("country_code") and (
        not town.get("admin1") or not region["place"].get("admin1")
        or town.get("admin1") == region["place"].get("admin1")
        or town.get("admin1") == region["place"].get("name")
    )
    return ([antecedent], False) if same_region else None


def _antecedent(article: _Article, pos: int) -> int | None:
    """The most recent town named before ``pos`` in this sentence or the previous one (not a
    reference point: "80 km west of Mosul"), else the article's lead town."""
    index = article.current_index
    text = article.text
    for k in (index, index - 1):
        if k < 0:
            continue
        for i, m in reversed(article.placed_by_sentence[k]):
            if m["end"] > pos or not _is_city(m) or not _controllable(m):
                continue
            if _REFERENCE_POINT.search(text, max(0, m["start"] - 30), m["start"]):
                continue
            return i
    return article.lead_place


# "cities on Friday, Kandahar and Herat": a plural feature noun, then the list apposed to it.
_PLURAL_HEAD = re.compile(
    r"[^,.;:]{0,70}?\b(?:cities|towns|villages|districts|capitals|strongholds|settlements|bases)\b"
    r"[^,.;:]{0,40}?(?:,|:|—|–)\s*(?:the\s+|namely\s+|including\s+)?",
    re.IGNORECASE,
)


def _apposed_list(text: str, pos: int, placed: list[tuple[int, dict]]) -> list[int]:
    hit = _PLURAL_HEAD.match(text, pos)
    if hit is None:
        return []
    targets: list[int] = []
    anchor = hit.end()
    for index, mention in placed:
        if mention["start"] < anchor:
            continue
        if not targets:
            if mention["start"] != anchor:
                return []
        elif not _LIST_GAP.fullmatch(text[anchor : mention["start"]]):
            break
        targets.append(index)
        anchor = mention["end"]
    return targets


def _all_filler(tokens: list[str], gap: str, *, coordination: bool = False) -> bool:
    extra = 0
    for token in tokens:
        if (
            token in _FILLER
            or token in ("(", ")", '"', "“", "”", "'", "’")
            or (coordination and token in _COORDINATORS)
        ):
            continue
        if token in (
            "parts",
            "part",
            "outskirts",
            "neighbourhoods",
            "neighborhoods",
            "suburbs",
            "most",
            "half",
            "areas",
            "edges",
        ):
            continue
        if token.endswith(("-held", "-controlled", "-occupied")):
            continue
        extra += 1
    # allow one unknown word (an unresolved name part: "the Shaer gas field", "the Iraqi town of")
    return extra <= 1 and not (
        extra
        and re.search(
            r"\b(?:they|it|he|she|we|which|that|who|where|when|after|before|while|as)\b", gap, re.IGNORECASE
        )
    )


def _backward_places(text: str, s_start: int, t_start: int, placed: list[tuple[int, dict]]) -> list[int]:
    """The place a passive or 'fell' trigger governs as subject: the clause-initial place(s) before it."""
    clause_start = s_start
    for m in re.finditer(r"[;:]|\b(?:after|when|as|while|since|before|because|and)\b", text[s_start:t_start]):
        if m.group(0) == "and" and not re.search(r",\s*$", text[s_start : s_start + m.start()]):
            continue
        clause_start = s_start + m.end()
    candidates = [
        (i, m)
        for i, m in placed
        if clause_start <= m["start"] and m["end"] <= t_start
        and not _REFERENCE_POINT.search(text, max(clause_start, m["start"] - 30), m["start"])
    ]
    if not candidates:
        return []
    cities = [i for i, m in candidates if _is_city(m)]
    first = cities[0] if cities else candidates[0][0]
    tail = text[placed_end(candidates, first) : t_start]
    if len(tail) > 120:
        return []
    # a coordinated subject ("Rawa and Anah were retaken") takes all its members
    group = [first]
    for i, m in candidates:
        if i <= first:
            continue
        gap = text[placed_end(candidates, group[-1]) : m["start"]]
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?", gap):
            group.append(i)
    return group


_RELATIVE_OBJECT = re.compile(r",?\s*\b(?:which|that)\s+(?:[\w'’-]+\s+){0,6}$", re.IGNORECASE)


def _relative_antecedent(text: str, s_start: int, t_start: int, placed: list[tuple[int, dict]]) -> int | None:
    """ "Fallujah, which it seized in January": the object of a trigger in a relative clause is the
    town the clause hangs on (the head town of "Urozhaine in the Donetsk region, which...")."""
    hit = _RELATIVE_OBJECT.search(text, s_start, t_start)
    if hit is None:
        return None
    before = [(i, m) for i, m in placed if m["end"] <= hit.start() and hit.start() - m["end"] <= 60]
    if not before or not re.fullmatch(r"[^;:.]*", text[before[-1][1]["end"] : hit.start()]):
        return None
    towns = [i for i, m in before if _is_city(m) and _controllable(m)]
    return towns[-1] if towns else None


def placed_end(candidates: list[tuple[int, dict]], index: int) -> int:
    for i, m in candidates:
        if i == index:
            return m["end"]
    return 0


def _targets_end(article: _Article, targets: list[int], default: int) -> int:
    """Where the trigger's object ends: its last place, or the anaphor that stood for it."""
    if not targets:
        return default
    end = article.mentions[targets[-1]]["end"]
    return max(default, article.anaphor_end) if end < default else end


def _is_city(mention: dict) -> bool:
    code = (mention["place"].get("feature_code") or "").upper()
    return code.startswith("PPL") or code in (
        "STLMT",
        "CMP",
        "CMPRF",
        "AIRP",
        "AIRB",
        "MILB",
        "FT",
        "INSM",
        "CSTL",
        "PRT",
        "DAM",
        "BDG",
    )


def _controllable(mention: dict) -> bool:
    """Countries are never a control target (a country 'captured' is a figure of speech in news)."""
    code = (mention["place"].get("feature_code") or "").upper()
    return not code.startswith("PCL") and code not in (
        "CONT",
        "OCN",
        "SEA",
        "STM",
        "STMI",
        "GULF",
        "BAY",
        "LK",
    )


# ---------------------------------------------------------------------------------------------
# Actors around a trigger
# ---------------------------------------------------------------------------------------------


def _governed(text: str, s_start: int, pos: int) -> bool:
    """Is the span at ``pos`` the object of a preposition (or a possessor: "Russia's" is fine)?"""
    head = text[max(s_start, pos - 25) : pos]
    words = re.findall(r"[\w'’-]+", head)
    while words and words[-1].lower() in (
        "the",
        "a",
        "an",
        "its",
        "their",
        "some",
        "other",
        "remaining",
        "local",
        "allied",
    ):
        words.pop()
    if len(words) >= 2 and words[-2].lower() in _ALLEGIANCE:
        return False  # "forces loyal to Haftar", "fighters allied with the government": the real subject
    return bool(words) and words[-1].lower() in _PREPOSITIONS


_ALLEGIANCE = frozenset({"loyal", "allied", "aligned", "affiliated", "linked", "close"})


def _subject_before(text: str, s_start: int, t_start: int, matches: list[ActorMatch]) -> Actor | None:
    """The trigger's subject: the nearest ungoverned actor before it, heading its coordination."""
    before = [m for m in matches if s_start <= m.start and m.start < t_start]
    if len(before) > 1 and "," in text[s_start:t_start]:
        # actors inside a relative clause (", which has fought the government since 2007,") are not
        # the subject of the main verb
        inner = [r.span() for r in _RELATIVE_CLAUSE.finditer(text, s_start, t_start)]
        if inner:
            before = [m for m in before if not any(a <= m.start < b for a, b in inner)]
    chosen: int | None = None
    for i in range(len(before) - 1, -1, -1):
        if not _governed(text, s_start, before[i].start):
            chosen = i
            break
    if chosen is None:
        return None
    while chosen > 0:
        gap = text[before[chosen - 1].end : before[chosen].start]
        if re.fullmatch(
            r"[\s,()“”\"'’]*(?:(?:and|as well as|along with|alongside|together with|backed by|supported by|the|its|their|allied)[\s,()“”\"'’]*)*",
            gap,
            re.IGNORECASE,
        ):
            chosen -= 1
        else:
            break
    # prefer a state force heading a coalition ("Iraqi troops and Shiite militias")
    return before[chosen].actor


_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|that)\b[^,;]*,")


def _actor_after(matches: list[ActorMatch], pos: int, preps: tuple[str, ...], text: str) -> Actor | None:
    """The actor right after ``pos`` introduced by one of ``preps`` (or directly, when preps is empty)."""
    for match in matches:
        if match.start < pos:
            continue
        gap = text[pos : match.start].lower()
        if len(gap) > 45:
            return None
        words = re.findall(r"[\w'’-]+", gap)
        if not preps:
            if all(
                w in ("the", "a", "an", "by", "of", "to", "forces", "fighters", "militants", "its", "their")
                or _DATE_WORD.match(w)
                for w in words
            ):
                return match.actor
            return None
        for prep in preps:
            if prep in words and all(
                w
                in (
                    "the",
                    "a",
                    "an",
                    prep,
                    "last",
                    "on",
                    "early",
                    "late",
                    "this",
                    "forces",
                    "of",
                    "fighters",
                    "militants",
                )
                or _DATE_WORD.match(w)
                or w.isdigit()
                for w in words
            ):
                return match.actor
        return None
    return None


_DATE_WORD = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|overnight|morning|night|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|\d+)$"
)


def _actor_inside(matches: list[ActorMatch], start: int, end: int) -> Actor | None:
    for match in matches:
        if start < match.start < end:
            return match.actor
    return None


def _actor_nearby(text: str, matches: list[ActorMatch], t_start: int, t_end: int, s_end: int) -> Actor | None:
    """For nominal triggers ('the recapture of X'): an actor spanning the trigger or the first free one after."""
    for match in matches:
        if match.start <= t_start < match.end:
            return match.actor
    for match in matches:
        if match.start >= t_end and not _governed(text, t_end, match.start):
            return match.actor
    return None


def _pronoun_subject(text: str, s_start: int, t_start: int) -> bool:
    clause = text[s_start:t_start]
    return bool(
        re.search(
            r"\b(?:they|it|its\s+(?:forces|fighters|troops)|their\s+(?:forces|fighters|troops)|the\s+group|the\s+militants|the\s+rebels|the\s+jihadists)\b",
            clause,
            re.IGNORECASE,
        )
    )


def _is_generic(matches: list[ActorMatch], actor: Actor | None) -> bool:
    return actor is not None and not any(m.actor == actor and not m.generic for m in matches)


# ---------------------------------------------------------------------------------------------
# Non-control events
# ---------------------------------------------------------------------------------------------


def _code_other(
    article: _Article,
    sentence: str,
    start: int,
    end: int,
    placed: list[tuple[int, dict]],
    matches: list[ActorMatch],
    dates: list[DateMatch],
    context: list[DateMatch],
    controlled: set[int],
    carried: Actor | None,
    index: int,
) -> list[dict]:
    events = []
    seen_types: set[str] = set()
    first_hits: dict[int, re.Match[str]] = {}
    for event_index, trig in article.event_hits.get(index, []):
        if event_index not in first_hits or trig.start() < first_hits[event_index].start():
            first_hits[event_index] = trig
    for event_index in sorted(first_hits):
        _pattern, event_type, subtype = _EVENT_TRIGGERS[event_index]
        trig = first_hits[event_index]
        if event_type in seen_types:
            continue
        t_start, t_end = trig.start(), trig.end()
        clause_before = re.split(r"[;:]", article.text[max(start, t_start - 60) : t_start])[-1]
        if _NEGATION.search(clause_before) or _INTENT.search(clause_before):
            continue
        mention_index = _event_place(article.text, t_start, t_end, placed, start)
        inherited = False
        if mention_index is None and not placed and not controlled:
            mention_index = _inherited_place(article, index)
            inherited = True
        if mention_index is None or mention_index in controlled:
            continue
        actor1 = _subject_before(article.text, start, t_start, matches) or _actor_after(
            matches, t_end, ("by",), article.text
        )
        if actor1 is None and matches:
            actor1 = next((m.actor for m in matches if not _governed(article.text, start, m.start)), None)
        if actor1 is None and subtype in ("Armed clash", "Other", "Disrupted weapons use"):
            actor1 = carried
        actor2 = _second_actor(matches, actor1)
        if actor2 is None and actor1 is not None and subtype in ("Armed clash", "Other"):
            place_country = article.mentions[mention_index]["place"].get("country_code")
            actor2 = _opponent(article, actor1, place_country)
        when = _date_for(article, sentence, start, t_start, dates, context, None)
        if when is None:
            continue
        seen_types.add(event_type)
        event = _event(
            article,
            mention_index,
            when,
            (event_type, subtype),
            None,
            start,
            end,
            t_start,
            t_end,
            sentence,
            actor1=actor1,
            actor2=actor2,
        )
        if inherited:
            event["confidence"] = round(event["confidence"] - 0.25, 2)
        events.append(event)
    return events


def _event_place(
    text: str, t_start: int, t_end: int, placed: list[tuple[int, dict]], s_start: int
) -> int | None:
    """The trigger's object place, else the nearest place introduced by a locative preposition."""
    targets, _ = _forward_places(text, t_end, placed)
    if targets:
        return targets[0]
    best: tuple[int, int, int] | None = None
    for i, m in placed:
        head = re.findall(r"[\w'’-]+", text[max(s_start, m["start"] - 40) : m["start"]])
        head = [w.lower() for w in head if w.lower() not in _FILLER]
        if not head or head[-1] not in _LOCATIVES:
            continue
        code = (m["place"].get("feature_code") or "").upper()
        if code.startswith("PCL"):
            continue
        rank = 0 if _is_city(m) else 1
        distance = min(abs(m["start"] - t_end), abs(t_start - m["end"]))
        key = (rank, distance, i)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _inherited_place(article: _Article, index: int) -> int | None:
    """For placeless sentences: the main place of one of the three previous sentences."""
    for back in range(1, 4):
        j = index - back
        if j < 0:
            return None
        s, e = article.spans[j]
        if _CAPTION_LINE.search(article.text[s:e]):
            return None
        for i, m in article.placed_by_sentence[j]:
            code = (m["place"].get("feature_code") or "").upper()
            if _controllable(m) and (_is_city(m) or code in _AREA_CODES):
                return i
    return None


_AREA_CODES = frozenset({"RGN", "AREA", "VAL", "DSRT", "ADM1", "ADM2"})
_CAPTION_LINE = re.compile(
    r"^In this\b.*\b(?:photo|image|picture)|\((?:AP|AFP|Reuters|EPA)\s*Photo", re.IGNORECASE
)


def _second_actor(matches: list[ActorMatch], actor1: Actor | None) -> Actor | None:
    if actor1 is None:
        return None
    for match in matches:
        if match.actor.camp != actor1.camp and not _allied(match.actor, actor1):
            return match.actor
    return None


# ---------------------------------------------------------------------------------------------
# Dates and assembly
# ---------------------------------------------------------------------------------------------


def _date_for(
    article: _Article,
    sentence: str,
    s_start: int,
    t_start: int,
    dates: list[DateMatch],
    context: list[DateMatch],
    control: _Control | None,
) -> tuple[EventDate, bool] | None:
    """(date, carried) for a trigger: nearest date in its sentence, else the paragraph's, else P."""
    past = [d for d in dates if not d.future]
    if control is not None and control.kind == "change":
        past = [
            d for d in past
            if not _SINCE_BEFORE.search(sentence, 0, d.start) and not sentence[d.start : d.end].lower().startswith("since")
        ]
        rel = t_start - s_start
        if _AFTER_CLAUSE.search(sentence, max(0, rel - 80), rel):
            # "seven months after the militants overran X": an earlier event, dated only by a date
            # of its own clause ("a month after troops took back Anah, on Sept. 26")
            own = [d for d in past if d.start >= rel and _date_rank(sentence, rel, d)[0] == 0]
            return (own[0].value, False) if own else None
    if past and control is not None:
        rel = t_start - s_start
        # "the fall of X is a blow to a deal signed in Minsk last week": a date inside a relative or
        # participle clause after the trigger dates that clause's noun, not the trigger
        past = [d for d in past if d.start < rel or not _MODIFIER_CLAUSE.search(sentence, rel, d.start)]
    if past:
        rel = t_start - s_start
        nearest = min(past, key=lambda d: _date_rank(sentence, rel, d))
        return nearest.value, False
    if control is not None and control.kind == "holds":
        return (EventDate(article.published, "day"), False) if article.published else None
    carried = _carried_date(context)
    if carried is not None:
        return carried, True
    if article.published is None:
        return None
    if control is not None and _PLUPERFECT.search(article.text[max(s_start, t_start - 20) : t_start]):
        return None
    return EventDate(article.published, "day"), True


_MODIFIER_CLAUSE = re.compile(
    r"\b(?:which|who|whose|that|where)\b[^,;]*$"
    r"|\b(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:[a-z]+ed|made|held|won|struck|built|reached|signed|brokered|agreed)"
    r"\s+(?:in|at|by|with|between|on|last|earlier|this)\b[^,;]*$",
)


def _carried_date(context: list[DateMatch]) -> EventDate | None:
    """The last day-precision date of the previous sentence, as resolve_event_date carries it."""
    days = [d for d in context if d.value.precision == "day"]
    return days[-1].value if days and not days[-1].future else None


# "since 2016" dates the start of a state, not a change: never the date of a capture.
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _date_rank(sentence: str, rel: int, d: DateMatch) -> tuple[int, int, int]:
    """Nearest clause first; within one clause the most precise date wins ("in late June, on
    June 29": the day, not the month), then the nearest."""
    lo, hi = (d.end, rel) if d.end <= rel else (rel, d.start)
    boundaries = len(_CLAUSE_BOUNDARY.findall(sentence, lo, hi)) if hi > lo else 0
    return boundaries, _PRECISION_RANK.get(d.value.precision, 4), abs(hi - lo)


_CLAUSE_BOUNDARY = re.compile(r"[;]|,\s+(?:after|before|when|while|since|and|but)\b|\b(?:after|before|since)\b")


def _event(
    article: _Article,
    mention_index: int,
    when: tuple[EventDate, bool],
    subtype: str | tuple[str, str] | None,
    control: _Control | None,
    s_start: int,
    s_end: int,
    t_start: int,
    t_end: int,
    sentence: str,
    *,
    actor1: Actor | None = None,
    actor2: Actor | None = None,
) -> dict:
    mention = article.mentions[mention_index]
    place = mention["place"]
    event_date, carried = when
    date = event_date.date
    if control is not None:
        actor1, actor2 = control.gained_by, control.lost_by
        if control.kind == "change":
            event_type, sub = "Battles", subtype or "Armed clash"
        elif control.status == "contested":
            event_type, sub = "Battles", "Armed clash"
        else:
            event_type, sub = "Strategic developments", "Other"
    else:
        event_type, sub = subtype if isinstance(subtype, tuple) else ("Strategic developments", "Other")
    confidence = 0.85
    if control is not None:
        confidence -= 0.15 * control.inferred_gainer + 0.05 * control.generic_gainer + 0.1 * control.claimed
    confidence -= 0.1 * carried + 0.1 * (event_date.precision != "day")
    confidence -= (
        0.1 * (not _is_city(mention)) + 0.15 * (1 - float(mention.get("confidence", 1.0) or 0)) * 0.5
    )
    event = {
        "date": date.isoformat(),
        "date_precision": event_date.precision,
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1.as_json() if actor1 else None,
        "actor2": actor2.as_json() if actor2 else None,
        "place": place,
        "mention": mention_index,
        "control": None,
        "evidence": {"start": s_start, "end": s_end},
        "confidence": round(max(0.05, min(0.99, confidence)), 2),
        "summary": "",
        "fatalities": _fatalities(sentence),
        "_t_start": t_start,
        "_t_end": t_end,
    }
    if control is not None:
        event["control"] = {
            "gained_by": control.gained_by.as_json() if control.gained_by else None,
            "lost_by": control.lost_by.as_json() if control.lost_by else None,
            "status": control.status,
            "kind": control.kind,
            "claimed": control.claimed,
        }
    event["summary"] = _summary(event)
    return event


def _summary(event: dict) -> str:
    """A one-line English summary built from the coded fields (never copied text)."""
    place = event["place"].get("name") or "?"
    a1 = (event["actor1"] or {}).get("name")
    a2 = (event["actor2"] or {}).get("name")
    control = event["control"]
    when = event["date"] + ("" if event["date_precision"] == "day" else f" ({event['date_precision']})")
    if control and control["kind"] == "change":
        line = f"{a1 or 'Unknown actor'} takes control of {place}" + (f" from {a2}" if a2 else "")
    elif control and control["status"] == "besieged":
        line = f"{a1 or 'Unknown actor'} besieges {place}"
    elif control and control["status"] == "contested":
        line = f"Fighting for {place}" + (f" involving {a1}" if a1 else "") + (f" and {a2}" if a2 else "")
    elif control:
        verb = "has a presence in" if control["status"] == "presence" else "holds"
        line = f"{a1 or 'Unknown actor'} {verb} {place}"
    else:
        line = (
            f"{event['sub_event_type']} in {place}"
            + (f" by {a1}" if a1 else "")
            + (f" against {a2}" if a2 else "")
        )
    if control and control.get("claimed"):
        line += " (claimed)"
    return f"{when}: {line}"


def _fatalities(sentence: str) -> int | None:
    match = _FATALITIES.search(sentence)
    if not match:
        return None
    raw = " ".join((match["a"] or match["b"]).lower().split())
    return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)


def _coarse_change_of(events: list[dict], mention: dict) -> bool:
    """Is the place's change so far in this sentence dated only to a week or month (so a second
    trigger with a day date may still date it: "took back X last week, which it had freed on Aug. 16")?"""
    key = _place_key({"place": mention["place"]})
    return any(
        e["control"] and e["control"]["kind"] == "change" and _place_key(e) == key and e["date_precision"] != "day"
        for e in events
    )


_PERIOD_DAYS = {"week": 7, "month": 31, "year": 366}


def _prefer_day_dates(events: list[dict]) -> list[dict]:
    """One change seen twice in an article ("in August" and "on Aug. 21", or "last week" and "on
    Aug. 16") keeps its day-precision date: a coarse change of a place is dropped when the same
    gainer's day-precision change of that place falls within (or a week either side of) its period."""
    days: dict[tuple, list[dt.date]] = {}
    for e in events:
        c = e["control"]
        if c and c["kind"] == "change" and e["date_precision"] == "day" and c["gained_by"]:
            days.setdefault((_place_key(e), c["gained_by"]["name"]), []).append(dt.date.fromisoformat(e["date"]))
    if not days:
        return events
    kept = []
    for e in events:
        c = e["control"]
        if c and c["kind"] == "change" and e["date_precision"] in _PERIOD_DAYS and c["gained_by"]:
            start = dt.date.fromisoformat(e["date"])
            span = _PERIOD_DAYS[e["date_precision"]]
            near = days.get((_place_key(e), c["gained_by"]["name"]), [])
            if any(-7 <= (d - start).days < span + 7 for d in near):
                continue
        kept.append(e)
    return kept


def _reconcile(events: list[dict]) -> list[dict]:
    """One article, one story per place: drop duplicates and holds that contradict a change."""
    events = _prefer_day_dates(events)
    changes: dict[object, list[dict]] = {}
    for event in events:
        if event["control"] and event["control"]["kind"] == "change":
            changes.setdefault(_place_key(event), []).append(event)
    kept: list[dict] = []
    seen: set[tuple] = set()
    for event in events:
        control = event["control"]
        key = _place_key(event)
        if control and control["kind"] == "holds" and key in changes:
            gainers = {(c["control"]["gained_by"] or {}).get("name") for c in changes[key]}
            if (control["gained_by"] or {}).get("name") not in gainers:
                continue
        if (
            control
            and control["kind"] == "change"
            and len(changes.get(key, [])) > 1
            and event["confidence"] < 0.7
        ):
            # only a same-day contradiction: changes on different days are a sequence, not a conflict
            # ("Russian forces had seized Lyman in May" and "Ukraine retook it on Saturday")
            others = [
                c for c in changes[key]
                if c is not event and c["confidence"] > event["confidence"] and c["date"] == event["date"]
            ]
            if any(
                (c["control"]["gained_by"] or {}).get("name") != (control["gained_by"] or {}).get("name")
                for c in others
            ):
                continue  # an undated or weak background change that contradicts a firmer one
        signature = (
            event["date"],
            event["sub_event_type"],
            key,
            (event["actor1"] or {}).get("name"),
            (control or {}).get("kind"),
        )
        if signature in seen:
            continue
        seen.add(signature)
        kept.append(event)
    for event in kept:
        event.pop("_t_start", None)
        event.pop("_t_end", None)
    return kept


def _place_key(event: dict) -> object:
    place = event["place"]
    return (
        place.get("id") or place.get("geonames_id") or (place.get("name"), place.get("lat"), place.get("lon"))
    )
