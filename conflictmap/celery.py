"""The Celery application for batch work (ingest, re-extraction), used when CELERY_BROKER_URL is set.

A worker anywhere needs the same DATABASE_URL and CELERY_BROKER_URL (and `make setup`, which compiles
its gazetteer index from that database):

    CELERY_BROKER_URL=redis://broker:6379/0 DATABASE_URL=postgis://... .venv/bin/celery -A conflictmap.celery worker
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")

app = Celery("conflictmap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["events"])
