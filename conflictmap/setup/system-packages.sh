#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages ConflictMap needs, only those missing:
# GDAL/GEOS/PROJ (GeoDjango), PostgreSQL with the PostGIS package of the server's major version,
# Chromium and fonts (browser tests), Node.js and npm (front-end assets and boundary data), Redis (the
# Celery broker: installed, never started as a service; tests and `make broker` start their own).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

missing() {
  local out=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || out+=("$pkg")
  done
  echo "${out[@]:-}"
}

updated=""
install() {
  local todo
  todo=$(missing "$@")
  [ -z "$todo" ] && return 0
  if [ -z "$updated" ]; then $SUDO apt-get update -q; updated=1; fi
  echo "installing: $todo"
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $todo
}

install postgresql postgresql-contrib gdal-bin chromium fonts-dejavu-core ca-certificates redis-server
command -v npm >/dev/null 2>&1 || install nodejs npm
pg_major=$(ls /usr/lib/postgresql | sort -n | tail -1)
install "postgresql-${pg_major}-postgis-3"
