"""Test settings: the real settings, pointed at Postgres and Redis, with what tests must change."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/participation")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DATA_DIR", "/tmp/participation-test-data")  # noqa: S108 - a throwaway folder for tests

from participation.settings import *  # noqa: E402,F403

# Hashing passwords slowly is the point in production and only slows the suite here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = DATA_DIR / "media"  # noqa: F405
# Tasks run in-process in unit tests; tests marked `worker` start a real Celery worker instead.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
