"""Sessions: a new session key at sign-in (no fixation), and "sign out everywhere else" ending every
other session of the person (allauth's user sessions), while the one they use goes on."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from participation.models import User
from tests.participation.factories import TEST_PASSWORD, UserFactory


def _sign_in(client: Client, user: User):
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})


def test_signing_in_gives_the_browser_a_new_session_key(client, db):
    user = UserFactory(email="person@example.org")
    client.get(reverse("account_login"))
    client.session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = _sign_in(client, user)

    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.get(reverse("account-overview")).status_code == 200


def test_signing_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(db):
    user = UserFactory(email="person@example.org")
    laptop, phone = Client(), Client()
    _sign_in(laptop, user)
    _sign_in(phone, user)
    assert phone.get(reverse("account-overview")).status_code == 200

    response = laptop.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert laptop.get(reverse("account-overview")).status_code == 200
    signed_out = phone.get(reverse("account-overview"))
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("account_login"))


def test_signing_out_ends_the_session_on_the_server(db):
    user = UserFactory(email="person@example.org")
    browser = Client()
    _sign_in(browser, user)
    stolen_cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value

    browser.post(reverse("account_logout"))

    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen_cookie
    response = thief.get(reverse("account-overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
