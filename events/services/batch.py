"""Batch work that runs inline, or on Celery workers when settings.CELERY_BROKER_URL is set.

Both ways go through the same functions (`article_ingest`, `sources_reextract_counts`), which take and
return plain dicts, so a task's result is what the inline call returns: the rows written are the same.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings

from events.extractor import get_extractor
from events.inputs import ArticleInput
from events.services.ingest import IngestError, source_ingest
from events.services.reextract import ReextractSummary, sources_reextract

_IN_FLIGHT = 64  # tasks sent ahead of the results read: bounded memory, workers kept busy
_SOURCES_PER_TASK = 50


def use_workers() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def article_payload(article: ArticleInput) -> dict:
    return {"id": article.id, "text": article.text, "title": article.title, "url": article.url,
            "published": article.published.isoformat() if article.published else None}


def article_ingest(*, article: dict) -> dict:
    """Ingest one article payload: {"created", "events", "observations", "source_id"} or {"error"}."""
    try:
        published = datetime.date.fromisoformat(article["published"]) if article.get("published") else None
        result = source_ingest(text=article["text"], extractor=get_extractor(), published=published,
                               url=article.get("url") or "", title=article.get("title") or "")
    except IngestError as error:
        return {"error": str(error)}
    except Exception as error:  # one article the database refuses must not stop a batch
        return {"error": f"{type(error).__name__}: {error}"}
    return {"created": result.created, "events": result.events, "observations": result.observations,
            "source_id": result.source.pk}


def articles_ingest(*, articles: Iterable[ArticleInput]) -> Iterator[tuple[ArticleInput, dict]]:
    """Each article with its outcome (see article_ingest), in input order."""
    if not use_workers():
        get_extractor()  # a missing gazetteer index stops the run here, not as an error per article
        for article in articles:
            yield article, article_ingest(article=article_payload(article))
        return
    from events.tasks import ingest_article_task

    pending = iter(articles)
    window = [(a, ingest_article_task.delay(article_payload(a))) for a in islice(pending, _IN_FLIGHT)]
    while window:
        article, result = window.pop(0)
        following = next(pending, None)
        if following is not None:
            window.append((following, ingest_article_task.delay(article_payload(following))))
        yield article, result.get(disable_sync_subtasks=False)


def sources_reextract_counts(*, source_ids: list[int] | None) -> dict:
    """Re-extract sources inline; the summary as a dict."""
    return dataclasses.asdict(sources_reextract(extractor=get_extractor(), source_ids=source_ids))


def sources_reextract_batch(*, source_ids: list[int]) -> ReextractSummary:
    """Re-extract sources inline, or in chunks on the workers; the summaries added up."""
    if not use_workers():
        return ReextractSummary(**sources_reextract_counts(source_ids=source_ids))
    from events.tasks import reextract_sources_task

    chunks = [source_ids[n:n + _SOURCES_PER_TASK] for n in range(0, len(source_ids), _SOURCES_PER_TASK)]
    results = [reextract_sources_task.delay(chunk) for chunk in chunks]
    total = ReextractSummary()
    for result in results:
        total.add(ReextractSummary(**result.get(disable_sync_subtasks=False)))
    return total
