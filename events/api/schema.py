"""GET /api/schema: the OpenAPI document of every endpoint of CONTRACT §3 and §3b.

drf-spectacular generates the editor API's part from its views and serializers. The streamed endpoints
(GeoJSON/CSV/GeoPackage exports, control, places, extract, tiles) are plain Django views kept off DRF on
purpose (streaming by COPY, no per-request framework cost), so they are described here by hand and
merged in by a post-processing hook: one place that says what they accept and return. A test checks
that every route of events/urls.py appears in the document.
"""

from __future__ import annotations

from events.db.constants import FEATURE_PROPERTIES

EVENT_FILTERS = [
    ("start", "string", "date", "first day, YYYY-MM-DD"),
    ("end", "string", "date", "last day, YYYY-MM-DD"),
    ("bbox", "string", None, "minlon,minlat,maxlon,maxlat (WGS84)"),
    ("actor", "string", None, "an actor's name or any alias, case-insensitive"),
    ("event_type", "string", None, "ACLED event type"),
    ("sub_event_type", "string", None, "ACLED sub-event type"),
    ("country", "string", None, "ISO 3166 alpha-2 code"),
    ("status", "string", None, "extracted | reviewed | rejected (rejected events only when asked)"),
    ("geo_precision", "integer", None, "1-3, at most"),
    ("min_confidence", "number", None, "0-1"),
    ("source", "integer", None, "a source id"),
    ("origin", "string", None, "extracted (ours) | imported (from ACLED); both when absent"),
]

_ERROR = {"description": 'bad parameter: {"error": "..."}',
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _query(name: str, kind: str, fmt: str | None, description: str, required: bool = False) -> dict:
    schema = {"type": kind, **({"format": fmt} if fmt else {})}
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer"}}


def _get(summary: str, description: str, parameters: list[dict], content_type: str, tag: str) -> dict:
    return {"get": {
        "operationId": summary.lower().replace(" ", "_").replace("/", "_"), "summary": summary,
        "description": description, "tags": [tag], "parameters": parameters,
        "responses": {"200": {"description": "OK", "content": {content_type: {"schema": {}}}}, "400": _ERROR},
    }}


def streamed_paths() -> dict:
    """The OpenAPI paths of the endpoints that are not DRF views (CONTRACT §3)."""
    filters = [_query(*f) for f in EVENT_FILTERS]
    paths = {
        "/api/events.geojson": _get(
            "Events GeoJSON", "RFC 7946 FeatureCollection of Point features, streamed; `id` is the event id. "
            f"Properties: {', '.join(FEATURE_PROPERTIES)}.",
            filters, "application/geo+json", "exports"),
        "/api/events.csv": _get(
            "Events CSV", "The same events as CSV: ACLED's 31 columns first in ACLED's order, then ours "
            "(id, status, confidence, date_precision, geonames_id, sources).", filters, "text/csv", "exports"),
        "/api/events.gpkg": _get(
            "Events GeoPackage", "The same events as a GeoPackage, layer `events`, EPSG:4326.", filters,
            "application/geopackage+sqlite3", "exports"),
        "/api/events/days": _get(
            "Events per day", "For the map's timeline: `{\"days\": [[date, count], ...], \"control_changes\": "
            "[[date, count], ...]}` of the filtered events.", filters, "application/json", "exports"),
        "/api/control.geojson": _get(
            "Control on a date", "One Point per place whose control is known on the date (layer place: "
            "controller, status, since, last_confirmed, event_id, claimed, approximate) and Polygon/"
            "MultiPolygon areas (layer area: controller, method drawn|estimated, valid_from, valid_to).",
            [_query("date", "string", "date", "YYYY-MM-DD", required=True),
             _query("bbox", "string", None, "minlon,minlat,maxlon,maxlat")],
            "application/geo+json", "control"),
        **control_download_paths(),
        "/api/places": _get(
            "Gazetteer search", "Places whose names match q, best first (place objects: id, geonames_id, "
            "name, feature_code, country_code, admin1, lat, lon, population).",
            [_query("q", "string", None, "a place name", required=True),
             _query("country", "string", None, "ISO 3166 alpha-2 code"),
             _query("limit", "integer", None, "1-100, default 20")],
            "application/json", "places"),
        "/api/places/{place_id}/control": _get(
            "Control history of a place", "Its observations in date order, each with date, actor, status, "
            "kind, claimed, event id, sources and evidence sentence.",
            [_path("place_id", "a place id")], "application/json", "control"),
        "/api/tiles/events/{z}/{x}/{y}.pbf": _get(
            "Event tiles", "Mapbox Vector Tile of events, layer `events`, with the filters of "
            "/api/events.geojson: grid cells (`count`, `date_min`, `date_max`, `event_type`) below zoom 9, "
            "points from zoom 9.",
            [_path("z", "zoom 0-22"), _path("x", "column"), _path("y", "row"), *filters],
            "application/vnd.mapbox-vector-tile", "exports"),
        "/api/extract": {"post": {
            "operationId": "extract", "summary": "Extract from a text",
            "description": "Extraction JSON (CONTRACT §4) for a posted text; writes nothing. Logged-in users.",
            "tags": ["extract"],
            "requestBody": {"required": True, "content": {
                media: {"schema": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string"}, "published": {"type": "string", "format": "date"}}}}
                for media in ("application/json", "application/x-www-form-urlencoded")}},
            "responses": {"200": {"description": "Extraction JSON", "content": {"application/json": {"schema": {}}}},
                          "400": _ERROR, "401": {"description": "not logged in"}, "429": {"description": "too many extractions a minute"}},
        }},
    }
    return paths


def control_download_paths() -> dict:
    """Territorial control as data: the snapshot of a date and the changes of a period, as files."""
    snapshot = [_query("date", "string", "date", "YYYY-MM-DD", required=True),
                _query("bbox", "string", None, "minlon,minlat,maxlon,maxlat")]
    period = [_query("start", "string", "date", "first day, YYYY-MM-DD"),
              _query("end", "string", "date", "last day, YYYY-MM-DD"),
              _query("bbox", "string", None, "minlon,minlat,maxlon,maxlat")]
    changes = ("The control changes of the period, one row per change in date order (a temporal layer): "
               "observation_id, place_id, place, geonames_id, country, lat, lon, date, date_precision, from, "
               "to, status, kind, claimed, approximate, confidence, event_id, source, evidence.")
    return {
        "/api/control.csv": _get(
            "Control on a date CSV", "The snapshot of /api/control.geojson as a table: a `layer` column, "
            "places with lat/lon and controller, areas with their geometry as WKT.", snapshot, "text/csv", "control"),
        "/api/control.gpkg": _get(
            "Control on a date GeoPackage", "The snapshot as a GeoPackage (EPSG:4326): layer `control_places` "
            "(points) and `control_areas` (multipolygons), dates as dates.", snapshot, GPKG_TYPE, "control"),
        "/api/control/changes.csv": _get("Control changes CSV", changes, period, "text/csv", "control"),
        "/api/control/changes.geojson": _get(
            "Control changes GeoJSON", changes + " RFC 7946 Point features.", period, "application/geo+json",
            "control"),
        "/api/control/changes.gpkg": _get(
            "Control changes GeoPackage", changes + " Layer `control_changes`, EPSG:4326.", period, GPKG_TYPE,
            "control"),
    }


GPKG_TYPE = "application/geopackage+sqlite3"


def add_streamed_endpoints(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: merge the hand-kept paths and the error shape."""
    result.setdefault("paths", {}).update(streamed_paths())
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {"type": "object", "required": ["error"],
                        "properties": {"error": {"type": "string"},
                                       "fields": {"type": "object", "description": "messages per field"}}}
    return result
