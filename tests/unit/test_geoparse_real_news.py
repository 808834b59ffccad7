"""The geoparser on sentences of real published articles (tests/data/control_real_dev.jsonl,
issue 8): each test quotes the sentence and names its article, and checks one general rule."""

from __future__ import annotations

from events.extraction.gazetteer import Gazetteer
from events.extraction.geoparse import geoparse


def by_text(text: str, gazetteer: Gazetteer) -> dict[str, dict]:
    """Mention text -> mention (the first one of each text)."""
    out: dict[str, dict] = {}
    for mention in geoparse(text, gazetteer):
        out.setdefault(mention["text"], mention)
    return out


def test_an_ayn_apostrophe_opens_the_next_word_of_a_name(gazetteer: Gazetteer) -> None:
    # irq-08
    text = (
        "the Iraqi Armed Forces would liberate several other important cities, including Mosul, "
        "Al-Ramadi, Al-Karma, Al-Qa'im, Tal 'Afar, Al-Rumanah, Baiji, and Fallujah."
    )
    mentions = by_text(text, gazetteer)
    assert "Afar" not in mentions  # no Afar region of Ethiopia
    assert mentions["Tal 'Afar"]["place"]["country_code"] == "IQ"


def test_the_town_of_a_name_shared_with_its_region_is_the_town(gazetteer: Gazetteer) -> None:
    # ner-03: one mention cued as a town, another as a region
    text = (
        "Residents were fleeing Bosso, Bako said, adding that he was sending his own family to the "
        "nearby town of Diffa. Niger's army holds the Diffa region, Niger said."
    )
    mentions = geoparse(text, gazetteer)
    diffa = [m["place"]["feature_code"] for m in mentions if m["text"] == "Diffa"]
    assert diffa[0].startswith("PPL") and diffa[1] == "ADM1"


def test_an_area_of_a_country_is_no_part_of_a_town(gazetteer: Gazetteer) -> None:
    # eth-08
    text = "The entire Quara district, in the Gondar area of Ethiopia, is reportedly under Fano forces."
    gondar = by_text(text, gazetteer)["Gondar"]["place"]
    assert gondar["name"] == "Gonder" and gondar["feature_code"].startswith("PPL")


def test_a_transliteration_abroad_is_no_place_of_the_country_the_text_is_about(gazetteer: Gazetteer) -> None:
    # moz-03: Awasa is a city of Ethiopia, nothing else in the text is Ethiopian
    text = (
        "Rwandan forces deployed in Cabo Delgado, Mozambique. The forces last week claimed their first "
        "success since deploying, saying they had helped the Mozambique army regain control of Awasse -- "
        "a small but strategic settlement near Mocimboa da Praia."
    )
    mention = by_text(text, gazetteer)["Awasse"]
    assert mention["place"] is None and mention["candidates"]  # kept for the editor, not placed abroad


def test_a_region_spelled_otherwise_abroad_in_a_list_of_towns(gazetteer: Gazetteer) -> None:
    # lbn-05: no governorate of Oman
    text = (
        "The Lebanese official news agency reported that the Israeli forces withdrew from the towns of "
        "Naqoura, Alam al-Shaab, Tirhurfa, and the entrances to Al-Dhahira and Aita Al-Shaab in south Lebanon."
    )
    assert by_text(text, gazetteer)["Al-Dhahira"]["place"] is None


def test_demonyms_say_which_country_the_text_is_about(gazetteer: Gazetteer) -> None:
    # som-06: "Somali" is the only other word of Somalia, and el-Ade is no Allada in Benin
    text = (
        "Al-Shabab militants have overrun an African Union military base outside the southern Somali "
        "town of el-Ade. Somali officials said Kenyan troops were based in Somalia."
    )
    assert by_text(text, gazetteer)["el-Ade"]["place"] is None


def test_a_village_named_as_such_is_not_a_small_namesake_abroad(gazetteer: Gazetteer) -> None:
    # nkr-02
    text = (
        "Azerbaijan's army liberated more villages. The following settlements of Fuzuli district have been "
        "liberated from the occupiers – Chiman village, Juvarli village, Azerbaijani President said."
    )
    assert by_text(text, gazetteer)["Chiman"]["place"] is None  # no Chiman in India


def test_news_sources_named_like_places_are_no_places(gazetteer: Gazetteer) -> None:
    # syr-02, syr-06, gaz-01, yem-02, ssd-04
    texts = [
        "Turkey's private Dogan news agency on Sunday reported that the Turkish-backed Syrian fighters "
        '"established control" in the town.',
        "[Source: Xinhua, Damascus, 16Mar14]",
        'a high-level Egyptian source was quoted as saying by state-linked Al-Qahera news.',
        "including the hills of al-Rayyan overlooking Hadda city, according to Al Arabiya.",
        "Army spokesman Philip Aguer told Al Jazeera the Sudan People's Liberation Army had taken Nasir.",
    ]
    found = {m["text"] for text in texts for m in geoparse(text, gazetteer)}
    assert not found & {"Dogan", "Xinhua", "Al-Qahera", "Al Arabiya", "Al Jazeera"}
    assert "Damascus" in found


def test_a_city_before_a_media_word_is_still_the_city(gazetteer: Gazetteer) -> None:
    # LGL lgl-40358302: a local station's city is a place of the story
    text = "Photos of Emma's smiling face filled Los Angeles television airwaves Thursday morning."
    assert by_text(text, gazetteer)["Los Angeles"]["place"]["country_code"] == "US"


def test_a_preposition_before_a_number_is_no_evidence_for_the_next_word(gazetteer: Gazetteer) -> None:
    # som-09: a photo credit after a year
    text = "The government lost control over Adan Yabal when al-Shabab took it in 2016 [File: Feisal Omar/Reuters]"
    assert "File" not in by_text(text, gazetteer)


def test_a_sea_or_a_corridor_is_no_town_of_its_name(gazetteer: Gazetteer) -> None:
    # ukr-17, gaz-01
    text = "Russian forces began military exercises Thursday in the Baltic Sea enclave of Kaliningrad."
    baltic = by_text(text, gazetteer)["Baltic Sea"]  # the sea itself, or no place: no town named Baltic
    assert baltic["place"] is None or baltic["place"]["feature_code"] == "SEA"
    assert text[baltic["start"] : baltic["end"]] == "Baltic Sea"
    text = (
        "Israel said on Wednesday its forces had taken over the 14-kilometre (8.5-mile) Philadelphi "
        "corridor along the Gaza-Egypt border."
    )
    assert by_text(text, gazetteer)["Philadelphi corridor"]["place"] is None


def test_a_match_that_only_begins_a_longer_name_is_not_that_place(gazetteer: Gazetteer) -> None:
    # som-09: "Adan Yabal" is a Somali town the gazetteer lacks, no Aden or Eden
    text = (
        "Somali troops\nThe government lost control over Adan Yabal when al-Shabab took it in 2016\n\n"
        "Government forces and allied militias in Somalia have recaptured a strategic town that the "
        "al-Shabab armed group had controlled for six years.\n\nPro-government forces entered the town of "
        "Adan Yabal in Hirshabelle, about 220km (140 miles) northeast of the capital Mogadishu."
    )
    mentions = [m for m in geoparse(text, gazetteer) if m["text"].startswith("Adan")]
    assert mentions and all(m["text"] == "Adan Yabal" and m["place"] is None for m in mentions)
    # TR-News trnews-1020006: a person's name is no longer place name
    text = 'President Barack Obama has said that he ordered Russia\'s Vladimir Putin to "cut it out".'
    assert set(by_text(text, gazetteer)) == {"Russia"}


def test_curated_conflict_places_cities500_lacks(gazetteer: Gazetteer) -> None:
    # mli-01, ssd-04, mli-06
    text = (
        "Malian officials said they had taken back the strategic central town of Konna, which rebels had "
        "secured just a day earlier as they pushed south."
    )
    assert by_text(text, gazetteer)["Konna"]["place"]["country_code"] == "ML"
    text = (
        "JUBA. South Sudan's army has captured the key rebel base of Nasir and the northern oil hub of "
        "Bentiu following a major offensive against rebel commander Riek Machar."
    )
    assert by_text(text, gazetteer)["Nasir"]["place"]["country_code"] == "SS"
    text = "French troops crossed the River Niger at Gao, and soldiers from Niger and Chad followed."
    mentions = by_text(text, gazetteer)
    assert mentions["River Niger"]["place"]["feature_code"] == "STM"
    assert mentions["Niger"]["place"]["feature_code"].startswith("PCL")


def test_congo_alone_is_the_congo_its_text_is_about(gazetteer: Gazetteer) -> None:
    # cod-02
    text = "M23 rebels in eastern Congo seize town near Uganda border\nGOMA, Congo (AP) — Congo's M23 rebels have seized"
    assert by_text(text, gazetteer)["Congo"]["place"]["country_code"] == "CD"
    text = "BRAZZAVILLE, Congo (AP) — Voters in Congo went to the polls."
    assert by_text(text, gazetteer)["Congo"]["place"]["country_code"] == "CG"


def test_a_spokesman_named_like_a_region_without_its_article_is_a_person(gazetteer: Gazetteer) -> None:
    # afg-13: the Kuwaiti governorate is "Al Ahmadi"
    text = (
        "Qari Yusuf Ahmadi, who claims to speak for the Taliban outfit in contact with media, said that "
        "the Taliban fighters captured Sangin district in Helmand."
    )
    assert "Ahmadi" not in by_text(text, gazetteer)


def test_a_name_closing_the_name_of_a_body_is_no_place(gazetteer: Gazetteer) -> None:
    # caf-01
    text = (
        "Vincent Pouget, a spokesman for the International Committee of the Red Cross in Bangui, said that "
        "more than 1,000 people have sought shelter there."
    )
    assert set(by_text(text, gazetteer)) == {"Bangui"}


def test_a_sea_named_as_such_is_the_sea_unless_the_text_says_state(gazetteer: Gazetteer) -> None:
    # sdn-05
    text = (
        "The latest RSF breakthrough means the paramilitaries are tightening the noose around Port Sudan "
        "on the Red Sea, where the army, government and U.N. agencies are based."
    )
    assert by_text(text, gazetteer)["Red Sea"]["place"]["feature_code"] == "SEA"
    text = "Sudan's army flew reinforcements to Port Sudan, the capital of Red Sea state."
    assert by_text(text, gazetteer)["Red Sea"]["place"]["feature_code"] == "ADM1"


def test_a_dateline_with_country_and_date_names_its_town(gazetteer: Gazetteer) -> None:
    # nkr-02
    text = "BAKU, Azerbaijan, Oct. 17\n\nTrend:\n\nThe glorious Azerbaijani Army will continue to drive the invaders away."
    baku = by_text(text, gazetteer)["BAKU"]["place"]
    assert baku["country_code"] == "AZ" and baku["feature_code"].startswith("PPL")
    # ssd-04
    text = "JUBA. South Sudan's army has captured the key rebel base of Nasir from rebels."
    assert by_text(text, gazetteer)["JUBA"]["place"]["country_code"] == "SS"


def test_a_region_word_closing_a_region_name_makes_it_no_common_phrase(gazetteer: Gazetteer) -> None:
    # ssd-04
    text = (
        "Government troops also moved into the northern oil hub of Bentiu, capital of the oil-rich Unity "
        "State and a town that has changed hands several times throughout the conflict."
    )
    assert by_text(text, gazetteer)["Unity State"]["place"]["country_code"] == "SS"


def test_curated_somali_states(gazetteer: Gazetteer) -> None:
    # som-09
    text = (
        "The army and local clans, backed by US and AU support, have been waging a broader campaign to drive "
        "fighters out of the states of Galmudug and Hirshabelle."
    )
    mentions = by_text(text, gazetteer)
    assert mentions["Galmudug"]["place"]["country_code"] == "SO"
    assert mentions["Hirshabelle"]["place"]["country_code"] == "SO"


def test_a_town_the_text_puts_in_a_region_of_another_country(gazetteer: Gazetteer) -> None:
    # eth-11: a photo caption
    text = (
        "Members of Amhara region militias ride on their truck as they head to the mission to face the "
        "Tigray People's Liberation Front (TPLF), in Sanja, Amhara region near a border with Tigray, "
        "Ethiopia, 9 November 2020."
    )
    assert by_text(text, gazetteer)["Sanja"]["place"] is None  # no Sanya in China


def test_curated_regions_news_names(gazetteer: Gazetteer) -> None:
    # eth-07; Chinland as Chin resistance statements call Chin State
    text = "Fano militias took towns in Gojam and north Shewa, in the Amhara region of Ethiopia."
    assert by_text(text, gazetteer)["Gojam"]["place"]["country_code"] == "ET"
    text = "Resistance forces in Chinland, on Myanmar's border with India, seized a junta camp."
    assert by_text(text, gazetteer)["Chinland"]["place"]["name"] == "Chin State"
