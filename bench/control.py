"""Benchmark: the control snapshot on a date with 10k controlled places (budget: <= 300 ms).

Run: .venv/bin/python bench/control.py [--places 10000] [--repeat 5]
Creates synthetic control observations (manage.py synth_events 0 --control N) when fewer places than
asked carry synthetic control, then times control_snapshot cold (cache bypassed) and cached, and the
parts of a cold snapshot (the SQL winners query, the estimated areas), printing p50/p95 in ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from events import control as rules  # noqa: E402
from events.models import ControlObservation  # noqa: E402
from events.selectors import control as selectors  # noqa: E402

DATES = [
    datetime.date(y, m, 15) for y, m in [(2015, 3), (2017, 11), (2019, 6), (2021, 1), (2023, 9), (2024, 12)]
]


def synthetic_places() -> int:
    return ControlObservation.objects.filter(source__is_synthetic=True).values("place_id").distinct().count()


def ensure_data(places: int) -> None:
    have = synthetic_places()
    if have < places:
        print(f"creating synthetic control for {places - have} places ...", flush=True)
        call_command("synth_events", "0", "--seed", str(have + 1), "--control", str(places - have))


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<34} p50 {statistics.median(ordered):8.1f} ms   p95 {p95:8.1f} ms   (n={len(ordered)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_data(args.places)
    total = ControlObservation.objects.count()
    controlled = ControlObservation.objects.values("place_id").distinct().count()
    print(f"{total} control observations over {controlled} places; dates {', '.join(map(str, DATES))}")

    winners_n = {d: len(selectors.control_winners(date=d)) for d in DATES}
    print("places with known control per date: " + ", ".join(f"{d}: {n}" for d, n in winners_n.items()))

    cold, sql, areas, cached = [], [], [], []
    for day in DATES:
        cold += timed(lambda day=day: selectors.control_snapshot(date=day, use_cache=False), args.repeat)
        sql += timed(lambda day=day: selectors.control_winners(date=day), args.repeat)
        winners = selectors.control_winners(date=day)
        points = [
            rules.ControlledPoint(
                w["place_id"], w["lon"], w["lat"], w["actor_id"], w["status"], w["country_code"] or ""
            )
            for w in winners
        ]
        land = selectors.country_land(codes={p.country_code for p in points})
        areas += timed(lambda points=points, land=land: rules.estimate_areas(points, land), args.repeat)
        selectors.control_snapshot_json(date=day)  # fill the cache
        cached += timed(lambda day=day: selectors.control_snapshot_json(date=day), args.repeat)
    report("snapshot cold (no cache)", cold)
    report("  of which SQL winners", sql)
    report("  of which estimated areas", areas)
    report("snapshot cached (encoded bytes)", cached)
    bbox = (38.0, 32.0, 46.0, 38.0)
    report(
        "snapshot cold, bbox Iraq/Syria",
        timed(lambda: selectors.control_snapshot(date=DATES[-1], bbox=bbox, use_cache=False), args.repeat),
    )


if __name__ == "__main__":
    main()
