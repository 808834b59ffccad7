"""Shared fixtures. Integration tests run on a real PostGIS test database holding a regional gazetteer:
every country, the admin-1 regions and towns of the wars our tests cover, the world's large cities and
our curated places, loaded through the same services as `load_gazetteer`, with the name index compiled
from those rows (so mention place ids are real database ids)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEST_COUNTRIES = frozenset("IQ SY UA RU SD YE ML AF LY ET MM SO NG JO LB IL PS TR IR BF NE CD GE US PL".split())


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip the test with the reason when the folder is not beside the repo."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared folder beside the repository is absent)")
    return path


def _test_records():
    from events.sources import gazetteer as sources

    yield from sources.iter_countries()
    yield from (r for r in sources.iter_admin1() if r.country_code in TEST_COUNTRIES)
    yield from (r for r in sources.iter_cities() if r.country_code in TEST_COUNTRIES or r.population >= 200_000)
    if sources.CURATED_CSV.exists():
        yield from sources.iter_curated()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the regional gazetteer and the actors once per test session; point the extractor at them."""
    from django.conf import settings

    from events.extraction.actors import ActorDictionary
    from events.services.actors import actors_load
    from events.services.gazetteer import gazetteer_compile, gazetteer_load_records

    index = tmp_path_factory.mktemp("gazetteer") / "gazetteer.idx"
    with django_db_blocker.unblock():
        gazetteer_load_records(records=_test_records(), dataset="test-gazetteer", signature="test")
        actors_load(dictionary=ActorDictionary.load())
        gazetteer_compile(path=index)
    settings.GAZETTEER_INDEX = index
    yield


def pytest_collection_modifyitems(config, items):
    """Tests on the transactional database run last (browser tests, concurrent writers): Django flushes
    that database after each of them, which would empty the session gazetteer under the tests after."""
    items.sort(key=_flushes_the_database)


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (bool(marker and marker.kwargs.get("transaction"))
            or not {"transactional_db", "live_server"}.isdisjoint(getattr(item, "fixturenames", ())))
