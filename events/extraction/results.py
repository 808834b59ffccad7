"""The Extraction JSON (CONTRACT §4) as frozen dataclasses: what `Extractor.extract` returns.

Why a typed boundary: the geoparser and the coder build dicts internally (cheap to grow, easy to
test), but everything downstream (ingest, re-extraction, the API and the CLI) used to read those
dicts with `.get(...) or default` ladders, each consumer guessing which keys may be missing. Here
each key of §4 is a field with its type, read once by `from_json`; consumers read attributes.

`as_json()` gives exactly the dict the extraction produced, key order included, so that
`json.dumps(extraction.as_json())` is byte-identical to the untyped output it replaces. Two rules
keep that true while the producers grow:
* a key some records carry and others lack (a derived place's `container`, a mention's
  `precision`) is a field whose "absent" value is not a JSON value: None where the key is never
  null, `ABSENT` where null is itself a value the producer writes;
* a key this module does not know yet (CONTRACT: "extend freely") is kept in `extra`, in order, and
  written after the known keys: a producer adding a key does not break ingest; typing it is the
  follow-up. A key before known ones would change the order: the round-trip test catches it.

Pure Python, no Django: the API and CLI call `as_json()`, ingest reads the fields.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

JsonDict = dict[str, Any]


class _Absent(enum.Enum):
    """The type of ABSENT: the record had no such key (distinct from a JSON null)."""

    KEY = "absent"


ABSENT: Final = _Absent.KEY
Absent = Literal[_Absent.KEY]


def _extra(data: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    """The keys of ``data`` this module does not type, in their order."""
    names = set(known)
    return {key: value for key, value in data.items() if key not in names}


_PLACE_KEYS = ("id", "geonames_id", "name", "feature_code", "country_code", "admin1", "lat", "lon")
_DERIVED_KEYS = ("approximate", "geo_precision", "container")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer place (§4 place object), or a place derived below the gazetteer ("the airport of
    X", a village it lacks): then `id` is None, `approximate` is True and `container` is the
    gazetteer place it is placed at, with the ACLED `geo_precision` that placing allows."""

    id: int | None
    geonames_id: int | None
    name: str
    feature_code: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    approximate: bool | None = None  # None: not a derived place (the key is absent)
    geo_precision: int | None = None
    container: Place | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Place:
        container = data.get("container")
        return cls(
            id=data["id"], geonames_id=data["geonames_id"], name=data["name"],
            feature_code=data["feature_code"], country_code=data["country_code"], admin1=data["admin1"],
            lat=data["lat"], lon=data["lon"], approximate=data.get("approximate"),
            geo_precision=data.get("geo_precision"),
            container=cls.from_json(container) if container is not None else None,
            extra=_extra(data, _PLACE_KEYS + _DERIVED_KEYS),
        )

    def as_json(self) -> JsonDict:
        out: JsonDict = {
            "id": self.id, "geonames_id": self.geonames_id, "name": self.name,
            "feature_code": self.feature_code, "country_code": self.country_code, "admin1": self.admin1,
            "lat": self.lat, "lon": self.lon,
        }
        if self.approximate is not None:
            out["approximate"] = self.approximate
        if self.geo_precision is not None:
            out["geo_precision"] = self.geo_precision
        if self.container is not None:
            out["container"] = self.container.as_json()
        return {**out, **self.extra}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a mention the resolver weighed: a place and its share of the score, and when the
    extraction was asked for them (ingest asks), the share of each resolver feature in that score:
    why this place (the editor's candidate picker shows them)."""

    place: Place
    score: float
    features: Mapping[str, float] | None = None  # None: not asked for (the key is absent)
    extra: Mapping[str, Any] = field(default_factory=dict)  # other keys written after "score"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Candidate:
        keys = list(data)
        cut = keys.index("score")
        return cls(
            place=Place.from_json({key: data[key] for key in keys[:cut]}),
            score=data["score"],
            features=data.get("features"),
            extra={key: data[key] for key in keys[cut + 1:] if key != "features"},
        )

    def as_json(self) -> JsonDict:
        out: JsonDict = {**self.place.as_json(), "score": self.score}
        if self.features is not None:
            out["features"] = dict(self.features)
        return {**out, **self.extra}


_MENTION_KEYS = ("text", "start", "end", "confidence", "place", "candidates", "kind", "precision")


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in the text: `start`/`end` are Python string offsets (end exclusive); `place` is
    None when the name is recognised but not resolved."""

    text: str
    start: int
    end: int
    confidence: float
    place: Place | None
    candidates: tuple[Candidate, ...]
    kind: str | None  # city, admin1, country, admin2, part... (None when unresolved)
    precision: str | None | Absent = ABSENT  # "near": the place is where the name lies, not the name's own
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Mention:
        place = data["place"]
        return cls(
            text=data["text"], start=data["start"], end=data["end"], confidence=data["confidence"],
            place=Place.from_json(place) if place is not None else None,
            candidates=tuple(Candidate.from_json(c) for c in data["candidates"]),
            kind=data["kind"], precision=data.get("precision", ABSENT),
            extra=_extra(data, _MENTION_KEYS),
        )

    def as_json(self) -> JsonDict:
        out: JsonDict = {
            "text": self.text, "start": self.start, "end": self.end, "confidence": self.confidence,
            "place": self.place.as_json() if self.place is not None else None,
            "candidates": [c.as_json() for c in self.candidates], "kind": self.kind,
        }
        if self.precision is not ABSENT:
            out["precision"] = self.precision
        return {**out, **self.extra}


_ACTOR_KEYS = ("name", "aliases", "kind", "country", "side")


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as an event names it (the dictionary's entry: name, aliases, state or not, country,
    and the side of a coalition it fights with)."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # state | non_state
    country: str | None
    side: str | None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ActorRef:
        return cls(name=data["name"], aliases=tuple(data["aliases"]), kind=data["kind"], country=data["country"],
                   side=data["side"], extra=_extra(data, _ACTOR_KEYS))

    @classmethod
    def maybe(cls, data: Mapping[str, Any] | None) -> ActorRef | None:
        return cls.from_json(data) if data is not None else None

    def as_json(self) -> JsonDict:
        return {"name": self.name, "aliases": list(self.aliases), "kind": self.kind, "country": self.country,
                "side": self.side, **self.extra}


def _actor_json(actor: ActorRef | None) -> JsonDict | None:
    return actor.as_json() if actor is not None else None


_CONTROL_KEYS = ("gained_by", "lost_by", "status", "kind", "claimed")


@dataclass(frozen=True, slots=True)
class Control:
    """Who controls the event's place after it: a change of hands (`kind` "change") or a statement of
    who holds it on the publication date ("holds"); `claimed` when only a party's claim says so."""

    gained_by: ActorRef | None
    lost_by: ActorRef | None
    status: str  # controlled | contested | besieged | presence
    kind: str  # change | holds
    claimed: bool
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Control:
        return cls(gained_by=ActorRef.maybe(data["gained_by"]), lost_by=ActorRef.maybe(data["lost_by"]),
                   status=data["status"], kind=data["kind"], claimed=data["claimed"],
                   extra=_extra(data, _CONTROL_KEYS))

    def as_json(self) -> JsonDict:
        return {"gained_by": _actor_json(self.gained_by), "lost_by": _actor_json(self.lost_by),
                "status": self.status, "kind": self.kind, "claimed": self.claimed, **self.extra}


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into the article text (Python string indices, end exclusive)."""

    start: int
    end: int

    def as_json(self) -> JsonDict:
        return {"start": self.start, "end": self.end}


_EVENT_KEYS = ("date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actors",
               "place", "mention", "control", "evidence", "confidence", "summary", "fatalities")


@dataclass(frozen=True, slots=True)
class Event:
    """A dated, placed event in ACLED's taxonomy; `mention` indexes `Extraction.mentions` (None when
    the mention it was coded from is not in the list, e.g. one an editor already reviewed)."""

    date: dt.date
    date_precision: str  # day | week | month | year
    event_type: str
    sub_event_type: str
    actor1: ActorRef | None
    actor2: ActorRef | None
    assoc_actors: tuple[ActorRef, ...]  # acting with actor1 (ACLED assoc_actor_1)
    place: Place
    mention: int | None
    control: Control | None
    evidence: Span  # the sentence the event was coded from
    confidence: float
    summary: str
    fatalities: int | None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Event:
        control, evidence = data["control"], data["evidence"]
        return cls(
            date=dt.date.fromisoformat(data["date"]), date_precision=data["date_precision"],
            event_type=data["event_type"], sub_event_type=data["sub_event_type"],
            actor1=ActorRef.maybe(data["actor1"]), actor2=ActorRef.maybe(data["actor2"]),
            assoc_actors=tuple(ActorRef.from_json(a) for a in data["assoc_actors"]),
            place=Place.from_json(data["place"]), mention=data["mention"],
            control=Control.from_json(control) if control is not None else None,
            evidence=Span(start=evidence["start"], end=evidence["end"]), confidence=data["confidence"],
            summary=data["summary"], fatalities=data["fatalities"], extra=_extra(data, _EVENT_KEYS),
        )

    def as_json(self) -> JsonDict:
        return {
            "date": self.date.isoformat(), "date_precision": self.date_precision,
            "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "actor1": _actor_json(self.actor1), "actor2": _actor_json(self.actor2),
            "assoc_actors": [a.as_json() for a in self.assoc_actors], "place": self.place.as_json(),
            "mention": self.mention, "control": self.control.as_json() if self.control is not None else None,
            "evidence": self.evidence.as_json(), "confidence": self.confidence, "summary": self.summary,
            "fatalities": self.fatalities, **self.extra,
        }


_EXTRACTION_KEYS = ("published", "extractor_version", "mentions", "events")


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article: its place mentions and its events, in text order."""

    published: dt.date | None
    extractor_version: str
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Extraction:
        published = data["published"]
        return cls(
            published=dt.date.fromisoformat(published) if published is not None else None,
            extractor_version=data["extractor_version"],
            mentions=tuple(Mention.from_json(m) for m in data["mentions"]),
            events=tuple(Event.from_json(e) for e in data["events"]),
            extra=_extra(data, _EXTRACTION_KEYS),
        )

    def as_json(self) -> JsonDict:
        """The Extraction JSON of CONTRACT §4, as the API answers and the CLI prints it."""
        return {
            "published": self.published.isoformat() if self.published is not None else None,
            "extractor_version": self.extractor_version,
            "mentions": [m.as_json() for m in self.mentions],
            "events": [e.as_json() for e in self.events],
            **self.extra,
        }
