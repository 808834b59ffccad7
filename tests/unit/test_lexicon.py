"""The lexicon as data: every entry's example sentence gets the coding its entry promises, through the
real extractor (geoparser on the default gazetteer, then the coder); the trigger regexes and the
scan's stems come from the same phrases; the drifts the two hand-kept copies had are gone."""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.coding.triggers import CONTROL_TRIGGERS, EVENT_TRIGGERS, scan_triggers
from events.extraction.lexicon import Entry, lexicon, phrase_pattern, stems
from events.extraction.pipeline import Extractor

LEXICON = lexicon("en")




def extract(extractor: Extractor, text: str, published: str | None) -> list[dict]:
    """The events, each with ``surface``: the text of the mention its place was read from."""
    day = dt.date.fromisoformat(published) if published else None
    result = extractor.extract(text, published=day).as_json()
    for event in result["events"]:
        event["surface"] = result["mentions"][event["mention"]]["text"]
    return result["events"]


def _place_is(event: dict, surface: str, _text: str) -> bool:
    return surface in (event["surface"], (event.get("place") or {}).get("name"))


def _control_matches(event: dict, expect: dict, text: str) -> bool:
    control = event.get("control")
    if not control or not _place_is(event, expect["place"], text):
        return False
    checks = {
        "gainer": (control.get("gained_by") or {}).get("name"),
        "loser": (control.get("lost_by") or {}).get("name"),
        "status": control.get("status"),
        "kind": control.get("kind"),
        "claimed": bool(control.get("claimed")),
        "date": event["date"],
        "date_precision": event["date_precision"],
    }
    return all(checks[key] == value for key, value in expect.items() if key in checks)


def _entry_id(entry: Entry) -> str:
    phrase = entry.raw.get("phrase") or entry.label
    return f"{entry.label}:{phrase[:40]}"


@pytest.mark.parametrize("entry", LEXICON.entries(), ids=_entry_id)
def test_every_lexicon_example_gets_its_expected_coding(extractor, entry: Entry):
    events = extract(extractor, entry.example, entry.published)
    expect = entry.expect
    if expect.get("no_control"):
        assert not [e for e in events if e.get("control")], events
    elif "event_type" in entry.raw:
        assert any(
            (e["event_type"], e["sub_event_type"]) == (entry.raw["event_type"], entry.raw["sub_event_type"])
            and _place_is(e, expect["place"], entry.example)
            for e in events
        ), [(e["event_type"], e["sub_event_type"], e["place"]["name"]) for e in events]
    else:
        assert any(_control_matches(e, expect, entry.example) for e in events), [
            (e["place"]["name"], e["date"], e["date_precision"], e["control"]) for e in events
        ]


def test_the_known_drifts_are_gone(extractor):
    """Stems and regexes were two hand-kept copies: these sentences had a pattern but no stem."""
    published = "2017-11-23"
    taking = extract(extractor, "Iraqi forces were taking control of Rawa on Friday.", published)
    assert [(e["control"]["kind"], e["place"]["name"]) for e in taking if e["control"]] == [
        ("change", "Rāwah")
    ]
    killed = extract(extractor, "Gunmen killed 12 civilians in Mosul.", published)
    assert [(e["event_type"], e["place"]["name"]) for e in killed] == [
        ("Violence against civilians", "Mosul")
    ]
    violent = extract(extractor, "Violent protests broke out in Basra on Friday.", published)
    assert [e["sub_event_type"] for e in violent] == ["Violent demonstration"]
    base = extract(extractor, "The army set up its headquarters in Mosul on Friday.", published)
    assert [e["sub_event_type"] for e in base] == ["Headquarters or base established"]


def test_every_pattern_starts_where_one_of_its_stems_starts():
    """The scan finds a trigger wherever its regex matches on its own: no pattern without a stem."""
    text = " ".join(entry.example.lower() for entry in LEXICON.entries())
    spans = [(0, len(text))]
    hits = scan_triggers(text, spans)
    for family_index, (_family, pattern) in enumerate(CONTROL_TRIGGERS):
        expected = {
            m.start() for m in pattern.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum()
        }
        found = {m.start() for f, m in hits.control.get(0, []) if f == family_index}
        assert expected <= found
    for event_index, (pattern, _type, _subtype) in enumerate(EVENT_TRIGGERS):
        expected = {
            m.start() for m in pattern.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum()
        }
        found = {m.start() for e, m in hits.events.get(0, []) if e == event_index}
        assert expected <= found


def test_stems_are_every_literal_start_of_a_phrase():
    assert stems(phrase_pattern("re-?took|(?:heavy |fierce )?fighting (?:in|for)")) == {
        "retook",
        "re-took",
        "heavy",
        "fierce",
        "fighting",
    }
    assert stems(phrase_pattern("air\\s*strikes?|mopping[- ]up")) == {"air", "mopping-up", "mopping up"}
    with pytest.raises(ValueError):
        stems(phrase_pattern("(?:\\w+ )?flag"))  # a phrase must start with literal letters


def test_a_space_in_a_phrase_is_any_white_space_except_in_a_character_class():
    assert phrase_pattern("took control  of") == r"took\s+control\s+of"
    assert phrase_pattern("mopping[- ]up") == "mopping[- ]up"


def test_languages_are_folders():
    assert lexicon("en").language == "en"
    with pytest.raises(LookupError):
        lexicon("xx")
