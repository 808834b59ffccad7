"""The filters a reader of our data may ask for, parsed and checked once for every way in: the HTTP API
(events.api) and the command line (export_events, export_control) both call these, so a parameter means
the same thing and fails with the same message everywhere. A bad value raises BadRequest, which the API
turns into a JSON 400 and a command into a CommandError."""

from __future__ import annotations

import datetime
from typing import Literal, overload

from events.models import Event
from events.selectors.events import EventFilters


class BadRequest(ValueError):
    """A parameter a client sent is malformed, out of range or unknown."""


def reject_unknown(params, allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise BadRequest(f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


@overload
def parse_date_param(name: str, value: str | None, *, required: Literal[True]) -> datetime.date: ...


@overload
def parse_date_param(name: str, value: str | None, *, required: bool = False) -> datetime.date | None: ...


def parse_date_param(name: str, value: str | None, *, required: bool = False) -> datetime.date | None:
    if value in (None, ""):
        if required:
            raise BadRequest(f"{name} is required (YYYY-MM-DD)")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{name}: expected a date string YYYY-MM-DD, not {type(value).__name__}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}: invalid date {value!r}, expected YYYY-MM-DD") from None


def parse_period(params) -> tuple[datetime.date | None, datetime.date | None]:
    """The optional `start` and `end` dates of a request, start not after end."""
    start = parse_date_param("start", params.get("start"))
    end = parse_date_param("end", params.get("end"))
    if start and end and start > end:
        raise BadRequest("start must not be after end")
    return start, end


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """minlon,minlat,maxlon,maxlat in WGS84; longitudes in [-180, 180], latitudes in [-90, 90]."""
    if value in (None, ""):
        return None
    parts = value.split(",")
    if not value.isascii():
        raise BadRequest("bbox: expected four numbers minlon,minlat,maxlon,maxlat")
    try:
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError:
        raise BadRequest("bbox: expected four numbers minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90 and -90 <= maxlat <= 90):
        raise BadRequest("bbox: coordinates out of range (lon -180..180, lat -90..90)")
    if minlat > maxlat or minlon > maxlon:
        raise BadRequest("bbox: min must not exceed max")
    return minlon, minlat, maxlon, maxlat


def parse_country(value: str | None) -> str | None:
    """An ISO 3166 alpha-2 country code (any case), or None when absent."""
    if not value:
        return None
    if len(value) != 2 or not (value.isascii() and value.isalpha()):
        raise BadRequest("country: expected an ISO 3166 alpha-2 code such as IQ")
    return value


EVENT_PARAMS = {"start", "end", "bbox", "actor", "event_type", "sub_event_type", "country", "status",
                "geo_precision", "min_confidence", "source", "origin"}


def event_filters_from(params) -> EventFilters:
    """Validate the query parameters of the events endpoint (shared with export_events)."""
    reject_unknown(params, EVENT_PARAMS)
    start, end = parse_period(params)
    status = params.get("status") or None
    if status and status not in Event.Status.values:
        raise BadRequest(f"status must be one of {', '.join(Event.Status.values)}")
    country = parse_country(params.get("country"))
    return EventFilters(start=start, end=end, bbox=parse_bbox(params.get("bbox")),
                        actor=params.get("actor") or None, event_type=params.get("event_type") or None,
                        sub_event_type=params.get("sub_event_type") or None,
                        country=country, status=status,
                        geo_precision=_parse_int("geo_precision", params.get("geo_precision"), 1, 3),
                        min_confidence=_parse_fraction("min_confidence", params.get("min_confidence")),
                        source=_parse_int("source", params.get("source"), 1, 2**63 - 1),
                        origin=_parse_origin(params.get("origin")))


def _parse_origin(value: str | None) -> str | None:
    """extracted (ours) or imported (from ACLED), or None for both."""
    if not value:
        return None
    if value not in Event.Origin.values:
        raise BadRequest(f"origin must be one of {', '.join(Event.Origin.values)}")
    return value


def _parse_int(name: str, value: str | None, low: int, high: int) -> int | None:
    """A whole number in [low, high], ASCII digits only (int() would also take other scripts' digits)."""
    if value in (None, ""):
        return None
    if not (isinstance(value, str) and value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise BadRequest(f"{name}: expected a whole number from {low} to {high}")
    return int(value)


def _parse_fraction(name: str, value: str | None) -> float | None:
    """A number in [0, 1] written with ASCII digits (no nan, inf or exponent tricks)."""
    if value in (None, ""):
        return None
    try:
        number = float(value) if isinstance(value, str) and value.isascii() else None
    except ValueError:
        number = None
    if number is None or not 0 <= number <= 1:
        raise BadRequest(f"{name}: expected a number from 0 to 1")
    return number
