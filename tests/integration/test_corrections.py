"""Every editor correction, through its service, reaches what analysts see in the same transaction: the
events GeoJSON and CSV, the tiles, the control map and a place's control history; and each is kept in
history with its user (issue 9)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from events.models import (
    ControlArea,
    ControlObservation,
    Event,
    EventFeature,
    Mention,
    Place,
    PlaceName,
    Source,
    TileCell,
)
from events.selectors.control import place_control_history
from events.selectors.extractor import get_extractor
from events.services.corrections import (
    StaleEdit,
    area_create,
    area_delete,
    area_update,
    event_status_set,
    event_update,
    events_merge,
    mention_place_set,
    observation_create,
    observation_delete,
    observation_update,
)
from events.services.ingest import source_ingest
from tests.integration.factories import event_at, place_named

pytestmark = pytest.mark.django_db
D = datetime.date
CAPTURE = ("BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from Islamic State on "
           "Friday, the military said.")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("corrector", password="pw-corrector-1")


@pytest.fixture
def capture():
    """A real article through the real extractor: a mention of Rawa, the capture event, its observation."""
    source = source_ingest(text=CAPTURE, extractor=get_extractor(), published=D(2017, 11, 18)).source
    event = Event.objects.get(sources=source)
    return source, event, event.control_observations.get()


def _features(client, query: str = "") -> dict[int, dict]:
    collection = json.loads(b"".join(client.get(f"/api/events.geojson{query}").streaming_content))
    return {f["id"]: f for f in collection["features"]}


def _csv_ids(tmp_path) -> set[int]:
    """The event ids of the CSV export (`manage.py export_events --format csv`)."""
    out = tmp_path / "events.csv"
    call_command("export_events", "--format", "csv", "--out", str(out), stdout=io.StringIO())
    with open(out, newline="") as fh:
        return {int(row["id"]) for row in csv.DictReader(fh)}


def _control(client, day: D) -> dict[int, dict]:
    body = client.get(f"/api/control.geojson?date={day.isoformat()}").json()
    return {f["properties"]["place_id"]: f["properties"] for f in body["features"]
            if f["properties"].get("layer") == "place"}


def _tile_count(event: Event) -> int:
    """Events of the event's type in the zoom-0 tile cells, after the merge a commit runs (tests never commit)."""
    connection.check_constraints()
    return sum(TileCell.objects.filter(zoom=0, event_type=event.event_type).values_list("count", flat=True))


# --- mentions -------------------------------------------------------------------------------------------


def test_a_mention_moved_to_another_place_moves_its_event_and_control(client, editor, capture):
    source, event, observation = capture
    rawa, hit = event.place, place_named("Hīt", "IQ")
    assert _control(client, D(2017, 11, 20))[rawa.pk]["event_id"] == event.pk
    mention = event.mention
    mention_place_set(mention_id=mention.pk, place_id=hit.pk, user=editor)

    event.refresh_from_db()
    assert (event.place_id, event.country, event.admin1) == (hit.pk, "IQ", hit.admin1_name)
    assert (event.location.x, event.location.y) == (hit.point.x, hit.point.y)
    assert rawa.name not in event.summary and hit.name in event.summary
    assert event.edited and event.version == 2
    feature = _features(client)[event.pk]
    assert feature["properties"]["place"] == hit.name
    assert feature["geometry"]["coordinates"] == [round(hit.point.x, 6), round(hit.point.y, 6)]
    control = _control(client, D(2017, 11, 20))
    assert rawa.pk not in control and control[hit.pk]["event_id"] == event.pk
    observation.refresh_from_db()
    assert observation.place_id == hit.pk and observation.edited
    mention.refresh_from_db()
    assert mention.status == Mention.Status.CORRECTED and mention.reviewed_by == editor
    assert mention.history.latest().history_user == editor
    assert event.history.latest().history_user == editor
    assert PlaceName.objects.filter(place=hit, name="Rawa", source="user").exists()


def test_not_a_place_takes_the_event_off_the_map_and_out_of_control(client, editor, capture):
    _, event, _ = capture
    mention_place_set(mention_id=event.mention_id, place_id=None, user=editor)
    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    assert event.mention.status == Mention.Status.REJECTED and event.mention.place is None
    assert event.pk not in _features(client)
    assert event.place_id not in _control(client, D(2017, 11, 20))


def test_a_pinned_new_place_is_created_and_the_next_article_resolves_the_name_to_it(client, editor, capture):
    _, event, _ = capture
    mention_place_set(mention_id=event.mention_id, user=editor,
                      new_place={"name": "Rawa (pinned)", "lat": 34.5, "lon": 41.95, "country_code": "IQ"})
    pinned = Place.objects.get(name="Rawa (pinned)")
    assert pinned.origin == Place.Origin.USER and pinned.country_code == "IQ"
    event.refresh_from_db()
    assert event.place_id == pinned.pk and _control(client, D(2017, 11, 20))[pinned.pk]["event_id"] == event.pk
    # The next article about Iraq naming Rawa: no index recompiled, the correction already counts.
    text = "Islamic State fighters attacked an Iraqi army post in Rawa on Monday, Iraqi officials said."
    later = source_ingest(text=text, extractor=get_extractor(), published=D(2017, 12, 5)).source
    assert Mention.objects.get(source=later, text="Rawa").place_id == pinned.pk


def test_bad_mention_input_is_refused_and_writes_nothing(editor, capture):
    _, event, _ = capture
    with pytest.raises(ValidationError):
        mention_place_set(mention_id=event.mention_id, place_id=10**9, user=editor)
    with pytest.raises(ValidationError):
        mention_place_set(mention_id=event.mention_id, new_place={"name": "X", "lat": 95, "lon": 0}, user=editor)
    event.refresh_from_db()
    assert event.version == 1 and event.mention.status == Mention.Status.AUTO


# --- events -----------------------------------------------------------------------------------------------


def test_a_date_fix_moves_the_control_change(client, editor, capture):
    _, event, observation = capture
    assert event.place_id in _control(client, D(2017, 11, 17))
    event_update(event_id=event.pk, expected_version=event.version, changes={"date": "2017-11-25"}, user=editor)
    assert event.place_id not in _control(client, D(2017, 11, 20))
    assert _control(client, D(2017, 11, 25))[event.place_id]["since"] == "2017-11-25"
    observation.refresh_from_db()
    assert observation.date == D(2017, 11, 25)
    event.refresh_from_db()
    assert event.summary.startswith("2017-11-25:")
    assert _features(client)[event.pk]["properties"]["date"] == "2017-11-25"


def test_a_place_fix_moves_the_observation_and_the_derived_fields(client, editor, capture):
    _, event, observation = capture
    hit = place_named("Hīt", "IQ")
    event_update(event_id=event.pk, expected_version=1, changes={"place_id": hit.pk}, user=editor)
    event.refresh_from_db()
    observation.refresh_from_db()
    assert observation.place_id == hit.pk and event.admin1 == hit.admin1_name and event.location == hit.point
    assert place_control_history(place_id=hit.pk)["current"]["controller"]["name"] == event.actor1.name


def test_a_stale_version_writes_nothing(editor, capture):
    _, event, _ = capture
    event_update(event_id=event.pk, expected_version=1, changes={"fatalities": 2}, user=editor)
    with pytest.raises(StaleEdit):
        event_update(event_id=event.pk, expected_version=1, changes={"fatalities": 5}, user=editor)
    event.refresh_from_db()
    assert event.fatalities == 2 and event.version == 2


def test_unknown_fields_and_bad_values_are_refused(editor, capture):
    _, event, _ = capture
    for changes in ({"version": 7}, {"date": "17 November"}, {"status": "deleted"}, {"date_precision": "hour"}):
        with pytest.raises(ValidationError):
            event_update(event_id=event.pk, expected_version=1, changes=changes, user=editor)
    event.refresh_from_db()
    assert event.version == 1


def test_a_rejected_event_leaves_map_exports_tiles_and_control(client, editor, capture, tmp_path):
    _, event, _ = capture
    tiles_before = _tile_count(event)
    assert event.pk in _features(client) and event.pk in _csv_ids(tmp_path)
    event_status_set(event_id=event.pk, status="rejected", user=editor)
    assert event.pk not in _features(client) and event.pk not in _csv_ids(tmp_path)
    assert event.pk in _features(client, "?status=rejected")
    assert _tile_count(event) == tiles_before - 1
    assert event.place_id not in _control(client, D(2017, 11, 20))
    history = place_control_history(place_id=event.place_id)
    assert history["current"] is None and history["observations"][0]["rejected"] is True
    event_status_set(event_id=event.pk, status="reviewed", user=editor)  # restored: it counts again
    assert _control(client, D(2017, 11, 20))[event.place_id]["event_id"] == event.pk
    assert _tile_count(event) == tiles_before
    event.refresh_from_db()
    assert event.version == 3 and event.edited


def test_merge_keeps_the_oldest_event_with_every_source(client, editor, capture):
    _, event, observation = capture
    duplicate = event_at(event.place, date=event.date)
    kept = events_merge(event_ids=[duplicate.pk, event.pk], user=editor)
    assert kept.pk == event.pk
    assert set(kept.sources.values_list("pk", flat=True)) == set(
        Source.objects.filter(events__in=[event, duplicate]).values_list("pk", flat=True))
    duplicate.refresh_from_db()
    assert duplicate.status == Event.Status.REJECTED
    assert duplicate.pk not in _features(client) and len(_features(client)[kept.pk]["properties"]["sources"]) == 2
    with pytest.raises(ValidationError):
        events_merge(event_ids=[event.pk], user=editor)


# --- observations and areas -------------------------------------------------------------------------------


def test_hand_made_observation_shows_on_the_control_map_and_follows_edits(client, editor, capture):
    _, event, _ = capture
    hit = place_named("Hīt", "IQ")
    observation = observation_create(user=editor, data={
        "place_id": hit.pk, "actor_id": event.actor1_id, "status": "controlled", "kind": "change",
        "date": "2016-04-14", "evidence": "Iraqi forces retook Hit in April 2016."})
    assert observation.edited and observation.history.latest().history_user == editor
    assert _control(client, D(2016, 5, 1))[hit.pk]["since"] == "2016-04-14"
    observation_update(observation_id=observation.pk, expected_version=1, changes={"date": "2016-04-20"},
                       user=editor)
    assert hit.pk not in _control(client, D(2016, 4, 15))
    with pytest.raises(StaleEdit):
        observation_update(observation_id=observation.pk, expected_version=1, changes={"claimed": True},
                           user=editor)
    with pytest.raises(ValidationError):
        observation_create(user=editor, data={"place_id": hit.pk, "actor_id": event.actor1_id, "date": "x"})
    observation_delete(observation_id=observation.pk, user=editor)
    assert hit.pk not in _control(client, D(2016, 5, 1))
    assert ControlObservation.history.filter(id=observation.pk, history_type="-").get().history_user == editor


def test_drawn_area_shows_while_valid(client, editor, capture):
    _, event, _ = capture
    square = {"type": "Polygon", "coordinates": [[[41, 34], [42, 34], [42, 35], [41, 35], [41, 34]]]}
    area = area_create(geometry=square, actor_id=event.actor1_id, valid_from="2017-11-01", user=editor)

    def areas(day: str) -> list[dict]:
        body = client.get(f"/api/control.geojson?date={day}").json()
        return [f for f in body["features"] if f["properties"].get("layer") == "area"
                and f["properties"].get("method") == "drawn"]

    assert len(areas("2017-11-20")) == 1 and not areas("2017-10-20")
    area_update(area_id=area.pk, changes={"valid_to": "2017-11-10"}, user=editor)
    assert not areas("2017-11-20") and len(areas("2017-11-05")) == 1
    with pytest.raises(ValidationError):
        area_update(area_id=area.pk, changes={"valid_to": "2017-10-01"}, user=editor)
    with pytest.raises(ValidationError):
        area_create(geometry={"type": "Point", "coordinates": [41, 34]}, actor_id=event.actor1_id,
                    valid_from="2017-11-01", user=editor)
    area.refresh_from_db()
    assert area.version == 2 and area.history.latest().history_user == editor
    area_delete(area_id=area.pk, user=editor)
    assert not areas("2017-11-05") and not ControlArea.objects.filter(pk=area.pk).exists()


# --- history: per-field diff and revert -------------------------------------------------------------------


def test_history_shows_each_change_and_revert_undoes_it_everywhere(client, editor, capture):
    from events.selectors.history import history_diff
    from events.services.history import history_revert

    _, event, observation = capture
    first = event.history.latest().history_id
    event_update(event_id=event.pk, expected_version=1, changes={"date": "2017-11-25", "fatalities": 3},
                 user=editor)
    newest = history_diff(model="event", object_id=event.pk)[0]
    assert newest["who"] == "corrector" and newest["type"] == "~"
    changes = {c["field"]: (c["old"], c["new"]) for c in newest["changes"]}
    assert changes["date"] == ("2017-11-17", "2017-11-25") and changes["fatalities"] == (None, 3)
    assert "version" not in changes

    history_revert(model="event", object_id=event.pk, history_id=first, user=editor)
    event.refresh_from_db()
    observation.refresh_from_db()
    assert event.date == D(2017, 11, 17) and event.fatalities is None and event.version == 3
    assert observation.date == D(2017, 11, 17)  # the observation follows a revert as it follows an edit
    assert _control(client, D(2017, 11, 20))[event.place_id]["since"] == "2017-11-17"


def test_a_deleted_observation_and_area_come_back_by_revert(client, editor, capture):
    from events.services.history import history_revert

    _, event, observation = capture
    created = observation.history.earliest().history_id
    observation_delete(observation_id=observation.pk, user=editor)
    assert event.place_id not in _control(client, D(2017, 11, 20))
    restored = history_revert(model=ControlObservation, object_id=observation.pk, history_id=created, user=editor)
    assert _control(client, D(2017, 11, 20))[event.place_id]["since"] == "2017-11-17"
    assert restored.event_id == event.pk

    square = {"type": "Polygon", "coordinates": [[[41, 34], [42, 34], [42, 35], [41, 35], [41, 34]]]}
    area = area_create(geometry=square, actor_id=event.actor1_id, valid_from="2017-11-01", user=editor)
    drawn = area.history.earliest().history_id
    area_update(area_id=area.pk, changes={"valid_from": "2017-12-01"}, user=editor)
    area = history_revert(model="area", object_id=area.pk, history_id=drawn, user=editor)
    assert area.valid_from == D(2017, 11, 1) and area.version == 3
    with pytest.raises(ValidationError):
        history_revert(model="area", object_id=area.pk, history_id=10**9, user=editor)


def test_a_village_placed_at_a_corrected_container_moves_with_it(editor):
    text = ("BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the village of Albu Hayat near Rawa from "
            "Islamic State on Friday, the military said.")
    source = source_ingest(text=text, extractor=get_extractor(), published=D(2017, 11, 18)).source
    event = Event.objects.select_related("place").get(sources=source)
    assert event.place.approximate and event.place.container.name == "Rāwah"  # placed at Rawa by ingest
    hit = place_named("Hīt", "IQ")
    mention_place_set(mention_id=event.mention_id, place_id=hit.pk, user=editor)
    event.refresh_from_db()
    assert event.place.name == "Albu Hayat" and event.place.container_id == hit.pk and event.place.approximate
    offset = (event.place.point.x - hit.point.x, event.place.point.y - hit.point.y)
    assert offset == pytest.approx((0.0, 0.0), abs=0.5)  # near its new container, not left by the old one
    assert event.control_observations.get().place_id == event.place_id


def test_after_corrections_the_counted_tiles_and_stored_features_equal_a_fresh_count(client, editor, capture):
    from events.services.events import event_features_refresh
    from events.services.tiles import tile_cells_rebuild

    _, event, _ = capture
    other = event_at(place_named("Hīt", "IQ"))
    mention_place_set(mention_id=event.mention_id, place_id=place_named("Ḩadīthah", "IQ").pk, user=editor)
    event_update(event_id=other.pk, expected_version=1, changes={"date": "2018-01-02", "event_type": "Riots"},
                 user=editor)
    event_status_set(event_id=other.pk, status="rejected", user=editor)
    event_status_set(event_id=other.pk, status="extracted", user=editor)
    event_status_set(event_id=event.pk, status="rejected", user=editor)

    def cells() -> set[tuple]:
        connection.check_constraints()  # the merge a commit runs
        return set(TileCell.objects.values_list("zoom", "tile_x", "tile_y", "cell_x", "cell_y", "event_type", "count",
                                                "date_min", "date_max"))

    def features() -> dict[int, str]:
        return dict(EventFeature.objects.values_list("event_id", "feature"))

    counted, stored = cells(), features()
    tile_cells_rebuild()
    event_features_refresh()
    assert cells() == counted and features() == stored
