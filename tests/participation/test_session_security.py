"""Sessions: a new session key at sign-in (no fixation), and "sign out everywhere else" ending every
other session of the person (allauth's user sessions), while the one they use goes on."""

import datetime

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.models import Invitation, Membership, User, hash_token
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


def test_joining_an_organisation_gives_a_new_session_key(organisation, org_admin):
    person = UserFactory(email="joining@example.org")
    browser = Client()
    _sign_in(browser, person)
    before = browser.cookies[settings.SESSION_COOKIE_NAME].value
    token = "token-for-joining"
    Invitation.objects.create(
        organisation=organisation,
        email=person.email,
        role=Membership.Role.EDITOR,
        token_hash=hash_token(token),
        invited_by=org_admin,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    browser.post(reverse("invitation-accept", kwargs={"token": token}))

    after = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert browser.get(reverse("account-overview")).status_code == 200
    old = Client()
    old.cookies[settings.SESSION_COOKIE_NAME] = before
    assert old.get(reverse("account-overview")).status_code == 302


def test_setting_up_two_factor_authentication_gives_a_new_session_key(db, rf):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.signals import authenticator_added
    from django.contrib.sessions.backends.db import SessionStore

    person = UserFactory(email="person@example.org")
    request = rf.get("/")
    request.session = SessionStore()
    request.session["kept"] = "yes"
    request.session.save()
    before = request.session.session_key

    authenticator_added.send(sender=Authenticator, request=request, user=person, authenticator=None)

    assert request.session.session_key != before
    assert request.session["kept"] == "yes"
    assert not SessionStore().exists(before)
