"""manage.py synth_events N [--seed S] [--control PLACES]: synthetic events (and control) for benchmarks.

Events are spread over real gazetteer places (populated places, sampled with weights growing with the
square root of the population, so cities get more events without swallowing everything) and over
2014-2024, with ACLED event types. They are marked `is_synthetic` and all belong to one synthetic
Source, so `Event.objects.filter(is_synthetic=True).delete()` removes them. Rows go in through
PostgreSQL COPY in batches (200,000 in about 20 s on the 2-core development machine); `--control PLACES` adds a synthetic control
timeline (2 to 8 observations) to that many places of a set of conflict countries (a control map is
dense in a few countries, not spread over the world), written with bulk_create.
"""

from __future__ import annotations

import datetime
import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from events.models import Actor, ControlObservation, Event, Place, Source

ACLED_TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Agreement"),
    ("Strategic developments", "Headquarters or base established"),
]
FIRST_DAY = datetime.date(2014, 1, 1)
LAST_DAY = datetime.date(2024, 12, 31)
SYNTHETIC_HASH = "synthetic:events"
SYNTHETIC_ACTORS = 6
CONTROL_COUNTRIES = "UA,RU,SY,IQ,YE,AF,MM,SD,LY,ML,SO"
BATCH = 50_000

_EVENT_COLUMNS = ("date", "date_precision", "event_type", "sub_event_type", "actor1_id", "actor2_id",
                  "place_id", "location", "geo_precision", "country", "admin1", "fatalities", "summary",
                  "evidence", "confidence", "status", "version", "edited", "is_synthetic")


def synthetic_source() -> Source:
    """The one Source every synthetic event and observation hangs from."""
    source, _ = Source.objects.get_or_create(
        content_hash=SYNTHETIC_HASH,
        defaults={"title": "Synthetic events (benchmarks)", "text": "Synthetic rows made by synth_events.",
                  "is_synthetic": True},
    )
    return source


def synthetic_actors() -> list[Actor]:
    actors = []
    for number in range(1, SYNTHETIC_ACTORS + 1):
        actor, _ = Actor.objects.get_or_create(
            name=f"Synthetic actor {number}",
            defaults={"kind": Actor.Kind.STATE if number <= 2 else Actor.Kind.NON_STATE, "aliases": []},
        )
        actors.append(actor)
    return actors


class PlaceSample:
    """Populated places as numpy columns, with sampling weights ~ sqrt(population)."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:  # plain columns: 200k GEOS points would take seconds
            cursor.execute(
                f"SELECT id, ST_X(point), ST_Y(point), country_code, admin1_name, population "
                f"FROM {Place._meta.db_table} WHERE feature_code LIKE %s ORDER BY id", ["PPL%"])
            rows = cursor.fetchall()
        if not rows:
            raise CommandError("no populated places: run `manage.py load_gazetteer` first")
        self.ids = np.array([r[0] for r in rows])
        self.lon = np.array([r[1] for r in rows])
        self.lat = np.array([r[2] for r in rows])
        self.country = [r[3] for r in rows]
        self.admin1 = [r[4] for r in rows]
        weights = np.sqrt(np.array([max(r[5] or 0, 0) for r in rows], dtype=float) + 1000.0)
        self.weights = weights / weights.sum()

    def draw(self, rng: np.random.Generator, count: int, *, unique: bool = False,
             countries: set[str] | None = None) -> np.ndarray:
        """Indexes into the columns, optionally only places of `countries`; unique draws cannot exceed
        the number of places."""
        weights = self.weights
        if countries:
            mask = np.array([c in countries for c in self.country])
            if mask.any():
                weights = np.where(mask, weights, 0.0)
                weights = weights / weights.sum()
        available = int(np.count_nonzero(weights))
        count = min(count, available) if unique else count
        return rng.choice(len(self.ids), size=count, p=weights, replace=not unique)


class Command(BaseCommand):
    help = "Create N synthetic events (is_synthetic) over real places and 2014-2024, for benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--control", type=int, default=0, metavar="PLACES",
                            help="also give this many places a synthetic control timeline")
        parser.add_argument("--control-countries", default=CONTROL_COUNTRIES,
                            help="comma-separated country codes the control places are drawn from "
                                 "(default: %(default)s; empty for the whole world)")

    def handle(self, *args, **options) -> None:
        if options["count"] < 0 or options["control"] < 0:
            raise CommandError("counts must not be negative")
        started = time.perf_counter()
        rng = np.random.default_rng(options["seed"])
        places = PlaceSample()
        source = synthetic_source()
        actors = synthetic_actors()
        events = events_synthesise(rng=rng, places=places, source=source, actors=actors, count=options["count"])
        observations = control_synthesise(rng=rng, places=places, source=source, actors=actors,
                                          count=options["control"],
                                          countries={c.strip().upper() for c in
                                                     options["control_countries"].split(",") if c.strip()})
        self.stdout.write(f"created {events} synthetic events and {observations} synthetic control "
                          f"observations in {time.perf_counter() - started:.1f} s")


def events_synthesise(*, rng: np.random.Generator, places: PlaceSample, source: Source,
                      actors: list[Actor], count: int) -> int:
    """COPY `count` synthetic events in batches, then link them to the synthetic source."""
    span = (LAST_DAY - FIRST_DAY).days + 1
    actor_ids = [a.pk for a in actors]
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            first_id = _copy_events(rng, places, actor_ids, size, span)
            _link_source(source, first_id)
        done += size
    return done


def _copy_events(rng, places: PlaceSample, actor_ids: list[int], size: int, span: int) -> int:
    picks = places.draw(rng, size)
    days = rng.integers(0, span, size)
    types = rng.integers(0, len(ACLED_TYPES), size)
    actor1 = rng.integers(0, len(actor_ids), size)
    actor2 = rng.integers(0, len(actor_ids), size)
    fatalities = rng.poisson(2.0, size)
    confidence = rng.uniform(0.3, 1.0, size).round(3)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max(id), 0) FROM {Event._meta.db_table}")
        first_id = cursor.fetchone()[0] + 1
        columns = ", ".join(_EVENT_COLUMNS)
        with cursor.cursor.copy(f"COPY {Event._meta.db_table} ({columns}) FROM STDIN") as copy:
            for i in range(size):
                p = picks[i]
                event_type, sub_type = ACLED_TYPES[types[i]]
                copy.write_row((
                    FIRST_DAY + datetime.timedelta(days=int(days[i])), "day", event_type, sub_type,
                    actor_ids[actor1[i]], actor_ids[actor2[i]], int(places.ids[p]),
                    f"SRID=4326;POINT({places.lon[p]} {places.lat[p]})", 1, places.country[p],
                    places.admin1[p], int(fatalities[i]), "synthetic event", "[]", float(confidence[i]),
                    "extracted", 1, False, True,
                ))
    return first_id


def _link_source(source: Source, first_id: int) -> None:
    """Give the new synthetic events their source, in one INSERT ... SELECT."""
    through = Event.sources.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {through} (event_id, source_id) SELECT id, %s FROM {Event._meta.db_table} "
            "WHERE id >= %s AND is_synthetic ON CONFLICT DO NOTHING",
            [source.pk, first_id],
        )


def control_synthesise(*, rng: np.random.Generator, places: PlaceSample, source: Source,
                       actors: list[Actor], count: int, countries: set[str] | None = None) -> int:
    """Control timelines for `count` distinct places: mostly changes between two or three actors,
    with holds statements, some claims and a few contested or besieged spells."""
    if count == 0:
        return 0
    span = (LAST_DAY - FIRST_DAY).days + 1
    statuses = ["controlled"] * 8 + ["contested", "besieged"]
    rows = []
    for p in places.draw(rng, count, unique=True, countries=countries):
        local = rng.choice(len(actors), size=3, replace=False)
        n = int(rng.integers(2, 9))
        for day in np.sort(rng.integers(0, span, n)):
            rows.append(ControlObservation(
                place_id=int(places.ids[p]), actor=actors[int(rng.choice(local))], source=source,
                date=FIRST_DAY + datetime.timedelta(days=int(day)),
                kind="holds" if rng.random() < 0.3 else "change",
                status=statuses[int(rng.integers(0, len(statuses)))], claimed=bool(rng.random() < 0.1),
                confidence=float(round(rng.uniform(0.3, 1.0), 3)), evidence="synthetic",
            ))
    ControlObservation.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
