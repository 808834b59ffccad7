"""Territorial control rules and area estimation, in plain Python (no Django), so they can be read,
tested and reused without a database.

The rules (DESIGN.md, "Territorial control on a date")
------------------------------------------------------
* Nothing is stored per day: the control of a place on day D is derived from its observations.
* The control on D is the latest observation dated on or before D. Dates are used as stored: a
  month-precision observation stored as 2017-11-01 counts from 2017-11-01 (the extractor stores the
  first day of the period it knows), and its `date_precision` travels with the result so a map can
  say "some time in November".
* Ties on the same date are broken, in this order, by:
  1. kind: a `change` beats a `holds` statement (a report that a town fell outranks a same-day
     report that someone holds it, which was usually written before the news),
  2. confirmed (assessed) beats claimed,
  3. higher confidence,
  4. the later observation id (the newer row: a later correction of the same day wins).
* A claimed change still wins when it is the latest: it is what we know. The result carries
  `claimed=True` so the map can mark it.
* `since` is the date the current controller's continuous run began: the first observation of that
  controller after the last observation (in the order above) of a different controller. A change of
  status by the same actor (controlled -> besieged) does not restart the run.
* `last_confirmed` is the date of the latest observation of the controller on or before D. By the
  rule above that is the winning observation's date; `age_days` = D - last_confirmed is what lets
  stale control fade on the map.

The same order is implemented in SQL by the snapshot selector (events.selectors.control); the two
must change together, and the tests compare them.

Area estimation
---------------
Estimated control areas are a visual aid, never data: Voronoi cells of the places whose control is
known on D, each cell clipped to a circle of `radius_km` around its place and to the land polygon of
the place's country, then dissolved per controller. Only places with status `controlled` give their
cell to their controller; contested, besieged and presence places keep their cell out of every area
(so a contested town punches a hole rather than being painted over by its neighbours). Every feature
records how it was made in `parameters`.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

CHANGE = "change"
HOLDS = "holds"
CONTROLLED = "controlled"

KM_PER_DEGREE_LAT = 111.32
DEFAULT_RADIUS_KM = 25.0
CIRCLE_VERTICES = 24


@dataclass(frozen=True, slots=True)
class Observation:
    """One control observation as the rules need it (a plain row, whatever store it came from)."""

    id: int
    date: datetime.date
    actor_id: int
    kind: str = CHANGE
    status: str = CONTROLLED
    claimed: bool = False
    confidence: float = 0.0
    date_precision: str = "day"
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class Control:
    """Who controls a place on a date, and how well we know it."""

    actor_id: int
    status: str
    since: datetime.date
    last_confirmed: datetime.date
    claimed: bool
    kind: str
    date_precision: str
    observation_id: int
    event_id: int | None
    age_days: int


def precedence(observation: Observation) -> tuple:
    """Sort key of the rules: ascending, so the last observation on or before D is the winner.

    Mirrors the SQL ORDER BY date, (kind = 'change'), NOT claimed, confidence, id.
    """
    return (
        observation.date,
        observation.kind == CHANGE,
        not observation.claimed,
        observation.confidence,
        observation.id,
    )


def control_on(observations: Iterable[Observation], on: datetime.date) -> Control | None:
    """The control of one place on day `on` from all its observations; None when none is dated <= on."""
    ordered = sorted((o for o in observations if o.date <= on), key=precedence)
    if not ordered:
        return None
    winner = ordered[-1]
    return Control(
        actor_id=winner.actor_id,
        status=winner.status,
        since=run_start(ordered),
        last_confirmed=winner.date,
        claimed=winner.claimed,
        kind=winner.kind,
        date_precision=winner.date_precision,
        observation_id=winner.id,
        event_id=winner.event_id,
        age_days=(on - winner.date).days,
    )


def run_start(ordered: Sequence[Observation]) -> datetime.date:
    """Date of the first observation of the last run of the final actor in an ordered sequence."""
    actor = ordered[-1].actor_id
    start = len(ordered) - 1
    while start > 0 and ordered[start - 1].actor_id == actor:
        start -= 1
    return ordered[start].date


def timeline(observations: Iterable[Observation]) -> list[tuple[datetime.date, Control]]:
    """The control after each distinct observation date: the steps of the place's history."""
    rows = list(observations)
    dates = sorted({o.date for o in rows})
    return [(day, control) for day in dates if (control := control_on(rows, day)) is not None]


# --- area estimation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ControlledPoint:
    """A place whose control is known on the date: where it is, who holds it, in which country."""

    place_id: int
    lon: float
    lat: float
    actor_id: int
    status: str = CONTROLLED
    country_code: str = ""


@dataclass(frozen=True, slots=True)
class EstimatedArea:
    """One controller's dissolved estimated area, with how it was made."""

    actor_id: int
    geometry: BaseGeometry
    parameters: dict


def circles(lons: np.ndarray, lats: np.ndarray, radius_km: float, vertices: int = CIRCLE_VERTICES) -> np.ndarray:
    """Polygons approximating a circle of radius_km around each point, in lon/lat degrees.

    The east-west radius is scaled by 1/cos(latitude) (a local equirectangular projection), which is
    within a fraction of a percent of the geodesic circle at 25 km, and vectorised: 10k circles in ms.
    """
    theta = np.linspace(0.0, 2.0 * math.pi, vertices, endpoint=False)
    r_lat = radius_km / KM_PER_DEGREE_LAT
    r_lon = r_lat / np.maximum(np.cos(np.radians(lats)), 0.01)
    xs = lons[:, None] + r_lon[:, None] * np.cos(theta)[None, :]
    ys = lats[:, None] + r_lat * np.sin(theta)[None, :]
    rings = np.stack([xs, ys], axis=-1)
    rings = np.concatenate([rings, rings[:, :1, :]], axis=1)
    return shapely.polygons(rings)


def voronoi_cells(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """One Voronoi cell per input point (same order), computed with longitudes scaled by the cosine of
    the mean latitude so that the bisectors are close to equidistant in kilometres.

    Points sharing coordinates share one cell: the first of them gets it, the others get an empty
    polygon (two controllers cannot both be painted on the same spot).
    """
    count = len(lons)
    empty = shapely.from_wkt("POLYGON EMPTY")
    cells = np.full(count, empty, dtype=object)
    if count == 0:
        return cells
    scale = max(math.cos(math.radians(float(np.mean(lats)))), 0.01)
    xy = np.column_stack([lons * scale, lats])
    unique, first_index = np.unique(xy, axis=0, return_index=True)
    if len(unique) == 1:  # a single site: its cell is everything, the circle clip bounds it
        cells[first_index[0]] = shapely.box(-1e3, -1e3, 1e3, 1e3)
        return cells
    pad = 10.0
    extent = shapely.box(unique[:, 0].min() - pad, unique[:, 1].min() - pad,
                         unique[:, 0].max() + pad, unique[:, 1].max() + pad)
    diagram = shapely.voronoi_polygons(shapely.multipoints(unique), extend_to=extent, ordered=True)
    scaled = np.asarray(shapely.get_parts(diagram))
    unscaled = shapely.transform(scaled, lambda c: c / np.array([scale, 1.0]))
    cells[first_index] = unscaled
    return cells


def estimate_areas(
    points: Sequence[ControlledPoint],
    land: Mapping[str, BaseGeometry],
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> list[EstimatedArea]:
    """Estimated control areas, one per controller: Voronoi cells of all points, clipped to a circle
    of radius_km around each point and to its country's land polygon (when `land` has it), dissolved
    per controller. Only `controlled` points give their cell away (see the module docstring).

    Clipping to the country happens once per (controller, country) after the union, not per cell,
    because intersecting ten thousand cells with a detailed border is what would make this slow.
    """
    if not points:
        return []
    lons = np.array([p.lon for p in points], dtype=float)
    lats = np.array([p.lat for p in points], dtype=float)
    clipped = shapely.intersection(voronoi_cells(lons, lats), circles(lons, lats, radius_km))
    groups: dict[tuple[int, str], list[BaseGeometry]] = defaultdict(list)
    for point, cell in zip(points, clipped, strict=True):
        if point.status == CONTROLLED and not cell.is_empty:
            groups[(point.actor_id, point.country_code)].append(cell)
    per_actor: dict[int, list[BaseGeometry]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for (actor_id, country), cells in groups.items():
        area = shapely.union_all(cells)
        if country in land and land[country] is not None:
            area = shapely.intersection(area, land[country])
        if not area.is_empty:
            per_actor[actor_id].append(area)
        counts[actor_id] += len(cells)
    areas = []
    for actor_id, parts in per_actor.items():
        geometry = _polygonal(shapely.union_all(parts))
        if geometry.is_empty:
            continue
        parameters = {"radius_km": radius_km, "method": "voronoi", "clip": "country land",
                      "places": counts[actor_id]}
        areas.append(EstimatedArea(actor_id=actor_id, geometry=geometry, parameters=parameters))
    return sorted(areas, key=lambda a: a.actor_id)


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts (clipping can leave slivers of lines or points on borders)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.from_wkt("POLYGON EMPTY")


def rounded(geometry: BaseGeometry, decimals: int = 6) -> BaseGeometry:
    """The geometry with coordinates rounded (RFC 7946 output: at most 6 decimals, ~0.1 m)."""
    return shapely.transform(geometry, lambda c: np.round(c, decimals))
