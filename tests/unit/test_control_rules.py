"""The control rules of events.control, without a database."""

from __future__ import annotations

import datetime

import shapely

from events import control as rules
from events.control import Observation

D = datetime.date
IQ, IS = 1, 2  # two actor ids


def obs(id: int, day: str, actor: int, **kw) -> Observation:
    return Observation(id=id, date=D.fromisoformat(day), actor_id=actor, **kw)


def test_nothing_before_first_observation():
    assert rules.control_on([obs(1, "2017-11-17", IQ)], D(2017, 11, 16)) is None


def test_latest_on_or_before_wins():
    rows = [obs(1, "2014-06-10", IS), obs(2, "2017-11-17", IQ)]
    assert rules.control_on(rows, D(2017, 11, 16)).actor_id == IS
    assert rules.control_on(rows, D(2017, 11, 17)).actor_id == IQ
    assert rules.control_on(rows, D(2020, 1, 1)).actor_id == IQ


def test_change_beats_holds_on_the_same_day():
    rows = [obs(5, "2017-11-17", IQ, kind="change"), obs(9, "2017-11-17", IS, kind="holds")]
    assert rules.control_on(rows, D(2017, 11, 17)).actor_id == IQ


def test_confirmed_beats_claimed_on_the_same_day():
    rows = [obs(1, "2017-11-17", IQ, claimed=False, confidence=0.5),
            obs(2, "2017-11-17", IS, claimed=True, confidence=0.9)]
    control = rules.control_on(rows, D(2017, 11, 17))
    assert control.actor_id == IQ and not control.claimed


def test_higher_confidence_then_later_id():
    rows = [obs(1, "2017-11-17", IQ, confidence=0.9), obs(2, "2017-11-17", IS, confidence=0.6)]
    assert rules.control_on(rows, D(2017, 11, 17)).actor_id == IQ
    rows = [obs(1, "2017-11-17", IQ, confidence=0.6), obs(2, "2017-11-17", IS, confidence=0.6)]
    assert rules.control_on(rows, D(2017, 11, 17)).actor_id == IS


def test_a_later_claimed_change_is_shown_but_flagged():
    rows = [obs(1, "2017-11-01", IQ), obs(2, "2017-11-20", IS, claimed=True)]
    control = rules.control_on(rows, D(2017, 11, 21))
    assert control.actor_id == IS and control.claimed


def test_since_is_start_of_the_current_run_and_last_confirmed_the_latest():
    rows = [
        obs(1, "2014-06-10", IS),
        obs(2, "2016-01-01", IS, kind="holds"),
        obs(3, "2017-11-17", IQ),
        obs(4, "2018-03-01", IQ, kind="holds", status="contested"),
        obs(5, "2019-05-05", IQ, kind="holds"),
    ]
    control = rules.control_on(rows, D(2018, 12, 31))
    assert control.actor_id == IQ
    assert control.since == D(2017, 11, 17)
    assert control.last_confirmed == D(2018, 3, 1)
    assert control.status == "contested"
    assert control.age_days == (D(2018, 12, 31) - D(2018, 3, 1)).days
    assert rules.control_on(rows, D(2016, 6, 1)).since == D(2014, 6, 10)


def test_since_restarts_after_a_same_day_loss():
    rows = [obs(1, "2015-01-01", IQ), obs(2, "2016-01-01", IS), obs(3, "2016-01-01", IQ, kind="holds"),
            obs(4, "2016-02-01", IS, kind="holds")]
    # on 2016-01-01 IS's change beats IQ's holds: the run of IS starts on that day
    assert rules.control_on(rows, D(2016, 3, 1)).since == D(2016, 1, 1)


def test_month_precision_counts_from_the_stored_date():
    rows = [obs(1, "2017-11-01", IQ, date_precision="month")]
    assert rules.control_on(rows, D(2017, 10, 31)) is None
    assert rules.control_on(rows, D(2017, 11, 1)).date_precision == "month"


def test_timeline_steps():
    rows = [obs(1, "2014-06-10", IS), obs(2, "2017-11-17", IQ)]
    assert [(d, c.actor_id) for d, c in rules.timeline(rows)] == [(D(2014, 6, 10), IS), (D(2017, 11, 17), IQ)]


def _points():
    # three towns along the Euphrates (approximate), two held by IQ, one by IS, one contested
    return [
        rules.ControlledPoint(1, 41.92, 34.48, IQ, country_code="IQ"),  # Rawa
        rules.ControlledPoint(2, 41.40, 34.38, IQ, country_code="IQ"),  # Anah-ish
        rules.ControlledPoint(3, 40.92, 34.45, IS, country_code="SY"),  # Abu Kamal-ish
        rules.ControlledPoint(4, 42.30, 34.60, IS, status="contested", country_code="IQ"),
    ]


def test_estimated_areas_are_voronoi_cells_within_the_radius_dissolved_per_controller():
    areas = rules.estimate_areas(_points(), {}, radius_km=25)
    by_actor = {a.actor_id: a for a in areas}
    assert set(by_actor) == {IQ, IS}
    iq = by_actor[IQ]
    assert iq.parameters == {"radius_km": 25, "method": "voronoi", "clip": "country land", "places": 2}
    assert iq.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert iq.geometry.contains(shapely.Point(41.92, 34.48))
    assert not iq.geometry.contains(shapely.Point(42.30, 34.60))  # the contested town stays out
    assert not iq.geometry.intersects(by_actor[IS].geometry.buffer(-1e-6))
    # every point of the area lies within ~25 km of one of its places
    lat_deg = 25 / rules.KM_PER_DEGREE_LAT
    assert iq.geometry.bounds[3] <= 34.48 + lat_deg + 1e-6


def test_estimated_areas_are_clipped_to_the_country_land():
    land = {"IQ": shapely.box(41.5, 30, 48, 38)}  # a fake Iraq whose border runs at 41.5 E
    areas = {a.actor_id: a for a in rules.estimate_areas(_points(), land, radius_km=25)}
    assert areas[IQ].geometry.bounds[0] >= 41.5 - 1e-9
    assert not areas[IQ].geometry.contains(shapely.Point(41.40, 34.38))  # outside the fake land


def test_duplicate_coordinates_and_single_points():
    one = rules.estimate_areas([rules.ControlledPoint(1, 44.0, 33.0, IQ)], {}, radius_km=10)
    assert len(one) == 1 and abs(one[0].geometry.area - 3.14159 * (10 / 111.32) ** 2 / 0.8387) < 0.002
    twins = [rules.ControlledPoint(1, 44.0, 33.0, IQ), rules.ControlledPoint(2, 44.0, 33.0, IS)]
    assert len(rules.estimate_areas(twins, {}, radius_km=10)) == 1
    assert rules.estimate_areas([], {}) == []


def test_rounded_has_at_most_six_decimals():
    geometry = rules.rounded(shapely.Point(41.123456789, 34.987654321))
    assert (geometry.x, geometry.y) == (41.123457, 34.987654)
