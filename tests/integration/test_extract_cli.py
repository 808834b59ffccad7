"""manage.py extract as users and benchmarks call it (CONTRACT §2 and §4)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import Source
from tests.conftest import shared_path

pytestmark = pytest.mark.django_db


def _extract(*args) -> str:
    out = StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


def test_seed_article_extraction_follows_the_contract():
    seed = shared_path("seed", "arabnews-2017-11-23.txt")
    text = seed.read_text(encoding="utf-8")
    result = json.loads(_extract("--published", "2017-11-23", str(seed)))
    assert result["published"] == "2017-11-23"
    for mention in result["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
        if mention["place"]:
            assert {"id", "geonames_id", "name", "feature_code", "country_code", "admin1", "lat", "lon"} <= set(
                mention["place"])
            assert mention["candidates"] and "score" in mention["candidates"][0]
    resolved = {m["text"]: m["place"] for m in result["mentions"] if m["place"]}
    assert resolved["Rawa"]["geonames_id"] == 92004
    assert resolved["Anbar"]["feature_code"] == "ADM1" and resolved["Anbar"]["country_code"] == "IQ"
    assert resolved["Qaim"]["country_code"] == "IQ"
    assert Source.objects.count() == 0  # extract writes nothing


def test_html_input_is_reduced_to_its_article_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><script>var x = 'Paris';</script></head><body><nav>Home</nav><article>"
                    "<p>Russian forces captured Avdiivka in Donetsk oblast on Saturday.</p></article></body></html>")
    result = json.loads(_extract("--published", "2024-02-18", str(page)))
    assert "Avdiivka" in {m["text"] for m in result["mentions"]}
    assert "Paris" not in {m["text"] for m in result["mentions"]}


def test_jsonl_lines_that_fail_are_reported_and_the_run_goes_on(tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text("\n".join([
        json.dumps({"id": "ok", "text": "Fighting in Mosul on Friday.", "published": "2017-07-07"}),
        "{broken",
        json.dumps({"id": "bad-date", "text": "Mosul", "published": "2017-02-30"}),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "arabic", "text": "اشتباكات في الموصل يوم الجمعة"}),
    ]) + "\n")
    out = tmp_path / "out.jsonl"
    _extract("--jsonl", str(lines), "--out", str(out))
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in results] == ["ok", f"{lines}:2", "bad-date", "empty", "arabic"]
    assert "mentions" in results[0] and "error" in results[1] and "error" in results[2] and "error" in results[3]
    assert "mentions" in results[4]


def test_jsonl_record_with_unicode_line_separator_stays_one_record(tmp_path):
    lines = tmp_path / "in.jsonl"
    text = "Fighting in Mosul.\u2028Shelling hit Kharkiv on Friday.\x85End."
    lines.write_text(json.dumps({"id": "u", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    _extract("--jsonl", str(lines), "--out", str(out))
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert [r["id"] for r in results] == ["u"]
    assert {"Mosul", "Kharkiv"} <= {m["text"] for m in results[0]["mentions"]}


def test_bad_published_date_is_a_clear_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Mosul")
    with pytest.raises(CommandError, match="invalid date"):
        _extract("--published", "23/11/2017", str(article))
