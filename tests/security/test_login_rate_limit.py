"""I11: password guessing is stopped per account, whatever address the guesses claim to come from,
and the admin's sign-in is the same allauth sign-in with the same limits."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from tests.participation.factories import TEST_PASSWORD

TOO_MANY = "Too many failed login attempts"
FAILURES_ALLOWED = 5  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 5 minutes per account


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth keeps its counters in the cache: this run's own Redis database."""
    cache.clear()
    yield
    cache.clear()


def attempt(client, email, password, n):
    """Each guess claims another client address, as a botnet or a forged header would."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=f"203.0.113.{n % 250 + 1}",
        HTTP_X_FORWARDED_FOR=f"198.51.100.{n % 250 + 1}, 192.0.2.{n % 250 + 1}",
        HTTP_X_REAL_IP=f"192.0.2.{n % 250 + 1}",
    )


def test_the_limit_in_settings_is_per_account():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[0] == f"{FAILURES_ALLOWED}/5m/key"


def test_guesses_from_rotating_addresses_lock_the_account(client, outsider):
    statuses = [attempt(client, outsider.email, f"wrong-{n}", n).status_code for n in range(FAILURES_ALLOWED)]

    blocked = attempt(client, outsider.email, TEST_PASSWORD, 99)

    assert statuses == [200] * FAILURES_ALLOWED  # the form again, with its error
    # Even the right password is refused now: allauth re-shows the form with the lock-out error.
    assert blocked.status_code == 200
    assert TOO_MANY in blocked.text
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account_not_global(client, outsider, member):
    for n in range(FAILURES_ALLOWED):
        attempt(client, outsider.email, f"wrong-{n}", n)

    response = attempt(client, member.email, TEST_PASSWORD, 7)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_forged_forwarded_for_header_is_not_taken_as_the_client_address(rf):
    from allauth.account.adapter import get_adapter

    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert get_adapter().get_client_ip(request) == "203.0.113.9"


def test_the_admin_sign_in_is_the_rate_limited_allauth_sign_in(client, site_admin):
    page = client.get(reverse("admin:login") + "?next=/admin/")
    for n in range(FAILURES_ALLOWED):
        attempt(client, site_admin.email, f"wrong-{n}", n)
    blocked = attempt(client, site_admin.email, TEST_PASSWORD, 99)
    posted = client.post(reverse("admin:login"), {"username": site_admin.email, "password": TEST_PASSWORD})

    assert page.status_code == 302
    assert page.url.startswith(reverse("account_login"))
    assert TOO_MANY in blocked.text
    # The admin's own form is never reached: a POST to it is sent to allauth too, unauthenticated.
    assert posted.status_code == 302
    assert posted.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
