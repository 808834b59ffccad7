"""The actor dictionary: named aliases, case rules, focus-dependent and generic resolution."""

import datetime as dt

import pytest

from events.extraction.actors import Actor, ActorDictionary


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def names(actors, text, **kw):
    return [(text[s:e], a.name) for s, e, a in actors.find(text, **kw)]


def test_data_is_consistent(actors):
    everyone = actors.all()
    assert 90 <= len(everyone) <= 250
    by_name = {a.name for a in everyone}
    assert len(by_name) == len(everyone)
    for actor in everyone:
        assert actor.kind in ("state", "non_state")
        assert actor.side is None or actor.side in by_name, actor
        assert set(actor.as_json()) == {"name", "aliases", "kind", "country", "side"}


def test_named_aliases(actors):
    text = "Daesh fighters fled as the Hashed al-Shaabi and ISF advanced; the RSF and al-Shabaab also fought."
    assert names(actors, text) == [
        ("Daesh fighters", "Islamic State"),
        ("Hashed al-Shaabi", "Popular Mobilization Forces"),
        ("ISF", "Military Forces of Iraq"),
        ("RSF", "Rapid Support Forces"),
        ("al-Shabaab", "al-Shabaab"),
    ]
    pmf = actors.get("Popular Mobilization Forces")
    assert isinstance(pmf, Actor) and pmf.side == "Military Forces of Iraq"


def test_acronyms_and_capitalised_words_are_case_sensitive(actors):
    assert names(actors, "This is what aa said; they hashed out a deal.") == []
    assert names(actors, "IS fighters attacked; the Hashed said.") == [
        ("IS fighters", "Islamic State"),
        ("Hashed", "Popular Mobilization Forces"),
    ]


def test_generic_state_nouns_follow_focus_and_demonyms(actors):
    assert names(actors, "The army retook the town.", country_focus="ML") == [
        ("The army", "Military Forces of Mali")
    ]
    assert names(actors, "Malian troops and Wagner fighters entered.", country_focus="BF") == [
        ("Malian troops", "Military Forces of Mali"),
        ("Wagner fighters", "Wagner Group"),
    ]
    assert names(actors, "Government forces shelled the city.", country_focus="SD") == [
        ("Government forces", "Military Forces of Sudan")
    ]
    assert names(actors, "Troops loyal to President Bashar Assad advanced.") == [
        ("Troops loyal to President Bashar Assad", "Military Forces of Syria")
    ]
    assert names(actors, "a military site", country_focus="IQ") == []


def test_focus_dependent_aliases(actors):
    assert names(actors, "Kurdish forces entered the town.", country_focus="SY") == [
        ("Kurdish forces", "Syrian Democratic Forces")
    ]
    assert names(actors, "Kurdish forces entered the town.", country_focus="IQ") == [
        ("Kurdish forces", "Kurdistan Regional Government: Peshmerga")
    ]
    assert names(actors, "Separatists took the camp.", country_focus="ML") == [
        ("Separatists", "Coordination of Azawad Movements")
    ]


def test_generic_militants_use_main_actor_or_country_default(actors):
    isis = actors.get("Islamic State")
    assert names(actors, "The militants fled.", country_focus="SY", main_non_state=isis) == [
        ("militants", "Islamic State")
    ]
    assert names(actors, "Militants attacked a base.", country_focus="SO") == [("Militants", "al-Shabaab")]


def test_state_forces_change_with_the_date(actors):
    before = actors.find("Afghan forces held the city.", country_focus="AF", on=dt.date(2021, 7, 1))
    after = actors.find("Afghan forces held the city.", country_focus="AF", on=dt.date(2022, 7, 1))
    assert before[0][2].name == "Military Forces of Afghanistan (2004-2021)"
    assert after[0][2].name == "Military Forces of Afghanistan (2021-)"


def test_surface_forms_match_but_stay_out_of_aliases(actors):
    """A controller regex for "Iraq" over names and aliases must not find Islamic State."""
    assert names(actors, "The Islamic State of Iraq and the Levant seized the town.") == [
        ("Islamic State of Iraq and the Levant", "Islamic State")
    ]
    isis = actors.get("Islamic State")
    assert not any("iraq" in a.lower() or "syria" in a.lower() for a in (isis.name, *isis.aliases))
    assert not any("afghan" in a.lower() for a in actors.get("Taliban").aliases)


def test_country_possessive_is_that_state_force(actors):
    assert names(actors, "Sudan's army said it retook the town.", country_focus="SD") == [
        ("Sudan's army", "Military Forces of Sudan")
    ]


def test_one_scan_resolves_in_every_context(actors):
    """An article is scanned once; its hits are resolved per country focus and per date without
    rescanning, and the dictionary keeps nothing from one text to the next."""
    text = "Kurdish forces advanced while Afghan forces held the pass."
    scan = actors.scan(text)
    in_iraq = actors.named(scan, country_focus="IQ", on=dt.date(2017, 10, 1))
    in_syria = actors.named(scan, country_focus="SY", on=dt.date(2021, 9, 1))
    assert [(m.text, m.actor.name) for m in in_iraq] == [
        ("Kurdish forces", "Kurdistan Regional Government: Peshmerga"),
        ("Afghan forces", "Military Forces of Afghanistan (2004-2021)"),
    ]
    assert [(m.text, m.actor.name) for m in in_syria] == [
        ("Kurdish forces", "Syrian Democratic Forces"),
        ("Afghan forces", "Military Forces of Afghanistan (2021-)"),
    ]
    other = "The Hashed entered the town."
    assert names(actors, other) == [("Hashed", "Popular Mobilization Forces")]
    assert actors.named(scan, country_focus="IQ")[0].text == "Kurdish forces"  # the old scan still holds
    assert actors.state_countries(scan) == ["AF"]
