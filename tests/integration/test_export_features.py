"""The export serves stored Feature texts (EventFeature, written by PostgreSQL triggers): every write path
must show in /api/events.geojson at once, with the same properties, types and order as the contract."""

from __future__ import annotations

import datetime
import json
import threading
import time

import psycopg
import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection

from events.models import Actor, Event, EventFeature, Place, Source
from events.services.events import event_features_refresh, event_update
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db


def _export(client, **params) -> list[dict]:
    response = client.get("/api/events.geojson", params)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))["features"]


def _exported(client, event: Event) -> dict:
    return next(f for f in _export(client) if f["id"] == event.pk)


def _expected(event: Event) -> dict:
    """The contract's Feature for an event, built in Python from the rows (independent of the SQL)."""
    event = Event.objects.select_related("actor1", "actor2", "place").get(pk=event.pk)
    place = event.place
    return {
        "type": "Feature", "id": event.pk,
        "geometry": {"type": "Point", "coordinates": [round(event.location.x, 6), round(event.location.y, 6)]},
        "properties": {
            "date": event.date.isoformat(), "date_precision": event.date_precision,
            "event_type": event.event_type, "sub_event_type": event.sub_event_type,
            "actor1": event.actor1.name if event.actor1 else None,
            "actor2": event.actor2.name if event.actor2 else None,
            "place": place.name if place else None, "geonames_id": place.geonames_id if place else None,
            "geo_precision": event.geo_precision, "country": event.country, "admin1": event.admin1,
            "fatalities": event.fatalities, "summary": event.summary, "confidence": round(event.confidence, 3),
            "status": event.status,
            "sources": [{"url": s.url, "title": s.title,
                         "published": s.published.isoformat() if s.published else None}
                        for s in event.sources.order_by("pk")],
        },
    }


@pytest.fixture
def odd_event() -> Event:
    """An event with every kind of value the text must escape or print as null."""
    place = Place.objects.create(key="test:feature:odd", name='Bir "Ali" \\ Ḥalab', feature_code="PPL",
                                 country_code="IQ", point=Point(-1.234567, 0.000123, srid=4326))
    actor = Actor.objects.create(name="Actor «é» \"q\"", kind=Actor.Kind.NON_STATE)
    event = Event.objects.create(
        date=datetime.date(2019, 5, 6), date_precision="week", event_type="Battles", sub_event_type="",
        actor1=actor, actor2=None, place=place, location=Point(-1.234567, 0.000123, srid=4326),
        geo_precision=2, country="", admin1="Ḥalab\t\"x\"", fatalities=None,
        summary='line 1\nline 2 \\ "quoted" \x01 ✓ \u2028', confidence=0.12345, status="reviewed",
    )
    event.sources.add(
        Source.objects.create(content_hash="test:feature:b", text="b", url="", title="", published=None),
        Source.objects.create(content_hash="test:feature:a", text="a", url='https://e.org/?a="1"&b=\\',
                              title="Tab\there ü", published=datetime.date(2019, 5, 7)),
    )
    return event


def test_every_feature_is_the_contracts_in_date_then_id_order(client, odd_event):
    plain = event_at(place_named("Rāwah", "IQ"), date=datetime.date(2019, 5, 6))
    earlier = event_at(place_named("Kyiv", "UA"), date=datetime.date(2018, 1, 2), fatalities=3)
    features = _export(client)
    assert [f["id"] for f in features] == list(Event.objects.order_by("date", "pk").values_list("pk", flat=True))
    by_id = {f["id"]: f for f in features}
    for event in (odd_event, plain, earlier):
        assert by_id[event.pk] == _expected(event)
    assert isinstance(by_id[earlier.pk]["properties"]["fatalities"], int)
    assert by_id[odd_event.pk]["properties"]["geonames_id"] is None


def test_an_editors_edit_shows_at_once(client, django_user_model, odd_event):
    editor = django_user_model.objects.create_user("editor-features")
    kyiv = place_named("Kyiv", "UA")
    event_update(event_id=odd_event.pk, expected_version=odd_event.version, user=editor,
                 changes={"summary": "corrected", "date": datetime.date(2020, 2, 3), "fatalities": 12,
                          "place": kyiv, "status": "rejected"})
    assert odd_event.pk not in {f["id"] for f in _export(client)}  # rejected: only exported when asked for
    feature = next(f for f in _export(client, status="rejected") if f["id"] == odd_event.pk)
    assert feature == _expected(odd_event)
    assert feature["properties"]["place"] == "Kyiv" and feature["properties"]["fatalities"] == 12
    assert feature["geometry"]["coordinates"] == [round(kyiv.point.x, 6), round(kyiv.point.y, 6)]
    assert EventFeature.objects.get(event_id=odd_event.pk).date == datetime.date(2020, 2, 3)


def test_an_edit_through_the_editor_page_shows_at_once(client, django_user_model):
    event = event_at(place_named("Rāwah", "IQ"))
    editor = django_user_model.objects.create_superuser("editor-page", password="pw-editor-1")
    client.force_login(editor)
    form = {"version": event.version, "date": "2017-11-18", "date_precision": "day", "event_type": "Battles",
            "sub_event_type": "Armed clash", "actor1": event.actor1_id, "actor2": "", "place": event.place_id,
            "location": json.dumps({"type": "Point", "coordinates": [event.location.x, event.location.y]}),
            "geo_precision": 1, "fatalities": "4", "summary": "edited on the page", "status": "reviewed"}
    assert client.post(f"/events/{event.pk}/edit/", form).status_code == 302
    properties = _exported(client, event)["properties"]
    assert properties["summary"] == "edited on the page" and properties["date"] == "2017-11-18"
    assert properties["fatalities"] == 4 and properties["status"] == "reviewed"


def test_renames_of_actor_place_and_source_show_at_once(client, odd_event):
    actor, place, source = odd_event.actor1, odd_event.place, odd_event.sources.order_by("pk").first()
    actor.name = "Renamed actor"
    actor.save()
    place.name, place.geonames_id = "Renamed place", 99999991
    place.save()
    source.title = "Renamed source"
    source.save()
    properties = _exported(client, odd_event)["properties"]
    assert properties["actor1"] == "Renamed actor"
    assert properties["place"] == "Renamed place" and properties["geonames_id"] == 99999991
    assert properties["sources"][0]["title"] == "Renamed source"
    Actor.objects.filter(pk=actor.pk).update(name="Renamed in bulk")  # a queryset update, no save()
    assert _exported(client, odd_event)["properties"]["actor1"] == "Renamed in bulk"
    assert _exported(client, odd_event) == _expected(odd_event)


def test_a_rename_in_the_admin_shows_at_once(client, django_user_model):
    event = event_at(place_named("Rāwah", "IQ"))
    actor = Actor.objects.create(name="Admin actor", kind=Actor.Kind.STATE, country="IQ")
    Event.objects.filter(pk=event.pk).update(actor2=actor)
    client.force_login(django_user_model.objects.create_superuser("admin-features", password="pw-admin-1"))
    response = client.post(f"/admin/events/actor/{actor.pk}/change/",
                           {"name": "Admin actor renamed", "aliases": "[]", "kind": "state", "country": "IQ",
                            "side": "", "colour": ""})
    assert response.status_code == 302
    assert _exported(client, event)["properties"]["actor2"] == "Admin actor renamed"


def test_source_links_added_and_removed_show_at_once(client):
    event = event_at(place_named("Rāwah", "IQ"))
    second = Source.objects.create(content_hash="test:feature:second", text="x", url="https://e.org/2",
                                   title="second", published=datetime.date(2017, 11, 20))
    event.sources.add(second)
    assert [s["url"] for s in _exported(client, event)["properties"]["sources"]] == [
        "https://example.org/a", "https://e.org/2"]
    event.sources.remove(second)
    assert [s["url"] for s in _exported(client, event)["properties"]["sources"]] == ["https://example.org/a"]
    event.sources.clear()
    assert _exported(client, event)["properties"]["sources"] == []
    Source.objects.filter(pk=second.pk).delete()
    assert _exported(client, event) == _expected(event)


def test_deleted_events_leave_the_export(client):
    kept, gone = event_at(place_named("Rāwah", "IQ")), event_at(place_named("Kyiv", "UA"))
    gone.delete()
    ids = {f["id"] for f in _export(client)}
    assert kept.pk in ids and gone.pk not in ids
    assert not EventFeature.objects.filter(event_id=gone.pk).exists()


def test_bulk_writes_keep_every_text_current(client):
    """COPY (synth_events), bulk_create and queryset updates: the stored texts equal a fresh computation."""
    call_command("synth_events", "300", "--seed", "5", stdout=None)
    place = place_named("Rāwah", "IQ")
    Event.objects.bulk_create([
        Event(date=datetime.date(2016, 1, day), event_type="Protests", place=place, location=place.point)
        for day in range(1, 4)])
    Event.objects.filter(is_synthetic=True, event_type="Battles").update(summary="bulk edit", fatalities=None)
    Place.objects.filter(pk__in=Event.objects.filter(is_synthetic=True).values("place_id")[:5]).update(
        name="Bulk renamed")
    stored = dict(EventFeature.objects.values_list("event_id", "feature"))
    assert set(stored) == set(Event.objects.values_list("pk", flat=True))
    event_features_refresh()
    assert dict(EventFeature.objects.values_list("event_id", "feature")) == stored
    features = _export(client)
    assert len(features) == Event.objects.count()
    sample = Event.objects.filter(is_synthetic=True, event_type="Battles").first()
    assert next(f for f in features if f["id"] == sample.pk) == _expected(sample)


def test_filtered_exports_are_the_matching_features_in_order(client):
    rawa = event_at(place_named("Rāwah", "IQ"), date=datetime.date(2017, 11, 17))
    kyiv = event_at(place_named("Kyiv", "UA"), date=datetime.date(2017, 11, 17))
    later = event_at(place_named("Rāwah", "IQ"), date=datetime.date(2018, 2, 1))
    assert [f["id"] for f in _export(client, start="2017-11-17", end="2017-11-17")] == [rawa.pk, kyiv.pk]
    assert [f["id"] for f in _export(client, country="IQ", start="2017-01-01")] == [rawa.pk, later.pk]
    assert [f["id"] for f in _export(client, bbox="40,33,43,36", end="2017-12-31")] == [rawa.pk]
    assert _export(client, start="1990-01-01", end="1990-01-02") == []


# Two transactions at once, on two connections of their own: the rows they write are committed, so these
# tests use names of their own and delete what they made.

def _connect() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or None,
                           port=settings["PORT"] or None, password=settings["PASSWORD"] or None)


def _insert_event(db: psycopg.Connection, actor_id: int, place_id: int) -> int:
    return db.execute(
        "INSERT INTO events_event (date, date_precision, event_type, sub_event_type, actor1_id, place_id, "
        "location, geo_precision, country, admin1, summary, evidence, confidence, status, version, edited, "
        "is_synthetic) SELECT %s, 'day', 'Battles', '', %s, p.id, p.point, 1, '', '', 'race', '[]', 0.5, "
        "'extracted', 1, false, false FROM events_place p WHERE p.id = %s RETURNING id",
        [datetime.date(2017, 1, 1), actor_id, place_id]).fetchone()[0]


def _wait_until_blocked(db: psycopg.Connection) -> None:
    """Return once the other connection waits for a lock (it reached the conflict this test is about)."""
    pid = db.info.backend_pid
    with _connect() as watcher:
        for _ in range(500):
            waiting = watcher.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                                      [pid]).fetchone()
            if waiting and waiting[0] == "Lock":
                return
            time.sleep(0.01)
    raise AssertionError("the second transaction never waited for the first")


_RACE_ROWS = {  # a row of each renamed kind, made by the test: insert, rename, property shown, clean-up
    "actor": ("INSERT INTO events_actor (name, aliases, kind, country, colour) "
              "VALUES ('Race name', '[]', 'state', '', '') RETURNING id",
              "UPDATE events_actor SET name = 'Race name renamed' WHERE id = %s", "actor1",
              ["DELETE FROM events_event WHERE actor1_id = %s", "DELETE FROM events_actor WHERE id = %s"]),
    "place": ("INSERT INTO events_place (key, name, ascii_name, feature_class, feature_code, country_code, "
              "admin1_code, admin1_name, population, point, origin, note) VALUES ('test:race', 'Race name', '', "
              "'P', 'PPL', 'IQ', '', '', 0, 'SRID=4326;POINT(42 34)', 'user', '') RETURNING id",
              "UPDATE events_place SET name = 'Race name renamed' WHERE id = %s", "place",
              ["DELETE FROM events_event WHERE place_id = %s", "DELETE FROM events_place WHERE id = %s"]),
}


@pytest.mark.parametrize("rename_first", [False, True], ids=["insert-then-rename", "rename-then-insert"])
@pytest.mark.parametrize("kind", sorted(_RACE_ROWS))
def test_a_rename_racing_a_new_event_is_never_lost(kind, rename_first):
    """Writer and renamer each act before the other commits; whoever comes second must wait, so the
    event's text ends up with the new name either way."""
    insert, rename, shown, cleanups = _RACE_ROWS[kind]
    with _connect() as setup:
        row_id = setup.execute(insert).fetchone()[0]
        actor_id = row_id if kind == "actor" else setup.execute(
            "SELECT id FROM events_actor WHERE name = 'Military Forces of Iraq'").fetchone()[0]
        place_id = row_id if kind == "place" else place_named("Rāwah", "IQ").pk
        setup.commit()
    writer, renamer = _connect(), _connect()
    results = {}
    try:
        actions = {writer: lambda: results.__setitem__("event", _insert_event(writer, actor_id, place_id)),
                   renamer: lambda: renamer.execute(rename, [row_id])}
        first, second = (renamer, writer) if rename_first else (writer, renamer)
        actions[first]()  # done, not committed
        thread = threading.Thread(target=actions[second])
        thread.start()
        _wait_until_blocked(second)
        first.commit()
        thread.join(timeout=30)
        second.commit()
        with _connect() as reader:
            feature = reader.execute("SELECT feature FROM events_eventfeature WHERE event_id = %s",
                                     [results["event"]]).fetchone()[0]
        assert json.loads(feature)["properties"][shown] == "Race name renamed"
    finally:
        writer.close()
        renamer.close()
        with _connect() as cleanup:
            for statement in cleanups:
                cleanup.execute(statement, [row_id])
            cleanup.commit()


def test_an_edit_racing_a_new_source_link_is_never_lost():
    place = place_named("Rāwah", "IQ")
    with _connect() as setup:
        actor_id = setup.execute("SELECT id FROM events_actor WHERE name = 'Military Forces of Iraq'").fetchone()[0]
        event_id = _insert_event(setup, actor_id, place.pk)
        source_id = setup.execute("INSERT INTO events_source (url, title, outlet, language, text, content_hash, "
                                  "ingested_at, extractor_version, is_synthetic) VALUES ('https://e.org/race', "
                                  "'race', '', '', 'x', 'test:race', now(), '', false) RETURNING id").fetchone()[0]
        setup.commit()
    editor, linker = _connect(), _connect()
    try:
        editor.execute("UPDATE events_event SET summary = 'edited' WHERE id = %s", [event_id])
        thread = threading.Thread(target=lambda: linker.execute(
            "INSERT INTO events_event_sources (event_id, source_id) VALUES (%s, %s)", [event_id, source_id]))
        thread.start()
        _wait_until_blocked(linker)
        editor.commit()
        thread.join(timeout=30)
        linker.commit()
        with _connect() as reader:
            feature = json.loads(reader.execute("SELECT feature FROM events_eventfeature WHERE event_id = %s",
                                                [event_id]).fetchone()[0])
        assert feature["properties"]["summary"] == "edited"
        assert [s["url"] for s in feature["properties"]["sources"]] == ["https://e.org/race"]
    finally:
        editor.close()
        linker.close()
        with _connect() as cleanup:
            cleanup.execute("DELETE FROM events_event_sources WHERE event_id = %s", [event_id])
            cleanup.execute("DELETE FROM events_event WHERE id = %s", [event_id])
            cleanup.execute("DELETE FROM events_source WHERE id = %s", [source_id])
            cleanup.commit()
