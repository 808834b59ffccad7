"""The private PostgreSQL + PostGIS cluster used when DATABASE_URL is not set.

`python -m conflictmap.dbctl start|stop|status` initialises the cluster under var/postgres on first use,
starts it on a Unix socket (no TCP port, so it never clashes with another server), and creates the
database with PostGIS in it and in template1 (Debian's PostGIS needs a superuser for CREATE EXTENSION,
and Django's test database is copied from template1).

PostgreSQL refuses to run as root, so when we are root the cluster runs as the `postgres` user. A
checkout under a home directory of mode 700 is unreachable for that user: the cluster then lives in
/var/lib/conflictmap/<hash> and var/postgres is a symlink to it. Unix socket paths are limited to about
100 bytes, so a deep checkout gets its socket directory under /tmp. The chosen socket directory is
recorded in var/db.json, which settings read. Standard library only: this runs before Django exists.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
CONFIG_FILE = VAR_DIR / "db.json"
DB_NAME = "conflictmap"
DB_SUPERUSER = "postgres"
_SOCKET_PATH_LIMIT = 100


def private_database() -> dict:
    """Django DATABASES entry for the private cluster (read by settings)."""
    socket_dir = _recorded_socket_dir() or str(VAR_DIR / "run")
    return {
        "ENGINE": "django.contrib.gis.db.backends.postgis",
        "NAME": DB_NAME,
        "USER": DB_SUPERUSER,
        "HOST": socket_dir,
        "PORT": "5432",
    }


def _recorded_socket_dir() -> str | None:
    try:
        return json.loads(CONFIG_FILE.read_text())["socket_dir"]
    except (OSError, ValueError, KeyError):
        return None


def _socket_dir() -> str:
    """The socket directory of a cluster set up by _initdb, which records it with the data directory
    (callers run after start() has read that record)."""
    socket_dir = _recorded_socket_dir()
    assert socket_dir is not None, f"{CONFIG_FILE} records no socket_dir"
    return socket_dir


def _pg_bin(name: str) -> str:
    for version_dir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (version_dir / name).exists():
            return str(version_dir / name)
    found = shutil.which(name)
    if not found:
        sys.exit(f"dbctl: {name} not found; run `make setup` to install PostgreSQL")
    return found


def _run_as_user() -> str | None:
    """The OS user that runs the cluster: postgres when we are root, else ourselves (None)."""
    return DB_SUPERUSER if os.geteuid() == 0 else None


def _as_cluster_user(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    user = _run_as_user()
    command = ["runuser", "-u", user, "--", *args] if user else args
    return subprocess.run(command, check=kwargs.pop("check", True), **kwargs)


def _user_can_reach(user: str | None, path: Path) -> bool:
    """Whether the cluster user can traverse every directory down to path (a mode-700 home blocks it)."""
    if user is None:
        return os.access(path, os.X_OK)
    return subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(path)]).returncode == 0


def _choose_locations() -> tuple[Path, Path]:
    """(data directory, socket directory) for a new cluster."""
    VAR_DIR.mkdir(exist_ok=True)
    user = _run_as_user()
    digest = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:12]
    if _user_can_reach(user, VAR_DIR):
        data_dir, socket_dir = VAR_DIR / "postgres", VAR_DIR / "run"
    else:
        home = Path("/var/lib/conflictmap") / digest
        data_dir, socket_dir = home / "postgres", home / "run"
    if len(str(socket_dir)) + len("/.s.PGSQL.5432") > _SOCKET_PATH_LIMIT:
        socket_dir = Path("/tmp") / f"conflictmap-{digest}"
    return data_dir, socket_dir


def _prepare_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    user = _run_as_user()
    if user:
        record = pwd.getpwnam(user)
        os.chown(path, record.pw_uid, record.pw_gid)
    path.chmod(0o700)


def _initdb() -> None:
    data_dir, socket_dir = _choose_locations()
    if not (data_dir / "PG_VERSION").exists():
        _prepare_dir(data_dir)
        _as_cluster_user([_pg_bin("initdb"), "-D", str(data_dir), "-U", DB_SUPERUSER, "--auth=trust",
                          "--encoding=UTF8", "--locale=C.UTF-8"], stdout=subprocess.DEVNULL)
    link = VAR_DIR / "postgres"
    if data_dir != link and not link.exists():
        link.symlink_to(data_dir)
    _prepare_dir(socket_dir)
    CONFIG_FILE.write_text(json.dumps({"data_dir": str(data_dir), "socket_dir": str(socket_dir)}))


def _data_dir() -> Path:
    return Path(json.loads(CONFIG_FILE.read_text())["data_dir"])


def is_running() -> bool:
    if not CONFIG_FILE.exists():
        return False
    result = _as_cluster_user([_pg_bin("pg_ctl"), "status", "-D", str(_data_dir())],
                              check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return result.returncode == 0


def start() -> None:
    if not CONFIG_FILE.exists() or not (_data_dir() / "PG_VERSION").exists():
        _initdb()
    if not is_running():
        socket_dir = _socket_dir()
        _prepare_dir(Path(socket_dir))
        options = f"-c listen_addresses='' -c unix_socket_directories='{socket_dir}' -c fsync=off"
        _as_cluster_user([_pg_bin("pg_ctl"), "start", "-w", "-s", "-D", str(_data_dir()), "-o", options,
                          "-l", str(_data_dir() / "server.log")])
    _wait_ready()
    _ensure_database()


def stop() -> None:
    if is_running():
        _as_cluster_user([_pg_bin("pg_ctl"), "stop", "-s", "-m", "fast", "-D", str(_data_dir())])


def _psql(database: str, sql: str) -> str:
    result = subprocess.run(
        [_pg_bin("psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", _socket_dir(),
         "-U", DB_SUPERUSER, "-d", database, "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return result.stdout.strip()


def _wait_ready(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run([_pg_bin("pg_isready"), "-q", "-h", _socket_dir()])
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    sys.exit("dbctl: the database did not become ready; see var/postgres/server.log")


def _ensure_database() -> None:
    for database in ("template1",):
        _psql(database, "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    if not _psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        _psql("postgres", f"CREATE DATABASE {DB_NAME}")
    _psql(DB_NAME, "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;")


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start()
        print(f"database ready on {_recorded_socket_dir()}")
    elif command == "stop":
        stop()
        print("database stopped")
    elif command == "status":
        print("running" if is_running() else "stopped")
    else:
        sys.exit("usage: python -m conflictmap.dbctl start|stop|status")


if __name__ == "__main__":
    main(sys.argv)
