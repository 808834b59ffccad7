"""Batch ingest on a real Celery worker against a real Redis broker this test starts: the same rows as
inline ingest. Skipped with the reason when redis-server is not installed (make setup installs it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from events.models import ControlObservation, Event, Source

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLES = {
    "rawa.txt": "Iraqi forces recaptured the town of Rawa in western Anbar from Islamic State on Friday, "
                "the army said. Fighting continued near Qaim on the Syrian border.",
    "sibut.txt": "Rebels took control of the town of Sibut in the Central African Republic on Saturday "
                 "after government soldiers withdrew, a resident said.",
    "empty.txt": "   ",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def _database_url() -> str:
    """The test database as a URL, for a worker process that must write where this test reads."""
    db = connection.settings_dict
    host = urllib.parse.quote(db["HOST"] or "localhost", safe="")
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgis://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    """One broker and one worker for the module: the test process's Celery app keeps its connections."""
    tmp_path = tmp_path_factory.mktemp("broker")
    redis = shutil.which("redis-server")
    if not redis:
        pytest.skip("redis-server is not installed (make setup installs it)")
    port = _free_port()
    server = subprocess.Popen([redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def worker(broker, tmp_path_factory, django_db_setup):
    tmp_path = tmp_path_factory.mktemp("worker")
    env = dict(os.environ, CELERY_BROKER_URL=broker, DATABASE_URL=_database_url(),
               GAZETTEER_INDEX=str(settings.GAZETTEER_INDEX))
    env.pop("TEST_DATABASE_NAME", None)
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "conflictmap.celery", "worker", "--pool", "solo",
         "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    from conflictmap.celery import app

    app.conf.broker_url = app.conf.result_backend = broker
    try:
        deadline = time.time() + 60
        while "ready" not in log.read_text() and process.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, log.read_text()[-2000:]
        yield broker, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        app.conf.broker_url = app.conf.result_backend = None


def _rows() -> list[tuple]:
    """What ingest wrote, independent of ids."""
    events = sorted((e.sources.get().title or e.sources.get().text[:20], str(e.date), e.event_type, e.sub_event_type,
                     e.place_id, e.actor1_id, e.actor2_id) for e in Event.objects.all())
    observations = sorted((o.place_id, o.actor_id, str(o.date), o.status, o.kind)
                          for o in ControlObservation.objects.all())
    return [tuple(sorted(Source.objects.values_list("content_hash", flat=True))), *events, *observations]


def _ingest(folder: Path) -> str:
    out = StringIO()
    call_command("ingest", str(folder), "--published", "2017-11-23", stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_a_worker_ingests_a_folder_with_the_same_rows_as_inline(worker, tmp_path, settings):
    broker, log = worker
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")

    settings.CELERY_BROKER_URL = broker
    by_workers = _ingest(folder)
    assert "events.ingest_article" in log.read_text()  # the worker did the work
    on_workers = _rows()
    Event.objects.all().delete()
    Source.objects.all().delete()

    settings.CELERY_BROKER_URL = ""
    inline = _ingest(folder)
    assert by_workers == inline
    assert inline.startswith("ingested 2 sources (2 new), 2 events,") and inline.endswith(", 1 errors")
    assert _rows() == on_workers


def test_a_worker_imports_an_acled_file_with_the_same_rows_and_line_numbers_as_inline(worker, tmp_path, settings):
    from tests.integration.test_acled import _write_acled

    broker, log = worker
    path = _write_acled(tmp_path / "acled.csv")

    def run() -> tuple[str, list[tuple]]:
        out = StringIO()
        call_command("import_acled", str(path), stdout=out)
        rows = sorted((e.event_id_cnty, str(e.date), e.event_type, e.place_id, e.actor1_id)
                      for e in Event.objects.filter(origin="imported"))
        return out.getvalue(), rows

    settings.CELERY_BROKER_URL = broker
    by_workers, rows = run()
    assert "events.import_acled_rows" in log.read_text()
    Event.objects.all().delete()
    settings.CELERY_BROKER_URL = ""
    inline, inline_rows = run()
    assert by_workers == inline and "imported 6 events (6 new), 2 errors" in inline
    assert "line 7:" in inline and "line 8:" in inline
    assert rows == inline_rows
