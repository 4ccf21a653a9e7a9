"""The foundation's smoke journey in a real browser: sign up, verify by emailed code, turn on an
authenticator app, sign in again with it, switch to Welsh, get an audit PDF from a real Celery
worker, and invite someone with the keyboard alone. axe runs on every page on the way."""

import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from participation.audit_labels import action_label
from participation.models import Membership, Report, User
from tests.browser.conftest import axe_check, navigate, path_of, screenshot, sign_in, visit
from tests.support.worker import wait_until

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-browser-passphrase"
VERIFICATION_CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
MAX_TABS = 30


def click_language_link(page, language: str, name: str) -> None:
    before = path_of(page)
    language_navigation = page.locator(".govuk-language-navigation")
    navigate(page, lambda: language_navigation.get_by_role("link", name=name, exact=True).click())
    assert page.get_attribute("html", "lang") == language
    if language == "cy":
        assert path_of(page) == "/cy" + before, f"Expected the Welsh twin of {before}, got {path_of(page)}"
    else:
        assert "/cy" + path_of(page) == before, f"Expected the English twin of {before}, got {path_of(page)}"


def test_home_page_in_english_and_welsh(page):
    visit(page, "/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == settings.SERVICE_NAME
    assert page.get_by_role("button", name="Create an account").is_visible()
    screenshot(page, "smoke-home-en")

    visit(page, "/cy/")
    assert page.locator("html[lang=cy]").count() == 1
    assert page.locator("h1").count() == 1
    screenshot(page, "smoke-home-cy")


def sign_up(page, email: str) -> None:
    visit(page, "/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    navigate(page, lambda: page.click("main form[action$='/accounts/signup/'] button[type=submit]"))

    # Verification is mandatory, by a code sent by email (the live server shares our outbox).
    assert page.locator("#id_code").is_visible(), f"Expected the code page, got {page.url}"
    message = [m for m in mail.outbox if m.to == [email]][-1]
    code = VERIFICATION_CODE.search(message.body).group(1)
    page.fill("#id_code", code)
    navigate(page, lambda: page.click("main form:has(#id_code) button[type=submit]:not([form])"))
    assert path_of(page) == "/"
    assert page.get_by_role("link", name="Sign out").is_visible()


def set_up_authenticator_app(page, totp) -> str:
    visit(page, "/accounts/2fa/")
    navigate(page, lambda: page.click("main a[href$='/accounts/2fa/totp/activate/']"))
    # "Confirm it's you": allauth asks for the password again before adding an authenticator.
    assert "/accounts/reauthenticate/" in page.url, page.url
    screenshot(page, "smoke-reauthenticate")
    page.fill("#id_password", PASSWORD)
    navigate(page, lambda: page.click("main form:has(#id_password) button[type=submit]"))
    assert path_of(page).startswith("/accounts/2fa/totp/activate/"), page.url
    screenshot(page, "smoke-totp-activate")

    secret = page.locator("#totp-secret").inner_text().strip()
    page.fill("#id_code", totp.code(secret))
    navigate(page, lambda: page.click("main form[action$='/2fa/totp/activate/'] button[type=submit]"))
    # allauth made recovery codes too, and shows them next.
    assert path_of(page) == "/accounts/2fa/recovery-codes/", page.url
    assert len(page.locator("#recovery_codes").input_value().split()) == 10
    screenshot(page, "smoke-recovery-codes")
    return secret


def sign_out(page) -> None:
    navigate(page, lambda: page.get_by_role("link", name="Sign out").click())
    navigate(page, lambda: page.click("main form[action$='/accounts/logout/'] button[type=submit]"))
    assert page.get_by_role("link", name="Sign in").is_visible()


def download_audit_pdf(page, organisation, user, smtp_sink, tmp_path) -> None:
    """In Welsh: from the organisation page to the audit log, and a PDF from the real worker."""
    navigate(page, lambda: page.click(".govuk-service-navigation a[href='/cy/organisations/']"))
    navigate(page, lambda: page.click(f"main a[href='/cy/organisations/{organisation.slug}/']"))
    navigate(page, lambda: page.click(f"main a[href='/cy/organisations/{organisation.slug}/audit/']"))
    assert page.get_attribute("html", "lang") == "cy"
    screenshot(page, "smoke-audit-log-cy")

    # The button's text is being translated, so find it by what it does.
    navigate(page, lambda: page.click(f"form[action='/cy/organisations/{organisation.slug}/audit/report/'] button"))
    report = Report.objects.get(requested_by=user)
    assert path_of(page) == f"/cy/reports/{report.pk}/"

    # htmx asks for the status every 2 seconds; the real worker renders the PDF meanwhile.
    download_link = page.locator(f"#report-status a[href='/cy/reports/{report.pk}/download/']")
    download_link.wait_for(state="visible", timeout=90_000)
    axe_check(page)  # the page as it is once the report is ready
    screenshot(page, "smoke-report-ready-cy")

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf_path = tmp_path / "audit-summary.pdf"
    download.save_as(pdf_path)
    text = " ".join(" ".join(page_.extract_text() for page_ in PdfReader(pdf_path).pages).split())
    # Rendered in the language it was asked for in: the Welsh name, and the request itself
    # (participation.report.requested) under its plain-language label.
    with translation.override(report.language):
        organisation_name = organisation.name
        requested = action_label("participation.report.requested")
    assert report.language == "cy"
    assert organisation_name in text
    assert requested in text, f"{requested!r} is not in the PDF: {text[:1000]}"

    ready = wait_until(
        lambda: [m for m in smtp_sink.received() if f"/reports/{report.pk}/" in m.get_body(("plain",)).get_content()],
        timeout=30,
        what="the report-ready email",
    )
    assert ready[0]["To"] == user.email


def invite_with_the_keyboard_alone(page, organisation, invitee: str) -> None:
    """In English: from the organisation page to Members, then the invite form without a mouse."""
    navigate(page, lambda: page.click(f"main a[href='/organisations/{organisation.slug}/members/']"))
    navigate(page, lambda: page.click(f"main a[href='/organisations/{organisation.slug}/members/invite/']"))

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_email":
            break
    else:
        raise AssertionError(f"Tabbing {MAX_TABS} times never reached the email address field")
    page.keyboard.type(invitee)
    page.keyboard.press("Tab")  # into the role radios, onto the checked one: Member
    assert page.evaluate("document.activeElement.id") == "id_role_0"
    page.keyboard.press("ArrowDown")  # Editor
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.id") == "id_role_1"
    assert page.locator("#id_role_1").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    navigate(page, lambda: page.keyboard.press("Enter"))

    assert path_of(page) == f"/organisations/{organisation.slug}/members/"
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.get_attribute("role") == "alert"
    assert f"Invitation sent to {invitee}" in banner.inner_text()
    row = page.locator("table tr", has_text=invitee)
    assert row.count() == 1 and "Editor" in row.inner_text()
    screenshot(page, "smoke-members-after-invite-en")


def assert_error_summary(page, *, title_prefix: str) -> None:
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith(title_prefix), page.title()
    links = summary.locator("a")
    assert links.count() >= 1
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert page.locator(target).count() == 1, f"Error summary links to {target}, which is not on the page"
    assert summary.locator("a[href='#id_email']").count() == 1
    assert page.locator("#id_email_error").is_visible()
    assert "id_email_error" in page.get_attribute("#id_email", "aria-describedby")
    summary.locator("a[href='#id_email']").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_email'")


def submit_the_invite_form_empty(page, organisation, *, prefix: str, language: str) -> None:
    visit(page, f"{prefix}/organisations/{organisation.slug}/members/invite/")
    navigate(page, lambda: page.click("main form button[type=submit]"))
    with translation.override(language):
        error_prefix = gettext("Error:")
    assert_error_summary(page, title_prefix=error_prefix)
    screenshot(page, f"smoke-invite-errors-{language}")


def test_sign_up_two_factor_welsh_audit_pdf_and_invitations(
    page, organisation, celery_worker, smtp_sink, totp, tmp_path
):
    email = f"new-person-{uuid.uuid4().hex[:8]}@example.gov.uk"

    sign_up(page, email)
    user = User.objects.get(email=email)

    secret = set_up_authenticator_app(page, totp)
    assert user.authenticator_set.filter(type="totp").exists()

    # An organisation admin's powers need two-factor authentication: they have it now.
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ORG_ADMIN)

    sign_out(page)
    sign_in(page, email=email, password=PASSWORD, totp_secret=secret, clock=totp)

    visit(page, "/account/")
    click_language_link(page, "cy", "Cymraeg")
    screenshot(page, "smoke-account-cy")

    download_audit_pdf(page, organisation, user, smtp_sink, tmp_path)

    click_language_link(page, "en", "English")
    visit(page, f"/organisations/{organisation.slug}/")
    invitee = "keyboard-invitee@example.gov.uk"
    invite_with_the_keyboard_alone(page, organisation, invitee)
    wait_until(lambda: [m for m in smtp_sink.received() if m["To"] == invitee], what="the invitation email")

    submit_the_invite_form_empty(page, organisation, prefix="", language="en")
    submit_the_invite_form_empty(page, organisation, prefix="/cy", language="cy")
