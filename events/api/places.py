"""GET /api/places?q=NAME[&country=CC]: gazetteer search through the geopy geocoder over our Places."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from events.api.errors import json_error
from events.geocoding import LocalGazetteer
from events.selectors.filters import BadRequest, parse_country, reject_unknown


@require_GET
def place_search_view(request: HttpRequest) -> JsonResponse:
    try:
        reject_unknown(request.GET, {"q", "country", "limit"})
        q = (request.GET.get("q") or "").strip()
        if not q:
            raise BadRequest("q is required")
        if len(q) > 200:
            raise BadRequest("q is longer than 200 characters")
        country = parse_country(request.GET.get("country"))
        limit = _limit(request.GET.get("limit"))
    except BadRequest as error:
        return json_error(str(error))
    locations = LocalGazetteer().geocode(q, exactly_one=False, country=country, limit=limit) or []
    return JsonResponse([location.raw for location in locations], safe=False)


def _limit(value: str | None) -> int:
    if not value:
        return 20
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 100:
        raise BadRequest("limit: a whole number from 1 to 100")
    return int(value)
