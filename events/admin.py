"""Admin registrations; every geometry is edited on a Leaflet map with no internet tiles.

Events, mentions, control observations and drawn areas are written through the same correction
services as the editor pages and API (events.services.corrections), never by the admin's own save:
so an admin edit takes the optimistic lock (a hidden `version` field; a stale form is refused, as in
the editor), marks the row edited (kept by re-extraction), is kept in history with its user, and moves
everything copied from it (observations, control intervals, stored features, tile counts). Fields that
are copies or bookkeeping are read-only here."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.gis.forms import GeometryField
from django.core.exceptions import ValidationError
from django.db.models import Model
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
from events.services.corrections import (
    StaleEdit,
    area_create,
    area_delete,
    area_update,
    event_update,
    mention_place_set,
    observation_create,
    observation_delete,
    observation_update,
)
from events.services.derived import as_multipolygon


class HistoryMapAdmin(LeafletGeoAdmin, SimpleHistoryAdmin):
    """A map widget and the change history on the same admin page."""


class VersionedForm(forms.ModelForm):
    """Carries the version the form was opened at; clean() refuses it when the row has moved on (the
    service checks again under a row lock, so a race between clean and save is refused too)."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean() returns cleaned_data
        opened = cleaned.get("opened_version")
        if self.instance.pk is not None and opened is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != opened:
                raise ValidationError(f"this record was changed by someone else since you opened it (version "
                                      f"{current}, your form had {opened}): reload the page to see their change")
        return cleaned


# A mixin put before a ModelAdmin: mypy checks it as one (its super() calls and self.delete_model), Python
# sees a plain class, as before.
if TYPE_CHECKING:
    _ServiceAdminBase = admin.ModelAdmin
else:
    _ServiceAdminBase = object


class ServiceAdmin(_ServiceAdminBase):
    """save_model/delete_model through the correction services; a refusal becomes a form error."""

    if TYPE_CHECKING:
        def service_save(self, request, obj, form, change) -> Model:
            """Each admin's write through its correction service (defined by every subclass)."""

    def _changes(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in form.changed_data if name != "opened_version"}

    def _opened(self, form, obj) -> int:
        opened = form.cleaned_data.get("opened_version")
        return obj.version if opened is None else opened

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            saved = self.service_save(request, obj, form, change)
        except (StaleEdit, ValidationError) as error:
            # The admin has no form-error path after validation: say it and leave the row as it was.
            messages.error(request, f"not saved: {error}")
            raise _NotSaved from error
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except _NotSaved:
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.get_full_path())


class _NotSaved(Exception):
    """A service refused an admin save (stale version or bad input): nothing was written."""


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 0
    fields = ["name", "language", "is_preferred", "source"]
    readonly_fields = ["source"]


@admin.register(Place)
class PlaceAdmin(HistoryMapAdmin):
    list_display = ["name", "feature_code", "country_code", "admin1_name", "population", "origin"]
    list_filter = ["origin", "feature_code"]
    search_fields = ["name", "ascii_name", "=geonames_id"]
    inlines = [PlaceNameInline]
    show_full_result_count = False


class EventForm(VersionedForm):
    class Meta:
        model = Event
        fields = ["date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place", "location",
                  "geo_precision", "country", "admin1", "fatalities", "summary", "status", "confidence"]


@admin.register(Event)
class EventAdmin(ServiceAdmin, HistoryMapAdmin):
    form = EventForm
    list_display = ["date", "event_type", "sub_event_type", "place", "actor1", "actor2", "confidence", "status"]
    list_filter = ["status", "event_type", "date_precision", "is_synthetic"]
    search_fields = ["summary", "place__name"]
    raw_id_fields = ["place", "actor1", "actor2"]
    readonly_fields = ["version", "edited", "mention", "sources_list", "evidence", "is_synthetic"]
    date_hierarchy = "date"

    @admin.display(description="sources")
    def sources_list(self, obj: Event) -> str:
        return ", ".join(str(s) for s in obj.sources.all())

    def has_add_permission(self, request) -> bool:
        return False  # events come from articles (ingest) or imports; editors correct them

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a wrong event is rejected (it leaves the map, keeps its id and history)

    def service_save(self, request, obj, form, change):
        if "status" in form.changed_data and not request.user.has_perm("events.review_event"):
            raise ValidationError("setting the review status needs the reviewer role")
        return event_update(event_id=obj.pk, expected_version=self._opened(form, obj),
                            changes=self._changes(form), user=request.user)


class ObservationForm(VersionedForm):
    class Meta:
        model = ControlObservation
        fields = ["place", "actor", "lost_by", "status", "kind", "date", "date_precision", "claimed", "confidence",
                  "event", "source", "evidence"]


@admin.register(ControlObservation)
class ControlObservationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    form = ObservationForm
    list_display = ["place", "actor", "status", "kind", "date", "claimed", "edited"]
    list_filter = ["status", "kind", "claimed", "edited"]
    raw_id_fields = ["place", "event", "source", "actor", "lost_by"]
    readonly_fields = ["version", "edited"]

    def service_save(self, request, obj, form, change):
        if not change:
            data = {name: value for name, value in form.cleaned_data.items() if name != "opened_version"}
            return observation_create(data=data, user=request.user)
        return observation_update(observation_id=obj.pk, changes=self._changes(form), user=request.user,
                                  expected_version=self._opened(form, obj))

    def delete_model(self, request, obj):
        observation_delete(observation_id=obj.pk, user=request.user)


class AreaForm(VersionedForm):
    class Meta:
        model = ControlArea
        fields = ["actor", "valid_from", "valid_to", "geometry", "parameters", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        geometry = self.fields["geometry"]
        assert isinstance(geometry, GeometryField)  # the form field of ControlArea.geometry
        geometry.geom_type = "GEOMETRY"  # a Polygon too, made a MultiPolygon below

    def clean_geometry(self):
        return as_multipolygon(self.cleaned_data["geometry"])


@admin.register(ControlArea)
class ControlAreaAdmin(ServiceAdmin, HistoryMapAdmin):
    form = AreaForm
    list_display = ["actor", "valid_from", "valid_to", "method"]
    readonly_fields = ["method", "created_by", "version"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            area = area_create(geometry=data["geometry"], actor_id=data["actor"].pk, valid_from=data["valid_from"],
                               valid_to=data.get("valid_to"), parameters=data.get("parameters") or {},
                               user=request.user)
            if data.get("note"):
                area = area_update(area_id=area.pk, changes={"note": data["note"]}, user=request.user)
            return area
        return area_update(area_id=obj.pk, changes=self._changes(form), user=request.user,
                           expected_version=self._opened(form, obj))

    def delete_model(self, request, obj):
        area_delete(area_id=obj.pk, user=request.user)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "ingested_at", "extractor_version"]
    search_fields = ["title", "url"]
    readonly_fields = ["content_hash", "ingested_at"]


class MentionForm(forms.ModelForm):
    class Meta:
        model = Mention
        fields = ["place"]


@admin.register(Mention)
class MentionAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Only a mention's place is corrected here (empty: "not a place"); its events follow."""

    form = MentionForm
    list_display = ["text", "place", "confidence", "status", "source"]
    list_filter = ["status"]
    raw_id_fields = ["place"]
    readonly_fields = ["source", "start", "end", "text", "confidence", "status", "reviewed_by", "reviewed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _opened(self, form, obj) -> int:
        return 0

    def service_save(self, request, obj, form, change):
        place = form.cleaned_data.get("place")
        return mention_place_set(mention_id=obj.pk, place_id=place.pk if place else None, user=request.user)


admin.site.register(Actor)
admin.site.register(DatasetLoad)
