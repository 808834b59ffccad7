"""HTML pages: the analyst map, event detail with sources and history, the editor form, the review queue."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods

from events.api.history import REVERT_PERMISSIONS
from events.forms import EventForm
from events.models import Actor, ControlArea, ControlObservation, Event, Source
from events.selectors.history import history_diff
from events.selectors.review import QueueFilters, evidence_text, merge_suggestions, review_filter_choices
from events.selectors.review import review_queue as review_queue_select
from events.selectors.sources import source_detail
from events.services.events import StaleEdit, event_update


def map_page(request: HttpRequest) -> HttpResponse:
    span = Event.objects.exclude(status=Event.Status.REJECTED).aggregate(min=Min("date"), max=Max("date"))
    # Each actor's side and own colour, so the map gives allies one hue family (static/js/analyst/styles.js).
    actor_styles = {pk: {"side": side, "colour": colour}
                    for pk, side, colour in Actor.objects.values_list("pk", "side_id", "colour")}
    return render(request, "events/map.html", {"online_basemap_url": settings.ONLINE_BASEMAP_URL,
                                               "date_span": span, "actor_styles": actor_styles})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("actor1", "actor2", "place"), pk=pk)
    history = list(event.history.select_related("history_user").order_by("-history_date"))  # read once
    editors = sorted({h.history_user.get_username() for h in history if h.history_user})
    return render(request, "events/detail.html", {
        "event": event, "sources": event.sources.all(), "history": history, "editors": editors,
        "observations": event.control_observations.select_related("actor", "place"),
        **_history_context(request, "event", pk),
    })


@login_required
@permission_required("events.change_event", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    form = EventForm(request.POST or None, instance=event, initial={"version": event.version})
    # django-leaflet's map widget writes an inline script: it needs this response's CSP nonce (set on the
    # request by django-csp's CSPMiddleware, which HttpRequest does not declare)
    form.fields["location"].widget.csp_nonce = request.csp_nonce  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            if "status" in changes and not request.user.has_perm("events.review_event"):
                raise PermissionDenied("setting the review status needs the reviewer role")
            event_update(event_id=event.pk, expected_version=form.cleaned_data["version"], changes=changes,
                         user=request.user)
        except StaleEdit as error:
            form.add_error(None, str(error))
            status = 409
        else:
            return redirect("event-detail", pk=event.pk)
    return render(request, "events/edit.html", {"event": event, "form": form}, status=status)


class ReviewFilterForm(forms.Form):
    """The review queue's filters (GET); a bad value is ignored with the field's message shown."""

    min_confidence = forms.FloatField(required=False, min_value=0, max_value=1)
    country = forms.RegexField(r"^[A-Za-z]{2}$", required=False)
    event_type = forms.CharField(required=False, max_length=60)
    source = forms.IntegerField(required=False, min_value=1)

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(min_confidence=data.get("min_confidence"), country=(data.get("country") or "").upper(),
                            event_type=data.get("event_type") or "", source_id=data.get("source"))


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Unreviewed events with their evidence sentence, filters, and (for reviewers) accept/reject per row
    and in bulk and merges of suggested duplicates, all through the editor API (static/js/editor/)."""
    form = ReviewFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else QueueFilters()
    page = Paginator(review_queue_select(filters=filters), 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        setattr(event, "evidence_text", evidence_text(event))  # noqa: B010 -- for the template, undeclared
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/review.html", {
        "page": page, "form": form, "choices": review_filter_choices(), "query": query.urlencode(),
        "can_review": request.user.has_perm("events.review_event"),
        "merge_groups": merge_suggestions(),
    })


def source_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An article with its place mentions and their candidates. Editors correct them there through the
    editor API (static/js/source-page.js); everyone else reads."""
    try:
        source = source_detail(source_id=pk)
    except Source.DoesNotExist:
        raise Http404(f"no source with id {pk}") from None
    return render(request, "events/source.html", {
        "source": source, "can_edit": request.user.has_perm("events.change_mention"),
        "countries_url": static("vendor/world-atlas/countries-50m.json"),
    })


# --- editor pages (issue 9 part 3: control editor, add an article, history) ---


@login_required
def source_new(request: HttpRequest) -> HttpResponse:
    """Add an article: pasted text or a chosen file goes to POST /api/sources from the page
    (static/js/editor/source-new.js), which then opens the article page. Without the editors' role the
    page says so instead of offering a form the API would refuse."""
    return render(request, "events/source_new.html", {"can_add": request.user.has_perm("events.add_source")})


@login_required
def control_edit(request: HttpRequest) -> HttpResponse:
    """Control observations and drawn areas edited on a map (static/js/editor/control-*.js): find a place,
    list, add, fix or delete its observations; draw an area polygon with Leaflet-Geoman and give it its
    controller and validity dates. Every write goes through the editor API; without the editors' role the
    page says so."""
    latest = ControlObservation.objects.aggregate(latest=Max("date"))["latest"]
    actors = [actor.as_json() for actor in Actor.objects.order_by("name")]
    return render(request, "events/control_edit.html", {
        "can_edit": request.user.has_perm("events.add_controlobservation"),
        "can_draw": request.user.has_perm("events.add_controlarea"),
        "actors": actors, "initial_date": (latest or datetime.date.today()).isoformat(),
        "countries_url": static("vendor/world-atlas/countries-50m.json"),
    })


def _history_context(request: HttpRequest, model: str, object_id: int) -> dict:
    """What templates/events/_history.html needs: each save's per-field diff, and whether this user
    may revert (the permission the editor API's revert asks for that kind of row)."""
    rows = history_diff(model=model, object_id=object_id)
    for row in rows:
        row["when_text"] = row["when"][:16].replace("T", " ")
    return {"history_rows": rows, "history_model": model,
            "history_object_id": object_id,
            "can_revert": request.user.has_perm(REVERT_PERMISSIONS[model])}


def observation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One control observation with its history (per-field diff, revert); also of a deleted one, whose
    history is kept."""
    observation = (ControlObservation.objects.select_related("place", "actor", "lost_by", "event", "source")
                   .filter(pk=pk).first())
    context = _history_context(request, "observation", pk)
    if observation is None and not context["history_rows"]:
        raise Http404(f"no control observation with id {pk}")
    return render(request, "events/observation.html", {"observation": observation, "object_id": pk, **context})


def area_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One drawn or estimated control area with its history (per-field diff, revert)."""
    area = ControlArea.objects.select_related("actor", "created_by").filter(pk=pk).first()
    context = _history_context(request, "area", pk)
    if area is None and not context["history_rows"]:
        raise Http404(f"no control area with id {pk}")
    return render(request, "events/area.html", {"area": area, "object_id": pk, **context})
