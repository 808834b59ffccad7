"""export_events writes files GIS tools read: GeoJSON (RFC 7946), CSV and GeoPackage, with the API's filters."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    return [event_at(place_named("Rāwah", "IQ")), event_at(place_named("Kyiv", "UA"))]


def _export(fmt: str, out, *filters) -> str:
    stdout = StringIO()
    call_command("export_events", "--format", fmt, "--out", str(out), *filters, stdout=stdout)
    return stdout.getvalue()


def test_geojson_export_is_a_filtered_feature_collection(tmp_path, events):
    out = tmp_path / "events.geojson"
    assert _export("geojson", out, "--country", "IQ").startswith("exported 1 events")
    collection = json.loads(out.read_text())
    assert [f["id"] for f in collection["features"]] == [events[0].pk]
    assert "crs" not in collection


def test_csv_export_has_coordinates_and_sources(tmp_path, events):
    out = tmp_path / "events.csv"
    _export("csv", out)
    rows = list(csv.DictReader(out.open()))
    kyiv = next(r for r in rows if r["id"] == str(events[1].pk))
    assert kyiv["country"] == "Ukraine" and kyiv["iso"] == "804"  # ACLED's country name and ISO numeric code
    assert 30 < float(kyiv["longitude"]) < 31 and kyiv["sources"] == "https://example.org/a"


def test_geopackage_export_reads_back_with_geopandas(tmp_path, events):
    import geopandas

    out = tmp_path / "events.gpkg"
    _export("gpkg", out)
    frame = geopandas.read_file(out, layer="events")
    assert len(frame) == 2 and frame.crs.to_epsg() == 4326
    assert set(frame["location"]) == {"Rāwah", "Kyiv"}


def test_bad_filter_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="bbox"):
        _export("geojson", tmp_path / "x.geojson", "--bbox", "1,2")
