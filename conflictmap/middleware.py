"""Request hygiene shared by every view: control characters in query strings are refused up front, and
every error under /api/ is a JSON body, whichever layer produced it (Django's CSRF check, the URL
resolver, method checks, size limits, a view's own 400)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

API_PREFIX = "/api/"
_REASONS = {
    400: "bad request",
    401: "authentication required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request too large",
    414: "request URI too long",
    500: "server error",
}


class RequestHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = _query_problem(request)
        if problem:
            status, message = problem
            response: HttpResponse = (JsonResponse({"error": message}, status=status) if _is_api(request)
                                      else HttpResponseBadRequest(message, content_type="text/plain"))
            return response
        return _as_json_error(request, self.get_response(request))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _query_problem(request: HttpRequest) -> tuple[int, str] | None:
    """A NUL or other control character in a query parameter reaches PostgreSQL as an error (often
    after a streamed 200 has begun): refuse it here, with Django's own limits on parameter counts."""
    try:
        items = list(request.GET.lists())
    except RequestDataTooBig:
        return 413, "request too large"
    except SuspiciousOperation as error:
        return 400, str(error) or "bad request"
    for name, values in items:
        for text in (name, *values):
            if any(ord(ch) < 32 for ch in text):
                return 400, f"parameter {name[:40]!r}: control characters are not allowed"
    return None


def _as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Under /api/, an error response that is not JSON becomes {"error": ...} with the same status."""
    if not _is_api(request) or response.status_code < 400 or response.streaming:
        return response
    if response.get("Content-Type", "").startswith(("application/json", "application/problem+json")):
        return response
    message = _REASONS.get(response.status_code, response.reason_phrase.lower())
    if response.get("Content-Type", "").startswith("text/plain") and response.content:
        message = response.content.decode("utf-8", errors="replace").strip()[:300] or message
    converted = HttpResponse(json.dumps({"error": message}), status=response.status_code,
                             content_type="application/json")
    for header in ("Allow", "WWW-Authenticate", "Retry-After"):
        if header in response:
            converted[header] = response[header]
    return converted
