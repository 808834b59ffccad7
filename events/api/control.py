"""Control endpoints (placeholder until the control layer lands)."""

from django.http import HttpRequest, JsonResponse


def control_geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"type": "FeatureCollection", "features": []})


def place_control(request: HttpRequest, place_id: int) -> JsonResponse:
    return JsonResponse({"place_id": place_id, "observations": []})
