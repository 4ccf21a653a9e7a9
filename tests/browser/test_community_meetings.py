"""Community meetings, end to end in a real browser: a member finds a meeting, says she is going
(the answer panel swaps in place with htmx), sees the joining link, downloads the calendar file and
is reminded in Welsh, her chosen language, by the real worker; then a second member joins the
waiting list of a full meeting and is promoted, and emailed, when she drops out. axe runs on every
page on the way, in English and Welsh."""

import datetime
import time

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from community.models import RSVP, AccessProvision, RSVPStatus
from community.services.notices import reminder_time, send_due_reminders
from participation.models import NotificationKind
from participation.services.email import read_unsubscribe_token
from tests.browser.conftest import (
    CSP_MARKERS,
    TIMEOUT_MS,
    assert_no_browser_problems,
    axe_check,
    navigate,
    path_of,
    screenshot,
    sign_in,
    visit,
)
from tests.community.factories import MeetingFactory
from tests.participation.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

ONLINE_LINK = "https://meet.example.org/community-of-practice"


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


def wait_for_email(smtp_sink, to: str, *, subject_contains: str = "", timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_sink.received():
            if message["To"] == to and subject_contains in message["Subject"]:
                return message
        time.sleep(0.25)
    raise AssertionError(f"No email to {to} ({subject_contains!r}) within {timeout} s")


def unsubscribes_from(message) -> tuple[str, str] | None:
    """Whose notifications, of which kind, the message's one-click unsubscribe address turns off."""
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = message["List-Unsubscribe"].strip("<>")
    assert "/unsubscribe/" in address
    return read_unsubscribe_token(address.rstrip("/").rsplit("/", 1)[-1])


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def open_page(browser, live_server):
    """Another person at another browser (a fresh context each), checked like the `page` fixture."""
    contexts = []

    def open_():
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.browser_problems = []
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and any(marker in message.text for marker in CSP_MARKERS)
                and page.browser_problems.append(f"CSP violation on {page.url}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: page.browser_problems.append(f"Uncaught JavaScript error: {error}"))
        return page

    yield open_
    pages = [p for context in contexts for p in context.pages]
    for context in contexts:
        context.close()
    for page in pages:
        assert_no_browser_problems(page)


@pytest.fixture
def meeting_world(db):
    starts = (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    talk = MeetingFactory(
        slug="measuring-influence",
        title_en="Measuring public influence on AI decisions",
        title_cy="Mesur dylanwad y cyhoedd ar benderfyniadau AI",
        description_en="How three departments show what changed because the public took part.",
        description_cy="Sut mae tair adran yn dangos beth newidiodd oherwydd i’r cyhoedd gymryd rhan.",
        agenda_en="1. Welcome\n2. Three short talks\n3. Questions",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
        online_link=ONLINE_LINK,
        provisions=[AccessProvision.CAPTIONS, AccessProvision.WELSH_INTERPRETATION],
        capacity=30,
    )
    clinic = MeetingFactory(
        slug="recruitment-clinic",
        title_en="Recruitment clinic: reaching people you seldom hear from",
        title_cy="Clinig recriwtio: cyrraedd pobl nad ydych yn clywed ganddynt yn aml",
        starts_at=starts + datetime.timedelta(days=1),
        ends_at=starts + datetime.timedelta(days=1, hours=1),
        online_link=ONLINE_LINK,
        capacity=1,
    )
    ada = UserFactory(email="ada@example.gov.uk", display_name="Ada Pryce", preferred_language="en")
    ben = UserFactory(email="ben@example.gov.uk", display_name="Ben Okafor", preferred_language="en")
    return {"talk": talk, "clinic": clinic, "ada": ada, "ben": ben}


def answer_in_place(page, *, going: bool, access_needs: str = "", welsh: bool = False) -> None:
    """Fill the RSVP panel and send it; htmx swaps the panel without loading a new page."""
    panel = page.locator("#rsvp-panel")
    page.evaluate("window.stillTheSamePage = true")
    panel.get_by_label("Yes, I’m going" if going else "No, I’m not going", exact=True).check()
    if access_needs:
        panel.get_by_label("Access needs (optional)").fill(access_needs)
    panel.get_by_label("Welsh" if welsh else "English", exact=True).check()
    url = page.url
    with page.expect_response(lambda response: response.request.method == "POST" and "/rsvp/" in response.url):
        panel.get_by_role("button", name="Send your answer").click()
    expect(page.locator("#rsvp-panel .govuk-notification-banner")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True, (
        "The answer loaded a new page instead of swapping the panel"
    )
    assert page.url == url
    axe_check(page)


def test_a_member_rsvps_downloads_the_calendar_and_is_reminded_in_welsh(
    page, meeting_world, totp, celery_worker, smtp_sink, tmp_path
):
    talk, ada = meeting_world["talk"], meeting_world["ada"]

    # Anyone can see the meeting; the joining link stays hidden.
    visit(page, talk.get_absolute_url())
    assert ONLINE_LINK not in page.content()
    assert page.locator("#rsvp-panel").get_by_role("link", name="Sign in to say you’re going").is_visible()

    sign_in(page, email=ada.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(page, "/community/")
    screenshot(page, "community-home")
    follow(page, talk.title_en)
    assert path_of(page) == talk.get_absolute_url()
    assert ONLINE_LINK not in page.content()
    assert "Live captions" in page.locator("main").inner_text()
    screenshot(page, "community-meeting")

    # She says she is going, with her access needs, in Welsh: the panel changes in place.
    answer_in_place(page, going=True, access_needs="A break every 45 minutes, please.", welsh=True)
    panel = page.locator("#rsvp-panel")
    expect(panel.locator(".govuk-notification-banner")).to_contain_text("You’re going.")
    expect(panel.locator(".govuk-tag", has_text="You’re going")).to_be_visible()
    expect(panel.get_by_role("link", name=ONLINE_LINK)).to_be_visible()
    expect(panel).to_contain_text("29 places left")
    screenshot(page, "community-meeting-going")
    answer = RSVP.objects.get(meeting=talk, user=ada)
    assert (answer.status, answer.language, answer.access_needs) == (
        RSVPStatus.GOING,
        "cy",
        "A break every 45 minutes, please.",
    )

    # The page, loaded afresh, remembers the answer and shows the link.
    visit(page, talk.get_absolute_url())
    expect(panel.locator(".govuk-tag", has_text="You’re going")).to_be_visible()
    expect(panel.get_by_role("link", name=ONLINE_LINK)).to_be_visible()
    expect(panel.get_by_label("Welsh", exact=True)).to_be_checked()
    expect(panel.get_by_label("Access needs (optional)")).to_have_value("A break every 45 minutes, please.")

    # The calendar file: one event, the meeting's UID and SEQUENCE, its start, and the joining link.
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("link", name="Add to your calendar (.ics file)").click()
    assert download_info.value.suggested_filename == f"{talk.slug}.ics"
    ics_path = tmp_path / "meeting.ics"
    download_info.value.save_as(ics_path)
    calendar = icalendar.Calendar.from_ical(ics_path.read_bytes())
    [event] = calendar.walk("VEVENT")
    talk.refresh_from_db()
    assert str(event["UID"]) == talk.ical_uid
    assert int(event["SEQUENCE"]) == talk.sequence == 0
    assert event.decoded("DTSTART") == talk.starts_at
    assert event.decoded("DTEND") == talk.ends_at
    assert str(event["STATUS"]) == "CONFIRMED"
    assert ONLINE_LINK in str(event["DESCRIPTION"])

    # In Welsh.
    visit(page, "/cy/community/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert talk.title_cy in page.locator("main").inner_text()
    screenshot(page, "community-home-cy")
    visit(page, f"/cy{talk.get_absolute_url()}")
    assert page.locator("h1").inner_text().startswith(talk.title_cy)
    expect(page.locator("#rsvp-panel").get_by_role("link", name=ONLINE_LINK)).to_be_visible()
    screenshot(page, "community-meeting-cy")
    visit(page, "/cy/community/meetings/")

    # A day before, beat's sweep finds the reminder due; the real worker sends it, in Welsh.
    due = reminder_time(talk, 24 * 60) + datetime.timedelta(minutes=1)
    assert send_due_reminders(now=due) == 1
    message = wait_for_email(smtp_sink, ada.email)
    assert talk.title_cy in message["Subject"]
    with translation.override("cy"):
        welsh_day = date_format(timezone.localtime(talk.starts_at), "l j F Y")
    assert welsh_day in message["Subject"]
    assert timezone.localtime(talk.starts_at).strftime("%H:%M") in message["Subject"]
    body = text_of(message)
    assert f"/cy{talk.get_absolute_url()}" in body
    assert ONLINE_LINK in body
    assert unsubscribes_from(message) == (str(ada.pk), NotificationKind.MEETING_REMINDERS)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Asking again sends nothing more.
    assert send_due_reminders(now=due) == 0
    time.sleep(1)
    assert [m["To"] for m in smtp_sink.received()].count(ada.email) == 1


def test_a_member_joins_the_waiting_list_and_is_promoted_when_someone_drops_out(
    page, open_page, meeting_world, totp, celery_worker, smtp_sink
):
    clinic, ada, ben = meeting_world["clinic"], meeting_world["ada"], meeting_world["ben"]

    # Ada takes the only place.
    sign_in(page, email=ada.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(page, "/community/meetings/")
    screenshot(page, "community-meeting-list")
    follow(page, clinic.title_en)
    answer_in_place(page, going=True)
    expect(page.locator("#rsvp-panel .govuk-tag", has_text="Full")).to_be_visible()

    # Ben, at another computer, finds it full and joins the waiting list.
    other = open_page()
    sign_in(other, email=ben.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(other, clinic.get_absolute_url())
    expect(other.locator("#rsvp-panel .govuk-tag", has_text="Full")).to_be_visible()
    answer_in_place(other, going=True)
    panel = other.locator("#rsvp-panel")
    expect(panel.locator(".govuk-notification-banner")).to_contain_text("you’re on the waiting list")
    expect(panel.locator(".govuk-tag", has_text="You’re on the waiting list")).to_be_visible()
    expect(panel).to_contain_text("1 person on the waiting list")
    assert ONLINE_LINK not in other.content()
    screenshot(other, "community-meeting-waiting-list")
    assert RSVP.objects.get(meeting=clinic, user=ben).status == RSVPStatus.WAITLISTED

    # Ada can no longer go, and says so on the reply page.
    visit(page, f"{clinic.get_absolute_url()}rsvp/")
    screenshot(page, "community-rsvp-page")
    answer_in_place(page, going=False)
    expect(page.locator("#rsvp-panel .govuk-tag", has_text="You’re not going")).to_be_visible()
    assert ONLINE_LINK not in page.content()
    assert RSVP.objects.get(meeting=clinic, user=ada).status == RSVPStatus.NOT_GOING

    # Ben has her place: the page says so and shows him the link, and he is told by email.
    visit(other, clinic.get_absolute_url())
    expect(panel.locator(".govuk-tag", has_text="You’re going")).to_be_visible()
    expect(panel.get_by_role("link", name=ONLINE_LINK)).to_be_visible()
    screenshot(other, "community-meeting-promoted")
    clinic.refresh_from_db()
    assert (clinic.going_count, clinic.waitlist_count) == (1, 0)
    message = wait_for_email(smtp_sink, ben.email)
    assert "A place came up" in message["Subject"]
    assert clinic.title_en in message["Subject"]
    assert clinic.get_absolute_url() in text_of(message)
    assert unsubscribes_from(message) == (str(ben.pk), NotificationKind.MEETING_CHANGES)
    visit(other, f"/cy{clinic.get_absolute_url()}")
    screenshot(other, "community-meeting-promoted-cy")
    assert not [m for m in smtp_sink.received() if m["To"] == ada.email]
