"""The fault suite (QUALITY.md F1-F14): a private Postgres cluster and Redis server for the whole run,
so tests can stop and restart them; the test process, the Celery workers and gunicorn all use them.

It runs on its own (`make test-faults`, or `pytest tests/faults`): its database is set up here
rather than by pytest-django, which cannot happen in the same session as the rest of the suite.
A plain `pytest` of the whole tree leaves this folder out.

The schema is copied, not migrated: migrating a new database takes over a minute on a busy 2-core
machine, so a database on the machine's Postgres (`<name>_faults`) is kept migrated (quick when
nothing changed) and dumped into the private cluster."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

from participation.celery import app as celery_app
from tests.support.cluster import PostgresCluster, RedisServer, WebServer, _postgres_bin
from tests.support.worker import ROOT

HERE = Path(__file__).resolve().parent
DATABASE = "participation"


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: kills, restarts or starves a real service (QUALITY.md F1-F14)")


def pytest_ignore_collect(collection_path, config):
    """Collected only when asked for by path: `pytest tests/faults[/...]`."""
    asked = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if any(path == HERE or HERE in path.parents for path in asked):
        return None
    return True


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.timeout(300))


def _template_url() -> str:
    """A database on the machine's Postgres kept migrated, to copy the schema from."""
    database = settings.DATABASES["default"]
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}_faults"


def _migrated_template() -> str:
    url = _template_url()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "participation.settings", "DATABASE_URL": url},
        check=True,
        timeout=300,
    )
    return url


@pytest.fixture(scope="session")
def private_redis():
    server = RedisServer().start()
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def private_postgres():
    cluster = PostgresCluster().start()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def media_mount(tmp_path_factory):
    """Media storage on a small filesystem of its own, which a test can make read-only or fill."""
    path = tmp_path_factory.mktemp("media")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0777", "tmpfs", str(path)], check=True, timeout=10)
    yield path
    subprocess.run(["umount", "-l", str(path)], check=False, timeout=10)


@pytest.fixture(scope="session", autouse=True)
def private_services(private_postgres, private_redis, media_mount):
    """Point this process's settings at the private services before anything connects to them."""
    cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": private_redis.url}}
    overrides = override_settings(
        REDIS_URL=private_redis.url, CELERY_BROKER_URL=private_redis.url, CACHES=cache, MEDIA_ROOT=media_mount
    )
    overrides.enable()
    celery_app.conf.broker_url = private_redis.url
    yield
    overrides.disable()


@pytest.fixture(scope="session")
def django_db_setup(private_services, private_postgres, django_db_blocker):
    template = _migrated_template()
    private_postgres_admin = private_postgres.url()
    with psycopg.connect(private_postgres_admin, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    dump = subprocess.run(
        [_postgres_bin("pg_dump"), "--no-owner", "--no-privileges", template],
        check=True,
        timeout=120,
        capture_output=True,
    )
    subprocess.run(
        [_postgres_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", private_postgres.url(DATABASE)],
        input=dump.stdout,
        check=True,
        timeout=120,
        capture_output=True,
    )
    # The connection handler holds these very dicts: changed in place, every connection made from
    # now on goes to the private cluster.
    with django_db_blocker.unblock():
        connection.close()
    settings.DATABASES["default"].update(HOST="127.0.0.1", PORT=str(private_postgres.port), NAME=DATABASE)
    assert connection.settings_dict["PORT"] == str(private_postgres.port)


@pytest.fixture
def service_environment(private_redis, media_mount):
    """The environment a worker or the web server gets: the private services."""
    database = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": private_redis.url,
        "DATA_DIR": str(settings.DATA_DIR),
        "MEDIA_ROOT": str(media_mount),
    }


@pytest.fixture
def web(transactional_db, service_environment, smtp_sink, tmp_path):
    """The site under gunicorn, production settings (bench.settings' loopback variant), DEBUG off."""
    server = WebServer(
        environment={
            **service_environment,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": settings.SECRET_KEY,  # sessions made by this process are valid there
            "CONN_MAX_AGE": "60",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_sink.port),
            "EMAIL_USE_TLS": "false",
        },
        log_path=tmp_path / "gunicorn.log",
    )
    server.start()
    yield server
    server.stop()
