"""The editor's candidate picker explains itself: an ingested article's mentions keep, for each
candidate place, the features that made its score (the "why this place" of the source page), and the
editor API serves them as stored. The Extraction JSON printed by `manage.py extract` stays CONTRACT §4's."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Mention
from events.selectors.extractor import get_extractor
from events.services.ingest import source_ingest

pytestmark = pytest.mark.django_db

DISPATCH = ("Iraqi forces recaptured the town of Rawa in western Anbar from Islamic State on Friday, "
            "the army said.")


def test_stored_candidates_carry_their_features(admin_client):
    result = source_ingest(text=DISPATCH, extractor=get_extractor(), published=datetime.date(2017, 11, 23),
                           title="why this place")
    rawa = Mention.objects.get(source=result.source, text="Rawa")
    best = rawa.candidates[0]
    assert best["id"] == rawa.place_id and best["features"]["cue_settlement_town"] > 0  # "the town of Rawa"
    served = admin_client.get(f"/api/sources/{result.source.pk}").json()
    mention = next(m for m in served["mentions"] if m["text"] == "Rawa")
    assert mention["candidates"][0]["features"] == best["features"]


def test_the_extract_command_prints_no_features(tmp_path):
    path = tmp_path / "dispatch.txt"
    path.write_text(DISPATCH, encoding="utf-8")
    out = StringIO()
    call_command("extract", str(path), "--published", "2017-11-23", stdout=out)
    mentions = json.loads(out.getvalue())["mentions"]
    assert mentions and all("features" not in c for m in mentions for c in m["candidates"])
