"""Celery tasks: batch work a worker on any machine sharing the database and the broker can do.

Each task returns a plain dict (JSON), never raises for a bad item: one bad article or source is
reported in the result and the batch goes on, exactly as inline."""

from __future__ import annotations

from celery import shared_task

from events.services.batch import acled_rows_import, article_ingest, sources_reextract_counts


@shared_task(name="events.ingest_article", acks_late=True)
def ingest_article_task(article: dict) -> dict:
    return article_ingest(article=article)


@shared_task(name="events.reextract_sources", acks_late=True)
def reextract_sources_task(source_ids: list[int]) -> dict:
    return sources_reextract_counts(source_ids=source_ids)


@shared_task(name="events.import_acled_rows", acks_late=True)
def acled_rows_task(text: str) -> dict:
    return acled_rows_import(text=text)
