import re
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from guidance.services.pilots import declare_adoption
from participation.models import Activity, Membership, PlatformRole
from participation.models.vocabularies import Method, ParticipationLevel, ResponseStatus
from participation.services.charts import bar_chart, column_chart, paired_bar_chart
from participation.services.dashboards import engagement_figures
from tests.guidance.factories import draft_document, published_document
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.factories import MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Welsh (a /cy/ page, or a persona who prefers Welsh) leaves Welsh active on this
    thread; put English back so later tests start from the default."""
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Dashboards keep their figures in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def make_activity(organisation, *, published=True, took_part=10, start=date(2026, 2, 3), respond_after_days=10):
    project = ProjectFactory(organisation=organisation, published=published)
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        published=published,
        methods=[Method.CITIZENS_JURY],
        actual_start=start,
        level_promised=ParticipationLevel.COLLABORATE,
        level_achieved=ParticipationLevel.INVOLVE,
        findings_reported_on=date(2026, 3, 1),
    )
    ParticipantGroupFactory(activity=activity, took_part_count=took_part)
    RecommendationFactory(
        activity=activity,
        response_status=ResponseStatus.ACCEPTED,
        responded_at=datetime(2026, 3, 1 + respond_after_days, 12, tzinfo=UTC),
    )
    RecommendationFactory(activity=activity)
    return activity


def test_engagement_figures_count_published_activities(organisation, other_organisation):
    make_activity(organisation, took_part=10, respond_after_days=4)
    make_activity(organisation, took_part=7, start=date(2025, 11, 2), respond_after_days=10)
    make_activity(other_organisation, took_part=3, respond_after_days=20)
    make_activity(organisation, published=False, took_part=500)

    figures = engagement_figures(activities=Activity.objects.published())

    assert figures.activities == 3
    assert figures.people_reached == 20
    assert figures.by_quarter == [("2025 Q4", 1), ("2026 Q1", 2)]
    assert ("Collaborate", 3, 0) in figures.levels
    assert ("Involve", 0, 3) in figures.levels
    assert figures.methods == [("Citizens’ jury", 3)]
    assert (figures.recommendations, figures.responded, figures.responded_percent) == (6, 3, 50)
    assert figures.median_days_to_respond == 10


def test_engagement_figures_with_no_activities_are_empty(db):
    figures = engagement_figures(activities=Activity.objects.published())

    assert (figures.activities, figures.people_reached, figures.recommendations) == (0, 0, 0)
    assert figures.responded_percent is None
    assert figures.median_days_to_respond is None


def test_charts_are_accessible_svg_without_inline_styles():
    charts = [
        bar_chart(label="Methods used", rows=[("Citizens’ jury", 3), ("Survey <b>", 1)]),
        column_chart(label="Activities started each quarter", rows=[("2026 Q1", 2)]),
        paired_bar_chart(label="Levels", rows=[("Inform", 1, 0)], series=("Promised", "Achieved")),
    ]

    for svg in charts:
        assert svg.startswith('<svg class="app-chart" role="img" aria-label="')
        assert "<title>" in svg
        assert "style=" not in svg
        assert "<style" not in svg
        assert "<script" not in svg
    assert "Survey <b>" not in charts[0]
    assert "Survey &lt;b&gt;" in charts[0]


def test_platform_dashboard_shows_figures_with_a_table_beside_each_chart(client, organisation):
    make_activity(organisation, took_part=42)

    response = client.get(reverse("dashboards:platform"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 3
    assert html.count("<caption") == 4
    assert "42" in html
    assert "1 of 2 (50%)" in html
    assert "10 days" in html
    assert reverse("dashboards:organisation", kwargs={"slug": organisation.slug}) in html


def test_platform_dashboard_counts_adoptions_of_each_published_guidance_document(
    client, organisation, other_organisation
):
    editor = UserFactory(roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)
    reviewer = UserFactory(roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)
    adopted = published_document(organisation=organisation, editor=editor, reviewer=reviewer)
    published_document(
        organisation=organisation, editor=editor, reviewer=reviewer, title_en="Official statistics guidance"
    )
    draft_document(organisation=organisation, editor=editor, title_en="Unpublished guidance")
    for body in (organisation, other_organisation):
        adopter = MembershipFactory(organisation=body, role=Membership.Role.EDITOR).user
        declare_adoption(
            document=adopted,
            organisation=body,
            version=adopted.current_version,
            adopted_on=date(2026, 1, 5),
            declared_by=adopter,
        )

    response = client.get(reverse("dashboards:platform"))

    rows = [(row.title_en, row.adoptions) for row in response.context["figures"].guidance_adoption]
    assert rows == [(adopted.title_en, 2), ("Official statistics guidance", 0)]
    html = response.content.decode()
    assert "Organisations adopting each piece of guidance" in html
    assert adopted.get_absolute_url() in html
    assert "Unpublished guidance" not in html


def test_organisation_dashboard_shows_only_that_organisations_published_work(client, organisation, other_organisation):
    make_activity(organisation, took_part=42)
    make_activity(other_organisation, took_part=1000)
    make_activity(organisation, published=False, took_part=777)

    response = client.get(reverse("dashboards:organisation", kwargs={"slug": organisation.slug}))

    html = response.content.decode()
    people = re.search(r"People reached</th>\s*<td[^>]*>(\d+)</td>", html)
    assert people.group(1) == "42"
    assert "Sign in to get the annual report" in html


def test_organisation_dashboard_of_an_unknown_organisation_is_not_found(client, db):
    response = client.get(reverse("dashboards:organisation", kwargs={"slug": "no-such-body"}))

    assert response.status_code == 404
    assert b"People reached" not in response.content


def test_organisation_dashboard_offers_reports_when_signed_in(client, outsider, organisation):
    project = ProjectFactory(organisation=organisation, published=True)
    draft = ProjectFactory(organisation=organisation)
    client.force_login(outsider)

    response = client.get(reverse("dashboards:organisation", kwargs={"slug": organisation.slug}))

    html = response.content.decode()
    assert html.count('name="year"') == 3
    assert reverse("dashboards:project-report-request", kwargs={"slug": project.slug}) in html
    assert reverse("dashboards:project-report-request", kwargs={"slug": draft.slug}) not in html
    assert f"Get the {date.today().year} report (PDF)" in html


@pytest.mark.parametrize("count", [1, 5])
def test_engagement_figures_query_count_does_not_grow(organisation, count, django_assert_num_queries):
    for _ in range(count):
        make_activity(organisation)

    # 1 activities by quarter, 2 levels (one aggregate), 3 methods, 4 people reached,
    # 5 recommendations with the median.
    with django_assert_num_queries(5):
        figures = engagement_figures(activities=Activity.objects.published())

    assert figures.activities == count


@pytest.mark.parametrize("count", [1, 5])
def test_platform_dashboard_query_count_does_not_grow(client, organisation, count, django_assert_num_queries):
    for _ in range(count):
        make_activity(organisation)

    # 1-5 the figures (as above), 6 guidance adoptions (then all cached), 7 organisations for the links.
    with django_assert_num_queries(7):
        response = client.get(reverse("dashboards:platform"))
    # Cached: 1 organisations for the links.
    with django_assert_num_queries(1):
        client.get(reverse("dashboards:platform"))

    assert response.context["figures"].activities == count


@pytest.mark.parametrize("count", [1, 5])
def test_organisation_dashboard_query_count_does_not_grow(client, organisation, count, django_assert_num_queries):
    for _ in range(count):
        make_activity(organisation)
    url = reverse("dashboards:organisation", kwargs={"slug": organisation.slug})

    # 1 the organisation, 2-6 the figures (then cached), 7 its latest published projects.
    with django_assert_num_queries(7):
        response = client.get(url)
    # Cached: 1 the organisation, 2 its projects.
    with django_assert_num_queries(2):
        client.get(url)

    assert response.context["figures"].activities == count


def test_dashboard_figures_are_cached_per_scope_and_language(client, organisation, other_organisation):
    make_activity(organisation, took_part=42)
    client.get(reverse("dashboards:platform"))
    make_activity(organisation, took_part=8)

    platform = client.get(reverse("dashboards:platform"))
    own = client.get(reverse("dashboards:organisation", kwargs={"slug": organisation.slug}))
    welsh = client.get("/cy/dashboards/")

    assert platform.context["figures"].people_reached == 42
    assert own.context["figures"].people_reached == 50
    assert welsh.context["figures"].people_reached == 50


def test_welsh_dashboard_is_served_under_cy(client, organisation):
    response = client.get("/cy/dashboards/")

    assert response.status_code == 200
    assert response.content.decode().count('lang="cy"') >= 1
