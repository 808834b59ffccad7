"""Routes of the analyst map, the API and the editor pages (CONTRACT §3)."""

from django.urls import path
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from events import views
from events.api import control, editor, events, exports, extract, history, places, tiles

SCHEMA_RENDERERS = [OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]

urlpatterns = [
    path("", views.map_page, name="map"),
    path("api/events.geojson", events.events_geojson, name="api-events"),
    path("api/events/days", events.events_days, name="api-event-days"),
    path("api/events.csv", exports.events_csv, name="api-events-csv"),
    path("api/events.gpkg", exports.events_gpkg, name="api-events-gpkg"),
    path("api/control.geojson", control.control_geojson, name="api-control"),
    path("api/control.csv", exports.control_snapshot_download, {"fmt": "csv"}, name="api-control-csv"),
    path("api/control.gpkg", exports.control_snapshot_download, {"fmt": "gpkg"}, name="api-control-gpkg"),
    path("api/control/changes.csv", exports.control_changes_download, {"fmt": "csv"}, name="api-control-changes-csv"),
    path("api/control/changes.geojson", exports.control_changes_download, {"fmt": "geojson"},
         name="api-control-changes-geojson"),
    path("api/control/changes.gpkg", exports.control_changes_download, {"fmt": "gpkg"},
         name="api-control-changes-gpkg"),
    path("api/places", places.place_search_view, name="api-places"),
    path("api/places/<int:place_id>/control", control.place_control, name="api-place-control"),
    path("api/tiles/events/<int:z>/<int:x>/<int:y>.pbf", tiles.event_tile_view, name="api-event-tiles"),
    path("api/extract", extract.extract, name="api-extract"),
    # The editor API (CONTRACT §3b) and the OpenAPI document of the whole API, browsable locally.
    path("api/sources", editor.SourceListView.as_view(), name="api-sources"),
    path("api/sources/<int:source_id>", editor.SourceDetailView.as_view(), name="api-source"),
    path("api/sources/<int:source_id>/mentions", editor.SourceMentionListView.as_view(), name="api-source-mentions"),
    path("api/mentions/<int:mention_id>/place", editor.MentionPlaceView.as_view(), name="api-mention-place"),
    path("api/events/merge", editor.EventMergeView.as_view(), name="api-events-merge"),
    path("api/events/<int:event_id>", editor.EventDetailView.as_view(), name="api-event"),
    path("api/events/<int:event_id>/status", editor.EventStatusView.as_view(), name="api-event-status"),
    path("api/observations", editor.ObservationListView.as_view(), name="api-observations"),
    path("api/observations/<int:observation_id>", editor.ObservationDetailView.as_view(), name="api-observation"),
    path("api/areas", editor.AreaListView.as_view(), name="api-areas"),
    path("api/areas/<int:area_id>", editor.AreaDetailView.as_view(), name="api-area"),
    # JSON first (YAML with ?format=yaml or Accept: application/yaml).
    path("api/schema", SpectacularAPIView.as_view(renderer_classes=SCHEMA_RENDERERS), name="api-schema"),
    # The split view loads its start-up script from a URL: the Content-Security-Policy allows no inline script.
    path("api/schema/docs", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("review/", views.review_queue, name="review"),
    path("sources/<int:pk>/", views.source_page, name="source-page"),
    path("api/history/<str:model>/<int:object_id>/revert", history.HistoryRevertView.as_view(), name="api-history-revert"),
    path("api/history/<str:model>/<int:object_id>", history.HistoryView.as_view(), name="api-history"),
    path("areas/<int:pk>/", views.area_page, name="area-page"),
    path("observations/<int:pk>/", views.observation_page, name="observation-page"),
    path("control/edit/", views.control_edit, name="control-edit"),
    path("sources/new/", views.source_new, name="source-new"),
]
