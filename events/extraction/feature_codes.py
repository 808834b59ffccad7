"""GeoNames feature codes: what the extraction code needs to know of them, in one place.

The gazetteer keeps GeoNames' codes verbatim (PCLI, ADM1, PPLC...; Natural Earth regions are loaded as
ADM1). The geoparser and the resolver ask a handful of questions of a code (is it a country, a town, a
body of water?); they ask them here, so a new code (a GeoNames revision, a new source) is taught once.
"""

from __future__ import annotations

# Prefixes: every code starting so belongs to the class (PCLI, PCLD, PCLS...; PPL, PPLA2, PPLX...).
COUNTRY_PREFIX = "PCL"
SETTLEMENT_PREFIX = "PPL"
ADMIN_PREFIX = "ADM"

ADM1 = "ADM1"  # first-level region: province, governorate, state, oblast
ADM2 = "ADM2"  # second-level region: district, county
ADM3 = "ADM3"
PPL = "PPL"  # a populated place
PPLC = "PPLC"  # national capital
PPLA = "PPLA"  # seat of a first-level region
PPLX = "PPLX"  # section of a populated place
CONTINENT = "CONT"
STREAM = "STM"
VALLEY = "VAL"
REGION = "RGN"
AREA = "AREA"
CAMP_CODES = frozenset({"CMP", "CMPRF"})
REGION_CODES = frozenset({ADM1, ADM2})  # administrative regions the resolver scores as such

WATER_CODES = frozenset({"SEA", "OCN", "GULF", "STRT", "BAY"})  # named by "Sea"/"Ocean" in their names
# Natural areas and large bodies: what "the X desert/plain/area/sea" may name.
AREA_CODES = frozenset({"RGN", "DSRT", "MTS", "MT", "PLN", "VAL", "ISL", "AREA", "FRST", "SEA", "GULF", "STRT",
                        "OCN", "CONT", "LK", "RSV"})
FACILITY_CODES = frozenset({"CMP", "CMPRF", "DAM", "MILB", "PSTB", "BDG", "AIRP", "PRT", "PS"})
# Water bodies and tracts of land: a "sea"/"corridor" word after a name fits these readings.
WATER_AND_AREA_CODES = frozenset({"SEA", "OCN", "GULF", "STRT", "BAY", "LK", "STM", "VAL", "RGN", "AREA", "PRK"})
# Large named features a capitalised word almost surely means (no person filter needed).
LARGE_FEATURE_CODES = frozenset({CONTINENT, REGION, STREAM, "SEA", "OCN", "GULF", "STRT"})
# Codes whose all-capital short names are real aliases ("US", "UAE", "EU").
ACRONYM_PREFIXES = (COUNTRY_PREFIX, REGION, CONTINENT)
# Codes of what is larger than any town (countries, continents, regions, seas): a country's context.
SUPRANATIONAL_PREFIXES = (COUNTRY_PREFIX, CONTINENT, REGION, "OCN", "SEA")


def is_country(code: str) -> bool:
    return code.startswith(COUNTRY_PREFIX)


def is_settlement(code: str) -> bool:
    return code.startswith(SETTLEMENT_PREFIX)


def is_country_or_continent(code: str) -> bool:
    return code.startswith(COUNTRY_PREFIX) or code == CONTINENT


def kind(code: str) -> str:
    """The kind of a mention (CONTRACT §4 "kind"): country, admin1, admin2, city, river, camp,
    facility, continent or region."""
    if code.startswith(COUNTRY_PREFIX):
        return "country"
    if code == ADM1:
        return "admin1"
    if code == ADM2:
        return "admin2"
    if code.startswith(SETTLEMENT_PREFIX):
        return "city"
    if code == STREAM:
        return "river"
    if code in FACILITY_CODES:
        return "camp" if code in CAMP_CODES else "facility"
    if code == CONTINENT:
        return "continent"
    return "region"
