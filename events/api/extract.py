"""POST /api/extract: Extraction JSON for a posted text. Logged-in users only; writes nothing."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from events.api.errors import BadRequest, json_error
from events.api.params import parse_date_param
from events.extractor import get_extractor
from events.inputs import plain_text

MAX_TEXT = 2_000_000


@require_POST
def extract(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return json_error("login required", status=403)
    try:
        text, published = _payload(request)
    except BadRequest as error:
        return json_error(str(error))
    return JsonResponse(get_extractor().extract(plain_text(text), published=published))


def _payload(request: HttpRequest):
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise BadRequest("body is not valid JSON") from None
        if not isinstance(data, dict):
            raise BadRequest("body must be a JSON object")
    else:
        data = request.POST
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("text is required")
    if len(text) > MAX_TEXT:
        raise BadRequest(f"text longer than {MAX_TEXT} characters")
    return text, parse_date_param("published", data.get("published"))
