"""Django settings, driven by the environment so that nothing secret or machine-specific is committed.

Environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, GAZETTEER_INDEX, ONLINE_BASEMAP_URL,
GEOCODER_ONLINE_FALLBACK, CELERY_BROKER_URL (see README).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp import constants as csp_constants

from conflictmap import dbctl

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "leaflet",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "conflictmap.middleware.RequestHygieneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # last, as django-axes asks: it turns a lockout raised during authentication into its response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conflictmap.urls"
CSRF_FAILURE_VIEW = "conflictmap.views.csrf_failure"
WSGI_APPLICATION = "conflictmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conflictmap.context_processors.csp_nonce",
            ],
        },
    },
]

DATABASES: dict[str, Any]  # a DATABASE_URL's parse (a TypedDict) or the private cluster's entry
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
else:
    DATABASES = {"default": dbctl.private_database()}
# One persistent connection per server thread: `make run` serves from a fixed number of gunicorn
# threads (conflictmap/gunicorn.conf.py), so the connections are bounded by workers x threads and no
# request pays ~18 ms to connect and load PostGIS. Health checks drop a connection the server closed.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT: PostgreSQL compiled the tile-cell trigger's query (migration 0004) on every write of an event,
# 2.5 s for a one-row update on the 2-core machine against 1 ms without (an editor's correction took
# 2.9 s instead of 0.1 s). Only a query scanning millions of rows might repay a compile: measure with
# bench/ before turning it back on for one.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Two test runs side by side (e.g. two developers on one machine) each need their own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for all server processes of this machine (gunicorn workers, threads): the control snapshot
# of a date is built once, not once per worker. Files under var/cache; entries are keyed by the database
# and its control stamp, so they are never stale and never cross databases.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

# Login throttling (django-axes): 5 wrong passwords for one user name from one address lock that pair
# out for 15 minutes (HTTP 429); a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Password reset mails only when a mail server is configured (EMAIL_HOST); without one the reset pages
# are not offered at all, rather than "succeeding" without sending anything.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
PASSWORD_RESET_ENABLED = bool(EMAIL_HOST)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
    DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "conflictmap@localhost")

# Behind a TLS-terminating reverse proxy (README): HTTPS=1 makes cookies secure, sends HSTS and
# redirects plain HTTP; the proxy must set X-Forwarded-Proto.
HTTPS = _env_bool("HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("HSTS_PRELOAD", True)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/world-atlas", BASE_DIR / "node_modules" / "world-atlas"),
    ("vendor/topojson-client", BASE_DIR / "node_modules" / "topojson-client" / "dist"),
    # Leaflet-Geoman: drawing and editing control areas on the control editor page.
    ("vendor/leaflet-geoman", BASE_DIR / "node_modules" / "@geoman-io" / "leaflet-geoman-free" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Every map works offline: no tile server by default. ONLINE_BASEMAP_URL (e.g. an OSM tile template)
# adds an opt-in online base layer.
ONLINE_BASEMAP_URL = os.environ.get("ONLINE_BASEMAP_URL", "")

# Content-Security-Policy (django-csp): everything comes from this server (the offline rule), scripts
# only from files or with the per-request nonce (django-leaflet's map widgets carry it); the optional
# online base map is the one outside origin allowed, for images only.
_BASEMAP_ORIGIN = "/".join(ONLINE_BASEMAP_URL.split("/")[:3]) if ONLINE_BASEMAP_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.UNSAFE_INLINE],
        "img-src": [csp_constants.SELF, "data:", "blob:", *([_BASEMAP_ORIGIN] if _BASEMAP_ORIGIN else [])],
        "connect-src": [csp_constants.SELF],
        "font-src": [csp_constants.SELF, "data:"],
        "worker-src": [csp_constants.SELF, "blob:"],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    },
}
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (33.0, 40.0),
    "DEFAULT_ZOOM": 4,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 16,
    "TILES": [("Online base map", ONLINE_BASEMAP_URL, {"attribution": "configured base map"})]
    if ONLINE_BASEMAP_URL
    else [],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

# The compiled gazetteer name index, built by `load_gazetteer` from the Place table. It holds that
# database's place ids, so each database gets its own file.
_DB = DATABASES["default"]
_DATABASE_ID = hashlib.sha1(f"{_DB.get('HOST', '')}:{_DB.get('PORT', '')}/{_DB['NAME']}".encode()).hexdigest()[:10]
GAZETTEER_INDEX = Path(os.environ.get("GAZETTEER_INDEX", VAR_DIR / f"gazetteer-{_DATABASE_ID}.idx"))
# geopy fallback to Nominatim for the editor's place search: off by default (no network at run time).
GEOCODER_ONLINE_FALLBACK = _env_bool("GEOCODER_ONLINE_FALLBACK")

# GDAL 3.6 (Debian 12) cannot sandbox file access; we only read our own boundary files.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# The editor API (CONTRACT §3b, events/api/editor.py). Token authentication comes first so that an
# anonymous request gets 401 with `WWW-Authenticate: Token` (DRF answers 403 when the first class has no
# challenge to offer); session logins still work and DRF enforces CSRF for them. JSON in and out only,
# and every error in the one shape {"error": "..."} (events.api.rest.exception_handler).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["events.api.rest.ReadOnlyOrRole"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "events.api.rest.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# GET /api/schema (OpenAPI 3) and its browsable page /api/schema/docs, whose Swagger UI files come from
# the drf-spectacular-sidecar package: served by us, no CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "ConflictMap API",
    "DESCRIPTION": "Events, territorial control, the gazetteer and the editor API (CONTRACT §3 and §3b).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"EventStatusEnum": "events.models.Event.Status",
                            "ObservationStatusEnum": "events.models.ControlObservation.Status"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.api.schema.add_streamed_endpoints",
    ],
}

# Batch work (ingest, re-extraction) on Celery workers when a broker is configured, inline otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker takes one at a time
CELERY_RESULT_EXPIRES = 24 * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
