"""Actor dictionary and matching: who is named in a sentence, resolved in the article's context.

Pure Python (no Django). The dictionary is data (events/data/actors.json): ACLED-style actor names,
aliases, kind (state/non_state), country, side (the patron/coalition actor a militia fights with) and
colour. Matching is an Aho-Corasick scan over the lower-cased text (one pass whatever the number
of aliases), with three refinements that a flat alias list cannot express:

* case: acronyms and single capitalised words ("IS", "AA", "Hashed", "Wagner") only match as written,
  so "is", "aa" or "hashed out" are not actors;
* focus: some aliases only make sense in one war ("Kurdish forces" is the Peshmerga in Iraq and the
  SDF in Syria; "separatists" in Donbas, northern Mali or Aden), so they resolve through the article's
  country focus and are dropped when no actor of that country claims them;
* generics: "the army", "troops", "government forces", "Malian troops", "Russian jets" resolve to the
  state force of the demonym's country or of the focus country; "militants", "jihadists", "rebels"
  resolve to the article's main non-state actor (given by the caller) or the focus country's default.

Some state forces change hands: "Afghan forces" means the Islamic Republic's army until
15 Aug 2021 and the Taliban's after; pass ``on`` (the article date) to get the right one.

A text is scanned once (``scan``: the costly dictionary pass) and its hits resolved as often as a
caller needs (``named``, ``generic``: per country focus, date or sentence span). The caller holds
the scan; the dictionary keeps no per-text state, so one instance serves any number of threads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.json"
# How news describes a group instead of naming it ("an al-Qaeda offshoot", "the paramilitary group").
DESCRIPTIONS_PATH = DEFAULT_PATH.with_name("actor_descriptions.json")


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor as stored and as reported in events (Extraction JSON §4)."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # "state" | "non_state"
    country: str | None
    side: str | None
    colour: str | None
    # a catch-all for unnamed attackers ("gunmen"): never an article's main actor nor an antecedent
    unidentified: bool = False

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "country": self.country,
            "side": self.side,
        }

    @property
    def camp(self) -> str:
        """The coalition this actor belongs to: its side if it has one, else itself."""
        return self.side or self.name


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A resolved actor span; ``generic`` says it came from a common noun ("troops", "militants")."""

    start: int
    end: int
    actor: Actor
    generic: bool = False
    text: str = ""


Entry = tuple[str, str | None, bool]  # (actor name, exact-case form or None, focus-only alias)
Hit = tuple[int, int, tuple[Entry, ...], str | None]  # (start, end, entries, surface; None for a pattern hit)


@dataclass(frozen=True, slots=True)
class ActorScan:
    """The unresolved dictionary hits of one text (see ``ActorDictionary.scan``)."""

    text: str
    hits: tuple[Hit, ...]


@dataclass(slots=True)
class _Meta:
    demonyms: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    default_in: tuple[str, ...] = ()
    # when the default holds in a country, if not always: "ET:2020-11-04/2022-11-02" in the data (the
    # TPLF is the 'rebels' of an Ethiopian story during the Tigray war, Fano's after it)
    default_periods: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    focus_aliases: frozenset[str] = field(default_factory=frozenset)
    called: frozenset[str] = field(default_factory=frozenset)  # generic words news uses for it (_CALLED)
    parents: tuple[str, ...] = ()  # the organisations it is a branch or an offshoot of ("Al-Qaeda")


@dataclass(frozen=True, slots=True)
class _Description:
    """One way news describes an actor without naming it (events/data/actor_descriptions.json)."""

    pattern: re.Pattern[str]
    relation: str  # "offshoot" | "member" | "called"
    parent: str | None = None  # the parent organisation a {parent} pattern names
    called: str | None = None  # for "called": the word ("paramilitary")
    cue: str = ""  # a lower-case literal every match contains (a cheap gate), for "called"


@dataclass(frozen=True, slots=True)
class Described:
    """A description found in a text, not yet resolved (see ``ActorDictionary.descriptions``)."""

    start: int
    end: int
    description: _Description
    text: str = ""


# Generic nouns for state forces. Bare ones are unambiguous enough alone ("troops"); the "forces"
# family needs a qualifier ("government forces", "security forces") or a demonym ("Iraqi forces").
# Matching starts from the noun (a short pattern) and looks back for a demonym and qualifiers, rather
# than one pattern with every demonym in it.
_STATE_NOUN = re.compile(
    r"\b(?:air\s+force|special\s+forces|forces|troops|army|armies|soldiers|military|servicemen|units|police|paratroopers|"
    r"marines|commandos|jets|warplanes|aircraft|navy|artillery|drones|backers|authorities|government|"
    r"defenders|sappers|gunships|helicopters|tanks|junta|regime|victory|offensive|counteroffensive|"
    r"counter-offensive|advance|assault|strikes|airstrikes|air\s+strikes|shelling|bombardment|operation)\b"
)
# "troops from Chad", "soldiers from neighbouring Niger", "the army of Chad": the country the troops
# come from or serve.
_FROM_COUNTRY = re.compile(r"\s+(?:from|of)\s+(?:neighbou?ring\s+|the\s+)?([A-Z][a-z]+)\b")
# "the armies of Chad and Niger": a second country coordinated after the first.
_AND_COUNTRY = re.compile(r"\s+and\s+(?:neighbou?ring\s+|the\s+)?([A-Z][a-z]+)\b")
# "Ethiopian and Eritrean troops", "Iraqi, Kurdish and ...": a demonym coordinated before another.
_DEMONYM_AND = re.compile(r"\b([A-Z][a-zé]+)(?:\s+and|,)\s+$")
# "Taliban special forces", "Hamas's special forces": a name owns them (unlike "troops", a unit
# that armed groups name too); a day or month before them is no owner.
_NAMED_OWNER = re.compile(
    r"(?<![.!?]\s)\b(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\b)[A-Z][\w'’-]*(?:'s?)?\s+$"
)
_BARE_OK = frozenset({"troops", "soldiers", "servicemen", "paratroopers", "commandos", "special forces"})
_THE_OK = frozenset({"army", "armies", "military", "junta", "regime", "government", "police"})
_QUALIFIED_OK = frozenset(
    {"forces", "troops", "units", "soldiers", "army", "armies", "military", "police", "special forces"}
)
_QUALIFIERS = frozenset(
    "government security armed special federal regular elite pro-government pro-regime regime junta national "
    "state loyalist defence defense ground border army military joint police combined".split()
)


_MILITANT_GENERIC = re.compile(
    r"\b(?:(?:islamist|jihadist|extremist|armed|insurgent|militant)\s+)?"
    r"(?:militants|jihadists|insurgents|extremists|terrorists|islamists|rebels|fighters|insurgency|"
    r"(?:the\s+)?(?:jihadist|militant|extremist|terror|terrorist|rebel|armed|insurgent|islamist)\s+(?:group|groups|(?<!armed\s)forces|fighters|alliance|coalition))\b"
)


# Every _MILITANT_GENERIC match contains one of these (a literal scan gates the pattern).
_MILITANT_CUE = re.compile(r"militant|jihadist|insurgen|extremist|terroris|islamist|rebel|fighter|armed")
# What news calls a group, by the word it uses ("jihadists" are not "the rebels" of the same story);
# an actor's "called" list in the dictionary says which words fit it. Fighters and armed groups fit any.
_CALLED = (
    ("jihadist", re.compile(r"islamist|jihadist|extremist|terror")),
    ("militant", re.compile(r"militant|insurgen")),
    ("rebel", re.compile(r"rebel")),
)
# "pro-government fighters", "loyalist militiamen": armed men on the state's side, not its foes.
_LOYALIST_BEFORE = re.compile(
    r"\b(?:pro-(?:government|regime|junta|state)|government-(?:allied|aligned|backed)|loyalist)\s+(?:[a-z]+\s+)?$"
)
# "other militants", "rival rebel groups": expressly not the group of the story, and not named.
_OTHER_BEFORE = re.compile(r"\b(?:other|rival|another|several|various|smaller)\s+$")


def _qualifier_start(text: str, start: int, word: str) -> int | None:
    """Where a state qualifier before a state noun starts ("government forces", "army and police
    units": a coordination of state words), or None when the word is no qualifier."""
    if word.lower() == "and":
        before_start, before = _previous_word(text, start)
        if before is None or before.lower() not in _QUALIFIERS:
            return None
        return before_start
    if word.lower() not in _QUALIFIERS:
        return None
    return start


def _unowned_span(
    text: str, noun: re.Match[str], word: str, begin: int, quals: int, focus: str | None
) -> tuple[int, str | None] | None:
    """(start, focus country) of a state-force phrase no country owns: qualified ("government forces"),
    a noun that is a state's alone ("soldiers"), or one after "the" ("the army"); else None."""
    if quals and word in _QUALIFIED_OK:
        return begin, focus
    if word in _BARE_OK and not (word == "special forces" and _NAMED_OWNER.search(text, 0, noun.start())):
        return noun.start(), focus
    if word in _THE_OK and text[max(0, noun.start() - 4) : noun.start()].lower() == "the ":
        return noun.start() - 4, focus
    return None


def _actor_of(record: dict) -> Actor:
    """The Actor of a dictionary record (the fields the rest of the app sees)."""
    return Actor(
        name=record["name"],
        aliases=tuple(record.get("aliases", ())),
        kind=record.get("kind", "non_state"),
        country=record.get("country") or None,
        side=record.get("side"),
        colour=record.get("colour"),
        unidentified=bool(record.get("unidentified")),
    )


def _meta_of(record: dict) -> _Meta:
    """The matching metadata of a dictionary record (demonyms, validity, defaults, focus aliases...)."""
    return _Meta(
        demonyms=tuple(record.get("demonyms", ())),
        valid_from=_date_or_none(record.get("valid_from")),
        valid_to=_date_or_none(record.get("valid_to")),
        default_in=tuple(entry.split(":")[0] for entry in record.get("default_in", ())),
        default_periods=_default_periods(record.get("default_in", ())),
        focus_aliases=frozenset(record.get("focus_aliases", ())),
        called=frozenset(record.get("called", ())),
        parents=tuple(record.get("parents", ())),
    )


class ActorDictionary:
    """Actors and their aliases, with context-aware matching (see the module docstring)."""

    def __init__(self, records: Iterable[dict], descriptions: dict | None = None):
        self._actors: list[Actor] = []
        self._meta: dict[str, _Meta] = {}
        self._by_name: dict[str, Actor] = {}
        # lower-cased key -> list of (actor name, case_sensitive exact form or None, focus_only)
        self._keys: dict[str, list[tuple[str, str | None, bool]]] = {}
        patterns: list[tuple[re.Pattern[str], str]] = []
        self._country_names: dict[str, str] = {}  # "iraq" -> "IQ", for "Iraq's military"
        self._group_demonyms: dict[str, str] = {}  # "palestinian" -> "PS", from non-state actors' demonyms
        demonyms: dict[str, list[str]] = {}
        for record in records:
            actor, meta = _actor_of(record), _meta_of(record)
            self._actors.append(actor)
            self._by_name[actor.name] = actor
            self._meta[actor.name] = meta
            self._index_names(record, actor, meta, patterns)
            self._index_country(actor, meta, demonyms)
        self._patterns = patterns
        self._unidentified = next((a for a in self._actors if a.unidentified), None)
        self._demonym_country = demonyms
        self._build_automata()
        self._parents: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = []
        self._descriptions: list[_Description] = []
        self._load_descriptions(descriptions or {})

    def _index_names(
        self, record: dict, actor: Actor, meta: _Meta, patterns: list[tuple[re.Pattern[str], str]]
    ) -> None:
        """Every name an actor is matched by: its name and aliases, metonyms, surface forms, focus
        aliases (keys, in that order) and its patterns."""
        for alias in (actor.name, *actor.aliases):
            self._add_key(alias, actor.name, focus_only=False)
        for metonym in record.get("metonyms", ()):  # "Russia seized...", "Kyiv's forces"
            self._add_key(metonym, actor.name, focus_only=False)
        # Names matched in text but not exported as aliases, because they contain another
        # actor's recognisable name ("Islamic State of Iraq and the Levant" is not Iraq's army,
        # yet a search or a regex for "Iraq" over aliases would say it is).
        for form in record.get("surface_forms", ()):
            self._add_key(form, actor.name, focus_only=False)
        for alias in meta.focus_aliases:
            self._add_key(alias, actor.name, focus_only=True)
        for pattern in record.get("patterns", ()):
            patterns.append((re.compile(pattern, re.IGNORECASE), actor.name))

    def _index_country(self, actor: Actor, meta: _Meta, demonyms: dict[str, list[str]]) -> None:
        """What an actor's country is called: a non-state actor's demonyms name a people ("Palestinian"),
        a state force's country name and demonyms name its country ("Iraq's military", "Iraqi troops")."""
        if not actor.country:
            return
        if actor.kind != "state":
            for demonym in meta.demonyms:  # "Palestinian": a people with no state force listed
                self._group_demonyms.setdefault(demonym.lower(), actor.country)
            return
        country_name = _country_name(actor.name)
        if country_name:
            self._country_names.setdefault(country_name.lower(), actor.country)
        for demonym in meta.demonyms:
            demonyms.setdefault(demonym.lower(), [])
            if actor.country not in demonyms[demonym.lower()]:
                demonyms[demonym.lower()].append(actor.country)

    def _build_automata(self) -> None:
        """Two automata: case-insensitive keys over the lower-cased text, exact-case keys ("IS", "AA",
        "Hashed") over the text as written, so frequent words like "is" never reach Python code."""
        self._automaton = ahocorasick.Automaton()
        self._exact_automaton = ahocorasick.Automaton()
        for key, entries in self._keys.items():
            loose = [e for e in entries if e[1] is None]
            if loose:
                self._automaton.add_word(key, (len(key), loose))
            for entry in entries:
                if entry[1] is not None:
                    exact = entry[1]
                    existing = self._exact_automaton.get(exact, (len(exact), []))
                    existing[1].append(entry)
                    self._exact_automaton.add_word(exact, existing)
        self._automaton.make_automaton()
        self._exact_automaton.make_automaton()

    def _load_descriptions(self, data: dict) -> None:
        """Compile the descriptions: a {parent} pattern once per parent organisation it may name."""
        for parent, spec in (data.get("parents") or {}).items():
            self._parents.append((parent, re.compile(spec["pattern"], re.IGNORECASE), tuple(spec.get("cues", ()))))
        for entry in data.get("descriptions") or ():
            if "{parent}" in entry["pattern"]:
                for parent, spec in (data.get("parents") or {}).items():
                    pattern = entry["pattern"].replace("{parent}", f"(?:{spec['pattern']})")
                    self._descriptions.append(
                        _Description(re.compile(pattern, re.IGNORECASE), entry["relation"], parent=parent)
                    )
            else:
                self._descriptions.append(
                    _Description(
                        re.compile(entry["pattern"], re.IGNORECASE),
                        entry["relation"],
                        called=entry.get("called"),
                        cue=entry.get("cue", ""),
                    )
                )

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None, descriptions: Path | None = None) -> ActorDictionary:
        """Load the dictionary from JSON (a list of actor objects; default events/data/actors.json) with
        the descriptions of actors news uses instead of names (default events/data/actor_descriptions.json)."""
        with open(path or DEFAULT_PATH, encoding="utf-8") as handle:
            records = json.load(handle)
        described = descriptions or DESCRIPTIONS_PATH
        data = json.loads(described.read_text(encoding="utf-8")) if described.exists() else None
        return cls(records, data)

    def _add_key(self, alias: str, name: str, *, focus_only: bool) -> None:
        alias = _normalise_apostrophes(alias).strip()
        if not alias:
            return
        words = alias.split()
        case_sensitive = (len(words) == 1 and alias[0].isupper()) or (alias.isupper() and len(alias) <= 6)
        key = " ".join(words).lower()
        entry = (name, alias if case_sensitive else None, focus_only)
        entries = self._keys.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    # -- public API ---------------------------------------------------------------------------
    def all(self) -> list[Actor]:
        return list(self._actors)

    def get(self, name: str) -> Actor | None:
        return self._by_name.get(name)

    def find(
        self,
        text: str,
        *,
        country_focus: str | None = None,
        on: dt.date | None = None,
        main_non_state: Actor | None = None,
    ) -> list[tuple[int, int, Actor]]:
        """Actor spans in ``text`` (non-overlapping, in order), resolved in context."""
        return [
            (m.start, m.end, m.actor)
            for m in self.matches(text, country_focus=country_focus, on=on, main_non_state=main_non_state)
        ]

    def scan(self, text: str) -> ActorScan:
        """The dictionary hits of ``text``, unresolved: the one costly pass over an article. Resolve
        them with :meth:`named` in as many contexts (country focus, date, sentence span) as needed."""
        normal = _normalise_apostrophes(text)
        lowered = normal.lower() if len(normal.lower()) == len(normal) else normal
        hits: list[Hit] = []
        for haystack, automaton in ((lowered, self._automaton), (normal, self._exact_automaton)):
            for end_index, (length, entries) in automaton.iter(haystack):
                start, end = end_index - length + 1, end_index + 1
                if _word_bounded(haystack, start, end):
                    hits.append((start, end, tuple(entries), normal[start:end]))
        for pattern, name in self._patterns:
            for match in pattern.finditer(text):
                hits.append((match.start(), match.end(), ((name, None, False),), None))
        return ActorScan(text, tuple(hits))

    def named(
        self,
        scan: ActorScan,
        *,
        country_focus: str | None = None,
        on: dt.date | None = None,
        span: tuple[int, int] | None = None,
    ) -> list[ActorMatch]:
        """The named actors of a scan (overlaps not yet settled), resolved for a country focus and a
        date; ``span`` keeps those inside one part of the text (offsets stay text offsets)."""
        found: list[ActorMatch] = []
        for start, end, entries, surface in scan.hits:
            if span is not None and not (span[0] <= start and end <= span[1]):
                continue
            actor = self._hit_actor(entries, surface, country_focus)
            if actor is not None:
                found.append(ActorMatch(start, end, self.in_period(actor, on), False, scan.text[start:end]))
        return found

    def generic(
        self,
        text: str,
        *,
        country_focus: str | None = None,
        on: dt.date | None = None,
        main_non_state: Actor | None = None,
        prominent: Sequence[Actor] = (),
        span: tuple[int, int] | None = None,
    ) -> list[ActorMatch]:
        """Generic nouns ("the army", "Malian troops", "militants") resolved in context; ``span`` as in
        :meth:`named`. "Militants", "rebels", "jihadists" name the first of ``prominent`` (the
        article's non-state actors, most prominent first) that news calls so, else ``main_non_state``,
        else the focus country's default."""
        if main_non_state is not None and not prominent:
            prominent = (main_non_state,)
        if span is None:
            return self._generic(text, country_focus, on, prominent)
        start, end = span
        return [
            ActorMatch(m.start + start, m.end + start, m.actor, m.generic, m.text)
            for m in self._generic(text[start:end], country_focus, on, prominent)
        ]

    def matches(
        self,
        text: str,
        *,
        country_focus: str | None = None,
        on: dt.date | None = None,
        main_non_state: Actor | None = None,
        prominent: Sequence[Actor] = (),
        generics: bool = True,
        span: tuple[int, int] | None = None,
        scan: ActorScan | None = None,
    ) -> list[ActorMatch]:
        """Named (and unless ``generics`` is false, generic) actor spans of ``text``, non-overlapping,
        in order; each keeps whether it was a generic noun (the coder weighs those less). Pass the
        ``scan`` of ``text`` when there is one, so that the text is not scanned again."""
        scan = scan if scan is not None else self.scan(text)
        candidates = self.named(scan, country_focus=country_focus, on=on, span=span)
        if generics:
            candidates.extend(
                self.generic(
                    text,
                    country_focus=country_focus,
                    on=on,
                    main_non_state=main_non_state,
                    prominent=prominent,
                    span=span,
                )
            )
        return leftmost_longest(candidates)

    def state_countries(self, scan: ActorScan) -> list[str]:
        """The country of each state force named in a scan (whatever the focus): evidence of what
        country an article is about."""
        out = []
        for _start, _end, entries, surface in scan.hits:
            actor = self._hit_actor(entries, surface, None)
            if actor is not None and actor.kind == "state" and actor.country:
                out.append(actor.country)
        return out

    def in_period(self, actor: Actor, on: dt.date | None) -> Actor:
        """The state force that ``actor`` stands for on ``on``: a state force whose period is over is
        swapped for its successor ("Afghan forces" after 15 Aug 2021 are the Taliban's)."""
        if actor.kind != "state" or self._valid(actor, on):
            return actor
        return self.state_force(actor.country, on) or actor

    def state_force(self, country: str | None, on: dt.date | None = None) -> Actor | None:
        """The state force of ``country`` valid on ``on`` (first listed when several are)."""
        if not country:
            return None
        fallback = None
        for actor in self._actors:
            if actor.kind == "state" and actor.country == country:
                fallback = fallback or actor
                if self._valid(actor, on):
                    return actor
        return fallback

    def default_non_state(self, country: str | None, on: dt.date | None = None) -> Actor | None:
        """The non-state actor that generic "militants" most likely means in ``country``."""
        if not country:
            return None
        for actor in self._actors:
            meta = self._meta[actor.name]
            if country in meta.default_in and self._valid(actor, on) and _within(meta.default_periods.get(country), on):
                return actor
        return None

    def state_sided(self, actor: Actor) -> bool:
        """Does a non-state actor fight on a state's side (a militia, mercenaries, a peacekeeping
        mission)? Such an actor is never the "militants" or "rebels" of a story."""
        patron = self._by_name.get(actor.side) if actor.side else None
        return patron is not None and patron.kind == "state"

    def called_word(self, surface: str) -> str | None:
        """The word a generic noun calls a group by ("the jihadists" -> "jihadist"), if it is one."""
        lowered = surface.lower()
        if not _MILITANT_CUE.search(lowered):
            return None
        return next((word for word, cue in _CALLED if cue.search(lowered)), None)

    def is_called(self, actor: Actor, word: str) -> bool:
        """Does news call ``actor`` a ``word`` ("jihadist", "militant", "rebel"...; see ``_CALLED``)?"""
        return word in self._meta[actor.name].called

    def descriptions(self, text: str) -> list[Described]:
        """The descriptions of actors in ``text`` ("an al-Qaeda offshoot", "a group loyal to Islamic
        State", "the paramilitary group"), longest first where they overlap, in text order. A {parent}
        description is only looked for around a mention of its parent, so a text costs one gated
        search per parent organisation."""
        lowered = text.lower()
        found: list[Described] = []
        for parent, pattern, cues in self._parents:
            if not any((cue in text) if cue.isupper() else (cue in lowered) for cue in cues):
                continue
            for hit in pattern.finditer(text):
                for description in self._descriptions:
                    if description.parent != parent:
                        continue
                    window = description.pattern.finditer(text, max(0, hit.start() - 45), min(len(text), hit.end() + 60))
                    found += [
                        Described(m.start(), m.end(), description, m.group(0))
                        for m in window
                        if m.start() <= hit.start() and hit.end() <= m.end()
                    ]
        for description in self._descriptions:
            if description.called and description.cue in lowered:
                found += [
                    Described(m.start(), m.end(), description, m.group(0)) for m in description.pattern.finditer(text)
                ]
        kept: list[Described] = []
        for item in sorted(found, key=lambda d: (d.start - d.end, d.start)):
            if not any(k.start < item.end and item.start < k.end for k in kept):
                kept.append(item)
        return sorted(kept, key=lambda d: d.start)

    def described(
        self, found: list[Described], named: list[ActorMatch], focus: str | None, on: dt.date | None
    ) -> list[ActorMatch]:
        """Each description resolved within its article: the nearest named actor (``named``, the
        article's named spans) that fits it, before or after; else the actor of the focus country that
        fits; else, for a parent's own fighters ("al Qaeda militants"), the parent itself. A splinter or a
        former affiliate is never its parent: unresolved, it names no one."""
        out: list[ActorMatch] = []
        for item in found:
            description = item.description
            fits = [m for m in named if self._fits(m.actor, description) and not m.actor.unidentified]
            actor = None
            if fits:
                nearest = min(fits, key=lambda m: (abs(m.start - item.start), m.start > item.start))
                actor = nearest.actor
            if actor is None:
                actor = next(
                    (
                        a
                        for a in self._actors
                        if self._fits(a, description)
                        and self._valid(a, on)
                        and focus is not None
                        and (a.country == focus or focus in self._meta[a.name].default_in)
                    ),
                    None,
                )
            if actor is None and description.relation == "member" and description.parent:
                actor = self._by_name.get(description.parent)
            if actor is not None:
                out.append(ActorMatch(item.start, item.end, actor, True, item.text))
        return out

    def local_branch(self, match: ActorMatch, focus: str | None, on: dt.date | None) -> Actor:
        """The actor a parent organisation's bare name stands for in a story about one country: its
        branch there ("Islamic State seized Qandala" in Somalia is Islamic State Somalia Province, as
        ACLED codes it); the parent itself where it has no branch, or under another name ("Hurras
        al-Din" is al-Qaeda's own)."""
        actor = match.actor
        if actor.country or focus is None:
            return actor
        spec = next((pattern for parent, pattern, _ in self._parents if parent == actor.name), None)
        if spec is None or not spec.fullmatch(match.text):
            return actor
        return next(
            (
                a
                for a in self._actors
                if a.country == focus and actor.name in self._meta[a.name].parents and self._valid(a, on)
            ),
            actor,
        )

    def _fits(self, actor: Actor, description: _Description) -> bool:
        """Does ``actor`` fit a description (a branch or offshoot of its parent, or called so)?"""
        if description.called:
            return description.called in self._meta[actor.name].called
        return description.parent in self._meta[actor.name].parents

    def demonym_country(self, word: str) -> str | None:
        countries = self._demonym_country.get(word.lower())
        return countries[0] if countries else None

    # -- internals ----------------------------------------------------------------------------
    def _valid(self, actor: Actor, on: dt.date | None) -> bool:
        if on is None:
            return True
        meta = self._meta[actor.name]
        return not ((meta.valid_from and on < meta.valid_from) or (meta.valid_to and on > meta.valid_to))

    def _hit_actor(self, entries: tuple[Entry, ...], surface: str | None, focus: str | None) -> Actor | None:
        """The actor a dictionary hit names in a country focus (a pattern hit names its one actor)."""
        return self._pick(entries, surface, focus) if surface is not None else self._by_name[entries[0][0]]

    def _pick(self, entries: tuple[Entry, ...], surface: str, focus: str | None) -> Actor | None:
        usable = [
            (self._by_name[name], focus_only)
            for name, exact, focus_only in entries
            if exact is None or surface == exact
        ]
        if not usable:
            return None
        for actor, _ in usable:
            if focus and actor.country == focus:
                return actor
        general = [actor for actor, focus_only in usable if not focus_only]
        return general[0] if general else None

    def _country_word_force(self, word: str, on: dt.date | None) -> Actor | None:
        """The state force a demonym or a country name stands for ("Eritrean", "Chad")."""
        countries = self._demonym_country.get(word.lower(), ())
        country = countries[0] if countries else self._country_names.get(word.lower())
        return self.state_force(country, on) if country else None

    def _state_span(self, text: str, noun: re.Match[str], focus: str | None) -> tuple[int, str | None] | None:
        """(span start, country) of a generic state-force phrase ending in ``noun``, or None. The words
        before the noun are read leftwards: a country's possessive or adjective ends the phrase with its
        country, a state qualifier ("government", "army and police") extends it, anything else stops it."""
        word = " ".join(noun.group(0).lower().split())
        begin, quals = noun.start(), 0
        while True:
            prev_start, prev = _previous_word(text, begin)
            if prev is None:
                break
            if prev == "s" and prev_start >= 2 and text[prev_start - 1] in "'’":
                owned = self._possessive_country(text, prev_start - 1)
                if owned:
                    return owned
                break  # an owner that is no country ends the phrase
            country = self._country_adjective(prev, focus)
            if country:
                return prev_start, country
            qualifier = _qualifier_start(text, prev_start, prev)
            if qualifier is None:
                break
            begin, quals = qualifier, quals + 1
        return _unowned_span(text, noun, word, begin, quals, focus)

    def _possessive_country(self, text: str, apostrophe: int) -> tuple[int, str] | None:
        """(start, country) of the country owning a force by its possessive ("Iraq's military", "South
        Sudan's army": the two-word name first), or None when the owner is no country."""
        owner_start, owner = _previous_word(text, apostrophe, gap=0)
        country = self._country_names.get(owner.lower()) if owner and owner[0].isupper() else None
        first_start, first = _previous_word(text, owner_start) if owner else (owner_start, None)
        longer = self._country_names.get(f"{first} {owner}".lower()) if first and first[0].isupper() else None
        if longer:  # "South Sudan's army", "Burkina Faso's military": the two-word name first
            return first_start, longer
        if country:  # "Iraq's military", "Sudan's army": the state force of that country
            return owner_start, country
        return None

    def _country_adjective(self, word: str, focus: str | None) -> str | None:
        """The country a capitalised word before a state noun names: a demonym ("Iraqi troops", the
        focus country first among those sharing it) or a country's name used as its adjective ("Niger
        troops", "Chad army")."""
        if not word[0].isupper():
            return None
        countries = self._demonym_country.get(word.lower(), ())
        if countries:
            return focus if focus in countries else countries[0]
        return self._country_names.get(word.lower())

    def _generic(
        self, text: str, focus: str | None, on: dt.date | None, prominent: Sequence[Actor]
    ) -> list[ActorMatch]:
        """Actors named by a generic phrase: state forces ("Iraqi troops", "the army"), then armed
        groups ("jihadists", "pro-government fighters"); the second scan runs only when a cue word for
        it is in the text."""
        found: list[ActorMatch] = []
        lowered = text.lower() if len(text.lower()) == len(text) else text
        for match in _STATE_NOUN.finditer(lowered):
            found.extend(self._state_force_matches(text, match, focus, on))
        if not _MILITANT_CUE.search(lowered):
            return found
        for match in _MILITANT_GENERIC.finditer(lowered):
            hit = self._militant_match(text, lowered, match, focus, on, prominent)
            if hit is not None:
                found.append(hit)
        return found

    def _state_force_matches(
        self, text: str, match: re.Match[str], focus: str | None, on: dt.date | None
    ) -> list[ActorMatch]:
        """The state forces a state noun's phrase names: its country's ("troops from Chad", and the
        second of "the armies of Chad and Niger"), and a demonym coordinated before it ("Ethiopian and
        Eritrean troops")."""
        span = self._state_span(text, match, focus)
        if span is None:
            return []
        found: list[ActorMatch] = []
        begin, country = span
        end = match.end()
        origin = _FROM_COUNTRY.match(text, end) if begin == match.start() or country == focus else None
        if origin and self._country_names.get(origin.group(1).lower()):
            country, end = (
                self._country_names[origin.group(1).lower()],
                origin.end(),
            )  # "troops from Chad"
            second = _AND_COUNTRY.match(text, end)
            second_actor = (
                self._country_word_force(second.group(1), on)
                if second and self._country_names.get(second.group(1).lower())
                else None
            )
            if second and second_actor is not None:
                # "the armies of Chad and Niger": each country's force acts
                found.append(ActorMatch(second.start(1), second.end(1), second_actor, True, second.group(1)))
        actor = self.state_force(country, on)
        if actor is None:
            return found
        found.append(ActorMatch(begin, end, actor, True, text[begin:end]))
        # "Ethiopian and Eritrean troops": the first demonym heads the coordination too
        partner = _DEMONYM_AND.search(text, max(0, begin - 30), begin)
        partner_actor = self._country_word_force(partner.group(1), on) if partner else None
        if partner and partner_actor is not None and partner_actor != actor:
            found.append(ActorMatch(partner.start(1), partner.end(1), partner_actor, True, partner.group(1)))
        return found

    def _militant_match(
        self,
        text: str,
        lowered: str,
        match: re.Match[str],
        focus: str | None,
        on: dt.date | None,
        prominent: Sequence[Actor],
    ) -> ActorMatch | None:
        """The actor a generic armed-group phrase names: the state's side when loyalist ("pro-government
        fighters"), no one named when "other"/"rival", else the group of a demonym before it or the one
        the story's words for it fit ("jihadists" are not "the rebels")."""
        loyal = _LOYALIST_BEFORE.search(lowered, max(0, match.start() - 24), match.start())
        if loyal is not None:
            # "pro-government fighters said they had taken the city's airport": the state's side
            actor = self.state_force(focus, on)
            if actor is None:
                return None
            return ActorMatch(loyal.start(), match.end(), actor, True, text[loyal.start() : match.end()])
        if _OTHER_BEFORE.search(lowered, max(0, match.start() - 12), match.start()):
            start, actor = match.start(), self._unidentified
        else:
            word = next((w for w, cue in _CALLED if cue.search(match.group(0))), None)
            start, demonym_country = self._demonym_before(text, match.start())
            actor = self._non_state_of(demonym_country, word, prominent, on) if demonym_country else None
            if actor is None:
                start, actor = match.start(), self._non_state_called(word, prominent, focus, on)
        if actor is None:
            return None
        return ActorMatch(start, match.end(), actor, True, text[start : match.end()])

    def _demonym_before(self, text: str, pos: int) -> tuple[int, str | None]:
        """(start, country) of a demonym right before a generic noun ("Palestinian militants",
        "Nigerian insurgents"), else (pos, None)."""
        start, word = _previous_word(text, pos)
        if word is None or not word[0].isupper():
            return pos, None
        countries = self._demonym_country.get(word.lower())
        country = countries[0] if countries else self._group_demonyms.get(word.lower())
        return (start, country) if country else (pos, None)

    def _non_state_of(
        self, country: str, word: str | None, prominent: Sequence[Actor], on: dt.date | None
    ) -> Actor | None:
        """The armed group "<demonym> militants" names: the article's most prominent group of that
        country that news calls so, else the country's default group ("Palestinian militants seized
        Sderot" in a story focused on Israel are Hamas, not a group of Israel's)."""
        mine = [a for a in prominent if a.country == country]
        for actor in mine:
            if (word is None and not self.state_sided(actor)) or (word is not None and self.is_called(actor, word)):
                return actor
        return self.default_non_state(country, on) or (mine[0] if mine else None)

    def _non_state_called(
        self, word: str | None, prominent: Sequence[Actor], focus: str | None, on: dt.date | None
    ) -> Actor | None:
        """The actor a generic word stands for: the most prominent one news calls so (any that is not
        on a state's side for a neutral word), else the focus country's default, else the most prominent."""
        free = [a for a in prominent if not self.state_sided(a)]
        for actor in free if word is None else prominent:
            if word is None or self.is_called(actor, word):
                return actor
        default = self.default_non_state(focus, on)
        if default is not None and (word is None or self.is_called(default, word)):
            return default
        return free[0] if free else default


def leftmost_longest(candidates: list[ActorMatch]) -> list[ActorMatch]:
    """Non-overlapping spans, in text order: longest first, named before generic at equal length."""
    ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), m.generic, m.start))
    size = max((m.end for m in candidates), default=0)
    occupied = bytearray(size)
    taken: list[ActorMatch] = []
    for match in ordered:
        if occupied.find(1, match.start, match.end) == -1:
            occupied[match.start : match.end] = b"\x01" * (match.end - match.start)
            taken.append(match)
    taken.sort(key=lambda m: m.start)
    return taken


def _normalise_apostrophes(text: str) -> str:
    """Curly and modifier apostrophes to ASCII (same length: offsets stay valid). str.replace is C-fast."""
    for char in ("\u2019", "\u2018", "\u02bc", "`"):
        if char in text:
            text = text.replace(char, "'")
    return text


def _previous_word(text: str, pos: int, gap: int = 1) -> tuple[int, str | None]:
    """The word ending just before ``pos`` (one run of spaces between, or none when ``gap`` is 0),
    without a regex scan."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    if (gap and end == pos) or end == 0:
        return pos, None
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "-é"):
        start -= 1
    return (start, text[start:end]) if start < end and pos - end <= 2 else (pos, None)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after == "_")


def _country_name(actor_name: str) -> str | None:
    """ "Military Forces of South Sudan" -> "South Sudan"; names of one or two words only are usable in a
    possessive ("Iraq's army", "South Sudan's army"), not "Democratic Republic of Congo"."""
    match = re.match(r"Military Forces of (?:the )?([A-Z][\w -]+?)(?: \(.*\))?$", actor_name)
    return match.group(1) if match and match.group(1).count(" ") <= 1 else None


def _default_periods(entries: Iterable[str]) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """ "ET:2020-11-04/2022-11-02" -> {"ET": (start, end)}; either end may be empty; a bare country has none."""
    out: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for entry in entries:
        country, _, period = entry.partition(":")
        if period:
            start, _, end = period.partition("/")
            out[country] = (_date_or_none(start or None), _date_or_none(end or None))
    return out


def _within(period: tuple[dt.date | None, dt.date | None] | None, on: dt.date | None) -> bool:
    """Does a default's period hold on ``on``? An undated text gets only the defaults of no period."""
    if period is None:
        return True
    if on is None:
        return False
    start, end = period
    return not ((start and on < start) or (end and on > end))


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
