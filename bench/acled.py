"""Benchmark: import_acled and the ACLED-shaped exports (rows/s), in a transaction rolled back at the end.

Run: .venv/bin/python bench/acled.py [--rows 2000] [--places 300]
Writes an ACLED-format CSV of `rows` rows spread over `places` gazetteer towns of the database (their
ACLED-style spellings: the folded name, half of them 1-2 km off the town's point, a tenth at names
the gazetteer lacks), imports it, imports it again (updates, 0 new), then exports the imported events
as CSV and GeoPackage. Prints rows/s for each step. Nothing is kept: the whole run is rolled back.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from unidecode import unidecode  # noqa: E402

from events import acled  # noqa: E402
from events.models import Place  # noqa: E402
from events.selectors.events import EventFilters  # noqa: E402
from events.selectors.exports import acled_csv, events_gpkg_write  # noqa: E402
from events.services.acled_import import acled_import  # noqa: E402


class Rollback(Exception):
    pass


def acled_file(path: Path, rows: int, places: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    towns = list(Place.objects.filter(feature_class="P", country_code__in=["IQ", "SY", "UA", "SD", "YE"])
                 .order_by("-population")[:places])
    types = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(acled.ACLED_COLUMNS)
        for i in range(rows):
            town = rng.choice(towns)
            country = acled.countries()[town.country_code]
            lat, lon = town.point.y, town.point.x
            name = unidecode(town.name)
            if i % 2:
                lat += rng.uniform(-0.012, 0.012)
            if i % 10 == 0:
                name = f"{name} Farms {i % 50}"
            event_type, sub_type = rng.choice(types)
            writer.writerow([
                f"{country.iso3}{900000 + i}", f"{rng.randint(1, 28)} March 2023", "2023", "1", "", event_type,
                sub_type, f"Military Forces of {country.name} (2000-)", "", "1", f"Rebels ({country.name})", "",
                "2", "12", "", country.iso, country.region, country.name, town.admin1_name, "", "", name,
                f"{lat:.4f}", f"{lon:.4f}", "1", "Bench", "National", "A bench row.", rng.randint(0, 9), "",
                "1678000000"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--places", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acled.csv"
        acled_file(path, args.rows, args.places)
        try:
            with transaction.atomic():
                for label in ("import (new)", "re-import (updates)"):
                    started = time.perf_counter()
                    with path.open(encoding="utf-8", newline="") as lines:
                        result = acled_import(lines=lines)
                    seconds = time.perf_counter() - started
                    print(f"{label}: {result.imported} events ({result.new} new), {len(result.errors)} errors "
                          f"in {seconds:.2f} s: {result.imported / seconds:.0f} rows/s")
                filters = EventFilters(origin="imported")
                started = time.perf_counter()
                size = sum(len(chunk) for chunk in acled_csv(filters=filters))
                seconds = time.perf_counter() - started
                print(f"CSV export: {args.rows} events, {size / 1e6:.1f} MB in {seconds:.2f} s: "
                      f"{args.rows / seconds:.0f} rows/s")
                started = time.perf_counter()
                count = events_gpkg_write(filters=filters, path=str(Path(folder) / "events.gpkg"))
                seconds = time.perf_counter() - started
                print(f"GeoPackage export: {count} events in {seconds:.2f} s: {count / seconds:.0f} rows/s")
                raise Rollback
        except Rollback:
            print("rolled back: nothing kept")


if __name__ == "__main__":
    main()
