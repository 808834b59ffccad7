"""Reads of history: what each save of an event, control observation or area changed, field by field,
with who and when (django-simple-history keeps one full row per save; the diff is computed here so a
page or the API can show "date: 2017-11-17 -> 2017-11-25, by ana, 7 Dec 12:03")."""

from __future__ import annotations

from django.db import models

from events.models import ControlArea, ControlObservation, Event, Mention

# Models whose history editors read and revert, by the name the API and pages use.
HISTORY_MODELS: dict[str, type[models.Model]] = {
    "event": Event, "observation": ControlObservation, "area": ControlArea, "mention": Mention,
}
# Bookkeeping every save changes: not news to a reader.
_SKIPPED = frozenset({"version"})


def history_model(name: str | type[models.Model]) -> type[models.Model]:
    """The model for a name of HISTORY_MODELS (or the model itself); KeyError for others."""
    if isinstance(name, type):
        if name not in HISTORY_MODELS.values():
            raise KeyError(name.__name__)
        return name
    return HISTORY_MODELS[name]


def history_diff(*, model, object_id: int) -> list[dict]:
    """Every save of one row, newest first: {history_id, type (+ created, ~ changed, - deleted), who,
    when, reason, changes: [{field, old, new}]}. Values are shown as text (ids of foreign keys as ids,
    geometries as WKT rounded by the database's text)."""
    model = history_model(model)
    records = list(model.history.filter(id=object_id).select_related("history_user")
                   .order_by("-history_date", "-history_id"))
    out = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [{"field": change.field, "old": _shown(change.old), "new": _shown(change.new)}
                       for change in delta.changes if change.field not in _SKIPPED]
        elif record.history_type == "+":
            changes = [{"field": field.name, "old": None, "new": _shown(getattr(record, field.attname))}
                       for field in _tracked_fields(model) if getattr(record, field.attname) not in (None, "", [])]
        out.append({
            "history_id": record.history_id, "type": record.history_type,
            "who": record.history_user.get_username() if record.history_user else None,
            "when": record.history_date.isoformat(), "reason": record.history_change_reason or "",
            "changes": changes,
        })
    return out


def _tracked_fields(model) -> list[models.Field]:
    historical = {f.attname for f in model.history.model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.attname in historical and f.name not in _SKIPPED
            and not f.primary_key]


def _shown(value):
    """A JSON-friendly view of a stored value."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if hasattr(value, "wkt"):
        return value.wkt
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
