"""Running PostgreSQL's own client tools (pg_dump, pg_restore, createdb) against the configured database."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections


def pg_tool(name: str) -> str:
    """The newest installed version of a PostgreSQL client tool (Debian keeps them per major version)."""
    for version_dir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version_dir / name).exists():
            return str(version_dir / name)
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} not found: install the PostgreSQL client (make setup does)")
    return found


def connection_args(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Host, port and user options and the environment (password) for the client tools."""
    settings = connections[alias].settings_dict
    args = []
    for option, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings.get(key):
            args += [option, str(settings[key])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def run_tool(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")
