"""The control rules and areas of events.control, without a database."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
import shapely

from events.control import areas as control_areas
from events.control import rules
from events.control.rules import Observation

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
    rows = [
        obs(1, "2017-11-17", IQ, claimed=False, confidence=0.5),
        obs(2, "2017-11-17", IS, claimed=True, confidence=0.9),
    ]
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
        obs(4, "2018-03-01", IS, kind="holds", status="contested"),  # IS attacks: IQ keeps it
        obs(5, "2019-05-05", IQ, kind="holds"),
    ]
    control = rules.control_on(rows, D(2018, 12, 31))
    assert control.actor_id == IQ and control.challenger_id == IS
    assert control.since == D(2017, 11, 17)  # the attack neither starts nor breaks IQ's run
    assert control.last_confirmed == D(2018, 3, 1)
    assert control.status == "contested"
    assert control.age_days == (D(2018, 12, 31) - D(2018, 3, 1)).days
    assert rules.control_on(rows, D(2016, 6, 1)).since == D(2014, 6, 10)


def test_since_restarts_after_a_same_day_loss():
    rows = [
        obs(1, "2015-01-01", IQ),
        obs(2, "2016-01-01", IS),
        obs(3, "2016-01-01", IQ, kind="holds"),
        obs(4, "2016-02-01", IS, kind="holds"),
    ]
    # on 2016-01-01 IS's change beats IQ's holds: the run of IS starts on that day
    assert rules.control_on(rows, D(2016, 3, 1)).since == D(2016, 1, 1)


def test_month_precision_counts_from_the_stored_date():
    rows = [obs(1, "2017-11-01", IQ, date_precision="month")]
    assert rules.control_on(rows, D(2017, 10, 31)) is None
    assert rules.control_on(rows, D(2017, 11, 1)).date_precision == "month"


AL, PAT, OTHER = 3, 4, 5  # an ally of the patron PAT, the patron, someone else


def test_precision_supersession_same_actor():
    # "Kidal fell in May 2014" (month) and "Kidal fell on 21 May 2014" (day): one change, from 21 May
    rows = [obs(1, "2012-04-01", IS), obs(2, "2014-05-01", IQ, date_precision="month"),
            obs(3, "2014-05-21", IQ)]
    assert rules.control_on(rows, D(2014, 5, 2)).actor_id == IS
    assert rules.control_on(rows, D(2014, 5, 20)).actor_id == IS
    control = rules.control_on(rows, D(2014, 5, 22))
    assert control.actor_id == IQ and control.date_precision == "day" and control.since == D(2014, 5, 21)
    assert rules.superseded(rows[1], rows) and not rules.superseded(rows[2], rows)


def test_precision_supersession_allied_actor_and_side_rules():
    month = obs(2, "2014-05-01", AL, side_id=PAT, date_precision="month")
    for day_obs in (obs(3, "2014-05-21", PAT),  # the ally's patron
                    obs(3, "2014-05-21", OTHER, side_id=PAT)):  # another ally of the same patron
        rows = [obs(1, "2012-04-01", IS), month, day_obs]
        assert rules.superseded(month, rows)
        assert rules.control_on(rows, D(2014, 5, 10)).actor_id == IS
    patron_month = obs(2, "2014-05-01", PAT, date_precision="month")  # the patron's, then its ally's day
    rows = [obs(1, "2012-04-01", IS), patron_month, obs(3, "2014-05-21", AL, side_id=PAT)]
    assert rules.superseded(patron_month, rows)
    assert rules.control_on(rows, D(2014, 5, 10)).actor_id == IS


def test_precision_supersession_needs_same_camp_a_day_change_and_the_window():
    base = [obs(1, "2012-04-01", IS)]
    month = obs(2, "2014-05-01", IQ, date_precision="month")
    different = base + [month, obs(3, "2014-05-21", OTHER)]  # another camp: kept
    assert not rules.superseded(month, different)
    assert rules.control_on(different, D(2014, 5, 2)).actor_id == IQ
    holds = base + [month, obs(3, "2014-05-21", IQ, kind="holds")]  # a holds statement: kept
    assert not rules.superseded(month, holds)
    coarse = base + [month, obs(3, "2014-05-21", IQ, date_precision="week")]  # not day precision: kept
    assert not rules.superseded(month, coarse)
    # the window is the month extended by 7 days both sides: 24 April .. 7 June
    assert rules.superseded(month, base + [month, obs(3, "2014-04-24", IQ)])
    assert rules.superseded(month, base + [month, obs(3, "2014-06-07", IQ)])
    outside = base + [month, obs(3, "2014-06-08", IQ)]
    assert not rules.superseded(month, outside)
    assert rules.control_on(outside, D(2014, 5, 2)).actor_id == IQ
    assert not rules.superseded(month, base + [month, obs(3, "2014-04-23", IQ)])
    week = obs(2, "2014-05-05", IQ, date_precision="week")  # 5..11 May, window 28 April .. 18 May
    assert rules.superseded(week, [week, obs(3, "2014-05-18", IQ)])
    assert not rules.superseded(week, [week, obs(3, "2014-05-19", IQ)])
    year = obs(2, "2014-01-01", IQ, date_precision="year")  # window 25 Dec 2013 .. 7 Jan 2015
    assert rules.superseded(year, [year, obs(3, "2015-01-07", IQ)])
    assert not rules.superseded(year, [year, obs(3, "2015-01-08", IQ)])


def test_besieged_town_keeps_its_incumbent_with_the_challenger():
    rows = [obs(1, "2014-09-01", IQ), obs(2, "2014-10-01", IS, kind="holds", status="presence"),
            obs(3, "2014-10-05", IS, status="besieged")]
    control = rules.control_on(rows, D(2014, 10, 6))
    # the besieger's own presence around the town is skipped: the incumbent is IQ
    assert (control.actor_id, control.challenger_id, control.status) == (IQ, IS, "besieged")
    assert control.since == D(2014, 9, 1) and control.last_confirmed == D(2014, 10, 5)
    assert control.observation_id == 3
    # the presence of an ally of the besieger does not make it the incumbent either
    allied = [obs(1, "2014-09-01", IQ), obs(2, "2014-10-01", AL, side_id=IS, status="presence"),
              obs(3, "2014-10-05", IS, status="besieged")]
    assert rules.control_on(allied, D(2014, 10, 6)).actor_id == IQ
    # the siege ends when the besieger takes the town
    taken = rows + [obs(4, "2014-11-01", IS)]
    control = rules.control_on(taken, D(2014, 11, 2))
    # (its run starts with its presence: presence and controlled observations make runs)
    assert (control.actor_id, control.challenger_id, control.since) == (IS, None, D(2014, 10, 1))


def test_contested_by_the_camp_that_took_the_place_leaves_it_with_that_camp():
    # "IS overran Mosul" (change) then "fighting as the militants swept in" (contested, actor IS)
    rows = [obs(1, "2014-06-10", IS), obs(2, "2014-06-11", IS, kind="holds", status="contested")]
    control = rules.control_on(rows, D(2014, 6, 11))
    assert (control.actor_id, control.challenger_id, control.since) == (IS, IS, D(2014, 6, 10))
    # ... also when an ally took it
    rows = [obs(1, "2014-06-10", AL, side_id=PAT), obs(2, "2014-06-11", PAT, status="contested")]
    assert rules.control_on(rows, D(2014, 6, 12)).actor_id == AL


def test_contested_without_incumbent_has_no_controller():
    rows = [obs(1, "2016-03-01", IS, status="contested"), obs(2, "2016-03-08", IS, status="contested")]
    control = rules.control_on(rows, D(2016, 3, 10))
    assert control.actor_id is None and control.challenger_id == IS and control.status == "contested"
    assert control.since == D(2016, 3, 1) and control.last_confirmed == D(2016, 3, 8)


def test_timeline_steps():
    rows = [obs(1, "2014-06-10", IS), obs(2, "2017-11-17", IQ)]
    assert [(d, c.actor_id) for d, c in rules.timeline(rows)] == [(D(2014, 6, 10), IS), (D(2017, 11, 17), IQ)]


def _points():
    # three towns along the Euphrates (approximate), two held by IQ, one by IS, one contested
    return [
        control_areas.ControlledPoint(1, 41.92, 34.48, IQ, country_code="IQ"),  # Rawa
        control_areas.ControlledPoint(2, 41.40, 34.38, IQ, country_code="IQ"),  # Anah-ish
        control_areas.ControlledPoint(3, 40.92, 34.45, IS, country_code="SY"),  # Abu Kamal-ish
        control_areas.ControlledPoint(4, 42.30, 34.60, IS, status="contested", country_code="IQ"),
    ]


def test_estimated_areas_are_voronoi_cells_within_the_radius_dissolved_per_controller():
    areas = control_areas.estimate_areas(_points(), {}, radius_km=25)
    by_actor = {a.actor_id: a for a in areas}
    assert set(by_actor) == {IQ, IS}
    iq = by_actor[IQ]
    assert iq.parameters == {"radius_km": 25, "method": "voronoi", "clip": "country land", "places": 2}
    assert iq.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert iq.geometry.contains(shapely.Point(41.92, 34.48))
    assert not iq.geometry.contains(shapely.Point(42.30, 34.60))  # the contested town stays out
    assert not iq.geometry.intersects(by_actor[IS].geometry.buffer(-1e-6))
    # every point of the area lies within ~25 km of one of its places
    lat_deg = 25 / control_areas.KM_PER_DEGREE_LAT
    assert iq.geometry.bounds[3] <= 34.48 + lat_deg + 1e-6


def test_estimated_areas_are_clipped_to_the_country_land():
    land = {"IQ": shapely.box(41.5, 30, 48, 38)}  # a fake Iraq whose border runs at 41.5 E
    areas = {a.actor_id: a for a in control_areas.estimate_areas(_points(), land, radius_km=25)}
    assert areas[IQ].geometry.bounds[0] >= 41.5 - 1e-9
    assert not areas[IQ].geometry.contains(shapely.Point(41.40, 34.38))  # outside the fake land


def test_duplicate_coordinates_and_single_points():
    one = control_areas.estimate_areas([control_areas.ControlledPoint(1, 44.0, 33.0, IQ)], {}, radius_km=10)
    assert len(one) == 1 and abs(one[0].geometry.area - 3.14159 * (10 / 111.32) ** 2 / 0.8387) < 0.002
    twins = [control_areas.ControlledPoint(1, 44.0, 33.0, IQ), control_areas.ControlledPoint(2, 44.0, 33.0, IS)]
    assert len(control_areas.estimate_areas(twins, {}, radius_km=10)) == 1
    assert control_areas.estimate_areas([], {}) == []


def test_rounded_has_at_most_six_decimals():
    geometry = control_areas.rounded(shapely.Point(41.123456789, 34.987654321))
    assert (geometry.x, geometry.y) == (41.123457, 34.987654)


def _reference_areas(points, land, radius_km):
    """The plain definition: every cell clipped to its circle, united per (controller, country), clipped
    to the land, united per controller. Slow; the fast path must give the same polygons."""
    import numpy as np

    lons = np.array([p.lon for p in points])
    lats = np.array([p.lat for p in points])
    clipped = shapely.intersection(control_areas.voronoi_cells(lons, lats), control_areas.circles(lons, lats, radius_km))
    groups = {}
    for point, cell in zip(points, clipped, strict=True):
        if point.status == "controlled" and not cell.is_empty:
            groups.setdefault((point.actor_id, point.country_code), []).append(cell)
    per_actor = {}
    for (actor_id, country), cells in groups.items():
        area = shapely.union_all(cells)
        if country in land:
            area = shapely.intersection(area, land[country])
        per_actor.setdefault(actor_id, []).append(area)
    return {actor_id: shapely.union_all(parts) for actor_id, parts in per_actor.items()}


def test_fast_estimated_areas_equal_the_plain_union_of_clipped_cells():
    import numpy as np

    rng = np.random.default_rng(7)
    points = []
    # a dense cluster (cells inside their circles: coverage union), a sparse spread (clipped cells),
    # a coast with islands and a border between two countries, contested places, a duplicate
    for i in range(600):
        dense = i < 400
        lon = rng.uniform(40.0, 41.5) if dense else rng.uniform(38.0, 46.0)
        lat = rng.uniform(33.0, 34.5) if dense else rng.uniform(31.0, 37.0)
        status = "contested" if i % 11 == 0 else "controlled"
        points.append(control_areas.ControlledPoint(i, lon, lat, 1 + i % 3, status, "IQ" if lon > 41.0 else "SY"))
    points.append(control_areas.ControlledPoint(999, points[5].lon, points[5].lat, 3, "controlled", points[5].country_code))
    coast = shapely.Point(42.0, 34.0).buffer(3.0, quad_segs=64)  # many vertices: several land tiles
    islands = shapely.MultiPolygon([shapely.box(44.5, 35.5, 44.9, 35.9), shapely.box(45.2, 35.2, 45.3, 35.3)])
    land = {"IQ": shapely.union(shapely.intersection(coast, shapely.box(41.0, 0, 50, 50)), islands),
            "SY": shapely.box(30, 30, 41.0, 40)}
    fast = {a.actor_id: a for a in control_areas.estimate_areas(points, {k: control_areas.Land(v, max_vertices=32)
                                                                   for k, v in land.items()}, radius_km=25)}
    plain = _reference_areas(points, land, 25)
    assert set(fast) == set(plain)
    for actor_id, expected in plain.items():
        got = fast[actor_id].geometry
        assert got.is_valid and got.geom_type in ("Polygon", "MultiPolygon")
        assert shapely.symmetric_difference(got, expected).area < 1e-9 * expected.area
    counts = {a: sum(1 for p in points if p.actor_id == a and p.status == "controlled") for a in plain}
    counts[3] -= 1  # the duplicate shares its twin's spot: its cell is empty and it does not count
    assert {a: fast[a].parameters["places"] for a in fast} == counts
    # a plain geometry is accepted as land as well as a prepared Land
    assert [a.geometry.area for a in control_areas.estimate_areas(points, land, radius_km=25)] == pytest.approx(
        [fast[a].geometry.area for a in sorted(fast)])


def test_land_tiles_clip_like_the_whole_polygon():
    import numpy as np

    land = shapely.Point(0, 0).buffer(5.0, quad_segs=100)
    prepared = control_areas.Land(land, max_vertices=20)
    assert len(prepared.tiles) > 4
    pieces = shapely.buffer(shapely.points(np.linspace(-6, 6, 41), np.linspace(-6, 6, 41) * 0.5), 0.4)
    clipped, cut = prepared.clip(pieces)
    expected = shapely.intersection(pieces, land)
    assert (shapely.area(shapely.symmetric_difference(clipped, expected)) < 1e-12).all()
    assert cut.any() and not cut.all()


def test_threaded_and_one_thread_estimates_are_identical(monkeypatch):
    import numpy as np

    rng = np.random.default_rng(11)
    points = [control_areas.ControlledPoint(i, float(lon), float(lat), 1 + i % 4, "controlled", "IQ" if lon > 44 else "SY")
              for i, (lon, lat) in enumerate(zip(rng.uniform(38, 50, 1500), rng.uniform(30, 38, 1500), strict=True))]
    land = {"IQ": control_areas.Land(shapely.Point(46, 34).buffer(4.0, quad_segs=64), max_vertices=32)}
    monkeypatch.setattr(control_areas, "THREADS", False)
    one = control_areas.estimate_areas(points, land, radius_km=25)
    monkeypatch.setattr(control_areas, "THREADS", True)
    monkeypatch.setattr(control_areas, "_SPLIT_MIN", 2)
    threaded = control_areas.estimate_areas(points, land, radius_km=25)
    assert [a.actor_id for a in one] == [a.actor_id for a in threaded] and len(one) == 4
    assert all(shapely.equals_exact(a.geometry, b.geometry, 0) and a.parameters == b.parameters
               for a, b in zip(one, threaded, strict=True))


# --- stored intervals and the faster area steps --------------------------------------------------


def _random_history(rng, count: int) -> list[Observation]:
    """A place's observations as news coding makes them: day and coarse dates, holds and changes,
    claims, allies (AL is PAT's), sieges and contests, same-day ties."""
    rows = []
    for number in range(count):
        precision = rng.choice(["day", "day", "day", "week", "month", "year"])
        day = D(2014, rng.randint(1, 12), rng.randint(1, 28))
        day = day.replace(day=1) if precision == "month" else D(day.year, 1, 1) if precision == "year" else day
        actor = rng.choice([IQ, IS, AL, PAT, OTHER])
        rows.append(Observation(id=number + 1, date=day, actor_id=actor, side_id=PAT if actor == AL else None,
                                kind=rng.choice(["change", "change", "holds"]), date_precision=precision,
                                status=rng.choice(["controlled", "controlled", "contested", "besieged", "presence"]),
                                claimed=rng.random() < 0.2, confidence=rng.choice([0.5, 0.8])))
    return rows


def test_intervals_give_control_on_of_every_day():
    import random

    rng = random.Random(3)
    for _ in range(300):
        rows = _random_history(rng, rng.randint(1, 9))
        spans = rules.intervals(rows)
        assert all(a.valid_to == b.valid_from for a, b in zip(spans, spans[1:], strict=False))  # consecutive
        assert spans[-1].valid_to is None if spans else True
        for offset in range(-10, 380):
            day = D(2014, 1, 1) + datetime.timedelta(days=offset)
            expected = rules.control_on(rows, day)
            holding = [s for s in spans if s.valid_from <= day and (s.valid_to is None or day < s.valid_to)]
            if expected is None:
                assert holding == [], (rows, day)
                continue
            assert len(holding) == 1, (rows, day)
            got = holding[0].control
            assert got == dataclasses.replace(expected, age_days=(holding[0].valid_from - expected.last_confirmed).days)


def test_intervals_leave_out_superseded_dates_and_the_time_before_the_first_observation():
    rows = [obs(1, "2014-05-01", IQ, date_precision="month"), obs(2, "2014-05-21", IQ), obs(3, "2015-02-01", IS)]
    spans = rules.intervals(rows)
    assert [(s.valid_from, s.valid_to, s.control.actor_id) for s in spans] == [
        (D(2014, 5, 21), D(2015, 2, 1), IQ), (D(2015, 2, 1), None, IS)]


def _cells_to_clip(seed: int):
    import numpy as np

    rng = np.random.default_rng(seed)
    lons = np.concatenate([rng.uniform(40.0, 41.0, 300), rng.uniform(35.0, 48.0, 300), [44.0, 44.0, 44.0]])
    lats = np.concatenate([rng.uniform(33.0, 34.0, 300), rng.uniform(30.0, 60.0, 300), [36.0, 36.0, 36.4]])
    cells = control_areas.voronoi_cells(lons, lats)
    cut = ~control_areas._within_inscribed_circle(cells, lons, lats, 25.0)
    return cells[cut], lons[cut], lats[cut]


@pytest.mark.parametrize("seed", [1, 2])
def test_clip_to_circles_is_the_geos_intersection(seed):
    import numpy as np

    cells, lons, lats = _cells_to_clip(seed)
    assert shapely.is_empty(cells).any()  # the duplicate place's empty cell is among them
    got = control_areas.clip_to_circles(cells, lons, lats, 25.0)
    expected = shapely.intersection(cells, control_areas.circles(lons, lats, 25.0))
    assert (shapely.is_empty(got) == shapely.is_empty(expected)).all()
    assert shapely.is_valid(got).all() and set(shapely.get_type_id(got[~shapely.is_empty(got)])) == {3}
    difference = shapely.area(shapely.symmetric_difference(got, expected))
    assert (difference <= 1e-12 * np.maximum(shapely.area(expected), 1e-12)).all()
    # the cell's own vertices inside the circle are kept bit for bit (neighbours share them exactly)
    corners = {(i, tuple(c)) for c, i in zip(*shapely.get_coordinates(cells, return_index=True), strict=True)}
    kept = {(i, tuple(c)) for c, i in zip(*shapely.get_coordinates(got, return_index=True), strict=True)}
    made = {(i, tuple(c)) for c, i in zip(*shapely.get_coordinates(expected, return_index=True), strict=True)}
    assert kept & corners == made & corners and made & corners


def test_clip_to_circles_of_a_lone_place_is_its_circle():
    import numpy as np

    lons, lats = np.array([30.5]), np.array([50.4])
    got = control_areas.clip_to_circles(control_areas.voronoi_cells(lons, lats), lons, lats, 25.0)
    assert shapely.equals_exact(got[0].normalize(), control_areas.circles(lons, lats, 25.0)[0].normalize(), 1e-12)
