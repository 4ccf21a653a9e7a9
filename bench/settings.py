"""The site as production runs it, on plain-HTTP loopback, for `make bench`.

Production settings (DJANGO_ENV=production: DEBUG off, so the cached template loader; the Redis
cache; SMTP mail) with only what loopback needs changed: no HTTPS redirect, HSTS or secure-only
cookies, loopback hosts, and a URLconf that adds the bare reference view.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# Throwaway media and broker files.
os.environ.setdefault("DATA_DIR", str(Path(tempfile.gettempdir()) / "participation-bench-data"))
# Gunicorn workers keep their connection between requests, as production does.
os.environ.setdefault("CONN_MAX_AGE", "60")

from participation.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None
# The bench reads static files from the source folders: no collectstatic step and no manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
