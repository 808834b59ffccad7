"""Batch work that runs inline, or on Celery workers when settings.CELERY_BROKER_URL is set.

Both ways go through the same functions (`article_ingest`, `sources_reextract_counts`), which take and
return plain dicts, so a task's result is what the inline call returns: the rows written are the same.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings

from events.selectors.extractor import get_extractor
from events.services.acled_import import AcledFileError, AcledImportResult, acled_import
from events.services.ingest import IngestError, source_ingest
from events.services.reextract import ReextractSummary, sources_reextract
from events.sources.articles import ArticleInput

_IN_FLIGHT = 64  # tasks sent ahead of the results read: bounded memory, workers kept busy
_SOURCES_PER_TASK = 50
_ACLED_ROWS_PER_TASK = 200


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


def acled_rows_import(*, text: str) -> dict:
    """Import one ACLED CSV text (a header and rows) inline; the result as a dict."""
    try:
        return dataclasses.asdict(acled_import(lines=io.StringIO(text, newline="")))
    except AcledFileError as error:
        return {"imported": 0, "new": 0, "errors": [[1, str(error)]]}


def acled_import_batch(*, lines: Iterable[str]) -> AcledImportResult:
    """Import an ACLED CSV inline, or on the workers in chunks of rows (the rows travel in the task, so a
    worker on another machine needs no copy of the file); errors keep the file's line numbers."""
    if not use_workers():
        return acled_import(lines=lines)
    from events.tasks import acled_rows_task

    reader = csv.reader(lines)
    header = next(reader, None)
    if not header:
        raise AcledFileError("empty file: expected ACLED's header row")
    pending: list[tuple[dict[int, int], Any]] = []
    rows: list[tuple[int, list[str]]] = []
    line = reader.line_num + 1
    for values in reader:
        rows.append((line, values))
        line = reader.line_num + 1
        if len(rows) == _ACLED_ROWS_PER_TASK:
            pending.append(_acled_chunk_send(header, rows, acled_rows_task))
            rows = []
    if rows:
        pending.append(_acled_chunk_send(header, rows, acled_rows_task))
    total = AcledImportResult()
    for lines_of, result in pending:
        part = result.get(disable_sync_subtasks=False)
        total.imported += part["imported"]
        total.new += part["new"]
        total.errors += [(lines_of.get(number, number), message) for number, message in part["errors"]]
    return total


def _acled_chunk_send(header: list[str], rows: list[tuple[int, list[str]]], task) -> tuple[dict[int, int], Any]:
    """Send one chunk; return the map from the chunk's line numbers to the file's, and the async result."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(values for _, values in rows)
    text = out.getvalue()
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    local_lines, local = [], reader.line_num + 1
    for _ in reader:
        local_lines.append(local)
        local = reader.line_num + 1
    return dict(zip(local_lines, (number for number, _ in rows), strict=False)), task.delay(text)
