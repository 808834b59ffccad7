"""The editor API (CONTRACT §3b): sources, mentions, events, control observations and areas.

Thin views: a serializer validates the body (events.api.serializers), one correction service writes it
(events.services.corrections: one transaction, everything derived follows, history with the user), and
the answer is the record as a GET would give it. Reads are open like the rest of the API; writes need a
login (401) and the permission of the `editors` role, review status and merges that of `reviewers`
(403); errors are `{"error": "..."}` (events.api.rest).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api.rest import REVIEW, validated
from events.api.serializers import (
    AreaFeatureOut,
    AreaFeatureSerializer,
    EventMergeSerializer,
    EventOut,
    EventPatchSerializer,
    EventStatusSerializer,
    MentionAddSerializer,
    MentionOut,
    MentionPlaceSerializer,
    ObservationOut,
    ObservationPatchSerializer,
    ObservationSerializer,
    SourceCreateSerializer,
    SourceListItemOut,
    SourceOut,
    SourceQuerySerializer,
    area_feature,
    event_json,
    observation_json,
)
from events.models import ControlArea, ControlObservation, Mention, Source
from events.selectors.extractor import get_extractor
from events.selectors.sources import mention_json, source_detail, source_list
from events.services import corrections
from events.services.ingest import IngestError, source_ingest
from events.sources.articles import plain_text

JSON = OpenApiTypes.OBJECT
ERRORS = {
    400: OpenApiResponse(JSON, description='bad input: {"error": "..."}'),
    401: OpenApiResponse(JSON, description="not logged in"),
    403: OpenApiResponse(JSON, description="logged in without the role"),
    404: OpenApiResponse(JSON, description="no such record"),
}
STALE = {409: OpenApiResponse(JSON, description="stale version: someone saved in between; nothing written")}


class SourceListView(APIView):
    write_permissions = {"POST": "events.add_source"}

    @extend_schema(operation_id="sources_list", summary="Sources (articles)", tags=["sources"],
                   parameters=[SourceQuerySerializer], responses={200: SourceListItemOut(many=True), 400: ERRORS[400]},
                   description="Newest first: id, url, title, published and counts (mentions, events, "
                               "observations). `q` matches words of the title, URL, outlet or text; `url` "
                               "the URL exactly.")
    def get(self, request: Request) -> Response:
        query = validated(SourceQuerySerializer, request.query_params.dict())
        return Response(source_list(q=query.get("q"), url=query.get("url"), limit=query["limit"]))

    @extend_schema(operation_id="sources_create", summary="Add an article", tags=["sources"],
                   request=SourceCreateSerializer,
                   responses={200: OpenApiResponse(SourceOut, description="the text was stored before: that source"),
                              201: OpenApiResponse(SourceOut, description="the ingested source, as GET gives it"),
                              **ERRORS},
                   description="Ingests the text (HTML is reduced to its article body) like `manage.py "
                               "ingest`: mentions, events and control observations. Idempotent by content.")
    def post(self, request: Request) -> Response:
        data = validated(SourceCreateSerializer, request.data)
        try:
            result = source_ingest(text=plain_text(data["text"]), extractor=get_extractor(),
                                   published=data.get("published"), url=data["url"], title=data["title"])
        except IngestError as error:
            raise ValidationError(str(error)) from None
        return Response(source_detail(source_id=result.source.pk), status=201 if result.created else 200)


class SourceDetailView(APIView):
    @extend_schema(operation_id="sources_retrieve", summary="One article with its mentions and events",
                   tags=["sources"], responses={200: SourceOut, 404: ERRORS[404]},
                   description="Its text, its mentions (id, start, end, text, place, confidence, candidates, "
                               "status, events) and its events (ids).")
    def get(self, request: Request, source_id: int) -> Response:
        return Response(source_detail(source_id=source_id))


class SourceMentionListView(APIView):
    write_permissions = {"POST": "events.change_mention"}

    @extend_schema(operation_id="sources_mentions_create", summary="Mark words of an article as a place",
                   tags=["mentions"], request=MentionAddSerializer,
                   responses={201: OpenApiResponse(MentionOut, description="the new mention, with no place yet"),
                              **ERRORS},
                   description="For a name the geoparser did not recognise (a village the gazetteer lacks): "
                               "the span `start`..`end` (end exclusive, spaces around it left out, at most "
                               "200 characters, overlapping no mention) becomes a mention with no place and "
                               "status corrected. Pin it with POST /api/mentions/{id}/place: the article is "
                               "then coded again, and its events and control observations land at the pin.")
    def post(self, request: Request, source_id: int) -> Response:
        Source.objects.only("pk").get(pk=source_id)  # 404 before 400
        data = validated(MentionAddSerializer, request.data)
        mention = corrections.mention_add(source_id=source_id, start=data["start"], end=data["end"],
                                          user=request.user)
        return Response(mention_json(mention, events=[]), status=201)


class MentionPlaceView(APIView):
    write_permissions = {"POST": "events.change_mention"}

    @extend_schema(operation_id="mentions_place", summary="Set the place a mention names", tags=["mentions"],
                   request=MentionPlaceSerializer, responses={200: MentionOut, **ERRORS},
                   description='`{"place_id": N}`, `{"place_id": null}` (not a place) or a new place '
                               '`{"name", "lat", "lon", "feature_code"?, "country_code"?}`. The events and '
                               "control observations coded from the mention move with it.")
    def post(self, request: Request, mention_id: int) -> Response:
        Mention.objects.only("pk").get(pk=mention_id)  # 404 before 400
        data = validated(MentionPlaceSerializer, request.data)
        if "place_id" in data:
            place = data["place_id"]
            mention = corrections.mention_place_set(mention_id=mention_id, place_id=place.pk if place else None,
                                                    user=request.user)
        else:
            mention = corrections.mention_place_set(mention_id=mention_id, new_place=dict(data), user=request.user)
        return Response(mention_json(Mention.objects.select_related("place").get(pk=mention.pk)))


class EventDetailView(APIView):
    write_permissions = {"PATCH": "events.change_event"}

    @extend_schema(operation_id="events_retrieve", summary="One event", tags=["events"],
                   responses={200: EventOut, 404: ERRORS[404]},
                   description="The properties of its GeoJSON Feature plus id, version, location [lon, lat], "
                               "place (a place object) and actor1/actor2 as actor objects with id.")
    def get(self, request: Request, event_id: int) -> Response:
        return Response(event_json(event_id))

    @extend_schema(operation_id="events_update", summary="Correct an event", tags=["events"],
                   request=EventPatchSerializer, responses={200: EventOut, **ERRORS, **STALE},
                   description="`version` is the one you read; a stale one gets 409 and nothing is written. "
                               "A changed date or place carries over to the event's control observations.")
    def patch(self, request: Request, event_id: int) -> Response:
        serializer = EventPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        corrections.event_update(event_id=event_id, expected_version=serializer.validated_data["version"],
                                 changes=serializer.changes(), user=request.user)
        return Response(event_json(event_id))


class EventStatusView(APIView):
    write_permissions = {"POST": REVIEW}

    @extend_schema(operation_id="events_status", summary="Review status (reviewers)", tags=["events"],
                   request=EventStatusSerializer, responses={200: EventOut, **ERRORS},
                   description="A rejected event leaves the map, the exports and the control rules.")
    def post(self, request: Request, event_id: int) -> Response:
        data = validated(EventStatusSerializer, request.data)
        corrections.event_status_set(event_id=event_id, status=data["status"], user=request.user)
        return Response(event_json(event_id))


class EventMergeView(APIView):
    write_permissions = {"POST": REVIEW}

    @extend_schema(operation_id="events_merge", summary="Merge duplicate events (reviewers)", tags=["events"],
                   request=EventMergeSerializer, responses={200: EventOut, **ERRORS},
                   description="Returns the kept event, holding every source.")
    def post(self, request: Request) -> Response:
        data = validated(EventMergeSerializer, request.data)
        kept = corrections.events_merge(event_ids=data["ids"], user=request.user)
        return Response(event_json(kept.pk))


class ObservationListView(APIView):
    write_permissions = {"POST": "events.add_controlobservation"}

    @extend_schema(operation_id="observations_create", summary="Add a control observation",
                   tags=["control"], request=ObservationSerializer, responses={201: ObservationOut, **ERRORS})
    def post(self, request: Request) -> Response:
        serializer = ObservationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        observation = corrections.observation_create(data=serializer.data_for_service(), user=request.user)
        return Response(observation_json(_observation(observation.pk)), status=201)


class ObservationDetailView(APIView):
    write_permissions = {"PATCH": "events.change_controlobservation", "DELETE": "events.delete_controlobservation"}

    @extend_schema(operation_id="observations_retrieve", summary="One control observation", tags=["control"],
                   responses={200: ObservationOut, 404: ERRORS[404]})
    def get(self, request: Request, observation_id: int) -> Response:
        return Response(observation_json(_observation(observation_id)))

    @extend_schema(operation_id="observations_update", summary="Correct a control observation", tags=["control"],
                   request=ObservationPatchSerializer, responses={200: ObservationOut, **ERRORS, **STALE})
    def patch(self, request: Request, observation_id: int) -> Response:
        _observation(observation_id)  # 404 before 400
        serializer = ObservationPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        corrections.observation_update(observation_id=observation_id, changes=serializer.data_for_service(),
                                       expected_version=serializer.validated_data.get("version"),
                                       user=request.user)
        return Response(observation_json(_observation(observation_id)))

    @extend_schema(operation_id="observations_delete", summary="Delete a control observation", tags=["control"],
                   request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, observation_id: int) -> Response:
        corrections.observation_delete(observation_id=observation_id, user=request.user)
        return Response(status=204)


class AreaListView(APIView):
    write_permissions = {"POST": "events.add_controlarea"}

    @extend_schema(operation_id="areas_create", summary="Draw a control area", tags=["control"],
                   request=AreaFeatureSerializer, responses={201: AreaFeatureOut, **ERRORS},
                   description="A GeoJSON Feature (Polygon or MultiPolygon, WGS84) with properties "
                               "actor_id, valid_from, valid_to? and parameters?.")
    def post(self, request: Request) -> Response:
        serializer = AreaFeatureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.area_values()
        area = corrections.area_create(geometry=values["geometry"], actor_id=values["actor_id"],
                                       valid_from=values["valid_from"], valid_to=values.get("valid_to"),
                                       parameters=values.get("parameters"), user=request.user)
        return Response(area_feature(_area(area.pk)), status=201)


class AreaDetailView(APIView):
    write_permissions = {"PATCH": "events.change_controlarea", "DELETE": "events.delete_controlarea"}

    @extend_schema(operation_id="areas_retrieve", summary="One control area", tags=["control"],
                   responses={200: AreaFeatureOut, 404: ERRORS[404]})
    def get(self, request: Request, area_id: int) -> Response:
        return Response(area_feature(_area(area_id)))

    @extend_schema(operation_id="areas_update", summary="Change a control area", tags=["control"],
                   request=AreaFeatureSerializer, responses={200: AreaFeatureOut, **ERRORS, **STALE},
                   description="A Feature whose geometry and properties are each optional; properties partial.")
    def patch(self, request: Request, area_id: int) -> Response:
        serializer = AreaFeatureSerializer(_area(area_id), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        corrections.area_update(area_id=area_id, changes=serializer.area_values(), user=request.user,
                                expected_version=serializer.validated_data.get("properties", {}).get("version"))
        return Response(area_feature(_area(area_id)))

    @extend_schema(operation_id="areas_delete", summary="Delete a control area", tags=["control"],
                   request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, area_id: int) -> Response:
        corrections.area_delete(area_id=area_id, user=request.user)
        return Response(status=204)


def _observation(observation_id: int) -> ControlObservation:
    return ControlObservation.objects.select_related("place", "actor", "lost_by").get(pk=observation_id)


def _area(area_id: int) -> ControlArea:
    return ControlArea.objects.select_related("actor").get(pk=area_id)

