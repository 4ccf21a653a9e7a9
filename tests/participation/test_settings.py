import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template import engines
from django.test import Client
from django.urls import path
from django.utils import translation

from participation.celery import app

ROOT = Path(__file__).resolve().parents[2]


def import_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV"}}
    return subprocess.run(
        [sys.executable, "-c", "import participation.settings"],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "example.gov.uk"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS must be set"),
        ({"SECRET_KEY": "too-short", "ALLOWED_HOSTS": "example.gov.uk"}, "SECRET_KEY must be set"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = import_settings(DJANGO_ENV="production", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_its_secrets():
    result = import_settings(DJANGO_ENV="production", SECRET_KEY="s" * 60, ALLOWED_HOSTS="example.gov.uk")

    assert result.returncode == 0, result.stderr


def test_production_keeps_browsers_on_https_with_secure_http_only_cookies():
    names = (
        "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD "
        "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SESSION_COOKIE_HTTPONLY"
    )
    code = f"import participation.settings as s; print([getattr(s, n) for n in {names.split()!r}])"
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV"}}
    production = {"DJANGO_ENV": "production", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "example.gov.uk"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, **production},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip() == "[True, 63072000, True, True, True, True, True]"


def test_dates_are_written_the_welsh_way_on_welsh_pages():
    template = engines["django"].from_string('{{ day|date:"DATE_FORMAT" }}')

    with translation.override("cy"):
        welsh = template.render({"day": datetime.date(2026, 3, 5)})
    with translation.override("en"):
        english = template.render({"day": datetime.date(2026, 3, 5)})

    assert (english, welsh) == ("5 March 2026", "5 Mawrth 2026")


@login_not_required
def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view)]
handler500 = "participation.views.errors.server_error"


def test_server_error_page_is_styled_and_gives_nothing_away(db, settings):
    settings.ROOT_URLCONF = __name__

    response = Client(raise_request_exception=False).get("/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "a bug" not in html and "Traceback" not in html


def test_every_beat_entry_names_a_task_the_worker_knows(settings):
    app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
    assert "participation.send_overdue_response_digests" in scheduled
