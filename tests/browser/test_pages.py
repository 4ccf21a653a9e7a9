"""Every page, in English and Welsh, in a real browser: axe-clean, no CSP refusals, right language."""

import pytest

from participation.services.organisations import invite_member
from tests.browser.conftest import navigate, screenshot, sign_in, visit
from tests.participation.factories import TEST_PASSWORD, TEST_TOTP_SECRET, MembershipFactory

pytestmark = pytest.mark.browser

LANGUAGES = {"en": "", "cy": "/cy"}

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/cookies/",
    "/privacy/",
    "/organisations/",
    "/organisations/dsit/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]

SIGNED_IN_PAGES = [
    "/organisations/dsit/members/",
    "/organisations/dsit/members/invite/",
    "/organisations/dsit/audit/",
    "/account/",
    "/account/profile/",
    "/account/notifications/",
    "/accounts/2fa/",
]


def assert_language(page, language):
    assert page.get_attribute("html", "lang") == language
    assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"
    assert page.title().strip(), f"{page.url} has no title"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page(page, organisation, language, path):
    visit(page, LANGUAGES[language] + path)

    assert_language(page, language)
    if path == "/":
        screenshot(page, f"public-home-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_not_found(page, language):
    visit(page, LANGUAGES[language] + "/no-such-page/", status=404)

    assert_language(page, language)
    screenshot(page, f"public-404-{language}")


@pytest.fixture
def busy_organisation(organisation, org_admin):
    """The organisation with another member, an open invitation and audit events to list."""
    MembershipFactory(organisation=organisation, user__display_name="Ceri Jones")
    invite_member(organisation=organisation, email="invitee@example.gov.uk", role="editor", invited_by=org_admin)
    return organisation


@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_in_pages_for_an_org_admin(page, busy_organisation, org_admin, totp, language):
    """One sign-in (with the authenticator app), then every page; all failures are reported together."""
    sign_in(page, email=org_admin.email, password=TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET, clock=totp)

    failures = []
    for path in SIGNED_IN_PAGES:
        try:
            visit(page, LANGUAGES[language] + path)
            assert_language(page, language)
        except AssertionError as failure:
            failures.append(str(failure))
            page.browser_problems.clear()  # reported once, here
        if path.endswith("/members/"):
            screenshot(page, f"signed-in-members-{language}")

    assert not failures, f"{len(failures)} of {len(SIGNED_IN_PAGES)} pages failed:\n\n" + "\n\n".join(failures)


FORMS_SUBMITTED_EMPTY = {
    "/accounts/login/": "main form[action$='/accounts/login/'] button[type=submit]",
    "/accounts/signup/": "main form[action$='/accounts/signup/'] button[type=submit]",
    "/accounts/password/reset/": "main form[action$='/accounts/password/reset/'] button[type=submit]",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_with_errors(page, language):
    """A form sent back with errors: error summary first, focused, and linked to real fields."""
    failures = []
    for path, submit in FORMS_SUBMITTED_EMPTY.items():
        try:
            visit(page, LANGUAGES[language] + path)
            navigate(page, lambda submit=submit: page.click(submit))
            assert_language(page, language)
            page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
            for link in page.locator(".govuk-error-summary a").all():
                target = link.get_attribute("href")
                assert page.locator(target).count() == 1, f"{page.url}: the error summary links to missing {target}"
        except AssertionError as failure:
            failures.append(str(failure))
            page.browser_problems.clear()

    assert not failures, "\n\n".join(failures)
