"""Places below the gazetteer: airports, bases, dams, bridges, districts and villages cities500 lacks.

News names many control targets the gazetteer does not hold: "Khartoum international airport", "the
airport of Kidal", "the Republican Palace", "the presidential palace in Sanaa", "the al-Jarrah
airfield in Aleppo province", "the villages of al-Salamiyah and Twajnah, some 20km southeast of
Mosul", "Nad Ali district". Dropping them loses the fact; placing them
on their container town outright ("seized the airport of X" as "seized X") tells the map a town fell
when only its airport did. So each becomes a *derived* place of its own, placed at the container the
text names (moved by the distance and bearing when the text gives them), marked ``approximate`` with
its container, and ACLED's geo_precision 2 (near a town) or 3 (somewhere in a region).

They are built once per article as pseudo-mentions appended after the geoparser's mentions
(``derived_mentions``), so every rule that finds a trigger's places (objects, lists, passive
subjects, anaphors) treats them like any other place. The geoparser's own mentions are never changed:
a derived mention only shadows, in its sentence, the mention of its container that it contains
("Khartoum" inside "Khartoum airport"), and a village name the geoparser resolved to another country
than the container the text gives ("al-Makman village in Hasaka province" read as a town in Myanmar).

Pure Python; every cue is a word list or a pattern here, general to any conflict.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

import ahocorasick

from events.extraction.feature_codes import (
    ADM1,
    ADM2,
    ADM3,
    ADMIN_PREFIX,
    AREA,
    COUNTRY_PREFIX,
    PPL,
    PPLX,
    REGION,
    SETTLEMENT_PREFIX,
)

from ..text import fold

# What a facility is called, by the word news uses: (pattern, canonical noun, GeoNames feature code).
_FACILITIES: tuple[tuple[str, str, str], ...] = (
    (r"(?:international\s+|military\s+|civilian\s+|main\s+)?(?:airport|air\s+port)", "airport", "AIRP"),
    (r"(?:military\s+)?(?:air\s*base|air\s*field|airstrip|air\s+force\s+base)", "air base", "AIRB"),
    (r"(?:military\s+|army\s+|naval\s+)?base", "base", "MILB"),
    (r"(?:military\s+|army\s+)?(?:barracks|garrison|cantonment)", "barracks", "MILB"),
    (r"dam", "dam", "DAM"),
    (r"bridge", "bridge", "BDG"),
    (r"(?:steel\s*works|steel\s+plant|iron\s+and\s+steel\s+works)", "steelworks", "MFG"),
    (r"(?:oil\s+)?refinery", "refinery", "MFG"),
    (r"(?:power\s+plant|power\s+station|thermal\s+plant)", "power plant", "PS"),
    (r"(?:grand\s+)?mosque", "mosque", "MSQE"),
    (r"(?:presidential\s+|royal\s+)?palace", "palace", "PAL"),
    (r"(?:border\s+)?crossing", "crossing", "PSTB"),
    (r"hill\s*top|hill", "hill", "HLL"),
)
_FACILITY_WORD = "|".join(f"(?:{p})" for p, _, _ in _FACILITIES)
_FACILITY_CANON = [(re.compile(rf"(?:{p})$", re.IGNORECASE), noun, code) for p, noun, code in _FACILITIES]
# A settlement word after or before a name the gazetteer lacks.
_SETTLEMENT = r"villages?|hamlets?|settlements?|towns?|localit(?:y|ies)"
_SETTLEMENT_AFTER = r"villages?|hamlets?|towns?"  # "Abu Zaneh village", "Maw Luu town" (misread names only)
_DISTRICT = r"districts?|sub-?districts?|townships?|neighbou?rhoods?|quarters?|suburbs?"

# One name: capitalised words, with Arabic articles and joined particles ("al-Salamiyah", "Tel al-Shur",
# "Abu Khanadiq Shimali", "Ortta-Kharab", "Kherbat Um Rajoum").
_PARTICLE = r"(?:al|el|ad|ar|as|an|ash|at|az|ath|ed|er|es|ez|bin|ibn|um|umm|bani|beni|de|du|la|le|e|i|ye|wa)"
_WORD = r"[A-Z](?:\w|['’‘](?!s\b))+"  # a capitalised word, not its possessive "'s"
_NAME = rf"(?:{_PARTICLE}[-‑’'])?{_WORD}(?:(?:-|\s)(?:{_PARTICLE}[-‑’'\s])?{_WORD}){{0,3}}"
_NAME_RE = re.compile(_NAME)
# Capitalised words that are never a place name of their own.
_NOT_NAMES = frozenset(
    """
    the a an and or but in on at of to by from with for as this that these those his her its their our
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december state army government forces troops rebels militants
    islamic police military national federal northern southern eastern western central north south east
    west upper lower new old greater great
    """.split()
)

# "the villages of A, B and C", "four villages, namely A, B and C", "the village of A"
_LIST_HEAD = re.compile(
    rf"\b(?:(?:{_SETTLEMENT}|{_DISTRICT})\s*(?:,\s*)?(?:of|namely|including|such\s+as|:)\s+(?:the\s+)?"
    rf"|(?:villages?|settlements?|hamlets?|heights?|hill(?:top)?s?)\s+(?=[A-Z])"  # "the villages Seysulan,
    # Talish and Madagiz", "an important height Lala Tepe"
    rf"|(?:{_SETTLEMENT}|territories|areas)\b[^.:;\n]{{0,60}}?:\s+)",  # "the territories occupied by X: A, B"
    re.IGNORECASE,
)
# "Russia's Belgorod Oblast", "Myanmar's western Chin state": a country owning the region that follows.
_COUNTRY_OWNS = re.compile(
    r"(?:'s|’s)\s+(?:(?:northern|southern|eastern|western|central|north|south|east|west|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|restive|border)\s+)*",
    re.IGNORECASE,
)
_SETTLEMENT_HEAD = re.compile(rf"(?:{_SETTLEMENT})\b", re.IGNORECASE)
# A name with its kind in apposition: "Af Urur, a strategic town", "Awasse -- a small but strategic town".
_APPOSED_NOUN = re.compile(r"(?:town|village|settlement|hamlet|locality)", re.IGNORECASE)
_APPOSED_NAME = re.compile(rf"(?<![\w-])({_NAME})\s*(?:,|--|—|–)\s*(?:a|an)\s+(?:[\w'’-]+\s+){{0,4}}?$")
# "A, B villages (Fuzuli district), C and D villages (Jabrayil district)": a list runs on past the
# settlement noun and the bracketed container of its first part.
_BRACKET_AFTER = re.compile(rf"(?:\s+(?:{_SETTLEMENT_AFTER}))?\s*\(")
_LIST_SEP = re.compile(
    rf"(?:\s+(?:{_SETTLEMENT_AFTER}))?(?:\s*\([^()\n]{{1,40}}\))?"
    r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?"
)
# "A village", "A hilltop", "Nad Ali district", "Khartoum international airport", "the al-Jarrah airfield"
_SUFFIX = re.compile(
    rf"\s+(?P<noun>{_SETTLEMENT_AFTER}|{_DISTRICT}|{_FACILITY_WORD})\b(?!-)", re.IGNORECASE
)
_TYPE_AFTER = re.compile(r"\s+(province|region|governorate|state|oblast|city|town)\b", re.IGNORECASE)
_TYPE_BEFORE = re.compile(r"\b(?:city|town)\s+of\s+$", re.IGNORECASE)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|its|their)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
# "the airport of X", "the military airport in X", "the army base near X"; "X's airport"
_OF_TOWN = re.compile(r"\s+(?:of|in|at|near|outside|serving)\s+(?:the\s+(?:city|town)\s+of\s+)?", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?$")
# Where a derived name's container stands after it: ", some 20km southeast of Mosul", "near X", "in X".
_CONTAINER_GAP = re.compile(
    r"^[\s,()]*(?:(?:headquarters|hq|centre|center|compound|base|offices?)\s+)?(?:(?:which|that|who)\s+(?:is|are|was|were|lies|lie)\s+)?(?:located\s+|situated\s+|lying\s+|just\s+)?"
    r"(?:(?:some|about|around|roughly|nearly|approximately|almost|over|only|less\s+than|more\s+than|up\s+to)\s+)?"
    r"(?:(?P<dist>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>km|kms|kilomet(?:er|re)s?|miles?|mi)\b\s*(?:\([^)]{0,20}\)\s*)?(?:by\s+road\s+)?)?"
    r"(?:(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern|erly)?\s+"
    r"(?:of|from)|(?P<rel>near|outside|in|inside|close\s+to|on\s+the\s+outskirts\s+of|at|around|of))\s+"
    # "in Indaw Township, northern Sagaing Region": a sub-area on the way to the container
    r"(?:(?:[A-Z][\w'’-]+\s+){1,3}(?:township|district|county|sub-?district)\s*,\s*"
    r"(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?)?"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:(?:city|town|province|district|region|governorate|state|area|countryside)"
    r"\s+of\s+)?$",
    re.IGNORECASE,
)
_BEARINGS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}  # fmt: skip
_KM_PER_DEGREE = 111.32
_NUDGE_DEGREES = 0.01  # about 1.1 km north of the container, for a site placed at it
# A garrison "in X" is how news says X's garrison fell: the town itself is taken (coding.places).
_GARRISONS = frozenset({"base", "barracks"})
_IN_TOWN = re.compile(r"[\s,]*(?:in|at|inside)\s", re.IGNORECASE)
_CUE = re.compile(rf"(?:{_SETTLEMENT}|{_DISTRICT}|{_FACILITY_WORD}|territories|areas|heights?)\b", re.IGNORECASE)
# The head nouns of the cues, found in one Aho-Corasick pass (a regex alternation over the whole text
# costs more than the rest of this module); the modifiers before them are matched at each hit.
_HEADS = (
    "village villages hamlet hamlets settlement settlements town towns locality localities district districts "
    "subdistrict subdistricts sub-district sub-districts neighbourhood neighborhood neighbourhoods "
    "neighborhoods quarter quarters suburb suburbs airport port airbase base airfield field airstrip barracks "
    "garrison cantonment dam bridge steelworks works plant refinery station mosque palace crossing hilltop top hill "
    "territories areas township townships height heights"
).split()
_HEAD_AUTOMATON = ahocorasick.Automaton()
for _head in _HEADS:
    _HEAD_AUTOMATON.add_word(_head, len(_head))
_HEAD_AUTOMATON.make_automaton()
_REGION_CODES = (ADM1, ADM2, ADM3, COUNTRY_PREFIX, REGION, AREA)


def derived_mentions(
    text: str,
    mentions: list[dict],
    actor_spans: Sequence[tuple[int, int]] = (),
    datelines: AbstractSet[int] = frozenset(),
) -> tuple[list[dict], set[int], set[int]]:
    """Pseudo-mentions of the places below the gazetteer the text names, each with a derived place
    (see the module docstring) and ``container`` (the index of its container mention); the indices of
    the geoparser's mentions they shadow, and of those among them it resolved to another country than
    their container (misreadings). A name that is an actor's (``actor_spans``: "a key al-Shabaab base")
    is no place; a dateline (``datelines``) is no container. Cheap when the text has no cue word."""
    cues = _cues(text)
    if not cues:
        return [], set(), set()
    scan = _Scan(text, _typed_view(text, mentions), actor_spans, datelines)
    # every step starts from a cue word found in one pass, so a text costs little beyond that pass
    spaced = [(cue, _spaces_before(text, cue.start())) for cue in cues]
    # 1. a facility named after its town: "Khartoum international airport", "Kabul's airport", "the
    #    airport of Kidal", and a district named after its town ("Nad Ali district")
    for cue, space in spaced:
        if not scan.town_then_noun(cue, space):
            scan.noun_of_town(cue)
    # 2. names the gazetteer lacks, after a settlement word or before one: "the villages of A and B",
    #    "A village", "the al-Jarrah airfield", each placed at the container the text gives after them
    for cue, _space in spaced:
        scan.listed_names(cue)
    for cue, _space in spaced:
        scan.apposed_name(cue)
    for cue, space in spaced:
        scan.name_then_noun(cue, space)
    if not scan.found:
        return [], set(), set()
    scan.found.sort(key=lambda m: m["start"])
    return scan.found, scan.shadowed, scan.foreign & scan.shadowed


def _spaces_before(text: str, pos: int) -> int:
    """Where the spaces and tabs just before ``pos`` start (``pos`` itself when there are none): a
    cue glued to the name before it ("Kidal airport") is told from one that starts a phrase."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos


class _Scan:
    """The state ``derived_mentions``' steps share over one article: the mentions (typed view), those
    resolved (with their starts and an index by either end), and what the steps found so far (the
    derived mentions, the spans they take, the mentions they shadow and those misread abroad). Each
    step is a method reading one cue; ``add`` is the one door a derived mention comes in by."""

    def __init__(
        self, text: str, mentions: list[dict], actor_spans: Sequence[tuple[int, int]], datelines: AbstractSet[int]
    ) -> None:
        self.text = text
        self.mentions = mentions
        self.actor_spans = actor_spans
        self.resolved = [(i, m) for i, m in enumerate(mentions) if m.get("place") and i not in datelines]
        self.starts = [m["start"] for _, m in self.resolved]
        self.by_end = {m["end"]: i for i, m in self.resolved}
        self.by_start = {m["start"]: i for i, m in self.resolved}
        self.found: list[dict] = []
        self.shadowed: set[int] = set()
        self.foreign: set[int] = set()
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        """Is the span clear of every derived mention found so far (the first step to claim it wins)?"""
        return not any(start < b and a < end for a, b in self.taken)

    def add(
        self, name: str, start: int, end: int, noun: str | None, container: int | None, gap: str = "", loose: bool = False
    ) -> None:
        """Record a derived mention, unless it has no container, overlaps one already found, or
        overlaps an actor's name outside its container ("a key al-Shabaab base" is no place)."""
        if container is None or not self.free(start, end):
            return
        host = self.mentions[container]
        if any(
            a < end and start < b and not (host["start"] <= a and b <= host["end"]) for a, b in self.actor_spans
        ):
            return
        self.found.append(_pseudo(name, start, end, noun, container, host, gap, loose))
        self.taken.append((start, end))
        self.shadowed.update(i for i, m in self.resolved if start <= m["start"] and m["end"] <= end)

    def own(self, start: int, end: int) -> int | None:
        """The geoparser's mention of exactly this name, if any."""
        return _own_mention(self.resolved, self.starts, start, end)

    def container_after(self, pos: int, begin: int | None = None) -> tuple[int | None, str, bool]:
        """(index, gap, loose) of the container after ``pos`` (see ``_container_after``)."""
        return _container_after(self.text, pos, self.resolved, self.starts, begin)

    def overlaps_resolved(self, start: int, end: int) -> bool:
        """Does the span overlap a place the geoparser resolved?"""
        return any(m["start"] < end and start < m["end"] for _, m in self.resolved)

    def misread(self, own: int | None, container: int | None, gap: str, settlement: bool = False) -> bool:
        """May a name the geoparser resolved (``own``) still become a derived place? Only when the
        container the text names after it (``gap``) puts it in another country: it is then recorded
        as misread. A name it left alone (``own`` None) always may."""
        if own is None:
            return True
        if not (gap and _foreign(self.mentions[own], container, self.mentions, settlement)):
            return False  # the gazetteer's place, unless the container the text names says otherwise
        self.foreign.add(own)
        return True

    def town_then_noun(self, cue: re.Match[str], space: int) -> bool:
        """Step 1, a town's name then the cue: "Khartoum international airport", "Nad Ali district".
        True when the cue is settled here (the later readings of step 1 are then skipped)."""
        index = self.by_end.get(space) if space < cue.start() else None
        if index is None or not _usable_container(self.mentions[index]):
            return False
        mention = self.mentions[index]
        suffix = _SUFFIX.match(self.text, mention["end"])
        if suffix is None:
            return False
        noun = _canonical(suffix["noun"])[0]
        if noun is not None:
            after, gap, _ = self.container_after(suffix.end())
            if gap and _foreign(mention, after, self.mentions):
                # "the al-Jarrah airfield in Aleppo province" with al-Jarrah read as a town in Iran
                self.foreign.add(index)
                self.add(f"{mention['text']} {noun}", mention["start"], suffix.end(), suffix["noun"], after, gap)
            else:
                self.add(f"{_short(mention)} {noun}", mention["start"], suffix.end(), suffix["noun"], index)
            return True
        if not suffix["noun"].lower().startswith("district"):
            return False
        # a town's district is the town for the map (its centre, where control is told); a district
        # named after something else is a place of its own
        if not (mention["place"].get("feature_code") or "").upper().startswith((ADMIN_PREFIX, SETTLEMENT_PREFIX)):
            self.add(f"{mention['text']} district", mention["start"], suffix.end(), "district", index)
        return True

    def noun_of_town(self, cue: re.Match[str]) -> None:
        """Step 1, the facility then its town: "Kabul's airport", "the airport of Kidal"."""
        noun = _canonical(cue.group(0))[0]
        if noun is None:
            return
        text, mentions = self.text, self.mentions
        possessive = _POSSESSIVE_BEFORE.search(text, max(0, cue.start() - 40), cue.start())
        owner = self.by_end.get(possessive.start()) if possessive else None
        if owner is not None and _usable_container(mentions[owner]):
            self.add(f"{_short(mentions[owner])} {noun}", mentions[owner]["start"], cue.end(), cue.group(0), owner)
            return
        if noun in _GARRISONS:
            return  # "the army's 16th Infantry Division base in Nyala": the garrison stands for its town
        of = _OF_TOWN.match(text, cue.end())
        host = self.by_start.get(of.end()) if of else None
        # "the airport of Kidal" is Kidal's airport; "a strategic hill in Qalamoun region" is somewhere in it
        definite = _DEFINITE_BEFORE.search(text, max(0, cue.start() - 30), cue.start())
        town = host is not None and (mentions[host]["place"].get("feature_code") or "").upper().startswith(SETTLEMENT_PREFIX)
        if host is not None and definite and town and _usable_container(mentions[host]):
            self.add(f"{_short(mentions[host])} {noun}", cue.start(), mentions[host]["end"], cue.group(0), host)

    def listed_names(self, cue: re.Match[str]) -> None:
        """Step 2, names after a settlement word: "the villages of A and B", "four villages, namely A,
        B and C", each part of a bracketed list at its own container."""
        text = self.text
        head = _LIST_HEAD.match(text, cue.start())
        if head is None:
            return
        names = _name_list(text, head.end())
        if not names:
            return
        whole = self.container_after(names[-1][1], names[0][0])
        typed = bool(_SETTLEMENT_HEAD.match(head.group(0)))
        for group in _bracketed_groups(text, names):
            # "A, B villages (Fuzuli district), C and D villages (Jabrayil district)": each part in its own
            container, gap, loose = (
                self.container_after(group[-1][1], group[0][0]) if _BRACKET_AFTER.match(text, group[-1][1]) else whole
            )
            for start, end in group:
                if self.misread(self.own(start, end), container, gap, typed):
                    self.add(text[start:end], start, end, None, container, gap, loose)

    def apposed_name(self, cue: re.Match[str]) -> None:
        """Step 2, a name with its kind in apposition: "recaptured Af Urur, a strategic town from al
        Shabaab", "Awasse -- a small but strategic town"."""
        if not _APPOSED_NOUN.fullmatch(cue.group(0)):
            return
        apposed = _APPOSED_NAME.search(self.text, max(0, cue.start() - 90), cue.start())
        if apposed is None or apposed.group(1).split()[0].lower() in _NOT_NAMES:
            return
        start, end = apposed.span(1)
        own = self.own(start, end)
        if own is None and self.overlaps_resolved(start, end):
            return
        container, gap, loose = self.container_after(cue.end(), start)
        if self.misread(own, container, gap):
            self.add(self.text[start:end], start, end, None, container, gap, loose)

    def name_then_noun(self, cue: re.Match[str], space: int) -> None:
        """Step 2, a name the gazetteer lacks before a settlement, district or facility word: "Abu
        Zaneh village", "the al-Jarrah airfield", "Paletwa Township"."""
        text = self.text
        suffix = _SUFFIX.match(text, space) if space < cue.start() else None
        name = _name_before(text, space) if suffix is not None else None
        if suffix is None or name is None:
            return
        start, end = name
        own = self.own(start, end)
        if own is None and self.overlaps_resolved(start, suffix.end()):
            return  # a gazetteer name of its own ("al-Watiya air base"), or one glued to another
        container, gap, loose = self.container_after(suffix.end(), start)
        if not self.misread(own, container, gap):
            return
        noun = suffix["noun"]
        if own is None and noun.lower() in ("town", "towns"):
            return  # "a Syrian town", "the Christian town": only a misread name is a town of its own here
            # (a township is a district: "Chin State's Paletwa Township" is a place of its own)
        canonical = _canonical(noun)[0]
        if canonical in _GARRISONS and _IN_TOWN.match(gap):
            return  # "the Western Command base in the town of Ann": the town is taken
        label = text[start:end] + (f" {canonical}" if canonical else "")
        if noun.lower().startswith(("district", "sub")):
            label = f"{text[start:end]} district"
        self.add(label, start, suffix.end(), noun, container, gap, loose)


def _typed_view(text: str, mentions: list[dict]) -> list[dict]:
    """The mentions, with those the geoparser left unresolved but the text types ("in Raqqa province",
    "the city of X") read as their best candidate of that type: enough to place a village in, though
    not a place of the article's own (the geoparser's list is left as it is)."""
    view = mentions
    for i, mention in enumerate(mentions):
        if mention.get("place") or not mention.get("candidates"):
            continue
        after = _TYPE_AFTER.match(text, mention["end"])
        before = _TYPE_BEFORE.search(text, max(0, mention["start"] - 25), mention["start"])
        if not (after or before):
            continue
        region = after is not None and not after.group(1).lower().startswith(("city", "town"))
        fits = [
            c
            for c in mention["candidates"]
            if (c.get("feature_code") or "").upper().startswith(ADM1 if region else SETTLEMENT_PREFIX) and c.get("lat") is not None
        ]
        if not fits:
            continue
        best = max(fits, key=lambda c: c.get("score") or 0.0)
        if view is mentions:
            view = list(mentions)
        view[i] = {**mention, "place": {k: v for k, v in best.items() if k != "score"}}
    return view


def _cues(text: str) -> list[re.Match[str]]:
    """The cue words of a text ("villages", "international airport", "air base"), in text order, each
    with its modifiers: a head noun found by the automaton, then the cue pattern tried from up to two
    words before it."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text
    cues: list[re.Match[str]] = []
    last_end = -1
    for end_index, length in _HEAD_AUTOMATON.iter(lowered):
        end = end_index + 1
        start = end - length
        if (start and lowered[start - 1].isalnum()) or (end < len(lowered) and lowered[end].isalnum()):
            continue
        best = None
        pos = start
        for _ in range(3):
            hit = _CUE.match(text, pos)
            if hit is not None and hit.end() == end and pos > last_end:
                best = hit
            pos = text.rfind(" ", max(0, pos - 30), max(0, pos - 1)) + 1
            if pos <= 0:
                break
        if best is not None:
            cues.append(best)
            last_end = best.end()
    return cues


def _pseudo(
    name: str, start: int, end: int, noun: str | None, container: int, host: dict, gap: str, loose: bool = False
) -> dict:
    """A mention-shaped record of a derived place (Extraction JSON §4 place fields plus ``approximate``
    and ``container``), at the container's point moved by the distance and bearing of ``gap``."""
    place = host["place"]
    lat, lon = float(place["lat"]), float(place["lon"])
    moved = _offset(lat, lon, gap)
    if moved == (lat, lon):
        # a hair from the container, not on it: the map and any nearest-place lookup keep "the airport
        # of X" and X apart (a site is rarely at its town's centre point anyway)
        moved = (lat + _NUDGE_DEGREES, lon)
    code = _canonical(noun)[1] if noun else PPL
    if noun and re.match(_DISTRICT, noun, re.IGNORECASE):
        code = ADM3 if noun.lower().startswith("district") else PPLX
    container_code = (place.get("feature_code") or "").upper()
    regional = container_code.startswith(_REGION_CODES)
    derived = {
        "id": None,
        "geonames_id": None,
        "name": " ".join(name.split()),
        "feature_code": code,
        "country_code": place.get("country_code"),
        "admin1": place.get("admin1") if not container_code.startswith(ADM1) else place.get("name"),
        "lat": round(moved[0], 5),
        "lon": round(moved[1], 5),
        "approximate": True,
        "geo_precision": 3 if loose or (regional and not _moved(gap)) else 2,
        "container": {k: v for k, v in place.items() if k not in ("container", "score")},
    }
    return {
        "text": name,
        "start": start,
        "end": end,
        "confidence": round(0.8 * float(host.get("confidence") or 1.0), 2),
        "place": derived,
        "container": container,
    }


def _moved(gap: str) -> bool:
    """Does a gap give a distance and a bearing ("20 km south of")?"""
    hit = _CONTAINER_GAP.match(gap) if gap else None
    return bool(hit and hit["dist"] and hit["dir"])


def _offset(lat: float, lon: float, gap: str) -> tuple[float, float]:
    """The point ``dist`` km along the bearing a gap names ("20 km south of"); the point itself otherwise."""
    hit = _CONTAINER_GAP.match(gap) if gap else None
    if hit is None or not hit["dist"] or not hit["dir"]:
        return lat, lon
    km = float(hit["dist"]) * (1.609 if hit["unit"].lower().startswith("mi") else 1.0)
    bearing = math.radians(_BEARINGS[hit["dir"].lower().replace("-", "")])
    dlat = km * math.cos(bearing) / _KM_PER_DEGREE
    dlon = km * math.sin(bearing) / (_KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lat + dlat, lon + dlon


def _canonical(noun: str | None) -> tuple[str | None, str]:
    """(canonical facility noun, feature code) of a facility word; (None, "PPL") for a settlement word."""
    if not noun:
        return None, PPL
    folded = " ".join(noun.lower().split())
    for pattern, canonical, code in _FACILITY_CANON:
        if pattern.fullmatch(folded):
            return canonical, code
    return None, PPL


def _short(mention: dict) -> str:
    """The container's name as the gazetteer spells it (one key for "X airport" and "the airport of X")."""
    return mention["place"].get("name") or mention["text"]


# Feature codes of places that are already a site of their own (a curated air base, a dam): no site inside.
_SITE_CODES = frozenset({"AIRP", "AIRB", "AIRF", "MILB", "DAM", "BDG", "MFG", "PS", "MSQE", "PAL", "PSTB", "HLL", "INSM", "FT"})


def _usable_container(mention: dict) -> bool:
    code = (mention["place"].get("feature_code") or "").upper()
    return not code.startswith(COUNTRY_PREFIX) and code not in _SITE_CODES and mention["place"].get("lat") is not None


def _name_list(text: str, pos: int) -> list[tuple[int, int]]:
    """The coordinated names from ``pos``: "A, B, C and D" (each a capitalised name)."""
    names: list[tuple[int, int]] = []
    while True:
        hit = _NAME_RE.match(text, pos)
        if hit is None or hit.group(0).split()[0].lower() in _NOT_NAMES:
            return names
        names.append(hit.span())
        sep = _LIST_SEP.match(text, hit.end())
        if sep is None:
            return names
        pos = sep.end()


def _bracketed_groups(text: str, names: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A name list cut after each name followed by a bracketed container ("A, B villages (X district),
    C"): the names of each part, in order."""
    groups: list[list[tuple[int, int]]] = [[]]
    for span in names:
        groups[-1].append(span)
        if _BRACKET_AFTER.match(text, span[1]):
            groups.append([])
    return [group for group in groups if group]


def _name_before(text: str, pos: int) -> tuple[int, int] | None:
    """The capitalised name ending at ``pos`` ("the al-Jarrah" + " airfield"), if any."""
    window_start = max(0, pos - 60)
    best = None
    for hit in _NAME_RE.finditer(text, window_start, pos):
        if hit.end() == pos:
            best = hit.span()
    if best is None:
        return None
    start, end = best
    words = text[start:end].split()
    while words and words[0].lower() in _NOT_NAMES:
        start += len(words[0]) + 1
        words = words[1:]
    if not words or start >= end:
        return None
    if start > 0 and text[start - 1] not in " \t\n(\"“'‘":
        return None
    # a sentence's first word is capitalised whatever it is: alone, it is no name
    previous = text[max(0, start - 8) : start].rstrip()
    if (not previous or previous[-1] in ".!?\n\"“") and len(words) == 1:
        return None
    return start, end


def _own_mention(resolved: list[tuple[int, dict]], starts: list[int], start: int, end: int) -> int | None:
    """The geoparser's mention of exactly this name, if any."""
    k = bisect.bisect_left(starts, start)
    for i, m in resolved[k : k + 2]:
        if m["start"] == start and m["end"] == end:
            return i
    return None


def _foreign(mention: dict, container: int | None, mentions: list[dict], settlement: bool = False) -> bool:
    """Did the geoparser put a village in another country than the container the text names? A name
    the text calls a village or town ("the village of al-Sahel near Yabroud", ``settlement``) read as a
    region of no country or of another one (the African Sahel) is misread too."""
    if container is None:
        return False
    own, host = mention["place"], mentions[container]["place"]
    if not (own.get("feature_code") or "").upper().startswith(SETTLEMENT_PREFIX):
        # a country or region named in a list ("Avdiivka, and Russia's ministry") is itself
        return settlement and own.get("country_code") != host.get("country_code") and bool(host.get("country_code"))
    return bool(own.get("country_code") and host.get("country_code") and own["country_code"] != host["country_code"])


def _container_after(
    text: str, pos: int, resolved: list[tuple[int, dict]], starts: list[int], begin: int | None = None
) -> tuple[int | None, str, bool]:
    """(index, gap, loose) of the container a derived name's words point to after ``pos``: ", 20 km
    south of X", "near X", "in X province"; else the nearest town or region before ``begin`` (where the
    name or its list starts) in the same sentence; else (``loose``) the nearest one the article names
    before it, or the first after: a village is never dropped for want of a container, only placed
    coarsely (geo_precision 3)."""
    k = bisect.bisect_left(starts, pos)
    if k < len(resolved):
        index, mention = resolved[k]
        gap = text[pos : mention["start"]]
        # ("in Myanmar's western Chin state": a country says too little to place anything)
        if len(gap) <= 80 and "." not in gap and _CONTAINER_GAP.match(gap) and _usable_container(mention):
            return index, gap, False
        if _BRACKET_AFTER.fullmatch(gap) and _usable_container(mention):
            return index, gap, False  # "Nuzgar village (Jabrayil district)"
        owned = _COUNTRY_OWNS.match(text, mention["end"])
        if (
            owned is not None
            and k + 1 < len(resolved)
            and resolved[k + 1][1]["start"] == owned.end()
            and (mention["place"].get("feature_code") or "").upper().startswith(COUNTRY_PREFIX)
            and _usable_container(resolved[k + 1][1])
            and len(gap) <= 80
            and _CONTAINER_GAP.match(gap)
        ):
            # "the village of Poroz in Russia's Belgorod Oblast": the country's region is the container
            return resolved[k + 1][0], gap, False
    limit = pos if begin is None else begin
    sentence_start = max(text.rfind(". ", 0, limit), text.rfind("\n", 0, limit))
    before = [(i, m) for i, m in resolved[:k] if m["end"] <= limit and _settled(m)]
    for index, mention in reversed(before):
        if mention["start"] >= sentence_start:
            return index, "", False
    # beyond the sentence, only a place of the article's main country: a stray reading abroad is no home
    home = Counter(m["place"].get("country_code") for _, m in resolved).most_common(1)
    country = home[0][0] if home else None
    before = [(i, m) for i, m in before if m["place"].get("country_code") == country]
    if before:
        return before[-1][0], "", True
    after = next((i for i, m in resolved[k:] if _settled(m) and m["place"].get("country_code") == country), None)
    return after, "", after is not None


def _settled(mention: dict) -> bool:
    """A town or a region (not a country, not a site): what a village can be placed in."""
    code = (mention["place"].get("feature_code") or "").upper()
    return _usable_container(mention) and code.startswith((ADMIN_PREFIX, SETTLEMENT_PREFIX, REGION, AREA))


def folded_key(name: str) -> str:
    """The name key of a derived place (its identity within its container, across articles)."""
    return fold(name)
