"""Reads of the editor pages: the review queue with its filters, and duplicate events to merge.

Why a selector and not the page: the queue's filters and the duplicate rule (same place, same day,
same actors) are the knowledge a reviewer relies on; the page only draws what these return.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce

from events.models import Event, Source


@dataclass(frozen=True)
class QueueFilters:
    """What a reviewer narrows the queue to: all optional."""

    min_confidence: float | None = None
    country: str = ""
    event_type: str = ""
    source_id: int | None = None


def review_queue(*, filters: QueueFilters) -> QuerySet[Event]:
    """Events the machine extracted and nobody reviewed yet, least confident first (they most need
    a human), then newest. Synthetic benchmark events are never queued."""
    events = Event.objects.filter(status=Event.Status.EXTRACTED, is_synthetic=False)
    if filters.min_confidence is not None:
        events = events.filter(confidence__gte=filters.min_confidence)
    if filters.country:
        events = events.filter(country=filters.country)
    if filters.event_type:
        events = events.filter(event_type=filters.event_type)
    if filters.source_id is not None:
        events = events.filter(sources=filters.source_id)
    return (events.select_related("place", "actor1", "actor2")
            .prefetch_related("sources").order_by("confidence", "-date", "pk"))


def review_filter_choices() -> dict:
    """The values the queue's filters can take, from the queued events themselves (a filter that
    would show nothing is not offered)."""
    queued = Event.objects.filter(status=Event.Status.EXTRACTED, is_synthetic=False)
    return {
        "countries": sorted(c for c in queued.values_list("country", flat=True).distinct() if c),
        "event_types": sorted(t for t in queued.values_list("event_type", flat=True).distinct() if t),
        "sources": list(Source.objects.filter(events__in=queued).distinct().order_by("-published", "-pk")
                        .values("pk", "title", "url", "published")[:300]),
    }


def evidence_text(event: Event) -> str:
    """The sentence the event was coded from (the first evidence span), as stored at ingest."""
    for item in event.evidence or []:
        if isinstance(item, dict) and item.get("text"):
            return str(item["text"])
    return ""


def merge_suggestions(*, limit: int = 50) -> list[list[Event]]:
    """Groups of events that are probably one event reported twice: not rejected, the same place, the
    same day and the same two actors in either order (two reports of one capture code it twice).
    Each group in id order (a merge keeps the lowest id), groups newest first."""
    low = Func(Coalesce("actor1_id", 0), Coalesce("actor2_id", 0), function="LEAST", output_field=IntegerField())
    high = Func(Coalesce("actor1_id", 0), Coalesce("actor2_id", 0), function="GREATEST",
                output_field=IntegerField())
    candidates = (Event.objects.exclude(status=Event.Status.REJECTED).filter(is_synthetic=False, place__isnull=False)
                  .annotate(actor_low=low, actor_high=high))
    keys = (candidates.values("place_id", "date", "actor_low", "actor_high")
            .annotate(n=Count("id")).filter(n__gt=1)
            .order_by("-date", "place_id")[:limit])
    if not keys:
        return []
    match = Q()
    for key in keys:
        match |= Q(place_id=key["place_id"], date=key["date"], actor_low=key["actor_low"],
                   actor_high=key["actor_high"])
    groups: dict[tuple, list[Event]] = {}
    for event in (candidates.filter(match).select_related("place", "actor1", "actor2")
                  .prefetch_related("sources").order_by("pk")):
        groups.setdefault((event.place_id, event.date, event.actor_low, event.actor_high), []).append(event)
    return sorted(groups.values(), key=lambda group: (group[0].date, group[0].place_id), reverse=True)
