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

from events.models import ControlArea, ControlObservation, Event, Mention
from events.services.events import StaleEdit, event_update

__all__ = [
    "StaleEdit",
    "area_create",
    "area_delete",
    "area_update",
    "event_status_set",
    "event_update",
    "events_merge",
    "mention_place_set",
    "observation_create",
    "observation_delete",
    "observation_update",
]


def mention_place_set(*, mention_id: int, place_id: int | None = None, new_place: dict | None = None,
                      user) -> Mention:
    """Set the place a mention refers to: an existing place (`place_id`), a new place of origin `user`
    (`new_place` = {"name", "lat", "lon", "feature_code"?, "country_code"?}), or none ("not a place":
    both None). The events coded from the mention and their control observations move with it
    (location, country, admin1, geo_precision, summary); "not a place" rejects those events. The name
    becomes a user alias of the place and a context prior for the resolver (the next article benefits)."""
    raise NotImplementedError


def event_status_set(*, event_id: int, status: str, user) -> Event:
    """Set an event's review status (extracted / reviewed / rejected). A rejected event leaves the map,
    the exports and the control rules (its observations stop counting); bumps the version."""
    raise NotImplementedError


def events_merge(*, event_ids: list[int], user) -> Event:
    """Merge duplicate events into the first (lowest id, the one links point to): it gains every source,
    evidence span and control observation of the others, which are rejected rather than deleted so
    their history and ids stay resolvable."""
    raise NotImplementedError


def observation_create(*, data: dict, user) -> ControlObservation:
    """A hand-made control observation: {"place_id", "actor_id", "status", "kind", "date",
    "date_precision"?, "claimed"?, "evidence"?, "source_id"?, "lost_by_id"?, "event_id"?}.
    Marked edited (kept by re-extraction); the place's control intervals are rebuilt."""
    raise NotImplementedError


def observation_update(*, observation_id: int, changes: dict, user,
                       expected_version: int | None = None) -> ControlObservation:
    """Change fields of an observation (same keys as observation_create); a stale expected_version
    raises StaleEdit. Marked edited; the old and new places' control intervals are rebuilt."""
    raise NotImplementedError


def observation_delete(*, observation_id: int, user) -> None:
    """Delete an observation (kept in history with the user); its place's intervals are rebuilt."""
    raise NotImplementedError


def area_create(*, geometry, actor_id: int, valid_from, valid_to=None, user,
                parameters: dict | None = None) -> ControlArea:
    """A drawn control area (Polygon or MultiPolygon, GEOSGeometry or GeoJSON dict/str) valid from
    valid_from to valid_to (inclusive, open when None)."""
    raise NotImplementedError


def area_update(*, area_id: int, changes: dict, user) -> ControlArea:
    """Change an area's geometry, actor_id, valid_from, valid_to, parameters or note."""
    raise NotImplementedError


def area_delete(*, area_id: int, user) -> None:
    """Delete a drawn area (kept in history with the user)."""
    raise NotImplementedError

