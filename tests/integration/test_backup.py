"""`make backup` / `make restore`: a pg_dump of the database restores into a new database whole."""

from __future__ import annotations

from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from events.models import Place

pytestmark = pytest.mark.django_db


def _sql(database: str, statement: str):
    """One statement on another database of the same server (autocommit: DROP DATABASE needs it)."""
    settings = connection.settings_dict
    with psycopg.connect(dbname=database, host=settings["HOST"], port=settings["PORT"] or None,
                         user=settings["USER"], password=settings["PASSWORD"] or None, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchone() if cursor.description else None


def test_a_backup_restores_into_a_new_database_with_every_place(tmp_path):
    dump = tmp_path / "backup.dump"
    out = StringIO()
    call_command("db_backup", "--out", str(dump), stdout=out)
    assert dump.stat().st_size > 0 and "backed up database" in out.getvalue()
    target = f"{connection.settings_dict['NAME']}_restored"
    _sql("postgres", f'DROP DATABASE IF EXISTS "{target}"')
    try:
        call_command("db_restore", str(dump), "--into", target, stdout=StringIO())
        assert _sql(target, "SELECT count(*) FROM events_place")[0] == Place.objects.count() > 1000
    finally:
        _sql("postgres", f'DROP DATABASE IF EXISTS "{target}"')


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(Exception, match="no such backup file"):
        call_command("db_restore", str(tmp_path / "nothing.dump"))
