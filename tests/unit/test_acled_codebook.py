"""ACLED's codebook (events/acled.py): the codes an analyst's ACLED scripts expect, and both ways back."""

from __future__ import annotations

import datetime

import pytest

from events import acled


def test_the_31_columns_in_acleds_order():
    assert len(acled.ACLED_COLUMNS) == 31 and len(set(acled.ACLED_COLUMNS)) == 31
    assert acled.ACLED_COLUMNS[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert acled.ACLED_COLUMNS[-3:] == ["fatalities", "tags", "timestamp"]


@pytest.mark.parametrize("text", ["17 November 2017", "2017-11-17", " 17  November 2017 ", "17-Nov-2017"])
def test_both_acled_date_formats(text):
    assert acled.parse_date(text) == datetime.date(2017, 11, 17)


@pytest.mark.parametrize("text", ["32 Novembre 2017", "", "2017-13-01", "yesterday"])
def test_unreadable_dates_say_so(text):
    with pytest.raises(ValueError, match="event_date"):
        acled.parse_date(text)


def test_inter_codes_as_numbers_or_names():
    assert acled.parse_inter("1") == acled.parse_inter("State forces") == 1
    assert acled.parse_inter("External/Other forces") == acled.parse_inter("8.0") == 8
    assert acled.parse_inter("") is None and acled.parse_inter("0") is None
    with pytest.raises(ValueError):
        acled.parse_inter("9")


def test_inter_from_the_actors_kind():
    assert acled.inter_code(kind="state", inter=None, actor_country="IQ", event_country="IQ") == 1
    assert acled.inter_code(kind="state", inter=None, actor_country="RU", event_country="SY") == 8  # abroad
    assert acled.inter_code(kind="non_state", inter=None, actor_country="", event_country="IQ") == 2
    assert acled.inter_code(kind="non_state", inter=4, actor_country="", event_country="IQ") == 4


def test_interaction_puts_the_lower_code_first():
    assert acled.interaction(2, 1) == acled.interaction(1, 2) == 12
    assert acled.interaction(6, None) == 60
    assert acled.interaction(None, None) is None


def test_disorder_type_and_civilian_targeting():
    assert acled.disorder_type("Battles", "Armed clash") == "Political violence"
    assert acled.disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert acled.disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert acled.disorder_type("Strategic developments", "Agreement") == "Strategic developments"
    assert acled.civilian_targeting("Violence against civilians", None) == "Civilian targeting"
    assert acled.civilian_targeting("Explosions/Remote violence", 7) == "Civilian targeting"
    assert acled.civilian_targeting("Battles", 2) == ""


def test_precision_codes_round_trip():
    assert [acled.time_precision(p) for p in ("day", "week", "month", "year")] == [1, 2, 3, 3]
    assert [acled.date_precision(acled.time_precision(p)) for p in ("day", "week", "month")] == ["day", "week", "month"]


def test_countries_by_code_number_and_acled_name():
    iraq = acled.countries()["IQ"]
    assert (iraq.iso3, iraq.iso, iraq.name, iraq.region) == ("IRQ", 368, "Iraq", "Middle East")
    assert acled.country_for(iso="368") == acled.country_for(name="iraq") == iraq
    congo = acled.country_for(name="Democratic Republic of Congo")
    assert congo.code == "CD" and congo.region == "Middle Africa"
    assert acled.countries()["UA"].region == "Europe" and acled.countries()["SD"].region == "Northern Africa"
    assert all(c.region for c in acled.countries().values())


def test_public_id_and_actor_names():
    assert acled.public_id("IQ", 123) == "IRQ123" and acled.public_id("", 5) == "XXX5"
    assert acled.actor_base_name("Military Forces of Iraq (2014-)") == "Military Forces of Iraq"
    assert acled.actor_base_name("Military Forces of Syria (2000-2024)") == "Military Forces of Syria"
    assert acled.actor_base_name("Protesters (Iraq)") == "Protesters (Iraq)"
    assert acled.split_list("A; B;; C ") == ["A", "B", "C"]
