"""The event coder on full news pages: headline and dateline, page chrome, background history,
claims and denials, and actors resolved in the article's context.

Mentions are built by hand as in test_coder (every occurrence of a listed surface is that place);
the texts are our own, about publicly known events.
"""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.actors import ActorDictionary
from events.extraction.coder import code_events
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


# --------------------------------------------------------------------------------------------
# The place a trigger governs
# --------------------------------------------------------------------------------------------


def test_a_garrison_taken_in_a_town_is_the_town_taken(actors):
    sudan = (
        "KHARTOUM (Reuters) - Sudan's Rapid Support Forces said on Thursday they had overrun the army's "
        "16th Infantry Division base in Nyala.\n"
    )
    mali = "Separatist rebels in northern Mali seized an army camp in the town of Lere on Sunday.\n"
    nyala = code(actors, sudan, {"Nyala": place("Nyala", "PPL", "SD", 910)}, dt.date(2023, 10, 27))
    lere = code(actors, mali, {"Lere": place("Léré", "PPL", "ML", 911)}, dt.date(2023, 10, 2))
    assert [c[:2] for c in changes(nyala) + changes(lere)] == [
        ("Nyala", "Rapid Support Forces"),
        ("Léré", "Coordination of Azawad Movements"),
    ]


def test_weapons_taken_from_a_base_in_a_town_are_not_the_town(actors):
    text = "Islamic State fighters seized weapons from a base in Ramadi on Friday."
    events = code(actors, text, {"Ramadi": place("Ramadi", "PPL", "IQ", 975)}, dt.date(2015, 5, 18))
    assert changes(events) == []


def test_a_region_naming_a_town_is_not_the_place_taken(actors):
    text = "Ethiopian forces take Tigray town of Shire\n"
    places = {"Tigray": place("Tigray", "ADM1", "ET", 912), "Shire": place("Inda Silasē", "PPL", "ET", 913)}
    events = code(actors, text, places, dt.date(2022, 10, 18))
    assert [c[:2] for c in changes(events)] == [("Inda Silasē", "Military Forces of Ethiopia")]


def test_a_list_goes_on_after_an_apposition(actors):
    text = (
        "The insurgents also seized Pul-e-Khumri, the capital of Baghlan province, and Farah, capital of "
        "the western province of the same name, on Tuesday, officials said."
    )
    places = {
        "Pul-e-Khumri": place("Pul-e Khumrī", "PPL", "AF", 914),
        "Baghlan": place("Baghlan", "ADM1", "AF", 915),
        "Farah": place("Farah", "PPL", "AF", 916),
    }
    events = code(actors, text + " The Taliban said so.", places, dt.date(2021, 8, 12))
    assert [(c[0], c[3]) for c in changes(events)] == [
        ("Pul-e Khumrī", "2021-08-10"),
        ("Farah", "2021-08-10"),
    ]


def test_seized_power_is_no_capture_of_the_town_named_before(actors):
    text = (
        "Analysts said the army's arrival in Kidal was a political victory for the junta, which seized "
        "power in 2020."
    )
    events = code(actors, text, {"Kidal": place("Kidal", "PPL", "ML", 917)}, dt.date(2023, 11, 15))
    assert changes(events) == []


def test_the_town_is_not_a_capital_named_for_its_government(actors):
    text = (
        "Syrian rebels backed by Turkish tanks took Jarabulus on Wednesday, in an operation Ankara said "
        "was aimed at Kurdish fighters.\n"
        "Turkish-backed rebels entered the town in the afternoon.\n"
    )
    places = {"Jarabulus": place("Jarābulus", "PPL", "SY", 918), "Ankara": place("Ankara", "PPLC", "TR", 919)}
    events = code(actors, text, places, dt.date(2016, 8, 25))
    assert {c[0] for c in changes(events)} == {"Jarābulus"}


def test_the_town_is_the_one_the_story_is_about_not_a_landmark_beside_it(actors):
    text = (
        "Iraqi forces retook the northern town of Shirqat on Thursday, removing an obstacle on the road "
        "to the jihadists' stronghold of Mosul.\n"
        "The army and the police entered the town at dawn.\n"
    )
    places = {"Shirqat": place("Shirqat", "PPL", "IQ", 920), "Mosul": place("Mosul", "PPL", "IQ", 921)}
    events = code(actors, text, places, dt.date(2016, 9, 23))
    assert {c[0] for c in changes(events)} == {"Shirqat"}


def test_the_city_of_a_name_shared_with_its_province_is_the_city(actors):
    text = "Houthi rebels captured the northern city of Amran on Tuesday."
    governorate = place("'Amran", "ADM1", "YE", 922)
    city = place("‘Amrān", "PPL", "YE", 923)
    start = text.index("Amran")
    mentions = [
        {"text": "Amran", "start": start, "end": start + 5, "confidence": 0.85, "place": governorate,
         "candidates": [{**governorate, "score": 0.85}, {**city, "score": 0.15}]},
    ]  # fmt: skip
    events = code_events(text=text, mentions=mentions, published=dt.date(2014, 7, 10), actors=actors)
    assert [(e["place"]["name"], e["mention"]) for e in events if e["control"]] == [("‘Amrān", 0)]


def test_the_town_a_relative_clause_hangs_on_is_held(actors):
    text = (
        "The army and Wagner had been trying to retake Tinzaouaten.\n"
        "They failed to take the town, which remains under the control of the CSP, the rebels said.\n"
    )
    events = code(actors, text, {"Tinzaouaten": place("Tinzaouaten", "PPL", "ML", 924)}, dt.date(2024, 7, 30))
    assert holds(events) == [("Tinzaouaten", "Coordination of Azawad Movements", "controlled")]
    assert changes(events) == []


def test_the_east_of_a_city_is_only_part_of_it(actors):
    text = "Iraqi forces fought into Mosul. They recaptured the east of the city in January."
    events = code(actors, text, {"Mosul": place("Mosul", "PPL", "IQ", 925)}, dt.date(2017, 4, 27))
    assert changes(events) == []


# --------------------------------------------------------------------------------------------
# Who took it
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "country", "gainer"),
    [
        (
            "Military police from Russia and Syrian troops entered Daraa on Thursday.",
            "Daraa", "SY", "Military Forces of Syria",
        ),
        (
            "Ethiopian and Eritrean troops captured the city of Shire on Monday.",
            "Shire", "ET", "Military Forces of Ethiopia",
        ),
        (
            "Troops, backed by Sunni tribal fighters and the Popular Mobilisation Forces, entered al-Qaim on Friday.",
            "al-Qaim", "IQ", "Military Forces of Iraq",
        ),
        (
            "The army, backed by Russian Wagner mercenaries, had earlier taken Anefis on Oct. 7.",
            "Anefis", "ML", "Military Forces of Mali",
        ),
        (
            "Troops from Chad and Niger drove Boko Haram militants out of Damasak on Monday.",
            "Damasak", "NG", "Military Forces of Chad",
        ),
        (
            "Armed groups aligned with the GNA drove Islamic State out of its stronghold of Sirte on Monday.",
            "Sirte", "LY", "Military Forces of Libya (GNA/GNU)",
        ),
    ],
)  # fmt: skip
def test_the_gainer_is_the_head_of_the_subject_and_the_home_state_among_partners(
    actors, text, surface, country, gainer
):
    events = code(actors, text, {surface: place(surface, "PPL", country, 930)}, dt.date(2023, 11, 15))
    assert [c[1] for c in changes(events)] == [gainer]


def test_they_in_a_relative_clause_are_the_forces_named_before_it(actors):
    text = (
        "Mariupol was the largest city to fall to Russian forces since Kherson, which they captured on "
        "March 2 in the first week of the invasion."
    )
    places = {"Mariupol": place("Mariupol", "PPL", "UA", 931), "Kherson": place("Kherson", "PPLA", "UA", 932)}
    events = code(actors, text, places, dt.date(2022, 5, 21))
    assert (
        "Kherson",
        "Military Forces of Russia",
        "Military Forces of Ukraine",
        "2022-03-02",
        "day",
    ) in changes(events)


def test_a_group_reporting_a_place_captured_reports_its_own_gain(actors):
    text = (
        "The MNDAA said in a statement that the junta's headquarters in Lashio had been \"completely "
        'captured" on Saturday.\n'
        '"Baghouz has been liberated," the spokesman of the Syrian Democratic Forces wrote on Saturday.\n'
    )
    places = {"Lashio": place("Lashio", "PPL", "MM", 933), "Baghouz": place("Al Bāghūz", "PPL", "SY", 934)}
    events = code(actors, text, places, dt.date(2024, 8, 4))
    assert [c[:2] for c in changes(events)] == [
        ("Lashio", "MNDAA: Myanmar National Democratic Alliance Army"),
        ("Al Bāghūz", "Syrian Democratic Forces"),
    ]


def test_one_stray_foreign_name_does_not_make_the_army_foreign(actors):
    """ "Rashid" in a general's name read as a town in Egypt must not make "the army" Egypt's."""
    text = (
        "Iraqi forces retook Shirqat on Thursday.\n"
        "The army entered Qayyarah at dawn, said General Abdulamir Rashid Yarallah.\n"
    )
    places = {
        "Shirqat": place("Shirqat", "PPL", "IQ", 935),
        "Qayyarah": place("Al Qayyārah", "PPL", "IQ", 936),
        "Rashid": place("Rosetta", "PPL", "EG", 937),
    }
    events = code(actors, text, places, dt.date(2016, 9, 23))
    assert {c[1] for c in changes(events)} == {"Military Forces of Iraq"}


# --------------------------------------------------------------------------------------------
# Trigger families: what is and is not a change
# --------------------------------------------------------------------------------------------


def test_a_noun_referring_back_to_a_capture_is_no_new_capture(actors):
    text = (
        "The Arakan Army said it had captured the Western Command base in the town of Ann on Friday.\n"
        "The capture of Ann leaves the junta in control of only three townships.\n"
        "The fall of Ann contrasts with the army's hold on Sittwe. The capture cut Sittwe off from the south.\n"
    )
    places = {"Ann": place("Ann", "PPL", "MM", 940), "Sittwe": place("Sittwe", "PPLA", "MM", 941)}
    events = code(actors, text, places, dt.date(2024, 12, 22))
    assert changes(events) == [("Ann", "Arakan Army", "Military Forces of Myanmar", "2024-12-20", "day")]


def test_under_someones_control_and_in_someones_hands_are_holds(actors):
    text = (
        'A U.S. spokesman said the city of Ghazni "remains under government control."\n'
        "The Taliban said the city was not under government control.\n"
        "Kandahar was in Taliban hands by Friday morning, a lawmaker said.\n"
    )
    places = {"Ghazni": place("Ghazni", "PPLA", "AF", 942), "Kandahar": place("Kandahār", "PPL", "AF", 943)}
    events = code(actors, text, places, dt.date(2018, 8, 13))
    assert holds(events) == [
        ("Ghazni", "Military Forces of Afghanistan (2004-2021)", "controlled"),
        ("Kandahār", "Taliban", "controlled"),
    ]


def test_pushing_troops_back_from_a_city_takes_nothing(actors):
    text = "Ukrainian forces pushed Russian troops back from Kharkiv in recent weeks."
    events = code(actors, text, {"Kharkiv": place("Kharkiv", "PPLA", "UA", 944)}, dt.date(2022, 5, 21))
    assert changes(events) == []


def test_lost_is_a_loss_of_ground_only_when_ground_follows(actors):
    lost_men = "Russian forces lost dozens, Avdiivka officials said on Friday."
    lost_town = "Islamic State lost Mosul in July, officials said."
    avdiivka = code(actors, lost_men, {"Avdiivka": place("Avdiivka", "PPL", "UA", 945)}, dt.date(2023, 12, 1))
    mosul = code(actors, lost_town, {"Mosul": place("Mosul", "PPL", "IQ", 946)}, dt.date(2017, 11, 1))
    assert changes(avdiivka) == []
    assert changes(mosul) == [("Mosul", "Military Forces of Iraq", "Islamic State", "2017-07-01", "month")]


def test_the_ports_and_they_are_the_places_of_the_last_change_with_several(actors):
    text = (
        "Forces loyal to Khalifa Haftar retook the oil terminals of Ras Lanuf and Es Sider on Tuesday.\n"
        "They were captured on March 3 by the Benghazi Defence Brigades.\n"
        "The LNA first seized the ports on Sept. 11 last year.\n"
    )
    places = {
        "Ras Lanuf": place("Ras Lanuf", "PPL", "LY", 950),
        "Es Sider": place("Es Sider", "PRT", "LY", 951),
    }
    found = {(c[0], c[1], c[3]) for c in changes(code(actors, text, places, dt.date(2017, 3, 15)))}
    assert found == {
        (name, gainer, day)
        for name in ("Ras Lanuf", "Es Sider")
        for gainer, day in (
            ("Libyan National Army", "2017-03-14"),
            ("Benghazi Defence Brigades", "2017-03-03"),
            ("Libyan National Army", "2016-09-11"),
        )
    }


def test_a_claimed_capture_does_not_silence_the_city_remaining_in_government_hands(actors):
    text = (
        "The militants said on Saturday that they had captured most of Ghazni.\n"
        'A U.S. spokesman in Afghanistan said the city "remains under government control."\n'
    )
    events = code(actors, text, {"Ghazni": place("Ghazni", "PPLA", "AF", 952)}, dt.date(2018, 8, 13))
    assert holds(events) == [("Ghazni", "Military Forces of Afghanistan (2004-2021)", "controlled")]
    assert [(c[1], c[3]) for c in changes(events)] == [("Taliban", "2018-08-11")]
    assert [e["control"]["claimed"] for e in events if e["control"]["kind"] == "change"] == [True]


def test_a_leader_declaring_a_city_liberated_is_its_taker(actors):
    text = (
        "Khalifa Haftar declared victory on Wednesday in a campaign against Islamists in Benghazi, saying "
        'the country\'s second city had been "completely liberated."'
    )
    events = code(actors, text, {"Benghazi": place("Benghazi", "PPL", "LY", 953)}, dt.date(2017, 7, 6))
    assert [c[:2] for c in changes(events)] == [("Benghazi", "Libyan National Army")]


def test_in_may_is_a_month_not_a_modal(actors):
    text = "The Arakan Army captured Maungdaw on Sunday. In May it took Buthidaung, a nearby town, on May 18."
    places = {
        "Maungdaw": place("Maungdaw", "PPL", "MM", 954),
        "Buthidaung": place("Buthidaung", "PPL", "MM", 955),
    }
    found = changes(code(actors, text, places, dt.date(2024, 12, 9)))
    assert ("Buthidaung", "Arakan Army", "Military Forces of Myanmar", "2024-05-18", "day") in found


@pytest.mark.parametrize(
    ("text", "is_claim"),
    [
        ("The militants said on Saturday that they had captured Ghazni.", True),
        ("The Taliban claimed to have captured Ghazni on Saturday.", True),
        ("Rebels captured Ghazni on Saturday, after the army said it had withdrawn its units.", False),
        ("Rebels captured Ghazni on Saturday, witnesses said.", False),
        ("Rebels captured Ghazni on Saturday, a claim the government denied.", True),
    ],
)
def test_a_claim_is_the_sides_own_word_for_the_change(actors, text, is_claim):
    events = code(actors, text, {"Ghazni": place("Ghazni", "PPLA", "AF", 956)}, dt.date(2018, 8, 13))
    assert [e["control"]["claimed"] for e in events if e["control"]] == [is_claim]


# --------------------------------------------------------------------------------------------
# Dates of background history
# --------------------------------------------------------------------------------------------


def test_later_counts_from_the_event_told_before_not_from_publication(actors):
    text = (
        "The Taliban have not held a provincial capital for long since they briefly captured Kunduz in 2015.\n"
        "Afghan forces retook Kunduz about two weeks later with heavy U.S. air support.\n"
    )
    events = code(actors, text, {"Kunduz": place("Kunduz", "PPLA", "AF", 960)}, dt.date(2018, 8, 13))
    assert [(c[1], c[3], c[4]) for c in changes(events)] == [
        ("Taliban", "2015-01-01", "year"),
        ("Military Forces of Afghanistan (2004-2021)", "2015-01-15", "year"),
    ]


def test_a_date_in_another_clause_or_of_another_trigger_is_not_the_triggers(actors):
    text = (
        "Turkish-backed rebels entered Jarabulus, hours after Turkish special forces crossed the frontier "
        "in the first incursion since the Syrian war began in 2011.\n"
        "Rebels took most of Aleppo last week and captured the central city of Hama on Thursday.\n"
        "On Thursday fighters attacked positions near Baiji, an oil refinery town further south that "
        "government forces retook last year.\n"
    )
    places = {
        "Jarabulus": place("Jarābulus", "PPL", "SY", 961),
        "Aleppo": place("Aleppo", "PPLA", "SY", 962),
        "Hama": place("Ḩamāh", "PPLA", "SY", 963),
        "Baiji": place("Bayjī", "PPL", "IQ", 964),
    }
    found = {c[0]: (c[3], c[4]) for c in changes(code(actors, text, places, dt.date(2016, 12, 8)))}
    assert found["Jarābulus"] == ("2016-12-08", "day")  # undated: the day of the story, not 2011
    assert found["Aleppo"] == ("2016-11-28", "week")
    assert found["Ḩamāh"] == ("2016-12-08", "day")
    assert found["Bayjī"] == ("2015-01-01", "year")


def test_a_hold_since_a_year_is_a_hold_on_the_day_of_the_story(actors):
    text = "Turkish-backed factions said they were advancing on Manbij, a town held by the SDF since 2016."
    events = code(actors, text, {"Manbij": place("Manbij", "PPL", "SY", 965)}, dt.date(2024, 12, 8))
    assert [(e["place"]["name"], e["date"]) for e in events if e["control"]["kind"] == "holds"] == [
        ("Manbij", "2024-12-08")
    ]


def test_a_participle_in_an_apposition_is_background_without_the_sentences_date(actors):
    text = (
        "They were captured on March 3 by the Benghazi Defence Brigades, a coalition of fighters driven "
        "out of Benghazi by Haftar's forces, in a surprise attack."
    )
    events = code(actors, text, {"Benghazi": place("Benghazi", "PPL", "LY", 966)}, dt.date(2017, 3, 15))
    assert changes(events) == []


def test_today_is_the_day_in_the_dateline(actors):
    text = (
        "BENGHAZI, Libya, July 5 (Reuters) - Khalifa Haftar declared victory today in Benghazi, saying the "
        'city had been "completely liberated."'
    )
    benghazi = place("Benghazi", "PPL", "LY", 967)
    events = code(actors, text, {"BENGHAZI": benghazi, "Benghazi": benghazi}, dt.date(2017, 7, 6))
    assert [(c[1], c[3]) for c in changes(events)] == [("Libyan National Army", "2017-07-05")]


# --------------------------------------------------------------------------------------------
# The other side
# --------------------------------------------------------------------------------------------


def test_a_state_force_is_read_as_it_was_on_the_day_of_the_event(actors):
    text = (
        "Taliban fighters took control of Kabul on Sunday.\n"
        "Afghan security forces abandoned checkpoints across the capital.\n"
        "On Saturday, the Taliban captured Mazar-e-Sharif, the largest city in the north.\n"
    )
    places = {
        "Kabul": place("Kabul", "PPLC", "AF", 970),
        "Mazar-e-Sharif": place("Mazār-e Sharīf", "PPL", "AF", 971),
    }
    found = changes(code(actors, text, places, dt.date(2021, 8, 16)))
    assert (
        "Mazār-e Sharīf",
        "Taliban",
        "Military Forces of Afghanistan (2004-2021)",
        "2021-08-14",
        "day",
    ) in found


def test_forces_backing_the_taker_are_its_associated_actors(actors):
    text = "Troops, backed by Sunni tribal fighters and the Popular Mobilisation Forces, entered al-Qaim on Friday."
    events = code(actors, text, {"al-Qaim": place("Al Qā’im", "PPL", "IQ", 972)}, dt.date(2017, 11, 4))
    assert [(e["actor1"]["name"], [a["name"] for a in e["assoc_actors"]]) for e in events] == [
        ("Military Forces of Iraq", ["Popular Mobilization Forces"])
    ]


def test_a_short_body_line_ending_in_a_colon_is_prose_not_chrome(actors):
    text = (
        "Iraqi forces advance in Anbar\n\n"
        "BAGHDAD (Reuters) - Iraqi forces pushed west along the Euphrates on Friday, officers said.\n"
        "The army said it had retaken Rawa on Friday:\n"
        '"The town is fully liberated," a commander said.\n'
    )
    events = code(actors, text, {"Rawa": place("Rāwah", "PPL", "IQ", 973)}, dt.date(2017, 11, 18))
    assert [(c[0], c[1], c[3]) for c in changes(events)] == [
        ("Rāwah", "Military Forces of Iraq", "2017-11-17")
    ]


@pytest.mark.parametrize(
    ("text", "surface", "country", "expected"),
    [
        ("Kurdish fighters raised their flag over Kobani on Monday.", "Kobani", "SY",
         ("change", "Syrian Democratic Forces", "2023-01-09")),
        ("Al-Shabaab militants fled Barawe on Friday as AU troops approached.", "Barawe", "SO",
         ("change", "AMISOM/ATMIS: African Union Mission in Somalia", "2023-01-13")),
        ("Government troops were forced to withdraw from Palmyra on Friday, the Islamic State group said.",
         "Palmyra", "SY", ("change", "Islamic State", "2023-01-13")),
        ("The Iraqi army declared the liberation of Mosul on Monday.", "Mosul", "IQ",
         ("change", "Military Forces of Iraq", "2023-01-09")),
        ("Houthi fighters won control of Amran on Tuesday.", "Amran", "YE", ("change", "Houthis", "2023-01-10")),
        ("Islamic State has a presence in Rawa, officials said.", "Rawa", "IQ",
         ("holds", "Islamic State", "2023-01-15")),
        ("Taliban fighters laid siege to Kunduz on Monday.", "Kunduz", "AF", ("holds", "Taliban", "2023-01-09")),
    ],
)  # fmt: skip
def test_trigger_forms_that_open_with_a_common_word_are_found(actors, text, surface, country, expected):
    """Triggers are only tried where a stem starts a word: "raised the flag", "fled", "has a presence",
    "laid siege", "declared the liberation", "won control" need their first word as a stem; "were
    forced to withdraw from" is an expulsion of its subject."""
    events = code(actors, text, {surface: place(surface, "PPL", country, 974)}, dt.date(2023, 1, 15))
    assert [
        (e["control"]["kind"], e["control"]["gained_by"]["name"], e["date"]) for e in events if e["control"]
    ] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fall of Mosul in June 2014 shocked Baghdad, and Islamic State still threatens it.",
         [("Mosul", "Islamic State", "2014-06-01", "month")]),
        ("The fall of Mosul contrasts with Islamic State's losses elsewhere.", []),
        ("Since capturing Mosul in June 2014, Islamic State has lost ground.",
         [("Mosul", "Islamic State", "2014-06-01", "month")]),
        ("After retaking Mosul on Monday, Iraqi forces turned west.",
         [("Mosul", "Military Forces of Iraq", "2015-12-28", "day")]),
    ],
)  # fmt: skip
def test_background_in_a_noun_or_an_opening_participle_keeps_its_own_date(actors, text, expected):
    events = code(actors, text, {"Mosul": place("Mosul", "PPL", "IQ", 976)}, dt.date(2015, 12, 30))
    assert [(c[0], c[1], c[3], c[4]) for c in changes(events)] == expected
