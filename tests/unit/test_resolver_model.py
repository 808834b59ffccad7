"""The resolver as an explicit model: named features, a weighted sum read from the weights file, the
feature breakdown an editor sees ("why this place"). On the tiny hand-made gazetteer."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from events.extraction.gazetteer import Gazetteer
from events.extraction.geoparse import geoparse, read_names
from events.extraction.resolve import resolve_groups
from events.extraction.resolver_features import (
    FEATURE_NAMES,
    SOFTMAX_TEMPERATURE,
    WEIGHTS_PATH,
    contributions,
    load_weights,
    score,
)
from events.extraction.resolver_stages import after_scoring, namesake_swap

RAWA = "Iraqi troops entered the town of Rawa in western Anbar."


def _mention(text: str, gazetteer: Gazetteer, name: str, **options) -> dict:
    return next(m for m in geoparse(text, gazetteer, **options) if m["text"] == name)


def _by_country(mention: dict) -> dict[str, dict]:
    return {c["country_code"]: c for c in mention["candidates"]}


def test_the_weights_file_names_every_feature_and_is_what_the_scorer_reads() -> None:
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURE_NAMES)
    assert load_weights() == {name: float(w) for name, w in data["weights"].items()}
    assert score({"country": 1.0, "other_name": 1.0}) == data["weights"]["country"] + data["weights"]["other_name"]


def test_a_weights_file_with_an_unknown_feature_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"weights": {"country": 3.0, "populaton": 0.3}}), encoding="utf-8")
    with pytest.raises(ValueError, match="populaton"):
        load_weights(path)


def test_features_say_why_rawa_is_the_iraqi_town(tiny_gazetteer: Gazetteer) -> None:
    rawa = _mention(RAWA, tiny_gazetteer, "Rawa", with_features=True)
    iraqi, polish = _by_country(rawa)["IQ"], _by_country(rawa)["PL"]
    weights = load_weights()
    # the type word, the region named after it, the country of the text: each a named share of the score
    assert iraqi["features"]["cue_settlement_town"] == weights["cue_settlement_town"]
    assert iraqi["features"]["in_named_region"] == weights["in_named_region"]
    assert "focus_country" in iraqi["features"] and "focus_country" not in polish["features"]
    assert polish["features"]["outside_named_region_country"] == weights["outside_named_region_country"]
    population = iraqi["features"]["town_log_population"]
    assert population == pytest.approx(weights["town_log_population"] * math.log10(13_000 + 10), abs=1e-3)
    assert list(iraqi["features"]) == sorted(iraqi["features"], key=lambda k: -abs(iraqi["features"][k]))


def test_candidate_scores_are_the_softmax_of_the_feature_sums(tiny_gazetteer: Gazetteer) -> None:
    rawa = _mention(RAWA, tiny_gazetteer, "Rawa", with_features=True)
    sums = [sum(c["features"].values()) for c in rawa["candidates"]]
    shares = [math.exp(SOFTMAX_TEMPERATURE * (s - max(sums))) for s in sums]
    assert [c["score"] for c in rawa["candidates"]] == pytest.approx([s / sum(shares) for s in shares], abs=2e-3)


def test_the_breakdown_is_only_there_when_asked(tiny_gazetteer: Gazetteer) -> None:
    plain = geoparse(RAWA, tiny_gazetteer)
    assert all("features" not in c for m in plain for c in m["candidates"])
    explained = geoparse(RAWA, tiny_gazetteer, with_features=True)
    without = [{**m, "candidates": [{k: v for k, v in c.items() if k != "features"} for c in m["candidates"]]}
               for m in explained]
    assert without == plain  # asking for the why changes nothing else


def test_other_weights_change_the_ranking(tiny_gazetteer: Gazetteer) -> None:
    """The weights decide: a resolver that ignores the text's country, the type word and the region
    named after the town, and weighs population alone, ranks the larger Polish Rawa first."""
    assert _mention(RAWA, tiny_gazetteer, "Rawa")["candidates"][0]["country_code"] == "IQ"
    population_only = {name: 0.0 for name in FEATURE_NAMES} | {"town_log_population": 1.0}
    assert _mention(RAWA, tiny_gazetteer, "Rawa", weights=population_only)["candidates"][0]["country_code"] == "PL"
    region_too = population_only | {"in_named_region": 5.0}
    assert _mention(RAWA, tiny_gazetteer, "Rawa", weights=region_too)["candidates"][0]["country_code"] == "IQ"


def test_contributions_leave_out_what_weighs_nothing() -> None:
    assert contributions({"country": 1.0, "other_name": 0.0}, {"country": 3.0, "other_name": -0.3}) == {"country": 3.0}


def _stages(text: str, gazetteer: Gazetteer):
    reading = read_names(text, gazetteer)
    resolve_groups(gazetteer, list(reading.groups.values()), reading.demonyms)
    return reading, after_scoring(gazetteer, reading.groups, reading.demonyms)


def test_the_stages_after_scoring_overrule_the_best_reading(gazetteer: Gazetteer) -> None:
    """Each stage on the kind of text it is for (the default gazetteer)."""
    _, overrules = _stages("Messi scored twice as Barcelona beat Sevilla in Spain.", gazetteer)
    assert overrules.isolated == {"messi"}  # a surname that names a French village
    _, overrules = _stages("Officials in Metcalfe County, near Edmonton, Kentucky, said roads were closed.", gazetteer)
    assert overrules.counties == {"metcalfe"}  # the county the gazetteer lacks, not a far town of that name
    _, overrules = _stages("Iraqi forces entered the town of Shura, south of Mosul, on Monday. Troops in Tal Afar "
                           "and Baghdad held.", gazetteer)
    assert overrules.guesses == {"shura"}  # no French hamlet in a story about Iraq
    reading, _ = _stages("The province of Aden was calm, but fighters left Aden on Friday.", gazetteer)
    region, city = (namesake_swap(gazetteer, reading.groups["aden"], span) for span in reading.kept)
    assert region is not None and region.feature_code == "ADM1"
    assert city is not None and city.feature_code.startswith("PPL")  # the uncued mention is the city
