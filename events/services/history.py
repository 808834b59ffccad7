"""Revert: put a row back as one of its history records showed it, through the same correction
service as any edit (so what follows an edit follows a revert too: observations, control intervals,
stored features; and the revert is itself a new history record with its user)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from events.models import ControlArea, ControlObservation, Event, Mention
from events.selectors.history import history_model
from events.services.corrections import (
    area_create,
    area_update,
    event_update,
    mention_place_set,
    observation_create,
    observation_update,
)
from events.services.events import EVENT_EDITABLE

_OBSERVATION_FIELDS = ["place_id", "actor_id", "lost_by_id", "status", "kind", "date", "date_precision", "claimed",
                       "confidence", "event_id", "source_id", "evidence"]
_AREA_FIELDS = ["geometry", "actor_id", "valid_from", "valid_to", "parameters", "note"]


def history_revert(*, model, object_id: int, history_id: int, user):
    """Make the row what history record `history_id` says it was (a deleted observation or area is
    created again, with a new id). Returns the row. ValidationError when the record is not one of
    this row's or is a deletion record."""
    model = history_model(model)
    record = model.history.filter(id=object_id, history_id=history_id).first()
    if record is None:
        raise ValidationError({"history_id": f"no history record {history_id} of {model.__name__} {object_id}"})
    if record.history_type == "-":
        raise ValidationError({"history_id": "that record is the deletion; pick one before it"})
    current = model.objects.filter(pk=object_id).first()
    if model is Event:
        if current is None:
            raise ValidationError("a deleted event cannot be reverted")
        changes = _differences(record, current, [_attname(Event, f) for f in sorted(EVENT_EDITABLE)])
        return event_update(event_id=object_id, expected_version=current.version, changes=changes, user=user)
    if model is Mention:
        return mention_place_set(mention_id=object_id, place_id=record.place_id, user=user)
    if model is ControlObservation:
        if current is None:
            return observation_create(data={f: getattr(record, f) for f in _OBSERVATION_FIELDS}, user=user)
        return observation_update(observation_id=object_id, user=user,
                                  changes=_differences(record, current, _OBSERVATION_FIELDS))
    if model is ControlArea:
        if current is None:
            return area_create(geometry=record.geometry, actor_id=record.actor_id, valid_from=record.valid_from,
                               valid_to=record.valid_to, parameters=record.parameters, user=user)
        return area_update(area_id=object_id, changes=_differences(record, current, _AREA_FIELDS), user=user)
    raise ValidationError(f"{model.__name__} has no revert")  # pragma: no cover (history_model refuses it)


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


def _differences(record, current, attnames: list[str]) -> dict:
    """The fields whose recorded value differs from the row's now ({attname: recorded value})."""
    changes = {}
    for name in attnames:
        old, now = getattr(record, name), getattr(current, name)
        if hasattr(old, "equals_exact") and now is not None:
            if not old.equals_exact(now):
                changes[name] = old
        elif old != now:
            changes[name] = old
    return changes
