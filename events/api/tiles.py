"""GET /api/tiles/events/{z}/{x}/{y}.pbf: a Mapbox Vector Tile of events (layer "events"), with the event
filters of /api/events.geojson (CONTRACT §3), so the map's tile mode shows what its filters select."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from events.api.errors import json_error
from events.selectors.filters import BadRequest, event_filters_from
from events.selectors.tiles import event_tile, needed_bounds

MAX_ZOOM = 22


@require_GET
def event_tile_view(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    try:
        filters = event_filters_from(request.GET)
        if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
            raise BadRequest(f"tile {z}/{x}/{y} does not exist (zoom 0..{MAX_ZOOM}, x and y below 2^zoom)")
    except BadRequest as error:
        return json_error(str(error))
    start, end = needed_bounds(filters.start, filters.end)
    response = HttpResponse(event_tile(z=z, x=x, y=y, filters=replace(filters, start=start, end=end)),
                            content_type="application/vnd.mapbox-vector-tile")
    response["Cache-Control"] = "public, max-age=60"
    return response
