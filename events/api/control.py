"""GET /api/control.geojson (control on a date) and GET /api/places/<id>/control (one place's history)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from events.api.errors import json_error
from events.models import Place
from events.selectors.control import control_snapshot_json, place_control_history
from events.selectors.filters import BadRequest, parse_bbox, parse_date_param, reject_unknown

CONTROL_PARAMS = {"date", "bbox"}


@require_GET
def control_geojson(request: HttpRequest) -> HttpResponse:
    """The control snapshot on ?date= (required), optionally limited to ?bbox=."""
    try:
        reject_unknown(request.GET, CONTROL_PARAMS)
        date = parse_date_param("date", request.GET.get("date"), required=True)
        bbox = parse_bbox(request.GET.get("bbox"))
    except BadRequest as error:
        return json_error(str(error))
    return HttpResponse(control_snapshot_json(date=date, bbox=bbox), content_type="application/geo+json")


@require_GET
def place_control(request: HttpRequest, place_id: int) -> HttpResponse:
    """The observations of one place in date order, with sources and evidence, and its control today."""
    try:
        reject_unknown(request.GET, set())
    except BadRequest as error:
        return json_error(str(error))
    try:
        history = place_control_history(place_id=place_id)
    except Place.DoesNotExist:
        return json_error(f"no place with id {place_id}", status=404)
    return JsonResponse(history)
