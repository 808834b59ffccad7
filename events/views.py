"""HTML pages: the analyst map, event detail with sources and history, the editor form, the review queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods

from events.forms import EventForm
from events.models import Event, Source
from events.selectors.sources import source_detail
from events.services.events import StaleEdit, event_update


def map_page(request: HttpRequest) -> HttpResponse:
    span = Event.objects.exclude(status=Event.Status.REJECTED).aggregate(min=Min("date"), max=Max("date"))
    return render(request, "events/map.html", {"online_basemap_url": settings.ONLINE_BASEMAP_URL,
                                               "date_span": span})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("actor1", "actor2", "place"), pk=pk)
    history = list(event.history.select_related("history_user").order_by("-history_date"))  # read once
    editors = sorted({h.history_user.get_username() for h in history if h.history_user})
    return render(request, "events/detail.html", {
        "event": event, "sources": event.sources.all(), "history": history, "editors": editors,
        "observations": event.control_observations.select_related("actor", "place"),
    })


@login_required
@permission_required("events.change_event", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    form = EventForm(request.POST or None, instance=event, initial={"version": event.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            event_update(event_id=event.pk, expected_version=form.cleaned_data["version"], changes=changes,
                         user=request.user)
        except StaleEdit as error:
            form.add_error(None, str(error))
            status = 409
        else:
            return redirect("event-detail", pk=event.pk)
    return render(request, "events/edit.html", {"event": event, "form": form}, status=status)


def review_queue(request: HttpRequest) -> HttpResponse:
    events = (Event.objects.filter(status=Event.Status.EXTRACTED, is_synthetic=False)
              .select_related("place", "actor1", "actor2").order_by("confidence", "-date", "pk"))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "events/review.html", {"page": page})


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
