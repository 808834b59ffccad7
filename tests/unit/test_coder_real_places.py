"""The coder on real news sentences about places (issue 8): lists with bracketed containers, places
below the gazetteer (townships, villages) placed approximately at their container, a region named
before its town, and "the city" standing for the town just named. Every text is quoted verbatim from
a published article of the development corpus (tests/data/control_real_dev.jsonl; its id and url in a
comment) and runs through the real extractor (default gazetteer, then the coder).
"""

from __future__ import annotations

import datetime as dt

from events.extraction.pipeline import Extractor


def extract(extractor: Extractor, published: str, text: str) -> dict:
    """The extraction as Extraction JSON (the extractor's result, or its ``as_json()``)."""
    result = extractor.extract(text, published=dt.date.fromisoformat(published))
    return result.as_json() if hasattr(result, "as_json") else result


def control(extractor: Extractor, published: str, text: str) -> list[tuple]:
    """(place, controller, status, kind, date, precision) of every control observation."""
    return [
        (
            e["place"]["name"],
            (e["control"]["gained_by"] or {}).get("name"),
            e["control"]["status"],
            e["control"]["kind"],
            e["date"],
            e["date_precision"],
        )
        for e in extract(extractor, published, text)["events"]
        if e["control"]
    ]


def changes(observations: list[tuple]) -> list[tuple]:
    return [(place, actor, date) for place, actor, _s, kind, date, _p in observations if kind == "change"]


# -- places: lists, containers, anaphors --------------------------------------------------------------
def test_a_list_of_villages_with_bracketed_districts_gives_every_village_its_change(extractor):
    # nkr-06: https://en.trend.az/azerbaijan/society/3306790.html
    # the list runs on past "villages (Fuzuli district)," and each part sits in its own district
    text = (
        "As a result of the retaliation, Azerbaijani troops managed to liberate the territories previously "
        "occupied by Armenia: Garakhanbeyli, Garvend, Kend Horadiz, Yukhari Abdulrahmanli villages (Fuzuli "
        "district), Boyuk Marjanli, and Nuzgar villages (Jabrayil district)."
    )
    result = extract(extractor, "2020-09-28", text)
    events = [e for e in result["events"] if e["control"]]
    assert [e["place"]["name"] for e in events] == [
        "Garakhanbeyli", "Garvend", "Kend Horadiz", "Yukhari Abdulrahmanli", "Boyuk Marjanli", "Nuzgar",
    ]  # fmt: skip
    assert {e["control"]["gained_by"]["name"] for e in events} == {"Military Forces of Azerbaijan"}
    containers = {e["place"]["name"]: e["place"]["container"]["name"] for e in events}
    assert containers["Yukhari Abdulrahmanli"] == "Fuzuli" and containers["Nuzgar"] == "Jabrayil"
    assert all(e["place"]["approximate"] for e in events)


def test_a_township_below_the_gazetteer_is_the_place_seized_not_the_state_that_owns_it(extractor):
    # mmr-04: https://www.irrawaddy.com/news/war-against-the-junta/arakan-army-captures-another-battalion-headquarters-in-myanmars-rakhine-state.html
    text = (
        "The AA is also attacking the remaining regime bases in Buthidaung and Maungdaw townships, it said.\n\n"
        "It has seized all of Chin State’s Paletwa Township as well as six of Rakhine State’s 17 townships and "
        "two towns outside the six townships it controls."
    )
    found = control(extractor, "2024-03-27", text)
    assert ("Paletwa", "Arakan Army", "2024-03-27") in changes(found)
    assert "Chin State" not in [place for place, *_rest in found]


def test_a_region_named_before_its_capital_only_says_where_the_capital_is(extractor):
    # eth-12: https://www.deccanherald.com/international/tigrayan-forces-say-they-have-retaken-ethiopian-town-of-axum-from-military-921496.html
    text = (
        "Debretsion Gebremichael, leader of the Tigray People's Liberation Front (TPLF), made the claim a day "
        "after Prime Minister Abiy Ahmed announced the military had taken the Tigray regional capital Mekelle "
        "and completed its operation."
    )
    found = control(extractor, "2020-11-30", text)
    assert [(place, actor) for place, actor, _date in changes(found)] == [
        ("Mek'ele", "Military Forces of Ethiopia")
    ]


def test_the_city_with_a_parenthetical_before_its_passive_verb_is_the_town_just_named(extractor):
    # lby-05: https://www.urdupoint.com/en/world/libyas-national-accord-govt-recaptures-city-655138.html
    text = (
        "BENGHAZI (UrduPoint News / Sputnik - 27th June, 2019) The forces loyal to the UN-backed Libyan "
        "Government of National Accord (GNA) entered the city of Garyan to the south of Tripoli, Gen. Mounzer "
        "Khartoush, a spokesman of the 73rd infantry brigade of the main command of the Libyan National Army "
        "(LNA), led by Field Marshal Khalifa Haftar, told Sputnik on Thursday.\n\n"
        "The city, located on the strategic highway to the Libyan capital, was captured by the LNA in April."
    )
    found = control(extractor, "2019-06-27", text)
    # "in April" of a June story: the month, stored as its first day, never the publication day
    assert ("Gharyan", "Libyan National Army", "controlled", "change", "2019-04-01", "month") in found


def test_a_garrison_named_by_a_definite_noun_alone_stands_for_the_town_it_is_in(extractor):
    # bfa-01: http://www.fides.org/en/news/76360
    # "the camp" is the Djibo military camp of the sentence before; the capture of a town's garrison
    # is how news tells the town fell (as "seized the army base in X" already reads)
    text = (
        "The jihadist offensive began on May 11 with an assault on the Djibo military camp in the province of "
        "Soum, in the north of the country. According to local reports, the jihadists managed to take control "
        "of the camp and looted the facilities."
    )
    jnim = "JNIM: Jama'at Nusrat al-Islam wal-Muslimin"
    assert changes(control(extractor, "2025-05-15", text)) == [("Djibo", jnim, "2025-05-11")]
    # a fronted locative names the town of "the military camp"
    text = (
        "In Diapaga, in northeastern Burkina Faso, jihadists took over the military camp, killed dozens of "
        "soldiers, seized the arsenal, and freed prisoners from the local jail."
    )
    assert [(p, a) for p, a, _d in changes(control(extractor, "2025-05-15", text))] == [("Diapaga", jnim)]


def test_a_garrison_noun_followed_by_where_it_is_is_not_an_anaphor(extractor):
    # the base's own place follows it: not "the town named before"
    text = "Taliban fighters overran the base near Kunduz on Monday, officials said."
    found = control(extractor, "2015-09-30", text)
    assert not [o for o in found if o[3] == "change"]


def test_a_palace_below_the_gazetteer_is_placed_approximately_at_the_capital_the_story_is_about(extractor):
    # sdn-07: https://www.wsoctv.com/news/world/sudans-army-says-it/LJ4KFWSOTNEZJOQICQ4EY2NB6U/
    text = (
        "Troops also recaptured the RSF’s last stronghold in Khartoum, the Teiba al-Hasnab camp, army "
        "spokesperson Brig. Gen. Nabil Abdullah Ali said on social media.\n\n"
        "There was no immediate RSF comment.\n\n"
        "Sudan's military on Friday retook the Republican Palace, the seat of the prewar government."
    )
    events = [e for e in extract(extractor, "2025-03-26", text)["events"] if e["control"]]
    (palace,) = [e for e in events if "palace" in e["place"]["name"].lower()]
    assert palace["control"]["gained_by"]["name"] == "Military Forces of Sudan"
    assert palace["control"]["kind"] == "change" and palace["date"] == "2025-03-21"
    assert palace["place"]["approximate"] and palace["place"]["container"]["name"] == "Khartoum"


def test_a_governorate_named_as_possessor_only_locates_its_capital(extractor):
    # irq-08: http://www.aina.org/news/20171118125604.htm
    text = (
        "ISIS first emerged in northwestern Iraqi in the Summer of 2014 when their forces took control of the "
        "Nineveh Governorate's provincial capital, Mosul; they would then seize much of the province before "
        "pushing south."
    )
    found = control(extractor, "2017-11-18", text)
    # the change is Mosul's, dated by the season (its first day, at year precision), not the governorate's
    assert [(o[0], o[1], o[3], o[4], o[5]) for o in found] == [
        ("Mosul", "Islamic State", "change", "2014-06-01", "year")
    ]


def test_a_capture_coordinated_with_a_hold_since_a_date_is_dated_by_the_hold_start(extractor):
    # ukr-06: https://www.staugustine.com/story/news/nation-world/2014/07/06/rebels-flee-slovyansk-ukrainian-forces-recapture-key-city/16111471007/
    # "captured and held Slovyansk since April": the capture began the hold, so April dates it (it was
    # dropped as undated pluperfect background); the July hold by Kyiv follows that history and is no
    # contradiction of it
    text = (
        "MOSCOW - Pro-Russian separatists in Ukraine's east were dealt a major setback Saturday when they were "
        "forced to flee a key stronghold city after days of battling government forces, Ukrainian officials "
        "and rebels said.\n\n"
        "Many of the rebels who had captured and held Slovyansk since April left the city, relocating their "
        "headquarters in nearby Kramatorsk, pro-Russian officials said.\n\n"
        '"This is a genuine disarmament, presaged by the announcement of my plan for peaceful settlement of the '
        'situation in the east," Poroshenko wrote on his Facebook page, announcing that Ukrainian armed forces '
        "and national guard troops now control Slovyansk and were recovering weapons and a tank left behind by "
        "fleeing militants."
    )
    found = [(o[0], o[1], o[3], o[4], o[5]) for o in control(extractor, "2014-07-06", text)]
    assert ("Slovyansk", "Donetsk People's Republic", "change", "2014-04-01", "month") in found
    assert ("Slovyansk", "Military Forces of Ukraine", "holds", "2014-07-06", "day") in found


def test_a_village_the_text_names_read_as_a_region_abroad_is_placed_at_its_container(extractor):
    # syr-07: https://en.alalam.ir/news/1572385
    # "the village of al-Sahel near Yabroud" is no Sahel of Africa: a village of its own, near Yabroud
    text = (
        "Syrian soldiers launched an offensive against the militants in the region on Tuesday and succeeded in "
        "taking control of the area near the town of Yabroud, located about 80 kilometers (50 miles) north of "
        "the capital Damascus.\n\n"
        "The advance came a day after the troops took control of the village of al-Sahel near Yabroud and "
        "killed a number of terrorists in the fighting."
    )
    events = [e for e in extract(extractor, "2014-03-05", text)["events"] if e["control"]]
    (sahel,) = [e for e in events if "sahel" in e["place"]["name"].lower()]
    assert sahel["place"]["approximate"] and sahel["place"]["container"]["name"] == "Yabrūd"
    assert sahel["place"]["country_code"] == "SY"
    assert sahel["control"]["gained_by"]["name"] == "Military Forces of Syria"


def test_a_village_in_a_countrys_named_region_is_placed_in_that_region(extractor):
    # ukr-13: https://www.pravda.com.ua/eng/news/2024/08/24/7471640/
    # "in Russia's Belgorod Oblast": the country only owns the region that places the village (it was
    # put in the Kursk region the article named before)
    text = (
        "- The Armed Forces of Ukraine crossed the Russian-Ukrainian border near the town of Sudzha, Kursk "
        "Oblast, on 6 August 2024.\n"
        "- On 10 August, it became known that the Armed Forces of Ukraine had taken control of the village of "
        "Poroz in Russia’s Belgorod Oblast."
    )
    events = [e for e in extract(extractor, "2024-08-24", text)["events"] if e["control"]]
    (poroz,) = [e for e in events if e["place"]["name"] == "Poroz"]
    assert poroz["place"]["approximate"] and "Belgorod" in poroz["place"]["container"]["name"]
    assert poroz["control"]["gained_by"]["name"] == "Military Forces of Ukraine"
