"""What every endpoint of the editor API (CONTRACT §3b) shares: who may write, strict input, one error shape.

Why here and not in settings or each view: the roles are Django groups whose permissions the migrations
grant (`editors`, `reviewers`), so a view names the permission a write needs and the user's groups decide;
and every error, DRF's own (parse errors, unknown fields, 401/403/404/405/415) and our services'
(ValidationError, StaleEdit), leaves as one JSON shape `{"error": "..."}` with the field messages kept
under `fields`, so clients need one error path.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from events.services.events import StaleEdit

# The permission each kind of write needs. Editors hold the model permissions, reviewers hold those and
# REVIEW (granted by the roles migration); superusers hold every permission.
REVIEW = "events.review_event"


class ReadOnlyOrRole(BasePermission):
    """Reads are open (as the rest of the API); a write needs a login (401) and the permission the view
    names for its method in `write_permissions` (403). A view naming none for a method refuses it."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True  # reads are open; a method the view lacks gets its 405 from DRF
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        needed = getattr(view, "write_permissions", {}).get(request.method)
        if needed is None or not request.user.has_perm(needed):
            raise exceptions.PermissionDenied(
                f"your account lacks the permission {needed or request.method} (ask for the editors or "
                f"reviewers role)")
        return True


class StrictSerializer(serializers.Serializer):
    """A serializer that refuses keys it does not know (a typo must not be a silent no-op)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - known)
            if unknown:
                raise exceptions.ValidationError(
                    {"non_field_errors": [f"unknown field(s): {', '.join(unknown)}; allowed: "
                                          f"{', '.join(sorted(known))}"]})
        return super().to_internal_value(data)


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """The validated data of a request body, or a 400 raised by DRF."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def exception_handler(exc, context) -> Response | None:
    """DRF's handler, with our services' exceptions mapped and every body made `{"error": "..."}`."""
    from rest_framework.views import exception_handler as drf_exception_handler  # (imports these settings)

    if isinstance(exc, StaleEdit):
        return Response({"error": str(exc)}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound(str(exc) or "not found")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body: dict = {"error": error_message(data)}
    if isinstance(data, Mapping) and set(data) != {"detail"}:
        body["fields"] = data
    response.data = body
    return response


def error_message(detail) -> str:
    """One readable line from DRF's error detail (a string, a list, or a dict of fields)."""
    if isinstance(detail, Mapping):
        parts = []
        for field, value in detail.items():
            text = error_message(value)
            parts.append(text if field in ("detail", "non_field_errors") else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(detail, list | tuple):
        return "; ".join(error_message(item) for item in detail)
    return str(detail)
