"""Admin registrations; every geometry is edited on a Leaflet map with no internet tiles."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin
from simple_history.admin import SimpleHistoryAdmin

from events.models import (
    Actor,
    ControlArea,
    ControlObservation,
    DatasetLoad,
    Event,
    Mention,
    Place,
    PlaceName,
    Source,
)


class HistoryMapAdmin(LeafletGeoAdmin, SimpleHistoryAdmin):
    """A map widget and the change history on the same admin page."""


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 0
    fields = ["name", "language", "is_preferred"]


@admin.register(Place)
class PlaceAdmin(HistoryMapAdmin):
    list_display = ["name", "feature_code", "country_code", "admin1_name", "population", "origin"]
    list_filter = ["origin", "feature_code"]
    search_fields = ["name", "ascii_name", "=geonames_id"]
    inlines = [PlaceNameInline]
    show_full_result_count = False


@admin.register(Event)
class EventAdmin(HistoryMapAdmin):
    list_display = ["date", "event_type", "sub_event_type", "place", "actor1", "actor2", "confidence", "status"]
    list_filter = ["status", "event_type", "date_precision", "is_synthetic"]
    search_fields = ["summary", "place__name"]
    raw_id_fields = ["place", "mention", "actor1", "actor2"]
    filter_horizontal = ["sources"]
    date_hierarchy = "date"


@admin.register(ControlObservation)
class ControlObservationAdmin(SimpleHistoryAdmin):
    list_display = ["place", "actor", "status", "kind", "date", "claimed"]
    list_filter = ["status", "kind", "claimed"]
    raw_id_fields = ["place", "event", "source", "actor", "lost_by"]


@admin.register(ControlArea)
class ControlAreaAdmin(HistoryMapAdmin):
    list_display = ["actor", "valid_from", "valid_to", "method"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "ingested_at", "extractor_version"]
    search_fields = ["title", "url"]
    readonly_fields = ["content_hash", "ingested_at"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "place", "confidence", "status", "source"]
    list_filter = ["status"]
    raw_id_fields = ["place", "source"]


admin.site.register(Actor)
admin.site.register(DatasetLoad)
