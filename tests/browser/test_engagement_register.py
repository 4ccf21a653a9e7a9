"""A visitor finds a published activity in the register by search and by a filter, in English
and in Welsh, and opens it; axe runs on every page, including after each htmx update."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.models.vocabularies import Method, ResponseStatus
from tests.browser.conftest import axe_check, navigate, path_of, visit
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.factories import OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def register(transactional_db):
    dsit = OrganisationFactory(slug="dsit", name_en="Department for Science, Innovation and Technology")
    ons = OrganisationFactory(slug="ons", name_en="Office for National Statistics", name_cy="Swyddfa Ystadegau Gwladol")
    project = ProjectFactory(organisation=ons, slug="census-linkage", title_en="Census linkage", published=True)
    activity = ActivityFactory(
        organisation=ons,
        slug="citizens-jury-linkage",
        title_en="Citizens’ jury on linking census data",
        title_cy="Rheithgor dinasyddion ar gysylltu data’r cyfrifiad",
        summary_en="Twenty-four people met over four weekends.",
        findings_en="People accepted linkage **with safeguards**.",
        methods=[Method.CITIZENS_JURY],
        projects=[project],
        actual_start=datetime.date(2025, 6, 1),
        published=True,
    )
    ParticipantGroupFactory(activity=activity, label="Members of the public", took_part_count=24)
    RecommendationFactory(activity=activity, reference="R1", response_status=ResponseStatus.ACCEPTED)
    for n in range(3):
        ActivityFactory(
            organisation=dsit,
            title_en=f"Survey of teachers {n}",
            methods=[Method.SURVEY],
            published=True,
            published_at=timezone.now(),
        )
    return activity


def results(page):
    return page.locator("#register-results")


def test_visitor_finds_an_activity_by_search_and_by_filter(page, register):
    visit(page, "/register/")

    page.get_by_label("Search").fill("census")
    page.get_by_role("button", name="Apply filters").click()
    # The census activity is on the unfiltered page too: wait for the others to go.
    expect(results(page).get_by_text("Survey of teachers 0")).to_have_count(0)
    expect(results(page).get_by_role("link", name=register.title_en)).to_have_count(1)
    page.wait_for_url("**q=census**")  # htmx pushed a bookmarkable address
    axe_check(page)

    visit(page, "/register/")
    page.get_by_label("Method").select_option(Method.CITIZENS_JURY)
    page.wait_for_url("**method=citizens_jury**")
    expect(results(page).get_by_text("Survey of teachers 1")).to_have_count(0)
    expect(results(page).get_by_role("link", name=register.title_en)).to_have_count(1)
    axe_check(page)

    navigate(page, lambda: results(page).get_by_role("link", name=register.title_en).click())
    assert path_of(page) == "/register/activities/citizens-jury-linkage/"
    assert page.get_by_role("heading", level=1).inner_text() == register.title_en
    assert page.get_by_text("with safeguards").count() == 1

    navigate(page, lambda: page.get_by_role("link", name="Census linkage").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Census linkage"


def test_visitor_finds_an_activity_in_welsh(page, register):
    visit(page, "/cy/register/")
    assert page.get_attribute("html", "lang") == "cy"

    page.locator("#id_q").fill("Rheithgor")
    page.locator("#id_q").press("Enter")
    page.wait_for_url("**q=Rheithgor**")
    expect(results(page).get_by_text("Survey of teachers 0")).to_have_count(0)
    expect(results(page).get_by_role("link", name=register.title_cy)).to_have_count(1)
    axe_check(page)

    visit(page, "/cy/register/?organisation=ons")
    navigate(page, lambda: results(page).get_by_role("link", name=register.title_cy).click())
    assert path_of(page) == "/cy/register/activities/citizens-jury-linkage/"
    assert page.get_by_role("heading", level=1).inner_text() == register.title_cy


def test_register_pages_are_accessible_without_javascript_too(browser, live_server, register):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.browser_problems = []

    page.goto("/register/?method=citizens_jury")
    assert page.get_by_role("link", name=register.title_en).count() == 1
    page.goto("/register/")
    page.locator("#id_q").fill("census")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**q=census**")

    assert page.get_by_role("link", name=register.title_en).count() == 1
    context.close()


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_register_public_pages_pass_axe(page, register, prefix):
    for path in [
        "/register/",
        "/register/projects/",
        "/register/data/",
        "/register/activities/citizens-jury-linkage/",
        "/register/projects/census-linkage/",
        "/register/?q=nothing+matches",
        "/register/?method=nonsense",
    ]:
        visit(page, prefix + path)
