"""History of events, control observations, areas and mentions over the editor API: the per-field diff of
every save (events.selectors.history) and a revert to one of them (events.services.history), which is
itself a correction: it needs the role that may change that kind of row, is one transaction, and is
kept in history with its user. The editor pages' Revert buttons call it (static/js/editor/history.js).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api.editor import ERRORS, STALE
from events.api.rest import StrictSerializer, validated
from events.api.serializers import area_feature, event_json, observation_json
from events.models import ControlArea, ControlObservation, Event, Mention
from events.selectors.history import HISTORY_MODELS, history_diff
from events.selectors.sources import mention_json
from events.services.history import history_revert

# The permission a revert needs: the one that changes that kind of row (a deleted observation or area
# comes back as a new row, which editors may also add).
REVERT_PERMISSIONS = {
    "event": "events.change_event", "observation": "events.change_controlobservation",
    "area": "events.change_controlarea", "mention": "events.change_mention",
}


def _model(name: str):
    if name not in HISTORY_MODELS:
        raise NotFound(f"no history of '{name}': one of {', '.join(sorted(HISTORY_MODELS))}")
    return HISTORY_MODELS[name]


def row_json(model, row) -> dict:
    """A row as the editor API's GET gives it."""
    if model is Event:
        return event_json(row.pk)
    if model is ControlObservation:
        return observation_json(ControlObservation.objects.select_related("place", "actor", "lost_by").get(pk=row.pk))
    if model is ControlArea:
        return area_feature(ControlArea.objects.select_related("actor").get(pk=row.pk))
    return mention_json(Mention.objects.select_related("place").get(pk=row.pk))


class HistoryView(APIView):
    @extend_schema(operation_id="history_list", summary="What each save changed", tags=["history"],
                   responses={200: OpenApiTypes.OBJECT, 404: ERRORS[404]},
                   description="Newest first: history_id, type (+ created, ~ changed, - deleted), who, when, "
                               "reason and changes [{field, old, new}]. `model` is event, observation, area "
                               "or mention; a deleted observation or area keeps its history.")
    def get(self, request: Request, model: str, object_id: int) -> Response:
        records = history_diff(model=_model(model), object_id=object_id)
        if not records:
            raise NotFound(f"no history of {model} {object_id}")
        return Response({"model": model, "id": object_id, "history": records})


class RevertSerializer(StrictSerializer):
    history_id = serializers.IntegerField(min_value=1)


class HistoryRevertView(APIView):
    @property
    def write_permissions(self) -> dict:
        return {"POST": REVERT_PERMISSIONS.get(self.kwargs.get("model"), "events.change_event")}

    @extend_schema(operation_id="history_revert", summary="Revert a row to one of its saves", tags=["history"],
                   request=RevertSerializer, responses={200: OpenApiTypes.OBJECT, **ERRORS, **STALE},
                   description='`{"history_id": N}` from the history list: the row takes the values that '
                               "save recorded (a deleted observation or area is created again, with a new "
                               "id), through the same correction service as an edit, so observations and "
                               "control follow. Returns the row as its GET gives it.")
    def post(self, request: Request, model: str, object_id: int) -> Response:
        model_class = _model(model)
        data = validated(RevertSerializer, request.data)
        row = history_revert(model=model_class, object_id=object_id, history_id=data["history_id"], user=request.user)
        return Response(row_json(model_class, row))
