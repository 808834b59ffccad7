"""The compiled name index: build, save, load, lookup."""

from __future__ import annotations

from pathlib import Path

from events.extraction.gazetteer import Gazetteer, indexable_name


def test_lookup_finds_spelling_variants(tiny_gazetteer: Gazetteer) -> None:
    assert [p.geonames_id for p in tiny_gazetteer.lookup("Qaim")] == [92138]
    assert tiny_gazetteer.lookup("al-Qa'im")[0].name == "Al Qā’im"
    assert tiny_gazetteer.lookup("Deir el-Zour")[0].country_code == "SY"
    assert tiny_gazetteer.lookup("Nowhere at all") == []


def test_lookup_ranks_exact_spelling_then_population(tiny_gazetteer: Gazetteer) -> None:
    jordans = tiny_gazetteer.lookup("Jordan")
    assert [p.country_code for p in jordans] == ["JO", "US"]
    assert {p.country_code for p in tiny_gazetteer.lookup("Rawa")} == {"PL", "IQ"}


def test_as_json_has_the_contract_fields(tiny_gazetteer: Gazetteer) -> None:
    data = tiny_gazetteer.lookup("Baghdad")[0].as_json()
    assert set(data) == {"id", "geonames_id", "name", "feature_code", "country_code", "admin1", "lat", "lon"}
    assert data["geonames_id"] == 98182 and data["feature_code"] == "PPLC"


def test_save_and_load_round_trip(tiny_gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "g.idx"
    tiny_gazetteer.save(path)
    loaded = Gazetteer.load(path)
    assert len(loaded) == len(tiny_gazetteer)
    assert loaded.lookup("Anbar") == tiny_gazetteer.lookup("Anbar")


def test_noise_names_are_not_indexed() -> None:
    assert not indexable_name("BGW", "Baghdad")  # airport code
    assert not indexable_name("alyrmwk", "al-Yarmūk")  # lower-case romanisation
    assert not indexable_name("راوة", "Rāwah")  # other script
    assert indexable_name("US", "United States", country=True)
    assert indexable_name("Rawa", "Rāwah")


def test_default_gazetteer_holds_every_city_and_alternate_name(gazetteer: Gazetteer) -> None:
    """The compiled default index (its load time is measured by bench/extract.py, not here)."""
    assert len(gazetteer) > 200_000
    assert gazetteer.lookup("Kiev")[0].name == "Kyiv"
