"""Writes of events: editors' corrections with an optimistic lock and history (django-simple-history),
and the repair of the stored export texts (EventFeature). The other corrections (mentions, status,
merges, observations, areas) are in events.services.corrections."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from events.models import Actor, Event, EventFeature, Place
from events.services.control import control_batch
from events.services.derived import (
    as_choice,
    as_date,
    as_point,
    check_fields,
    editor_values,
    history_note,
    observations_follow_event,
    place_derived_fields,
    status_follows,
    summary_followed,
)


class StaleEdit(Exception):
    """The row changed since the editor opened the form: their save would overwrite that change."""


# Fields an editor may set on an event. `status` is here for the editor form; the review permission
# (events.review_event) is the caller's check, as every permission is. Foreign keys may be given as
# instances or, with the `_id` suffix, as ids.
EVENT_EDITABLE = frozenset({
    "date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place", "location",
    "geo_precision", "country", "admin1", "fatalities", "summary", "status", "confidence",
})
_EVENT_FOREIGN = {"actor1": Actor, "actor2": Actor, "place": Place}


def event_update(*, event_id: int, expected_version: int, changes: dict, user) -> Event:
    """Apply an editor's changes if nobody saved in between (else StaleEdit, nothing written), in one
    transaction with everything that copies them:

    * a new place moves the event (location, country, admin1, geo_precision) unless those are given;
    * the machine's summary takes the new date and place name (derived.summary_followed);
    * the event's control observations take its place, date and date precision, and the control
      intervals of the old and new places are rebuilt; a status in or out of `rejected` takes its
      observations out of (or back into) the control rules;
    * the stored GeoJSON text and tile counts follow through the triggers on events_event.

    The event is marked edited (kept by re-extraction), its version bumped, and history records the
    user. Bad input raises ValidationError."""
    changes = _event_changes(changes)
    with control_batch():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.version != expected_version:
            raise StaleEdit(f"event {event_id} was changed by someone else (version {event.version}, "
                            f"your form had {expected_version}); reload to see their change")
        old_date, old_precision = event.date, event.date_precision
        old_status, old_place = event.status, event.place
        for field, value in changes.items():
            setattr(event, field, value)
        if event.place is not None and event.place != old_place:
            for field, value in place_derived_fields(event.place).items():
                if field not in changes:
                    setattr(event, field, value)
        check_fields(event, changes)
        if "summary" not in changes:
            event.summary = summary_followed(
                event.summary, old_date=old_date, old_precision=old_precision, new_date=event.date,
                new_precision=event.date_precision,
                old_place=old_place.name if old_place is not None else None,
                new_place=event.place.name if event.place is not None else None)
        event.version += 1  # safe: the row is locked (select_for_update)
        event.edited = True
        history_note(event, user=user)
        event.save()
        observations_follow_event(event=event, user=user, reason=f"event {event.pk} edited")
        if (old_status == Event.Status.REJECTED) != (event.status == Event.Status.REJECTED):
            status_follows(events=[event])
    return event


_EVENT_CONVERT = {
    "date": as_date,
    "location": as_point,
    "status": lambda value, key: as_choice(value, Event.Status, key),
}


def _event_changes(changes: dict) -> dict:
    """Editor input as model values: `_id` keys to instances, dates parsed; unknown fields refused."""
    return editor_values(changes, foreign=_EVENT_FOREIGN, allowed=EVENT_EDITABLE, convert=_EVENT_CONVERT,
                         refusal="not a field an editor can change")


def event_features_refresh(*, event_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored GeoJSON Feature texts of the given events (all when None); returns how many.

    Triggers keep the texts current on every write (EventFeature); this is the repair for rows written
    with triggers disabled (`session_replication_role = replica`, a restore of table data alone) and
    lets tests check that what the triggers stored is what a fresh computation gives."""
    ids = list(Event.objects.values_list("pk", flat=True)) if event_ids is None else list(event_ids)
    with transaction.atomic():
        if event_ids is None:  # texts left by events deleted with triggers disabled
            EventFeature.objects.exclude(event_id__in=Event.objects.values("pk")).delete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT events_feature_refresh(%s::bigint[])", [ids])
    return len(ids)
