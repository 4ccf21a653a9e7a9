"""Guidance, end to end in a real browser: an editor drafts a revision that answers pilot feedback,
a second editor approves and publishes it, readers find it in the history and the comparison (in
English and Welsh), a subscriber is emailed by the real worker, and a pilot member gives feedback
on a section. axe runs on every page on the way."""

import datetime
import time

import pytest

from guidance.models import GuidanceVersion, Pilot, PilotFeedback, ReviewStatus, TriageStatus
from guidance.services.subscriptions import subscribe
from participation.models import PlatformRole
from tests.browser.conftest import navigate, path_of, screenshot, sign_in, visit
from tests.guidance.factories import published_document
from tests.participation.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

pytestmark = pytest.mark.browser


def submit(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("button", name=label, exact=True).click())


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


def sign_out(page) -> None:
    navigate(page, lambda: page.get_by_role("link", name="Sign out").click())
    navigate(page, lambda: page.click("main form[action$='/accounts/logout/'] button[type=submit]"))


def wait_for_email(smtp_sink, to: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_sink.received():
            if message["To"] == to:
                return message
        time.sleep(0.25)
    raise AssertionError(f"No email to {to} within {timeout} s")


@pytest.fixture
def guidance_world(organisation, member, editor, outsider):
    writer = UserFactory(email="writer@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)
    reviewer = UserFactory(email="reviewer@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)
    document = published_document(organisation=organisation, editor=writer, reviewer=reviewer)
    pilot = Pilot.objects.create(
        version=document.current_version,
        organisation=organisation,
        contact_role="Head of data ethics",
        starts_on=datetime.date(2026, 9, 1),
        created_by=editor,
    )
    earlier = PilotFeedback.objects.create(
        pilot=pilot,
        version=pilot.version,
        section_anchor="planning-engagement",
        submitted_by=member,
        feedback_type="missing",
        text="Say who decides what is open to influence.",
        may_publish=True,
        status=TriageStatus.ACCEPTED,
    )
    subscribe(user=outsider, document=document)
    return {"writer": writer, "reviewer": reviewer, "document": document, "pilot": pilot, "earlier": earlier}


def test_a_revision_is_drafted_reviewed_published_compared_and_announced(
    page, guidance_world, outsider, totp, celery_worker, smtp_sink
):
    document, writer, reviewer = guidance_world["document"], guidance_world["writer"], guidance_world["reviewer"]

    # The writer drafts version 2.0 and links the pilot feedback it answers.
    sign_in(page, email=writer.email, password=TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET, clock=totp)
    visit(page, "/manage/guidance/")
    screenshot(page, "guidance-manage-dashboard")
    follow(page, document.title_en)
    submit(page, "Start a new draft")
    draft = GuidanceVersion.objects.get(document=document, status=ReviewStatus.DRAFT)
    assert path_of(page) == f"/manage/guidance/versions/{draft.pk}/"
    navigate(page, lambda: page.locator("main").get_by_role("link", name="Edit Planning engagement").click())
    page.fill("#id_body_en", "Decide which decisions are open to influence, who decides, and say so plainly.")
    submit(page, "Save section")
    follow(page, "Change the type of change, change note and feedback addressed")
    page.fill("#id_change_note_en", "Planning now says who decides what is open to influence.")
    page.locator("main").get_by_label("Something is missing: section #planning-engagement").check()
    submit(page, "Save")
    submit(page, "Submit for review")
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.IN_REVIEW
    assert page.locator("main").get_by_role("button", name="Approve", exact=True).count() == 0
    assert "another editor must approve it" in page.locator("main").inner_text()
    screenshot(page, "guidance-version-in-review")
    sign_out(page)

    # A second editor approves and publishes it.
    sign_in(page, email=reviewer.email, password=TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET, clock=totp)
    visit(page, f"/manage/guidance/versions/{draft.pk}/")
    submit(page, "Approve")
    follow(page, "Publish now or schedule")
    page.locator("main").get_by_label("Publish now", exact=True).check()
    submit(page, "Continue")
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.PUBLISHED
    assert draft.approved_by == reviewer

    # Readers see it live, in the history and in the comparison.
    visit(page, document.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "who decides, and say so plainly" in main
    assert "Say who decides what is open to influence." in main  # "changed because pilots said…"
    screenshot(page, "guidance-document")
    follow(page, "Page history")
    assert "Planning now says who decides what is open to influence." in page.locator("main").inner_text()
    screenshot(page, "guidance-history")
    visit(page, f"{document.get_absolute_url()}compare/?from=1.0&to=2.0")
    assert page.locator("main ins", has_text="who decides,").count() == 1
    screenshot(page, "guidance-compare")
    visit(page, f"/cy{document.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "cy"
    screenshot(page, "guidance-document-cy")
    visit(page, f"/cy{document.get_absolute_url()}history/")

    guidance_world["earlier"].refresh_from_db()
    assert guidance_world["earlier"].status == TriageStatus.ADDRESSED

    # The subscriber is emailed once by the real worker, with a one-click unsubscribe.
    message = wait_for_email(smtp_sink, outsider.email)
    assert document.title_en in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    time.sleep(1)
    assert [m["To"] for m in smtp_sink.received()].count(outsider.email) == 1


def test_a_pilot_member_gives_feedback_on_a_section(page, guidance_world, member, totp):
    pilot = guidance_world["pilot"]
    sign_in(page, email=member.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)

    visit(page, f"/guidance/pilots/{pilot.pk}/")
    screenshot(page, "guidance-pilot")
    navigate(page, lambda: page.click("main a[href$='?section=why-involve-the-public']"))
    submit(page, "Send feedback")
    assert page.title().startswith("Error:")
    page.locator("main").get_by_label("Unclear", exact=True).check()
    page.fill("#id_text", "Give an example of a decision that is open to influence.")
    page.locator("main").get_by_label("You may publish this feedback").check()
    submit(page, "Send feedback")

    feedback = PilotFeedback.objects.get(text__startswith="Give an example")
    assert feedback.section_anchor == "why-involve-the-public"
    assert feedback.submitted_by == member
    assert "Give an example of a decision" in page.locator("main").inner_text()

    visit(page, f"/cy/guidance/pilots/{pilot.pk}/")
    screenshot(page, "guidance-pilot-cy")
