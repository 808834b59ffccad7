"""Territorial control rules, in plain Python (no Django), so they can be read,
tested and reused without a database.

The rules (DESIGN.md, "Territorial control on a date")
------------------------------------------------------
* Nothing is stored per day: the control of a place on day D is derived from its observations.
* The control on D is the latest observation dated on or before D. Dates are used as stored: a
  month-precision observation stored as 2017-11-01 counts from 2017-11-01 (the extractor stores the
  first day of the period it knows), and its `date_precision` travels with the result so a map can
  say "some time in November".
* Ties on the same date are broken, in this order, by:
  1. kind: a `change` beats a `holds` statement (a report that a town fell outranks a same-day
     report that someone holds it, which was usually written before the news),
  2. confirmed (assessed) beats claimed,
  3. higher confidence,
  4. the later observation id (the newer row: a later correction of the same day wins).
* A claimed change still wins when it is the latest: it is what we know. The result carries
  `claimed=True` so the map can mark it.
* `since` is the date the current controller's continuous run began (see "Contested and besieged"
  below for what a run is made of).
* Observations of rejected events never count: they neither win nor supersede another observation
  (a reviewer's rejection says the event did not happen as coded).
* `last_confirmed` is the date of the latest observation of the place on or before D (the winning
  observation's date); `age_days` = D - last_confirmed is what lets stale control fade on the map.

Precision supersession
----------------------
A coarse observation (date_precision week, month or year, stored as the first day of its period) is
ignored, on every date, when the same place has a day-precision `change` observation by the same camp
dated within that period extended by 7 days on both sides (week: stored date + 6 days, month: to the
month's last day, year: to 31 December; then -7/+7 days). "Kidal fell in May 2014" (2014-05-01, month)
and "Kidal fell on 21 May 2014" (day) are one change: the map shows it from 21 May, not from 1 May.
Two actors are of the same camp when they are the same actor, one is the other's side (Actor.side: an
ally's patron), or both have the same side. A coarse observation by another camp is kept.

Contested and besieged name the challenger
------------------------------------------
An observation with status `contested` or `besieged` names the attacker or besieger (the coder's
actor), not the holder. When such an observation wins on D, the place's controller stays the
incumbent: the actor of the latest `controlled` or `presence` observation before it (in the order
above) by a camp other than the challenger's; the challenger camp's own `presence` around the town is
skipped, but if its latest such observation says the challenger's camp *controls* the place, that camp
stays the controller (a later "fighting in the town" report does not undo its capture). The result
keeps the winner's status and carries `challenger_id`. When no such holder is known, the side the
winning observation itself names as under attack (its `incumbent_id`, the observation's lost_by: "rebels
attacked the army-held town") is the incumbent, since that observation's date; failing that, `actor_id`
is None (the snapshot emits `controller: null` with the challenger).
* Runs (`since`) are made of `controlled` and `presence` observations only: contested and besieged
  observations neither start nor break a run. `since` is the start of the run of the controller (the
  incumbent for a contested/besieged place): the first observation of the last unbroken sequence of
  its actor's controlled/presence observations ending at the observation that names it. Without an
  incumbent, `since` is the date of the place's earliest (non-ignored) observation on or before D.

The snapshot does not re-run these rules per request: intervals() turns a place's observations into
the consecutive periods of its control, computed by these same rules whenever the place's observations
change (events.services.control stores them), and the snapshot selector looks up the period holding
the date. The tests compare the stored periods with control_on().
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CHANGE = "change"
HOLDS = "holds"
CONTROLLED = "controlled"
CONTESTED = "contested"
BESIEGED = "besieged"
PRESENCE = "presence"
HOLDER_STATUSES = frozenset({CONTROLLED, PRESENCE})  # statuses naming who holds the place
CHALLENGER_STATUSES = frozenset({CONTESTED, BESIEGED})  # statuses naming who attacks it
DAY = "day"
COARSE_PRECISIONS = frozenset({"week", "month", "year"})
SUPERSESSION_MARGIN = datetime.timedelta(days=7)



@dataclass(frozen=True, slots=True)
class Observation:
    """One control observation as the rules need it (a plain row, whatever store it came from)."""

    id: int
    date: datetime.date
    actor_id: int
    kind: str = CHANGE
    status: str = CONTROLLED
    claimed: bool = False
    confidence: float = 0.0
    date_precision: str = "day"
    event_id: int | None = None
    side_id: int | None = None  # the actor's side (Actor.side): what makes two actors one camp
    # for a contested/besieged observation: the side the text says is under attack ("rebels attacked
    # the army-held town"), the incumbent when no holder is otherwise known (the observation's lost_by)
    incumbent_id: int | None = None
    rejected: bool = False  # its event was rejected by a reviewer: it never counts (nor supersedes)


@dataclass(frozen=True, slots=True)
class Control:
    """Who controls a place on a date, and how well we know it. `actor_id` is the controller (None
    when a contested/besieged place has no known incumbent); `challenger_id` the attacker/besieger
    named by a winning contested/besieged observation."""

    actor_id: int | None
    status: str
    since: datetime.date
    last_confirmed: datetime.date
    claimed: bool
    kind: str
    date_precision: str
    observation_id: int
    event_id: int | None
    age_days: int
    challenger_id: int | None = None


def precedence(observation: Observation) -> tuple:
    """Sort key of the rules: ascending, so the last observation on or before D is the winner.

    Mirrors the SQL ORDER BY date, (kind = 'change'), NOT claimed, confidence, id.
    """
    return (
        observation.date,
        observation.kind == CHANGE,
        not observation.claimed,
        observation.confidence,
        observation.id,
    )


def same_camp(a: Observation, b: Observation) -> bool:
    """Whether the actors of two observations are one camp: the same actor, one the other's side, or
    both with the same side (the SQL's same-camp condition is the same four tests)."""
    return (a.actor_id == b.actor_id or a.side_id == b.actor_id or b.side_id == a.actor_id
            or (a.side_id is not None and a.side_id == b.side_id))


def period_end(observation: Observation) -> datetime.date:
    """The last day of the period a coarse date stands for (the date itself for day precision)."""
    day, precision = observation.date, observation.date_precision
    if precision == "week":
        return day + datetime.timedelta(days=6)
    if precision == "month":
        following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    if precision == "year":
        return datetime.date(day.year, 12, 31)
    return day


def superseded(observation: Observation, place_observations: Sequence[Observation]) -> bool:
    """Whether a coarse observation is ignored: a day-precision change of the same place by the same
    camp is dated within its period extended by 7 days on both sides (see the module docstring)."""
    if observation.date_precision not in COARSE_PRECISIONS:
        return False
    low = observation.date - SUPERSESSION_MARGIN
    high = period_end(observation) + SUPERSESSION_MARGIN
    return any(
        other.date_precision == DAY and other.kind == CHANGE and low <= other.date <= high
        and same_camp(observation, other)
        for other in place_observations
    )


def control_on(observations: Iterable[Observation], on: datetime.date) -> Control | None:
    """The control of one place on day `on` from all its observations (all dates: a later day-precision
    change can supersede an earlier coarse one); None when none is kept and dated <= on."""
    ordered = [o for o in kept_in_order(observations) if o.date <= on]
    return _control_of(ordered, on) if ordered else None


def kept_in_order(observations: Iterable[Observation]) -> list[Observation]:
    """The observations that are not superseded, in rule order (ascending precedence): on any day D,
    the ones dated <= D are a prefix of this list, and its last element is the winner."""
    rows = [o for o in observations if not o.rejected]
    return sorted((o for o in rows if not superseded(o, rows)), key=precedence)


def _control_of(ordered: Sequence[Observation], on: datetime.date) -> Control:
    """The control on `on` from the kept observations dated <= on, in rule order (not empty)."""
    winner = ordered[-1]
    holders = [o for o in ordered if o.status in HOLDER_STATUSES]
    if winner.status in CHALLENGER_STATUSES:
        challenger_id = winner.actor_id
        incumbent = next((i for i in range(len(holders) - 1, -1, -1)
                          if holders[i].status == CONTROLLED or not same_camp(holders[i], winner)), None)
    else:
        challenger_id = None
        incumbent = len(holders) - 1 if winner.status in HOLDER_STATUSES else None
    if incumbent is None and challenger_id is not None and winner.incumbent_id not in (None, challenger_id):
        actor_id, since = winner.incumbent_id, winner.date  # the side its own report names as attacked
    elif incumbent is None:
        actor_id, since = None, ordered[0].date
    else:
        actor_id, since = holders[incumbent].actor_id, run_start(holders[: incumbent + 1])
    return Control(
        actor_id=actor_id,
        status=winner.status,
        since=since,
        last_confirmed=winner.date,
        claimed=winner.claimed,
        kind=winner.kind,
        date_precision=winner.date_precision,
        observation_id=winner.id,
        event_id=winner.event_id,
        age_days=(on - winner.date).days,
        challenger_id=challenger_id,
    )


@dataclass(frozen=True, slots=True)
class Interval:
    """The control of a place from `valid_from` (inclusive) to `valid_to` (exclusive; None: open-ended).
    `control` is control_on() on any day D of the interval, except `age_days`, which is D minus
    `control.last_confirmed` (given here for D = valid_from)."""

    valid_from: datetime.date
    valid_to: datetime.date | None
    control: Control


def intervals(observations: Iterable[Observation]) -> list[Interval]:
    """The whole control history of one place as consecutive intervals, so that control_on(observations,
    D) is found by a range lookup instead of re-running the rules over every observation for each D.

    control_on() only changes on the dates of kept observations (the kept rows dated <= D are a prefix
    of kept_in_order(), growing at those dates), so one interval per such date, computed by the same
    rules on that prefix, covers every day until the next such date. Each date brings a new winner (the
    order starts with the date), so no two consecutive intervals are alike. No interval before the
    first kept observation: control is unknown there.
    """
    ordered = kept_in_order(observations)
    out: list[Interval] = []
    end = 0
    while end < len(ordered):
        day = ordered[end].date
        while end < len(ordered) and ordered[end].date == day:
            end += 1
        valid_to = ordered[end].date if end < len(ordered) else None
        out.append(Interval(day, valid_to, _control_of(ordered[:end], day)))
    return out


def run_start(ordered: Sequence[Observation]) -> datetime.date:
    """Date of the first observation of the last run of the final actor in an ordered sequence."""
    actor = ordered[-1].actor_id
    start = len(ordered) - 1
    while start > 0 and ordered[start - 1].actor_id == actor:
        start -= 1
    return ordered[start].date


def timeline(observations: Iterable[Observation]) -> list[tuple[datetime.date, Control]]:
    """The control after each distinct observation date: the steps of the place's history."""
    rows = [o for o in observations if not o.rejected]
    dates = sorted({o.date for o in rows})
    return [(day, control) for day in dates if (control := control_on(rows, day)) is not None]
