"""A bounded mixed load over real HTTP against the production server, as `make run` serves it.

Run: .venv/bin/python bench/load.py [--events 100000] [--clients 8] [--seconds 30] [--base URL]
Creates synthetic events and control when fewer exist (as bench/api.py does), starts gunicorn with
conflictmap/gunicorn.conf.py on a free 127.0.0.1 port (or uses --base, which must be a loopback
address), then runs --clients threads for --seconds, each on one keep-alive connection, cycling
through the map's requests: the map page, filtered events, control snapshots, tiles and place search.
Prints requests/s, errors, p50/p95/p99 per endpoint, and the most PostgreSQL connections seen.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import random
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from django.db import connection  # noqa: E402

from bench.api import ensure_data, free_port, start_server  # noqa: E402  (sets Django up)
from events.db.constants import tile_containing  # noqa: E402

PLACE_QUERIES = ["Mosul", "Aleppo", "Bakhmut", "Kyiv", "Raqqa", "Fallujah", "Goma", "Timbuktu", "Sana'a",
                 "Khartoum", "Kherson", "Idlib", "Homs", "Marib", "Kidal", "Lashio", "Mekelle", "Tripoli"]
DATES = [f"{year}-{month:02d}-15" for year in range(2014, 2025) for month in (1, 4, 7, 10)]


def requests_mix(rng: random.Random) -> tuple[str, str]:
    """(endpoint label, path) of one request, in the proportions a map session makes them."""
    roll = rng.random()
    if roll < 0.05:
        return "map page", "/"
    if roll < 0.25:
        year = rng.randrange(2014, 2025)
        lon, lat = rng.uniform(30, 45), rng.uniform(30, 38)
        return "events (filtered)", (f"/api/events.geojson?start={year}-01-01&end={year}-03-31"
                                     f"&bbox={lon:.2f},{lat:.2f},{lon + 2:.2f},{lat + 2:.2f}")
    if roll < 0.40:
        return "control snapshot", f"/api/control.geojson?date={rng.choice(DATES)}"
    if roll < 0.80:
        z = rng.randrange(2, 10)
        x, y = tile_containing(rng.uniform(30, 45), rng.uniform(30, 38), z)
        return f"tile z{z // 4 * 4}-{z // 4 * 4 + 3}", f"/api/tiles/events/{z}/{x}/{y}.pbf"
    return "place search", f"/api/places?q={urllib.parse.quote(rng.choice(PLACE_QUERIES))}"



def client(base: str, until: float, seed: int, timings: dict, errors: dict, lock: threading.Lock) -> None:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    rng = random.Random(seed)
    while time.perf_counter() < until:
        label, path = requests_mix(rng)
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        elapsed = time.perf_counter() - started
        with lock:
            timings[label].append(elapsed)
            if status != 200:
                errors[f"{label}: {status}"] += 1
    conn.close()


def connections_now() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0] - 1  # less this script's own


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--base", help="an already running server on a loopback address")
    args = parser.parse_args()
    server = None
    if args.base:
        if not ipaddress.ip_address(urllib.parse.urlsplit(args.base).hostname or "0.0.0.0").is_loopback:
            raise SystemExit("--base must be a loopback address (127.0.0.0/8 or ::1)")
        base = args.base.rstrip("/")
    else:
        ensure_data(args.events, args.places)
        port = free_port()
        server = start_server(port)
        base = f"http://127.0.0.1:{port}"
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    until = time.perf_counter() + args.seconds
    threads = [threading.Thread(target=client, args=(base, until, n, timings, errors, lock))
               for n in range(args.clients)]
    peak = 0
    try:
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            peak = max(peak, connections_now())
            time.sleep(0.5)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=40)
    total = sum(len(v) for v in timings.values())
    print(f"{args.clients} clients, {args.seconds:.0f} s: {total} requests = {total / args.seconds:.0f} requests/s, "
          f"{sum(errors.values())} errors, at most {peak} PostgreSQL connections")
    for label in sorted(timings):
        values = timings[label]
        print(f"  {label:18s} n={len(values):5d}  p50 {1000 * percentile(values, 50):6.1f} ms  "
              f"p95 {1000 * percentile(values, 95):6.1f} ms  p99 {1000 * percentile(values, 99):6.1f} ms")
    everything = [v for values in timings.values() for v in values]
    print(f"  {'all':18s} n={len(everything):5d}  p50 {1000 * percentile(everything, 50):6.1f} ms  "
          f"p95 {1000 * percentile(everything, 95):6.1f} ms  p99 {1000 * percentile(everything, 99):6.1f} ms")
    for what, count in sorted(errors.items()):
        print(f"  error {what}: {count}")


if __name__ == "__main__":
    main()
