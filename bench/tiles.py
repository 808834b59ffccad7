"""Benchmark: event vector tiles, p50/p95 per zoom 0..14 (budget, issue 10: over HTTP at 1M events, p95 <= 100
ms, and <= 150 ms with a date window; aim 60 ms for both).

Run against a database of its own (it adds synthetic events when fewer exist than asked):

    DATABASE_URL=postgis://postgres@%2Fwork%2Fmain%2Fvar%2Frun:5432/conflictmap_bench \\
        .venv/bin/python bench/tiles.py [--events 1000000] [--tiles 40] [--http] [--start D --end D]
        [--filters 'country=IQ&min_confidence=0.5']

Tiles are where the events are: for each zoom, `--tiles` tiles containing events drawn at random (so
dense areas are drawn more often, as users look there), the same draws at every zoom. Each tile is
requested once per pass, in a shuffled order, after one unmeasured warm-up pass over all zooms (the
figures are for a server whose database pages are cached, not for the first request after a restart).
In-process by default (the filters parsed and date bounds dropped as the endpoint does, then
events.selectors.tiles.event_tile: SQL and MVT encoding, no HTTP); `--http` times GET
/api/tiles/events/{z}/{x}/{y}.pbf through the production server of `make run` (gunicorn, started by
bench.api.start_server), one request at a time.

The load average is printed before and after: the figures are wall-clock times on a shared machine.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from events.db.constants import tile_containing  # noqa: E402
from events.models import Event  # noqa: E402
from events.selectors.filters import event_filters_from  # noqa: E402
from events.selectors.tiles import event_tile, needed_bounds  # noqa: E402

MAX_LATITUDE = 85.0511287798
ZOOMS = range(0, 15)


def ensure_events(count: int) -> None:
    """Top the database up with synthetic events to `count` (the first run takes minutes for 1M)."""
    have = Event.objects.count()
    if have < count:
        print(f"creating {count - have} synthetic events ...", flush=True)
        call_command("synth_events", str(count - have), "--seed", str(have + 1))
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Event._meta.db_table}")


def sample_points(count: int, seed: int) -> list[tuple[float, float]]:
    """Locations of `count` events drawn uniformly among events (TABLESAMPLE is per page, not per row)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {Event._meta.db_table}")
        low, high = cursor.fetchone()
        rng = random.Random(seed)
        points: list[tuple[float, float]] = []
        while len(points) < count:
            ids = [rng.randint(low, high) for _ in range(count * 2)]
            cursor.execute(
                f"SELECT ST_X(location), ST_Y(location) FROM {Event._meta.db_table} WHERE id = ANY(%s)", [ids])
            points += [(x, y) for x, y in cursor.fetchall() if abs(y) < MAX_LATITUDE]
    return points[:count]



def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def make_fetcher(http: bool, query: str):
    """A function z, x, y -> tile bytes: in process, or through a server started here."""
    if not http:
        filters = event_filters_from(dict(urllib.parse.parse_qsl(query)))
        start, end = needed_bounds(filters.start, filters.end)
        filters = replace(filters, start=start, end=end)
        return (lambda z, x, y: event_tile(z=z, x=x, y=y, filters=filters)), None
    from bench.api import free_port, start_server

    port = free_port()
    server = start_server(port)
    suffix = f"?{query}" if query else ""

    def fetch(z: int, x: int, y: int) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/tiles/events/{z}/{x}/{y}.pbf{suffix}") as r:
            return r.read()

    return fetch, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--tiles", type=int, default=40, help="tiles drawn per zoom")
    parser.add_argument("--passes", type=int, default=2, help="measured passes over the tiles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--http", action="store_true", help="through HTTP (runserver) instead of in process")
    parser.add_argument("--start", help="YYYY-MM-DD: only events from this date (the endpoint's filter)")
    parser.add_argument("--end", help="YYYY-MM-DD: only events up to this date")
    parser.add_argument("--filters", default="", help="other filters of /api/events.geojson, as a query string")
    args = parser.parse_args()
    ensure_events(args.events)
    query = "&".join(part for part in (
        urllib.parse.urlencode({k: v for k, v in (("start", args.start), ("end", args.end)) if v}), args.filters)
        if part)
    print(f"{Event.objects.count():,} events; {args.tiles} tiles per zoom x {args.passes} passes"
          f"{'; ' + query if query else ''}; {'HTTP' if args.http else 'in process'}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    points = sample_points(args.tiles, args.seed)
    requests = [(z, *tile_containing(lon, lat, z)) for z in ZOOMS for lon, lat in points]
    fetch, server = make_fetcher(args.http, query)
    try:
        for z, x, y in requests:  # warm-up: database pages cached, connection open
            fetch(z, x, y)
        times: dict[int, list[float]] = {z: [] for z in ZOOMS}
        sizes: dict[int, list[int]] = {z: [] for z in ZOOMS}
        rng = random.Random(args.seed)
        for _ in range(args.passes):
            order = requests[:]
            rng.shuffle(order)
            for z, x, y in order:
                started = time.perf_counter()
                tile = fetch(z, x, y)
                times[z].append((time.perf_counter() - started) * 1000)
                sizes[z].append(len(tile))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    print("zoom  distinct tiles  p50 ms  p95 ms  max ms  mean KB")
    for z in ZOOMS:
        distinct = len({(x, y) for zz, x, y in requests if zz == z})
        print(f"{z:>4}  {distinct:>14}  {statistics.median(times[z]):>6.1f}  {percentile(times[z], 0.95):>6.1f}  "
              f"{max(times[z]):>6.1f}  {statistics.mean(sizes[z]) / 1024:>7.1f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
