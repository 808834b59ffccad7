"""The in-memory gazetteer name index: normalised name key -> candidate places.

Built once from the Place table (or straight from the source files), saved as one compiled file
and loaded at start-up. The layout is columnar (one list per field) and the postings of all keys
share one integer array, so the default index (240,175 places, 1.24M source names, 953k keys)
loads in about half a second (0.47 s measured; 33 MB file).
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from events.extraction import feature_codes as fc
from events.extraction.text import KEY_ACRONYM, KEY_ALTERNATE, fold, name_keys

FORMAT_VERSION = 5
# Feature codes whose all-capital short names are real aliases ("US", "UAE", "EU"), not codes.
_ACRONYM_CODES = fc.ACRONYM_PREFIXES
MAX_NAME_TOKENS = 7
# Short forms of regions ("Ky.", "Alta.", "B.C.", "N.S.W."): kept under their own keys, because
# "Ky" or "Man" alone is no place; the geoparser asks for them only after a town ("Glasgow, Ky.").
_REGION_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,4}\.)+$")
_ABBREVIATION_PREFIX = "abbr:"
_REGION_CODES = fc.REGION_CODES
# Posting = place index << FLAG_BITS | match flags (KEY_STRIPPED, KEY_LOOSE, KEY_ALTERNATE, KEY_ACRONYM).
FLAG_BITS = 4
FLAG_MASK = (1 << FLAG_BITS) - 1


@dataclass(slots=True, frozen=True)
class GazetteerPlace:
    id: int | None
    geonames_id: int | None
    name: str
    feature_code: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    population: int

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "geonames_id": self.geonames_id,
            "name": self.name,
            "feature_code": self.feature_code,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
        }


def abbreviation_key(text: str) -> str:
    """Index key of a region's short form: "Ky." and "Ky" give the same key, "B.C." and "BC" too."""
    return _ABBREVIATION_PREFIX + fold(text).replace(" ", "")


def _is_acronym(name: str) -> bool:
    """"CAR", "DRC", "UAE": a short form that "Car" or "Drc" in running text does not stand for."""
    return name.isalpha() and name.isupper() and len(name) <= 5


def _is_latin(name: str) -> bool:
    """Names in other scripts cannot match English text; leaving them out halves the index."""
    for ch in unicodedata.normalize("NFKD", name):
        if ch.isalpha() and ord(ch) > 0x24F and not unicodedata.combining(ch):
            return False
    return True


def indexable_name(name: str, main_name: str, country: bool = False) -> bool:
    """Skip names that only add noise: other scripts, codes ("BGW"), lower-case romanisations."""
    if not name or len(name) > 80 or not _is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    if name == main_name:
        return True
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return False
    if name.islower():  # GeoNames romanisations of Arabic/Persian script ("alyrmwk", "rawt")
        return False
    if name.isupper() and len(letters) <= 3 and "." not in name and not country:  # IATA, postal codes
        return False
    return len(name.split()) <= MAX_NAME_TOKENS


class Gazetteer:
    """Normalised-key lookup over places; see events.extraction.text for the keys."""

    __slots__ = ("_columns", "_keys", "_postings", "_cache", "_country_population", "_largest_town", "_by_id",
                 "_user_priors")

    def __init__(self, columns: dict[str, list], keys: dict[str, int], postings: array) -> None:
        self._columns = columns
        self._keys = keys
        self._postings = postings
        self._cache: dict[int, GazetteerPlace] = {}
        self._country_population: dict[str, int] | None = None
        self._largest_town: dict[tuple[str, str], int] | None = None
        self._by_id: dict[int, int] | None = None
        self._user_priors: dict[str, dict[str, int]] = {}

    # ------------------------------------------------------------ building and files

    @classmethod
    def build(cls, entries: Iterable[tuple[GazetteerPlace, Iterable[str]]]) -> Gazetteer:
        columns: dict[str, list] = {f: [] for f in GazetteerPlace.__slots__}
        grouped: dict[str, dict[int, int]] = {}
        for index, (place, names) in enumerate(entries):
            for f in GazetteerPlace.__slots__:
                columns[f].append(getattr(place, f))
            main_key = name_keys(place.name)[:1]
            region = place.feature_code in _REGION_CODES
            for name in set(names) | {place.name}:
                if region and name != place.name and _REGION_ABBREVIATION.match(name):
                    grouped.setdefault(abbreviation_key(name), {})[index] = KEY_ALTERNATE
                    continue
                if not indexable_name(name, place.name, place.feature_code.startswith(_ACRONYM_CODES)):
                    continue
                variants = name_keys(name)
                alternate = 0 if variants[:1] == main_key else KEY_ALTERNATE
                if alternate and _is_acronym(name):
                    alternate |= KEY_ACRONYM
                for key, flags in variants:
                    flags |= alternate
                    per_key = grouped.setdefault(key, {})
                    if flags < per_key.get(index, FLAG_MASK + 1):
                        per_key[index] = flags
        keys: dict[str, int] = {}
        postings = array("i")
        for key, per_place in grouped.items():
            items = [(i << FLAG_BITS) | f for i, f in per_place.items()]
            if len(items) == 1:
                keys[key] = items[0]
            else:
                keys[key] = -(len(postings) + 1)
                postings.append(len(items))
                postings.extend(items)
        return cls(columns, keys, postings)

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((FORMAT_VERSION, self._columns, self._keys, self._postings), fh, protocol=5)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        with open(path, "rb") as fh:
            version, columns, keys, postings = pickle.load(fh)
        if version != FORMAT_VERSION:
            raise ValueError(
                f"{path}: gazetteer index format {version}, expected {FORMAT_VERSION}; rebuild it"
            )
        return cls(columns, keys, postings)

    # ------------------------------------------------------------ queries

    def __len__(self) -> int:
        return len(self._columns["name"])

    def place(self, index: int) -> GazetteerPlace:
        cached = self._cache.get(index)
        if cached is None:
            cached = GazetteerPlace(*(self._columns[f][index] for f in GazetteerPlace.__slots__))
            self._cache[index] = cached
        return cached

    def postings(self, key: str) -> list[tuple[int, int]]:
        """(place index, match flags) for one index key; [] when the key is unknown."""
        code = self._keys.get(key)
        if code is None:
            return []
        if code >= 0:
            return [(code >> FLAG_BITS, code & FLAG_MASK)]
        start = -code - 1
        count = self._postings[start]
        return [(p >> FLAG_BITS, p & FLAG_MASK) for p in self._postings[start + 1 : start + 1 + count]]

    def has_key(self, key: str) -> bool:
        return key in self._keys

    def population(self, index: int) -> int:
        return self._columns["population"][index]

    def feature_code(self, index: int) -> str:
        return self._columns["feature_code"][index]

    def country_population(self, country_code: str) -> int:
        """Population of a country (0 if unknown): a region of a small country is a small place."""
        if self._country_population is None:
            codes, ccs, pops = (self._columns[f] for f in ("feature_code", "country_code", "population"))
            self._country_population = {
                cc: pop for code, cc, pop in zip(codes, ccs, pops, strict=True) if code.startswith(fc.COUNTRY_PREFIX)
            }
        return self._country_population.get(country_code, 0)

    def largest_town_population(self, country_code: str, admin1: str) -> int:
        """Population of the largest populated place of a first-level region (0 if unknown)."""
        if self._largest_town is None:
            table: dict[tuple[str, str], int] = {}
            columns = (self._columns[f] for f in ("feature_code", "country_code", "admin1", "population"))
            for code, cc, region, pop in zip(*columns, strict=True):
                if code.startswith(fc.SETTLEMENT_PREFIX) and region and pop > table.get((cc, region), 0):
                    table[(cc, region)] = pop
            self._largest_town = table
        return self._largest_town.get((country_code, admin1), 0)

    def country_code(self, index: int) -> str:
        return self._columns["country_code"][index]

    def candidates_for_keys(self, keys: Iterable[tuple[str, int]]) -> dict[int, int]:
        """Best (lowest) match flags per place over several keys of one span."""
        best: dict[int, int] = {}
        for key, extra in keys:
            for index, flags in self.postings(key):
                flags |= extra
                if flags < best.get(index, FLAG_MASK + 1):
                    best[index] = flags
        return best

    # ------------------------------------------------------------ editors' names (in-memory overlay)

    def add_user_name(self, place: GazetteerPlace, name: str) -> int:
        """Teach the loaded index that `name` stands for `place` (an editor's correction), in memory:
        the place is appended if the index lacks it (a village an editor pinned), the name's keys point
        to it as strongly as a main name, and the name in an article about the place's country
        prefers it (user_prior). No recompilation: the compiled file is rebuilt only by
        load_gazetteer, which reads the same names from the database. Returns the place's index."""
        index = self._index_of(place.id)
        if index is None:
            for f in GazetteerPlace.__slots__:
                self._columns[f].append(getattr(place, f))
            index = len(self._columns["name"]) - 1
            if self._by_id is not None and place.id is not None:
                self._by_id[place.id] = index
            self._country_population = self._largest_town = None
        for key, flags in name_keys(name):
            self._posting_set(key, index, flags)
        keys = name_keys(name)[:1]
        if keys and place.country_code:
            self._user_priors.setdefault(keys[0][0], {})[place.country_code] = index
        return index

    def user_prior(self, key: str) -> dict[str, int]:
        """For a name key editors corrected: the place index they chose, per country."""
        return self._user_priors.get(key, {})

    def _index_of(self, place_id: int | None) -> int | None:
        if place_id is None:
            return None
        if self._by_id is None:
            self._by_id = {pk: i for i, pk in enumerate(self._columns["id"]) if pk is not None}
        return self._by_id.get(place_id)

    def _posting_set(self, key: str, index: int, flags: int) -> None:
        """Point `key` at `index` with these flags (replacing its own posting; the others kept). A key
        with several places gets a new block at the end of the shared array (the old one is left
        unused: overlays are few)."""
        items = [(i, f) for i, f in self.postings(key) if i != index] + [(index, flags)]
        if len(items) == 1:
            self._keys[key] = (index << FLAG_BITS) | flags
            return
        self._keys[key] = -(len(self._postings) + 1)
        self._postings.append(len(items))
        self._postings.extend((i << FLAG_BITS) | f for i, f in items)

    def lookup(self, name: str) -> list[GazetteerPlace]:
        """Places a name may refer to, best spelling match first, then by population."""
        best = self.candidates_for_keys(name_keys(name))
        ranked = sorted(best.items(), key=lambda item: (item[1] & ~KEY_ALTERNATE, -self.population(item[0])))
        return [self.place(index) for index, _ in ranked]
