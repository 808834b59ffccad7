"""The coder on sentences of real published articles (quoted verbatim, the page in a comment above
each): places below the gazetteer, lists of places, actors described rather than named, and the
incumbent of a place under attack.

Each text goes through the whole extraction (the default gazetteer, the actor dictionary), as a user's
article would.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from events.extraction.actors import ActorDictionary
from events.extraction.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer, ActorDictionary.load())


def _control(extractor: Extractor, text: str, published: dt.date) -> list[dict]:
    return [e for e in extractor.extract(text, published=published)["events"] if e["control"]]


def _km(a: dict, b: dict) -> float:
    dlat = math.radians(b["lat"] - a["lat"])
    dlon = math.radians(b["lon"] - a["lon"]) * math.cos(math.radians(a["lat"]))
    return 6371 * math.hypot(dlat, dlon)


def _gainer(event: dict) -> str:
    return event["control"]["gained_by"]["name"]


# --------------------------------------------------------------------------------------------
# Places below the gazetteer: placed at the container the text names, approximate, never dropped
# --------------------------------------------------------------------------------------------


def test_an_airport_named_after_its_city_is_a_place_of_its_own_at_the_city(extractor):
    # https://somaliguardian.com/news/africa/sudanese-paramilitary-force-says-it-has-control-of-khartoum-airport/
    text = (
        "Sudan's paramilitary Rapid Support Forces said on Saturday that it had taken control of Khartoum "
        "international airport, as clashes erupted with the army."
    )
    (event,) = _control(extractor, text, dt.date(2023, 4, 15))
    place = event["place"]
    assert place["id"] is None and place["approximate"] is True
    assert place["name"] == "Khartoum airport" and place["feature_code"] == "AIRP"
    assert place["container"]["name"] == "Khartoum" and place["country_code"] == "SD"
    assert place["geo_precision"] == 2
    assert _km(place, place["container"]) < 1
    assert _gainer(event) == "Rapid Support Forces"
    assert event["date"] == "2023-04-15"


def test_an_airfield_the_gazetteer_misreads_is_placed_in_the_region_the_text_names(extractor):
    # http://www.startribune.com/printarticle/?id=190657061
    text = (
        "The seizure of the al-Jarrah airfield in Aleppo province comes a day after opposition fighters "
        "captured the nation's largest dam."
    )
    (event,) = _control(extractor, text, dt.date(2013, 2, 12))
    place = event["place"]
    assert place["approximate"] is True and place["name"].startswith("al-Jarrah")
    assert place["country_code"] == "SY" and place["container"]["feature_code"] == "ADM1"
    assert place["geo_precision"] == 3


def test_a_village_the_gazetteer_puts_abroad_stays_in_the_province_the_text_names(extractor):
    # https://www.islamicinvitationturkey.com/syrian-kurdish-forces-win-back-7-key-villages-in-raqqa-province/
    text = "The Kurdish forces took full control of al-Makman village in Hasaka province."
    (event,) = _control(extractor, text, dt.date(2016, 2, 15))
    place = event["place"]
    assert place["name"] == "al-Makman" and place["country_code"] == "SY" and place["approximate"] is True
    assert _gainer(event) == "Syrian Democratic Forces"


def test_villages_some_kilometres_from_a_city_are_moved_by_the_distance_and_bearing(extractor, gazetteer):
    # https://www.en.etemaaddaily.com/world/international/iraqi-forces-retake-six-villages-from-is:19365
    text = (
        "The army's 9th armoured Division continued their advance toward Mosul and managed to free the three "
        "villages of al-Salamiyah, al-Hmeirah and Twajnah al-Jadida, which are located some 20km southeast "
        "of Mosul, after sporadic clashes with IS terrorists."
    )
    from events.extraction.coding.derived import derived_mentions
    from events.extraction.geoparse import geoparse

    mentions = geoparse(text, gazetteer)
    derived, _, misread = derived_mentions(text, mentions)
    assert [d["text"] for d in derived] == ["al-Salamiyah", "al-Hmeirah", "Twajnah al-Jadida"]
    for d in derived:
        place = d["place"]
        assert place["country_code"] == "IQ" and place["container"]["name"] == "Mosul"
        assert 18 < _km(place, place["container"]) < 22
        assert place["lat"] < place["container"]["lat"] and place["lon"] > place["container"]["lon"]
    # the geoparser's readings abroad (a Syrian town, a Moroccan city) are set aside
    assert {mentions[i]["place"]["country_code"] for i in misread} <= {"SY", "MA"} and misread


def test_a_district_named_after_its_town_is_taken_not_the_province(extractor):
    # https://en.mehrnews.com/news/173366/Taliban-overrun-district-near-Kabul-report
    text = "The Taliban captured Nirkh district of Wardak province following collision on Tuesday."
    (event,) = _control(extractor, text, dt.date(2021, 5, 12))
    assert event["place"]["name"] == "Nirkh district" and event["place"]["approximate"] is True
    assert event["place"]["container"]["feature_code"] == "ADM1"
    assert _gainer(event) == "Taliban"


def test_a_district_named_after_its_town_is_the_town(extractor):
    # http://www.dailymail.co.uk/wires/ap/article-3761158/Taliban-seize-district-headquarters-eastern-Afghanistan.html
    text = (
        "Naqib Ahmad Atal, spokesman for the governor of Paktia province, says Afghan security forces "
        "withdrew from the Janikhail district headquarters Saturday to prevent civilian casualties."
    )
    (event,) = _control(extractor, text, dt.date(2016, 8, 28))
    assert event["place"]["name"] == "Jānī Khēl" and not event["place"].get("approximate")
    assert event["control"]["lost_by"]["country"] == "AF"


def test_gazetteer_places_stay_as_the_geoparser_resolved_them(extractor):
    # https://www.urdupoint.com/en/world/russia-says-seized-another-village-in-east-uk-1882212.html
    text = (
        "Russia has captured new villages in east Ukraine regularly since this summer, as its offensive "
        "drags on. Ukrainian troops retook Kupiansk in September 2022, but the city has remained under "
        "fierce Russian attacks."
    )
    events = _control(extractor, text, dt.date(2024, 11, 14))
    assert events and all(not e["place"].get("approximate") for e in events)


# --------------------------------------------------------------------------------------------
# Lists: each place its own fact
# --------------------------------------------------------------------------------------------


def test_each_village_of_a_list_gets_its_own_fact(extractor):
    # https://www.islamicinvitationturkey.com/syrian-kurdish-forces-win-back-7-key-villages-in-raqqa-province/
    text = (
        "The Kurdish forces took full control of seven villages of Al-Hamd, Al-Jad’an, Al-Jadou, Al-Badr, "
        "Al-Sarad, Delian and Delian Matli in Raqqa province after fierce clashes with the ISIL."
    )
    events = [e for e in _control(extractor, text, dt.date(2016, 2, 15)) if e["control"]["kind"] == "change"]
    assert [e["place"]["name"] for e in events] == [
        "Al-Hamd", "Al-Jad’an", "Al-Jadou", "Al-Badr", "Al-Sarad", "Delian", "Delian Matli",
    ]  # fmt: skip
    assert {_gainer(e) for e in events} == {"Syrian Democratic Forces"}
    assert {e["control"]["lost_by"]["name"] for e in events} == {"Islamic State"}
    assert {e["place"]["container"]["name"] for e in events} == {"Al-Raqqah"}


def test_the_villages_and_towns_of_a_list_in_a_countryside(extractor):
    # https://sana.sy/en/?p=126392
    text = (
        "Meanwhile,the army, in cooperation with the supporting forces, regained control over the villages "
        "and towns of Ghaital, Kherbat Maradish, Kherbat Um Rajoum, Rasm Misha’al and Ghzeilah in Idleb "
        "southern countryside."
    )
    events = _control(extractor, text, dt.date(2018, 1, 14))
    assert [e["place"]["name"] for e in events] == [
        "Ghaital", "Kherbat Maradish", "Kherbat Um Rajoum", "Rasm Misha’al", "Ghzeilah",
    ]  # fmt: skip
    assert {_gainer(e) for e in events} == {"Military Forces of Syria"}
    assert {e["place"]["country_code"] for e in events} == {"SY"}
