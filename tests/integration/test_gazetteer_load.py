"""Gazetteer loading: idempotent upserts, alias records merged into their GeoNames place, one index."""

from __future__ import annotations

import pytest

from events.models import Place, PlaceName
from events.services.gazetteer import gazetteer_compile, gazetteer_load_records
from events.sources.gazetteer import PlaceRecord

pytestmark = pytest.mark.django_db


def _town(**changes) -> PlaceRecord:
    fields = dict(key="gn:990001", geonames_id=990001, name="Testabad", ascii_name="Testabad", feature_class="P",
                  feature_code="PPL", country_code="IQ", admin1_code="01", admin1_name="Anbar", population=5000,
                  lat=34.1, lon=42.1, names=[("Testabad", ""), ("Tast Abad", "")])
    fields.update(changes)
    return PlaceRecord(**fields)


def _alias() -> PlaceRecord:
    return _town(key="cur:testabad", origin="curated", names=[("Testabad", "en"), ("Tesht Abad", "")], population=0)


def test_reloading_updates_in_place_without_duplicates():
    gazetteer_load_records(records=[_town()], dataset="t1", signature="1")
    gazetteer_load_records(records=[_town(population=7000)], dataset="t1", signature="2")
    place = Place.objects.get(key="gn:990001")
    assert place.population == 7000
    assert sorted(place.names.values_list("name", flat=True)) == ["Tast Abad", "Testabad"]


def test_curated_alias_adds_names_to_the_geonames_place_and_survives_its_reload(tmp_path):
    gazetteer_load_records(records=[_town()], dataset="t2", signature="1")
    gazetteer_load_records(records=[_alias()], dataset="t3", signature="1")
    assert not Place.objects.filter(key="cur:testabad").exists()
    place = Place.objects.get(key="gn:990001")
    assert "Tesht Abad" in place.names.values_list("name", flat=True)
    gazetteer_load_records(records=[_town(population=8000)], dataset="t2", signature="2")
    assert PlaceName.objects.filter(place=place, name="Tesht Abad", source="cur:testabad").exists()
    index = gazetteer_compile(path=tmp_path / "index")
    assert [p.id for p in index.lookup("Tesht Abad")] == [place.pk]


def test_curated_row_whose_geonames_place_is_absent_becomes_a_place():
    gazetteer_load_records(records=[_alias()], dataset="t4", signature="1")
    assert Place.objects.get(key="cur:testabad").geonames_id == 990001
