"""Geoparser behaviour on a tiny hand-made gazetteer: offsets, filters, edge cases."""

from __future__ import annotations

from events.extraction.gazetteer import Gazetteer
from events.extraction.geoparse import explain, geoparse


def names(text: str, gazetteer: Gazetteer) -> list[str]:
    return [m["text"] for m in geoparse(text, gazetteer)]


def test_offsets_point_into_the_text(tiny_gazetteer: Gazetteer) -> None:
    text = "Forces recaptured the town of Rawa in western Anbar, near al-Qa'im, Iraq’s border town."
    mentions = geoparse(text, tiny_gazetteer)
    assert [m["text"] for m in mentions] == ["Rawa", "Anbar", "al-Qa'im", "Iraq"]
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
    assert [m["start"] for m in mentions] == sorted(m["start"] for m in mentions)


def test_contract_fields(tiny_gazetteer: Gazetteer) -> None:
    mention = geoparse("Clashes in Baghdad.", tiny_gazetteer)[0]
    assert {"text", "start", "end", "confidence", "place", "candidates"} <= set(mention)
    assert mention["place"]["geonames_id"] == 98182
    assert 0 < mention["confidence"] <= 1
    assert mention["candidates"][0]["score"] >= mention["candidates"][-1]["score"]


def test_containment_and_country_focus_pick_iraqi_rawa(tiny_gazetteer: Gazetteer) -> None:
    mention = geoparse("Iraqi troops entered Rawa in western Anbar.", tiny_gazetteer)[0]
    assert mention["place"]["country_code"] == "IQ"
    mention = geoparse("Rawa is a town in Poland, south-west of Warsaw.", tiny_gazetteer)[0]
    assert mention["place"]["country_code"] == "PL"


def test_jordan_the_country_wins_over_small_towns(tiny_gazetteer: Gazetteer) -> None:
    mention = geoparse("Daraa province lies on the border with Jordan.", tiny_gazetteer)[-1]
    assert mention["place"]["feature_code"] == "PCLI"


def test_demonyms_people_and_titles_are_not_places(tiny_gazetteer: Gazetteer) -> None:
    assert names("Iraqi forces advanced.", tiny_gazetteer) == []
    assert names("Security analyst Said Al-Jayyashi told AFP.", tiny_gazetteer) == []
    assert names("Gen. Mosul spoke.", tiny_gazetteer) == []


def test_organisation_contexts(tiny_gazetteer: Gazetteer) -> None:
    assert names("He told Baghdad TV that the Baghdad Times was closed.", tiny_gazetteer) == []


def test_dateline_in_capitals(tiny_gazetteer: Gazetteer) -> None:
    mention = geoparse("BAGHDAD: Iraqi forces launched a sweep.", tiny_gazetteer)[0]
    assert mention["text"] == "BAGHDAD" and mention["place"]["name"] == "Baghdad"


def test_empty_and_blank_inputs(tiny_gazetteer: Gazetteer) -> None:
    assert geoparse("", tiny_gazetteer) == []
    assert geoparse("   \n\n", tiny_gazetteer) == []
    assert geoparse("no capitals here at all", tiny_gazetteer) == []


def test_unicode_edge_cases(tiny_gazetteer: Gazetteer) -> None:
    text = "Clashes near Dayr az Zawr 🚀 and in Deir ez\u2011Zor; بغداد; Ｉｒａｑ."
    found = geoparse(text, tiny_gazetteer)
    for m in found:
        assert text[m["start"] : m["end"]] == m["text"]
    assert found[0]["place"]["name"] == "Deir ez-Zor"


def test_huge_input_gives_every_mention(tiny_gazetteer: Gazetteer) -> None:
    """A 200 KB article is parsed whole (its speed is measured in bench/, not here)."""
    text = "Fighting in Baghdad and Mosul continued. " * 5000
    mentions = geoparse(text, tiny_gazetteer)
    assert len(mentions) == 10000


def test_explain_gives_reasons(tiny_gazetteer: Gazetteer) -> None:
    reasons = {e["text"]: e["rejected"] for e in explain("Gen. Mosul met people in Baghdad.", tiny_gazetteer)}
    assert reasons == {"Mosul": "person-title", "Baghdad": ""}


def _gaz(*rows):
    from .conftest import place

    return Gazetteer.build([(place(*row[0], **row[1]), row[2]) for row in rows])


def test_ezafe_names_are_read_whole() -> None:
    gaz = _gaz(
        (("Mazar-e Sharif", "PPL", "AF", 36.7, 67.1), {"pop": 400_000}, ["Mazar-i-Sharif"]),
        (("Mazar", "PPL", "JO", 31.0, 35.7), {"pop": 5_000}, ["Mazar"]),
    )
    assert names("Fighters took Mazar-i-Sharif on Saturday.", gaz) == ["Mazar-i-Sharif"]


def test_place_word_inside_the_name_of_a_body_is_not_a_place() -> None:
    gaz = _gaz(
        (("Unity", "ADM1", "SS", 9.0, 30.0), {}, ["Unity"]),
        (("Lashio", "PPL", "MM", 22.9, 97.7), {"pop": 130_000}, ["Lashio"]),
    )
    text = "The National Unity Government said the Unity Regional Military Command in Lashio fell."
    assert names(text, gaz) == ["Lashio"]


def test_demonyms_weigh_for_their_country() -> None:
    gaz = _gaz(
        (("Kawlin", "PPL", "MM", 23.8, 95.7), {"pop": 3_000}, ["Kawlin"]),
        (("Kolin", "PPL", "CZ", 50.0, 15.2), {"pop": 31_000}, ["Kawlin", "Kolin"]),
    )
    place = geoparse("Burmese resistance fighters took Kawlin on Monday.", gaz)[0]["place"]
    assert place["country_code"] == "MM"
    place = geoparse("Czech police took Kawlin on Monday.", gaz)[0]["place"]
    assert place["country_code"] == "CZ"


def test_a_region_helps_only_the_towns_inside_it() -> None:
    gaz = _gaz(
        (("Ohio", "ADM1", "US", 40.3, -82.8), {"admin1": "Ohio"}, ["Ohio"]),
        (("Marion", "PPL", "US", 40.59, -83.13), {"pop": 36_000, "admin1": "Ohio"}, ["Marion"]),
        (("Marion", "PPL", "US", 40.9, -81.5), {"pop": 40_000, "admin1": "Elsewhere"}, ["Marion"]),
    )
    mentions = geoparse("Storms hit Ohio on Monday; in Marion roofs were torn off.", gaz)
    assert mentions[-1]["place"]["admin1"] == "Ohio"


def test_a_city_named_like_its_province_without_a_region_cue() -> None:
    gaz = _gaz(
        (("Adan", "ADM1", "YE", 12.8, 45.0), {"admin1": "Adan"}, ["Aden", "Adan"]),
        (("Aden", "PPL", "YE", 12.78, 45.04), {"pop": 550_000, "admin1": "Adan"}, ["Aden"]),
    )
    text = "Fighters were driven out of Aden on Friday. The province of Aden has been liberated."
    first, second = geoparse(text, gaz)
    assert first["place"]["feature_code"] == "PPL"
    assert second["place"]["feature_code"] == "ADM1"


def test_a_region_with_places_named_inside_it_stays_the_region() -> None:
    gaz = _gaz(
        (("Valdoria", "ADM1", "ZZ", 47.5, -120.5), {"admin1": "Valdoria"}, ["Valdoria"]),
        (("Valdoria", "PPLC", "ZZ", 38.9, -77.0), {"pop": 700_000, "admin1": "Valdoria"}, ["Valdoria"]),
        (("Pinecrest", "PPL", "ZZ", 47.25, -122.44), {"pop": 200_000, "admin1": "Valdoria"}, ["Pinecrest"]),
    )
    mentions = geoparse("A bakery in Pinecrest, Valdoria shares its recipes.", gaz)
    assert mentions[-1]["place"]["feature_code"] == "ADM1"


def test_a_small_namesake_far_from_the_article_gives_way_to_the_prominent_one() -> None:
    gaz = _gaz(
        (("Freedonia", "PCLI", "FD", 40.0, -90.0), {"pop": 300_000_000}, ["Freedonia"]),
        (("Lindor", "PPLC", "GR", 51.5, -0.1), {"pop": 8_000_000}, ["Lindor"]),
        (("Lindor", "PPL", "FD", 39.9, -83.4), {"pop": 10_000, "admin1": "East"}, ["Lindor"]),
        (("Bexton", "PPL", "FD", 40.7, -74.0), {"pop": 8_000_000, "admin1": "Coast"}, ["Bexton"]),
        (("Korvath", "PPL", "FD", 40.0, -83.0), {"pop": 50_000, "admin1": "East"}, ["Korvath"]),
    )
    far = geoparse("Artists in Bexton, Freedonia met a consultant from Lindor.", gaz)
    assert far[-1]["place"]["country_code"] == "GR"
    near = geoparse("Storms hit Korvath in Freedonia; in Lindor roofs were torn off.", gaz)
    assert near[-1]["place"]["country_code"] == "FD"


def test_a_country_beats_its_capital_without_other_places() -> None:
    gaz = _gaz(
        (("Mexico", "PCLI", "MX", 23.0, -102.0), {"pop": 128_000_000}, ["Mexico"]),
        (("Mexico City", "PPLC", "MX", 19.4, -99.1), {"pop": 12_000_000}, ["Mexico City", "Mexico"]),
    )
    assert geoparse("He is a native of Mexico.", gaz)[0]["place"]["feature_code"] == "PCLI"


def test_a_county_the_gazetteer_lacks_is_not_a_distant_town_of_its_name() -> None:
    gaz = _gaz(
        (("Kentor", "ADM1", "US", 37.5, -85.3), {"admin1": "Kentor"}, ["Kentor"]),
        (("Edvale", "PPL", "US", 36.98, -85.61), {"pop": 1_500, "admin1": "Kentor"}, ["Edvale"]),
        (("Metford", "PPL", "US", 32.0, -90.0), {"pop": 1_000, "admin1": "Other"}, ["Metford"]),
        (("Nearby", "PPL", "US", 37.1, -85.5), {"pop": 1_000, "admin1": "Kentor"}, ["Corbury"]),
    )
    text = "EDVALE, Kentor -- A man died in Metford County. Police in Edvale said Metford County roads were icy."
    county = [m for m in geoparse(text, gaz) if m["text"] == "Metford"][0]
    assert county["place"]["name"] == "Edvale" and county["precision"] == "near"
    text = "EDVALE, Kentor -- A man died in Corbury County. Police in Edvale said Corbury County roads were icy."
    county = [m for m in geoparse(text, gaz) if m["text"] == "Corbury"][0]
    assert county["place"]["name"] == "Nearby"


def test_a_building_word_closing_a_name_is_not_the_region_of_that_name() -> None:
    gaz = _gaz(
        (("Centre", "ADM1", "HT", 19.0, -72.0), {"admin1": "Centre"}, ["Centre"]),
        (("Toronto", "PPL", "CA", 43.7, -79.4), {"pop": 2_600_000}, ["Toronto"]),
    )
    mentions = geoparse("Fans filled the Skydome Centre in Toronto on Sunday.", gaz)
    assert [m["text"] for m in mentions] == ["Skydome Centre", "Toronto"]
    assert mentions[0]["place"]["name"] == "Toronto"


def test_a_part_of_a_town_belongs_to_that_town() -> None:
    gaz = _gaz(
        (("Old City", "PPL", "PS", 31.78, 35.23), {"pop": 36_000}, ["Old City"]),
        (("Mosul", "PPL", "IQ", 36.34, 43.12), {"pop": 1_700_000}, ["Mosul"]),
        (("Karam", "PPL", "EG", 30.0, 31.0), {"pop": 5_000}, ["Karam"]),
    )
    first = geoparse("Iraqi forces entered the Old City of Mosul on Sunday.", gaz)[0]
    assert first["place"]["name"] == "Mosul" and first["precision"] == "near"
    first = geoparse("Shelling hit the Karam neighbourhood of Mosul.", gaz)[0]
    assert first["text"] == "Karam" and first["place"]["name"] == "Mosul"


def test_a_region_named_after_a_city_that_is_not_its_main_one_is_the_region() -> None:
    gaz = _gaz(
        (("Canada", "PCLI", "CA", 60.0, -95.0), {"pop": 38_000_000}, ["Canada"]),
        (("Quevar", "ADM1", "CA", 53.0, -72.0), {"admin1": "Quevar"}, ["Quevar"]),
        (("Quevar", "PPL", "CA", 46.8, -71.2), {"pop": 500_000, "admin1": "Quevar"}, ["Quevar"]),
        (("Montvale", "PPL", "CA", 45.5, -73.6), {"pop": 1_700_000, "admin1": "Quevar"}, ["Montvale"]),
    )
    assert geoparse("Voters in Quevar went to the polls.", gaz)[0]["place"]["feature_code"] == "ADM1"


def test_explain_gives_the_reason_geoparse_drops_a_span() -> None:
    gaz = _gaz(
        (("Centre", "ADM1", "HT", 19.0, -72.0), {"admin1": "Centre"}, ["Centre"]),
        (("Toronto", "PPL", "CA", 43.7, -79.4), {"pop": 2_600_000}, ["Toronto"]),
    )
    reasons = {e["text"]: e["rejected"] for e in explain("Fans filled the Skydome Centre in Toronto.", gaz)}
    assert reasons == {"Centre": "part-of-local-name", "Toronto": ""}
