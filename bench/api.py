"""Benchmark through real HTTP: the events GeoJSON export (features/s) and the control snapshot.

Run: .venv/bin/python bench/api.py [--events 200000] [--places 10000]
Creates synthetic events / control (manage.py synth_events) when fewer exist than asked, starts the
production server of `make run` (gunicorn) on a free 127.0.0.1 port, streams /api/events.geojson whole and
for one year, and times /api/control.geojson cold (first request for a date) and cached.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from events.models import ControlObservation, Event  # noqa: E402


def ensure_data(events: int, places: int) -> None:
    have = Event.objects.filter(is_synthetic=True).count()
    if have < events:
        print(f"creating {events - have} synthetic events ...", flush=True)
        call_command("synth_events", str(events - have), "--seed", str(have + 1))
    controlled = (ControlObservation.objects.filter(source__is_synthetic=True)
                  .values("place_id").distinct().count())
    if controlled < places:
        call_command("synth_events", "0", "--seed", str(controlled + 7), "--control", str(places - controlled))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """The production server of `make run` (gunicorn with conflictmap/gunicorn.conf.py) on ``port``."""
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "conflictmap.wsgi", "--config",
         "conflictmap/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:  # the port opens before the workers answer: wait for an answer
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/places?q=Mosul", timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not answer within 120 s")


def fetch(url: str) -> tuple[bytes, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read()
    return body, time.perf_counter() - started


def bench_export(base: str, query: str) -> None:
    body, seconds = fetch(f"{base}/api/events.geojson{query}")
    count = len(json.loads(body)["features"])
    print(f"events.geojson{query or ''}: {count} features, {len(body) / 1e6:.1f} MB in {seconds:.2f} s "
          f"= {count / seconds:,.0f} features/s")


def bench_control(base: str, dates: list[str]) -> None:
    for day in dates:
        body, cold = fetch(f"{base}/api/control.geojson?date={day}")
        _, cached = fetch(f"{base}/api/control.geojson?date={day}")
        layers = json.loads(body)["features"]
        places = sum(1 for f in layers if f["properties"]["layer"] == "place")
        print(f"control.geojson?date={day}: {places} places, {len(layers) - places} areas, "
              f"{len(body) / 1e6:.1f} MB; cold {cold * 1000:.0f} ms, cached {cached * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--places", type=int, default=10_000)
    args = parser.parse_args()
    ensure_data(args.events, args.places)
    print(f"{Event.objects.count()} events in the database")
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        bench_export(base, "")
        bench_export(base, "?start=2020-01-01&end=2020-12-31")
        bench_control(base, ["2016-06-15", "2020-06-15", "2024-06-15"])
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
