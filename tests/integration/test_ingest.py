"""Ingest end to end on PostGIS: article -> rows -> GeoJSON; idempotence; bad input loses nothing."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import Event, Mention, Source
from events.selectors.extractor import get_extractor
from events.services.ingest import IngestError, source_ingest

pytestmark = pytest.mark.django_db

DISPATCH = ("Iraqi forces recaptured the town of Rawa in western Anbar from Islamic State on Friday, "
            "the army said. Fighting continued near Qaim on the Syrian border.")


def _ingest(text: str = DISPATCH, published: datetime.date = datetime.date(2017, 11, 23)):
    return source_ingest(text=text, extractor=get_extractor(), published=published, title="test dispatch")


def test_ingest_stores_source_mentions_and_events_with_real_places():
    result = _ingest()
    assert result.created
    names = [m.text for m in Mention.objects.filter(source=result.source)]
    assert "Rawa" in names and "Anbar" in names
    rawa = Mention.objects.get(source=result.source, text="Rawa")
    assert rawa.place.country_code == "IQ"
    assert DISPATCH[rawa.start:rawa.end] == "Rawa"
    event = Event.objects.get(sources=result.source, place=rawa.place)
    assert event.date == datetime.date(2017, 11, 17)
    assert event.evidence[0]["text"].startswith("Iraqi forces recaptured")


def test_same_text_twice_is_one_source():
    first = _ingest()
    second = _ingest(text=DISPATCH + "\n")
    assert not second.created and second.source.pk == first.source.pk
    assert Source.objects.filter(content_hash=first.source.content_hash).count() == 1
    assert Event.objects.filter(sources=first.source).count() == first.events


def test_empty_text_is_refused_and_writes_nothing():
    before = Source.objects.count()
    with pytest.raises(IngestError):
        _ingest(text="   \n ")
    assert Source.objects.count() == before


def test_ingest_command_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(DISPATCH)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "broken.html").write_text("<html><body><p>Unclosed <b>Russian forces captured Avdiivka in Donetsk oblast")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "a", "text": "Ukrainian forces entered Kherson on Friday.", "published": "2022-11-12"})
        + "\nnot json\n" + json.dumps({"id": "c", "text": "Kabul", "published": "2021-02-30"}) + "\n"
    )
    out = StringIO()
    call_command("ingest", str(tmp_path), "--published", "2024-02-18", "--quiet", stdout=out)
    summary = out.getvalue().strip()
    assert summary.startswith("ingested 3 sources (3 new)")
    assert summary.endswith("3 errors")
    assert Source.objects.filter(text__contains="Avdiivka").exists()
    assert not Source.objects.filter(text="Kabul").exists()


def test_ingest_rejects_invalid_published_date():
    with pytest.raises(CommandError, match="invalid date"):
        call_command("ingest", "nowhere.txt", "--published", "2017-13-45")


def test_ingested_events_appear_in_geojson(client):
    result = _ingest()
    response = client.get("/api/events.geojson", {"start": "2017-11-01", "end": "2017-11-30", "country": "IQ"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(b"".join(response.streaming_content))
    ids = {feature["id"] for feature in collection["features"]}
    assert set(Event.objects.filter(sources=result.source).values_list("pk", flat=True)) <= ids
    feature = next(f for f in collection["features"] if f["properties"]["place"] == "Rāwah")
    assert feature["properties"]["sources"][0]["title"] == "test dispatch"
    assert feature["properties"]["date"] == "2017-11-17"
