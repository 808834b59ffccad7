"""Hostile and malformed input: every bad item is refused with a clear error and nothing good is lost."""

from __future__ import annotations

import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from events.models import Source

from .factories import event_at, place_named

pytestmark = pytest.mark.django_db

CAPTURE = "Iraqi forces recaptured the town of Rawa in western Anbar from Islamic State on Friday, the army said."


def _ingest(*paths: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *paths, "--published", "2017-11-23", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_mixed_folder_ingests_every_good_file_and_reports_each_bad_one(tmp_path):
    (tmp_path / "utf16.txt").write_bytes(CAPTURE.encode("utf-16"))  # with a byte-order mark
    (tmp_path / "nul.txt").write_bytes(("Fighting went on near Qaim on Sunday.\x00 " + CAPTURE).encode())
    (tmp_path / "cp1252.txt").write_bytes(("Rebels seized Sibut on Friday \u2014 a caf\u00e9 owner said. " * 3).encode("cp1252"))
    (tmp_path / "random.txt").write_bytes(os.urandom(4000))
    (tmp_path / "links.jsonl").write_text(
        json.dumps({"id": "js", "text": "Rebels seized the town of Sibut on Saturday.", "url": "javascript:alert(1)"})
        + "\n" + json.dumps({"id": "bad-date", "text": "Fighting in Mosul.", "published": 20170101}) + "\n",
        encoding="utf-8")
    out, err = _ingest(str(tmp_path))
    assert out.strip() == out.strip().splitlines()[-1]
    assert "ingested 3 sources (3 new)" in out and "3 errors" in out
    assert "random.txt: not text" in err and "js: url must be an absolute http or https link" in err
    assert "bad-date: invalid date" in err
    texts = list(Source.objects.values_list("text", flat=True))
    assert CAPTURE in texts  # UTF-16 decoded
    assert "Fighting went on near Qaim on Sunday. " + CAPTURE in texts  # the NUL stripped
    assert any("\u2014 a caf\u00e9" in t for t in texts)
    assert not any("\x00" in t for t in texts)


def test_extract_reads_utf16_and_refuses_binary(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes(CAPTURE.encode("utf-16"))
    out = StringIO()
    call_command("extract", str(article), "--published", "2017-11-23", stdout=out)
    assert any(m["text"] == "Rawa" for m in json.loads(out.getvalue())["mentions"])
    binary = tmp_path / "b.txt"
    binary.write_bytes(os.urandom(3000))
    with pytest.raises(Exception, match="not text"):
        call_command("extract", str(binary), stdout=StringIO())


@pytest.mark.parametrize("url", [
    "/api/places?q=Mosul&limit=%C2%B2",
    "/api/places?q=Mosul&country=%C3%A9%C3%A9",
    "/api/events.geojson?actor=a%00b",
    "/api/events.geojson?event_type=%00",
    "/api/tiles/events/0/0/0.pbf?start=2020-01-02&end=2020-01-01",
    "/api/control.geojson?date=2020-13-01",
    "/api/no-such-endpoint",
])
def test_bad_requests_under_api_get_a_json_error(url):
    response = Client().get(url)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["error"]


def test_wrong_method_and_missing_csrf_are_json_errors():
    assert json.loads(Client().post("/api/events.geojson").content)["error"] == "method not allowed"
    response = Client(enforce_csrf_checks=True).post("/api/extract", {"text": "x"})
    assert response.status_code == 403
    assert "CSRF" in json.loads(response.content)["error"]


def test_extract_refuses_a_published_date_that_is_not_a_string(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="x-long-password-1"))
    for value in (20170101, [1], {"a": 1}):
        response = client.post("/api/extract", {"text": CAPTURE, "published": value}, content_type="application/json")
        assert response.status_code == 400, value


def test_a_stored_javascript_url_never_becomes_a_link(client):
    event = event_at(place_named("Rāwah", "IQ"))
    Source.objects.filter(pk=event.sources.get().pk).update(url="javascript:alert(document.cookie)")
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'href="javascript:' not in page


def test_unknown_pages_get_the_site_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
