"""The event coder end to end on hand-built mentions: the seed article and short sentences from many wars.

Mentions are built by hand (the geoparser is tested elsewhere): every occurrence of a listed surface
becomes a mention with that place. Sentences describe real, publicly known events.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from events.extraction.actors import ActorDictionary
from events.extraction.coder import code_events

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def place(
    name: str, code: str, country: str, pid: int | None = None, lat: float = 0.0, lon: float = 0.0
) -> dict:
    return {
        "id": pid or abs(hash((name, code))) % 10**6,
        "geonames_id": None,
        "name": name,
        "feature_code": code,
        "country_code": country,
        "admin1": None,
        "lat": lat,
        "lon": lon,
    }


def mentions_for(text: str, places: dict[str, dict]) -> list[dict]:
    """Every occurrence of each surface, longest surface first where they overlap."""
    found: list[dict] = []
    for surface in sorted(places, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
            if any(m.start() < o["end"] and o["start"] < m.end() for o in found):
                continue
            found.append(
                {
                    "text": surface,
                    "start": m.start(),
                    "end": m.end(),
                    "confidence": 0.9,
                    "place": places[surface],
                    "candidates": [],
                }
            )
    return sorted(found, key=lambda x: x["start"])


def code(actors, text: str, places: dict[str, dict], published: dt.date | None) -> list[dict]:
    return code_events(text=text, mentions=mentions_for(text, places), published=published, actors=actors)


def changes(events: list[dict]) -> list[tuple[str, str, str, str | None, str]]:
    return [
        (
            e["place"]["name"],
            e["control"]["gained_by"]["name"],
            (e["control"]["lost_by"] or {}).get("name"),
            e["date"],
            e["date_precision"],
        )
        for e in events
        if e["control"] and e["control"]["kind"] == "change"
    ]


def holds(events: list[dict]) -> list[tuple[str, str | None, str]]:
    return [
        (e["place"]["name"], (e["control"]["gained_by"] or {}).get("name"), e["control"]["status"])
        for e in events
        if e["control"] and e["control"]["kind"] == "holds"
    ]


# --------------------------------------------------------------------------------------------
# The seed article
# --------------------------------------------------------------------------------------------


def seed_mentions(gold: dict) -> list[dict]:
    codes = {
        "city": "PPLA",
        "town": "PPL",
        "admin1": "ADM1",
        "country": "PCLI",
        "river": "STM",
        "region": "RGN",
        "camp": "CMPRF",
    }
    places = {}
    for i, t in enumerate(gold["toponyms"], start=1):
        for surface in t["surface"]:
            places[surface] = place(
                t["name"], codes[t["kind"]], t["country"], i, t["lat"] or 0, t["lon"] or 0
            )
    return mentions_for(gold["text"], places)


@pytest.fixture(scope="module")
def seed_events(actors):
    if not (SEED / "gold.json").exists():
        pytest.skip("../shared/seed is absent: the seed article test needs the shared folder")
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))
    text = (SEED / "arabnews-2017-11-23.txt").read_text(encoding="utf-8")
    assert text == gold["text"]
    return code_events(
        text=text, mentions=seed_mentions(gold), published=dt.date(2017, 11, 23), actors=actors
    )


def test_seed_rawa_recaptured_last_friday(seed_events):
    assert ("Rāwah", "Military Forces of Iraq", "Islamic State", "2017-11-17", "day") in changes(seed_events)
    rawa = next(e for e in seed_events if e["place"]["name"] == "Rāwah")
    assert rawa["sub_event_type"] == "Government regains territory"
    assert rawa["control"]["status"] == "controlled" and rawa["control"]["claimed"] is False
    assert "lightning recapture" in seed_text()[rawa["evidence"]["start"] : rawa["evidence"]["end"]]


def test_seed_qaim_earlier_this_month(seed_events):
    assert ("Al Qā’im", "Military Forces of Iraq", "Islamic State", "2017-11-01", "month") in changes(
        seed_events
    )


def test_seed_daesh_holds_yarmuk_and_hajjar_aswad_not_damascus(seed_events):
    found = holds(seed_events)
    assert ("al-Yarmūk (Yarmouk camp)", "Islamic State", "presence") in found
    assert ("Al Ḩajar al Aswad", "Islamic State", "presence") in found
    assert not any(name == "Damascus" for name, _, _ in found)
    yarmuk = next(e for e in seed_events if e["place"]["name"].startswith("al-Yarm"))
    assert yarmuk["date"] == "2017-11-23"


def test_seed_clearing_operation_today(seed_events):
    ops = [e for e in seed_events if e["place"]["name"].startswith("Al-Jazira")]
    assert len(ops) == 1
    op = ops[0]
    assert (op["date"], op["event_type"], op["sub_event_type"]) == (
        "2017-11-23",
        "Strategic developments",
        "Other",
    )
    assert op["actor1"]["name"] == "Military Forces of Iraq"
    assert op["actor2"]["name"] == "Islamic State"
    assert op["control"] is None


def test_seed_has_no_control_change_at_cities_it_only_names(seed_events):
    changed = {name for name, *_ in changes(seed_events)}
    assert changed == {"Rāwah", "Al Qā’im"}
    assert all(e["place"]["feature_code"] != "PCLI" for e in seed_events)


def test_seed_daraa_clash_is_with_other_rebels_not_an_iraqi_militia(seed_events):
    """The seed's last paragraph: an IS affiliate "mainly battling other rebel groups" in Daraa.
    "Other rebel groups" are expressly not IS, and the Iraqi PMF named paragraphs earlier are no side
    of a fight in southern Syria."""
    daraa = [e for e in seed_events if e["place"]["name"].startswith("Daraa")]
    assert [(e["actor1"]["name"], e["actor2"]["name"]) for e in daraa] == [
        ("Islamic State", "Unidentified Armed Group")
    ]
    in_syria = [e for e in seed_events if e["place"]["country_code"] == "SY"]
    assert all((e["actor2"] or {}).get("name") != "Popular Mobilization Forces" for e in in_syria)


def test_seed_clearing_operation_names_the_army_with_the_pmf_associated(seed_events):
    clearing = next(e for e in seed_events if e["sub_event_type"] == "Other" and not e["control"])
    assert clearing["actor1"]["name"] == "Military Forces of Iraq"
    assert [a["name"] for a in clearing["assoc_actors"]] == ["Popular Mobilization Forces"]
    assert {a["name"] for e in seed_events if e is not clearing for a in e["assoc_actors"]} == set()


def test_seed_event_shape(seed_events):
    keys = {
        "date",
        "date_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "place",
        "mention",
        "control",
        "evidence",
        "confidence",
        "summary",
        "fatalities",
        "assoc_actors",  # an addition to CONTRACT §4: ACLED's assoc_actor_1, a list of actor objects
    }
    for event in seed_events:
        assert set(event) == keys
        assert 0 < event["confidence"] < 1 and event["summary"]
        json.dumps(event)


def seed_text() -> str:
    return (SEED / "arabnews-2017-11-23.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Territorial change across wars
# --------------------------------------------------------------------------------------------

UA = place("Kherson", "PPLA", "UA")
AVD = place("Avdiivka", "PPL", "UA")
KABUL = place("Kabul", "PPLC", "AF")


def test_ukraine_retakes_kherson(actors):
    text = "Ukrainian forces retook the southern city of Kherson on Friday after Russian troops withdrew across the river."
    events = code(actors, text, {"Kherson": UA}, dt.date(2022, 11, 12))
    assert changes(events) == [
        ("Kherson", "Military Forces of Ukraine", "Military Forces of Russia", "2022-11-11", "day")
    ]
    assert events[0]["sub_event_type"] == "Government regains territory"


def test_russia_captures_avdiivka_foreign_state_loser_is_place_state(actors):
    text = "Russian forces captured the eastern town of Avdiivka on Saturday, Ukraine's military said."
    events = code(actors, text, {"Avdiivka": AVD}, dt.date(2024, 2, 18))
    assert changes(events) == [
        ("Avdiivka", "Military Forces of Russia", "Military Forces of Ukraine", "2024-02-17", "day")
    ]


def test_taliban_take_kabul_from_the_old_government(actors):
    text = "The Taliban took control of Kabul on Sunday as President Ashraf Ghani fled the country."
    events = code(actors, text, {"Kabul": KABUL}, dt.date(2021, 8, 16))
    assert changes(events) == [
        ("Kabul", "Taliban", "Military Forces of Afghanistan (2004-2021)", "2021-08-15", "day")
    ]
    assert events[0]["sub_event_type"] == "Non-state actor overtakes territory"


def test_rsf_seize_wad_madani_object_is_the_town_not_the_state(actors):
    text = (
        "The paramilitary Rapid Support Forces seized Wad Madani, the capital of Gezira state, "
        "on Monday after the army withdrew from the city."
    )
    places = {"Wad Madani": place("Wad Madani", "PPLA", "SD"), "Gezira": place("Al Jazirah", "ADM1", "SD")}
    events = code(actors, text, places, dt.date(2023, 12, 19))
    assert changes(events) == [
        ("Wad Madani", "Rapid Support Forces", "Military Forces of Sudan", "2023-12-18", "day")
    ]


def test_m23_captures_goma_with_explicit_date(actors):
    text = "M23 rebels captured Goma, the largest city in eastern Congo, on January 27, 2025."
    events = code(actors, text, {"Goma": place("Goma", "PPLA", "CD")}, dt.date(2025, 1, 29))
    assert changes(events) == [
        (
            "Goma",
            "M23: March 23 Movement",
            "Military Forces of the Democratic Republic of Congo",
            "2025-01-27",
            "day",
        )
    ]


def test_hts_led_rebels_seize_most_of_aleppo(actors):
    text = "Islamist-led rebels headed by Hayat Tahrir al-Sham seized most of Aleppo on Saturday."
    events = code(actors, text, {"Aleppo": place("Aleppo", "PPLA", "SY")}, dt.date(2024, 12, 1))
    assert changes(events) == [
        ("Aleppo", "Hayat Tahrir al-Sham", "Military Forces of Syria", "2024-11-30", "day")
    ]


def test_claimed_capture_and_containment_cue(actors):
    text = "The Arakan Army said it had captured Paletwa in Chin state on Sunday."
    places = {"Paletwa": place("Paletwa", "PPL", "MM"), "Chin": place("Chin", "ADM1", "MM")}
    events = code(actors, text, places, dt.date(2024, 1, 15))
    assert changes(events) == [("Paletwa", "Arakan Army", "Military Forces of Myanmar", "2024-01-14", "day")]
    assert events[0]["control"]["claimed"] is True


def test_fell_to(actors):
    text = "Kidal fell to Malian troops and Wagner fighters on Tuesday."
    events = code(actors, text, {"Kidal": place("Kidal", "PPLA", "ML")}, dt.date(2023, 11, 15))
    assert changes(events)[0][:2] == ("Kidal", "Military Forces of Mali")
    assert changes(events)[0][3] == "2023-11-14"


def test_passive_with_agent_and_month_date(actors):
    text = "Sirte was liberated by GNA-aligned forces in December 2016."
    events = code(actors, text, {"Sirte": place("Sirte", "PPLA", "LY")}, dt.date(2017, 1, 10))
    assert changes(events)[0][:2] == ("Sirte", "Military Forces of Libya (GNA/GNU)")
    assert changes(events)[0][3:] == ("2016-12-01", "month")


def test_driven_out_by(actors):
    text = "Al-Shabaab fighters were driven out of the town of Harardhere by Somali troops on Tuesday."
    events = code(actors, text, {"Harardhere": place("Harardhere", "PPL", "SO")}, dt.date(2023, 1, 17))
    assert changes(events) == [
        ("Harardhere", "Military Forces of Somalia", "al-Shabaab", "2023-01-17", "day")
    ]


def test_expelled_from_with_named_loser(actors):
    text = "Iraqi forces drove Islamic State out of Rawa on Friday."
    events = code(actors, text, {"Rawa": place("Rawa", "PPL", "IQ")}, dt.date(2017, 11, 23))
    assert changes(events) == [("Rawa", "Military Forces of Iraq", "Islamic State", "2017-11-17", "day")]


def test_generic_army_resolves_by_country_focus(actors):
    text = "The army recaptured Palmyra from Islamic State on Thursday."
    events = code(actors, text, {"Palmyra": place("Palmyra", "PPL", "SY")}, dt.date(2017, 3, 3))
    assert changes(events) == [("Palmyra", "Military Forces of Syria", "Islamic State", "2017-03-02", "day")]


def test_lists_of_places_are_all_governed(actors):
    text = "Tigrayan forces captured Dessie and Kombolcha on Saturday."
    places = {"Dessie": place("Dessie", "PPL", "ET"), "Kombolcha": place("Kombolcha", "PPL", "ET")}
    events = code(actors, text, places, dt.date(2021, 10, 31))
    assert [c[:2] for c in changes(events)] == [
        ("Dessie", "Tigray People's Liberation Front"),
        ("Kombolcha", "Tigray People's Liberation Front"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "JNIM fighters failed to capture the town of Boni.",
        "The army plans to retake Boni before the rainy season.",
        "Malian troops will retake Boni, the minister said.",
        "Government forces launched an offensive to recapture Boni.",
        "Officials denied that JNIM had seized Boni.",
        "JNIM did not capture Boni.",
    ],
)
def test_negation_and_intention_change_nothing(actors, text):
    events = code(actors, text, {"Boni": place("Boni", "PPL", "ML")}, dt.date(2022, 9, 1))
    assert changes(events) == []


def test_countries_are_never_captured(actors):
    text = "Russian forces seized Ukraine's Zaporizhzhia nuclear plant and moved into Ukraine on Friday."
    events = code(actors, text, {"Ukraine": place("Ukraine", "PCLI", "UA")}, dt.date(2022, 3, 5))
    assert changes(events) == []


# --------------------------------------------------------------------------------------------
# Holds, sieges, contested places
# --------------------------------------------------------------------------------------------


def test_holds_forms(actors):
    text = (
        "Mariupol remains under the control of Russian forces. Idlib is still held by Hayat Tahrir al-Sham. "
        "Rebels hold Daraa al-Balad."
    )
    places = {
        "Mariupol": place("Mariupol", "PPL", "UA"),
        "Idlib": place("Idlib", "PPLA", "SY"),
        "Daraa al-Balad": place("Daraa al-Balad", "PPLX", "SY"),
    }
    found = holds(code(actors, text, places, dt.date(2022, 6, 1)))
    assert ("Mariupol", "Military Forces of Russia", "controlled") in found
    assert ("Idlib", "Hayat Tahrir al-Sham", "controlled") in found


def test_held_prefix(actors):
    text = "Coalition jets struck IS-held Raqqa on Monday."
    events = code(actors, text, {"Raqqa": place("Raqqa", "PPLA", "SY")}, dt.date(2017, 6, 6))
    assert ("Raqqa", "Islamic State", "controlled") in holds(events)


@pytest.mark.parametrize("demonym, holder", [("Russian", "Russia"), ("Ukrainian", "Ukraine")])
def test_demonym_held_prefix_names_that_state_force(actors, demonym, holder):
    text = f"Drones struck {demonym}-occupied Melitopol overnight."
    events = code(actors, text, {"Melitopol": place("Melitopol", "PPL", "UA")}, dt.date(2023, 5, 2))
    assert any(name == "Melitopol" and holder in actor for name, actor, _ in holds(events))


def test_besieged_and_contested(actors):
    text = "Houthi fighters besieged Marib. Fierce fighting for control of Bakhmut continued on Wednesday."
    places = {"Marib": place("Marib", "PPLA", "YE"), "Bakhmut": place("Bakhmut", "PPL", "UA")}
    found = holds(code(actors, text, places, dt.date(2023, 3, 2)))
    assert ("Marib", "Houthis", "besieged") in found
    assert any(name == "Bakhmut" and status == "contested" for name, _, status in found)


def test_holds_that_contradict_a_change_in_the_same_article_are_dropped(actors):
    text = "Kherson had been held by Russian forces since March. Ukrainian troops retook Kherson on Friday."
    events = code(actors, text, {"Kherson": UA}, dt.date(2022, 11, 12))
    assert holds(events) == []
    assert changes(events)[0][1] == "Military Forces of Ukraine"


# --------------------------------------------------------------------------------------------
# Other ACLED event types
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "sub"),
    [
        (
            "A Russian missile strike hit Kharkiv on Monday, killing three civilians.",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        (
            "An airstrike on Kharkiv killed 12 people on Monday.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "A roadside bomb exploded in Kharkiv on Monday.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "A suicide bomber blew himself up in Kharkiv on Monday.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        ("Police arrested dozens of people in Kharkiv on Monday.", "Strategic developments", "Arrests"),
        (
            "Gunmen kidnapped 30 students in Kharkiv on Monday.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        ("Thousands protested in Kharkiv on Monday.", "Protests", "Peaceful protest"),
    ],
)
def test_event_types(actors, text, etype, sub):
    events = code(actors, text, {"Kharkiv": place("Kharkiv", "PPLA", "UA")}, dt.date(2023, 5, 16))
    assert (etype, sub) in [(e["event_type"], e["sub_event_type"]) for e in events]
    event = next(e for e in events if e["sub_event_type"] == sub)
    assert event["date"] == "2023-05-15" and event["control"] is None


def test_fatalities(actors):
    text = "An airstrike on Kharkiv killed 12 people on Monday."
    events = code(actors, text, {"Kharkiv": place("Kharkiv", "PPLA", "UA")}, dt.date(2023, 5, 16))
    assert events[0]["fatalities"] == 12


def test_places_only_named_in_passing_get_no_event(actors):
    text = "Baghdad begins final sweep to flush out Daesh"
    events = code(actors, text, {"Baghdad": place("Baghdad", "PPLC", "IQ")}, dt.date(2017, 11, 23))
    assert events == []


def test_without_publication_date_relative_dates_give_nothing(actors):
    text = "Ukrainian forces retook Kherson on Friday. Ukrainian forces retook Kherson on 11 November 2022."
    events = code(actors, text, {"Kherson": UA}, None)
    assert [c[3] for c in changes(events)] == ["2022-11-11"]


# --------------------------------------------------------------------------------------------
# General rules found on the development set (tests/data/control_dev.jsonl)
# --------------------------------------------------------------------------------------------

IQ_TOWNS = {
    "Ramadi": place("Ramadi", "PPLA", "IQ", 901), "Anah": place("Anah", "PPL", "IQ", 902),
    "Tal Afar": place("Tal Afar", "PPL", "IQ", 903), "Mosul": place("Mosul", "PPLA", "IQ", 904),
}


def test_day_date_beats_month_in_the_same_clause(actors):
    text = "The RSF had captured Singa in late June, on June 29, forcing thousands to flee."
    found = changes(code(actors, text, {"Singa": place("Singa", "PPLA", "SD")}, dt.date(2024, 11, 17)))
    assert [(c[0], c[3], c[4]) for c in found] == [("Singa", "2024-06-29", "day")]


def test_since_dates_a_state_not_a_capture(actors):
    text = "It was the first time rebels had entered Aleppo since 2016."
    found = code(actors, text, {"Aleppo": place("Aleppo", "PPLA", "SY")}, dt.date(2024, 12, 1))
    assert changes(found) == []


def test_change_in_an_after_clause_takes_only_its_own_date(actors):
    published = dt.date(2017, 11, 4)
    dated = "The offensive started on Oct. 26, a month after Iraqi forces took back Anah, on Sept. 26."
    assert [(c[0], c[3]) for c in changes(code(actors, dated, IQ_TOWNS, published))] == [("Anah", "2017-09-26")]
    # with no date of its own, the earlier change is that long before the main clause's date, at the
    # unit's precision (never the publication day): Monday Oct. 30 minus seven calendar months, in March
    undated = "Iraqi troops declared victory on Monday, seven months after Islamic State militants overran Ramadi."
    assert [(c[0], c[1], c[3], c[4]) for c in changes(code(actors, undated, IQ_TOWNS, published))] == [
        ("Ramadi", "Islamic State", "2017-03-01", "month")
    ]


def test_pluperfect_holds_are_past_states(actors):
    text = "Tal Afar had been under the control of Islamic State militants since 2014."
    assert holds(code(actors, text, IQ_TOWNS, dt.date(2017, 9, 1))) == []


def test_reference_point_is_not_the_passive_subject(actors):
    text = "Tal Afar, about 80 km west of Mosul, was recaptured by Iraqi forces on Thursday."
    assert [c[0] for c in changes(code(actors, text, IQ_TOWNS, dt.date(2017, 9, 1)))] == ["Tal Afar"]


def test_pulling_troops_out_of_a_town_loses_it(actors):
    text = "Russia said Saturday it had pulled its troops out of the key eastern city of Lyman."
    found = changes(code(actors, text, {"Lyman": place("Lyman", "PPL", "UA")}, dt.date(2022, 10, 2)))
    assert found == [("Lyman", "Military Forces of Ukraine", "Military Forces of Russia", "2022-10-01", "day")]


def test_background_change_on_another_day_is_kept_with_the_new_one(actors):
    text = ("Russia said Saturday it had pulled its troops out of the city of Lyman.\n"
            "Russian forces had seized Lyman in late May after weeks of fighting.")
    found = changes(code(actors, text, {"Lyman": place("Lyman", "PPL", "UA")}, dt.date(2022, 10, 2)))
    assert {(c[1], c[3]) for c in found} == {
        ("Military Forces of Ukraine", "2022-10-01"), ("Military Forces of Russia", "2022-05-01")
    }


def test_bare_took_and_swept_into_capture_a_place(actors):
    places = {"Jalalabad": place("Jalalabad", "PPLA", "AF"), "Sanaa": place("Sanaa", "PPLC", "YE")}
    took = changes(code(actors, "The Taliban took Jalalabad without a fight on Sunday.", places, dt.date(2021, 8, 15)))
    assert [(c[0], c[1], c[3]) for c in took] == [("Jalalabad", "Taliban", "2021-08-15")]
    swept = changes(code(actors, "Houthi rebels swept into Sanaa on Sunday.", places, dt.date(2014, 9, 22)))
    assert [(c[0], c[1], c[3]) for c in swept] == [("Sanaa", "Houthis", "2014-09-21")]


def test_a_town_that_fell_falls_to_the_non_state_actor_of_the_sentence(actors):
    text = "Herat fell late Thursday after Taliban fighters broke through the city's defenses."
    found = changes(code(actors, text, {"Herat": place("Herat", "PPLA", "AF")}, dt.date(2021, 8, 13)))
    assert [(c[0], c[1], c[3]) for c in found] == [("Herat", "Taliban", "2021-08-12")]


def test_country_possessive_names_the_state_force(actors):
    text = "Iraq's military said on Monday it had recaptured the city of Ramadi from Islamic State."
    found = changes(code(actors, text, IQ_TOWNS, dt.date(2015, 12, 29)))
    assert found == [("Ramadi", "Military Forces of Iraq", "Islamic State", "2015-12-28", "day")]


def test_forces_loyal_to_someone_have_that_someone_as_subject(actors):
    text = "Forces loyal to Khalifa Hifter seized the town of Gharyan on Thursday."
    found = changes(code(actors, text, {"Gharyan": place("Gharyan", "PPL", "LY")}, dt.date(2019, 4, 5)))
    assert [(c[0], c[1], c[3]) for c in found] == [("Gharyan", "Libyan National Army", "2019-04-04")]


def test_nominal_actor_search_is_only_for_nominal_triggers(actors):
    text = ("Unnamed forces said on Monday they had taken full control of Sirte, "
            "ending a campaign to oust Islamic State.")
    found = changes(code(actors, text, {"Sirte": place("Sirte", "PPL", "LY")}, dt.date(2016, 12, 6)))
    assert all(c[1] != "Islamic State" for c in found)


# --------------------------------------------------------------------------------------------
# Anaphora: "the town", "it", "the group"
# --------------------------------------------------------------------------------------------


def test_the_town_is_the_town_named_before(actors):
    text = ("Ukraine withdrew its troops from the town of Marinka on Sunday. "
            "Russia's defence ministry said its forces had taken full control of the town, a gain for Moscow.")
    places = {"Marinka": place("Marinka", "PPL", "UA"), "Moscow": place("Moscow", "PPLC", "RU")}
    found = changes(code(actors, text, places, dt.date(2023, 12, 26)))
    assert {(c[0], c[1]) for c in found} == {("Marinka", "Military Forces of Russia")}


def test_the_liberation_of_the_city_is_its_antecedent_with_the_loser_after_it(actors):
    text = ("Islamic State militants had held Sirte since 2015.\n"
            "On Monday the government declared the liberation of the city from the jihadists.")
    found = changes(code(actors, text, {"Sirte": place("Sirte", "PPL", "LY")}, dt.date(2016, 12, 6)))
    # "Islamic State militants" in Libya are its Libyan branch (as ACLED codes them)
    assert [(c[0], c[2], c[3]) for c in found] == [("Sirte", "Islamic State Libya", "2016-12-05")]


def test_the_city_without_a_town_before_is_the_lead_town(actors):
    text = ("Army retakes Palmyra\n\nThe offensive began three weeks ago with heavy air support.\n"
            "Syrian troops recaptured the city on Thursday.")
    found = changes(code(actors, text, {"Palmyra": place("Palmyra", "PPL", "SY")}, dt.date(2017, 3, 3)))
    assert [(c[0], c[1], c[3]) for c in found] == [("Palmyra", "Military Forces of Syria", "2017-03-02")]


def test_it_after_a_relative_which_is_the_place_and_the_group_is_the_armed_group(actors):
    text = ("Al-Shabaab fighters attacked a base near Mogadishu on Monday. "
            "The group, which has fought the government since 2007, still controls Jilib, which it seized in 2008.")
    places = {"Jilib": place("Jilib", "PPL", "SO"), "Mogadishu": place("Mogadishu", "PPLC", "SO")}
    events = code(actors, text, places, dt.date(2023, 5, 2))
    assert [(c[0], c[1], c[3], c[4]) for c in changes(events)] == [("Jilib", "al-Shabaab", "2008-01-01", "year")]


def test_partial_entry_through_a_possessive_is_contested(actors):
    text = "Russian troops entered Toretsk's eastern districts on Friday."
    events = code(actors, text, {"Toretsk": place("Toretsk", "PPL", "UA")}, dt.date(2024, 7, 1))
    assert changes(events) == []
    assert holds(events) == [("Toretsk", "Military Forces of Russia", "contested")]


def test_the_armed_forces_are_a_state_not_militants(actors):
    found = actors.matches("The president thanked the armed forces.", country_focus="IQ")
    assert [m.actor.name for m in found] == ["Military Forces of Iraq"]


def test_plural_noun_with_an_apposed_list_governs_the_list(actors):
    text = "The Taliban captured two provincial capitals on Friday, Kunduz and Sar-e Pul, officials said."
    places = {"Kunduz": place("Kunduz", "PPLA", "AF"), "Sar-e Pul": place("Sar-e Pul", "PPLA", "AF")}
    found = changes(code(actors, text, places, dt.date(2021, 8, 9)))
    assert {(c[0], c[1], c[3]) for c in found} == {("Kunduz", "Taliban", "2021-08-06"), ("Sar-e Pul", "Taliban", "2021-08-06")}


def test_a_date_in_a_clause_modifying_another_noun_does_not_date_the_change(actors):
    text = "The fall of Lysychansk is a blow to a defence plan drawn up in Kyiv last month."
    found = changes(code(actors, text, {"Lysychansk": place("Lysychansk", "PPL", "UA"),
                                        "Kyiv": place("Kyiv", "PPLC", "UA")}, dt.date(2022, 7, 4)))
    assert all(c[3] != "2022-06-01" for c in found)


def test_a_change_dated_twice_in_an_article_keeps_its_day_date(actors):
    text = ("Ukrainian troops took back Urozhaine last week, which Ukraine said it had freed on Aug. 16.\n"
            "Ukraine had retaken Urozhaine in August after a week of fighting.")
    found = changes(code(actors, text, {"Urozhaine": place("Urozhaine", "PPL", "UA")}, dt.date(2023, 8, 29)))
    assert [(c[0], c[3], c[4]) for c in found] == [("Urozhaine", "2023-08-16", "day")]


def test_a_heritage_site_noun_is_filler_and_forces_from_a_region_are_its_movement(actors):
    text = "Forces from Ethiopia's northern Tigray region seized the UNESCO site of Lalibela on Thursday."
    found = changes(code(actors, text, {"Lalibela": place("Lalibela", "PPL", "ET")}, dt.date(2021, 8, 6)))
    assert [(c[0], c[1], c[3]) for c in found] == [("Lalibela", "Tigray People's Liberation Front", "2021-08-05")]
