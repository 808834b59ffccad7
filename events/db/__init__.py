"""The SQL of the derived tables that PostgreSQL keeps (events/db/sql/*.sql) and how migrations install it.

Why files: a function or trigger written inside a migration could only be found, read and changed by
writing another migration that copies it (docs/decisions/0002-derived-data.md). Each file under sql/ is
the current definition of one derived table (or of a function several share), readable on its own and
re-runnable: CREATE OR REPLACE FUNCTION, and each trigger dropped and created again. A migration installs
files with install_sql(); tests/integration/test_derived_sql.py checks that what the database runs is
exactly what the files say.

Old migrations load frozen copies under sql/v1/, sql/v2/..., so that replaying them on an empty database
creates what they created then; the current files are installed by 0011_derived_sql and by every later
migration that changes them.

Constants the SQL shares with Python (the tile grid) are placeholders in double braces, filled in from
events.db.constants.SQL_CONSTANTS here: one place for each value.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import migrations

from events.db.constants import SQL_CONSTANTS

SQL_DIR = Path(__file__).resolve().parent / "sql"

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def sql_text(*names: str) -> str:
    """The SQL of these files (paths under events/db/sql/), in order, with the constants filled in. An
    unknown placeholder is an error here, not a syntax error deep in a migration."""
    return "\n".join(_rendered(name) for name in names)


def install_sql(*names: str, reverse: tuple[str, ...] = ()) -> migrations.RunSQL:
    """A migration operation running these current files in order. Unapplying it runs the `reverse`
    files: frozen copies (sql/vN/) of what the files said before this migration, or nothing when
    nothing changed (0011_derived_sql installed what 0003-0008 had created)."""
    return migrations.RunSQL(sql_text(*names), sql_text(*reverse) if reverse else migrations.RunSQL.noop)


def _rendered(name: str) -> str:
    text = (SQL_DIR / name).read_text(encoding="utf-8")

    def constant(match: re.Match[str]) -> str:
        if match.group(1) not in SQL_CONSTANTS:
            raise ValueError(f"events/db/sql/{name}: no constant {match.group(1)} in events.db.constants")
        return SQL_CONSTANTS[match.group(1)]

    return _PLACEHOLDER.sub(constant, text)
