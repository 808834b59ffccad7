"""manage.py db_restore FILE [--into NAME]: load a db_backup file back.

Without --into it replaces the configured database's contents in one transaction (all or nothing):
stop the web server first. With --into it creates a new database NAME and restores there, which is how
a backup is checked without touching the live data.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from events.management.commands._pgtools import connection_args, pg_tool, run_tool


class Command(BaseCommand):
    help = "Restore a db_backup file into the configured database (or a new one with --into)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--into", help="create this new database and restore into it instead")

    def handle(self, *args, **options) -> None:
        dump = Path(options["file"])
        if not dump.is_file():
            raise CommandError(f"no such backup file: {dump}")
        conn_args, env = connection_args()
        target = options["into"] or connections["default"].settings_dict["NAME"]
        if options["into"]:
            run_tool([pg_tool("createdb"), *conn_args, target], env)
            restore = ["--exit-on-error"]
        else:
            connections.close_all()
            restore = ["--clean", "--if-exists", "--single-transaction", "--exit-on-error"]
        run_tool([pg_tool("pg_restore"), *conn_args, "--no-owner", *restore, f"--dbname={target}", str(dump)], env)
        self.stdout.write(f"restored {dump} into database {target}")
