"""Editor forms. The hidden `version` field is the optimistic lock: a stale form cannot overwrite."""

from __future__ import annotations

from django import forms
from leaflet.forms.widgets import LeafletWidget

from events.models import Event, Place


class EventForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    place = forms.ModelChoiceField(
        queryset=Place.objects.all(), required=False, widget=forms.NumberInput(attrs={"readonly": True}),
        help_text="gazetteer place id; search a name above to change it",
    )

    class Meta:
        model = Event
        fields = ["date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "place",
                  "location", "geo_precision", "fatalities", "summary", "status"]
        widgets = {
            "location": LeafletWidget(),
            "date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_location(self):
        point = self.cleaned_data["location"]
        if point is not None and not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
            raise forms.ValidationError("coordinates out of range (lon -180..180, lat -90..90)")
        return point
