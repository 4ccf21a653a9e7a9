"""Real Chromium, driven by Playwright, against pytest-django's live server.

Every page a test visits is checked twice on arrival: axe-core with the WCAG 2.2 A and AA
rules, and the console, for anything the Content Security Policy refused. Tests navigate
through visit() (type an address) or navigate() (click a link, submit a form), which do both.
"""

import os

# Playwright's sync API runs an event loop on this thread; the live server's database is
# ours to use from it (pytest-django's fixtures and the ORM in the test body).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, Response, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SCREENSHOTS = Path("/tmp/browser-screenshots")  # noqa: S108 - screenshots for people to look at
TIMEOUT_MS = 15_000
CSP_MARKERS = ("Content Security Policy", "Refused to")

_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Page:
    """A fresh context (no cookies) per test, with the live server as base URL."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.browser_problems = []

    def on_console(message):
        if message.type == "error" and any(marker in message.text for marker in CSP_MARKERS):
            page.browser_problems.append(f"CSP violation on {page.url}: {message.text}")

    def on_page_error(error):
        page.browser_problems.append(f"Uncaught JavaScript error on {page.url}: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    context.close()
    assert_no_browser_problems(page)


def assert_no_browser_problems(page: Page) -> None:
    problems = page.browser_problems
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {node['html'][:200]}")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_check(page: Page) -> None:
    """WCAG 2.2 A and AA rules only; fails with every violation's rule, impact and selectors."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, format_violations(page.url, violations)
    assert_no_browser_problems(page)


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Go to a path as if typed into the address bar, then check the page."""
    response = page.goto(path)
    assert response is not None, f"No response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    axe_check(page)
    return response


def navigate(page: Page, action: Callable[[], object], *, status: int = 200) -> Response | None:
    """Do something that loads a new page (follow a link, submit a form), then check that page."""
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    if response is not None:
        assert response.status == status, f"{page.url} answered {response.status}, expected {status}"
    axe_check(page)
    return response


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def path_of(page: Page) -> str:
    """The current URL's path and query, without the live server's origin."""
    return re.sub(r"^https?://[^/]+", "", page.url)


class TotpClock:
    """Codes from an authenticator app. A code is accepted once per 30-second period
    (allauth's replay protection, with no tolerance), so each use waits for a period no
    earlier use has had, and never hands out a code about to expire."""

    PERIOD = 30
    MARGIN = 3  # seconds a code must still be valid for when handed out

    def __init__(self):
        self.used: dict[str, int] = {}

    def code(self, secret: str) -> str:
        while True:
            now = time.time()
            counter = int(now) // self.PERIOD
            left = self.PERIOD - now % self.PERIOD
            if counter > self.used.get(secret, -1) and left > self.MARGIN:
                self.used[secret] = counter
                return format_hotp_value(hotp_value(secret, counter))
            time.sleep(left + 0.05)


@pytest.fixture
def totp() -> TotpClock:
    return TotpClock()


def sign_in(page: Page, *, email: str, password: str, totp_secret: str | None, clock: TotpClock, prefix: str = ""):
    """Sign in through allauth's pages, with the authenticator app step when the account has one."""
    visit(page, f"{prefix}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    navigate(page, lambda: page.click("main form[action$='/accounts/login/'] button[type=submit]"))
    if totp_secret:
        assert "/accounts/2fa/authenticate/" in page.url, f"Expected the two-factor step, got {page.url}"
        page.fill("#id_code", clock.code(totp_secret))
        navigate(page, lambda: page.click("main form[action$='/2fa/authenticate/'] button[type=submit]:not([form])"))
    assert "/accounts/" not in page.url, f"Still signing in at {page.url}"
