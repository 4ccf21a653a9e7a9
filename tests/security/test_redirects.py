"""I14: a `next` address only ever sends people to this site (sign-in, sign-out, the language
link, and every form that goes back through `participation.redirects.next_url`)."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from participation.redirects import next_url
from tests.participation.factories import TEST_PASSWORD

HOSTILE_NEXT = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\t//evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts sign-ins per IP in the cache (this run's own Redis database)."""
    cache.clear()
    yield
    cache.clear()


def is_same_site(location: str) -> bool:
    parts = urlsplit(location)
    return parts.scheme == "" and parts.netloc == "" and location.startswith("/") and not location.startswith("//")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_next_url_refuses_every_off_site_form(target):
    request = RequestFactory().post("/", {"next": target})

    assert next_url(request, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("target", ["/guidance/", "/cy/community/?page=2", "/register/activities/#results"])
def test_next_url_keeps_our_own_pages(target):
    request = RequestFactory().post("/", {"next": target})

    assert next_url(request, "/fallback/") == target


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_never_redirects_off_site(client, outsider, target):
    response = client.post(
        reverse("account_login") + "?next=" + target,
        {"login": outsider.email, "password": TEST_PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session.get("_auth_user_id") == str(outsider.pk)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_out_never_redirects_off_site(client, outsider, target):
    client.force_login(outsider)

    response = client.post(reverse("account_logout"), {"next": target})

    assert response.status_code == 302
    assert is_same_site(response.url)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["//evil.example/", "///evil.example/", "/\\evil.example/", "//evil.example/?x=1"])
def test_the_language_link_stays_on_this_site(client, path):
    # PATH_INFO set directly: the test client would otherwise read "//evil.example" as a host.
    response = client.get("/", PATH_INFO=path)

    assert response.status_code == 404
    links = re.findall(r'<a class="govuk-language-navigation__link" href="([^"]*)"', response.text)
    alternates = re.findall(r'<link rel="alternate" hreflang="cy" href="([^"]*)"', response.text)
    assert len(links) == 1
    assert [is_same_site(html.unescape(href)) for href in links + alternates] == [True, True]
