"""Every way control observations are written keeps the stored control intervals (what the snapshot reads)
equal to the rules of events.control.rules, and makes cached snapshots stale."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from events.control import rules
from events.models import Actor, ControlInterval, ControlObservation, Event, Place, Source
from events.selectors.control import control_snapshot, control_winners
from events.selectors.extractor import get_extractor
from events.services.control import control_batch, control_rebuild
from events.services.ingest import content_hash, source_ingest
from events.services.reextract import source_reextract

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2018, 1, 1)


def _place(name: str, lon: float = 41.9, lat: float = 34.4) -> Place:
    return Place.objects.create(key=f"test:writes:{name}", name=name, feature_code="PPL", country_code="IQ",
                                point=Point(lon, lat, srid=4326), origin=Place.Origin.USER)


@pytest.fixture
def actors():
    return (Actor.objects.create(name="Test Writes Army", kind="state", country="IQ"),
            Actor.objects.create(name="Test Writes Rebels", kind="non_state"))


def _observe(place: Place, actor: Actor, day: str, **kw) -> ControlObservation:
    return ControlObservation.objects.create(place=place, actor=actor, date=D.fromisoformat(day), **kw)


def _controller(place: Place, day: datetime.date = DAY, *, cached: bool = True) -> int | None:
    """The controller id the snapshot shows for the place on the day (None: no feature or no controller)."""
    for feature in control_snapshot(date=day, use_cache=cached)["features"]:
        if feature["properties"].get("place_id") == place.pk:
            return (feature["properties"]["controller"] or {}).get("id")
    return None


def _assert_intervals_follow_the_rules() -> None:
    """The stored intervals of every place are exactly what events.control.intervals() makes of its
    observations, and no place without observations keeps any."""
    sides = dict(Actor.objects.values_list("pk", "side_id"))
    observations: dict[int, list[rules.Observation]] = {}
    for o in ControlObservation.objects.all():
        observations.setdefault(o.place_id, []).append(rules.Observation(
            id=o.pk, date=o.date, actor_id=o.actor_id, kind=o.kind, status=o.status, claimed=o.claimed,
            confidence=o.confidence, date_precision=o.date_precision, event_id=o.event_id,
            side_id=sides[o.actor_id]))
    expected = sorted(
        (place_id, i.valid_from, i.valid_to, i.control.actor_id, i.control.challenger_id, i.control.status,
         i.control.since, i.control.last_confirmed, i.control.claimed, i.control.kind, i.control.date_precision,
         i.control.observation_id, i.control.event_id)
        for place_id, rows in observations.items() for i in rules.intervals(rows))
    stored = sorted(ControlInterval.objects.values_list(
        "place_id", "valid_from", "valid_to", "actor_id", "challenger_id", "status", "since", "last_confirmed",
        "claimed", "kind", "date_precision", "observation_id", "event_id"))
    assert stored == expected


def test_single_saves_edits_and_deletes(actors):
    army, rebels = actors
    town = _place("Test Writes Town")
    assert _controller(town) is None
    _observe(town, rebels, "2014-06-21")
    assert _controller(town) == rebels.pk
    retaken = _observe(town, army, "2017-11-17")
    assert _controller(town) == army.pk
    retaken.date = D(2019, 1, 1)  # an edit: on 2018-01-01 the rebels still hold it
    retaken.save()
    assert _controller(town) == rebels.pk
    _assert_intervals_follow_the_rules()
    retaken.date = D(2017, 11, 17)
    retaken.save()
    retaken.delete()
    assert _controller(town) == rebels.pk
    _assert_intervals_follow_the_rules()


def test_moving_an_observation_to_another_place_changes_both(actors):
    army, _ = actors
    first, second = _place("Test Writes First"), _place("Test Writes Second", lon=42.5)
    observation = _observe(first, army, "2017-11-17")
    assert _controller(first) == army.pk and _controller(second) is None
    observation.place = second
    observation.save()
    assert _controller(first) is None and _controller(second) == army.pk
    _assert_intervals_follow_the_rules()


def test_queryset_update_bulk_create_bulk_update_and_delete(actors):
    army, rebels = actors
    towns = [_place(f"Test Writes Bulk {i}", lon=41.0 + i * 0.3) for i in range(3)]
    created = ControlObservation.objects.bulk_create(
        [ControlObservation(place=t, actor=rebels, date=D(2016, 5, 1)) for t in towns])
    assert [_controller(t) for t in towns] == [rebels.pk] * 3
    ControlObservation.objects.filter(place=towns[0]).update(actor=army)  # no per-row signal
    assert _controller(towns[0]) == army.pk
    ControlObservation.objects.filter(place=towns[2]).update(place=towns[1], date=D(2016, 6, 1))
    assert _controller(towns[2]) is None and _controller(towns[1]) == rebels.pk
    created[1].actor = army
    ControlObservation.objects.bulk_update([created[1]], ["actor"])
    assert _controller(towns[1]) == rebels.pk  # the moved row (1 June) still wins there
    ControlObservation.objects.filter(place=towns[1], date=D(2016, 6, 1)).delete()
    assert _controller(towns[1]) == army.pk
    _assert_intervals_follow_the_rules()


def test_a_side_change_changes_who_supersedes_whom(actors):
    """A month-precision change is superseded by a day change of the same camp only: giving the day
    change's actor the month observation's actor as its side changes the map inside the month."""
    army, rebels = actors
    militia = Actor.objects.create(name="Test Writes Militia", kind="non_state")
    town = _place("Test Writes Sided")
    _observe(town, rebels, "2014-01-01")
    _observe(town, army, "2014-05-01", date_precision="month")
    _observe(town, militia, "2014-05-21")
    assert _controller(town, D(2014, 5, 10)) == army.pk  # another camp: the month stands
    militia.side = army
    militia.save()
    assert _controller(town, D(2014, 5, 10)) == rebels.pk  # one camp now: the day change supersedes it
    _assert_intervals_follow_the_rules()


def test_deleting_a_side_gives_its_allies_their_own_camps_back(actors):
    _, rebels = actors
    patron = Actor.objects.create(name="Test Writes Patron", kind="state")
    ally = Actor.objects.create(name="Test Writes Ally", kind="non_state", side=patron)
    helper = Actor.objects.create(name="Test Writes Helper", kind="non_state", side=patron)
    town = _place("Test Writes Patronage")
    _observe(town, rebels, "2014-01-01")
    _observe(town, ally, "2014-08-01", date_precision="month")
    _observe(town, helper, "2014-08-20")  # the ally and the helper share the patron: one camp
    assert _controller(town, D(2014, 8, 10)) == rebels.pk
    patron.delete()  # it has no observations; its allies lose their side (SET_NULL, sent no signal)
    assert _controller(town, D(2014, 8, 10)) == ally.pk
    _assert_intervals_follow_the_rules()


def test_deleting_the_event_or_source_of_an_observation_removes_its_control(actors):
    army, rebels = actors
    town = _place("Test Writes Cascade")
    _observe(town, rebels, "2014-06-21")
    source = Source.objects.create(text="x", content_hash="test-writes-cascade")
    event = Event.objects.create(date=D(2017, 11, 17), event_type="Battles", place=town, location=town.point)
    _observe(town, army, "2017-11-17", event=event, source=source)
    assert _controller(town) == army.pk
    event.delete()
    assert _controller(town) == rebels.pk
    _observe(town, army, "2017-11-17", source=source)
    assert _controller(town) == army.pk
    source.delete()
    assert _controller(town) == rebels.pk
    _assert_intervals_follow_the_rules()


DISPATCH = ("BAGHDAD, Nov 18 (Reuters) - Iraqi forces recaptured the town of Rawa from Islamic State on "
            "Friday, the military said.")


def test_ingest_and_reextract_keep_the_intervals_consistent():
    result = source_ingest(text=DISPATCH, extractor=get_extractor(), published=D(2017, 11, 18))
    observation = ControlObservation.objects.get(source=result.source)
    assert _controller(observation.place) == observation.actor_id
    winners = {w["place_id"]: w for w in control_winners(date=DAY)}
    assert winners[observation.place_id]["observation_id"] == observation.pk
    _assert_intervals_follow_the_rules()
    summary = source_reextract(source=result.source, extractor=get_extractor())
    assert summary.observations == 1
    rebuilt = ControlObservation.objects.get(source=result.source)
    assert rebuilt.pk == observation.pk  # rewritten in place: re-extraction keeps the ids of rows still there
    winners = {w["place_id"]: w for w in control_winners(date=DAY)}
    assert winners[rebuilt.place_id]["observation_id"] == rebuilt.pk
    _assert_intervals_follow_the_rules()


def test_a_failed_batch_leaves_observations_and_intervals_as_they_were(actors):
    army, rebels = actors
    town = _place("Test Writes Rollback")
    _observe(town, rebels, "2014-06-21")
    with pytest.raises(RuntimeError), control_batch():
        _observe(town, army, "2017-11-17")
        raise RuntimeError("the rest of the article failed")
    assert ControlObservation.objects.filter(place=town).count() == 1
    assert _controller(town) == rebels.pk
    _assert_intervals_follow_the_rules()


def test_synthetic_control_and_the_rebuild_command(actors):
    out = StringIO()
    call_command("synth_events", "0", "--seed", "3", "--control", "30", stdout=out)
    synthetic = ControlObservation.objects.filter(source__content_hash="synthetic:events")
    assert synthetic.values("place_id").distinct().count() == 30
    _assert_intervals_follow_the_rules()
    before = {w["place_id"]: w for w in control_winners(date=D(2025, 1, 1))}
    with connection.cursor() as cursor:  # raw SQL bypasses the ORM: the intervals are now wrong
        cursor.execute(f"DELETE FROM {ControlInterval._meta.db_table}")
    assert control_winners(date=D(2025, 1, 1)) == []
    call_command("control_rebuild", stdout=out)
    assert {w["place_id"]: w for w in control_winners(date=D(2025, 1, 1))} == before
    assert control_rebuild() == ControlObservation.objects.values("place_id").distinct().count()


def test_cache_hit_reads_only_the_version_and_any_write_makes_it_stale(actors):
    army, rebels = actors
    town = _place("Test Writes Cached")
    observation = _observe(town, rebels, "2014-06-21")
    assert _controller(town) == rebels.pk
    with CaptureQueriesContext(connection) as queries:
        assert _controller(town) == rebels.pk
    assert len(queries) == 1 and "stamp" in queries[0]["sql"]
    ControlObservation.objects.filter(pk=observation.pk).update(actor=army)
    assert _controller(town) == army.pk
    source = Source.objects.create(text="y", content_hash=content_hash("y"))
    ControlObservation.objects.filter(pk=observation.pk).update(source=source)  # a field the rules ignore
    assert _controller(town) == army.pk


def test_a_snapshot_read_inside_a_rolled_back_write_is_never_served(actors):
    """The cache stamp is random, not counted: the stamp of a rolled-back write never comes back, so
    what was cached under it (a map with the write) stays unreachable."""
    army, rebels = actors
    town, elsewhere = _place("Test Writes Undone"), _place("Test Writes Elsewhere", lon=43.0)
    _observe(town, rebels, "2014-06-21")
    with pytest.raises(RuntimeError), transaction.atomic():
        _observe(town, army, "2017-11-17")
        assert _controller(town) == army.pk  # cached under the stamp of this uncommitted write
        raise RuntimeError("rolled back")
    assert _controller(town) == rebels.pk
    _observe(elsewhere, army, "2015-01-01")  # the next write
    assert _controller(town) == rebels.pk


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_place_at_once_both_count():
    """Two transactions write observations of the same town at the same time (two ingest workers): the
    second rebuild waits for the first to commit, then sees both observations."""
    import threading

    army = Actor.objects.create(name="Test Writes Concurrent Army", kind="state")
    rebels = Actor.objects.create(name="Test Writes Concurrent Rebels", kind="non_state")
    town = _place("Test Writes Concurrent")
    _observe(town, rebels, "2014-06-21")
    first_rebuilt, errors = threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                with control_batch():
                    _observe(town, army, "2017-11-17")
                first_rebuilt.set()
                threading.Event().wait(1.0)  # still uncommitted while the second writer rebuilds
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            first_rebuilt.wait(10)
            with control_batch():
                _observe(town, rebels, "2016-01-01")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert _controller(town, D(2016, 6, 1)) == rebels.pk and _controller(town) == army.pk
    _assert_intervals_follow_the_rules()
