"""gunicorn settings for `make run`: a production server sized to the machine.

Threads (gthread) serve concurrent requests inside each worker; each thread keeps one persistent
database connection (settings: CONN_MAX_AGE), so PostgreSQL sees at most workers x threads
connections (2 cores: 5 x 3 = 15). Environment: PORT, BIND, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "3"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30  # SIGTERM: workers finish the requests they hold, for up to 30 s
keepalive = 5
max_requests = 5000  # recycle workers now and then (bounded memory over weeks of uptime)
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
preload_app = False  # each worker loads the extractor lazily, on its first extraction request
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
