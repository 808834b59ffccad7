"""The event coder on full news pages: headline and dateline, page chrome, background history,
claims and denials, and actors resolved in the article's context.

Mentions are built by hand as in test_coder (every occurrence of a listed surface is that place);
the texts are our own, about publicly known events.
"""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.actors import ActorDictionary
from tests.unit.test_coder import changes, code, holds, place


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


QAIM = place("Al Qā’im", "PPL", "IQ", 901)
DEIR = place("Deir ez-Zor", "PPL", "SY", 902)


def test_a_headline_does_not_redate_the_change_its_body_reports(actors):
    text = (
        "Syrian army takes Deir ez-Zor, Iraq retakes Qaim\n\n"
        "BEIRUT, Nov 3 (Reuters) - The Syrian army took full control of Deir ez-Zor from Islamic State "
        "on Friday, while Iraqi forces recaptured al-Qaim.\n"
    )
    events = code(actors, text, {"Deir ez-Zor": DEIR, "Qaim": QAIM, "al-Qaim": QAIM}, dt.date(2017, 11, 4))
    assert sorted(changes(events)) == [
        ("Al Qā’im", "Military Forces of Iraq", "Islamic State", "2017-11-03", "day"),
        ("Deir ez-Zor", "Military Forces of Syria", "Islamic State", "2017-11-03", "day"),
    ]


def test_a_headline_alone_still_reports_its_change(actors):
    text = "Iraqi forces retake Qaim from Islamic State\n\nBAGHDAD (AFP) - Fighting went on in the desert.\n"
    events = code(actors, text, {"Qaim": QAIM}, dt.date(2017, 11, 4))
    assert changes(events) == [("Al Qā’im", "Military Forces of Iraq", "Islamic State", "2017-11-04", "day")]


def test_the_dateline_date_is_when_the_story_was_filed_not_when_the_town_fell(actors):
    text = (
        "MUKALLA, Yemen, April 3 (Reuters) - Al Qaeda fighters seized the port of Mukalla on Thursday, "
        "residents said.\n"
    )
    mukalla = place("Mukalla", "PPL", "YE", 903)
    events = code(actors, text, {"MUKALLA": mukalla, "Mukalla": mukalla}, dt.date(2015, 4, 4))
    assert [(e["place"]["name"], e["date"]) for e in events if e["control"]] == [("Mukalla", "2015-04-02")]
    assert [e["mention"] for e in events] == [1]  # the dateline's MUKALLA is no event place


def test_links_to_other_stories_after_the_body_are_not_coded(actors):
    text = (
        "Iraqi forces enter Bartella\n\n"
        "BARTELLA, Iraq (Reuters) - Iraqi special forces recaptured Bartella on Thursday, commanders said.\n\n"
        "Related coverage\n"
        "Iraqi forces capture Qaim in lightning advance\n"
    )
    bartella = place("Barţalah", "PPL", "IQ", 904)
    events = code(actors, text, {"Bartella": bartella, "Qaim": QAIM}, dt.date(2016, 10, 21))
    assert [c[0] for c in changes(events)] == ["Barţalah"]


def test_a_new_paragraph_opening_with_they_keeps_the_story_actor(actors):
    """A quote or a longer reference ("The militants") may open the paragraph that goes on with the story."""
    text = (
        "Kurdish peshmerga fighters advanced on Zumar on Friday.\n"
        '"They retook the town of Zumar on Saturday," an official said.\n'
    )
    zumar = place("Zummar", "PPL", "IQ", 905)
    events = code(actors, text, {"Zumar": zumar}, dt.date(2014, 10, 26))
    assert changes(events)[0][:2] == ("Zummar", "Kurdistan Regional Government: Peshmerga")


def test_rebels_and_jihadists_of_one_story_are_different_groups(actors):
    """ "Rebels" is the group news calls rebels (the Turkish-backed factions), "jihadists" the one it
    calls jihadists (Islamic State), whichever is named more."""
    text = (
        "Turkish-backed rebels took Jarabulus from Islamic State on Wednesday.\n"
        "Islamic State fighters withdrew towards al-Bab. Islamic State still holds Dabiq.\n"
        "The rebels said they would push on. Al-Bab is still held by the jihadists.\n"
    )
    places = {
        "Jarabulus": place("Jarābulus", "PPL", "SY", 906),
        "al-Bab": place("Al Bāb", "PPL", "SY", 907),
        "Al-Bab": place("Al Bāb", "PPL", "SY", 907),
        "Dabiq": place("Dabiq", "PPL", "SY", 908),
    }
    events = code(actors, text, places, dt.date(2016, 8, 25))
    assert ("Al Bāb", "Islamic State", "controlled") in holds(events)
    story = [actors.get("Islamic State"), actors.get("Syrian National Army")]
    found = actors.matches("Syrian rebels fought other militants", country_focus="SY", prominent=story)
    assert [m.actor.name for m in found] == ["Syrian National Army", "Unidentified Armed Group"]


def test_insurgents_led_by_a_global_group_are_its_local_branch(actors):
    text = (
        "Insurgents led by al-Qaida's branch in Syria captured the city of Idlib on Saturday.\n"
        "The Nusra Front took over government buildings.\n"
    )
    events = code(actors, text, {"Idlib": place("Idlib", "PPLA", "SY", 909)}, dt.date(2015, 3, 29))
    assert changes(events)[0][:2] == ("Idlib", "Hayat Tahrir al-Sham")
