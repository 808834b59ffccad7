"""Input validation (DRF serializers) and output shapes of the editor API (CONTRACT §3b).

Inputs are validated here and nowhere else: ranges, choices, that ids exist, that a GeoJSON area is a
valid Polygon/MultiPolygon in WGS84 range. The services then get plain values (ids, dates, geometries)
and decide what follows from a change.
"""

from __future__ import annotations

import json
from typing import TypedDict

from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from rest_framework import serializers

from events.api.rest import StrictSerializer
from events.models import Actor, ControlArea, ControlObservation, Event, EventFeature, Place, Source
from events.selectors.places import place_json
from events.sources.articles import MAX_ARTICLE_CHARS


class _Range(TypedDict):
    """The bounds of a FloatField, typed so that `**LAT` passes them as its min_value and max_value."""

    min_value: float
    max_value: float


LAT: _Range = {"min_value": -90.0, "max_value": 90.0}
LON: _Range = {"min_value": -180.0, "max_value": 180.0}


class HttpUrlField(serializers.URLField):
    """A URL of the web (http or https only, as Source.url promises)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("only http and https URLs are accepted")
        return value


class CountryField(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(r"^[A-Za-z]{2}$", max_length=2, **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data).upper()


# --- sources -----------------------------------------------------------------------------------------


class SourceQuerySerializer(StrictSerializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=50)


class SourceCreateSerializer(StrictSerializer):
    text = serializers.CharField(max_length=MAX_ARTICLE_CHARS, trim_whitespace=False)
    published = serializers.DateField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    url = HttpUrlField(required=False, allow_blank=True, max_length=2000, default="")

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("the text is empty")
        return value


# --- mentions ----------------------------------------------------------------------------------------


class MentionPlaceSerializer(StrictSerializer):
    """`{"place_id": N}`, `{"place_id": null}` (not a place) or a new place `{"name", "lat", "lon",
    "feature_code"?, "country_code"?}`."""

    place_id = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(required=False, max_length=200)
    lat = serializers.FloatField(required=False, **LAT)
    lon = serializers.FloatField(required=False, **LON)
    feature_code = serializers.RegexField(r"^[A-Z0-9]{1,10}$", required=False)
    country_code = CountryField(required=False)

    def validate(self, attrs: dict) -> dict:
        new_place = {"name", "lat", "lon", "feature_code", "country_code"} & set(attrs)
        if "place_id" in attrs and new_place:
            raise serializers.ValidationError("give either place_id or a new place (name, lat, lon), not both")
        if "place_id" not in attrs:
            missing = sorted({"name", "lat", "lon"} - set(attrs))
            if missing:
                raise serializers.ValidationError(
                    f"give place_id (null: not a place) or a new place with name, lat and lon (missing: "
                    f"{', '.join(missing)})")
        return attrs


class MentionAddSerializer(StrictSerializer):
    """`{"start", "end"}`: character offsets of the marked words in the source's text (end exclusive)."""

    start = serializers.IntegerField(min_value=0, help_text="character offset into the source's text")
    end = serializers.IntegerField(min_value=1, help_text="exclusive; at most 200 characters after start")


# --- events ------------------------------------------------------------------------------------------


class LocationField(serializers.ListField):
    """`[lon, lat]` in WGS84 range."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.FloatField(), min_length=2, max_length=2, **kwargs)

    def to_internal_value(self, data):
        lon, lat = super().to_internal_value(data)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise serializers.ValidationError("location is [lon, lat] with lon in -180..180 and lat in -90..90")
        return Point(lon, lat, srid=4326)


class EventPatchSerializer(StrictSerializer):
    """`{"version": V, ...}`: the fields an editor may change; review status has its own endpoint."""

    version = serializers.IntegerField(min_value=1)
    date = serializers.DateField(required=False)
    date_precision = serializers.ChoiceField(Event.Precision.choices, required=False)
    event_type = serializers.CharField(required=False, max_length=60)
    sub_event_type = serializers.CharField(required=False, allow_blank=True, max_length=80)
    actor1_id = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all(), required=False, allow_null=True)
    actor2_id = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all(), required=False, allow_null=True)
    place_id = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all(), required=False, allow_null=True)
    location = LocationField(required=False)
    geo_precision = serializers.ChoiceField(Event.GeoPrecision.choices, required=False)
    country = CountryField(required=False, allow_blank=True)
    admin1 = serializers.CharField(required=False, allow_blank=True, max_length=200)
    fatalities = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20_000)

    def validate(self, attrs: dict) -> dict:
        if len(attrs) == 1:
            raise serializers.ValidationError("nothing to change: give at least one field besides version")
        return attrs

    def changes(self) -> dict:
        """The model-field changes for events.services.events.event_update (FKs as objects)."""
        renamed = {"actor1_id": "actor1", "actor2_id": "actor2", "place_id": "place"}
        return {renamed.get(k, k): v for k, v in self.validated_data.items() if k != "version"}


class EventStatusSerializer(StrictSerializer):
    status = serializers.ChoiceField(Event.Status.choices)


class EventMergeSerializer(StrictSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=2, max_length=100)

    def validate_ids(self, ids: list[int]) -> list[int]:
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError("the same id twice")
        missing = sorted(set(ids) - set(Event.objects.filter(pk__in=ids).values_list("pk", flat=True)))
        if missing:
            raise serializers.ValidationError(f"no event with id {', '.join(map(str, missing))}")
        return ids


def event_json(event_id: int) -> dict:
    """GET /api/events/<id>: the properties of the event's GeoJSON Feature (the stored text the exports
    serve, so both always agree) plus id, version, location [lon, lat], place as a place object and the
    actors as actor objects with id."""
    event = Event.objects.select_related("place", "actor1", "actor2").get(pk=event_id)
    feature = json.loads(EventFeature.objects.get(event_id=event_id).feature)
    return {
        "id": event.pk, **feature["properties"],
        "version": event.version, "edited": event.edited,
        "location": feature["geometry"]["coordinates"],
        "place": place_json(event.place) if event.place else None,
        "actor1": event.actor1.as_json() if event.actor1 else None,
        "actor2": event.actor2.as_json() if event.actor2 else None,
        "mention_id": event.mention_id,
        "source_ids": sorted(event.sources.values_list("pk", flat=True)),
        # ACLED's view of the event (issue 12): its stable public id, whether we extracted it or
        # imported it from ACLED, and the actors acting with actor1 and with actor2.
        "event_id_cnty": event.event_id_cnty, "origin": event.origin,
        "assoc_actors1": [a.as_json() for a in event.assoc_actors1.order_by("name")],
        "assoc_actors2": [a.as_json() for a in event.assoc_actors2.order_by("name")],
    }


# --- control observations ----------------------------------------------------------------------------


class ObservationSerializer(StrictSerializer):
    """POST /api/observations (and, all fields optional, PATCH /api/observations/<id>)."""

    place_id = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all())
    actor_id = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all())
    status = serializers.ChoiceField(ControlObservation.Status.choices)
    kind = serializers.ChoiceField(ControlObservation.Kind.choices)
    date = serializers.DateField()
    date_precision = serializers.ChoiceField(Event.Precision.choices, required=False)
    claimed = serializers.BooleanField(required=False)
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    source_id = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False, allow_null=True)
    lost_by_id = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all(), required=False, allow_null=True)
    event_id = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), required=False, allow_null=True)

    def data_for_service(self) -> dict:
        """Ids, not objects: the services' data dict (events.services.corrections.observation_create)."""
        return {k: (v.pk if hasattr(v, "pk") else v) for k, v in self.validated_data.items() if k != "version"}


class ObservationPatchSerializer(ObservationSerializer):
    version = serializers.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)

    def validate(self, attrs: dict) -> dict:
        if not set(attrs) - {"version"}:
            raise serializers.ValidationError("nothing to change")
        return attrs


def observation_json(observation: ControlObservation) -> dict:
    return {
        "id": observation.pk,
        "place": place_json(observation.place),
        "actor": observation.actor.as_json(),
        "lost_by": observation.lost_by.as_json() if observation.lost_by else None,
        "status": observation.status, "kind": observation.kind,
        "date": observation.date.isoformat(), "date_precision": observation.date_precision,
        "claimed": observation.claimed, "confidence": observation.confidence, "evidence": observation.evidence,
        "event_id": observation.event_id, "source_id": observation.source_id, "edited": observation.edited,
        "version": getattr(observation, "version", None),
    }


# --- control areas -----------------------------------------------------------------------------------


def _position_ok(position) -> bool:
    return (isinstance(position, list) and len(position) in (2, 3)
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in position)
            and -180 <= position[0] <= 180 and -90 <= position[1] <= 90)


def _rings_error(polygon) -> str | None:
    """Why `polygon` (a GeoJSON Polygon's coordinates) is not RFC 7946, or None."""
    if not isinstance(polygon, list) or not polygon:
        return "a polygon is a non-empty list of linear rings"
    for ring in polygon:
        if not isinstance(ring, list) or len(ring) < 4:
            return "a linear ring has at least four positions"
        if not all(_position_ok(p) for p in ring):
            return "a position is [lon, lat] with lon in -180..180 and lat in -90..90"
        if ring[0][:2] != ring[-1][:2]:
            return "a linear ring ends where it starts"
    return None


class AreaGeometryField(serializers.JSONField):
    """A GeoJSON Polygon or MultiPolygon in WGS84 range, valid as a geometry (no self-intersection);
    becomes a MultiPolygon (ControlArea.geometry)."""

    # DRF lets a field's internal value be anything; the stubs fix JSONField's to the parsed JSON.
    def to_internal_value(self, data) -> MultiPolygon:  # type: ignore[override]
        if not isinstance(data, dict) or data.get("type") not in ("Polygon", "MultiPolygon"):
            raise serializers.ValidationError("a GeoJSON geometry of type Polygon or MultiPolygon")
        if set(data) - {"type", "coordinates", "bbox"}:
            raise serializers.ValidationError("a geometry has only type and coordinates")
        coordinates = data.get("coordinates")
        polygons = [coordinates] if data["type"] == "Polygon" else coordinates
        if not isinstance(polygons, list) or not polygons:
            raise serializers.ValidationError("coordinates are missing")
        for polygon in polygons:
            error = _rings_error(polygon)
            if error:
                raise serializers.ValidationError(error)
        try:
            geometry = GEOSGeometry(json.dumps({"type": data["type"], "coordinates": coordinates}), srid=4326)
        except (GEOSException, ValueError) as error:
            raise serializers.ValidationError(f"not a readable geometry: {error}") from None
        if not geometry.valid:
            raise serializers.ValidationError(f"invalid geometry: {geometry.valid_reason}")
        if geometry.geom_type == "Polygon":
            return MultiPolygon(geometry, srid=4326)
        assert isinstance(geometry, MultiPolygon)  # the type checked above: GEOS reads a MultiPolygon as one
        return geometry


class AreaPropertiesSerializer(StrictSerializer):
    actor_id = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all())
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    parameters = serializers.DictField(required=False)
    version = serializers.IntegerField(required=False, min_value=1, help_text="PATCH: the version you read")

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("valid_from"), attrs.get("valid_to")
        if self.instance is not None:  # PATCH: compare with what is stored
            start = start or self.instance.valid_from
            end = attrs.get("valid_to", self.instance.valid_to)
        if start and end and end < start:
            raise serializers.ValidationError("valid_to is before valid_from")
        return attrs


class AreaFeatureSerializer(StrictSerializer):
    """POST /api/areas: `{"type": "Feature", "geometry": {...}, "properties": {"actor_id", "valid_from",
    "valid_to"?}}`. For PATCH (partial) geometry and properties are optional, properties partial."""

    type = serializers.ChoiceField(["Feature"])
    geometry = AreaGeometryField()
    properties = AreaPropertiesSerializer()
    id = serializers.IntegerField(required=False)  # echoed back by clients that PATCH what they GET

    def validate_id(self, value: int) -> int:
        if self.instance is not None and value != self.instance.pk:
            raise serializers.ValidationError("the id of the body is not the area's")
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.partial:
            self.fields["properties"] = AreaPropertiesSerializer(instance=self.instance, partial=True, required=False)

    def area_values(self) -> dict:
        """The validated values as ControlArea field values (actor as id)."""
        data = self.validated_data
        values = dict(data.get("properties", {}))
        values.pop("version", None)
        if "actor_id" in values:
            values["actor_id"] = values["actor_id"].pk
        if "geometry" in data:
            values["geometry"] = data["geometry"]
        return values


def area_feature(area: ControlArea) -> dict:
    """A control area as a GeoJSON Feature (RFC 7946, 6 decimals), as /api/control.geojson draws it."""
    return {
        "type": "Feature", "id": area.pk,
        "geometry": _round6(json.loads(area.geometry.json)),
        "properties": {
            "layer": "area", "actor_id": area.actor_id, "controller": area.actor.as_json(),
            "valid_from": area.valid_from.isoformat(),
            "valid_to": area.valid_to.isoformat() if area.valid_to else None,
            "method": area.method, "parameters": area.parameters, "version": area.version,
        },
    }


def _round6(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        return round(value, 6) if isinstance(value, float) else value
    return {**geometry, "coordinates": walk(geometry["coordinates"])}


# --- response shapes, for the OpenAPI document ----------------------------------------------------------
# The answers are built by the functions above and events.selectors; these serializers only describe them
# in /api/schema (tests/integration/test_editor_api.py checks that the keys agree).


class PlaceOut(serializers.Serializer):
    id = serializers.IntegerField()
    geonames_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    feature_code = serializers.CharField()
    country_code = serializers.CharField()
    admin1 = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    population = serializers.IntegerField()


class ActorOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    kind = serializers.CharField()
    country = serializers.CharField(allow_null=True)


class MentionOut(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.IntegerField(help_text="character offset into the source's text")
    end = serializers.IntegerField(help_text="exclusive")
    text = serializers.CharField()
    place = PlaceOut(allow_null=True, help_text="null: not a place, or none found")
    confidence = serializers.FloatField()
    candidates = serializers.ListField(child=serializers.DictField(), help_text="place objects with a score")
    status = serializers.ChoiceField(["auto", "confirmed", "corrected", "rejected"])
    events = serializers.ListField(child=serializers.IntegerField(), help_text="events coded from it")


class SourceCountsOut(serializers.Serializer):
    mentions = serializers.IntegerField()
    events = serializers.IntegerField()
    observations = serializers.IntegerField()


class SourceListItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    counts = SourceCountsOut()


class SourceOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    outlet = serializers.CharField()
    language = serializers.CharField()
    ingested_at = serializers.DateTimeField()
    extractor_version = serializers.CharField()
    text = serializers.CharField()
    mentions = MentionOut(many=True)
    events = serializers.ListField(child=serializers.IntegerField())


class EventSourceOut(serializers.Serializer):
    url = serializers.CharField()
    title = serializers.CharField()
    published = serializers.DateField(allow_null=True)


class EventOut(serializers.Serializer):
    """The properties of the event's GeoJSON Feature, with place and actors as objects."""

    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="send it back with PATCH")
    edited = serializers.BooleanField()
    location = serializers.ListField(child=serializers.FloatField(), help_text="[lon, lat]")
    date = serializers.DateField()
    date_precision = serializers.CharField()
    event_type = serializers.CharField()
    sub_event_type = serializers.CharField()
    actor1 = ActorOut(allow_null=True)
    actor2 = ActorOut(allow_null=True)
    place = PlaceOut(allow_null=True)
    geonames_id = serializers.IntegerField(allow_null=True)
    geo_precision = serializers.IntegerField()
    country = serializers.CharField()
    admin1 = serializers.CharField()
    fatalities = serializers.IntegerField(allow_null=True)
    summary = serializers.CharField()
    confidence = serializers.FloatField()
    status = serializers.CharField()
    sources = EventSourceOut(many=True)
    mention_id = serializers.IntegerField(allow_null=True)
    source_ids = serializers.ListField(child=serializers.IntegerField())
    event_id_cnty = serializers.CharField(allow_null=True, help_text="stable public id (ACLED's for imports)")
    origin = serializers.ChoiceField(choices=["extracted", "imported"])
    assoc_actors1 = ActorOut(many=True, help_text="ACLED's assoc_actor_1: acting with actor1")
    assoc_actors2 = ActorOut(many=True, help_text="ACLED's assoc_actor_2: acting with actor2")


class ObservationOut(serializers.Serializer):
    id = serializers.IntegerField()
    place = PlaceOut()
    actor = ActorOut()
    lost_by = ActorOut(allow_null=True)
    status = serializers.CharField()
    kind = serializers.CharField()
    date = serializers.DateField()
    date_precision = serializers.CharField()
    claimed = serializers.BooleanField()
    confidence = serializers.FloatField()
    evidence = serializers.CharField()
    event_id = serializers.IntegerField(allow_null=True)
    source_id = serializers.IntegerField(allow_null=True)
    edited = serializers.BooleanField()
    version = serializers.IntegerField(help_text="send it back with PATCH")


class AreaPropertiesOut(serializers.Serializer):
    layer = serializers.CharField()
    actor_id = serializers.IntegerField()
    controller = ActorOut()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    method = serializers.CharField()
    parameters = serializers.DictField()
    version = serializers.IntegerField(help_text="send it back with PATCH as properties.version")


class AreaFeatureOut(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    geometry = serializers.DictField(help_text="GeoJSON MultiPolygon, WGS84, 6 decimals")
    properties = AreaPropertiesOut()
