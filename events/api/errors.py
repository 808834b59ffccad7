"""JSON errors for the API: every bad request is a 400 with {"error": "..."}, never an HTML page. The
parameter checks themselves (BadRequest) live in events.selectors.filters, shared with the commands."""

from __future__ import annotations

from django.http import JsonResponse


def json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)
