"""The trigger lexicon and the per-article trigger scan.

Control triggers come in families (capture, fell, loss, hold_bwd, besiege, contest, hold); the family
decides where the place and the actors are looked for (see ``control``). Event triggers map to an
ACLED (event_type, sub_event_type). Patterns are matched on the lower-cased text, and only where a
trigger stem starts a word: most sentences have none and are never coded.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import ahocorasick

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
    r"in\s+the\s+hands\s+of|"
    # "under government control", "in rebel hands", "under Taliban control": the holder is the adjective
    r"under\s+(?:full\s+|firm\s+)?(?!the\b|its\b|their\b|his\b|her\b)[\w'’.-]+\s+control|"
    r"in\s+(?!the\b|its\b|their\b|his\b|her\b)[\w'’.-]+\s+hands"
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

CONTROL_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
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
EXPULSION = re.compile(rf"\b(?:{_EXPEL})\b", re.IGNORECASE)
EXPULSION_FROM = re.compile(r"\b(?:out\s+of|from|out\s+from)\b", re.IGNORECASE)
# "IS-held Raqqa", "Russian-occupied Melitopol": a holder glued to the place's adjective.
HELD_PREFIX = re.compile(r"-(?:held|controlled|occupied|run|besieged)\b", re.IGNORECASE)

# Non-control events: (pattern, event_type, sub_event_type). First match in a sentence wins per type.
EVENT_TRIGGERS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
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
# Common words that open a few control patterns only ("has a presence in", "in the hands of", "raised
# the flag over", "fled", "laid siege to"): where one of these alone starts a word, only those
# families are tried, not every pattern.
_NARROW_STEMS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("in", "under"), frozenset({"hold_bwd", "hold"})),
    **dict.fromkeys(("has", "have", "had", "keeps", "maintain", "still"), frozenset({"hold"})),
    **dict.fromkeys(("laid", "lay"), frozenset({"besiege"})),
    **dict.fromkeys(("reached", "offensive"), frozenset({"contest"})),
    **dict.fromkeys(
        ("won", "assumed", "established", "raised", "hoisted", "declared", "announced"),
        frozenset({"capture"}),
    ),
    "fled": frozenset({"loss"}),
}
_STEMS = ahocorasick.Automaton()
for _stem in (*_TRIGGER_STEMS, *_NARROW_STEMS):
    _STEMS.add_word(_stem, (len(_stem), _NARROW_STEMS.get(_stem)))
_STEMS.make_automaton()


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
    """Trigger matches by sentence. Patterns are tried only where a trigger stem starts a word
    (Aho-Corasick) instead of running every pattern over the whole text; each
    word start is tried once even when several stems begin there ("take", "taken", "take over")."""
    starts = [start for start, _ in spans]
    hits = TriggerHits()
    for held in HELD_PREFIX.finditer(lowered):
        k = bisect.bisect_right(starts, held.start()) - 1
        if k >= 0:
            hits.other.add(k)
    for begin, narrow in _stem_starts(lowered):
        k = bisect.bisect_right(starts, begin) - 1
        if k < 0 or begin >= spans[k][1]:
            continue
        limit = spans[k][1]
        if narrow is None and EXPULSION.match(lowered, begin, limit):
            hits.other.add(k)
        for family_index, (family, pattern) in enumerate(CONTROL_TRIGGERS):
            if narrow is not None and family not in narrow:
                continue
            match = pattern.match(lowered, begin, limit)
            if match:
                hits.control.setdefault(k, []).append((family_index, match))
        if narrow is not None:
            continue
        for event_index, (pattern, _type, _subtype) in enumerate(EVENT_TRIGGERS):
            match = pattern.match(lowered, begin, limit)
            if match:
                hits.events.setdefault(k, []).append((event_index, match))
    return hits


def _stem_starts(lowered: str) -> list[tuple[int, frozenset[str] | None]]:
    """(offset, families) where a trigger stem starts a word, each offset once, in text order;
    families is None (try every pattern) unless only narrow stems start there."""
    found: dict[int, frozenset[str] | None] = {}
    for end_index, (length, narrow) in _STEMS.iter(lowered):
        begin = end_index - length + 1
        if begin > 0 and lowered[begin - 1].isalnum():
            continue
        if begin not in found:
            found[begin] = narrow
        elif found[begin] is not None:
            found[begin] = None if narrow is None else found[begin] | narrow
    return sorted(found.items())
