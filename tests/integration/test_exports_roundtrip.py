"""Every download read back as GIS users read it (pyogrio/GDAL, geopandas) and compared with the database:
events as ACLED-shaped GeoPackage and CSV, control changes and control snapshots as GeoPackage, GeoJSON
and CSV (issue 12, part 5)."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pyogrio
import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import CommandError, call_command
from django.test import Client

from events.models import Actor, ControlArea, ControlObservation, Event
from events.selectors.control import control_snapshot
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world():
    """Two events and a rejected one; a change of control at Rawa (and one of a rejected event), a claim
    at Kyiv, a drawn area."""
    iraq, isil = Actor.objects.get(name="Military Forces of Iraq"), Actor.objects.get(name="Islamic State")
    ukraine = Actor.objects.get(name="Military Forces of Ukraine")
    rawa, kyiv, mosul = place_named("Rāwah", "IQ"), place_named("Kyiv", "UA"), place_named("Mosul", "IQ")
    kept = event_at(rawa, date=D(2017, 11, 17), actor2=isil, fatalities=5)
    other = event_at(kyiv, date=D(2022, 4, 2), date_precision="week")
    rejected = event_at(mosul, date=D(2017, 7, 9), status=Event.Status.REJECTED)
    ControlObservation.objects.create(place=rawa, actor=iraq, lost_by=isil, date=D(2017, 11, 17), event=kept,
                                      evidence="Iraqi forces retook Rawa.")
    ControlObservation.objects.create(place=kyiv, actor=ukraine, date=D(2022, 4, 2), claimed=True, event=other,
                                      date_precision="week", evidence="Ukraine says it holds Kyiv.")
    ControlObservation.objects.create(place=mosul, actor=iraq, date=D(2017, 7, 9), event=rejected)
    ControlArea.objects.create(actor=iraq, valid_from=D(2017, 1, 1),
                               geometry=MultiPolygon(Polygon.from_bbox((41.0, 34.0, 42.0, 35.0)), srid=4326))
    return {"events": [kept, other], "rejected": rejected}


def _download(tmp_path, url: str, name: str):
    response = Client().get(url)
    assert response.status_code == 200, response.content[:200]
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    return path


def test_events_geopackage_reads_back_typed_and_equal_to_the_database(tmp_path, world):
    path = _download(tmp_path, "/api/events.gpkg", "events.gpkg")
    info = pyogrio.read_info(path, layer="events")
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["event_date"] == "OFTDate" and types["latitude"] == "OFTReal"
    assert {types[c] for c in ("year", "time_precision", "inter1", "iso", "fatalities", "timestamp", "id")} == {
        "OFTInteger64"}
    assert list(info["fields"][:3]) == ["event_id_cnty", "event_date", "year"]

    frame = pyogrio.read_dataframe(path, layer="events")
    assert len(frame) == 2  # the rejected event is left out
    for event in world["events"]:
        row = frame[frame["id"] == event.pk].iloc[0]
        assert row["event_date"].date() == event.date and row["fatalities"] == (event.fatalities or 0)
        assert row["event_id_cnty"] == f"IRQ{event.pk}" if event.country == "IQ" else f"UKR{event.pk}"
        assert (round(row.geometry.x, 6), round(row.geometry.y, 6)) == (
            round(event.location.x, 6), round(event.location.y, 6))
        assert row["actor1"] == event.actor1.name and row["location"] == event.place.name
    kyiv = frame[frame["id"] == world["events"][1].pk].iloc[0]
    assert kyiv["time_precision"] == 2 and kyiv["country"] == "Ukraine" and kyiv["date_precision"] == "week"

    rejected = _download(tmp_path, "/api/events.gpkg?status=rejected", "rejected.gpkg")
    assert list(pyogrio.read_dataframe(rejected)["id"]) == [world["rejected"].pk]


def test_export_events_command_writes_the_same_geopackage_and_csv(tmp_path, world):
    out = tmp_path / "cmd.gpkg"
    call_command("export_events", "--format", "gpkg", "--out", str(out), "--country", "IQ", stdout=StringIO())
    frame = pyogrio.read_dataframe(out, layer="events")
    assert list(frame["id"]) == [world["events"][0].pk]

    csv_path = tmp_path / "cmd.csv"
    call_command("export_events", "--format", "csv", "--out", str(csv_path), stdout=StringIO())
    # GDAL's CSV driver, as QGIS's delimited-text loader reads it: points from longitude/latitude.
    table = pyogrio.read_dataframe(csv_path, X_POSSIBLE_NAMES="longitude", Y_POSSIBLE_NAMES="latitude",
                                   KEEP_GEOM_COLUMNS="NO")
    api = pyogrio.read_dataframe(_download(tmp_path, "/api/events.gpkg", "api.gpkg"))
    assert sorted(int(i) for i in table["id"]) == sorted(api["id"]) == sorted(e.pk for e in world["events"])
    for _, row in table.iterrows():
        event = Event.objects.get(pk=int(row["id"]))
        assert row.geometry.y == pytest.approx(event.location.y, abs=1e-6)
        assert row["event_date"] == event.date.isoformat()


def test_control_changes_read_back_in_every_format(tmp_path, world):
    expected = {(o.place.name, o.date, o.actor.name, o.lost_by.name if o.lost_by else "", o.claimed)
                for o in ControlObservation.objects.exclude(event__status=Event.Status.REJECTED)}
    gpkg = _download(tmp_path, "/api/control/changes.gpkg?start=2017-01-01&end=2023-01-01", "changes.gpkg")
    info = pyogrio.read_info(gpkg, layer="control_changes")
    assert info["crs"] == "EPSG:4326"
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["date"] == "OFTDate" and types["event_id"] == "OFTInteger64"
    frame = pyogrio.read_dataframe(gpkg, layer="control_changes")
    assert {(r["place"], r["date"].date(), r["to"], r["from"], bool(r["claimed"]))
            for _, r in frame.iterrows()} == expected

    collection = json.loads(_download(tmp_path, "/api/control/changes.geojson", "c.geojson").read_text())
    assert "crs" not in collection
    assert {(f["properties"]["place"], D.fromisoformat(f["properties"]["date"]), f["properties"]["to"],
             f["properties"]["from"], f["properties"]["claimed"]) for f in collection["features"]} == expected
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and len(repr(lat).partition(".")[2]) <= 6
    assert len(pyogrio.read_dataframe(tmp_path / "c.geojson")) == len(expected)

    table = pyogrio.read_dataframe(_download(tmp_path, "/api/control/changes.csv?end=2020-01-01", "c.csv"))
    assert list(table["place"]) == ["Rāwah"] and list(table["from"]) == ["Islamic State"]


def test_control_snapshot_reads_back_as_places_and_areas(tmp_path, world):
    snapshot = control_snapshot(date=D(2022, 5, 1))
    places = {f["properties"]["place"]: f["properties"]["controller"]["name"]
              for f in snapshot["features"] if f["properties"]["layer"] == "place"}
    areas = [f for f in snapshot["features"] if f["properties"]["layer"] == "area"]
    assert places == {"Rāwah": "Military Forces of Iraq", "Kyiv": "Military Forces of Ukraine"}

    gpkg = _download(tmp_path, "/api/control.gpkg?date=2022-05-01", "snapshot.gpkg")
    layers = dict(pyogrio.list_layers(gpkg))
    assert layers == {"control_places": "Point", "control_areas": "MultiPolygon"}
    frame = pyogrio.read_dataframe(gpkg, layer="control_places")
    assert dict(zip(frame["place"], frame["controller"], strict=True)) == places
    assert frame[frame["place"] == "Kyiv"].iloc[0]["claimed"]
    area_frame = pyogrio.read_dataframe(gpkg, layer="control_areas")
    assert len(area_frame) == len(areas) and area_frame.crs.to_epsg() == 4326

    table = pyogrio.read_dataframe(_download(tmp_path, "/api/control.csv?date=2022-05-01", "snapshot.csv"))
    assert sorted(table[table["layer"] == "place"]["place"]) == sorted(places)


def test_export_control_command(tmp_path, world):
    for fmt in ("geojson", "gpkg", "csv"):
        out = tmp_path / f"changes.{fmt}"
        stdout = StringIO()
        call_command("export_control", "--format", fmt, "--out", str(out), "--start", "2017-01-01", stdout=stdout)
        assert stdout.getvalue().startswith("exported 2 control changes")
        assert len(pyogrio.read_dataframe(out)) == 2
        snap = tmp_path / f"snapshot.{fmt}"
        call_command("export_control", "--format", fmt, "--out", str(snap), "--date", "2018-01-01", stdout=StringIO())
        first_layer = pyogrio.list_layers(snap)[0][0]
        names = set(pyogrio.read_dataframe(snap, layer=first_layer)["place"].dropna()) - {""}
        assert names == {"Rāwah"}
    with pytest.raises(CommandError, match="either"):
        call_command("export_control", "--format", "csv", "--out", str(tmp_path / "x"), "--date", "2018-01-01",
                     "--start", "2017-01-01")


def test_bad_parameters_are_json_400s():
    client = Client()
    for url in ("/api/control.gpkg", "/api/control/changes.csv?start=2020-01-01&end=2019-01-01",
                "/api/events.csv?geo_precision=9", "/api/events.gpkg?bogus=1"):
        response = client.get(url)
        assert response.status_code == 400 and "error" in response.json(), url
