"""One pattern for derived data (docs/decisions/0002-derived-data.md): the functions and triggers that keep
EventFeature and TileCell are exactly those of events/db/sql/*.sql (no migration holds one of its own), the
constants the SQL shares with Python agree, the models import no service, and `manage.py derived_rebuild`
puts every derived table back after it was corrupted behind the triggers' and the ORM's back."""

from __future__ import annotations

import ast
import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from events.db import SQL_DIR, sql_text
from events.db.constants import FEATURE_PROPERTIES, TILE_CELL_ZOOMS, TILE_MAX_LATITUDE, tile_cell_metres
from events.models import (
    Actor,
    ControlInterval,
    ControlObservation,
    Event,
    EventFeature,
    Place,
    Source,
    TileCell,
)

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SQL_FILES = sorted(path.name for path in SQL_DIR.glob("*.sql"))
D = datetime.date

_FUNCTION = re.compile(r"CREATE\s+OR\s+REPLACE\s+FUNCTION\s+(\w+)\s*\(", re.I)
_TRIGGER = re.compile(r"CREATE\s+(?:CONSTRAINT\s+)?TRIGGER\s+(\w+)\s", re.I)


def _definitions(functions: set[str], triggers: set[str]) -> dict[str, str]:
    """What the database runs under these names: pg_get_functiondef (arguments, defaults, language,
    settings, body) of each function and pg_get_triggerdef of each trigger."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_functiondef(p.oid)"
            " FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.proname = ANY(%s)",
            [sorted(functions)])
        found = dict(cursor.fetchall())
        cursor.execute("SELECT 'trigger ' || tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                       " WHERE NOT tgisinternal AND tgname = ANY(%s)", [sorted(triggers)])
        found.update(cursor.fetchall())
    return found


def _names(text: str) -> tuple[set[str], set[str]]:
    return set(_FUNCTION.findall(text)), set(_TRIGGER.findall(text))


@pytest.mark.parametrize("name", SQL_FILES)
def test_the_database_runs_exactly_what_the_sql_file_says(name):
    """Installing the file again changes nothing: every function and trigger it defines is there, with
    the file's definition (a file edited without a migration installing it fails here)."""
    text = sql_text(name)
    functions, triggers = _names(text)
    assert functions or triggers, f"{name} defines nothing"
    installed = _definitions(functions, triggers)
    assert {key.split("(")[0] for key in installed if not key.startswith("trigger ")} == functions
    assert {key.removeprefix("trigger ") for key in installed if key.startswith("trigger ")} == triggers
    with connection.cursor() as cursor:
        cursor.execute(text)  # rolled back with the test
    from_file = _definitions(functions, triggers)
    differing = sorted(key for key in installed if from_file[key] != installed[key])
    assert not differing, f"the database runs other definitions of {differing} than {name} says: no migration installed it"


def test_every_function_and_trigger_of_the_app_comes_from_a_sql_file():
    defined_functions: set[str] = set()
    defined_triggers: set[str] = set()
    for name in SQL_FILES:
        functions, triggers = _names(sql_text(name))
        defined_functions |= functions
        defined_triggers |= triggers
    with connection.cursor() as cursor:
        cursor.execute(r"SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"
                       r" AND proname LIKE 'events\_%'")
        functions = {row[0] for row in cursor.fetchall()}
        cursor.execute(r"SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                       r" WHERE NOT t.tgisinternal AND c.relname LIKE 'events\_%'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert functions == defined_functions
    assert triggers == defined_triggers


def test_no_migration_body_creates_a_function_or_a_trigger():
    """Migrations load SQL files (the current ones, or frozen copies under sql/vN/ for old migrations)."""
    creating = re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|(CONSTRAINT\s+)?TRIGGER)", re.I)
    offending = [path.name for path in sorted((REPO / "events" / "migrations").glob("*.py"))
                 if creating.search(path.read_text(encoding="utf-8"))]
    assert offending == []


def test_the_models_import_no_service():
    tree = ast.parse((REPO / "events" / "models.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name and name.startswith("events.services")}


def test_sql_files_name_only_known_constants(tmp_path):
    for name in SQL_FILES:
        assert "{{" not in sql_text(name), name
    unknown = tmp_path / "unknown.sql"
    unknown.write_text("SELECT {{NO_SUCH_CONSTANT}};", encoding="utf-8")
    with pytest.raises(ValueError, match="NO_SUCH_CONSTANT"):
        sql_text(str(unknown))  # an absolute path: outside events/db/sql


def test_the_stored_feature_has_the_property_list_of_the_constants():
    text = (SQL_DIR / "event_feature.sql").read_text(encoding="utf-8")
    start = text.index('"properties": {') + len('"properties": {')
    printed = re.findall(r'"(\w+)": ', text[start:])
    assert tuple(printed) == FEATURE_PROPERTIES
    event = Event.objects.create(date=D(2020, 3, 1), event_type="Battles", location=Point(44.4, 33.3, srid=4326))
    stored = json.loads(EventFeature.objects.get(event=event).feature)
    assert tuple(stored["properties"]) == FEATURE_PROPERTIES


@pytest.mark.parametrize("lon, lat", [(44.361, 33.315), (-73.99, 40.73), (151.2, -33.87), (0.0001, 85.0)])
def test_the_counted_cells_use_the_grid_of_the_python_constants(lon, lat):
    """The zooms and cells events_tile_keys counts in are those of events.db.constants: each cell is the
    node ST_SnapToGrid gives at tile_cell_metres(zoom), as the tile reader draws it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT zoom, cell_x, cell_y FROM events_tile_keys(ST_SetSRID(ST_MakePoint(%s, %s), 4326))",
                       [lon, lat])
        keys = set(cursor.fetchall())
        expected = set()
        for zoom in TILE_CELL_ZOOMS:
            cell = tile_cell_metres(zoom)
            cursor.execute("SELECT ST_X(g), ST_Y(g) FROM ST_SnapToGrid(ST_Transform("
                           "ST_SetSRID(ST_MakePoint(%s, %s), 4326), 3857), %s) AS g", [lon, lat, cell])
            x, y = cursor.fetchone()
            expected.add((zoom, round(x / cell), round(y / cell)))
        cursor.execute("SELECT count(*) FROM events_tile_keys(ST_SetSRID(ST_MakePoint(10, %s), 4326))",
                       [TILE_MAX_LATITUDE + 0.5])
        (beyond,) = cursor.fetchone()
    assert keys == expected
    assert beyond == 0


# --- derived_rebuild -------------------------------------------------------------------------------


@pytest.fixture
def derived_rows():
    """Events with actors, places and sources (one rejected), and control observations of two places."""
    army = Actor.objects.create(name="Test Derived Army", kind="state", country="IQ")
    rebels = Actor.objects.create(name="Test Derived Rebels", kind="non_state")
    places = [Place.objects.create(key=f"test:derived:{i}", name=f"Test Derived {i}", feature_code="PPL",
                                   country_code="IQ", point=Point(41.0 + i, 34.0, srid=4326))
              for i in range(3)]
    source = Source.objects.create(text="t", content_hash="test:derived", url="https://example.org/d", title="d")
    for i, place in enumerate(places):
        event = Event.objects.create(
            date=D(2019, 1, 1 + i), event_type="Battles", sub_event_type="Armed clash", actor1=army,
            actor2=rebels, place=place, location=place.point, country="IQ", fatalities=i, summary=f"clash {i}",
            confidence=0.5, status="rejected" if i == 2 else "extracted")
        event.sources.add(source)
    ControlObservation.objects.create(place=places[0], actor=rebels, date=D(2014, 6, 1))
    ControlObservation.objects.create(place=places[0], actor=army, date=D(2017, 11, 17))
    ControlObservation.objects.create(place=places[1], actor=army, date=D(2016, 1, 1), status="contested")
    connection.check_constraints()  # what a commit runs: the deferred merge of the counted tile cells
    return places


def _month_cells() -> list[tuple]:
    """The cells counted per month and year (events/db/sql/tile_month_cells.sql: a table without a model)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM events_tilemonthcell ORDER BY zoom, tile_x, tile_y, span, month, cell_x,"
                       " cell_y, event_type")
        return cursor.fetchall()


def _tables() -> dict[str, list]:
    return {
        "features": sorted(EventFeature.objects.values_list("event_id", "date", "feature")),
        "tiles": sorted(TileCell.objects.values_list("zoom", "tile_x", "tile_y", "cell_x", "cell_y", "event_type",
                                                     "count", "date_min", "date_max")) + _month_cells(),
        "control": sorted(ControlInterval.objects.values_list(
            "place_id", "valid_from", "valid_to", "actor_id", "challenger_id", "status", "since", "last_confirmed",
            "claimed", "kind", "date_precision", "observation_id", "event_id"), key=repr),
    }


def _corrupt(table: str, places: list[Place]) -> None:
    """Raw SQL, as a restore of table data or a hand edit would write it: a row wrong, a row gone, a row
    too many (for an event or place that has none)."""
    statements = {
        "features": ["UPDATE events_eventfeature SET feature = '{}' WHERE event_id = (SELECT min(event_id)"
                     " FROM events_eventfeature)",
                     "DELETE FROM events_eventfeature WHERE event_id = (SELECT max(event_id) FROM events_eventfeature)",
                     "INSERT INTO events_eventfeature (event_id, date, feature) VALUES (-1, '2000-01-01', '{}')"],
        "tiles": ["UPDATE events_tilecell SET count = count + 5 WHERE zoom = 3",
                  "DELETE FROM events_tilecell WHERE zoom = 5",
                  "INSERT INTO events_tilecell (zoom, tile_x, tile_y, cell_x, cell_y, event_type, count, date_min, date_max)"
                  " VALUES (0, 0, 0, 1, 1, 'Riots', 7, '2001-01-01', '2001-01-02')",
                  "UPDATE events_tilemonthcell SET count = count + 2 WHERE zoom = 1",
                  "DELETE FROM events_tilemonthcell WHERE zoom = 4"],
        "control": [f"UPDATE events_controlinterval SET actor_id = NULL WHERE place_id = {places[0].pk}",
                    f"DELETE FROM events_controlinterval WHERE place_id = {places[1].pk}",
                    f"INSERT INTO events_controlinterval (place_id, valid_from, status, since, last_confirmed,"
                    f" claimed, kind, date_precision, observation_id) SELECT {places[2].pk}, '2010-01-01',"
                    f" 'controlled', '2010-01-01', '2010-01-01', false, 'change', 'day', min(id)"
                    f" FROM events_controlobservation"],
    }[table]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _rebuild(*tables: str) -> list[str]:
    out = StringIO()
    call_command("derived_rebuild", *tables, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("table", ["features", "tiles", "control"])
def test_derived_rebuild_restores_each_corrupted_table(derived_rows, table):
    good = _tables()
    assert all(good.values())
    _corrupt(table, derived_rows)
    corrupted = _tables()
    assert corrupted[table] != good[table]
    lines = _rebuild(table)
    assert len(lines) == 1 and lines[0].startswith(f"{table}: ")
    assert _tables() == good
    assert _rebuild(table) == lines  # idempotent: the same work, the same tables
    assert _tables() == good


def test_derived_rebuild_without_arguments_rebuilds_all_three(derived_rows):
    good = _tables()
    for table in good:
        _corrupt(table, derived_rows)
    lines = _rebuild()
    assert [line.split(":")[0] for line in lines] == ["features", "tiles", "control"]
    assert lines[0] == f"features: rebuilt the GeoJSON Feature texts of {Event.objects.count()} events"
    assert lines[2] == ("control: rebuilt the control intervals of "
                        f"{ControlObservation.objects.values('place_id').distinct().count()} places")
    assert _tables() == good
    assert _rebuild("tiles", "control") == lines[1:]


def test_the_old_control_rebuild_command_still_works(derived_rows):
    good = _tables()
    _corrupt("control", derived_rows)
    out = StringIO()
    call_command("control_rebuild", stdout=out)
    assert out.getvalue().startswith("control: rebuilt the control intervals of ")
    assert _tables() == good


def test_derived_rebuild_refuses_an_unknown_table():
    with pytest.raises(CommandError, match="no derived table intervals"):
        call_command("derived_rebuild", "intervals", stdout=StringIO())
