"""manage.py db_backup --out FILE: the whole database as one pg_dump file (custom format).

It holds everything, derived tables included, so a restore needs no rebuild; the gazetteer index file
(var/gazetteer-*.idx) is rebuilt from the database by `make setup` when missing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from events.management.commands._pgtools import connection_args, pg_tool, run_tool


class Command(BaseCommand):
    help = "Back the database up to one file with pg_dump (custom format, compressed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, help="the dump file to write")

    def handle(self, *args, **options) -> None:
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        conn_args, env = connection_args()
        run_tool([pg_tool("pg_dump"), *conn_args, "--format=custom", "--no-owner", f"--file={partial}",
                  connection.settings_dict["NAME"]], env)
        partial.replace(out)  # a failed dump never leaves a file that looks complete
        self.stdout.write(f"backed up database {connection.settings_dict['NAME']} to {out} "
                          f"({out.stat().st_size // 1024} KiB)")
