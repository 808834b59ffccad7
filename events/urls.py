"""Routes of the analyst map, the API and the editor pages (CONTRACT §3)."""

from django.urls import path

from events import views
from events.api import control, events, extract, places, tiles

urlpatterns = [
    path("", views.map_page, name="map"),
    path("api/events.geojson", events.events_geojson, name="api-events"),
    path("api/control.geojson", control.control_geojson, name="api-control"),
    path("api/places", places.place_search_view, name="api-places"),
    path("api/places/<int:place_id>/control", control.place_control, name="api-place-control"),
    path("api/tiles/events/<int:z>/<int:x>/<int:y>.pbf", tiles.event_tile_view, name="api-event-tiles"),
    path("api/extract", extract.extract, name="api-extract"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("review/", views.review_queue, name="review"),
]
