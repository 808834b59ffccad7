"""GET /api/events.geojson: filtered events as an RFC 7946 FeatureCollection, streamed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from events.api.errors import json_error
from events.selectors.events import (
    control_change_days,
    event_day_counts,
    event_feature_collection,
)
from events.selectors.filters import BadRequest, event_filters_from


@require_GET
def events_geojson(request: HttpRequest) -> HttpResponseBase:
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
