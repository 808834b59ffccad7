"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict[str, object]:
    """The Content-Security-Policy nonce under the name django-leaflet's map widgets read; reading it
    is what makes django-csp add the nonce to the header."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
