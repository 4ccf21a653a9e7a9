"""A Design Lab, end to end in a real browser, each person at their own browser: a facilitator (with
two-factor authentication) creates a lab, adds two sessions and an information sheet, and invites a
participant by email; the participant accepts, gives consent and says what access she needs;
outputs are captured in place (htmx), themed, made public and dot-voted up to the limit; the
facilitator takes attendance on a phone; the write-up is published, an anonymous visitor reads it,
and the real worker renders its PDF, read back with pypdf. axe runs on every page, in English and
Welsh, and no one else's personal data shows on the participant's pages."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from designlabs.models import Attendance, Dot, Lab, Output, Participant, ParticipantStatus, Theme
from participation.models import EmailDelivery, PlatformRole, Report
from tests.browser.conftest import axe_check, navigate, path_of, screenshot, sign_in, visit
from tests.browser.test_unconference import open_page  # noqa: F401 - a fixture: another person's browser
from tests.designlabs.factories import ParticipantFactory
from tests.participation.factories import TEST_PASSWORD, TEST_TOTP_SECRET, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

LAB_TITLE = "AI tools in schools"
VENUE = "Sanctuary Buildings, 20 Great Smith Street, London"
ONLINE_LINK = "https://meet.example.org/ai-tools-lab"
IDEA = "Tell parents whenever an AI tool has suggested a mark."
RECOMMENDATION = "Pupils should be able to ask a teacher to check any AI-suggested mark."
QUESTION = "Who is accountable when an AI tool gets a mark wrong?"
ACCESS_NEEDS = "A hearing loop, and a break every hour."
# Someone else in the lab: none of this may show on the participant's pages, nor in public.
OTHER = {"name": "Olwen Hughes", "email": "olwen.hughes@example.org", "access_needs": "A BSL interpreter throughout"}
OTHER_DIETARY = "Olwen: no nuts"


def submit(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("button", name=label, exact=True).click())


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


def in_lab_nav(page, label: str) -> None:
    navigate(page, lambda: page.locator("nav.app-lab-nav").get_by_role("link", name=label, exact=True).click())


def in_place(page, action, url_part: str) -> None:
    """Do something htmx answers with a fragment; the page must not reload."""
    page.evaluate("window.stillTheSamePage = true")
    url = page.url
    with page.expect_response(lambda response: response.request.method == "POST" and url_part in response.url):
        action()
    page.wait_for_load_state("load")
    assert page.evaluate("window.stillTheSamePage") is True, f"{url_part} loaded a new page instead of swapping"
    assert page.url == url


def main_text(page) -> str:
    return page.locator("main").inner_text()


def assert_no_one_elses_data(page) -> None:
    html = page.content()
    for value in (*OTHER.values(), OTHER_DIETARY):
        assert value not in html, f"{value!r} (another participant's personal data) is on {page.url}"


@pytest.fixture
def lab_people(db):
    department = OrganisationFactory(slug="dfe", name_en="Department for Education", name_cy="Yr Adran Addysg")
    partner = OrganisationFactory(slug="ofqual", name_en="Ofqual", name_cy="Ofqual")
    facilitator = UserFactory(
        email="fran.facilitator@example.gov.uk",
        display_name="Fran Facilitator",
        mfa=True,
        roles=[PlatformRole.LAB_FACILITATOR],
    )
    participant = UserFactory(email="priya.shah@example.org", display_name="Priya Shah")
    other = UserFactory(email=OTHER["email"], display_name=OTHER["name"])
    return {
        "department": department,
        "partner": partner,
        "facilitator": facilitator,
        "participant": participant,
        "other": other,
    }


def create_lab(fac, people) -> Lab:
    visit(fac, "/labs/yours/")
    follow(fac, "Create a lab")
    screenshot(fac, "labs-create-form")
    submit(fac, "Create lab")
    assert fac.title().startswith("Error:")
    form = fac.locator("main form[method=post]")
    fac.fill("#id_title_en", LAB_TITLE)
    fac.fill("#id_title_cy", "Offer AI mewn ysgolion")
    fac.fill("#id_brief_en", "How should schools choose and use AI tools? Bring **teachers, parents and pupils**.")
    fac.fill("#id_policy_question_en", "What should guidance on AI tools in schools say about involving pupils?")
    fac.fill("#id_public_description_en", "A Design Lab with the Department for Education on AI tools in schools.")
    fac.select_option("#id_department", label=people["department"].name_en)
    form.get_by_label("Ofqual", exact=True).check()
    form.get_by_label("Guidance", exact=True).check()
    form.get_by_label("Running", exact=True).check()
    fac.fill("#id_sectors_represented", "Schools, parents’ groups and exam regulators")
    retention = timezone.localdate() + datetime.timedelta(days=365)
    fac.fill("#id_retention_date_0", str(retention.day))
    fac.fill("#id_retention_date_1", str(retention.month))
    fac.fill("#id_retention_date_2", str(retention.year))
    submit(fac, "Create lab")
    lab = Lab.objects.get(title_en=LAB_TITLE)
    assert path_of(fac) == f"/labs/{lab.slug}/edit/"
    assert lab.department == people["department"]
    assert list(lab.partners.all()) == [people["partner"]]
    assert list(lab.facilitators.all()) == [people["facilitator"]]
    assert (lab.intended_output, lab.status, lab.retention_date) == ("guidance", "running", retention)
    return lab


def add_session(fac, *, title: str, day: datetime.date, mode: str, venue: str = "", link: str = "") -> None:
    follow(fac, "Add a session")
    form = fac.locator("main form[method=post]")
    fac.fill("#id_title_en", title)
    fac.fill("#id_date_0", str(day.day))
    fac.fill("#id_date_1", str(day.month))
    fac.fill("#id_date_2", str(day.year))
    fac.fill("#id_start_time", "10:00")
    fac.fill("#id_end_time", "13:00")
    form.get_by_label(mode, exact=True).check()
    if venue:
        fac.fill("#id_venue", venue)
    if link:
        fac.fill("#id_online_link", link)
    fac.fill("#id_agenda_en", "1. Welcome\n2. What worries you about AI marking?\n3. Dot-voting")
    fac.fill("#id_access_provision", "Step-free access, a hearing loop and live captions.")
    screenshot(fac, f"labs-session-form-{mode.lower().replace(' ', '-')}")
    submit(fac, "Add session")
    expect(fac.locator(".govuk-notification-banner")).to_contain_text("Session added")


@pytest.mark.worker
def test_a_lab_is_run_end_to_end_and_its_write_up_published(page, open_page, lab_people, totp, celery_worker, tmp_path):  # noqa: F811
    people = lab_people
    fac, priya = page, people["participant"]

    # 1. The facilitator signs in with her authenticator app and sets the lab up.
    sign_in(fac, email=people["facilitator"].email, password=TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET, clock=totp)
    lab = create_lab(fac, people)
    screenshot(fac, "labs-settings-new")
    first_day = timezone.localdate() + datetime.timedelta(days=7)
    add_session(fac, title="Session 1: what worries you", day=first_day, mode="Hybrid", venue=VENUE, link=ONLINE_LINK)
    add_session(
        fac,
        title="Session 2: what good looks like",
        day=first_day + datetime.timedelta(days=7),
        mode="Online",
        link=ONLINE_LINK,
    )
    first, second = lab.sessions.order_by("starts_at")
    assert (first.mode, first.venue, first.online_link) == ("hybrid", VENUE, ONLINE_LINK)
    assert second.mode == "online"
    follow(fac, "Add a new version")
    fac.fill("#id_version", "1.0")
    fac.fill(
        "#id_body_en",
        "## What taking part means\n\nYou can withdraw at any time. We delete your details on the retention date.",
    )
    submit(fac, "Add information sheet")
    sheet = lab.information_sheets.get()
    assert sheet.version == "1.0"
    screenshot(fac, "labs-settings")

    # Someone else already takes part (set up directly): her details must stay with the facilitators.
    ParticipantFactory(lab=lab, user=people["other"], **OTHER, dietary_notes=OTHER_DIETARY, role="lived_experience")

    in_lab_nav(fac, "Participants")
    follow(fac, "Invite someone")
    fac.fill("#id_email", priya.email)
    fac.fill("#id_name", "Priya Shah")
    fac.locator("main form[method=post]").get_by_label("Public participant", exact=True).check()
    screenshot(fac, "labs-invite")
    submit(fac, "Send invitation")
    assert path_of(fac) == f"/labs/{lab.slug}/participants/"
    invitation = Participant.objects.get(lab=lab, email=priya.email)
    assert invitation.status == ParticipantStatus.INVITED
    email = EmailDelivery.objects.get(kind="design_lab_invitation", to_email=priya.email)
    invitation_path = email.context["path"]
    assert invitation_path.startswith("/labs/invitations/")
    assert email.context["lab_title_en"] == LAB_TITLE

    # 2. The participant follows the link from the email, signs in, accepts and gives consent.
    part = open_page()
    visit(part, invitation_path)
    assert path_of(part).startswith("/accounts/login/"), part.url
    part.fill("#id_login", priya.email)
    part.fill("#id_password", TEST_PASSWORD)
    navigate(part, lambda: part.click("main form[action$='/accounts/login/'] button[type=submit]"))
    assert path_of(part) == invitation_path
    expect(part.locator("h1")).to_have_text(f"You are invited to {LAB_TITLE}")
    assert_no_one_elses_data(part)
    screenshot(part, "labs-invitation")
    submit(part, "Accept the invitation")
    assert path_of(part) == f"/labs/{lab.slug}/my-details/"
    expect(part.locator("h1")).to_have_text("Your details")
    screenshot(part, "labs-my-details-new")
    assert "You can withdraw at any time." in main_text(part)
    submit(part, "Confirm")
    assert part.title().startswith("Error:")
    part.locator("main").get_by_label("I have read the information sheet and agree to take part").check()
    submit(part, "Confirm")
    expect(part.locator("main")).to_contain_text("Consent given")
    part.fill("#id_details-access_needs", ACCESS_NEEDS)
    submit(part, "Save your details")
    expect(part.locator(".govuk-notification-banner")).to_contain_text("Your details have been saved")
    assert part.locator("#id_details-access_needs").input_value() == ACCESS_NEEDS
    assert_no_one_elses_data(part)
    screenshot(part, "labs-my-details")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.user, invitation.access_needs) == ("accepted", priya, ACCESS_NEEDS)
    assert invitation.consents.get().sheet == sheet

    # The facilitator's list shows her consent and that she has access needs.
    visit(fac, f"/labs/{lab.slug}/participants/")
    row = fac.locator("main tbody tr", has_text="Priya Shah")
    expect(row.locator("td").nth(3)).to_have_text("Given")
    expect(row.locator("td").nth(4)).to_have_text("Yes")
    expect(fac.locator("main tbody tr", has_text=OTHER["name"])).to_have_count(1)
    screenshot(fac, "labs-participant-list")

    # 3. Outputs: she captures two in the first session, in place.
    visit(part, f"/labs/{lab.slug}/workspace/")
    assert VENUE in main_text(part) and ONLINE_LINK in main_text(part)
    assert_no_one_elses_data(part)
    screenshot(part, "labs-workspace")
    follow(part, "Session 1: what worries you")
    assert path_of(part) == f"/labs/{lab.slug}/sessions/{first.pk}/"
    assert_no_one_elses_data(part)
    capture = part.locator("#capture")
    for kind, text in (("Idea", IDEA), ("Recommendation", RECOMMENDATION)):
        capture.get_by_label(kind, exact=True).check()
        part.fill("#id_text", text)
        in_place(part, lambda: capture.get_by_role("button", name="Add output").click(), "/outputs/add/")
        expect(part.locator("#session-outputs > li").first).to_contain_text(text)
        expect(part.locator("#capture-status")).to_have_text("Output added.")
        expect(part.locator("#id_text")).to_have_value("")
    expect(part.locator("#session-outputs > li")).to_have_count(2)
    axe_check(part)
    screenshot(part, "labs-session-captured")
    idea, recommendation = Output.objects.get(text=IDEA), Output.objects.get(text=RECOMMENDATION)
    assert (idea.kind, idea.author, recommendation.kind) == ("idea", priya, "recommendation")

    # The facilitator captures one, and groups and publishes outputs.
    visit(fac, f"/labs/{lab.slug}/sessions/{first.pk}/")
    fac.locator("#capture").get_by_label("Question", exact=True).check()
    fac.fill("#id_text", QUESTION)
    in_place(fac, lambda: fac.locator("#capture").get_by_role("button", name="Add output").click(), "/outputs/add/")
    expect(fac.locator("#session-outputs > li").first).to_contain_text(QUESTION)
    question = Output.objects.get(text=QUESTION)
    in_lab_nav(fac, "Themes")
    fac.fill("#id_title", "Being open with parents")
    submit(fac, "Add theme")
    theme = Theme.objects.get(lab=lab)
    in_lab_nav(fac, "Outputs")
    fac.select_option(f"#theme-select-{idea.pk}", label=theme.title)
    in_place(fac, lambda: fac.locator(f"#theme-{idea.pk}").get_by_role("button", name="Move").click(), "/edit/")
    expect(fac.locator(f"#theme-{idea.pk}")).to_contain_text(f"Moved to {theme.title}")
    idea.refresh_from_db()
    assert idea.theme == theme
    for output in (idea, question):
        visit(fac, f"/labs/{lab.slug}/outputs/")
        navigate(
            fac, lambda output=output: fac.locator(f"#output-{output.pk}").get_by_role("link", name="Edit").click()
        )
        fac.check("#id_is_public")
        submit(fac, "Save changes")
    assert set(Output.objects.filter(is_public=True).values_list("text", flat=True)) == {IDEA, QUESTION}
    screenshot(fac, "labs-board-facilitator")

    # 4. Dot-voting: the facilitator gives everyone three dots and opens voting.
    in_lab_nav(fac, "Settings")
    fac.fill("#id_dots_per_participant", "3")
    fac.check("#id_voting_open")
    submit(fac, "Save details")
    lab.refresh_from_db()
    assert (lab.dots_per_participant, lab.voting_open) == (3, True)

    visit(part, f"/labs/{lab.slug}/outputs/")
    dots_left = part.locator("#dots-left")
    expect(dots_left).to_have_text("3 of 3 dots left")
    assert_no_one_elses_data(part)

    def add_dot(output):
        control = part.locator(f"#dots-{output.pk}")
        in_place(part, lambda: control.get_by_role("button", name="Add a dot").click(), "/dot/")

    add_dot(idea)
    expect(dots_left).to_have_text("2 of 3 dots left")
    expect(part.locator(f"#dots-{idea.pk}")).to_contain_text("1 dot")
    add_dot(idea)
    expect(dots_left).to_have_text("1 of 3 dots left")
    expect(part.locator(f"#dots-{idea.pk}")).to_contain_text("2 dots")
    add_dot(recommendation)
    expect(dots_left).to_have_text("0 of 3 dots left")
    axe_check(part)
    # A fourth dot, from the button still on the page, is refused and says why.
    add_dot(question)
    refused = part.locator(f"#dots-{question.pk}")
    expect(refused.locator(".govuk-error-message")).to_contain_text(
        "You have used all 3 of your dots. Remove a dot to add one here."
    )
    expect(refused).to_contain_text("0 dots")
    expect(dots_left).to_have_text("0 of 3 dots left")
    axe_check(part)
    screenshot(part, "labs-board-dots-used")
    assert Dot.objects.filter(lab=lab, user=priya).count() == 3

    in_lab_nav(part, "Priorities")
    expect(part.locator("main svg.app-chart")).to_have_count(1)
    rows = part.locator("main table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(IDEA)
    expect(rows.nth(0).locator("td").last).to_have_text("2")
    expect(rows.nth(1)).to_contain_text(RECOMMENDATION)
    expect(rows.nth(1).locator("td").last).to_have_text("1")
    expect(rows.nth(2)).to_contain_text(QUESTION)
    expect(rows.nth(2).locator("td").last).to_have_text("0")
    assert_no_one_elses_data(part)
    screenshot(part, "labs-priorities")

    # 5. On the day, the facilitator takes attendance on her phone.
    fac.set_viewport_size({"width": 390, "height": 844})
    visit(fac, f"/labs/{lab.slug}/sessions/{first.pk}/attendance/")
    count = fac.locator("#attendance-count")
    expect(count).to_have_text("0 of 2 present")
    screenshot(fac, "labs-attendance-phone")
    button = fac.locator(f"#person-{invitation.pk} button")
    in_place(fac, lambda: button.click(), "/attendance/")
    expect(count).to_have_text("1 of 2 present")
    expect(fac.locator(f"#person-{invitation.pk} button")).to_have_attribute("aria-pressed", "true")
    axe_check(fac)
    screenshot(fac, "labs-attendance-phone-marked")
    assert Attendance.objects.get(session=first, participant=invitation).present
    fac.set_viewport_size({"width": 1280, "height": 900})

    # 6. The write-up: written, published and read by anyone.
    visit(fac, f"/labs/{lab.slug}/write-up/")
    fac.fill("#id_summary_en", "Twelve people met twice to say what schools should tell parents about AI marking.")
    fac.fill("#id_next_steps_en", "The department will publish draft guidance in the spring.")
    submit(fac, "Save the write-up")
    submit(fac, "Publish the write-up")
    lab.refresh_from_db()
    assert lab.is_write_up_published
    screenshot(fac, "labs-write-up")

    visitor = open_page()
    visit(visitor, f"/labs/{lab.slug}/")
    public = main_text(visitor)
    html = visitor.content()
    assert "Twelve people met twice" in public
    assert "The department will publish draft guidance in the spring." in public
    assert IDEA in public and QUESTION in public
    assert RECOMMENDATION not in html
    for private in ("Priya Shah", priya.email, ACCESS_NEEDS, VENUE, ONLINE_LINK, *OTHER.values(), OTHER_DIETARY):
        assert private not in html, f"{private!r} is on the public page"
    screenshot(visitor, "labs-public-page")

    # The write-up as a PDF, rendered by the real worker.
    visit(fac, f"/labs/{lab.slug}/")
    submit(fac, "Download the write-up (PDF)")
    report = Report.objects.get(requested_by=people["facilitator"], kind="design_lab_write_up")
    assert path_of(fac) == f"/reports/{report.pk}/"
    download_link = fac.locator(f"#report-status a[href='/reports/{report.pk}/download/']")
    download_link.wait_for(state="visible", timeout=90_000)
    axe_check(fac)
    screenshot(fac, "labs-report-ready")
    with fac.expect_download() as download_info:
        download_link.click()
    pdf_path = tmp_path / "write-up.pdf"
    download_info.value.save_as(pdf_path)
    text = " ".join(" ".join(pdf_page.extract_text() for pdf_page in PdfReader(pdf_path).pages).split())
    assert LAB_TITLE in text
    assert IDEA in text
    for private in (RECOMMENDATION, "Priya Shah", priya.email, ACCESS_NEEDS, VENUE, ONLINE_LINK, OTHER["name"]):
        assert private not in text, f"{private!r} is in the PDF"

    # 7. In Welsh: the public page, the workspace, the board and the priorities.
    for path, name in (
        (f"/cy/labs/{lab.slug}/", "labs-public-page-cy"),
        (f"/cy/labs/{lab.slug}/workspace/", "labs-workspace-cy"),
        (f"/cy/labs/{lab.slug}/outputs/", "labs-board-cy"),
        (f"/cy/labs/{lab.slug}/priorities/", "labs-priorities-cy"),
    ):
        visit(part, path)
        assert part.locator("html").get_attribute("lang") == "cy"
        assert_no_one_elses_data(part)
        screenshot(part, name)
    visit(part, f"/cy/labs/{lab.slug}/sessions/{first.pk}/")
    visit(part, f"/cy/labs/{lab.slug}/my-details/")
