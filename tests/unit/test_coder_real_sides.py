"""Who gains and who holds, on sentences of real published articles (quoted verbatim, the page in a
comment above each): the side under attack as the incumbent of a contested place, the actors of wars
the dictionary lacked, officials who speak for their state, a hold that has ended, and the partners
of a gainer (backers, companions, the group soldiers belong to), who never lost the place.

Each text goes through the whole extraction (the default gazetteer, the actor dictionary), as a user's
article would.
"""

from __future__ import annotations

import datetime as dt

from events.extraction.actors import ActorDictionary
from events.extraction.pipeline import Extractor


def _control(extractor: Extractor, text: str, published: dt.date) -> list[dict]:
    return [e for e in extractor.extract(text, published=published).as_json()["events"] if e["control"]]


def _at(events: list[dict], place: str) -> list[dict]:
    return [e for e in events if e["place"]["name"] == place]


def _side(event: dict, role: str) -> str | None:
    actor = event["control"][role]
    return actor["name"] if actor else None


# --------------------------------------------------------------------------------------------
# Contested, no incumbent named: the side under attack is presumed to hold the place
# --------------------------------------------------------------------------------------------


def test_a_town_an_armed_group_storms_is_held_by_the_state_until_it_falls(extractor):
    # the state is presumed to hold it because the article names it ("the government")
    # http://stjohntosco.blogspot.com/2014/09/boko-haram-captures-bara-towns-in-yobe.html
    text = (
        "Boko Haram terrorists have stormed an unguarded Bara town in Yobe and Banki town in Borno states "
        "without firing a shot; they seized and controlled the territory. "
        "Traditional rulers in the captured towns, according to the agency, have now fled to Maiduguri, Borno "
        "State capital, despite denials by the government of Borno State and local vigilante groups that Bama "
        "remained under government control."
    )
    (bara,) = _at(_control(extractor, text, dt.date(2014, 9, 4)), "Bara")
    assert bara["control"]["status"] == "contested" and _side(bara, "gained_by") == "Boko Haram"
    assert _side(bara, "lost_by") == "Military Forces of Nigeria"


def test_a_city_a_state_assaults_is_held_by_its_armed_foe(extractor):
    # https://www.dailymail.co.uk/news/article-13475067/idf-takes-control-gaza-land-border-palestine-egypt-tensions-raised-israel-cairo.html
    text = (
        "Israel's military has seized control of a strategic buffer zone along Gaza's border with Egypt, in "
        "effect taking total command of the Palestinian enclave's perimeter as it continues its assault on "
        "the southern city of Rafah.\n\n"
        "The IDF announced last night it had captured the Philadelphi Corridor, a narrow demilitarised zone "
        "that runs the 8.6-mile length of the Gaza side of the border with Egypt and includes the Rafah "
        "crossing.\n\n"
        "Israel says the corridor is peppered with at least 20 tunnels that have funnelled weapons and other "
        "goods for Hamas - despite a yearslong blockade imposed by Israel and Egypt - and now aims to locate "
        "and destroy all the shafts."
    )
    (rafah,) = [e for e in _control(extractor, text, dt.date(2024, 5, 30)) if e["control"]["status"] == "contested"]
    assert rafah["place"]["name"] == "Rafaḩ" and _side(rafah, "gained_by") == "Military Forces of Israel"
    assert _side(rafah, "lost_by") == "Hamas"


def test_a_city_jihadists_besiege_is_held_by_the_state(extractor):
    # https://balkantravellers.com/jihadis-lay-siege-to-timbuktu
    text = (
        "Jihadists have besieged Timbuktu in northern Mali for several days, local actors said on Monday "
        "(Aug 21), where product prices have started to rise.\n\n"
        "Radical Islamists continue to fight against the Malian government and foreign presence."
    )
    (timbuktu,) = _at(_control(extractor, text, dt.date(2023, 8, 22)), "Timbuktu")
    assert timbuktu["control"]["status"] == "besieged"
    assert _side(timbuktu, "lost_by") == "Military Forces of Mali"
    # the first sentence alone names no defender: none is presumed
    (alone,) = _at(_control(extractor, text.split("\n\n")[0], dt.date(2023, 8, 22)), "Timbuktu")
    assert alone["control"]["status"] == "besieged" and alone["control"]["lost_by"] is None


# --------------------------------------------------------------------------------------------
# The actors of a war: Libya's 2011 sides, Syria's rebels
# --------------------------------------------------------------------------------------------


def test_libyas_2011_rebels_and_gaddafis_forces_are_the_sides_of_that_war(extractor):
    # https://iranian.com/2011/03/26/libya-rebels-recapture-key-town/
    text = (
        "Libyan rebels backed by allied air raids say they have seized control of the frontline oil town of "
        "Ajdabiya from Colonel Muammar Gaddafi’s forces.\n\n"
        "Gaddafi loyalists seized the town last week as they advanced east to quell an uprising now in its "
        "fifth week."
    )
    events = _at(_control(extractor, text, dt.date(2011, 3, 26)), "Ajdabiya")
    by_date = {e["date"]: e for e in events}
    rebels, loyalists = by_date["2011-03-26"], by_date["2011-03-14"]
    assert _side(rebels, "gained_by") == "NTC: National Transitional Council"
    assert _side(rebels, "lost_by") == "Military Forces of Libya (1969-2011)"
    assert _side(loyalists, "gained_by") == "Military Forces of Libya (1969-2011)"
    assert rebels["sub_event_type"] == "Non-state actor overtakes territory"


def test_libyas_state_force_after_2011_is_the_tripoli_government():
    actors = ActorDictionary.load()
    assert actors.state_force("LY", dt.date(2011, 3, 26)).name == "Military Forces of Libya (1969-2011)"
    assert actors.state_force("LY", dt.date(2019, 4, 5)).name == "Military Forces of Libya (GNA/GNU)"
    assert actors.default_non_state("LY", dt.date(2019, 4, 5)) is None  # the 2011 rebels are no one's default later


def test_the_militants_holding_a_syrian_town_are_the_rebels_when_no_group_is_named(extractor):
    # https://en.alalam.ir/news/1572385
    text = (
        "Yabroud is the last major town held by militants in the mountainous Qalamoun region along the "
        "border with neighboring Lebanon."
    )
    (yabroud,) = _control(extractor, text, dt.date(2014, 3, 5))
    assert yabroud["control"]["kind"] == "holds"
    assert _side(yabroud, "gained_by") == "Syrian National Army"  # the FSA-lineage rebels


# --------------------------------------------------------------------------------------------
# Speakers and ended holds
# --------------------------------------------------------------------------------------------


def test_a_countrys_officials_speak_for_its_state(extractor):
    # http://www.radionz.co.nz/news/world/125482/malian-army-retakes-town-with-french-support
    text = "Late on Friday Malian officials said they gained control of Konna."
    (konna,) = _control(extractor, text, dt.date(2013, 1, 12))
    assert _side(konna, "gained_by") == "Military Forces of Mali"
    assert konna["control"]["kind"] == "change" and konna["date"] == "2013-01-11"


def test_officials_are_not_an_armed_actor_of_the_events_they_report(extractor):
    # https://english.alarabiya.net/News/gulf/2016/01/10/Afghan-forces-retake-northern-district-from-Taliban
    text = (
        "The fighting has continued as Afghan and Pakistani officials, along with counterparts from China and "
        "the United States, prepare for meetings in Islamabad next week to lay the ground for possible peace "
        "talks with the Taliban."
    )
    events = extractor.extract(text, published=dt.date(2016, 1, 10)).as_json()["events"]
    assert all(e["actor1"] is None or e["actor1"]["kind"] != "state" for e in events)


def test_a_village_previously_held_by_a_group_is_held_by_whoever_holds_it_now(extractor):
    # http://www.globaltimes.cn/content/1053993.shtml
    text = (
        "Lt. Col. Jo-Ar Herrera said the bodies were found around 11:20 a.m. local time (0320 GMT) on "
        "Wednesday in Gadungan village in Marawi city, a village previously held by the terrorists allied "
        "with Islamic State which is now under the control of the government."
    )
    (gadungan,) = _at(_control(extractor, text, dt.date(2017, 6, 28)), "Gadungan")
    assert gadungan["control"]["kind"] == "holds"
    assert _side(gadungan, "gained_by") == "Military Forces of Philippines"


# --------------------------------------------------------------------------------------------
# Partners of the gainer never lost the place
# --------------------------------------------------------------------------------------------


def test_foreign_fighters_entering_a_town_alongside_its_army_take_it_for_the_army(extractor):
    # https://headtopics.com/ca/russian-backed-malian-forces-capture-rebel-stronghold-in-48984387
    text = (
        "Russian soldiers from the Wagner Group entered the city of Kidal alongside Malian forces on "
        "Tuesday, just two weeks after United Nations peacekeepers had withdrawn from the city."
    )
    kidal = [e for e in _at(_control(extractor, text, dt.date(2023, 11, 14)), "Kidal") if e["date"] == "2023-11-14"]
    assert kidal and all(_side(e, "gained_by") == "Military Forces of Mali" for e in kidal)
    assert all(_side(e, "lost_by") not in ("Wagner Group", "Military Forces of Russia") for e in kidal)


def test_members_of_an_alliance_never_take_a_town_from_each_other(extractor):
    # https://dawn.com/news/1798543
    text = (
        "Clashes have raged across Myanmar’s northern Shan state since the Arakan Army (AA), the Myanmar "
        "National Democratic Alliance Army (MNDAA) and the Ta’ang National Liberation Army (TNLA) launched a "
        "joint offensive late October.\n\n"
        "The TNLA said they captured Namhsan on Friday after launching an attack in the area more than two "
        "weeks ago."
    )
    (namhsan,) = _at(_control(extractor, text, dt.date(2023, 12, 17)), "Namhsan")
    assert _side(namhsan, "gained_by") == "TNLA: Ta'ang National Liberation Army"
    assert _side(namhsan, "lost_by") == "Military Forces of Myanmar"


def test_a_change_reported_in_the_pluperfect_is_the_reports_news(extractor):
    # http://www.radionz.co.nz/news/world/125482/malian-army-retakes-town-with-french-support
    text = (
        "Malian officials said they had taken back the strategic central town of Konna, which rebels had "
        "secured just a day earlier as they pushed south."
    )
    events = _at(_control(extractor, text, dt.date(2013, 1, 12)), "Konna")
    assert [(e["date"], _side(e, "gained_by")) for e in events if e["control"]["kind"] == "change"][:1] == [
        ("2013-01-12", "Military Forces of Mali")
    ]


def test_pro_government_fighters_are_the_states_side_not_the_rebels(extractor):
    # https://english.alarabiya.net/News/middle-east/2015/07/14/Yemeni-Popular-Resistance-forces-retake-Aden-airport
    text = (
        "Pro-government fighters in south Yemen seized Aden's airport on Tuesday as they launched a new "
        "offensive supported by Saudi-led warplanes and ships against Iran-backed militias, military sources said."
    )
    (airport,) = _control(extractor, text, dt.date(2015, 7, 14))
    assert _side(airport, "gained_by") == "Military Forces of Yemen" and _side(airport, "lost_by") == "Houthis"


def test_we_in_a_quote_is_the_actor_its_speaker_was_introduced_as_commanding(extractor):
    # https://allafrica.com/stories/202310300085.html
    text = (
        "Nyala — Rapid Support Forces (RSF) Deputy Commander Abdelrahim Dagalo, the brother of RSF commander "
        "'Hemedti', called on residents to return to their homes in a speech on Friday, after occupying the "
        "major base of the Sudan Armed Forces (SAF) 16th Infantry Division in Nyala, capital of South Darfur on "
        "Thursday.\n\n"
        'In his speech, Abdelrahim Dagalo declared: "We have taken over the city of Nyala, represented by the '
        '16th Division. We declare our full support and our efforts to secure the citizens."'
    )
    changes = [e for e in _at(_control(extractor, text, dt.date(2023, 10, 30)), "Nyala") if e["control"]["kind"] == "change"]
    assert changes and all(_side(e, "gained_by") == "Rapid Support Forces" for e in changes)
    assert all(_side(e, "lost_by") == "Military Forces of Sudan" for e in changes)



def test_fighters_named_by_a_demonym_are_that_countrys_armed_group(extractor):
    # http://www.metronews.ca/news/world/2018/03/18/the-latest-turkey-says-allied-forces-reach-centre-of-afrin.html
    text = (
        "Turkey views the Kurdish forces in the Afrin enclave along the border as terrorists because of their "
        "links to the Kurdish insurgency inside Turkey.\n"
        "Turkey's private Dogan news agency on Sunday reported that the Turkish-backed Syrian fighters "
        '"established control" in the town\n'
        "The Syrian Observatory for Human Rights says the Syrian fighters entered the town with Turkish forces "
        "amid intensive airstrikes."
    )
    (afrin,) = _control(extractor, text, dt.date(2018, 3, 18))
    assert afrin["place"]["name"] == "‘Afrīn" and afrin["control"]["kind"] == "change"
    assert _side(afrin, "gained_by") == "Syrian National Army"  # the Turkish-backed rebels, not Syria's army


def test_a_demonym_names_the_group_of_its_country_not_of_the_place():
    # the actor dictionary alone, on the phrase of the unit above: "Nigerian insurgents" in Niger and
    # "Palestinian militants" in Israel are their own country's groups
    actors = ActorDictionary.load()
    found = actors.matches("Nigerian insurgents seized the town", country_focus="NE", on=dt.date(2016, 6, 4))
    assert [m.actor.name for m in found] == ["Boko Haram"]
    found = actors.matches("Palestinian militants seized the town", country_focus="IL", on=dt.date(2023, 10, 7))
    assert [m.actor.name for m in found] == ["Hamas"]


def test_the_occupiers_azerbaijan_liberates_villages_from_are_the_karabakh_armenian_forces(extractor):
    # https://en.trend.az/azerbaijan/politics/3318694.html
    text = (
        "BAKU, Azerbaijan, Oct. 17\n\nTrend:\n\nThe glorious Azerbaijani Army will continue to drive the "
        "invaders away from our lands, President of the Republic of Azerbaijan Ilham Aliyev said in an address "
        "to the nation, Trend reports.\n\n“In recent days, I have informed my people and announced the names "
        "of the newly liberated villages. Today, with a feeling of great satisfaction and joy, I want to convey "
        "to my dear people the names of more settlements that have been liberated. "
        "The following settlements of Fuzuli district have been liberated from the occupiers – Gochahmadli "
        "village, Chiman village, Juvarli village, Pirahmadli village, Musabayli village, Ishigli village, "
        "Dadali village, and Fizuli city."
    )
    events = _control(extractor, text, dt.date(2020, 10, 17))
    assert len(events) >= 5
    assert all(_side(e, "gained_by") == "Military Forces of Azerbaijan" for e in events)
    assert all(_side(e, "lost_by") == "Nagorno-Karabakh forces" for e in events)


def test_the_default_armed_group_of_a_country_can_hold_for_a_war_only():
    actors = ActorDictionary.load()
    assert actors.default_non_state("ET", dt.date(2021, 11, 20)).name == "Tigray People's Liberation Front"
    assert actors.default_non_state("ET", dt.date(2023, 8, 10)).name == "Fano"
    assert actors.default_non_state("SY", dt.date(2024, 12, 1)).name == "Hayat Tahrir al-Sham"
    assert actors.default_non_state("SY", dt.date(2014, 3, 5)).name == "Syrian National Army"
    assert actors.default_non_state("SY", None).name == "Syrian National Army"  # no date: no period's default


def test_troops_a_report_says_had_entered_a_city_took_it_on_the_reports_day(extractor):
    # https://www.devdiscourse.com/article/law-order/2247927-russias-war-on-ukraine-latest-news-ukrainian-troops-greeted-with-joy-in-kherson
    text = (
        "* Ukraine's defence intelligence agency confirmed Ukrainian troops had entered Kherson and ordered "
        "Russian soldiers still inside the city to surrender."
    )
    (kherson,) = _control(extractor, text, dt.date(2022, 11, 11))
    assert kherson["date"] == "2022-11-11" and _side(kherson, "gained_by") == "Military Forces of Ukraine"


def test_a_foreign_army_named_with_the_places_own_takes_it_for_the_state(extractor):
    # https://www.rfi.fr/en/africa/20210808-rwandan-troops-help-mozambique-army-regain-control-of-port-held-by-jihadists
    text = (
        '"The port city of Mocimboa da Praia, a major stronghold of the insurgency for more than two years has '
        'been captured by Rwandan and Mozambican security forces," the Rwandan Defence Forces said in a tweet.'
    )
    (port,) = _control(extractor, text, dt.date(2021, 8, 8))
    assert _side(port, "gained_by") == "Military Forces of Mozambique"
    assert _side(port, "lost_by") == "Islamic State Mozambique Province"  # never the partner's host


def test_south_sudans_army_by_its_old_name_retakes_towns_from_the_rebel_leader(extractor):
    # http://newtimes.co.rw/article/106487/south-sudan-army-captures-key-towns-from-rebels/amp
    text = (
        "South Sudan army captures key towns from rebels\n\nJUBA. South Sudan’s army has captured the key rebel "
        "base of Nasir and the northern oil hub of Bentiu following a major offensive against rebel commander "
        "Riek Machar and his forces.\n\nMonday, May 05, 2014\n\n"
        "Army spokesman Philip Aguer told Al Jazeera the Sudan People’s Liberation Army (SPLA) recaptured the "
        "towns of Nasir and Bentiu from Machar, who has been fighting government forces of President Salva Kiir "
        "since mid-December."
    )
    events = _control(extractor, text, dt.date(2014, 5, 5))
    assert any("Aguer" in text[e["evidence"]["start"] : e["evidence"]["end"]] for e in _at(events, "Bentiu"))
    assert {e["place"]["name"] for e in events} == {"Nasir", "Bentiu"}
    assert all(_side(e, "gained_by") == "Military Forces of South Sudan" for e in events)
    assert all(_side(e, "lost_by").startswith("SPLM-IO") for e in events)  # "from Machar", not Sudan


def test_pro_russian_separatist_gunmen_are_the_donbas_separatists(extractor):
    # https://wayback.archive.org/web/20140614004232/http://euronews.com/2014/06/13/ukrainian-government-retakes-mariupol/
    text = (
        "The Ukrainian government has announced its forces have retaken the southern city of Mariupol from "
        "pro-Russian separatist gunmen, and in heavy fighting has also retaken control of a long stretch of the "
        "border with Russia."
    )
    (mariupol,) = _at(_control(extractor, text, dt.date(2014, 6, 13)), "Mariupol")
    assert _side(mariupol, "gained_by") == "Military Forces of Ukraine"
    assert _side(mariupol, "lost_by") == "Donetsk People's Republic"


def test_the_owner_of_a_stronghold_taken_is_its_loser(extractor):
    # https://townhall.com/news/politics-elections/2014/10/05/african-union-somali-troops-retake-shabaab-stronghold-of-barawe-n1901010
    text = (
        "African Union, Somali troops retake Shabaab stronghold of Barawe\n\n"
        "BARAWE Somalia (Reuters) - About 1,000 African Union and Somali troops took control on Sunday of the al "
        "Shabaab militant stronghold of Barawe on the southern Somali coast after the al Qaeda-linked Islamist "
        "militants fled without resistance, a Somali official said."
    )
    events = _control(extractor, text, dt.date(2014, 10, 5))
    assert events and all(e["place"]["name"] == "Baraawe" for e in events)
    assert all(_side(e, "gained_by") == "Military Forces of Somalia" for e in events)
    assert all(_side(e, "lost_by") == "al-Shabaab" for e in events)
