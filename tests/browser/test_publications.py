"""Publications, end to end in a real browser: a guidance editor writes a bilingual blog post and
sends it for review, a second editor approves and publishes it, and an anonymous reader finds it
with the search box and reads it in English and Welsh. Then the demo data's publications, a case
study, a consultation response and the events page, in both languages. axe runs on every page."""

import io

import pytest
from django.core.management import call_command

from guidance import demo
from guidance.models import OutreachEvent, Publication, PublicationKind, ReviewStatus
from participation.models import PlatformRole
from tests.browser.conftest import navigate, path_of, screenshot, sign_in, visit
from tests.participation.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory

pytestmark = pytest.mark.browser

TITLE_EN = "What the Llandudno data panel taught us"
TITLE_CY = "Yr hyn a ddysgodd panel data Llandudno i ni"
BODY_EN = "## Ask early\n\nThe panel in Llandudno asked to see **who uses their data** before anything was shared."
BODY_CY = "## Gofynnwch yn gynnar\n\nGofynnodd y panel yn Llandudno am weld **pwy sy'n defnyddio eu data** cyn rhannu."


def submit(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("button", name=label, exact=True).click())


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


def sign_out(page) -> None:
    navigate(page, lambda: page.get_by_role("link", name="Sign out").click())
    navigate(page, lambda: page.click("main form[action$='/accounts/logout/'] button[type=submit]"))


@pytest.fixture
def editors(db):
    writer = UserFactory(email="writer@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)
    reviewer = UserFactory(email="reviewer@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)
    return writer, reviewer


def test_a_blog_post_is_written_reviewed_published_and_found_by_search_in_english_and_welsh(page, editors, totp):
    writer, reviewer = editors

    # A guidance editor writes a blog post in English and Welsh and sends it for review.
    sign_in(page, email=writer.email, password=TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET, clock=totp)
    visit(page, "/manage/guidance/publications/")
    follow(page, "Write a publication")
    page.locator("main").get_by_label("Blog post", exact=True).check()
    submit(page, "Continue")
    assert path_of(page) == "/manage/guidance/publications/new/?kind=blog_post"
    page.fill("#id_title_en", TITLE_EN)
    page.fill("#id_summary_en", "Residents of Llandudno told us what they need to know before their data is shared.")
    page.fill("#id_body_en", BODY_EN)
    page.fill("#id_title_cy", TITLE_CY)
    page.fill("#id_summary_cy", "Dywedodd trigolion Llandudno wrthym beth sydd angen iddynt ei wybod.")
    page.fill("#id_body_cy", BODY_CY)
    page.locator("main").get_by_label("Public participation in data sharing through the National Data Library").check()
    submit(page, "Save draft")
    post = Publication.objects.get(title_en=TITLE_EN)
    assert path_of(page) == f"/manage/guidance/publications/{post.pk}/"
    assert (post.kind, post.status, post.topics) == (PublicationKind.BLOG_POST, ReviewStatus.DRAFT, ["data_sharing"])
    submit(page, "Submit for review")
    post.refresh_from_db()
    assert post.status == ReviewStatus.IN_REVIEW
    assert page.locator("main").get_by_role("button", name="Approve", exact=True).count() == 0
    assert "another editor must approve it" in page.locator("main").inner_text()
    screenshot(page, "publication-manage-in-review")
    sign_out(page)

    # A second editor approves and publishes it.
    sign_in(page, email=reviewer.email, password=TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET, clock=totp)
    visit(page, f"/manage/guidance/publications/{post.pk}/")
    submit(page, "Approve")
    follow(page, "Publish now or schedule")
    page.locator("main").get_by_label("Publish now", exact=True).check()
    submit(page, "Continue")
    post.refresh_from_db()
    assert (post.status, post.approved_by, post.published_by) == (ReviewStatus.PUBLISHED, reviewer, reviewer)
    sign_out(page)

    # An anonymous reader finds it with the search box and reads it.
    visit(page, "/publications/")
    page.locator("main").get_by_label("Search publications").fill("Llandudno")
    submit(page, "Apply filters")
    results = page.locator("main ul[aria-labelledby='results-heading'] h3")
    assert results.all_inner_texts() == [TITLE_EN]
    assert page.locator("#results-heading").inner_text() == "1 publication"
    screenshot(page, "publication-search-results")
    follow(page, TITLE_EN)
    assert path_of(page) == f"/publications/{post.slug}/"
    assert page.locator("h1").inner_text() == TITLE_EN
    assert "who uses their data" in page.locator("main").inner_text()
    screenshot(page, "publication-detail")

    # The same, in Welsh.
    visit(page, "/cy/publications/")
    assert page.get_attribute("html", "lang") == "cy"
    page.fill("#id_q", "Llandudno")
    navigate(page, lambda: page.locator("main form[method='get'] button[type=submit]").click())
    assert page.locator("main ul[aria-labelledby='results-heading'] h3").all_inner_texts() == [TITLE_CY]
    navigate(page, lambda: page.locator("main").get_by_role("link", name=TITLE_CY, exact=True).click())
    assert path_of(page) == f"/cy/publications/{post.slug}/"
    assert page.locator("h1").inner_text() == TITLE_CY
    assert "pwy sy'n defnyddio eu data" in page.locator("main").inner_text()
    screenshot(page, "publication-detail-cy")


@pytest.fixture
def demo_data(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_visitor_reads_the_demo_publications_and_events(page, demo_data, prefix):
    case_study = Publication.objects.get(activities__slug=demo.CASE_STUDY_FROM_ACTIVITY["activity"])
    response = Publication.objects.get(title_en=demo.PDF_RESPONSE)
    suffix = "-cy" if prefix else ""

    visit(page, f"{prefix}/publications/")
    assert page.get_attribute("html", "lang") == ("cy" if prefix else "en")
    published = Publication.objects.published().count()
    assert page.locator("main ul[aria-labelledby='results-heading'] > li").count() == published
    screenshot(page, f"publication-list{suffix}")

    # Filter to case studies, then open the one drafted from the register.
    page.locator(f"main input[name='kind'][value='{PublicationKind.CASE_STUDY}']").check()
    navigate(page, lambda: page.locator("main form[method='get'] button[type=submit]").click())
    case_studies = Publication.objects.published().filter(kind=PublicationKind.CASE_STUDY).count()
    assert page.locator("main ul[aria-labelledby='results-heading'] > li").count() == case_studies
    navigate(page, lambda: page.click(f"main a[href='{prefix}{case_study.get_absolute_url()}']"))
    assert page.locator("h1").inner_text() == (case_study.title_cy if prefix else case_study.title_en)
    assert page.locator("main a[href$='/activities/online-harms-public-panel/']").count() == 1
    screenshot(page, f"publication-case-study{suffix}")

    visit(page, f"{prefix}{response.get_absolute_url()}")
    assert page.locator(f"main a[href='{prefix}/publications/{response.slug}/pdf/']").count() == 1
    assert response.consultation_title in page.locator("main").inner_text()

    visit(page, f"{prefix}/publications/events/")
    listed = OutreachEvent.objects.listed()
    for event in listed:
        assert page.locator(f"main a[href='{prefix}{event.get_absolute_url()}']").count() == 1, event.slug
    screenshot(page, f"publication-events{suffix}")
    with_write_up = listed.exclude(write_up=None).first()
    navigate(page, lambda: page.click(f"main a[href='{prefix}{with_write_up.get_absolute_url()}']"))
    assert page.locator(f"main a[href='{prefix}{with_write_up.write_up.get_absolute_url()}']").count() == 1
