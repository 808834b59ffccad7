"""manage.py export_control: territorial control as data. With --date, the snapshot of that date (the
places whose control is known and the areas, as /api/control.geojson gives them); with --start/--end
(or neither), the control changes of the period, one row per change with its date (a temporal layer)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.selectors import exports
from events.selectors.control import control_snapshot_json
from events.selectors.filters import BadRequest, parse_bbox, parse_date_param, parse_period


class Command(BaseCommand):
    help = "Export control: the snapshot of --date, or the changes of --start/--end, as geojson, gpkg or csv."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["geojson", "gpkg", "csv"], required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--date", help="the snapshot of this day (YYYY-MM-DD)")
        parser.add_argument("--start", help="first day of the changes (YYYY-MM-DD)")
        parser.add_argument("--end", help="last day of the changes (YYYY-MM-DD)")
        parser.add_argument("--bbox", help="minlon,minlat,maxlon,maxlat")

    def handle(self, *args, **options) -> None:
        if options["date"] and (options["start"] or options["end"]):
            raise CommandError("give either --date (a snapshot) or --start/--end (changes), not both")
        try:
            bbox = parse_bbox(options["bbox"])
            if options["date"]:
                date = parse_date_param("date", options["date"], required=True)
                count = self._snapshot(options["format"], options["out"], date, bbox)
                what = f"places and areas controlled on {date}"
            else:
                start, end = parse_period({"start": options["start"], "end": options["end"]})
                count = self._changes(options["format"], options["out"], start, end, bbox)
                what = "control changes"
        except BadRequest as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"exported {count} {what} to {options['out']}")

    def _snapshot(self, fmt: str, out: str, date, bbox) -> int:
        if fmt == "geojson":
            body = control_snapshot_json(date=date, bbox=bbox)
            Path(out).write_bytes(body)
            return len(json.loads(body)["features"])
        places, areas = exports.control_snapshot_rows(date=date, bbox=bbox)
        if fmt == "gpkg":
            return exports.control_snapshot_gpkg_write(places=places, areas=areas, path=out)
        columns, rows = exports.control_snapshot_csv_rows(places=places, areas=areas)
        with open(out, "w", encoding="utf-8", newline="") as sink:
            sink.writelines(exports.csv_chunks(columns, rows))
        return len(rows)

    def _changes(self, fmt: str, out: str, start, end, bbox) -> int:
        rows = exports.control_change_rows(start=start, end=end, bbox=bbox)
        if fmt == "geojson":
            Path(out).write_text(exports.control_changes_geojson(rows), encoding="utf-8")
        elif fmt == "gpkg":
            exports.control_changes_gpkg_write(rows=rows, path=out)
        else:
            with open(out, "w", encoding="utf-8", newline="") as sink:
                sink.writelines(exports.csv_chunks(exports.CONTROL_CHANGE_COLUMNS, rows))
        return len(rows)
