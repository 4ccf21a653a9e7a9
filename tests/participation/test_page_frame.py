"""What every request pays for before its own work: the session and the signed-in person, read
with SQL compiled once per process, and the header, navigation and footer, drawn once per process
for each language, signed-in state and section."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from participation.models import User
from participation.services.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def navigation(page: str) -> str:
    return re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', page, re.S).group(0)


def current_items(page: str) -> list[str]:
    return re.findall(r'aria-current="page">\s*<strong class="[^"]*">([^<]+)</strong>', navigation(page))


def test_the_navigation_marks_the_section_the_reader_is_in(client):
    assert current_items(client.get(reverse("home")).text) == ["Home"]
    assert current_items(client.get(reverse("register:activity-list")).text) == ["Register"]
    assert current_items(client.get(reverse("guidance:document-list")).text) == ["Guidance"]


def test_a_page_outside_the_sections_marks_none(client):
    assert current_items(client.get(reverse("accessibility")).text) == []


def test_a_signed_out_reader_is_offered_sign_in(client):
    menu = navigation(client.get(reverse("home")).text)

    assert "Sign in" in menu
    assert "Sign out" not in menu and "Your account" not in menu


def test_a_signed_in_reader_is_offered_their_account_and_sign_out(client, member):
    client.force_login(member)

    page = client.get(reverse("register:activity-list")).text

    assert "Your account" in navigation(page) and "Sign out" in navigation(page)
    assert "Sign in" not in navigation(page)
    assert current_items(page) == ["Register"]


def test_the_welsh_navigation_links_to_welsh_pages(client):
    page = client.get("/cy/").text

    assert 'href="/cy/register/"' in navigation(page)
    assert "Cofrestr" in navigation(page)
    assert current_items(page) == ["Hafan"]


@override_settings(GOVUK_BRANDING=True)
def test_with_govuk_branding_the_header_and_footer_change(client):
    page = client.get(reverse("home")).text

    assert "govuk-header__logotype-text" in page
    assert "Crown copyright" in page


@override_settings(GOVUK_BRANDING=False)
def test_without_govuk_branding_the_generic_header_is_drawn(client):
    page = client.get(reverse("home")).text

    assert "govuk-generic-header" in page
    assert "Crown copyright" not in page


def test_an_expired_session_signs_the_reader_out(client, member):
    client.force_login(member)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("account-overview"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unknown_session_key_is_a_signed_out_visit(client, django_assert_num_queries):
    client.cookies["sessionid"] = "x" * 32

    with django_assert_num_queries(1):  # the session lookup, which finds nothing
        response = client.get(reverse("account-overview"))

    assert response.status_code == 302


def test_a_live_session_keeps_the_reader_signed_in(client, member, django_assert_num_queries):
    client.force_login(member)

    with django_assert_num_queries(3):  # the session, the person with their access facts, their memberships
        response = client.get(reverse("account-overview"))

    assert response.status_code == 200
    assert response.wsgi_request.user == member


def test_a_prepared_query_runs_with_new_values_each_time(member, other_organisation):
    by_email = PreparedQuery(lambda email: User.objects.with_access().filter(email=email), f"{uuid.uuid4()}@x")

    found = by_email.first(member.email)

    assert found == member
    assert found.is_org_admin is False and found.has_mfa is False
    assert by_email.first("nobody@example.invalid") is None


def test_a_placeholder_must_appear_exactly_once():
    placeholder = f"{uuid.uuid4()}@x"
    twice = PreparedQuery(
        lambda email: User.objects.filter(email=email) | User.objects.filter(email=email), placeholder
    )

    with pytest.raises(ValueError, match="must appear once"):
        twice.first("someone@example.invalid")
