"""GET /api/events.geojson: filtered events as an RFC 7946 FeatureCollection, streamed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from events.api.errors import BadRequest, json_error, reject_unknown
from events.api.params import parse_bbox, parse_country, parse_period
from events.models import Event
from events.selectors.events import (
    EventFilters,
    control_change_days,
    event_day_counts,
    event_feature_collection,
)

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


@require_GET
def events_geojson(request: HttpRequest) -> HttpResponse:
    try:
        filters = event_filters_from(request.GET)
    except BadRequest as error:
        return json_error(str(error))
    return StreamingHttpResponse(event_feature_collection(filters=filters), content_type="application/geo+json")


@require_GET
def events_days(request: HttpRequest) -> HttpResponse:
    """GET /api/events/days?<the filters of events.geojson>: events per day and control changes per day,
    {"days": [[date, count], ...], "control_changes": [[date, count], ...]}, for the map's timeline."""
    try:
        filters = event_filters_from(request.GET)
    except BadRequest as error:
        return json_error(str(error))
    return JsonResponse({"days": event_day_counts(filters=filters), "control_changes": control_change_days()})
