"""Site-wide views that are not part of the domain app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.csrf import csrf_failure as django_csrf_failure


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF failure page; under /api/ a plain reason that the API turns into {"error": ...}."""
    if request.path.startswith("/api/"):
        return HttpResponseForbidden(f"CSRF check failed: {reason}", content_type="text/plain")
    return django_csrf_failure(request, reason=reason)
