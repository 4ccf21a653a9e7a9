"""The security headers on every kind of response the platform sends: pages, htmx fragments, JSON,
CSV, Atom, iCalendar, sitemaps, redirects and error pages (QUALITY.md's security bars)."""

import pytest
from django.test import override_settings

# (path, request headers, method, expected status): one of each kind of response.
RESPONSE_KINDS = {
    "html page": ("/register/", {}, "get", 200),
    "welsh page": ("/cy/register/", {}, "get", 200),
    "htmx fragment": ("/register/?q=data", {"HX-Request": "true"}, "get", 200),
    "json download": ("/register/data/register.json", {}, "get", 200),
    "json api": ("/api/v1/activities", {}, "get", 200),
    "csv download": ("/register/data/activities.csv", {}, "get", 200),
    "atom feed": ("/register/feed/", {}, "get", 200),
    "sitemap": ("/sitemap.xml", {}, "get", 200),
    "health check": ("/healthz", {}, "get", 200),
    "sign-in redirect": ("/account/", {}, "get", 302),
    "not found": ("/no-such-page/", {}, "get", 404),
    "method not allowed": ("/register/", {}, "post", 405),
}


def _assert_strict_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "form-action 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    )
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", RESPONSE_KINDS)
def test_every_kind_of_response_carries_the_security_headers(client, db, kind):
    path, headers, method, status = RESPONSE_KINDS[kind]

    response = getattr(client, method)(path, headers=headers)

    assert response.status_code == status
    _assert_strict_headers(response)


def test_a_script_nonce_is_new_on_every_page(client, db):
    first = client.get("/register/")["Content-Security-Policy"]
    second = client.get("/register/")["Content-Security-Policy"]

    assert "'nonce-" in first
    assert first != second


@override_settings(SECURE_HSTS_SECONDS=63072000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_https_responses_ask_browsers_to_keep_to_https(client, db):
    """Production sets these values (test_settings.py checks it); the middleware then sends HSTS over HTTPS."""
    response = client.get("/register/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    _assert_strict_headers(response)
