"""Writes of territorial control: the derived ControlInterval table and the snapshot cache stamp.

The control snapshot (events.selectors.control) reads stored intervals instead of running the rules
over every observation per request, so the intervals must follow every write. One function does it,
control_intervals_refresh(): it recomputes the intervals of the given places with the rules of
events.control.rules (plain Python, the same ones the place history uses) and renews the cache stamp
(events.models.ControlVersion), in the caller's transaction. Every path that writes observations reaches it:

* single saves and deletes (the admin, ingest's creates, cascades from a deleted event, source or
  place) through the post_save/post_delete receivers below;
* bulk ORM writes (update(), bulk_create(), bulk_update() of a queryset) through the signal
  events.signals.control_observations_written, which events.models.ControlObservationQuerySet sends
  (declared below both, so the models import no service); delete() of a queryset sends post_delete
  per row;
* a change of an actor's side (which decides who is in one camp: supersession and incumbents) through
  the Actor receivers below, for the places that actor has observations of.

Writers of many rows wrap their work in control_batch(): receivers then only note the places, and
each is rebuilt once when the batch ends (ingest of one article, re-extraction of one source, bulk
queryset writes). Raw SQL that bypasses the ORM must call control_intervals_refresh() itself, or
`manage.py derived_rebuild control` afterwards.

The receivers are connected when EventsConfig.ready imports this module.
"""

from __future__ import annotations

import contextvars
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from events.control import rules
from events.models import (
    Actor,
    ControlArea,
    ControlInterval,
    ControlObservation,
    ControlVersion,
    Event,
    Place,
)
from events.signals import control_observations_written

_BATCH_SIZE = 2000  # places per read of observations (the id list travels as one array parameter)


class _Batch:
    """What a control_batch() has to do when it ends."""

    def __init__(self) -> None:
        self.places: set[int] = set()
        self.invalidate = False


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("control_batch", default=None)


@contextmanager
def control_batch() -> Iterator[None]:
    """A transaction in which control writes only note the places they touch; their intervals are
    rebuilt once, and the cache stamp renewed once, when the block ends without an error (inside the
    transaction, so readers never see observations without their intervals). An error rolls the whole
    block back, writes and all, so nothing is left to rebuild. Nested batches hand their places to the
    outermost one."""
    outer = _batch.get()
    batch = _Batch()
    with transaction.atomic():
        token = _batch.set(batch)
        try:
            yield
        finally:
            _batch.reset(token)
        if outer is not None:
            outer.places |= batch.places
            outer.invalidate |= batch.invalidate
        else:
            if batch.places:
                _intervals_rebuild(batch.places)
            if batch.places or batch.invalidate:
                _stamp_renew()


def control_intervals_refresh(*, place_ids: Iterable[int | None]) -> None:
    """Recompute the ControlIntervals of these places from all their observations and make every
    cached snapshot stale. Inside control_batch() the work waits for the end of the batch."""
    places = {pk for pk in place_ids if pk is not None}
    if not places:
        return
    batch = _batch.get()
    if batch is not None:
        batch.places |= places
        return
    with transaction.atomic():
        _intervals_rebuild(places)
        _stamp_renew()


def control_cache_invalidate() -> None:
    """Make every cached control snapshot stale (a drawn area or a place changed: no interval to
    rebuild). Inside control_batch() it happens once, at the end of the batch."""
    batch = _batch.get()
    if batch is not None:
        batch.invalidate = True
        return
    _stamp_renew()


def control_rebuild() -> int:
    """Rebuild the intervals of every place with observations, and drop those of places without any
    (after raw SQL writes that bypassed the ORM, or to check the table). Returns the number of places."""
    with transaction.atomic():
        observed = set(ControlObservation.objects.values_list("place_id", flat=True).distinct())
        ControlInterval.objects.exclude(place_id__in=observed).delete()
        _intervals_rebuild(observed)
        _stamp_renew()
    return len(observed)


def _intervals_rebuild(place_ids: set[int]) -> None:
    """Delete and recreate the intervals of the places (the rules are cheap next to the round trips:
    ~5 observations a place, and even a place with hundreds takes milliseconds).

    The place rows are locked first (FOR NO KEY UPDATE, in id order), so two transactions rebuilding
    the same place take turns, and the second reads the observations the first committed: without it,
    each would write intervals from the observations it alone sees, and the second would add its rows
    beside the first's. (New observations only take a key-share lock on their place: not blocked.)"""
    ordered = sorted(place_ids)
    for start in range(0, len(ordered), _BATCH_SIZE):
        chunk = ordered[start:start + _BATCH_SIZE]
        list(Place.objects.filter(pk__in=chunk).order_by("pk").select_for_update(no_key=True)
             .values_list("pk", flat=True))
        by_place: dict[int, list[rules.Observation]] = defaultdict(list)
        rows = (ControlObservation.objects.filter(place_id__in=chunk)
                .values_list("place_id", "pk", "date", "actor_id", "kind", "status", "claimed", "confidence",
                             "date_precision", "event_id", "actor__side_id", "event__status", "lost_by_id"))
        for (place_id, pk, day, actor_id, kind, status, claimed, confidence, precision, event_id, side_id,
             event_status, lost_by_id) in rows:
            by_place[place_id].append(rules.Observation(
                id=pk, date=day, actor_id=actor_id, kind=kind, status=status, claimed=claimed,
                confidence=confidence, date_precision=precision, event_id=event_id, side_id=side_id,
                rejected=event_status == Event.Status.REJECTED, incumbent_id=lost_by_id))
        ControlInterval.objects.filter(place_id__in=chunk).delete()
        ControlInterval.objects.bulk_create(
            [_interval_row(place_id, interval)
             for place_id, observations in by_place.items() for interval in rules.intervals(observations)],
            batch_size=5000,
        )


def _interval_row(place_id: int, interval: rules.Interval) -> ControlInterval:
    control = interval.control
    return ControlInterval(
        place_id=place_id, valid_from=interval.valid_from, valid_to=interval.valid_to,
        actor_id=control.actor_id, challenger_id=control.challenger_id, status=control.status,
        since=control.since, last_confirmed=control.last_confirmed, claimed=control.claimed,
        kind=control.kind, date_precision=control.date_precision, observation_id=control.observation_id,
        event_id=control.event_id,
    )


def _stamp_renew() -> None:
    """A new stamp in the caller's transaction: it is visible (and the snapshots cached under the old
    one unreachable) exactly when the write commits."""
    stamp = secrets.randbits(63)
    if not ControlVersion.objects.filter(pk=1).update(stamp=stamp):
        ControlVersion.objects.update_or_create(pk=1, defaults={"stamp": stamp})


# --- receivers: single-row writes through the ORM ----------------------------------------------


@receiver(pre_save, sender=ControlObservation)
def _observation_place_before(instance: ControlObservation, **_kwargs) -> None:
    """Note the stored place of an edited observation: moving it to another place changes both."""
    if not instance._state.adding and instance.pk is not None:
        before = ControlObservation.objects.filter(pk=instance.pk).values_list("place_id", flat=True).first()
        setattr(instance, "_control_place_before", before)  # noqa: B010 -- a note for post_save, undeclared


@receiver(post_save, sender=ControlObservation)
@receiver(post_delete, sender=ControlObservation)
def _observation_written(instance: ControlObservation, **_kwargs) -> None:
    control_intervals_refresh(place_ids={instance.place_id, getattr(instance, "_control_place_before", None)})


@receiver(control_observations_written, sender=ControlObservation)
def _observations_bulk_written(place_ids: set[int], **_kwargs) -> None:
    control_intervals_refresh(place_ids=place_ids)


@receiver(pre_save, sender=Actor)
def _actor_side_before(instance: Actor, **_kwargs) -> None:
    """Note the stored side of an edited actor: a new side changes who is in its camp."""
    if not instance._state.adding and instance.pk is not None:
        before = Actor.objects.filter(pk=instance.pk).values_list("side_id", flat=True).first()
        setattr(instance, "_control_side_before", before)  # noqa: B010 -- a note for post_save, undeclared


@receiver(post_save, sender=Actor)
def _actor_written(instance: Actor, created: bool, **_kwargs) -> None:
    if created or getattr(instance, "_control_side_before", instance.side_id) == instance.side_id:
        return
    control_intervals_refresh(place_ids=_places_of_actors([instance.pk]))


@receiver(pre_delete, sender=Actor)
def _actor_allies_before(instance: Actor, **_kwargs) -> None:
    """Deleting an actor clears the side of its allies (SET_NULL, no signal): note their places."""
    allies = _places_of_actors(Actor.objects.filter(side=instance).values("pk"))
    setattr(instance, "_control_ally_places", allies)  # noqa: B010 -- a note for post_delete, undeclared


@receiver(post_delete, sender=Actor)
def _actor_deleted(instance: Actor, **_kwargs) -> None:
    control_intervals_refresh(place_ids=getattr(instance, "_control_ally_places", ()))


def _places_of_actors(actor_ids) -> set[int]:
    return set(ControlObservation.objects.filter(actor_id__in=actor_ids).values_list("place_id", flat=True)
               .distinct())


@receiver(post_save, sender=ControlArea)
@receiver(post_delete, sender=ControlArea)
@receiver(post_save, sender=Place)
def _snapshot_input_written(**_kwargs) -> None:
    """A drawn area, or a place's name or point, is part of cached snapshots. (A deleted place takes
    its observations with it: their receivers rebuild it.)"""
    control_cache_invalidate()
