"""POST /api/extract: Extraction JSON for a posted text. Logged-in users only (anonymous: 401); writes nothing.

Extraction is CPU work in a web worker, so one user may not tie the workers up: a text is at most
200,000 characters (~0.5 s to extract; a long report is 50,000) and a user gets 30 extractions a
minute per server process (HTTP 429 beyond)."""

from __future__ import annotations

import datetime
import json
import time

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from events.api.errors import json_error
from events.selectors.extractor import get_extractor
from events.selectors.filters import BadRequest, parse_date_param
from events.sources.articles import plain_text

MAX_TEXT = 200_000
EXTRACTS_PER_MINUTE = 30


@require_POST
def extract(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return json_error("login required", status=401)  # CONTRACT §3b: anonymous is 401, a role lacking 403
    if _over_rate(request.user.pk):
        response = json_error(f"more than {EXTRACTS_PER_MINUTE} extractions a minute: try again shortly", status=429)
        response["Retry-After"] = "60"
        return response
    try:
        text, published = _payload(request)
    except BadRequest as error:
        return json_error(str(error))
    return JsonResponse(get_extractor().extract(plain_text(text), published=published).as_json())


def _over_rate(user_id: int) -> bool:
    key = f"extract-rate:{user_id}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    return cache.incr(key) > EXTRACTS_PER_MINUTE


def _payload(request: HttpRequest) -> tuple[str, datetime.date | None]:
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
