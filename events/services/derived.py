"""What follows a correction: the fields of events and observations that are copies of something an
editor can correct, and the input checks every correction service shares.

Why a module of its own: the copies (an event's location, country, admin1 and geo_precision come from
its place; its observations' place and date come from the event; its summary names both) are made at
ingest, and every correction that changes the original must remake them the same way, whether it came
through event_update, a mention's new place or a merge. One place for each of those rules.

No transaction handling here: the callers (events.services.events, events.services.corrections) run
these inside their own control_batch(), so the intervals of every place touched are rebuilt once, at
the end of the same transaction.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable

from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.db.models import Model

from events.models import ControlObservation, Event, Place
from events.services.control import control_intervals_refresh
from events.services.ingest import geo_precision_for


def history_user(user):
    """The user to record in history: None for anonymous or missing users (a management command)."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def history_note(instance: Model, *, user: object, reason: str = "") -> None:
    """Tell django-simple-history who makes the next save or delete of `instance` (history_user) and,
    when given, why. It reads both from attributes of the instance, which the model does not declare:
    set them here, in one place, rather than as undeclared attributes at every write. An empty reason
    leaves any earlier one in place."""
    setattr(instance, "_history_user", history_user(user))  # noqa: B010 -- undeclared on the model
    if reason:
        setattr(instance, "_change_reason", reason)  # noqa: B010 -- undeclared on the model


def place_derived_fields(place: Place) -> dict:
    """The event fields copied from its place at ingest, as ingest computes them."""
    return {
        "location": Point(place.point.x, place.point.y, srid=4326),
        "country": place.country_code,
        "admin1": place.admin1_name,
        "geo_precision": geo_precision_for(place),
    }


def _date_prefix(day: datetime.date, precision: str) -> str:
    """How the coder's summary starts (events.extraction.coding.records._summary)."""
    return day.isoformat() + ("" if precision == Event.Precision.DAY else f" ({precision})")


def summary_followed(summary: str, *, old_date: datetime.date, old_precision: str, new_date: datetime.date,
                     new_precision: str, old_place: str | None, new_place: str | None) -> str:
    """The summary with the old date prefix and the old place's name replaced by the new ones.

    The machine's summary is built from coded fields ("2017-11-17: X takes control of Rawa"), so it
    goes stale when the date or the place is corrected; a summary an editor wrote in other words is
    left as it is wherever the old values are not found."""
    old_prefix, new_prefix = _date_prefix(old_date, old_precision), _date_prefix(new_date, new_precision)
    if old_prefix != new_prefix and summary.startswith(old_prefix + ":"):
        summary = new_prefix + summary[len(old_prefix):]
    if old_place and new_place and old_place != new_place:
        summary = re.sub(rf"(?<!\w){re.escape(old_place)}(?!\w)", lambda _m: new_place, summary)
    return summary


def observations_follow_event(*, event: Event, user, reason: str = "") -> int:
    """Give the event's control observations its place, date and date precision (an observation is
    the control reading of its event: the coder copied them at ingest). Returns how many changed.
    Each is saved on its own, so history records it with the user and the control receivers note both
    its old and new place for the rebuild."""
    changed = 0
    for observation in ControlObservation.objects.select_for_update().filter(event=event):
        if event.place_id is None:
            continue  # no place to move to: the observation keeps its own
        wanted = {"place_id": event.place_id, "date": event.date, "date_precision": event.date_precision}
        if all(getattr(observation, field) == value for field, value in wanted.items()):
            continue
        for field, value in wanted.items():
            setattr(observation, field, value)
        observation.version += 1
        observation.edited = True
        history_note(observation, user=user, reason=reason)
        observation.save()
        changed += 1
    return changed


def status_follows(*, events: Iterable[Event]) -> None:
    """Observations of rejected events stop counting (and count again when the event is restored):
    their places' control intervals are rebuilt."""
    control_intervals_refresh(place_ids=set(
        ControlObservation.objects.filter(event__in=[e.pk for e in events]).values_list("place_id", flat=True)))


# --- input checks shared by the correction services --------------------------------------------


def as_date(value, field: str) -> datetime.date:
    """A date from a date or an ISO string; ValidationError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: f"not a date (YYYY-MM-DD): {value!r}"}) from None


def as_instance(model, value, field: str):
    """A row of `model` from an instance or an id; ValidationError when there is none."""
    if value is None or isinstance(value, model):
        return value
    try:
        return model.objects.get(pk=int(value))
    except (TypeError, ValueError, model.DoesNotExist):
        raise ValidationError({field: f"no {model._meta.verbose_name} with id {value!r}"}) from None


def as_point(value, field: str = "location") -> Point:
    """A WGS84 point from a Point, [lon, lat] or a GeoJSON Point; coordinates checked."""
    if isinstance(value, Point):
        point = value
    elif isinstance(value, list | tuple) and len(value) == 2:
        try:
            point = Point(float(value[0]), float(value[1]), srid=4326)
        except (TypeError, ValueError):
            raise ValidationError({field: f"not a [lon, lat] pair: {value!r}"}) from None
    else:
        geometry = as_geometry(value, field)
        if not isinstance(geometry, Point):
            raise ValidationError({field: "not a Point"})
        point = geometry
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise ValidationError({field: "coordinates out of range (lon -180..180, lat -90..90)"})
    if point.srid is None:
        point.srid = 4326
    return point


def as_geometry(value, field: str = "geometry") -> GEOSGeometry:
    """A geometry from GEOSGeometry, a GeoJSON geometry or Feature (dict or text), or WKT."""
    if isinstance(value, GEOSGeometry):
        return value
    if isinstance(value, dict):
        value = value.get("geometry", value) if value.get("type") == "Feature" else value
        value = json.dumps(value)
    try:
        geometry = GEOSGeometry(str(value))
    except (GEOSException, ValueError, TypeError):
        raise ValidationError({field: "not a geometry (GeoJSON or WKT)"}) from None
    if geometry.srid is None:
        geometry.srid = 4326
    return geometry


def as_multipolygon(value, field: str = "geometry") -> MultiPolygon:
    """A valid WGS84 MultiPolygon from a Polygon or MultiPolygon in any form as_geometry reads."""
    geometry = as_geometry(value, field)
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    if not isinstance(geometry, MultiPolygon):
        raise ValidationError({field: f"a control area is a Polygon or MultiPolygon, not a {geometry.geom_type}"})
    if geometry.srid != 4326:
        geometry.transform(4326)
    if geometry.empty or not geometry.valid:
        raise ValidationError({field: f"invalid polygon: {geometry.valid_reason}"})
    minx, miny, maxx, maxy = geometry.extent
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValidationError({field: "coordinates out of range (lon -180..180, lat -90..90)"})
    return geometry


def as_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"must be one of {', '.join(choices.values)}, not {value!r}"})
    return value


def editor_values(data: dict, *, foreign: dict, allowed: Iterable[str], convert: dict, refusal: str) -> dict:
    """Editor input as model values: `<fk>_id` keys become instances of their model (`foreign`), the
    fields in `convert` go through their converter (value, key) -> value, a key outside `allowed` is a
    ValidationError saying `refusal`."""
    out = {}
    for key, value in data.items():
        field = key[:-3] if key.endswith("_id") and key[:-3] in foreign else key
        if field not in allowed:
            raise ValidationError({key: refusal})
        if field in foreign:
            value = as_instance(foreign[field], value, key)
        elif field in convert:
            value = convert[field](value, key)
        out[field] = value
    return out


def check_fields(instance, fields: Iterable[str]) -> None:
    """Run the model's own field validation (choices, lengths, ranges) on the changed fields only, so
    an old row with a value today's rules reject can still be corrected elsewhere."""
    names = {instance._meta.get_field(name).name for name in fields}
    exclude = [f.name for f in instance._meta.concrete_fields if f.name not in names]
    instance.clean_fields(exclude=exclude)
