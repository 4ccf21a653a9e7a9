from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from participation.celery import app as celery_app


@login_not_required
def home(request):
    return render(request, "pages/home.html")


@login_not_required
def accessibility(request):
    return render(request, "pages/accessibility.html")


@login_not_required
def cookies(request):
    return render(request, "pages/cookies.html")


@login_not_required
def privacy(request):
    return render(request, "pages/privacy.html")


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_is_up() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_is_up(), "broker": broker_is_up()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if up else "down" for name, up in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)
