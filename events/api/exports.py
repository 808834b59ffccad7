"""Downloads: /api/events.csv and /api/events.gpkg (ACLED-shaped, CONTRACT §3) and territorial control as
data: /api/control.csv and /api/control.gpkg (the snapshot of ?date=, places and areas) and
/api/control/changes.csv|.geojson|.gpkg (the control changes of ?start=&end=).

The CSV is streamed; a GeoPackage is an SQLite file, written to a temporary file first and streamed
from it (the file is unlinked at once, so nothing is left behind whatever happens to the response).
"""

from __future__ import annotations

import os
import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from events.api.errors import json_error
from events.selectors import exports
from events.selectors.filters import (
    BadRequest,
    event_filters_from,
    parse_bbox,
    parse_date_param,
    parse_period,
    reject_unknown,
)

GPKG = "application/geopackage+sqlite3"
CONTROL_SNAPSHOT_PARAMS = {"date", "bbox"}
CONTROL_CHANGES_PARAMS = {"start", "end", "bbox"}


@require_GET
def events_csv(request: HttpRequest) -> HttpResponseBase:
    try:
        filters = event_filters_from(request.GET)
    except BadRequest as error:
        return json_error(str(error))
    response = StreamingHttpResponse(exports.acled_csv(filters=filters), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="events.csv"'
    return response


@require_GET
def events_gpkg(request: HttpRequest) -> HttpResponseBase:
    try:
        filters = event_filters_from(request.GET)
    except BadRequest as error:
        return json_error(str(error))
    return _gpkg_response("events.gpkg", lambda path: exports.events_gpkg_write(filters=filters, path=path))


@require_GET
def control_snapshot_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The control snapshot of ?date= as a table (csv) or a GeoPackage (layers control_places and
    control_areas); /api/control.geojson is the same snapshot as GeoJSON."""
    try:
        reject_unknown(request.GET, CONTROL_SNAPSHOT_PARAMS)
        date = parse_date_param("date", request.GET.get("date"), required=True)
        bbox = parse_bbox(request.GET.get("bbox"))
    except BadRequest as error:
        return json_error(str(error))
    places, areas = exports.control_snapshot_rows(date=date, bbox=bbox)
    name = f"control-{date.isoformat()}"
    if fmt == "csv":
        columns, rows = exports.control_snapshot_csv_rows(places=places, areas=areas)
        return _csv_response(f"{name}.csv", exports.csv_chunks(columns, rows))
    return _gpkg_response(f"{name}.gpkg",
                          lambda path: exports.control_snapshot_gpkg_write(places=places, areas=areas, path=path))


@require_GET
def control_changes_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The control changes of ?start=&end= (both optional) as CSV, GeoJSON or GeoPackage (layer
    control_changes), one row per change with its date: QGIS plays it as a temporal layer."""
    try:
        reject_unknown(request.GET, CONTROL_CHANGES_PARAMS)
        start, end = parse_period(request.GET)
        bbox = parse_bbox(request.GET.get("bbox"))
    except BadRequest as error:
        return json_error(str(error))
    rows = exports.control_change_rows(start=start, end=end, bbox=bbox)
    if fmt == "csv":
        return _csv_response("control-changes.csv", exports.csv_chunks(exports.CONTROL_CHANGE_COLUMNS, rows))
    if fmt == "geojson":
        return HttpResponse(exports.control_changes_geojson(rows), content_type="application/geo+json")
    return _gpkg_response("control-changes.gpkg",
                          lambda path: exports.control_changes_gpkg_write(rows=rows, path=path))


def _csv_response(filename: str, chunks) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _gpkg_response(filename: str, write) -> FileResponse:
    """Write the GeoPackage to a temporary file, open it, unlink it, and stream the open file."""
    folder = tempfile.mkdtemp(prefix="conflictmap-export-")
    path = os.path.join(folder, filename)
    try:
        write(path)
        stream = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    finally:
        for leftover in os.listdir(folder):
            os.unlink(os.path.join(folder, leftover))
        os.rmdir(folder)
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=GPKG)
