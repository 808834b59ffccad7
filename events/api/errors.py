"""JSON errors for the API: every bad request is a 400 with {"error": "..."}, never an HTML page."""

from __future__ import annotations

from django.http import JsonResponse


class BadRequest(ValueError):
    """A parameter a client sent is malformed, out of range or unknown."""


def json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def reject_unknown(params, allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise BadRequest(f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
