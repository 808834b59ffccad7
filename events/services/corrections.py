"""Editors' corrections: one service per correction, one transaction each, and everything derived follows.

Why one place: a correction must reach the map, the exports, the tiles and the control timeline at once,
whoever makes it (the editor API, the editor pages, the admin). So every write path calls these
functions, which

* lock the row and check its `version` where the model has one (a stale form raises
  events.services.events.StaleEdit, HTTP 409, and writes nothing);
* validate their input (django.core.exceptions.ValidationError, HTTP 400);
* carry the change over to what was coded from the corrected row: a mention's place moves its events
  and their observations, an event's date/place/status moves its observations, and the control
  intervals are rebuilt in the same transaction (events.services.control); the stored GeoJSON texts
  and tile counts follow through PostgreSQL triggers on events_event;
* mark the rows `edited` so re-extraction keeps them, and record history with the user
  (django-simple-history).

Permissions (who may call what) are the caller's job: PermissionDenied is raised by the API and pages.
"""

from __future__ import annotations

import uuid

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.extraction.text import search_key
from events.models import Actor, ControlArea, ControlObservation, Event, Mention, Place, PlaceName, Source
from events.selectors.extractor import USER_NAME_SOURCE
from events.services.control import control_batch
from events.services.derived import (
    as_choice,
    as_date,
    as_instance,
    as_multipolygon,
    check_fields,
    editor_values,
    history_note,
    history_user,
    observations_follow_event,
    place_derived_fields,
    status_follows,
    summary_followed,
)
from events.services.events import StaleEdit, event_update
from events.services.mentions import mention_add, mention_source_reextract

__all__ = [
    "StaleEdit",
    "area_create",
    "area_delete",
    "area_update",
    "event_status_set",
    "event_update",
    "events_merge",
    "mention_add",
    "mention_place_set",
    "observation_create",
    "observation_delete",
    "observation_update",
]



# --- mentions ------------------------------------------------------------------------------------


def mention_place_set(*, mention_id: int, place_id: int | None = None, new_place: dict | None = None,
                      user) -> Mention:
    """Set the place a mention refers to: an existing place (`place_id`), a new place of origin `user`
    (`new_place` = {"name", "lat", "lon", "feature_code"?, "country_code"?}), or none ("not a place":
    both None). The events coded from the mention and their control observations move with it
    (location, country, admin1, geo_precision, summary); "not a place" rejects those events, so they
    leave the map and the control rules. The name becomes a user alias of the place (PlaceName with
    source "user"), which the resolver prefers for the same name in articles about that country from
    the next article on (events.selectors.extractor)."""
    if place_id is not None and new_place is not None:
        raise ValidationError("give place_id or new_place, not both")
    with control_batch():
        mention = Mention.objects.select_for_update().select_related("source").get(pk=mention_id)
        if new_place is not None:
            place = _user_place_create(new_place, user)
        else:
            place = as_instance(Place, place_id, "place_id")
        before = mention.place
        mention.place = place
        mention.status = Mention.Status.CORRECTED if place is not None else Mention.Status.REJECTED
        mention.reviewed_by = history_user(user)
        mention.reviewed_at = timezone.now()
        history_note(mention, user=user)
        mention.save()
        coded = list(Event.objects.select_for_update(of=("self",)).select_related("place").filter(mention=mention))
        for event in coded:
            _event_follows_mention(event, _place_for_event(event, before, place), user)
        if place is not None:
            _user_alias_add(place, mention.text)
            if not coded:  # nothing was coded without a place: the article is coded again with it
                mention_source_reextract(mention=mention)
    if place is not None:
        _resolver_teach()
    return mention


def _place_for_event(event: Event, before: Place | None, place: Place | None) -> Place | None:
    """Where an event coded from the corrected mention goes: the mention's new place, except for an
    event at a place the text put below the gazetteer inside the mention's place ("the village of X
    near Rawa", a derived place with Rawa as container): that place moves with its container, keeping
    its name and its offset from the container."""
    old = event.place
    if place is None or old is None or before is None or not old.approximate or old.container_id != before.pk:
        return place
    from events.services.ingest import derived_place_get_or_create  # the one rule for keying derived places

    if not old.name:
        return place
    dx, dy = old.point.x - before.point.x, old.point.y - before.point.y
    return derived_place_get_or_create(container=place, name=old.name, feature_code=old.feature_code,
                                       lon=place.point.x + dx, lat=place.point.y + dy)


def _event_follows_mention(event: Event, place: Place | None, user) -> None:
    """An event coded from a corrected mention takes its place; with no place it is rejected."""
    old_place = event.place
    old_status = event.status
    if place is None:
        event.status = Event.Status.REJECTED
    else:
        event.place = place
        for field, value in place_derived_fields(place).items():
            setattr(event, field, value)
        event.summary = summary_followed(
            event.summary, old_date=event.date, old_precision=event.date_precision, new_date=event.date,
            new_precision=event.date_precision, old_place=old_place.name if old_place is not None else None,
            new_place=place.name)
    event.version += 1
    event.edited = True
    history_note(event, user=user, reason=f"mention {event.mention_id} corrected")
    event.save()
    observations_follow_event(event=event, user=user, reason=f"mention {event.mention_id} corrected")
    if old_status != event.status:
        status_follows(events=[event])


def _user_place_create(data: dict, user) -> Place:
    """A place an editor pinned on the map (a village the gazetteer lacks): origin `user`, its country
    and first-level region found from the boundaries it falls in when not given."""
    if not isinstance(data, dict):
        raise ValidationError({"new_place": "an object {name, lat, lon, feature_code?, country_code?}"})
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 200:
        raise ValidationError({"name": "a place needs a name (at most 200 characters)"})
    try:
        lat, lon = float(data["lat"]), float(data["lon"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError({"lat": "lat and lon are numbers"}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"lat": "coordinates out of range (lon -180..180, lat -90..90)"})
    point = Point(lon, lat, srid=4326)
    feature_code = str(data.get("feature_code") or "PPL").upper()[:10]
    country = str(data.get("country_code") or "").upper()[:2] or _containing(point, "PCL").country_code
    region = _containing(point, "ADM1", country)
    place = Place(
        key=f"user:{uuid.uuid4().hex}", name=name, ascii_name=name, feature_code=feature_code,
        feature_class=_FEATURE_CLASS.get(feature_code[:3], feature_code[:1] if feature_code else ""),
        country_code=country, admin1_code=region.admin1_code, admin1_name=region.admin1_name or region.name,
        point=point, origin=Place.Origin.USER, note=f"placed by {getattr(user, 'username', '') or 'an editor'}",
    )
    check_fields(place, ["name", "feature_code", "country_code"])
    history_note(place, user=user)
    place.save()
    PlaceName.objects.create(place=place, name=name, key=search_key(name), is_preferred=True,
                             source=USER_NAME_SOURCE)
    return place


_FEATURE_CLASS = {"PPL": "P", "ADM": "A", "PCL": "A", "MIL": "S", "AIR": "S", "BDG": "S", "CMP": "S"}


def _containing(point: Point, code_prefix: str, country: str = "") -> Place:
    """The boundary place (country or region) whose area holds the point; an empty Place if none."""
    places = Place.objects.filter(feature_code__startswith=code_prefix, area__intersects=point)
    if country:
        places = places.filter(country_code=country)
    return places.order_by("-population").first() or Place(name="", admin1_name="", admin1_code="",
                                                            country_code=country)


def _user_alias_add(place: Place, name: str) -> None:
    """The mention's words become a name of the place (source "user"), unless it has that name."""
    name = name.strip()[:400]
    key = search_key(name)
    if name and key and not PlaceName.objects.filter(place=place, name=name).exists():
        PlaceName.objects.create(place=place, name=name, key=key[:400], source=USER_NAME_SOURCE)


def _resolver_teach() -> None:
    """Tell the running extractor at once (the next article benefits without a recompiled index)."""
    from events.selectors.extractor import user_names_refresh

    user_names_refresh()


# --- events ----------------------------------------------------------------------------------------


def event_status_set(*, event_id: int, status: str, user) -> Event:
    """Set an event's review status (extracted / reviewed / rejected). A rejected event leaves the map,
    the exports and the tiles (filters and triggers read the status) and the control rules (its
    observations stop counting: their places' intervals are rebuilt here); bumps the version and marks
    the event edited, so re-extraction keeps the reviewer's decision."""
    as_choice(status, Event.Status, "status")
    with control_batch():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.status == status:
            return event
        event.status = status
        event.version += 1
        event.edited = True
        history_note(event, user=user)
        event.save()
        status_follows(events=[event])
    return event


def events_merge(*, event_ids: list[int], user) -> Event:
    """Merge duplicate events into the oldest (lowest id, the one links most likely point to): it gains
    every source, evidence span and control observation of the others (an observation saying the
    same as one it has is dropped), the highest fatalities and confidence. The others are rejected
    rather than deleted, with "merged into N" in their history, so their ids stay resolvable."""
    try:
        ids = sorted({int(pk) for pk in event_ids})
    except (TypeError, ValueError):
        raise ValidationError({"ids": "a list of event ids"}) from None
    if len(ids) < 2:
        raise ValidationError({"ids": "a merge needs at least two different events"})
    with control_batch():
        events = list(Event.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        missing = set(ids) - {e.pk for e in events}
        if missing:
            raise ValidationError({"ids": f"no event with id {', '.join(map(str, sorted(missing)))}"})
        kept, others = events[0], events[1:]
        seen = {_observation_key(o) for o in kept.control_observations.all()}
        for other in others:
            kept.sources.add(*other.sources.all())
            for item in other.evidence or []:
                if item not in kept.evidence:
                    kept.evidence.append(item)
            if other.fatalities is not None:
                kept.fatalities = max(kept.fatalities or 0, other.fatalities)
            kept.confidence = max(kept.confidence, other.confidence)
            for observation in ControlObservation.objects.select_for_update().filter(event=other):
                history_note(observation, user=user, reason=f"event {other.pk} merged into {kept.pk}")
                if _observation_key(observation) in seen:
                    observation.delete()
                    continue
                seen.add(_observation_key(observation))
                observation.event = kept
                observation.version += 1
                observation.edited = True
                observation.save()
            other.status = Event.Status.REJECTED
            other.version += 1
            other.edited = True
            history_note(other, user=user, reason=f"merged into event {kept.pk}")
            other.save()
        kept.version += 1
        kept.edited = True
        history_note(kept, user=user, reason=f"merged events {', '.join(str(o.pk) for o in others)}")
        kept.save()
        status_follows(events=events)
    return kept


def _observation_key(observation: ControlObservation) -> tuple:
    return (observation.place_id, observation.actor_id, observation.status, observation.kind, observation.date,
            observation.claimed)


# --- control observations ------------------------------------------------------------------------


_OBSERVATION_FOREIGN = {"place": Place, "actor": Actor, "lost_by": Actor, "event": Event, "source": Source}
_OBSERVATION_FIELDS = frozenset({*_OBSERVATION_FOREIGN, "status", "kind", "date", "date_precision", "claimed",
                                 "confidence", "evidence"})


_OBSERVATION_CONVERT = {
    "date": as_date,
    "status": lambda value, key: as_choice(value, ControlObservation.Status, key),
    "kind": lambda value, key: as_choice(value, ControlObservation.Kind, key),
    "date_precision": lambda value, key: as_choice(value, Event.Precision, key),
    "claimed": lambda value, key: bool(value),
    "evidence": lambda value, key: str(value or ""),
}


def _observation_values(data: dict) -> dict:
    """Editor input as model values (`_id` keys to instances, dates parsed); unknown keys refused."""
    return editor_values(data, foreign=_OBSERVATION_FOREIGN, allowed=_OBSERVATION_FIELDS,
                         convert=_OBSERVATION_CONVERT, refusal="not a field of a control observation")


def observation_create(*, data: dict, user) -> ControlObservation:
    """A hand-made control observation: {"place_id", "actor_id", "status", "kind", "date",
    "date_precision"?, "claimed"?, "evidence"?, "source_id"?, "lost_by_id"?, "event_id"?}.
    Marked edited (kept by re-extraction); the place's control intervals are rebuilt in the same
    transaction, so /api/control.geojson shows it at once."""
    values = _observation_values(data)
    for required in ("place", "actor", "date"):
        if values.get(required) is None:
            raise ValidationError({f"{required}_id" if required != "date" else "date": "required"})
    observation = ControlObservation(**{"edited": True, "confidence": 1.0, **values})
    check_fields(observation, values)
    history_note(observation, user=user)
    with control_batch():
        observation.save()
    return observation


def observation_update(*, observation_id: int, changes: dict, user,
                       expected_version: int | None = None) -> ControlObservation:
    """Change fields of an observation (same keys as observation_create); a stale expected_version
    raises StaleEdit and writes nothing. Marked edited; the old and new places' intervals are rebuilt."""
    values = _observation_values(changes)
    with control_batch():
        observation = ControlObservation.objects.select_for_update().get(pk=observation_id)
        if expected_version is not None and observation.version != expected_version:
            raise StaleEdit(f"observation {observation_id} was changed by someone else (version "
                            f"{observation.version}, yours {expected_version}); reload to see their change")
        for field, value in values.items():
            setattr(observation, field, value)
        check_fields(observation, values)
        observation.version += 1
        observation.edited = True
        history_note(observation, user=user)
        observation.save()
    return observation


def observation_delete(*, observation_id: int, user) -> None:
    """Delete an observation (history keeps it, with the user); its place's intervals are rebuilt."""
    with control_batch():
        observation = ControlObservation.objects.select_for_update().get(pk=observation_id)
        history_note(observation, user=user)
        observation.delete()


# --- drawn control areas -------------------------------------------------------------------------


def area_create(*, geometry, actor_id: int, valid_from, valid_to=None, user,
                parameters: dict | None = None) -> ControlArea:
    """A drawn control area (Polygon or MultiPolygon, GEOSGeometry or GeoJSON dict/str) held by an
    actor from valid_from to valid_to (open when None). Cached control snapshots are made stale in the
    same transaction (events.services.control), so the map shows it at once."""
    area = ControlArea(
        geometry=as_multipolygon(geometry), actor=as_instance(Actor, actor_id, "actor_id"),
        valid_from=as_date(valid_from, "valid_from"),
        valid_to=as_date(valid_to, "valid_to") if valid_to not in (None, "") else None,
        method=ControlArea.Method.DRAWN, parameters=dict(parameters or {}), created_by=history_user(user),
    )
    if area.actor is None:
        raise ValidationError({"actor_id": "required"})
    _area_check(area)
    history_note(area, user=user)
    with control_batch():
        area.save()
    return area


def _area_check(area: ControlArea) -> None:
    if area.valid_to is not None and area.valid_to < area.valid_from:
        raise ValidationError({"valid_to": "valid_to is before valid_from"})
    if not isinstance(area.parameters, dict):
        raise ValidationError({"parameters": "an object"})


_AREA_FIELDS = frozenset({"geometry", "actor_id", "actor", "valid_from", "valid_to", "parameters", "note"})


def area_update(*, area_id: int, changes: dict, user, expected_version: int | None = None) -> ControlArea:
    """Change an area's geometry, actor_id, valid_from, valid_to, parameters or note (a stale
    expected_version, when given, raises StaleEdit)."""
    unknown = set(changes) - _AREA_FIELDS
    if unknown:
        raise ValidationError({key: "not a field of a control area" for key in sorted(unknown)})
    with control_batch():
        area = ControlArea.objects.select_for_update().get(pk=area_id)
        if expected_version is not None and area.version != expected_version:
            raise StaleEdit(f"area {area_id} was changed by someone else (version {area.version}, "
                            f"yours {expected_version}); reload to see their change")
        for key, value in changes.items():
            if key == "geometry":
                area.geometry = as_multipolygon(value)
            elif key in ("actor", "actor_id"):
                area.actor = as_instance(Actor, value, key)
                if area.actor is None:
                    raise ValidationError({key: "required"})
            elif key == "valid_from":
                area.valid_from = as_date(value, key)
            elif key == "valid_to":
                area.valid_to = as_date(value, key) if value not in (None, "") else None
            elif key == "parameters":
                area.parameters = value
            else:
                area.note = str(value or "")
        _area_check(area)
        area.version += 1
        history_note(area, user=user)
        area.save()
    return area


def area_delete(*, area_id: int, user) -> None:
    """Delete a drawn area (history keeps it, with the user)."""
    with control_batch():
        area = ControlArea.objects.select_for_update().get(pk=area_id)
        history_note(area, user=user)
        area.delete()



