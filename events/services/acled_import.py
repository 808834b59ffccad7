"""Writes for `manage.py import_acled`: an ACLED export becomes events of origin `imported` (CONTRACT §2).

Why: analysts hold ACLED data and want it beside ours, on the same map and in the same exports, to
compare what ACLED coded with what we extracted for a place and a period. So each row keeps ACLED's own
id (event_id_cnty, the key of a re-import: it updates, never duplicates) and codes, its place is matched
to our gazetteer (so "events at Rawa" finds both theirs and ours) and its actors to our actors.

Rows are checked first (dates in both of ACLED's formats, coordinates in range, text or numeric inter
codes) and written one transaction each: a bad row is reported by its line number and skipped, the
others are kept. The codebook itself (codes, names, countries) lives in events.acled.
"""

from __future__ import annotations

import csv
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.gis.geos import Point, Polygon
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from unidecode import unidecode

from events import acled
from events.extraction.text import KEY_LOOSE, name_keys
from events.models import Actor, Event, Place, PlaceName
from events.selectors.events import _actors_named

REQUIRED_COLUMNS = {"event_id_cnty", "event_date", "event_type", "latitude", "longitude"}
NAME_MATCH_KM = 10.0  # a gazetteer place of the row's name this near is the row's place
POINT_MATCH_KM = 2.0  # a populated place this near, named alike (transliteration), is too
_KM_PER_DEGREE = 111.32


class AcledFileError(ValueError):
    """The file is not an ACLED export (no header, required columns missing): nothing is imported."""


@dataclass(slots=True)
class AcledImportResult:
    imported: int = 0
    new: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One row, checked and typed."""

    event_id_cnty: str
    date: datetime.date
    date_precision: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: list[str]
    inter1: int | None
    actor2: str
    assoc_actor_2: list[str]
    inter2: int | None
    country: acled.Country
    admin1: str
    location: str
    latitude: float
    longitude: float
    geo_precision: int
    fatalities: int | None
    notes: str
    kept: dict  # the columns we have no field for, as ACLED gave them


def acled_import(*, lines: Iterable[str]) -> AcledImportResult:
    """Import the rows of an ACLED CSV (any column order, extra columns ignored; `lines` as from a file
    opened with newline=""). Raises AcledFileError when the header lacks a required column."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if not header:
        raise AcledFileError("empty file: expected ACLED's header row")
    columns = [name.strip().lstrip("\ufeff").lower() for name in header]
    missing = REQUIRED_COLUMNS - set(columns)
    if missing:
        raise AcledFileError(f"not an ACLED export: missing column(s) {', '.join(sorted(missing))}")
    result = AcledImportResult()
    cache = _Lookups()
    line = reader.line_num + 1
    for values in reader:
        first_line, line = line, reader.line_num + 1  # a quoted note may span lines: report where it starts
        if not any(v.strip() for v in values):
            continue
        try:
            row = acled_row_parse(dict(zip(columns, values, strict=False)))
            with transaction.atomic():
                created = _event_write(row, cache)
        except (ValueError, DatabaseError) as error:
            result.errors.append((first_line, str(error)))
            continue
        result.imported += 1
        result.new += created
    return result


def acled_row_parse(row: dict[str, str]) -> AcledRow:
    """Check and type one row (column names lower-case); ValueError says what is wrong."""
    def text(name: str) -> str:
        return (row.get(name) or "").strip()

    event_id = text("event_id_cnty")
    if not event_id or len(event_id) > 40:
        raise ValueError("event_id_cnty is empty" if not event_id else "event_id_cnty longer than 40 characters")
    date = acled.parse_date(text("event_date"))
    latitude = _number("latitude", text("latitude"), -90, 90)
    longitude = _number("longitude", text("longitude"), -180, 180)
    time_precision = _whole("time_precision", text("time_precision"), 1, 3) or 1
    geo_precision = _whole("geo_precision", text("geo_precision"), 1, 3) or 1
    fatalities = _whole("fatalities", text("fatalities"), 0, 10**7)
    if not text("event_type"):
        raise ValueError("event_type is empty")
    country = acled.country_for(iso=text("iso"), name=text("country"))
    if country is None:
        raise ValueError(f"unknown country {text('country')!r} (iso {text('iso')!r})")
    kept = {name: text(name) for name in ("source", "source_scale", "admin2", "admin3", "tags", "timestamp",
                                          "location", "civilian_targeting") if text(name)}
    return AcledRow(
        event_id_cnty=event_id, date=date, date_precision=acled.date_precision(time_precision),
        event_type=text("event_type")[:60], sub_event_type=text("sub_event_type")[:80],
        actor1=text("actor1")[:200], assoc_actor_1=acled.split_list(text("assoc_actor_1")),
        inter1=acled.parse_inter(text("inter1")),
        actor2=text("actor2")[:200], assoc_actor_2=acled.split_list(text("assoc_actor_2")),
        inter2=acled.parse_inter(text("inter2")),
        country=country, admin1=text("admin1")[:200], location=text("location")[:200] or text("admin1")[:200],
        latitude=latitude, longitude=longitude, geo_precision=geo_precision, fatalities=fatalities,
        notes=text("notes"), kept=kept,
    )


def _number(name: str, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} {value} out of range ({low:g} to {high:g})")
    return number


def _whole(name: str, value: str, low: int, high: int) -> int | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not number.is_integer() or not low <= number <= high:
        raise ValueError(f"{name} {value} out of range ({low} to {high})")
    return int(number)


class _Lookups:
    """Actors by ACLED name, places by (name, point) and the name keys of gazetteer places, for one
    import run: thousands of rows name a few hundred actors and places."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.places: dict[tuple[str, str, float, float], Place] = {}
        self.place_keys: dict[int, set[str]] = {}


def _event_write(row: AcledRow, cache: _Lookups) -> bool:
    """Create or update the event of one row; True when it is new. An event an editor has corrected
    since (edited) keeps the editor's values, as re-extraction keeps them."""
    place_key = (row.country.code, row.location, row.latitude, row.longitude)
    place = cache.places.get(place_key)
    if place is None:
        place = _place_for(row, cache)
        if place.origin != Place.Origin.ACLED:  # rows made in this row's transaction may yet roll back
            cache.places[place_key] = place
    actor1 = _actor_for(row.actor1, row.inter1, row.country, cache)
    actor2 = _actor_for(row.actor2, row.inter2, row.country, cache)
    kept = {**row.kept, "place_id": place.pk,
            "actor1_id": actor1.pk if actor1 else None, "inter1": row.inter1,
            "actor2_id": actor2.pk if actor2 else None, "inter2": row.inter2}
    fields = {
        "date": row.date, "date_precision": row.date_precision, "event_type": row.event_type,
        "sub_event_type": row.sub_event_type, "actor1": actor1, "actor2": actor2, "place": place,
        "location": Point(row.longitude, row.latitude, srid=4326), "geo_precision": row.geo_precision,
        "country": row.country.code, "admin1": row.admin1, "fatalities": row.fatalities, "summary": row.notes,
        "acled": kept,
    }
    event = Event.objects.select_for_update().filter(event_id_cnty=row.event_id_cnty).first()
    if event is not None and event.origin != Event.Origin.IMPORTED:
        raise ValueError(f"event_id_cnty {row.event_id_cnty} is the public id of our extracted event {event.pk}")
    created = event is None
    if event is None:
        event = Event.objects.create(event_id_cnty=row.event_id_cnty, origin=Event.Origin.IMPORTED,
                                     status=Event.Status.REVIEWED, confidence=1.0, **fields)
    elif not event.edited:
        for name, value in fields.items():
            setattr(event, name, value)
        event.version += 1
        event.save()
    else:
        return False
    for names, related in ((row.assoc_actor_1, event.assoc_actors1), (row.assoc_actor_2, event.assoc_actors2)):
        if names or not created:  # a new event without associated actors has none to clear
            related.set(a for a in (_actor_for(n, None, row.country, cache) for n in names) if a)
    return created


def _actor_for(name: str, inter: int | None, country: acled.Country, cache: _Lookups) -> Actor | None:
    """Our actor of that name or alias (ACLED's dated state-forces names also without their period:
    "Military Forces of Iraq (2014-)" is our "Military Forces of Iraq"); else a new actor marked
    imported, with ACLED's inter code (state forces belong to the row's country)."""
    if not name:
        return None
    if name in cache.actors:
        return cache.actors[name]
    actor = None
    for candidate in dict.fromkeys((name, acled.actor_base_name(name))):
        ids = _actors_named(candidate) if candidate else []
        if ids:
            actor = (Actor.objects.filter(pk__in=ids, name__iexact=candidate).first()
                     or Actor.objects.filter(pk__in=ids).order_by("pk").first())
            break
    if actor is None:
        state = inter == acled.STATE_FORCES
        actor, created = Actor.objects.get_or_create(
            name=name, defaults={"kind": Actor.Kind.STATE if state else Actor.Kind.NON_STATE,
                                 "country": country.code if state else "", "inter": inter, "imported": True})
        if created:  # not cached: the row's transaction may yet roll back; the next row finds it by name
            return actor
    cache.actors[name] = actor
    return actor


def _place_for(row: AcledRow, cache: _Lookups) -> Place:
    """The gazetteer place of a row: the nearest place of that name (or that name without its Arabic
    article) within NAME_MATCH_KM; else the nearest populated place within POINT_MATCH_KM whose name
    has the same transliteration skeleton ("Al Qaim" and "Al-Qa'im"); else a new place of origin
    `acled` at ACLED's point, made once and found again by the next import."""
    keys = dict(name_keys(row.location))
    exact = {k for k, flags in keys.items() if not flags & KEY_LOOSE}
    loose = set(keys)
    point = Point(row.longitude, row.latitude, srid=4326)
    nearby = sorted(((_km(row, p), p) for p in _places_near(row, NAME_MATCH_KM)), key=lambda pair: pair[0])
    for km, place in nearby:
        if km <= NAME_MATCH_KM and _place_keys(place, cache) & exact:
            return place
    for km, place in nearby:
        if km <= POINT_MATCH_KM and place.feature_class == "P" and _place_keys(place, cache) & loose:
            return place
    name = row.location or f"{row.latitude:.4f}, {row.longitude:.4f}"
    key = f"acled:{row.country.code}:{min(keys, default='')}:{row.latitude:.4f},{row.longitude:.4f}"
    place, _ = Place.objects.get_or_create(key=key[:100], defaults={
        "name": name[:200], "ascii_name": unidecode(name)[:200], "country_code": row.country.code,
        "admin1_name": row.admin1, "point": point, "origin": Place.Origin.ACLED,
        "approximate": row.geo_precision > 1,
    })
    return place


def _places_near(row: AcledRow, km: float) -> list[Place]:
    """Places within a box of `km` around the row's point (the exact distance is checked after)."""
    dlat = km / _KM_PER_DEGREE
    dlon = km / (_KM_PER_DEGREE * max(math.cos(math.radians(row.latitude)), 0.01))
    box = Polygon.from_bbox((row.longitude - dlon, row.latitude - dlat, row.longitude + dlon, row.latitude + dlat))
    return list(Place.objects.filter(point__bboverlaps=box).exclude(origin=Place.Origin.DERIVED)
                .only("id", "name", "ascii_name", "feature_class", "point", "origin")  # not the region polygons
                .prefetch_related(Prefetch("names", queryset=PlaceName.objects.only("place_id", "name"))))


def _place_keys(place: Place, cache: _Lookups) -> set[str]:
    """Every name key (exact, without article, transliteration skeleton) of a place's names."""
    if place.pk not in cache.place_keys:
        names = {place.name, place.ascii_name, *(n.name for n in place.names.all())}
        cache.place_keys[place.pk] = {key for name in names if name for key, _ in name_keys(name)}
    return cache.place_keys[place.pk]


def _km(row: AcledRow, place: Place) -> float:
    """Great-circle distance (haversine) from the row's point to the place's, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (row.latitude, row.longitude, place.point.y, place.point.x))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))
