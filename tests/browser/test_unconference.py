"""The unconference, end to end in a real browser, each person at their own browser: a member
proposes a session; two members vote with the htmx vote buttons up to their limit (a third vote is
refused, and says why); the organiser runs the scheduler, reads how good the schedule is, moves one
session with the keyboard alone (the no-JavaScript "Move" form) and publishes it; a member finds the
published schedule as a grid and as a list, adds two sessions to their agenda in place, and
downloads the agenda as an `.ics` file. axe runs on every page on the way, in English and Welsh."""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import AgendaItem, Proposal, ScheduledSession, Vote
from participation.models import PlatformRole
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
from tests.community.unconference_factories import ProposalFactory, RoomFactory, TimeSlotFactory, UnconferenceFactory
from tests.participation.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

ADA_TITLE = "Paying participants fairly"
ADA_DESCRIPTION = "How do you pay people for their time without affecting their benefits? Bring your examples."
CARA_TITLE = "Reaching people you seldom hear from"
DEV_TITLE = "Plain-English consent forms"


def submit(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("button", name=label, exact=True).click())


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


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
def unconference_world(db):
    unconference = UnconferenceFactory(
        slug="participation-unconference",
        title_en="Participation unconference",
        title_cy="Anghynhadledd cyfranogiad",
        description_en="A day of sessions proposed and chosen by members.",
        description_cy="Diwrnod o sesiynau y mae aelodau’n eu cynnig a’u dewis.",
        votes_per_member=2,
    )
    hall = RoomFactory(unconference=unconference, name="Main hall", capacity=40, position=0)
    library = RoomFactory(unconference=unconference, name="Library", capacity=20, position=1)
    loft = RoomFactory(
        unconference=unconference,
        name="Loft",
        capacity=12,
        position=2,
        is_step_free=False,
        accessibility_notes="Up two flights of stairs; no lift.",
    )

    def at(hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(unconference.date, datetime.time(hour)))

    slots = [
        TimeSlotFactory(
            unconference=unconference, starts_at=at(hour), ends_at=at(hour) + datetime.timedelta(minutes=50)
        )
        for hour in (10, 11, 13)
    ]
    organiser = UserFactory(
        email="organiser@example.gov.uk", display_name="Olu Organiser", roles=[PlatformRole.MEETING_ORGANISER]
    )
    ada = UserFactory(email="ada@example.gov.uk", display_name="Ada Pryce")
    ben = UserFactory(email="ben@example.gov.uk", display_name="Ben Okafor")
    cara = UserFactory(email="cara@example.gov.uk", display_name="Cara Jenkins")
    dev = UserFactory(email="dev@example.gov.uk", display_name="Dev Patel")
    cara_proposal = ProposalFactory(unconference=unconference, title=CARA_TITLE, facilitator=cara, format="workshop")
    dev_proposal = ProposalFactory(unconference=unconference, title=DEV_TITLE, facilitator=dev, format="talk")
    return {
        "unconference": unconference,
        "rooms": (hall, library, loft),
        "slots": slots,
        "organiser": organiser,
        "ada": ada,
        "ben": ben,
        "cara_proposal": cara_proposal,
        "dev_proposal": dev_proposal,
    }


def vote_in_place(page, title: str) -> None:
    """Press a proposal's vote button; htmx swaps its control (and the votes-left line) in place."""
    page.evaluate("window.stillTheSamePage = true")
    url = page.url
    with page.expect_response(lambda response: response.request.method == "POST" and "/vote/" in response.url):
        page.locator("main").get_by_role("button", name=f"Vote for {title}", exact=True).click()
    assert page.evaluate("window.stillTheSamePage") is True, "The vote loaded a new page instead of swapping in place"
    assert page.url == url


def test_members_propose_and_vote_the_organiser_schedules_and_a_member_plans_their_day(
    page, open_page, unconference_world, totp, tmp_path
):
    world = unconference_world
    unconference, ada, ben = world["unconference"], world["ada"], world["ben"]
    hall, library, loft = world["rooms"]
    cara_proposal, dev_proposal = world["cara_proposal"], world["dev_proposal"]
    detail_url = unconference.get_absolute_url()
    list_url = f"{detail_url}proposals/"

    # Ada proposes a session through the form.
    sign_in(page, email=ada.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(page, "/community/unconferences/")
    screenshot(page, "unconference-list")
    follow(page, unconference.title_en)
    assert path_of(page) == detail_url
    screenshot(page, "unconference-detail")
    follow(page, "Propose a session")
    submit(page, "Send the proposal")
    assert page.title().startswith("Error:")
    form = page.locator("main form[method=post]")
    form.get_by_label("Title", exact=True).fill(ADA_TITLE)
    form.get_by_label("Description", exact=True).fill(ADA_DESCRIPTION)
    form.get_by_label("Discussion", exact=True).check()
    form.get_by_label("A facilitator needs step-free access").check()
    screenshot(page, "unconference-propose")
    submit(page, "Send the proposal")
    proposal = Proposal.objects.get(unconference=unconference, title=ADA_TITLE)
    assert path_of(page) == proposal.get_absolute_url()
    assert (proposal.facilitator, proposal.format, proposal.needs_step_free) == (ada, "discussion", True)
    assert "Members can now see it and vote for it." in page.locator("main").inner_text()
    screenshot(page, "unconference-proposal")

    # She votes for two sessions on the proposals list; each vote swaps in place.
    visit(page, list_url)
    expect(page.locator("#votes-left")).to_have_text("2 of 2 votes left")
    vote_in_place(page, CARA_TITLE)
    expect(page.locator(f"#vote-{cara_proposal.pk}")).to_contain_text("You voted for this")
    expect(page.locator(f"#vote-{cara_proposal.pk}")).to_contain_text("1 vote")
    expect(page.locator("#votes-left")).to_have_text("1 of 2 votes left")
    axe_check(page)
    vote_in_place(page, DEV_TITLE)
    expect(page.locator("#votes-left")).to_have_text("0 of 2 votes left")
    expect(page.locator(f"#vote-{dev_proposal.pk}")).to_contain_text("You voted for this")
    # A third vote, from the button still on the page, is refused and says why.
    vote_in_place(page, ADA_TITLE)
    own = page.locator(f"#vote-{proposal.pk}")
    expect(own.locator(".govuk-error-message")).to_contain_text(
        "You have used all 2 of your votes. Remove a vote to vote for this proposal."
    )
    expect(own).to_contain_text("0 votes")
    expect(page.locator("#votes-left")).to_have_text("0 of 2 votes left")
    axe_check(page)
    screenshot(page, "unconference-proposals-voted")
    assert set(Vote.objects.filter(user=ada).values_list("proposal__title", flat=True)) == {CARA_TITLE, DEV_TITLE}
    # Loaded afresh, the page offers no more votes.
    visit(page, list_url)
    expect(page.locator(f"#vote-{proposal.pk}")).to_contain_text("You have used all your votes.")
    expect(page.locator("main").get_by_role("button", name=f"Vote for {ADA_TITLE}")).to_have_count(0)

    # Ben, at another computer, votes for Ada's session and Cara's.
    ben_page = open_page()
    sign_in(ben_page, email=ben.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(ben_page, list_url)
    vote_in_place(ben_page, ADA_TITLE)
    vote_in_place(ben_page, CARA_TITLE)
    expect(ben_page.locator("#votes-left")).to_have_text("0 of 2 votes left")
    expect(ben_page.locator(f"#vote-{cara_proposal.pk}")).to_contain_text("2 votes")
    axe_check(ben_page)
    assert Vote.objects.filter(unconference=unconference).count() == 4
    proposal.refresh_from_db()
    assert proposal.vote_count == 1

    # The organiser runs the scheduler and reads how good the schedule is.
    organiser_page = open_page()
    organiser = world["organiser"]
    sign_in(organiser_page, email=organiser.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(organiser_page, detail_url)
    follow(organiser_page, "Build and publish the schedule")
    manage_url = path_of(organiser_page)
    assert manage_url == f"{detail_url}schedule/manage/"
    expect(organiser_page.locator("#schedule-quality")).to_contain_text("3 not scheduled.")
    screenshot(organiser_page, "unconference-manage-empty")
    submit(organiser_page, "Run the scheduler")
    assert path_of(organiser_page) == manage_url
    expect(organiser_page.locator(".govuk-notification-banner")).to_contain_text("The scheduler placed 3 sessions.")
    quality = organiser_page.locator("#schedule-quality")
    expect(quality).to_contain_text("Serves 4 of 4 votes.")
    expect(quality).to_contain_text("0 sessions over room capacity.")
    expect(quality).to_contain_text("0 not scheduled.")
    # Ada voted for Cara's session and Dev's, Ben for Ada's and Cara's: each pair is kept apart.
    expect(quality).to_contain_text("2 members’ clashes avoided, 0 remain")
    screenshot(organiser_page, "unconference-manage")
    sessions = {s.proposal.title: s for s in ScheduledSession.objects.select_related("proposal", "room", "slot")}
    assert set(sessions) == {ADA_TITLE, CARA_TITLE, DEV_TITLE}
    assert sessions[ADA_TITLE].room.is_step_free
    assert sessions[ADA_TITLE].slot_id != sessions[CARA_TITLE].slot_id
    # The most-wanted session has the biggest room.
    assert sessions[CARA_TITLE].room == hall

    # She moves Dev's session to the Loft at the last time, with the keyboard alone.
    moving = sessions[DEV_TITLE]
    last_slot = world["slots"][-1]
    target_free = not ScheduledSession.objects.filter(room=loft, slot=last_slot).exists()
    assert target_free, "The scheduler filled the Loft at the last time; the test expects it empty"
    summary = organiser_page.locator("summary", has_text=f"Move or lock “{DEV_TITLE}”")
    summary.focus()
    organiser_page.keyboard.press("Enter")
    room_select = organiser_page.locator(f"#id_move-{moving.pk}-room")
    slot_select = organiser_page.locator(f"#id_move-{moving.pk}-slot")
    expect(room_select).to_be_visible()
    organiser_page.keyboard.press("Tab")
    expect(room_select).to_be_focused()
    organiser_page.keyboard.type("Loft")
    expect(room_select).to_have_value(str(loft.pk))
    organiser_page.keyboard.press("Tab")
    expect(slot_select).to_be_focused()
    organiser_page.keyboard.press("End")
    expect(slot_select).to_have_value(str(last_slot.pk))
    organiser_page.keyboard.press("Tab")
    move_button = summary.locator("xpath=..").get_by_role("button", name="Move", exact=True)
    expect(move_button).to_be_focused()
    screenshot(organiser_page, "unconference-manage-moving")
    navigate(organiser_page, lambda: organiser_page.keyboard.press("Enter"))
    assert path_of(organiser_page) == manage_url
    expect(organiser_page.locator(".govuk-notification-banner")).to_contain_text(
        f"“{DEV_TITLE}” moved to Loft and locked there."
    )
    moving.refresh_from_db()
    assert (moving.room, moving.slot, moving.is_locked) == (loft, last_slot, True)
    # The card in its new place says it is locked.
    expect(organiser_page.locator(f"td[data-drop-room='{loft.pk}'][data-drop-slot='{last_slot.pk}']")).to_contain_text(
        "Locked"
    )

    # The members cannot see the schedule until it is published.
    visit(ben_page, f"{detail_url}schedule/")
    assert "The schedule has not been published yet." in ben_page.locator("main").inner_text()

    # She publishes it, from the confirmation page.
    follow(organiser_page, "Publish the schedule")
    assert path_of(organiser_page) == f"{detail_url}schedule/publish/"
    expect(organiser_page.locator("h1")).to_have_text("Publish the schedule?")
    screenshot(organiser_page, "unconference-publish")
    submit(organiser_page, "Publish the schedule")
    assert path_of(organiser_page) == f"{detail_url}schedule/"
    expect(organiser_page.locator(".govuk-notification-banner")).to_contain_text(
        "Version 1 of the schedule is published."
    )
    unconference.refresh_from_db()
    assert unconference.schedule_version == 1

    # Ben finds the published schedule, as a grid and as a list.
    visit(ben_page, detail_url)
    follow(ben_page, "The schedule")
    schedule_url = f"{detail_url}schedule/"
    assert path_of(ben_page) == schedule_url
    grid = ben_page.locator("main table.app-schedule")
    expect(grid.locator("thead th")).to_contain_text(["Main hall", "Library", "Loft"])
    expect(grid.locator("thead th").nth(2)).to_contain_text("Not step-free")
    for title in (ADA_TITLE, CARA_TITLE, DEV_TITLE):
        expect(grid.get_by_role("link", name=title, exact=True)).to_be_visible()
    screenshot(ben_page, "unconference-schedule-grid")
    follow(ben_page, "List")
    assert path_of(ben_page) == f"{schedule_url}?view=list"
    expect(ben_page.locator("main h2").first).to_contain_text("10:00–10:50")
    screenshot(ben_page, "unconference-schedule-list")

    # He adds two sessions to his agenda; each toggle swaps in place.
    for title, chosen in ((ADA_TITLE, proposal), (DEV_TITLE, dev_proposal)):
        ben_page.evaluate("window.stillTheSamePage = true")
        with ben_page.expect_response(
            lambda response: response.request.method == "POST" and "/agenda/" in response.url
        ):
            ben_page.locator("main").get_by_role(
                "button", name=re.compile(rf"^Add to my agenda\W+“{re.escape(title)}”$")
            ).click()
        toggle = ben_page.locator(f"#agenda-{chosen.pk}")
        expect(toggle.locator(".govuk-tag")).to_have_text("On your agenda")
        expect(toggle.get_by_role("button", name=f"Remove “{title}” from my agenda")).to_be_visible()
        assert ben_page.evaluate("window.stillTheSamePage") is True, "The agenda toggle loaded a new page"
    axe_check(ben_page)
    screenshot(ben_page, "unconference-schedule-list-agenda")
    assert set(AgendaItem.objects.filter(user=ben).values_list("proposal__title", flat=True)) == {
        ADA_TITLE,
        DEV_TITLE,
    }
    # The grid, loaded afresh, remembers.
    visit(ben_page, schedule_url)
    expect(ben_page.locator(f"#agenda-{dev_proposal.pk} .govuk-tag")).to_have_text("On your agenda")
    expect(ben_page.locator(f"#agenda-{cara_proposal.pk}").get_by_role("button")).to_contain_text("Add to my agenda")

    # His agenda, and its calendar file: two events, one per session, at the published version.
    follow(ben_page, "Your agenda")
    assert path_of(ben_page) == f"{detail_url}agenda/"
    agenda = ben_page.locator("main .govuk-summary-list")
    expect(agenda.locator(".govuk-summary-list__row")).to_have_count(2)
    expect(agenda).to_contain_text(ADA_TITLE)
    expect(agenda).to_contain_text(DEV_TITLE)
    expect(agenda).to_contain_text("Loft")
    screenshot(ben_page, "unconference-my-agenda")
    with ben_page.expect_download() as download_info:
        ben_page.locator("main").get_by_role("link", name="Add your agenda to your calendar (.ics file)").click()
    assert download_info.value.suggested_filename == f"{unconference.slug}-agenda.ics"
    ics_path = tmp_path / "agenda.ics"
    download_info.value.save_as(ics_path)
    calendar = icalendar.Calendar.from_ical(ics_path.read_bytes())
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {ADA_TITLE, DEV_TITLE}
    placed = {s.proposal_id: s for s in ScheduledSession.objects.select_related("room", "slot")}
    for chosen in (proposal, dev_proposal):
        event = events[chosen.title]
        assert str(event["UID"]) == f"unconference-session-{chosen.pk}@participation"
        assert int(event["SEQUENCE"]) == unconference.schedule_version == 1
        assert event.decoded("DTSTART") == placed[chosen.pk].slot.starts_at
        assert event.decoded("DTEND") == placed[chosen.pk].slot.ends_at
        assert str(event["LOCATION"]) == placed[chosen.pk].room.name
        assert chosen.get_absolute_url() in str(event["URL"])
    assert str(events[DEV_TITLE]["LOCATION"]) == "Loft"

    # In Welsh.
    visit(ben_page, f"/cy{detail_url}")
    assert ben_page.locator("html").get_attribute("lang") == "cy"
    assert ben_page.locator("h1").inner_text() == unconference.title_cy
    screenshot(ben_page, "unconference-detail-cy")
    visit(ben_page, f"/cy{list_url}")
    screenshot(ben_page, "unconference-proposals-cy")
    visit(ben_page, f"/cy{proposal.get_absolute_url()}")
    visit(ben_page, f"/cy{schedule_url}")
    expect(ben_page.locator(f"#agenda-{proposal.pk} .govuk-tag")).to_be_visible()
    screenshot(ben_page, "unconference-schedule-grid-cy")
    visit(ben_page, f"/cy{schedule_url}?view=list")
    screenshot(ben_page, "unconference-schedule-list-cy")
    visit(ben_page, f"/cy{detail_url}agenda/")
    screenshot(ben_page, "unconference-my-agenda-cy")
    visit(page, f"/cy{detail_url}proposals/new/")
    visit(organiser_page, f"/cy{manage_url}")
    screenshot(organiser_page, "unconference-manage-cy")
    visit(organiser_page, f"/cy{detail_url}schedule/publish/")
    visit(organiser_page, f"/cy{detail_url}schedule/run/")


def test_the_drag_and_drop_script_loads_cleanly_and_a_refused_move_explains_itself(page, unconference_world, totp):
    """The manage page loads its module (the page fixture fails on any script error or CSP refusal),
    and a move the rules forbid, made from the keyboard, shows why on the move page."""
    world = unconference_world
    unconference, organiser = world["unconference"], world["organiser"]
    hall, library, loft = world["rooms"]
    needs_steps = ProposalFactory(
        unconference=unconference, title=ADA_TITLE, facilitator=world["ada"], needs_step_free=True
    )
    session = ScheduledSession.objects.create(
        unconference=unconference, proposal=needs_steps, room=hall, slot=world["slots"][0]
    )
    sign_in(page, email=organiser.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    with page.expect_response(lambda response: "/js/schedule" in response.url) as script:
        visit(page, f"{unconference.get_absolute_url()}schedule/manage/")
    assert script.value.ok
    assert page.locator("[data-schedule-grid] [draggable=true]").count() == 1

    summary = page.locator("summary", has_text=f"Move or lock “{ADA_TITLE}”")
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Loft")
    expect(page.locator(f"#id_move-{session.pk}-room")).to_have_value(str(loft.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    navigate(page, lambda: page.keyboard.press("Enter"), status=400)
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"“{ADA_TITLE}” needs a step-free room, and Loft is not step-free."
    )
    screenshot(page, "unconference-move-refused")
    session.refresh_from_db()
    assert (session.room, session.is_locked) == (hall, False)
