"""Build tests/data/geoparse_conflict_dev.jsonl: a hand-annotated geoparsing gold set for conflict news.

    python bench/geoparse_conflict_gold.py            # writes the JSONL, prints checks
    python bench/geoparse_conflict_gold.py --review   # also lists capitalised words no span covers

The texts are our own prose (tests/data/control_dev_long.jsonl, tests/data/control_dev.jsonl,
events/demo/dispatches.jsonl). The annotation below is a human judgement of every place name in each
text (see PLACES and ARTICLES); this script only finds the character spans of the names annotated,
and, where the gazetteer holds the very place annotated (same country, same kind, near the annotator's
own coordinates), takes its exact coordinates and GeoNames id. Nothing here runs the geoparser.

Conventions (those of /work/shared/seed/gold.json):
  - demonyms and adjectives ('Iraqi', 'Kurdish') are not places; neither are organisations whose
    names contain a place ('Benghazi Defence Brigades', 'Tigray People's Liberation Front',
    'al-Qaida in the Arabian Peninsula'): spans inside them are not gold;
  - 'U.S.'/'US' as an adjective ('U.S.-led', 'U.S. officials') and a place glued to a participle
    ('Britain-based', 'Iran-backed', 'pro-Damascus') are optional: neither required nor penalised;
  - page chrome (section labels 'World | Middle East', bylines 'By our Middle East staff', credit
    lines naming a bureau that the story does not otherwise mention) is optional;
  - facilities (dams, air bases, oilfields, squares, hotels) are optional;
  - rivers, seas and continents have no point: they are scored for recognition only;
  - kind is country | admin1 | other (scored by identity for the first two, by distance <= 161 km
    otherwise); 'type' keeps the finer class.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

OUT = REPO / "tests" / "data" / "geoparse_conflict_dev.jsonl"
SOURCES = [
    REPO / "tests" / "data" / "control_dev_long.jsonl",
    REPO / "tests" / "data" / "control_dev.jsonl",
    REPO / "events" / "demo" / "dispatches.jsonl",
]

NO_POINT = {"river", "sea", "continent", "macro-region"}
PLACES: dict[str, dict] = {}


def P(key, cc, typ, lat=None, lon=None, *aliases, name=None, approx=False):
    kind = typ if typ in ("country", "admin1") else "other"
    PLACES[key] = dict(
        key=key,
        cc=cc,
        type=typ,
        kind=kind,
        lat=lat,
        lon=lon,
        aliases=list(aliases) or [key],
        name=name or key,
        approx=approx,
    )


# fmt: off
# ---------------------------------------------------------------- countries (centroids, scored by identity)
for key, cc, lat, lon, *al in [
    ("Iraq", "IQ", 33.0, 44.0), ("Syria", "SY", 35.0, 38.0), ("Turkey", "TR", 39.0, 35.0),
    ("Russia", "RU", 60.0, 100.0), ("Ukraine", "UA", 49.0, 32.0), ("Iran", "IR", 32.0, 53.0),
    ("Jordan", "JO", 31.0, 36.0), ("Israel", "IL", 31.5, 34.75), ("Kazakhstan", "KZ", 48.0, 68.0),
    ("Afghanistan", "AF", 33.0, 66.0), ("Uzbekistan", "UZ", 41.0, 64.0), ("Pakistan", "PK", 30.0, 70.0),
    ("Sudan", "SD", 15.0, 30.0), ("Egypt", "EG", 27.0, 30.0), ("Saudi Arabia", "SA", 25.0, 45.0),
    ("Yemen", "YE", 15.5, 47.5), ("United Arab Emirates", "AE", 24.0, 54.0), ("Libya", "LY", 27.0, 17.0),
    ("France", "FR", 46.0, 2.0), ("Mali", "ML", 17.0, -4.0), ("Senegal", "SN", 14.5, -14.5),
    ("Algeria", "DZ", 28.0, 3.0), ("Burkina Faso", "BF", 12.5, -1.7), ("Niger", "NE", 16.0, 8.0),
    ("Ethiopia", "ET", 8.0, 38.0), ("Kenya", "KE", 1.0, 38.0), ("Eritrea", "ER", 15.0, 39.0),
    ("Myanmar", "MM", 22.0, 96.0), ("China", "CN", 35.0, 105.0), ("Bangladesh", "BD", 24.0, 90.0),
    ("Thailand", "TH", 15.0, 100.0), ("India", "IN", 22.0, 79.0), ("Somalia", "SO", 6.0, 48.0),
    ("Uganda", "UG", 1.25, 32.5), ("Burundi", "BI", -3.5, 30.0), ("Djibouti", "DJ", 11.8, 42.5),
    ("Sierra Leone", "SL", 8.5, -11.5), ("Nigeria", "NG", 10.0, 8.0), ("Chad", "TD", 15.0, 19.0),
    ("Cameroon", "CM", 6.0, 12.0), ("Benin", "BJ", 9.5, 2.25), ("Britain", "GB", 54.0, -2.0),
    ("United States", "US", 39.8, -98.5),
]:
    P(key, cc, "country", lat, lon, key, *al)

# ---------------------------------------------------------------- first-level regions
for key, cc, lat, lon, *al in [
    ("Anbar", "IQ", 33.0, 41.9), ("Salaheddin", "IQ", 34.5, 43.6), ("Nineveh", "IQ", 36.0, 42.5),
    ("Idlib province", "SY", 35.8, 36.7, "Idlib"), ("Daraa province", "SY", 32.85, 36.2, "Daraa"),
    ("Quneitra", "SY", 33.1, 35.9), ("Sweida", "SY", 32.75, 36.7, "Sweida", "As-Suwayda"),
    ("Homs province", "SY", 34.4, 38.3, "Homs"), ("Aleppo province", "SY", 36.2, 37.6, "Aleppo"),
    ("Deir ez-Zor province", "SY", 35.2, 40.3, "Deir ez-Zor"),
    ("Luhansk", "UA", 48.9, 39.0), ("Donetsk region", "UA", 48.0, 37.7, "Donetsk"),
    ("Zaporizhzhia region", "UA", 47.3, 35.7, "Zaporizhzhia"), ("Odesa region", "UA", 46.8, 29.9, "Odesa"),
    ("Kursk", "RU", 51.7, 36.1), ("Belgorod", "RU", 50.7, 37.5),
    ("Badakhshan", "AF", 37.0, 71.4), ("Baghlan", "AF", 35.8, 68.9), ("Nimroz", "AF", 30.8, 62.3),
    ("Faryab", "AF", 36.0, 64.9), ("Jowzjan", "AF", 36.8, 65.8), ("Helmand", "AF", 31.1, 64.0),
    ("Panjshir", "AF", 35.3, 69.5),
    ("Central Darfur", "SD", 12.4, 23.4), ("South Darfur", "SD", 10.9, 24.4),
    ("North Darfur", "SD", 16.3, 25.7), ("West Darfur", "SD", 13.2, 22.5), ("East Darfur", "SD", 11.0, 26.4),
    ("Gezira", "SD", 14.6, 33.3), ("Sennar province", "SD", 13.0, 34.0, "Sennar"),
    ("Amran province", "YE", 16.2, 44.0, "Amran"), ("Saada", "YE", 16.9, 43.8), ("Hadramawt", "YE", 16.0, 49.0),
    ("Shabwa", "YE", 14.8, 46.9), ("al-Jawf", "YE", 16.6, 45.6), ("Aden province", "YE", 12.8, 44.9, "Aden"),
    ("Tigray", "ET", 14.0, 39.0), ("Amhara", "ET", 11.5, 38.0), ("Afar", "ET", 12.0, 40.8),
    ("Shan", "MM", 21.5, 98.0), ("Rakhine", "MM", 20.0, 93.8), ("Chin", "MM", 22.2, 93.5),
    ("Sagaing", "MM", 23.5, 95.5), ("Mandalay region", "MM", 21.2, 96.0, "Mandalay"),
    ("Hiran", "SO", 4.2, 45.5), ("Bakool", "SO", 4.2, 43.9), ("Galgudud", "SO", 5.1, 46.8),
    ("Lower Shabelle", "SO", 1.9, 44.3),
    ("Borno", "NG", 11.9, 13.2), ("Yobe", "NG", 12.3, 11.4), ("Adamawa", "NG", 9.3, 12.4),
    ("Far North", "CM", 11.0, 14.5), ("Diffa region", "NE", 15.9, 13.2, "Diffa"),
    ("Timbuktu region", "ML", 20.0, -3.6, "Timbuktu"),
]:
    P(key, cc, "admin1", lat, lon, *(al or [key]))

# ---------------------------------------------------------------- towns, cities, districts, features
T = "town"
for key, cc, typ, *rest in [
    # Iraq
    ("Baghdad", "IQ", "city", 33.34, 44.40), ("Mosul", "IQ", "city", 36.34, 43.13),
    ("Bartella", "IQ", T, 36.35, 43.38), ("Qaraqosh", "IQ", T, 36.27, 43.38),
    ("Qayyarah", "IQ", T, 35.80, 43.29, "Qayyarah", "Qayyara"), ("Kirkuk", "IQ", "city", 35.47, 44.39),
    ("Shirqat", "IQ", T, 35.51, 43.23), ("Baiji", "IQ", T, 34.93, 43.49), ("Arbil", "IQ", "city", 36.19, 44.01, "Arbil", "Irbil"),
    ("Hawija", "IQ", T, 35.33, 43.77), ("Hatra", "IQ", T, 35.59, 42.72), ("Baaj", "IQ", T, 36.04, 41.72),
    ("Tikrit", "IQ", "city", 34.60, 43.68), ("Zumar", "IQ", T, 36.63, 42.45),
    ("Sinjar", "IQ", T, 36.32, 41.88), ("Mount Sinjar", "IQ", "mountain", 36.37, 41.75),
    ("Ramadi", "IQ", "city", 33.42, 43.30), ("Kazimiyah", "IQ", "district", 33.38, 44.34),
    ("Jurf al-Sakhar", "IQ", T, 32.87, 44.11), ("Karbala", "IQ", "city", 32.62, 44.02),
    ("Najaf", "IQ", "city", 32.00, 44.33), ("Fallujah", "IQ", "city", 33.35, 43.78),
    ("al-Julan", "IQ", "district", 33.36, 43.76), ("Tal Afar", "IQ", T, 36.38, 42.45),
    ("al-Ayadiya", "IQ", T, 36.43, 42.57), ("al-Qaim", "IQ", T, 34.39, 40.99, "al-Qaim", "Qaim"),
    ("Anah", "IQ", T, 34.42, 41.97), ("Rawa", "IQ", T, 34.48, 41.92), ("Hit", "IQ", T, 33.64, 42.83),
    ("Rutba", "IQ", T, 33.04, 40.28), ("Shura", "IQ", T, 36.00, 43.20),
    ("Tigris", "IQ", "river"), ("Euphrates", "IQ", "river"),
    # Syria, Lebanon, Turkey
    ("Damascus", "SY", "city", 33.51, 36.29), ("Aleppo", "SY", "city", 36.20, 37.16),
    ("Homs", "SY", "city", 34.73, 36.72), ("Hama", "SY", "city", 35.13, 36.75),
    ("Idlib", "SY", "city", 35.93, 36.63), ("Daraa", "SY", "city", 32.62, 36.10),
    ("Daraa al-Balad", "SY", "district", 32.61, 36.10), ("Nasib", "SY", "crossing", 32.55, 36.21),
    ("Deir ez-Zor", "SY", "city", 35.34, 40.14, "Deir ez-Zor", "Deir al-Zor"),
    ("Albu Kamal", "SY", T, 34.45, 40.92), ("Mayadin", "SY", T, 35.02, 40.45),
    ("Raqqa", "SY", "city", 35.95, 39.01), ("Palmyra", "SY", T, 34.56, 38.27, "Palmyra", "Tadmur"),
    ("Jarabulus", "SY", T, 36.82, 38.01), ("al-Bab", "SY", T, 36.37, 37.52),
    ("Manbij", "SY", "city", 36.53, 37.95), ("Kobani", "SY", T, 36.89, 38.35, "Kobani", "Ayn al-Arab"),
    ("Ramouseh", "SY", "district", 36.17, 37.14), ("Barada valley", "SY", "valley", 33.65, 36.15),
    ("Yarmuk valley", "SY", "valley", 32.75, 35.95), ("Golan Heights", "SY", "plateau", 33.0, 35.75, "Golan Heights", "Golan"),
    ("Sukhna", "SY", T, 34.89, 38.87), ("Tabqa", "SY", T, 35.83, 38.55), ("Afrin", "SY", T, 36.51, 36.87),
    ("Maarat al-Numan", "SY", T, 35.65, 36.67), ("Khan Sheikhoun", "SY", T, 35.44, 36.65),
    ("Saraqeb", "SY", T, 35.86, 36.80), ("Baghouz", "SY", "village", 34.46, 40.94),
    ("Tal Abyad", "SY", T, 36.70, 38.95), ("Ras al-Ain", "SY", T, 36.85, 40.07),
    ("Beirut", "LB", "city", 33.89, 35.50), ("Istanbul", "TR", "city", 41.01, 28.98),
    ("Ankara", "TR", "city", 39.93, 32.86), ("Akcakale", "TR", T, 36.71, 38.95),
    ("Mediterranean", "", "sea"),
    # Ukraine, Russia, Belarus, USA
    ("Kyiv", "UA", "city", 50.45, 30.52, "Kyiv", "Kiev"), ("Moscow", "RU", "city", 55.75, 37.62),
    ("Mariupol", "UA", "city", 47.10, 37.55), ("Kherson", "UA", "city", 46.64, 32.61),
    ("Kharkiv", "UA", "city", 49.99, 36.23), ("Sievierodonetsk", "UA", "city", 48.95, 38.49),
    ("Tyotkino", "RU", "village", 51.28, 34.29), ("Crimea", "UA", "peninsula", 45.3, 34.4, "Crimean peninsula", "Crimea"),
    ("Sea of Azov", "", "sea"), ("Donbas", "UA", "region", 48.3, 38.5),
    ("Marinka", "UA", T, 47.94, 37.50), ("Donetsk", "UA", "city", 48.02, 37.80),
    ("Avdiivka", "UA", T, 48.14, 37.75), ("Robotyne", "UA", "village", 47.45, 35.84),
    ("Selydove", "UA", T, 48.15, 37.30), ("Pokrovsk", "UA", T, 48.28, 37.18),
    ("Vuhledar", "UA", T, 47.78, 37.25), ("Novohrodivka", "UA", T, 48.20, 37.34),
    ("Hirnyk", "UA", T, 48.06, 37.37), ("Kurakhove", "UA", T, 47.98, 37.28),
    ("Klishchiivka", "UA", "village", 48.53, 37.96), ("Andriivka", "UA", "village", 48.50, 37.97),
    ("Bakhmut", "UA", "city", 48.60, 38.00), ("Tokmak", "UA", T, 47.25, 35.71),
    ("Danube", "", "river"), ("Washington", "US", "city", 38.90, -77.04),
    ("Sloviansk", "UA", "city", 48.85, 37.61), ("Kramatorsk", "UA", "city", 48.72, 37.56),
    ("Debaltseve", "UA", T, 48.34, 38.40), ("Minsk", "BY", "city", 53.90, 27.57),
    ("Dnieper", "UA", "river", None, None, "Dnieper", "Dnipro"), ("Lysychansk", "UA", "city", 48.90, 38.43),
    ("Siverskyi Donets", "UA", "river"), ("Izium", "UA", T, 49.21, 37.26), ("Kupiansk", "UA", T, 49.71, 37.61),
    ("Balakliia", "UA", T, 49.46, 36.86), ("Lyman", "UA", T, 48.99, 37.80),
    ("Zaporizhzhia", "UA", "city", 47.84, 35.14), ("Novoprokopivka", "UA", "village", 47.41, 35.87),
    ("Urozhaine", "UA", "village", 47.75, 36.82), ("Soledar", "UA", T, 48.68, 38.09),
    ("Sudzha", "RU", T, 51.19, 35.27), ("Odesa", "UA", "city", 46.48, 30.73),
    ("Snake Island", "UA", "island", 45.26, 30.20), ("Black Sea", "", "sea"), ("Europe", "", "continent"),
    # Afghanistan, Pakistan
    ("Kabul", "AF", "city", 34.53, 69.17), ("Faizabad", "AF", "city", 37.12, 70.58),
    ("Pul-e-Khumri", "AF", "city", 35.94, 68.71), ("Farah", "AF", "city", 32.37, 62.11),
    ("Ghazni", "AF", "city", 33.55, 68.42), ("Mazar-e-Sharif", "AF", "city", 36.71, 67.11, "Mazar-e-Sharif", "Mazar-i-Sharif"),
    ("Kunduz", "AF", "city", 36.73, 68.86), ("Sar-e-Pul", "AF", "city", 36.22, 65.93),
    ("Taloqan", "AF", "city", 36.74, 69.53), ("Zaranj", "AF", "city", 30.96, 61.86),
    ("Kandahar", "AF", "city", 31.61, 65.71), ("Ghormach", "AF", "district", 35.73, 63.78),
    ("Jalalabad", "AF", "city", 34.43, 70.45), ("Herat", "AF", "city", 34.35, 62.20),
    ("Lashkar Gah", "AF", "city", 31.59, 64.37), ("Sheberghan", "AF", "city", 36.67, 65.75),
    ("Spin Boldak", "AF", "crossing", 31.00, 66.40), ("Bazarak", "AF", T, 35.31, 69.52),
    # Sudan, Egypt, Saudi Arabia
    ("Darfur", "SD", "region", 13.5, 24.0), ("Zalingei", "SD", T, 12.91, 23.47), ("Nyala", "SD", "city", 12.05, 24.88),
    ("El Fasher", "SD", "city", 13.63, 25.35), ("Khartoum", "SD", "city", 15.55, 32.53),
    ("Jeddah", "SA", "city", 21.54, 39.17), ("Cairo", "EG", "city", 30.04, 31.24),
    ("Ed Daein", "SD", "city", 11.46, 26.13, "Ed Daein", "El Daein"), ("El Geneina", "SD", "city", 13.45, 22.45),
    ("Ardamata", "SD", "district", 13.47, 22.48), ("Port Sudan", "SD", "city", 19.62, 37.22),
    ("Omdurman", "SD", "city", 15.64, 32.48), ("Kordofan", "SD", "region", 13.0, 30.0),
    ("Babanusa", "SD", T, 11.33, 27.81), ("Wad Madani", "SD", "city", 14.40, 33.52),
    ("Singa", "SD", T, 13.15, 33.93), ("Sennar", "SD", "city", 13.55, 33.63),
    ("Riyadh", "SA", "city", 24.69, 46.72),
    # Yemen, UAE
    ("Amran", "YE", "city", 15.66, 43.94), ("Sanaa", "YE", "city", 15.35, 44.21),
    ("Dammaj", "YE", "village", 16.89, 43.80), ("Seiyun", "YE", T, 15.94, 48.79),
    ("Mukalla", "YE", "city", 14.54, 49.12), ("Aden", "YE", "city", 12.78, 45.04),
    ("Crater", "YE", "district", 12.78, 45.04), ("Khor Maksar", "YE", "district", 12.81, 45.03),
    ("Tawahi", "YE", "district", 12.79, 44.98), ("al-Hazm", "YE", T, 16.16, 44.78),
    ("Marib", "YE", "city", 15.46, 45.32), ("Dubai", "AE", "city", 25.20, 55.27),
    # Libya
    ("Benghazi", "LY", "city", 32.12, 20.07), ("Sabri", "LY", "district", 32.12, 20.07),
    ("Souq al-Hout", "LY", "district", 32.11, 20.07), ("Ganfouda", "LY", "district", 32.05, 20.01),
    ("Tripoli", "LY", "city", 32.89, 13.19), ("Derna", "LY", "city", 32.77, 22.64),
    ("Ras Lanuf", "LY", T, 30.50, 18.55), ("Es Sider", "LY", T, 30.63, 18.35),
    ("Sirte", "LY", "city", 31.21, 16.59), ("Ben Jawad", "LY", T, 30.81, 18.07),
    ("Ghiza Bahriya", "LY", "district", 31.20, 16.58), ("Gharyan", "LY", T, 32.17, 13.02),
    ("Tarhuna", "LY", T, 32.43, 13.63), ("North Africa", "", "macro-region"),
    # Sahel
    ("Kidal", "ML", T, 18.44, 1.41), ("Dakar", "SN", "city", 14.69, -17.44), ("Anefis", "ML", T, 18.05, 0.60),
    ("Timbuktu", "ML", "city", 16.77, -3.01), ("Bamako", "ML", "city", 12.65, -8.00),
    ("Tinzaouaten", "ML", T, 19.96, 2.92), ("Djiguibombo", "ML", "village", 14.40, -3.50),
    ("Sahara", "", "macro-region"), ("Africa", "", "continent"), ("Menaka", "ML", T, 15.92, 2.40),
    ("Lere", "ML", T, 15.71, -4.91), ("Ber", "ML", T, 16.90, -2.50),
    # Ethiopia, Eritrea, Kenya
    ("Weldiya", "ET", T, 11.83, 39.60), ("Nairobi", "KE", "city", -1.29, 36.82), ("Lalibela", "ET", T, 12.03, 39.04),
    ("Mekelle", "ET", "city", 13.50, 39.47), ("Axum", "ET", T, 14.12, 38.72), ("Adwa", "ET", T, 14.16, 38.90),
    ("Shire", "ET", T, 14.10, 38.28), ("Alamata", "ET", T, 12.42, 39.55), ("Raya", "ET", "region", 12.60, 39.60),
    ("Asmara", "ER", "city", 15.34, 38.93), ("Addis Ababa", "ET", "city", 9.03, 38.74),
    ("Dessie", "ET", "city", 11.13, 39.63), ("Kombolcha", "ET", T, 11.08, 39.74), ("Korem", "ET", T, 12.51, 39.52),
    # Myanmar, Thailand
    ("Namhsan", "MM", T, 22.96, 97.16), ("Bangkok", "TH", "city", 13.75, 100.50), ("Laukkai", "MM", T, 23.69, 98.75),
    ("Kokang", "MM", "region", 23.80, 98.60), ("Lashio", "MM", T, 22.93, 97.75), ("Pauktaw", "MM", T, 20.18, 93.00),
    ("Ann", "MM", T, 19.79, 94.05), ("Maungdaw", "MM", T, 20.82, 92.37), ("Sittwe", "MM", "city", 20.15, 92.90),
    ("Kyaukphyu", "MM", T, 19.43, 93.55), ("Paletwa", "MM", T, 21.30, 92.85), ("Buthidaung", "MM", T, 20.87, 92.53),
    ("Yangon", "MM", "city", 16.80, 96.16), ("Kawlin", "MM", T, 23.78, 95.68), ("Mogok", "MM", T, 22.92, 96.51),
    ("Mae Sot", "TH", T, 16.71, 98.57), ("Myawaddy", "MM", T, 16.69, 98.51),
    # Somalia
    ("Bulo Burde", "SO", T, 3.85, 45.57), ("Mogadishu", "SO", "city", 2.04, 45.34), ("Hudur", "SO", T, 4.12, 43.89),
    ("Barawe", "SO", T, 1.11, 44.03), ("El Bur", "SO", T, 4.68, 46.62), ("Kismayo", "SO", "city", -0.36, 42.55),
    ("Harardhere", "SO", T, 4.54, 47.86), ("Qoryoley", "SO", T, 1.79, 44.53), ("Tiyeglow", "SO", T, 4.02, 44.51),
    ("Galcad", "SO", T), ("Cowsweyne", "SO", T, 5.10, 47.10),
    # Lake Chad basin
    ("Monguno", "NG", T, 12.67, 13.61), ("Maiduguri", "NG", "city", 11.85, 13.16), ("Baga", "NG", T, 13.11, 13.83),
    ("Lake Chad", "TD", "lake", 13.0, 14.0), ("Doron Baga", "NG", T, 13.20, 13.90), ("Gwoza", "NG", T, 11.08, 13.69),
    ("Niamey", "NE", "city", 13.51, 2.11), ("Damasak", "NG", T, 13.10, 12.51), ("Komadougou Yobe", "", "river"),
    ("Diffa", "NE", T, 13.32, 12.61), ("Abuja", "NG", "city", 9.06, 7.49), ("Bama", "NG", T, 11.52, 13.69),
    ("Mubi", "NG", T, 10.27, 13.26), ("Yola", "NG", "city", 9.20, 12.48), ("Geidam", "NG", T, 12.89, 11.93),
    ("Dikwa", "NG", T, 12.03, 13.92),
]:
    lat, lon, *al = rest + [None] * (2 - len(rest)) if len(rest) < 2 else rest
    P(key, cc, typ, lat, lon, *(al or [key]))

# coordinates known only roughly (within ~10-15 km): kept, marked approximate
for key in ("Shura", "Dammaj", "Sabri", "Souq al-Hout", "Ganfouda", "Ghiza Bahriya", "Djiguibombo", "Raya",
            "Pauktaw", "Kokang", "Doron Baga", "al-Julan", "Andriivka", "Novoprokopivka", "Barada valley",
            "Yarmuk valley", "Baga"):
    PLACES[key]["approx"] = True

# Organisation names (and other non-place names) whose inner place names are not gold spans.
ORG_SPANS = [
    r"Islamic State of Iraq and the Levant", r"Tigray People's Liberation Front", r"Tigray Defense Forces",
    r"Benghazi Defence Brigades", r"Benghazi Revolutionaries Shura Council",
    r"(?i:al[- ]Qa[ei]da) in the Arabian Peninsula", r"Islamic State West Africa Province",
    r"Myanmar National Democratic Alliance Army", r"African Union Mission in Somalia",
    r"Permanent Strategic Framework for the Defence of the People of Azawad",
    r"Jazeera operations command", r"Anbar operations command", r"Euphrates Shield",
    r"Donetsk People's Republic", r"Africa Corps", r"Buddhist Rakhine ethnic group", r"Mosul Dam",
]
# A place glued to a participle or behind 'pro-' is used as an adjective: optional.
ADJECTIVAL_AFTER = re.compile(r"-(?:backed|led|based|aligned|brokered|installed|held|occupied|supported)\b")
ALWAYS_OPTIONAL = ["U.S.", "US"]


def A(id, places, opt=(), notes="", excl=()):
    return dict(id=id, places=places, opt=list(opt), notes=notes, excl=list(excl))


CREDIT = "credit line only: optional"
ARTICLES = [
    # ------------------------------------------------------------------ long reports
    A("iq-bartella-2016", ["Mosul", "Bartella", "Iraq", "Qaraqosh", "Shura", "Tigris", "Qayyarah", "Kirkuk"],
      opt=["Middle East", "Pentagon", "Baghdad"],
      notes="'World | Middle East' is a section label; 'Baghdad newsroom' is the credit line only (optional); "
            "'the Pentagon' is a building/metonym (optional); U.S. adjectival (optional). 'Shura' is Ash Shura "
            "south of Mosul (coordinates approximate). Links under 'Related coverage' name Mosul (spans kept)."),
    A("iq-shirqat-2016", ["Shirqat", "Mosul", "Baghdad", "Tigris", "Salaheddin", "Iraq", "Qayyarah", "Baiji",
                          "Arbil", "Hawija", "Kirkuk"],
      notes="Dateline BAGHDAD is gold. 'west bank of the river' is not a name. The photo caption names Shirqat."),
    A("iq-hatra-2017", ["Hatra", "Mosul", "Baaj", "Tigris", "Syria", "Tikrit"], opt=["Baghdad", "Old City"],
      notes="'By our correspondent in Baghdad' is a byline (optional). 'the Old City' of Mosul is a named "
            "quarter without a gazetteer point (optional). Hashed al-Shaabi / Joint Operations Command / UNESCO "
            "are organisations. 'Parthian empire' is no place."),
    A("iq-zumar-2014", ["Arbil", "Zumar", "Iraq", "Tigris", "Mosul", "Sinjar", ("Mount Sinjar", r"Mount Sinjar"),
                        "Anbar", "Ramadi", "Baghdad", "Kazimiyah", "Syria", "Kobani", "Jurf al-Sakhar", "Karbala",
                        "Najaf"],
      opt=["Mosul Dam", "Central Command"],
      notes="Mosul Dam is a facility (optional; 'Mosul' inside it is not Mosul city). 'Mount Sinjar' (the "
            "mountains) is distinct from Sinjar town. 'the mountain above the town' is no name. Kazimiyah = "
            "Kadhimiya, Baghdad. 'Tigris River' is a river (recognition only)."),
    A("sy-jarabulus-2016", ["Jarabulus", "Istanbul", "Beirut", "Ankara", "Turkey", "al-Bab", "Euphrates", "Manbij",
                            ("Aleppo province", r"(Aleppo) countryside"), "Aleppo", "Syria", "Damascus", "Ramouseh"],
      opt=["Britain"],
      notes="'Euphrates Shield' is an operation name (no span). 'northern Aleppo countryside' is the governorate "
            "(admin1); 'In Aleppo, Syria's largest city' is the city. 'Britain-based' is adjectival (optional). "
            "Syrian Democratic Forces / Free Syrian Army / Syrian Observatory are organisations."),
    A("sy-deirezzor-2017", ["Deir ez-Zor", "Iraq", "al-Qaim", "Beirut", "Euphrates", "Syria", "Albu Kamal",
                            "Mayadin", "Russia", "Raqqa", "Mosul"],
      opt=["Baghdad", "al-Omar", "Damascus"],
      notes="'Baghdad bureaus' credit line only (optional). 'al-Omar oilfield' is a facility (optional). "
            "'pro-Damascus' is adjectival (optional)."),
    A("sy-aleppo-2016", ["Damascus", "Syria", "Aleppo", "Russia", "Turkey", "Iran", ("Idlib province", r"(Idlib), the rebel-held province"),
                         "Palmyra", "Barada valley", ("Daraa province", r"(Daraa) province"), "Kazakhstan"],
      opt=["Middle East", "T4"],
      notes="'By our Middle East staff' is a byline (optional). Idlib here is 'the rebel-held province' (admin1). "
            "T4 airbase is a facility (optional). Barada valley = Wadi Barada (approximate point)."),
    A("sy-daraa-2018", [("Daraa province", r"(Daraa) province"), "Daraa al-Balad", "Daraa", "Beirut", "Russia",
                        "Moscow", "Syria", "Nasib", "Jordan", "Damascus", "Yarmuk valley", "Golan Heights",
                        "Quneitra", "Israel", ("Idlib province", r"(Idlib) province"), "Turkey"],
      notes="Daraa city (incl. 'Daraa city', 'We did not hand over Daraa') vs Daraa province; Daraa al-Balad is "
            "the old city district. 'the Golan' = Golan Heights. Yarmuk valley is the IS pocket along the Yarmouk "
            "river (approximate point). 'Omari mosque' is a building. 'Israeli-occupied' is adjectival."),
    A("sy-damascus-2024", ["Damascus", "Moscow", "Homs", "Syria", "Mediterranean", "Russia", "Aleppo", "Hama",
                           ("Daraa province", r"(Daraa) province"), "Sweida", "Iran", "Deir ez-Zor", "Manbij",
                           "Israel", "Golan Heights"],
      opt=["Middle East", "Umayyad Square", "Umayyad Mosque"],
      notes="'LIVE UPDATES | Middle East' is a section label. Umayyad Square / Umayyad Mosque are landmarks "
            "(optional). 'Iran-backed' is adjectival (optional); Iran is also a noun here (gold). 'the coast', "
            "'Alawite heartland' are no names. Sweida is the province (admin1)."),
    A("ua-mariupol-2022", ["Russia", "Mariupol", "Ukraine", "Kyiv", "Moscow", "Crimea", "Sea of Azov", "Kherson",
                           "Kharkiv", "Donbas", "Luhansk", "Sievierodonetsk", "Kursk", "Tyotkino"],
      opt=["Azovstal", "the West"],
      notes="Azovstal steelworks is a facility (optional). 'the Crimean peninsula' is Crimea (kind other, "
            "scored by distance: its admin-1 country is disputed). Kursk and Luhansk are the regions (admin1). "
            "'the West' is geopolitical (no span)."),
    A("ua-marinka-2023", ["Kyiv", "Ukraine", "Russia", "Marinka", "Donetsk", "Avdiivka", "Britain", "Crimea",
                          "Robotyne", "Belgorod", "Moscow"],
      opt=["Washington"],
      notes="'Washington-based Institute for the Study of War' is adjectival (optional). Donetsk is the city "
            "('the city of Donetsk', 'Donetsk's northern flank'). Belgorod is the region (admin1)."),
    A("ua-selydove-2024", ["Selydove", "Pokrovsk", "Ukraine", "Russia", "Donetsk region", "Kyiv", "Moscow",
                           "Vuhledar", "Novohrodivka", "Hirnyk", "Kurakhove", "Kursk"],
      opt=["Europe", "Donetsk People's Republic", "Kremlin"],
      notes="'October 31, 2024 | Europe' is a section label. 'Donetsk People's Republic' is the name Moscow "
            "gives to the occupied region (optional). 'the Kremlin' is a metonym (optional). Hirnyk has a "
            "namesake in Lviv oblast; this is the Donetsk one."),
    A("ua-klishchiivka-2023", ["Kyiv", "Ukraine", "Klishchiivka", "Bakhmut", "Russia", "Andriivka",
                               "Donetsk region", "Zaporizhzhia region", "Robotyne", "Tokmak", "Odesa region",
                               "Danube", "United States", "Washington", "Moscow"],
      notes="Andriivka is the village south of Klishchiivka (Bakhmut raion, approximate point; many namesakes "
            "elsewhere in Ukraine). Donetsk/Zaporizhzhia/Odesa are regions (admin1)."),
    A("af-faizabad-2021", ["Kabul", "Afghanistan", "Badakhshan", "Faizabad", "Pul-e-Khumri", "Baghlan", "Farah",
                           "Ghazni", "Mazar-e-Sharif", "Kunduz", "Sar-e-Pul", "Taloqan", "Zaranj", "Nimroz", "Iran"],
      opt=["Islamabad", "Washington"],
      notes="'Associated Press writers in Islamabad and Washington' is a credit line (optional). Farah's "
            "province is only 'the western province of the same name' (no second name). European Union / NATO "
            "are organisations."),
    A("af-ghazni-2018", ["Kabul", "Ghazni", "Kandahar", "Kunduz", "Faryab", "Ghormach", "Afghanistan"],
      notes="'By our Kabul correspondent' byline names Kabul (gold anyway). Eid al-Adha is no place."),
    A("af-kabul-2021", ["Kabul", "Afghanistan", "Mazar-e-Sharif", "Uzbekistan", "Jalalabad", "Panjshir"],
      opt=["South Asia"],
      notes="'By our South Asia staff' is a byline (optional). 'The Panjshir valley ... is the only province' "
            "-> Panjshir province (admin1; the gazetteer has no ADM1, the valley point is within 161 km)."),
    A("sd-zalingei-2023", ["Sudan", "Zalingei", "Darfur", "Cairo", "Central Darfur", "Nyala", "South Darfur",
                           "El Fasher", "North Darfur", "Khartoum", "Jeddah", "West Darfur"],
      notes="Darfur is the region (RGN); the five Darfur states are admin1. Janjaweed, Masalit are no places."),
    A("sd-ed-daein-2023", ["Sudan", "Darfur", "East Darfur", "Ed Daein", "Nyala", "Zalingei", "El Geneina",
                           "El Fasher", "North Darfur", "West Darfur", "Ardamata", "Port Sudan", "Khartoum",
                           "Omdurman", "Kordofan", "Babanusa", "Jeddah"],
      notes="'November 22, 2023 | Sudan' is a section label but Sudan is a gold place anyway. Ardamata is a "
            "district of El Geneina. Rizeigat/Masalit are ethnic groups. 'Saudi mediation' is adjectival."),
    A("ye-amran-2014", ["Yemen", "Amran", ("Amran province", r"(Amran) province"), "Sanaa", "Saada", "Dammaj",
                        "Hadramawt", "Seiyun", "Iran"],
      opt=["Hashid"],
      notes="Amran city vs 'Amran province'. 'Hashid territory' is a tribal confederation's land (optional). "
            "'al-Qaida in the Arabian Peninsula' is an organisation. Dammaj: approximate point."),
    A("ye-mukalla-2015", ["Mukalla", "Yemen", "Hadramawt", "Aden", "Crater", "Saudi Arabia", "Saada", "Egypt",
                          "Washington", "Sanaa", "United States"],
      opt=["Yemen"], excl=[r"Tags: .*"],
      notes="The 'Tags: Yemen, ...' footer is page chrome (no span; optional). Crater is a district of Aden. 'Saudi-led' is a demonym. "
            "AQAP is an organisation."),
    A("ly-benghazi-2017", ["Libya", "Benghazi", "Sabri", "Souq al-Hout", "Ganfouda", "Tripoli", "Derna",
                           "Ras Lanuf", "Es Sider", "Sirte", "France"],
      opt=["oil crescent"],
      notes="Benghazi inside 'Benghazi Revolutionaries Shura Council' / 'Benghazi Defence Brigades' is an "
            "organisation name (no span). Sabri, Souq al-Hout and Ganfouda are Benghazi districts (approximate "
            "points). 'the \"oil crescent\"' is a descriptive nickname (optional)."),
    A("ly-ras-lanuf-2017", ["Tripoli", "Ras Lanuf", "Es Sider", "Mediterranean", "Libya", "Benghazi", "Ben Jawad",
                            "Egypt", "United Arab Emirates"],
      opt=["North Africa", "oil crescent", "Rixos"],
      notes="'By our North Africa correspondent' is a byline (optional). Benghazi Defence Brigades is an "
            "organisation (spans only for 'driven out of Benghazi'). Rixos hotel is a facility (optional)."),
    A("ml-kidal-2023b", ["Mali", "Kidal", "Dakar", "Senegal", "Anefis", "Timbuktu", "Russia"],
      notes="'Algerian border' is adjectival. Wagner, MINUSMA, CSP, JNIM are organisations."),
    A("ml-tinzaouaten-2024", ["Bamako", "Mali", "Tinzaouaten", "Africa", "Kidal", "France", "Russia",
                              "Djiguibombo", "Sahara", "Burkina Faso", "Niger", "Algeria"],
      opt=["Dakar"],
      notes="'Bamako and Dakar bureaus': Dakar is credit-line only (optional). Azawad inside the CSP-DPA name "
            "and 'Africa Corps' are organisation names. Africa and the Sahara are recognised only (no point). "
            "Djiguibombo (Bandiagara area): approximate point."),
    A("et-weldiya-2021", ["Ethiopia", "Tigray", "Weldiya", "Amhara", "Nairobi", "Lalibela", "Mekelle", "Afar",
                          "United States", "Eritrea"],
      opt=["Addis Ababa"],
      notes="'Addis Ababa bureaus' is credit-line only (optional). 'Amhara regional forces', 'The Amhara "
            "government' use the region's name (spans kept). TPLF is an organisation."),
    A("et-axum-2020", ["Ethiopia", "Axum", "Adwa", "Nairobi", "Kenya", "Tigray", "Mekelle", "Shire", "Alamata",
                       "Raya", "Sudan", "Eritrea", "Asmara"],
      opt=["Horn of Africa"],
      notes="'By our Horn of Africa correspondent' is a byline (optional). Raya is the Raya (Azebo) area of "
            "southern Tigray (approximate point). 'Ethiopian National Defense Force' is an organisation."),
    A("mm-namhsan-2023", ["Myanmar", "Namhsan", "Bangkok", "Shan", "China", "Laukkai", "Kokang", "Lashio",
                          "Rakhine", "Pauktaw"],
      opt=["Southeast Asia"],
      notes="'By our Southeast Asia staff' is a byline (optional). Pauktaw is the Rakhine town (approximate "
            "point), not the Yangon-region namesake. Kokang is the self-administered zone (approximate point). "
            "Ta'ang/Palaung are ethnic names; MNDAA, Arakan Army, TNLA are organisations."),
    A("mm-ann-2024", ["Myanmar", "Bangkok", "Rakhine", "Ann", "Maungdaw", "Bangladesh", "Sittwe", "Kyaukphyu",
                      "China", "Shan", "Lashio", "Paletwa", "Chin", "Buthidaung"],
      notes="'the Buddhist Rakhine ethnic group' is an ethnic name (no span); 'linking Rakhine with central "
            "Myanmar' is the state. Western/Northeastern Command are military commands."),
    A("so-bulo-burde-2014", ["Bulo Burde", "Mogadishu", "Somalia", "Hiran", "Hudur", "Bakool", "Barawe", "El Bur",
                             "Kismayo", "Uganda", "Burundi", "Kenya", "Djibouti", "Sierra Leone", "Ethiopia"],
      notes="'African Union Mission in Somalia' is an organisation (no span). Djiboutian/Ethiopian/Kenyan "
            "are demonyms."),
    A("so-el-bur-2014", ["El Bur", "Mogadishu", "Somalia", "Galgudud", "Ethiopia", "Harardhere", "Qoryoley",
                         "Lower Shabelle", "Barawe"],
      notes="'African Union Mission in Somalia (AMISOM)' is an organisation (no span)."),
    A("ng-monguno-2015", ["Monguno", "Maiduguri", "Nigeria", "Borno", "Baga", "Lake Chad", "Doron Baga", "Yobe",
                          "Adamawa", "Gwoza", "Chad", "Cameroon", "Far North"],
      opt=["Lagos", "Abuja"],
      notes="'contributed from Lagos and Abuja' is a credit line (optional). Doron Baga (approximate point) is "
            "the fishing town by Baga. 'Multinational Joint Task Force' is an organisation."),
    A("ng-damasak-2015", ["Niamey", "Chad", "Niger", "Damasak", "Komadougou Yobe", "Nigeria", "Cameroon",
                          ("Diffa region", r"(Diffa) region"), "Diffa", "Borno", "Monguno", "Abuja", "Gwoza",
                          "Maiduguri", "Benin"],
      notes="Diffa town ('the Nigerien town of Diffa') vs 'the Diffa region' (admin1). 'Relations between Abuja "
            "and its neighbours' is a metonym (gold). Komadougou Yobe is a river (its 'Yobe' is not Yobe state)."),
    # ------------------------------------------------------------------ short reports
    A("iq-mosul-2014", ["Iraq", "Mosul", "Tigris", "Arbil", "Fallujah", "Ramadi", "Anbar"],
      notes="'Islamic State of Iraq and the Levant' is an organisation (no span). 'the Kurdish region' is no name."),
    A("iq-tikrit-2015", ["Iraq", "Tikrit", "Baghdad"]),
    A("iq-ramadi-2015", ["Ramadi", "Baghdad", "Iraq", "Anbar"],
      notes="'the Anbar operations command' is a military command (no span); 'Anbar governor's office' names the province."),
    A("iq-ramadi-2015b", ["Iraq", "Ramadi", "Baghdad", "Anbar"]),
    A("iq-fallujah-2016", ["Fallujah", "Iraq", "Baghdad", "al-Julan"],
      notes="al-Julan is a Fallujah neighbourhood (approximate point)."),
    A("iq-talafar-2017", ["Tal Afar", "Baghdad", "al-Ayadiya", "Mosul"]),
    A("iq-kirkuk-2017", ["Kirkuk", "Iraq"], opt=["K1", "Baba Gurgur"],
      notes="K1 air base and Baba Gurgur oilfield are facilities (optional)."),
    A("iq-sinjar-2015", ["Sinjar", "Iraq", "Raqqa", "Syria", "Mosul"]),
    A("iq-qaim-2017", ["Iraq", "al-Qaim", "Baghdad", "Anah", "Euphrates", "Rawa"]),
    A("iq-hit-2016", ["Hit", "Iraq", "Euphrates", "Anbar", "Fallujah"],
      notes="'Jazeera operations command' is a military command (no span)."),
    A("iq-rutba-2016", ["Iraq", "Rutba", "Ramadi", "Jordan"]),
    A("iq-hawija-2017", ["Hawija", "Baghdad", "Iraq"]),
    A("sy-palmyra-2015", ["Beirut", "Palmyra", "Syria", "Ramadi", "Iraq"], opt=["Britain"],
      notes="'Tadmur' is Palmyra's Arabic name (same toponym). 'Britain-based' is adjectival (optional)."),
    A("sy-palmyra-2016", ["Syria", "Palmyra", "Beirut", "Russia", "Sukhna", "Deir ez-Zor"],
      notes="'the towns of Sukhna and Deir al-Zor' -> Deir ez-Zor city."),
    A("sy-palmyra-2016b", ["Palmyra", "Beirut", ("Homs province", r"(Homs) province"), "Aleppo"]),
    A("sy-raqqa-2017", ["Raqqa", "Syria", "Tabqa"], opt=["Naim"], notes="Naim roundabout is a landmark (optional)."),
    A("sy-kobani-2015", ["Kobani", "Beirut", "Turkey"], notes="'Ayn al-Arab' is Kobani's Arabic name (same toponym)."),
    A("sy-manbij-2016", ["Beirut", "Manbij"]),
    A("sy-afrin-2018", ["Afrin", "Syria"]),
    A("sy-idlib-2015", ["Idlib", "Beirut", "Syria", "Raqqa"]),
    A("sy-maarat-2020", ["Maarat al-Numan", "Beirut", ("Idlib province", r"stronghold of (Idlib)"), "Damascus",
                         "Aleppo", "Khan Sheikhoun"], opt=["M5"],
      notes="'the last rebel stronghold of Idlib' is the province/region (admin1). M5 highway is a road (optional)."),
    A("sy-aleppo-2024", ["Aleppo", "Beirut", "Syria", "Saraqeb", ("Idlib province", r"(Idlib) province"), "Damascus"]),
    A("sy-hama-2024", ["Hama", "Homs", "Beirut", "Aleppo", "Damascus"]),
    A("sy-baghouz-2019", ["Baghouz", "Syria", "Iraq", "Mosul"]),
    A("sy-tal-abyad-2019", ["Turkey", "Tal Abyad", "Akcakale", "Syria", "Ras al-Ain"]),
    A("ua-sloviansk-2014", ["Ukraine", "Sloviansk", "Kyiv", "Donetsk", "Kramatorsk"],
      notes="'Kiev' is Kyiv. 'the regional capital Donetsk' is the city."),
    A("ua-debaltseve-2015", ["Kyiv", "Ukraine", "Debaltseve", "Minsk"]),
    A("ua-kherson-2022", ["Kherson", "Kyiv", "Ukraine", "Russia", "Moscow", "Dnieper"]),
    A("ua-lysychansk-2022", ["Russia", "Lysychansk", "Luhansk", "Ukraine", "Sievierodonetsk", "Siverskyi Donets"]),
    A("ua-izium-2022", ["Ukraine", "Izium", "Kupiansk", "Kyiv", "Russia", "Moscow", "Donbas", "Balakliia"]),
    A("ua-lyman-2022", ["Kyiv", "Ukraine", "Russia", "Lyman", "Moscow"]),
    A("ua-bakhmut-2023", ["Bakhmut", "Kyiv", "Russia", "Ukraine"]),
    A("ua-robotyne-2023", [("Zaporizhzhia region", r"(Zaporizhzhia) region"), "Zaporizhzhia", "Ukraine", "Robotyne",
                           "Novoprokopivka", "Urozhaine", "Donetsk region"],
      notes="Dateline ZAPORIZHZHIA is the city; 'the southeastern Zaporizhzhia region' the oblast (admin1). "
            "Novoprokopivka: approximate point."),
    A("ua-avdiivka-2024", ["Ukraine", "Avdiivka", "Kyiv", "Russia", "Moscow", "Bakhmut"]),
    A("ua-vuhledar-2024", ["Ukraine", "Vuhledar", "Kyiv"]),
    A("ua-sudzha-2024", ["Ukraine", "Sudzha", "Kyiv", "Kursk", "Europe"],
      notes="'the Kursk region' is the oblast (admin1). Europe is recognised only (no point)."),
    A("ua-snake-2022", ["Odesa", "Ukraine", "Russia", "Snake Island", "Black Sea"]),
    A("ua-soledar-2023", ["Moscow", "Soledar", "Ukraine", "Russia", "Kyiv"]),
    A("af-kunduz-2015", ["Kunduz", "Kabul"], notes="'Afghan city' is a demonym; no country name in the text."),
    A("af-kunduz-2015b", ["Kabul", "Afghanistan", "Kunduz"]),
    A("af-zaranj-2021", ["Afghanistan", "Kabul", "Zaranj", "Nimroz", "Iran", "Spin Boldak", "Pakistan"],
      notes="Spin Boldak is the border crossing/town."),
    A("af-kunduz-2021", ["Kunduz", "Kabul", "Afghanistan", "Sar-e-Pul", "Taloqan", "Sheberghan", "Jowzjan"]),
    A("af-kandahar-2021", ["Kabul", "Afghanistan", "Kandahar", "Herat", "Lashkar Gah", "Helmand"]),
    A("af-mazar-2021", ["Mazar-e-Sharif", "Jalalabad", "Kabul"], notes="'Uzbek border' is adjectival."),
    A("af-panjshir-2021", ["Panjshir", "Kabul", "Afghanistan", "Bazarak"],
      notes="'Panjshir', 'the Panjshir Valley', 'the Panjshir provincial governor' -> Panjshir (admin1 kind: "
            "province and valley coincide)."),
    A("sd-madani-2023", ["Sudan", "Wad Madani", "Cairo", "Gezira", "Khartoum", "Darfur"]),
    A("sd-singa-2024", ["Sudan", "Singa", "Port Sudan", ("Sennar province", r"(Sennar) province")]),
    A("sd-nyala-2023", ["Nyala", "Sudan", "Khartoum", "South Darfur", "Zalingei", "Central Darfur", "Ed Daein",
                        "East Darfur"], notes="'El Daein' is Ed Daein."),
    A("sd-omdurman-2024", ["Sudan", "Omdurman", "Cairo"]),
    A("ye-sanaa-2014", ["Yemen", "Sanaa", "Amran"]),
    A("ye-aden-2015", [("Aden province", r"province of (Aden)"), "Aden", "Riyadh", "Khor Maksar", "Tawahi"],
      notes="'The province of Aden' is the governorate (admin1); otherwise the city."),
    A("ye-aden-2019", ["Aden", "Yemen", "United Arab Emirates", "Crater"]),
    A("ye-mukalla-2016", ["Mukalla", "Aden", "Hadramawt", "Shabwa"],
      notes="'al Qaeda in the Arabian Peninsula' is an organisation. 'Emirati' is a demonym."),
    A("ye-hazm-2020", ["Dubai", "Yemen", "al-Jawf", "al-Hazm", "Marib"], opt=["Iran"],
      notes="'Iran-aligned' is adjectival (optional)."),
    A("ly-sirte-2016", ["Libya", "Sirte", "Tripoli", "Ghiza Bahriya", "North Africa", "Syria", "Iraq"],
      notes="Ghiza Bahriya is a Sirte district (approximate point). North Africa is recognised only. "
            "'Misratan' is a demonym."),
    A("ly-gharyan-2019", ["Tripoli", "Gharyan"]),
    A("ly-gharyan-2019b", ["Tripoli", "Libya", "Gharyan"], notes="'the Tripoli forces' names the city (gold)."),
    A("ly-watiya-2020", ["Libya", "Tarhuna", "Tripoli"], opt=["al-Watiya"],
      notes="al-Watiya air base is a facility (optional)."),
    A("ly-sirte-2020", ["Benghazi", "Libya", "Sirte", "Tripoli"]),
    A("ly-derna-2018", ["Libya", "Derna", "Benghazi"]),
    A("ml-kidal-2023", ["Mali", "Kidal", "Bamako", "Anefis"]),
    A("ml-kidal-2014", ["Mali", "Kidal", "Bamako", "Menaka"]),
    A("ml-lere-2023", ["Bamako", "Mali", "Lere", "Timbuktu region"],
      notes="'the Timbuktu region' is the region (admin1 Tombouctou)."),
    A("ml-ber-2023", ["Mali", "Ber", "Bamako"]),
    A("et-mekelle-2020", ["Ethiopia", "Tigray", "Mekelle", "Addis Ababa"]),
    A("et-mekelle-2021", ["Mekelle", "Ethiopia", "Tigray"],
      notes="'Tigray forces' names the region (span kept); 'Tigray Defense Forces' is an organisation."),
    A("et-lalibela-2021", ["Lalibela", "Addis Ababa", "Ethiopia", "Tigray", "Amhara"]),
    A("et-dessie-2021", ["Addis Ababa", "Ethiopia", "Dessie", "Kombolcha", "Lalibela"]),
    A("et-shire-2022", ["Tigray", "Shire", "Nairobi", "Alamata", "Korem"]),
    A("et-fano-2023", ["Amhara", "Lalibela", "Ethiopia", "Addis Ababa"],
      notes="'Amhara militia' in the headline names the region's militia (span kept). Fano is a militia."),
    A("mm-laukkai-2024", ["Myanmar", "Laukkai", "Bangkok", "Kokang", "China"],
      notes="'Operation 1027' is no place."),
    A("mm-lashio-2024", ["Myanmar", "Lashio", "Shan"]),
    A("mm-paletwa-2024", ["Bangkok", "Paletwa", "Myanmar", "Chin", "India", "Bangladesh"]),
    A("mm-maungdaw-2024", ["Maungdaw", "Bangladesh", "Yangon", "Myanmar", "Buthidaung"]),
    A("mm-kawlin-2023", ["Myanmar", "Kawlin", "Sagaing"]),
    A("mm-mogok-2024", ["Bangkok", "Mogok", "Myanmar", "Mandalay region"]),
    A("mm-myawaddy-2024", ["Mae Sot", "Thailand", "Myanmar", "Myawaddy"], notes="'Thai border' is adjectival."),
    A("so-barawe-2014", ["Mogadishu", "Barawe", "Lower Shabelle"]),
    A("so-tiyeglow-2016", ["Somalia", "Mogadishu", "Tiyeglow", "Bakool", "Ethiopia"]),
    A("so-harardhere-2023", ["Harardhere", "Mogadishu", "Galcad"],
      notes="Galcad (Galgaduud): no reliable point known, recognition only."),
    A("so-cowsweyne-2023", ["Mogadishu", "Cowsweyne"]),
    A("ng-baga-2015", ["Baga", "Nigeria", "Maiduguri", "Borno"]),
    A("ng-gwoza-2015", ["Abuja", "Nigeria", "Gwoza", "Bama"]),
    A("ng-mubi-2014", ["Nigeria", "Mubi", "Yola", "Adamawa"], opt=["Madinatul Islam"],
      notes="'Madinatul Islam' is the militants' name for Mubi (optional)."),
    A("ng-geidam-2021", ["Geidam", "Maiduguri", "Nigeria", "Yobe", "Dikwa", "Borno"],
      notes="'Islamic State West Africa Province' is an organisation."),
    A("iq-mosul-2017", ["Iraq", "Mosul", "Tigris"], opt=["Old City"]),
    A("sy-khansheikhoun-2019", ["Beirut", "Khan Sheikhoun", ("Idlib province", r"(Idlib)")]),
    A("iq-qayyarah-2016", ["Mosul", "Baghdad", "Qayyarah", "Tigris"]),
    # ------------------------------------------------------------------ demo dispatches
    A("demo-mosul-2017", ["Baghdad", "Mosul", "Tal Afar", "Nineveh"], opt=["Old City"]),
    A("demo-raqqa-2017", ["Raqqa", ("Deir ez-Zor province", r"(Deir ez-Zor) province"), "Syria"]),
    A("demo-qaim-2017", ["al-Qaim", "Anbar", "Rawa", "Euphrates"]),
    A("demo-kherson-2022", ["Kherson", "Dnieper"]),
    A("demo-avdiivka-2024", ["Avdiivka", "Donetsk region", "Bakhmut"]),
    A("demo-kabul-2021", ["Kabul", "Kandahar", "Herat"]),
    A("demo-wad-madani-2023", ["Wad Madani", "Gezira", "Sudan", "Sennar"],
      notes="'fled south towards Sennar' -> Sennar town (the state's capital)."),
    A("demo-aleppo-2024", ["Aleppo", "Idlib"],
      notes="'airstrikes hit Idlib' is ambiguous between city and province; annotated as the city."),
]


# fmt: on


# ---------------------------------------------------------------------------------------------- machinery
def km(a, b, c, d):
    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def variants(alias):
    out = {alias, alias.upper()}
    if alias[:1].islower():
        out.add(alias[:1].upper() + alias[1:])
    return sorted(out, key=len, reverse=True)


def find(text, alias):
    pat = r"(?<![\w])" + re.escape(alias) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def spans_for(doc, art):
    text = doc["text"]
    blocked = []
    for rx in ORG_SPANS + art["excl"]:
        blocked += [(m.start(), m.end()) for m in re.finditer(rx, text)]
    cands, adjectival = [], set()
    for i, item in enumerate(art["places"]):
        key, rx = item if isinstance(item, tuple) else (item, None)
        pl = PLACES[key]
        if rx:
            for m in re.finditer(rx, text):
                g = next((k for k in range(1, (m.re.groups or 0) + 1) if m.group(k) is not None), 0)
                cands.append((m.start(g), m.end(g), i, 2))
            continue
        for alias in pl["aliases"]:
            for v in variants(alias):
                for s, e in find(text, v):
                    cands.append((s, e, i, 1))
    taken, out = [], {}
    for s, e, i, _priority in sorted(cands, key=lambda c: (-c[3], -(c[1] - c[0]), c[0])):
        if any(s < y and x < e for x, y in taken):
            continue
        if any(s < y and x < e for x, y in blocked):
            continue
        if ADJECTIVAL_AFTER.match(text, e) or text[max(0, s - 4) : s] == "pro-":
            adjectival.add(text[s:e])
            taken.append((s, e))
            continue
        taken.append((s, e))
        out.setdefault(i, []).append([s, e])
    return out, adjectival


_REFINED: dict = {}


def refine(gaz, pl, cache=_REFINED):
    """Exact gazetteer coordinates for the place annotated, when the gazetteer holds it."""
    if pl["lat"] is None or gaz is None:
        return None
    k = pl["key"]
    if k in cache:
        return cache[k]
    best = None
    for alias in pl["aliases"]:
        for p in gaz.lookup(alias):
            if p.country_code != pl["cc"]:
                continue
            fc = p.feature_code
            if pl["kind"] == "country" and not fc.startswith("PCL"):
                continue
            if pl["kind"] == "admin1" and fc != "ADM1":
                continue
            if pl["kind"] == "other" and (fc.startswith("PCL") or fc.startswith("ADM")):
                continue
            d = km(pl["lat"], pl["lon"], p.lat, p.lon)
            limit = {"country": 5000, "admin1": 200}.get(pl["kind"], 25)
            if d <= limit and (best is None or d < best[0]):
                best = (d, p)
    cache[k] = best
    return best


def load_docs():
    """The source texts by id, from every SOURCES file (an id twice is an error: the gold would be ambiguous)."""
    docs = {}
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                if d["id"] in docs:
                    raise SystemExit(f"duplicate id {d['id']}")
                docs[d["id"]] = d
    return docs


def build(gaz, review=False):
    docs = load_docs()
    lines, problems, far = [], [], []
    for art in ARTICLES:
        doc = docs[art["id"]]
        spans, adjectival = spans_for(doc, art)
        toponyms = []
        for i, item in enumerate(art["places"]):
            key = item[0] if isinstance(item, tuple) else item
            pl = PLACES[key]
            sp = sorted(spans.get(i, []))
            if not sp:
                problems.append(f"{art['id']}: no span for {key}")
                continue
            toponyms.append(toponym_record(gaz, doc, art["id"], key, pl, sp, far))
        opt = list(
            dict.fromkeys(
                art["opt"]
                + sorted(adjectival)
                + [o for o in ALWAYS_OPTIONAL if re.search(r"(?<!\w)" + re.escape(o), doc["text"])]
            )
        )
        lines.append(
            dict(
                id=doc["id"],
                text=doc["text"],
                published=doc["published"],
                toponyms=toponyms,
                optional_surfaces=opt,
                notes=art["notes"],
            )
        )
        if review:
            print_uncovered(doc, toponyms)
    return lines, problems, far


def toponym_record(gaz, doc, art_id, key, pl, sp, far):
    """The gold record of one place of an article at its spans: the annotator's place, its point
    refined from the gazetteer when one namesake lies near (``far`` collects those left unrefined
    though the country has namesakes)."""
    surfaces = []
    for s, e in sp:
        t = doc["text"][s:e]
        if t not in surfaces:
            surfaces.append(t)
    rec = dict(
        surface=surfaces,
        name=pl["name"],
        kind=pl["kind"],
        type=pl["type"],
        lat=pl["lat"],
        lon=pl["lon"],
        country=pl["cc"] or None,
        geonames_id=None,
        spans=sp,
    )
    if pl["type"] in NO_POINT or pl["lat"] is None:
        rec["lat"] = rec["lon"] = None
        return rec
    hit = refine(gaz, pl)
    if hit:
        d, p = hit
        rec.update(
            lat=round(p.lat, 5),
            lon=round(p.lon, 5),
            geonames_id=p.geonames_id,
            name=p.name,
            coord_source=f"gazetteer (checked against the annotator's point, {d:.0f} km)",
        )
        return rec
    rec["coord_source"] = "knowledge, approximate" if pl["approx"] else "knowledge"
    if gaz is not None:
        same = [p for a in pl["aliases"] for p in gaz.lookup(a) if p.country_code == pl["cc"]]
        if same:
            far.append(
                (art_id, key, [(p.name, p.feature_code, round(p.lat, 2), round(p.lon, 2)) for p in same][:4])
            )
    return rec


def print_uncovered(doc, toponyms):
    """--review: the capitalised words of a text no gold span covers, for an annotator to check."""
    covered = [tuple(s) for t in toponyms for s in t["spans"]]
    words = sorted(
        {
            m.group(0)
            for m in re.finditer(r"\b[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*", doc["text"])
            if not any(a <= m.start() < b for a, b in covered)
        }
    )
    print(f"== {doc['id']}: {words}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--review", action="store_true")
    ap.add_argument("--no-gazetteer", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    gaz = None
    if not a.no_gazetteer:
        from bench.geoparse_eval import load_or_build

        gaz = load_or_build()
    lines, problems, far = build(gaz, a.review)
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    for f in far:
        print("not refined (gazetteer has same-country namesakes, none near):", f, file=sys.stderr)
    with open(a.out, "w", encoding="utf-8") as fh:
        for d in lines:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    n = sum(len(d["toponyms"]) for d in lines)
    print(
        f"{len(lines)} docs, {n} toponyms, {sum(len(t['spans']) for d in lines for t in d['toponyms'])} spans "
        f"-> {a.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
