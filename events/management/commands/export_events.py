"""manage.py export_events: events as GeoJSON (RFC 7946), CSV or GeoPackage, with the API's filters."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.api.errors import BadRequest
from events.api.events import EVENT_PARAMS, event_filters_from
from events.selectors.events import CSV_COLUMNS, event_feature_collection, event_list, event_rows


class Command(BaseCommand):
    help = "Export events (filters as in /api/events.geojson) to geojson, csv or gpkg."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["geojson", "csv", "gpkg"], required=True)
        parser.add_argument("--out", required=True)
        for name in sorted(EVENT_PARAMS):
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name)

    def handle(self, *args, **options) -> None:
        params = {name: options[name] for name in EVENT_PARAMS if options.get(name)}
        try:
            filters = event_filters_from(params)
        except BadRequest as error:
            raise CommandError(str(error)) from None
        count = getattr(self, f"_write_{options['format']}")(filters, options["out"])
        self.stdout.write(f"exported {count} events to {options['out']}")

    def _write_geojson(self, filters, out: str) -> int:
        with transaction.atomic():  # the count and the rows see one snapshot
            count = event_list(filters=filters).count()
            with open(out, "wb") as sink:
                sink.writelines(event_feature_collection(filters=filters))
        return count

    def _write_csv(self, filters, out: str) -> int:
        count = 0
        with open(out, "w", encoding="utf-8", newline="") as sink:
            writer = csv.DictWriter(sink, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for row in event_rows(filters=filters):
                writer.writerow(row)
                count += 1
        return count

    def _write_gpkg(self, filters, out: str) -> int:
        import geopandas
        from shapely.geometry import Point

        rows = list(event_rows(filters=filters))
        frame = geopandas.GeoDataFrame(
            rows, columns=CSV_COLUMNS, geometry=[Point(r["longitude"], r["latitude"]) for r in rows], crs="EPSG:4326"
        )
        frame.to_file(out, layer="events", driver="GPKG")
        return len(rows)

