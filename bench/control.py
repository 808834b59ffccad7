"""Benchmark: the control snapshot on a date with 10k controlled places (budget: <= 300 ms).

Run: .venv/bin/python bench/control.py [--places 10000] [--repeat 5]
Creates synthetic control observations (manage.py synth_events 0 --control N) when fewer places than
asked carry synthetic control, then times, p50/p95 in ms:

* the cold snapshot: control_snapshot_json(use_cache=False), the encoded GeoJSON bytes the endpoint
  serves on a cache miss (SQL, features, estimated areas, encoding; nothing read from the snapshot
  cache). Country land polygons are kept per process once prepared (keyed by a digest of the stored
  polygon, checked on every snapshot); the first snapshot of a fresh process, which prepares them,
  is reported on its own line;
* its parts: the SQL lookup of the control intervals holding the date, the place features as JSON
  text, the estimated areas, their GeoJSON text;
* the cached snapshot (encoded bytes from the cache: one read of the control stamp, then the bytes);
* what the stored intervals cost writers: one observation saved then deleted (its place's intervals
  rebuilt twice and the stamp renewed, in a transaction rolled back afterwards), and the rebuild of
  every place's intervals (`manage.py control_rebuild`).

With other processes on the machine, wall-clock figures swing by 2x; the CPU time of the one-thread
cold snapshot in this process (without the database server's) is the steadier figure.

The snapshot computes the estimated areas in worker threads (GEOS releases the GIL), which helps only
when a second core is free: the cold figures are also given with events.control.areas.THREADS = False,
alternating the two modes run by run.

The load average is printed before and after: the figures are wall-clock times on a shared machine.
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

import shapely  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from events.control import areas as control_areas  # noqa: E402
from events.models import ControlObservation  # noqa: E402
from events.selectors import control as selectors  # noqa: E402
from events.services.control import control_rebuild  # noqa: E402

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


def observation_round_trip() -> None:
    """Save and delete one observation of a synthetic place (each rebuilds the place's intervals and
    renews the stamp), then roll the transaction back: the database is left as it was."""
    place_id = ControlObservation.objects.filter(source__is_synthetic=True).values_list("place_id", flat=True)[0]
    actor_id = ControlObservation.objects.filter(place_id=place_id).values_list("actor_id", flat=True)[0]
    with transaction.atomic():
        observation = ControlObservation.objects.create(place_id=place_id, actor_id=actor_id,
                                                        date=datetime.date(2020, 2, 2), evidence="bench")
        observation.delete()
        transaction.set_rollback(True)


def timed(function, repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock times in ms; with `cpu`, also appends this process's CPU time (all threads)."""
    times = []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<40} p50 {statistics.median(ordered):8.1f} ms   p95 {p95:8.1f} ms   (n={len(ordered)})")


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_data(args.places)
    total = ControlObservation.objects.count()
    controlled = ControlObservation.objects.values("place_id").distinct().count()
    print(f"{total} control observations over {controlled} places; dates {', '.join(map(str, DATES))}")
    print(f"load average before: {load()} ({os.cpu_count()} CPUs)")

    started = time.perf_counter()
    first = selectors.control_snapshot_json(date=DATES[-1], use_cache=False)
    print(f"first cold snapshot in this process (prepares country land): "
          f"{(time.perf_counter() - started) * 1000:.1f} ms, {len(first) / 1e6:.1f} MB")
    winners_n = {d: len(selectors.control_winners(date=d)) for d in DATES}
    print("places with known control per date: " + ", ".join(f"{d}: {n}" for d, n in winners_n.items()))

    cold, cold_serial, sql, places, areas, areas_serial, area_json, cached = [], [], [], [], [], [], [], []
    cold_cpu: list[float] = []
    for day in DATES:
        for _ in range(args.repeat):  # alternate, so that both modes see the same machine load
            control_areas.THREADS = False
            cold_serial += timed(lambda day=day: selectors.control_snapshot_json(date=day, use_cache=False), 1,
                                 cold_cpu)
            control_areas.THREADS = True
            cold += timed(lambda day=day: selectors.control_snapshot_json(date=day, use_cache=False), 1)
        sql += timed(lambda day=day: selectors._winner_rows(date=day), args.repeat)
        rows = selectors._winner_rows(date=day)
        controllers = selectors._controllers_json(rows)
        places += timed(lambda rows=rows, controllers=controllers: selectors._place_features_json(rows, controllers),
                        args.repeat)
        arrays, land = selectors._area_inputs(rows)

        def estimate(arrays=arrays, land=land):
            return control_areas.estimate_areas_from_arrays(**arrays, land=land)

        for _ in range(args.repeat):
            control_areas.THREADS = False
            areas_serial += timed(estimate, 1)
            control_areas.THREADS = True
            areas += timed(estimate, 1)
        estimated = estimate()
        area_json += timed(lambda estimated=estimated: [
            shapely.to_geojson(control_areas.rounded(a.geometry)) for a in estimated], args.repeat)
        selectors.control_snapshot_json(date=day)  # fill the cache
        cached += timed(lambda day=day: selectors.control_snapshot_json(date=day), args.repeat)
    report("snapshot cold (no cache, encoded bytes)", cold)
    report("snapshot cold, one thread", cold_serial)
    report("  its CPU time in this process", cold_cpu)
    report("  of which SQL (intervals holding the date)", sql)
    report("  of which place features (JSON text)", places)
    report("  of which estimated areas", areas)
    report("  of which estimated areas, one thread", areas_serial)
    report("  of which estimated areas (GeoJSON)", area_json)
    report("snapshot cached (encoded bytes)", cached)
    bbox = (38.0, 32.0, 46.0, 38.0)
    report(
        "snapshot cold, bbox Iraq/Syria",
        timed(lambda: selectors.control_snapshot_json(date=DATES[-1], bbox=bbox, use_cache=False), args.repeat),
    )
    report("write: one observation saved, deleted", timed(observation_round_trip, args.repeat))
    report("write: rebuild every place's intervals", timed(control_rebuild, 1))
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
