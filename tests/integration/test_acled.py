"""ACLED in and out (issue 12): import_acled reads an ACLED export as an analyst downloads it, keeps ACLED's
ids and codes, matches places and actors to ours and reports bad rows; /api/events.csv speaks ACLED's
31 columns; associated actors are kept for imported and extracted events alike."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from events.models import Actor, Event, Place
from events.services.ingest import extraction_store
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db

# ACLED's columns in ACLED's order, written out here as the contract states them (CONTRACT §3).
ACLED_31 = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
            "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
            "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
            "tags timestamp").split()

# Eight rows as ACLED exports them: both date formats, numeric and text inter codes; row 6 has a date
# nobody can read and row 7 a latitude out of range (file lines 7 and 8, the header being line 1).
ROWS = [
    ["IRQ90001", "17 November 2017", "2017", "1", "Political violence", "Battles", "Government regains territory",
     "Military Forces of Iraq (2014-)", "Popular Mobilization Forces", "1", "Islamic State (Iraq)", "", "2", "12", "",
     "368", "Middle East", "Iraq", "Anbar", "Ana", "", "Rawa", "34.4816", "41.9190", "1", "Reuters", "International",
     "On 17 November 2017, Iraqi forces retook Rawa from IS.", "3", "", "1618354623"],
    ["IRQ90002", "2017-11-03", "2017", "2", "Political violence", "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Iraq (2014-)", "", "State forces", "Islamic State (Iraq)", "", "Rebel group", "12", "",
     "368", "Middle East", "Iraq", "Anbar", "Al Qaim", "", "Al Qaim", "34.3688", "41.0945", "1", "AFP", "National",
     "Around 3 November 2017, air strikes hit IS positions in Al Qaim.", "0", "", "1618354624"],
    ["SYR90001", "2017-10-20", "2017", "1", "Political violence", "Violence against civilians", "Attack",
     "Islamic State (Syria)", "", "2", "Civilians (Syria)", "", "7", "27", "Civilian targeting",
     "760", "Middle East", "Syria", "Ar-Raqqa", "Ar-Raqqa", "", "Ar-Raqqa", "35.9528", "39.0079", "1",
     "SOHR", "Other", "On 20 October 2017, IS killed 4 civilians in Ar-Raqqa.", "4", "", "1618354625"],
    ["UKR90001", "24 February 2023", "2023", "1", "Demonstrations", "Protests", "Peaceful protest",
     "Protesters (Ukraine)", "", "Protesters", "", "", "", "60", "",
     "804", "Europe", "Ukraine", "Kyiv City", "", "", "Kyiv", "50.4547", "30.5238", "1", "Ukrinform", "National",
     "On 24 February 2023, people gathered in Kyiv.", "0", "crowd size=around 100", "1677300000"],
    ["UKR90002", "3 March 2023", "2023", "3", "Political violence", "Battles", "Armed clash",
     "Military Forces of Russia (2000-)", "Wagner Group", "8", "Military Forces of Ukraine (2019-)", "", "1", "18", "",
     "804", "Europe", "Ukraine", "Donetsk", "Bakhmutskyi", "", "Zzyzx Khutir", "48.6012", "37.9901", "2",
     "ISW", "Other", "In March 2023, clashes near Zzyzx Khutir.", "0", "", "1678000000"],
    ["IRQ90003", "32 Novembre 2017", "2017", "1", "Political violence", "Battles", "Armed clash",
     "Military Forces of Iraq (2014-)", "", "1", "", "", "0", "10", "",
     "368", "Middle East", "Iraq", "Anbar", "", "", "Rawa", "34.4816", "41.9190", "1", "", "", "", "0", "", ""],
    ["IRQ90004", "2017-11-19", "2017", "1", "Political violence", "Battles", "Armed clash",
     "Military Forces of Iraq (2014-)", "", "1", "", "", "0", "10", "",
     "368", "Middle East", "Iraq", "Anbar", "", "", "Rawa", "123.4", "41.9190", "1", "", "", "", "0", "", ""],
    ["SYR90002", "2017-10-21", "2017", "1", "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "Military Forces of Russia (2000-)", "", "8", "Islamic State (Syria)", "", "2", "28", "",
     "760", "Middle East", "Syria", "Ar-Raqqa", "", "", "Ar-Raqqa", "35.9528", "39.0079", "1",
     "SANA", "National", "On 21 October 2017, Russian shelling hit IS in Ar-Raqqa.", "0", "", "1618354626"],
]


def _write_acled(path, rows=ROWS, columns=ACLED_31):
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def _import(path) -> str:
    out = StringIO()
    call_command("import_acled", str(path), stdout=out)
    return out.getvalue()


def _csv(client: Client, query: str = "") -> list[dict]:
    response = client.get(f"/api/events.csv{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def _geojson(client: Client, query: str = "") -> dict:
    return json.loads(b"".join(client.get(f"/api/events.geojson{query}").streaming_content))


def test_import_reports_bad_rows_and_is_idempotent(tmp_path):
    path = _write_acled(tmp_path / "acled.csv")
    first = _import(path)
    assert first.strip().splitlines()[-1] == "imported 6 events (6 new), 2 errors"
    assert "line 7:" in first and "event_date" in first and "line 8:" in first and "latitude" in first
    assert Event.objects.filter(origin=Event.Origin.IMPORTED).count() == 6
    places, actors = Place.objects.count(), Actor.objects.count()

    second = _import(path)
    assert second.strip().splitlines()[-1] == "imported 6 events (0 new), 2 errors"
    assert Event.objects.filter(origin=Event.Origin.IMPORTED).count() == 6
    assert (Place.objects.count(), Actor.objects.count()) == (places, actors)


def test_reimport_updates_the_event(tmp_path):
    _import(_write_acled(tmp_path / "a.csv"))
    changed = [list(r) for r in ROWS]
    changed[0][28] = "7"  # ACLED revised the fatalities
    _import(_write_acled(tmp_path / "b.csv", changed))
    assert Event.objects.get(event_id_cnty="IRQ90001").fatalities == 7


def test_places_and_actors_are_matched_to_ours(tmp_path):
    _import(_write_acled(tmp_path / "acled.csv"))
    rawa = Event.objects.get(event_id_cnty="IRQ90001")
    assert rawa.place == place_named("Rāwah", "IQ")  # the gazetteer's spelling, 0.1 km away
    assert rawa.place.origin == Place.Origin.GEONAMES
    assert Event.objects.get(event_id_cnty="IRQ90002").place == place_named("Al Qā’im", "IQ")
    assert Event.objects.get(event_id_cnty="SYR90001").place == place_named("Ar Raqqah", "SY")
    new_place = Event.objects.get(event_id_cnty="UKR90002").place
    assert new_place.origin == Place.Origin.ACLED and new_place.name == "Zzyzx Khutir"
    assert rawa.location.y == pytest.approx(34.4816)  # ACLED's own point is kept
    assert rawa.date.isoformat() == "2017-11-17" and rawa.date_precision == "day"
    assert Event.objects.get(event_id_cnty="IRQ90002").date_precision == "week"

    assert rawa.actor1.name == "Military Forces of Iraq" and not rawa.actor1.imported
    assert [a.name for a in rawa.assoc_actors1.all()] == ["Popular Mobilization Forces"]
    protesters = Actor.objects.get(name="Protesters (Ukraine)")
    assert protesters.imported and protesters.inter == 6


def test_csv_export_speaks_acled_and_keeps_ids_and_codes(tmp_path):
    _import(_write_acled(tmp_path / "acled.csv"))
    header, rows = _csv(Client())
    assert header[:31] == ACLED_31
    assert header[31:37] == ["id", "status", "confidence", "date_precision", "geonames_id", "sources"]
    by_id = {r["event_id_cnty"]: r for r in rows}
    assert set(by_id) == {"IRQ90001", "IRQ90002", "SYR90001", "UKR90001", "UKR90002", "SYR90002"}
    source_rows = {r[0]: dict(zip(ACLED_31, r, strict=True)) for r in ROWS}
    codes = ["year", "time_precision", "disorder_type", "event_type", "sub_event_type", "inter1", "inter2",
             "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "location",
             "geo_precision", "source", "source_scale", "notes", "fatalities", "tags"]
    for event_id, row in by_id.items():
        given = source_rows[event_id]
        expected = {k: given[k] for k in codes}
        for key in ("inter1", "inter2"):  # text codes come out as ACLED's numbers
            expected[key] = {"State forces": "1", "Rebel group": "2", "Protesters": "6", "": "0"}.get(
                expected[key], expected[key])
        assert {k: row[k] for k in codes} == expected, event_id
        assert float(row["latitude"]) == pytest.approx(float(given["latitude"]))
    assert by_id["IRQ90001"]["event_date"] == "2017-11-17"
    assert by_id["IRQ90001"]["actor1"] == "Military Forces of Iraq"  # our name for ACLED's actor
    assert by_id["IRQ90001"]["assoc_actor_1"] == "Popular Mobilization Forces"


def test_our_events_are_coded_as_acled_codes_them():
    rawa = event_at(place_named("Rāwah", "IQ"), fatalities=None)
    rawa.actor2 = Actor.objects.get(name="Islamic State")
    rawa.save()
    header, rows = _csv(Client(), "?country=IQ")
    row = next(r for r in rows if r["id"] == str(rawa.pk))
    assert row["event_id_cnty"] == f"IRQ{rawa.pk}"
    assert (row["iso"], row["country"], row["region"]) == ("368", "Iraq", "Middle East")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "2", "12")
    assert (row["time_precision"], row["disorder_type"], row["fatalities"]) == ("1", "Political violence", "0")
    assert row["source"] == "example.org" and row["notes"] == "test event" and row["origin"] == "extracted"
    assert int(row["timestamp"]) > 1_600_000_000


def test_origin_filter_shows_or_hides_imported_events(tmp_path):
    _import(_write_acled(tmp_path / "acled.csv"))
    ours = event_at(place_named("Rāwah", "IQ"))
    client = Client()
    imported = _geojson(client, "?origin=imported&country=IQ")["features"]
    extracted = _geojson(client, "?origin=extracted&country=IQ")["features"]
    assert len(imported) == 2 and [f["id"] for f in extracted] == [ours.pk]
    assert client.get("/api/events.geojson?origin=nonsense").status_code == 400


def test_rejected_imported_events_are_left_out_of_exports(tmp_path):
    _import(_write_acled(tmp_path / "acled.csv"))
    Event.objects.filter(event_id_cnty="IRQ90001").update(status=Event.Status.REJECTED)
    _, rows = _csv(Client())
    assert "IRQ90001" not in {r["event_id_cnty"] for r in rows}
    _, rejected = _csv(Client(), "?status=rejected")
    assert [r["event_id_cnty"] for r in rejected] == ["IRQ90001"]


def test_extracted_associated_actors_are_stored_and_exported():
    """The extractor's assoc_actors (Extraction JSON) survive ingest and reach assoc_actor_1."""
    import datetime

    from events.extraction import results
    from events.models import Source

    rawa = place_named("Rāwah", "IQ")
    text = "The Iraqi army, federal police and PMF began clearing Rawa."
    source = Source.objects.create(text=text, content_hash="assoc-test", title="t", url="https://example.org/b")
    place = results.Place(id=rawa.pk, geonames_id=None, name=rawa.name, feature_code="PPL", country_code="IQ",
                          admin1="", lat=rawa.point.y, lon=rawa.point.x)
    iraq = results.ActorRef(name="Military Forces of Iraq", aliases=(), kind="state", country="IQ", side=None)
    pmf = results.ActorRef(name="Popular Mobilization Forces", aliases=(), kind="non_state", country=None, side=None)
    extraction = results.Extraction(
        published=None, extractor_version="test",
        mentions=(results.Mention(text="Rawa", start=54, end=58, confidence=0.9, place=place, candidates=(),
                                  kind="city"),),
        events=(results.Event(date=datetime.date(2017, 11, 17), date_precision="day", event_type="Battles",
                              sub_event_type="Armed clash", actor1=iraq, actor2=None, assoc_actors=(pmf,),
                              place=place, mention=0, control=None, evidence=results.Span(0, len(text)),
                              confidence=0.8, summary="", fatalities=None),),
    )
    extraction_store(source=source, extraction=extraction)
    event = Event.objects.get(sources=source)
    assert [a.name for a in event.assoc_actors1.all()] == ["Popular Mobilization Forces"]
    assert event.event_id_cnty == f"IRQ{event.pk}" and event.origin == Event.Origin.EXTRACTED
    _, rows = _csv(Client(), f"?source={source.pk}")
    assert rows[0]["assoc_actor_1"] == "Popular Mobilization Forces" and rows[0]["notes"] == text


def test_public_id_stays_when_the_event_moves():
    event = event_at(place_named("Rāwah", "IQ"))
    Event.objects.filter(pk=event.pk).update(event_id_cnty=f"IRQ{event.pk}")
    kyiv = place_named("Kyiv", "UA")
    Event.objects.filter(pk=event.pk).update(place=kyiv, country="UA", location=kyiv.point)
    _, rows = _csv(Client(), "?country=UA")
    assert [r["event_id_cnty"] for r in rows if r["id"] == str(event.pk)] == [f"IRQ{event.pk}"]


def test_import_through_export_gives_the_same_events(tmp_path):
    """ACLED file -> our events -> our CSV -> a fresh import: the same events, ids and codes."""
    _import(_write_acled(tmp_path / "acled.csv"))
    before = _snapshot()
    out = tmp_path / "export.csv"
    call_command("export_events", "--format", "csv", "--out", str(out), stdout=StringIO())
    Event.objects.filter(origin=Event.Origin.IMPORTED).delete()
    assert _import(out).strip().splitlines()[-1] == "imported 6 events (6 new), 0 errors"
    assert _snapshot() == before


def _snapshot() -> dict:
    fields = ("date", "date_precision", "event_type", "sub_event_type", "actor1__name", "actor2__name",
              "place_id", "geo_precision", "country", "admin1", "fatalities", "summary")
    rows = Event.objects.filter(origin=Event.Origin.IMPORTED).values("event_id_cnty", *fields)
    out = {}
    for row in rows:
        event = Event.objects.get(event_id_cnty=row["event_id_cnty"])
        row["point"] = (round(event.location.x, 6), round(event.location.y, 6))
        row["assoc"] = sorted(a.name for a in event.assoc_actors1.all())
        out[row.pop("event_id_cnty")] = row
    return out


def test_geojson_stays_rfc7946(tmp_path):
    _import(_write_acled(tmp_path / "acled.csv"))
    collection = _geojson(Client())
    assert "crs" not in collection and len(collection["features"]) == 6
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(len(repr(v).partition(".")[2]) <= 6 for v in (lon, lat))


def test_a_file_that_is_not_acled_is_refused(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="missing column"):
        _import(path)


def test_event_json_names_its_public_id_origin_and_associated_actors(tmp_path):
    from django.contrib.auth.models import User

    _import(_write_acled(tmp_path / "acled.csv"))
    event = Event.objects.get(event_id_cnty="UKR90002")
    client = Client()
    client.force_login(User.objects.create_user("reader"))
    body = client.get(f"/api/events/{event.pk}").json()
    assert (body["event_id_cnty"], body["origin"]) == ("UKR90002", "imported")
    assert [a["name"] for a in body["assoc_actors1"]] == ["Wagner Group"] and body["assoc_actors2"] == []
