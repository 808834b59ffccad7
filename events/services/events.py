"""Writes by editors: event corrections with an optimistic lock and history (django-simple-history)."""

from __future__ import annotations

from django.db import transaction

from events.models import Event


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
