"""Writes of events: editors' corrections with an optimistic lock and history (django-simple-history),
and the repair of the stored export texts (EventFeature)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from events.models import Event, EventFeature


class StaleEdit(Exception):
    """The event changed since the editor opened the form: their save would overwrite that change."""


def event_update(*, event_id: int, expected_version: int, changes: dict, user) -> Event:
    """Apply an editor's changes if nobody saved in between; mark the event edited (kept by reextract)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.version != expected_version:
            raise StaleEdit(f"event {event_id} was changed by someone else (version {event.version}, "
                            f"your form had {expected_version}); reload to see their change")
        for field, value in changes.items():
            setattr(event, field, value)
        if "place" in changes and changes["place"] is not None and "location" not in changes:
            event.location = changes["place"].point
        event.version += 1  # safe: the row is locked (select_for_update)
        event.edited = True
        event._history_user = user
        event.save()
    return event


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
