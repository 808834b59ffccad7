"""GET /api/events.geojson: filtered events as an RFC 7946 FeatureCollection, streamed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from events.api.errors import BadRequest, json_error, reject_unknown
from events.api.params import parse_bbox, parse_country, parse_period
from events.models import Event
from events.selectors.events import EventFilters, event_feature_collection

EVENT_PARAMS = {"start", "end", "bbox", "actor", "event_type", "country", "status"}


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
                        country=country, status=status)


@require_GET
def events_geojson(request: HttpRequest) -> HttpResponse:
    try:
        filters = event_filters_from(request.GET)
    except BadRequest as error:
        return json_error(str(error))
    return StreamingHttpResponse(event_feature_collection(filters=filters), content_type="application/geo+json")
