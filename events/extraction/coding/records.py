"""Event records (CONTRACT §4): the dicts, their one-line summaries, and the per-article reconciliation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors import Actor
from ..dates import EventDate
from .features import is_city

if TYPE_CHECKING:
    from .sentence import SentenceContext

Dated = tuple[EventDate, bool]  # an event's date, and whether it was carried (not said in its own sentence)
NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"  # ACLED's sub-type of a handover (families)
HEADLINE = "_headline"  # an event's internal mark: coded from the headline (removed by ``reconcile``)


@dataclass(slots=True)
class Control:
    """A coded control observation: a change of hands or a state (holds, besieged, contested)."""

    gained_by: Actor | None
    lost_by: Actor | None
    status: str  # controlled | contested | besieged | presence
    kind: str  # change | holds
    claimed: bool
    inferred_gainer: bool = False  # the gainer is the loser's likely opponent, not said
    generic_gainer: bool = False  # the gainer was only named by a generic noun ("the army")
    subtype: str | None = None  # ACLED sub_event_type of a change (see control.territory_subtype)

    @property
    def event_types(self) -> tuple[str, str]:
        """ACLED (event_type, sub_event_type) of the event that carries this observation."""
        if self.kind == "change":
            if self.subtype == NON_VIOLENT_TRANSFER:
                return "Strategic developments", self.subtype
            return "Battles", self.subtype or "Armed clash"
        if self.status == "contested":
            return "Battles", "Armed clash"
        return "Strategic developments", "Other"

    def as_json(self) -> dict:
        return {
            "gained_by": self.gained_by.as_json() if self.gained_by else None,
            "lost_by": self.lost_by.as_json() if self.lost_by else None,
            "status": self.status,
            "kind": self.kind,
            "claimed": self.claimed,
        }


def event_record(
    sentence: SentenceContext,
    mention_index: int,
    when: Dated,
    types: tuple[str, str],
    actor1: Actor | None,
    actor2: Actor | None,
    control: Control | None = None,
    place: dict | None = None,
    assoc: list[Actor] | tuple[Actor, ...] = (),
) -> dict:
    """One event of ``sentence`` at mention ``mention_index`` (at ``place`` when the event's place
    is not the mention's resolved one), with its confidence and summary. ``assoc`` are the actors
    acting with actor1 (ACLED's assoc_actor_1: "the Iraqi army, federal police and PMF began...")."""
    mention = sentence.article.mentions[mention_index]
    event_date, carried = when
    event = {
        "date": event_date.date.isoformat(),
        "date_precision": event_date.precision,
        "event_type": types[0],
        "sub_event_type": types[1],
        "actor1": actor1.as_json() if actor1 else None,
        "actor2": actor2.as_json() if actor2 else None,
        "assoc_actors": [a.as_json() for a in assoc if a != actor1],
        "place": place or mention["place"],
        "mention": mention.get("container", mention_index),  # a derived place: its container's mention
        "control": control.as_json() if control is not None else None,
        "evidence": {"start": sentence.start, "end": sentence.end},
        "confidence": _confidence(mention, event_date, carried, control),
        "summary": "",
        "fatalities": _fatalities(sentence.text),
    }
    event["summary"] = _summary(event)
    return event


def _confidence(mention: dict, event_date: EventDate, carried: bool, control: Control | None) -> float:
    """Less for an inferred or generic gainer, a claim, a carried or coarse date, a non-town or
    an uncertain place."""
    confidence = 0.85
    if control is not None:
        confidence -= 0.15 * control.inferred_gainer + 0.05 * control.generic_gainer + 0.1 * control.claimed
    confidence -= 0.1 * carried + 0.1 * (event_date.precision != "day")
    confidence -= 0.1 * (not is_city(mention)) + 0.15 * (1 - float(mention.get("confidence", 1.0) or 0)) * 0.5
    return round(max(0.05, min(0.99, confidence)), 2)


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


def _fatalities(sentence: str) -> int | None:
    """The first death toll in the sentence ("killed at least 12", "dozens were killed")."""
    match = _FATALITIES.search(sentence)
    if not match:
        return None
    raw = " ".join((match["a"] or match["b"]).lower().split())
    return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)


def coarse_change_of(events: list[dict], mention: dict) -> bool:
    """Is the place's change so far in this sentence dated only to a week or month (so a second
    trigger with a day date may still date it: "took back X last week, which it had freed on Aug. 16")?"""
    key = place_key({"place": mention["place"]})
    return any(
        e["control"]
        and e["control"]["kind"] == "change"
        and place_key(e) == key
        and e["date_precision"] != "day"
        for e in events
    )


def reconcile(events: list[dict]) -> list[dict]:
    """One article, one story per place: drop duplicates and holds that contradict a change, and
    headline events for places whose change the body reports (the headline retells the lead in the
    present tense, dated at publication: it would overwrite the body's date)."""
    events = _prefer_day_dates(_headline_only_when_new(events))
    changes: dict[object, list[dict]] = {}
    for event in events:
        if _is_change(event):
            changes.setdefault(place_key(event), []).append(event)
    kept: list[dict] = []
    seen: set[tuple] = set()
    for event in events:
        key = place_key(event)
        if _contradicts_changes(event, changes.get(key, [])):
            continue
        control = event["control"]
        signature = (
            event["date"],
            event["sub_event_type"],
            key,
            _name(event["actor1"]),
            (control or {}).get("kind"),
        )
        if signature in seen:
            continue
        seen.add(signature)
        kept.append(event)
    return kept


def _headline_only_when_new(events: list[dict]) -> list[dict]:
    body_changes = {place_key(e) for e in events if _is_change(e) and not e.get(HEADLINE)}
    kept = [e for e in events if not (e.get(HEADLINE) and place_key(e) in body_changes)]
    for event in kept:
        event.pop(HEADLINE, None)
    return kept


def _contradicts_changes(event: dict, changes: list[dict]) -> bool:
    """A holds statement by someone who did not gain the place in one of its confirmed changes (a
    claimed capture may be contradicted: "the militants claimed the city... it remains under
    government control"), or a weak change contradicted on the same day by a firmer one with
    another gainer."""
    control = event["control"]
    if not control or not changes:
        return False
    gainer = _name(control["gained_by"])
    if control["kind"] == "holds":
        # a change long before the hold is history the hold follows ("the rebels who had captured and
        # held Slovyansk since April left the city" and Kyiv holding it in July), not a contradiction
        held_on = dt.date.fromisoformat(event["date"])
        confirmed = [c for c in changes if not c["control"]["claimed"] and _recent(c, held_on)]
        return bool(confirmed) and gainer not in {_name(c["control"]["gained_by"]) for c in confirmed}
    if control["kind"] != "change" or len(changes) < 2 or event["confidence"] >= 0.7:
        return False
    # only a same-day contradiction: changes on different days are a sequence, not a conflict
    # ("Russian forces had seized Lyman in May" and "Ukraine retook it on Saturday")
    firmer = [
        c
        for c in changes
        if c is not event and c["confidence"] > event["confidence"] and c["date"] == event["date"]
    ]
    return any(_name(c["control"]["gained_by"]) != gainer for c in firmer)


_PERIOD_DAYS = {"week": 7, "month": 31, "year": 366}


def _recent(change: dict, day: dt.date) -> bool:
    """Does the change's period reach within a week of ``day`` (or later)?"""
    start = dt.date.fromisoformat(change["date"])
    return (day - start).days <= _PERIOD_DAYS.get(change["date_precision"], 1) + 7


def _prefer_day_dates(events: list[dict]) -> list[dict]:
    """One change seen twice in an article ("in August" and "on Aug. 21", or "last week" and "on
    Aug. 16") keeps its day-precision date: a coarse change of a place is dropped when the same
    gainer's day-precision change of that place falls within (or a week either side of) its period."""
    days: dict[tuple, list[dt.date]] = {}
    for e in events:
        if _is_change(e) and e["date_precision"] == "day" and e["control"]["gained_by"]:
            key = (place_key(e), e["control"]["gained_by"]["name"])
            days.setdefault(key, []).append(dt.date.fromisoformat(e["date"]))
    if not days:
        return events
    kept = []
    for e in events:
        if _is_change(e) and e["date_precision"] in _PERIOD_DAYS and e["control"]["gained_by"]:
            start = dt.date.fromisoformat(e["date"])
            span = _PERIOD_DAYS[e["date_precision"]]
            near = days.get((place_key(e), e["control"]["gained_by"]["name"]), [])
            if any(-7 <= (d - start).days < span + 7 for d in near):
                continue
        kept.append(e)
    return kept


def _is_change(event: dict) -> bool:
    return bool(event["control"]) and event["control"]["kind"] == "change"


def _name(actor_json: dict | None) -> str | None:
    return (actor_json or {}).get("name")


def place_key(event: dict) -> object:
    """What tells two events' places apart: the place id, else its GeoNames id, else name and point."""
    place = event["place"]
    return (
        place.get("id") or place.get("geonames_id") or (place.get("name"), place.get("lat"), place.get("lon"))
    )
