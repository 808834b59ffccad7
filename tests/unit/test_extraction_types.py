"""The typed extraction boundary (events/extraction/results.py) keeps the Extraction JSON of CONTRACT §4
exactly: what the API answers and `manage.py extract` prints must not change by a byte because the
pipeline now returns dataclasses. Real articles (the seed, the written control sets) through the real
pipeline, compared as serialised text so key order counts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from events.extraction.results import ABSENT, Extraction, Mention, Place
from tests.unit.conftest import shared_file

DATA = Path(__file__).resolve().parents[1] / "data"
WRITTEN_SETS = ["control_dev.jsonl", "control_dev_long.jsonl"]




def _text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _articles(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _assert_round_trip(extraction: Extraction) -> None:
    data = extraction.as_json()
    assert _text(Extraction.from_json(data).as_json()) == _text(data)
    assert Extraction.from_json(json.loads(_text(data))) == extraction  # what a JSON reader gets back is equal


def test_seed_article_round_trips_byte_for_byte(extractor):
    text = shared_file("seed", "arabnews-2017-11-23.txt").read_text(encoding="utf-8")
    extraction = extractor.extract(text, published=dt.date(2017, 11, 23))
    assert extraction.events and extraction.mentions
    _assert_round_trip(extraction)


def test_candidates_feature_breakdown_round_trips(extractor):
    """Ingest asks for each candidate's feature breakdown (the editor's "why this place"): typed, and
    written back where the resolver put it."""
    text = shared_file("seed", "arabnews-2017-11-23.txt").read_text(encoding="utf-8")
    extraction = extractor.extract(text, published=dt.date(2017, 11, 23), with_features=True)
    candidate = extraction.mentions[0].candidates[0]
    assert candidate.features and not candidate.extra
    assert list(candidate.as_json())[-2:] == ["score", "features"]
    _assert_round_trip(extraction)


def test_written_sets_round_trip_byte_for_byte(extractor):
    derived = near = 0
    for article in [a for name in WRITTEN_SETS for a in _articles(name)]:
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        extraction = extractor.extract(article["text"], published=published)
        _assert_round_trip(extraction)
        derived += sum(e.place.container is not None for e in extraction.events)
        near += sum(m.precision is not ABSENT for m in extraction.mentions)
    assert derived and near  # the optional keys (derived places, "near" mentions) were exercised


def test_the_typed_records_are_what_ingest_reads(extractor):
    """Attributes, not dict lookups: dates are dates, the control change names its actors."""
    extraction = extractor.extract("Iraqi forces retook Rawa from Islamic State on Friday.",
                                   published=dt.date(2017, 11, 18))
    (event,) = [e for e in extraction.events if e.control is not None]
    assert event.date == dt.date(2017, 11, 17) and event.date_precision == "day"
    assert event.control is not None and event.control.kind == "change"
    assert event.control.gained_by is not None and event.control.gained_by.name == "Military Forces of Iraq"
    assert event.mention is not None and extraction.mentions[event.mention].text == "Rawa"
    assert event.place.country_code == "IQ" and extraction.as_json()["events"][0]["date"] == "2017-11-17"


def test_keys_this_module_does_not_know_pass_through_in_place():
    """CONTRACT: "extend freely". A producer adding a key (a candidate's feature breakdown) must not
    break ingest nor change the JSON: the key is kept, after the known ones, where it was."""
    place = {"id": 1, "geonames_id": None, "name": "X", "feature_code": "PPL", "country_code": "IQ",
             "admin1": "", "lat": 1.0, "lon": 2.0}
    mention = {"text": "X", "start": 0, "end": 1, "confidence": 0.5, "place": place,
               "candidates": [{**place, "score": 0.5, "features": {"population": 0.1}, "rank": 1}], "kind": "city",
               "precision": None, "note": "new"}
    typed = Mention.from_json(mention)
    assert typed.precision is None and typed.extra == {"note": "new"}
    assert typed.candidates[0].features == {"population": 0.1} and typed.candidates[0].extra == {"rank": 1}
    assert _text(typed.as_json()) == _text(mention)
    without = {k: v for k, v in mention.items() if k not in ("precision", "note")}
    assert Mention.from_json(without).precision is ABSENT and _text(Mention.from_json(without).as_json()) == _text(without)
    assert Place.from_json(place).container is None and "approximate" not in Place.from_json(place).as_json()
