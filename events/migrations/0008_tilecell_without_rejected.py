"""Rejected events leave the tiles: the TileCell triggers count only events whose status is not
`rejected`, a change of status in or out of `rejected` moves the event in or out of the counts, and the
recount of a cell's dates and the repair function skip rejected events too (issue 9: a rejected event
left the map's points but stayed in its low-zoom cells).

The function bodies are those of 0004_tilecell with the status conditions added; each edit is
checked to apply, so a change to 0004's text cannot silently drop one."""

import importlib
import re

from django.db import migrations

_0004 = importlib.import_module("events.migrations.0004_tilecell")

_COUNTED = "status <> 'rejected'"

_EDITS = [
    # INSERT and DELETE: only counted rows.
    ("FROM new_rows n CROSS JOIN LATERAL events_tile_keys(n.location) k\n    GROUP BY",
     f"FROM new_rows n CROSS JOIN LATERAL events_tile_keys(n.location) k\n    WHERE n.{_COUNTED}\n    GROUP BY"),
    ("FROM old_rows o CROSS JOIN LATERAL events_tile_keys(o.location) k\n    GROUP BY",
     f"FROM old_rows o CROSS JOIN LATERAL events_tile_keys(o.location) k\n    WHERE o.{_COUNTED}\n    GROUP BY"),
    # UPDATE: a row whose counted state changed moves too; each side counts only when not rejected.
    ("n.location AS new_location, n.date AS new_date, n.event_type AS new_type\n",
     f"n.location AS new_location, n.date AS new_date, n.event_type AS new_type,\n"
     f"             o.{_COUNTED} AS old_counted, n.{_COUNTED} AS new_counted\n"),
    ("OR o.date IS DISTINCT FROM n.date OR o.event_type IS DISTINCT FROM n.event_type\n",
     f"OR o.date IS DISTINCT FROM n.date OR o.event_type IS DISTINCT FROM n.event_type\n"
     f"         OR (o.{_COUNTED}) IS DISTINCT FROM (n.{_COUNTED})\n"),
    ("old_type AS event_type, -1 AS sign FROM changed\n",
     "old_type AS event_type, -1 AS sign FROM changed WHERE old_counted\n"),
    ("SELECT new_location, new_date, new_type, 1 FROM changed\n",
     "SELECT new_location, new_date, new_type, 1 FROM changed WHERE new_counted\n"),
    # The merge's recount of a cell's first and last dates.
    ("WHERE e.location && b.box AND e.event_type = s.event_type\n",
     f"WHERE e.location && b.box AND e.event_type = s.event_type AND e.{_COUNTED}\n"),
]
_REBUILD_EDIT = ("FROM events_event e CROSS JOIN LATERAL events_tile_keys(e.location) k\n  GROUP BY",
                 f"FROM events_event e CROSS JOIN LATERAL events_tile_keys(e.location) k\n  WHERE e.{_COUNTED}\n  GROUP BY")

_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION .*?\n\$\$;\n", re.S)


def _functions(sql: str) -> str:
    """The CREATE OR REPLACE FUNCTION statements of a script (not its CREATE TRIGGER statements)."""
    return "".join(_FUNCTION.findall(sql))


def _edited(sql: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        if sql.count(old) != 1:
            raise RuntimeError(f"0008: the text to edit is not once in 0004's SQL: {old!r}")
        sql = sql.replace(old, new)
    return sql


_ORIGINAL = _functions(_0004.TRIGGERS) + _0004.REBUILD_FUNCTION
FORWARD = _edited(_functions(_0004.TRIGGERS), _EDITS) + _edited(_0004.REBUILD_FUNCTION, [_REBUILD_EDIT])


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0007_editor_corrections"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, _ORIGINAL),
        migrations.RunSQL("SELECT events_tilecell_rebuild()", "SELECT events_tilecell_rebuild()"),
    ]
