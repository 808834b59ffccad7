"""The geoparser's word lists say what they hold: demonyms are nationality and community adjectives,
compass words are stop names (never a place when written alone)."""

from __future__ import annotations

from events.extraction.geoparse import geoparse
from events.extraction.toponyms import demonyms, stop_names

COMPASS = {"northern", "southern", "eastern", "western", "central"}


def test_demonyms_hold_no_compass_words_and_stop_names_hold_them_all():
    assert not COMPASS & demonyms()
    assert stop_names() >= COMPASS
    assert {"iraqi", "syrian", "ukrainian", "western"} & demonyms() == {"iraqi", "syrian", "ukrainian"}


def test_western_alone_is_no_place(gazetteer):
    mentions = geoparse("Western diplomats met Iraqi officials in Baghdad on Friday.", gazetteer)
    assert [m["text"] for m in mentions if m.get("place")] == ["Baghdad"]
