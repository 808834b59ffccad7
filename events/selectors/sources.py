"""Reads of articles: the source list with counts, and one article with its mentions and events, the way
the editor API (GET /api/sources, /api/sources/<id>) and the article page show them."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from events.models import Mention, Source
from events.selectors.places import place_json


def source_list(*, q: str | None = None, url: str | None = None, limit: int = 50) -> list[dict]:
    """Sources newest first; `q` matches words of the title, URL, outlet or text, `url` the URL exactly."""
    sources: QuerySet[Source] = Source.objects.all()
    if q:
        sources = sources.filter(Q(title__icontains=q) | Q(url__icontains=q) | Q(outlet__icontains=q)
                                 | Q(text__icontains=q))
    if url:
        sources = sources.filter(url=url)
    sources = sources.annotate(
        mention_count=Count("mentions", distinct=True), event_count=Count("events", distinct=True),
        observation_count=Count("control_observations", distinct=True),
    ).order_by("-ingested_at", "-pk")[:limit]
    return [{**_source_head(s), "counts": {"mentions": s.mention_count, "events": s.event_count,
                                           "observations": s.observation_count}} for s in sources]


def source_detail(*, source_id: int) -> dict:
    """One source: its text, its mentions (with place, confidence, candidates, status and the events
    coded from each) and the ids of its events. Raises Source.DoesNotExist."""
    source = Source.objects.get(pk=source_id)
    mentions = list(Mention.objects.filter(source=source).select_related("place").order_by("start", "pk"))
    events_by_mention: dict[int, list[int]] = {}
    for event_id, mention_id in source.events.order_by("pk").values_list("pk", "mention_id"):
        events_by_mention.setdefault(mention_id, []).append(event_id)
    return {
        **_source_head(source),
        "outlet": source.outlet,
        "language": source.language,
        "ingested_at": source.ingested_at.isoformat(),
        "extractor_version": source.extractor_version,
        "text": source.text,
        "mentions": [mention_json(m, events=events_by_mention.get(m.pk, [])) for m in mentions],
        "events": sorted(e for ids in events_by_mention.values() for e in ids),
    }


def mention_json(mention: Mention, *, events: list[int] | None = None) -> dict:
    """A mention as the API gives it: `place` is null when it names no place (or none was found)."""
    data = {
        "id": mention.pk, "start": mention.start, "end": mention.end, "text": mention.text,
        "place": place_json(mention.place) if mention.place else None,
        "confidence": mention.confidence, "candidates": mention.candidates, "status": mention.status,
    }
    if events is None:
        events = list(mention.events.order_by("pk").values_list("pk", flat=True))
    data["events"] = events
    return data


def _source_head(source: Source) -> dict:
    return {"id": source.pk, "url": source.url, "title": source.title,
            "published": source.published.isoformat() if source.published else None}
