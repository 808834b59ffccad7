"""manage.py export_events: events as GeoJSON (RFC 7946), ACLED-shaped CSV or GeoPackage, with the API's
filters (CONTRACT §2): the same files /api/events.geojson, /api/events.csv and /api/events.gpkg serve."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.selectors.events import event_feature_collection, event_list
from events.selectors.exports import acled_csv, events_gpkg_write
from events.selectors.filters import EVENT_PARAMS, BadRequest, event_filters_from


class Command(BaseCommand):
    help = "Export events (filters as in /api/events.geojson) to geojson, csv (ACLED's columns) or gpkg."

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
        with transaction.atomic():  # the count and the rows see one snapshot
            count = getattr(self, f"_write_{options['format']}")(filters, options["out"])
        self.stdout.write(f"exported {count} events to {options['out']}")

    def _write_geojson(self, filters, out: str) -> int:
        count = event_list(filters=filters).count()
        with open(out, "wb") as sink:
            sink.writelines(event_feature_collection(filters=filters))
        return count

    def _write_csv(self, filters, out: str) -> int:
        with open(out, "w", encoding="utf-8", newline="") as sink:
            sink.writelines(acled_csv(filters=filters))
        return event_list(filters=filters).count()

    def _write_gpkg(self, filters, out: str) -> int:
        return events_gpkg_write(filters=filters, path=out)
