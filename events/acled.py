"""ACLED's codebook as data and pure functions: the column order, the codes and how ours map to them.

Shared by the ACLED-shaped exports (events.selectors.exports) and the importer
(events.services.acled_import), so that a value exported and read back in is the same value: one place
for each rule. No Django import: these are facts about ACLED's format, not about our tables.

ACLED's codebook (2023 edition) is the reference; README "ACLED columns" says column by column how each
value is derived and where ours differ.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

COUNTRIES_CSV = Path(__file__).resolve().parent / "data" / "acled_countries.csv"

# ACLED's 31 columns, in ACLED's order (CONTRACT §3), then ours.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
OUR_COLUMNS = ["id", "status", "confidence", "date_precision", "geonames_id", "sources"]
EXPORT_COLUMNS = ACLED_COLUMNS + OUR_COLUMNS

# ACLED separates several associated actors, sources or tags in one cell with "; ".
LIST_SEPARATOR = "; "

# inter codes (ACLED actor categories), numeric and as ACLED's newer exports spell them.
INTER_NAMES = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
_INTER_BY_NAME = {name.lower(): code for code, name in INTER_NAMES.items()} | {
    "external/other forces": 8, "external forces": 8, "other forces": 8, "state forces": 1,
}
CIVILIANS = 7
STATE_FORCES = 1
EXTERNAL_FORCES = 8
REBELS = 2

# time_precision: 1 the day is known; 2 the week (ACLED: "within a week", a date chosen in that week);
# 3 only the month (or coarser: ACLED has no year code, a year-dated event is coded 3 as well).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
DATE_PRECISION = {1: "day", 2: "week", 3: "month"}

# disorder_type by event type; the sub-event types that ACLED files elsewhere than their type.
_DISORDER_BY_TYPE = {
    "battles": "Political violence",
    "explosions/remote violence": "Political violence",
    "violence against civilians": "Political violence",
    "riots": "Political violence",
    "protests": "Demonstrations",
    "strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_TYPE = {
    "violent demonstration": "Demonstrations",
    "excessive force against protesters": "Political violence; Demonstrations",
}

CIVILIAN_TARGETING = "Civilian targeting"

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, as our tables keep countries
    iso3: str
    iso: int  # ISO 3166-1 numeric, ACLED's `iso` (Kosovo: 0, as ACLED codes it)
    name: str  # ACLED's country name
    region: str  # ACLED's region


@cache
def countries() -> dict[str, Country]:
    """Every country by alpha-2 code, from events/data/acled_countries.csv (GeoNames' ISO codes, ACLED's
    country names where they differ from GeoNames', and ACLED's regions)."""
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as stream:
        return {row["country_code"]: Country(row["country_code"], row["iso3"], int(row["iso_numeric"] or 0),
                                             row["acled_country"], row["acled_region"])
                for row in csv.DictReader(stream)}


@cache
def _country_lookup() -> dict[str, Country]:
    """Countries by every spelling an ACLED row may give: ISO numeric, alpha-3, alpha-2, ACLED's name."""
    table: dict[str, Country] = {}
    for country in countries().values():
        for key in (country.code, country.iso3, country.name.lower()):
            table[key] = country
        if country.iso:
            table.setdefault(str(country.iso), country)
    return table


def country_for(*, code: str = "", iso: str = "", name: str = "") -> Country | None:
    """The country a row names: by alpha-2 `code`, else by ISO numeric `iso`, else by ACLED's `name`."""
    lookup = _country_lookup()
    iso = iso.strip()
    if iso.endswith(".0"):  # spreadsheets turn 368 into 368.0
        iso = iso[:-2]
    for key in (code.strip().upper(), iso.lstrip("0") or ("0" if iso else ""), name.strip().lower()):
        if key and key in lookup:
            return lookup[key]
    return None


def public_id(country_code: str, number: int) -> str:
    """Our stable public id in ACLED's shape: the country's ISO alpha-3 and our database id (IRQ123).
    Stored when the event is written (Event.event_id_cnty) and never recomputed: a later move to
    another country keeps the id. "XXX" (ISO's user-assigned code) when the country is unknown."""
    country = countries().get((country_code or "").upper())
    return f"{country.iso3 if country else 'XXX'}{number}"


def time_precision(date_precision: str) -> int:
    return TIME_PRECISION.get(date_precision, 3)


def date_precision(code: int) -> str:
    return DATE_PRECISION[code]


def disorder_type(event_type: str, sub_event_type: str = "") -> str:
    """ACLED's disorder type: by sub-event type where ACLED files it apart from its type, else by type."""
    return (_DISORDER_BY_SUB_TYPE.get((sub_event_type or "").strip().lower())
            or _DISORDER_BY_TYPE.get((event_type or "").strip().lower(), ""))


def inter_code(*, kind: str, inter: int | None, actor_country: str, event_country: str) -> int:
    """An actor's inter code in an event: the one it carries (imported, or set by an editor), else from
    its kind. A state's forces acting outside their own country are ACLED's External/Other forces (8);
    a non-state armed actor with no finer category is a rebel group (2)."""
    if inter:
        return inter
    if kind == "state":
        abroad = actor_country and event_country and actor_country.upper() != event_country.upper()
        return EXTERNAL_FORCES if abroad else STATE_FORCES
    return REBELS


def parse_inter(value: str) -> int | None:
    """An inter code as ACLED writes it: a number 0-8 (0 or empty: no actor) or a category name."""
    text = (value or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text or text == "0":
        return None
    if text.isascii() and text.isdigit():
        code = int(text)
        if code in INTER_NAMES:
            return code
        raise ValueError(f"unknown inter code {value!r}")
    if text.lower() in _INTER_BY_NAME:
        return _INTER_BY_NAME[text.lower()]
    raise ValueError(f"unknown inter code {value!r}")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the two inter codes, the lower first (12: state forces against
    rebels, whichever is actor1); an actor acting alone is its code and 0 (60: protesters alone)."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


def civilian_targeting(event_type: str, inter2: int | None) -> str:
    """"Civilian targeting" when civilians are the target: every violence against civilians, and any
    other event whose second actor is civilians (an explosion hitting a market)."""
    if (event_type or "").strip().lower() == "violence against civilians" or inter2 == CIVILIANS:
        return CIVILIAN_TARGETING
    return ""


def parse_date(value: str) -> datetime.date:
    """An ACLED event date: ISO (2017-11-17) or ACLED's long form (17 November 2017), and the few
    spreadsheet renderings of them (17-Nov-2017, 17/11/2017)."""
    text = re.sub(r"\s+", " ", (value or "").strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable event_date {value!r} (expected 2017-11-17 or 17 November 2017)")


def split_list(value: str) -> list[str]:
    """A cell holding several names ("A; B"), as a list without empties."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


_PERIOD_SUFFIX = re.compile(r"\s*\((?:\d{4})?-(?:\d{4})?\)\s*$")


def actor_base_name(name: str) -> str:
    """ACLED's actor name without its period ("Military Forces of Iraq (2014-)" -> "Military Forces of
    Iraq"): ACLED dates state forces by government, our dictionary names the forces once."""
    return _PERIOD_SUFFIX.sub("", name or "").strip()
