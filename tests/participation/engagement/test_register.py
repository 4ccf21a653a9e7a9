"""The public register: lists, filters, search, keyset pages and the project and activity pages."""

import datetime

import pytest
from django.urls import reverse

from participation.models.vocabularies import Method, ParticipationLevel, ProjectType, ResponseStatus
from participation.services import opendata
from tests.participation.engagement.factories import (
    ActivityFactory,
    ProjectFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def titles(response, key="activities"):
    return [item.title_en for item in response.context[key]]


def test_register_lists_only_published_activities(client, organisation):
    project = ProjectFactory(organisation=organisation, published=True)
    ActivityFactory(organisation=organisation, title_en="Published workshop", projects=[project], published=True)
    ActivityFactory(organisation=organisation, title_en="Draft workshop")

    response = client.get(reverse("register:activity-list"))

    assert response.status_code == 200
    assert titles(response) == ["Published workshop"]
    assert "Draft workshop" not in response.text
    assert project.title_en in response.text


def test_register_project_list_shows_published_projects_only(client, organisation):
    ProjectFactory(organisation=organisation, title_en="Published triage tool", published=True)
    ProjectFactory(organisation=organisation, title_en="Draft triage tool")

    response = client.get(reverse("register:project-list"))

    assert titles(response, "projects") == ["Published triage tool"]
    assert "Draft triage tool" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"organisation": "dsit"}, ["Ours"]),
        ({"project_type": ProjectType.PROCUREMENT}, ["Theirs"]),
        ({"lifecycle_stage": "discovery"}, ["Ours"]),
        ({"method": Method.CITIZENS_JURY}, ["Theirs"]),
        ({"level_promised": ParticipationLevel.EMPOWER}, ["Ours"]),
        ({"level_achieved": ParticipationLevel.COLLABORATE}, ["Theirs"]),
        ({"started_from_day": "1", "started_from_month": "6", "started_from_year": "2025"}, ["Theirs"]),
        ({"started_to_day": "31", "started_to_month": "5", "started_to_year": "2025"}, ["Ours"]),
        ({"has_responses": "on"}, ["Ours"]),
        ({"sort": "title"}, ["Ours", "Theirs"]),
        ({"sort": "oldest"}, ["Ours", "Theirs"]),
        ({"sort": "newest"}, ["Theirs", "Ours"]),
    ],
)
def test_register_filters_activities(client, organisation, other_organisation, query, expected):
    ours = ActivityFactory(
        organisation=organisation,
        title_en="Ours",
        lifecycle_stage="discovery",
        level_promised=ParticipationLevel.EMPOWER,
        actual_start=datetime.date(2025, 1, 10),
        methods=[Method.FOCUS_GROUP],
        projects=[ProjectFactory(organisation=organisation, project_type=ProjectType.AI_TOOL, published=True)],
        published=True,
        published_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
    )
    RecommendationFactory(activity=ours, response_status=ResponseStatus.ACCEPTED)
    theirs = ActivityFactory(
        organisation=other_organisation,
        title_en="Theirs",
        level_achieved=ParticipationLevel.COLLABORATE,
        actual_start=datetime.date(2025, 7, 1),
        methods=[Method.CITIZENS_JURY],
        projects=[
            ProjectFactory(organisation=other_organisation, project_type=ProjectType.PROCUREMENT, published=True)
        ],
        published=True,
        published_at=datetime.datetime(2025, 8, 1, tzinfo=datetime.UTC),
    )
    RecommendationFactory(activity=theirs)  # no response yet

    response = client.get(reverse("register:activity-list"), query)

    assert titles(response) == expected


def test_register_filters_projects(client, organisation, other_organisation):
    ProjectFactory(organisation=organisation, title_en="Marking", lifecycle_phase="alpha", published=True)
    ProjectFactory(
        organisation=other_organisation,
        title_en="Census linkage",
        project_type=ProjectType.DATA_SHARING,
        lifecycle_phase="live",
        published=True,
    )

    by_type = client.get(reverse("register:project-list"), {"project_type": ProjectType.DATA_SHARING})
    by_phase = client.get(reverse("register:project-list"), {"lifecycle_phase": "alpha"})
    by_organisation = client.get(reverse("register:project-list"), {"organisation": "ons"})

    assert titles(by_type, "projects") == ["Census linkage"]
    assert titles(by_phase, "projects") == ["Marking"]
    assert titles(by_organisation, "projects") == ["Census linkage"]


def test_register_invalid_filter_is_reported_and_ignored(client, organisation):
    ActivityFactory(organisation=organisation, title_en="Workshop", published=True)

    response = client.get(reverse("register:activity-list"), {"method": "nonsense", "started_from_day": "40"})

    assert response.status_code == 200
    assert titles(response) == ["Workshop"]
    assert "govuk-error-summary" in response.text
    assert response.context["form"].errors.keys() == {"method", "started_from"}


def test_register_search_finds_activities_by_title_and_summary(client, organisation):
    ActivityFactory(organisation=organisation, title_en="Citizens’ jury on facial recognition", published=True)
    ActivityFactory(
        organisation=organisation,
        title_en="Survey of teachers",
        summary_en="Asking teachers about facial recognition in schools.",
        published=True,
    )
    ActivityFactory(organisation=organisation, title_en="Workshop on bus timetables", published=True)

    response = client.get(reverse("register:activity-list"), {"q": "facial recognition"})

    assert sorted(titles(response)) == ["Citizens’ jury on facial recognition", "Survey of teachers"]
    assert titles(response)[0] == "Citizens’ jury on facial recognition"  # title matches rank first


@pytest.mark.parametrize(
    "text",
    ['"unbalanced', "a & b", "!!!", "fish:*", "'; DROP TABLE x; --", "()|&!:*\\", "-", "OR OR", "\u202e", "x" * 200],
)
def test_register_search_any_syntax_is_safe(client, organisation, text):
    ActivityFactory(organisation=organisation, title_en="Workshop on fish", published=True)

    response = client.get(reverse("register:activity-list"), {"q": text})

    assert response.status_code == 200
    assert "Workshop on fish" in response.text or "No published activities match" in response.text


def test_register_search_with_nul_byte_is_a_form_error(client):
    response = client.get(reverse("register:activity-list"), {"q": "fish\x00"})

    assert response.status_code == 200
    assert "q" in response.context["form"].errors


def make_activities(organisation, count, **kwargs):
    base = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return [
        ActivityFactory(
            organisation=organisation,
            title_en=f"Activity {n:03d}",
            published=True,
            published_at=base + datetime.timedelta(days=n),
            **kwargs,
        )
        for n in range(count)
    ]


def test_register_keyset_pages_walk_forward_and_back_without_repeats(client, organisation):
    make_activities(organisation, 60)
    url = reverse("register:activity-list")

    first = client.get(url, {"organisation": "dsit"})
    second = client.get(url + first.context["next_url"])
    third = client.get(url + second.context["next_url"])
    back = client.get(url + third.context["previous_url"])

    assert titles(first)[0] == "Activity 059"
    assert len(titles(first)) == len(titles(second)) == 25
    assert titles(third) == [f"Activity {n:03d}" for n in range(9, -1, -1)]
    assert "next_url" not in third.context
    assert titles(back) == titles(second)
    assert "organisation=dsit" in first.context["next_url"]  # filters are kept
    assert len(set(titles(first) + titles(second) + titles(third))) == 60


def test_register_title_sort_pages_by_title(client, organisation):
    make_activities(organisation, 30)
    url = reverse("register:activity-list")

    first = client.get(url, {"sort": "title"})
    second = client.get(url + first.context["next_url"])

    assert titles(first) + titles(second) == [f"Activity {n:03d}" for n in range(30)]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-1"},
        {"page": str(10**12)},
        {"page": "abc"},
        "page=1&page=2&page=x",
        {"after": "not-a-cursor"},
        {"before": "W10"},
        {"after": "WyJub3QgYSBkYXRlIiwgIjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCJd"},
        {"q": "workshop", "page": "-1"},
        {"q": "workshop", "page": str(10**12)},
        {"q": "workshop", "page": "abc"},
    ],
)
def test_register_odd_page_values_are_never_a_server_error(client, organisation, query):
    make_activities(organisation, 3)
    url = reverse("register:activity-list")

    response = client.get(
        url + "?" + query if isinstance(query, str) else url, None if isinstance(query, str) else query
    )

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert titles(response)[0] == "Activity 002"


def test_register_search_pages_by_number(client, organisation):
    make_activities(organisation, 30, summary_en="A deliberative workshop.")
    url = reverse("register:activity-list")

    first = client.get(url, {"q": "deliberative"})
    second = client.get(url + first.context["next_url"])

    assert len(titles(first)) == 25
    assert len(titles(second)) == 5
    assert set(titles(first)).isdisjoint(titles(second))
    assert "q=deliberative" in first.context["next_url"]


def test_register_empty_state(client):
    response = client.get(reverse("register:activity-list"), {"q": "nothing matches this"})

    assert "No published activities match your search or filters." in response.text


def test_register_htmx_request_gets_only_the_results_fragment(client, organisation):
    ActivityFactory(organisation=organisation, title_en="Workshop", published=True)

    response = client.get(reverse("register:activity-list"), headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<div id="register-results"')
    assert "Workshop" in response.text
    assert "<html" not in response.text
    assert response["Vary"].count("HX-Request") == 1


def test_register_page_works_without_javascript(client):
    response = client.get(reverse("register:activity-list"))

    assert '<form method="get" action="/register/"' in response.text
    assert 'hx-push-url="true"' in response.text
    assert '<button type="submit"' in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_register_list_query_count_is_constant(client, organisation, django_assert_num_queries, count):
    for activity in make_activities(organisation, count, methods=[Method.SURVEY, Method.FOCUS_GROUP]):
        activity.projects.set([ProjectFactory(organisation=organisation, published=True)])
    url = reverse("register:activity-list")

    # 1 organisations for the filter, 2 activities with their organisation (one row past the page),
    # 3 their published projects, 4 their methods
    with django_assert_num_queries(4):
        response = client.get(url, {"organisation": "dsit", "method": Method.SURVEY})

    assert len(titles(response)) == count


@pytest.mark.parametrize("count", [1, 5])
def test_register_fragment_query_count_is_constant(client, organisation, django_assert_num_queries, count):
    for activity in make_activities(organisation, count, methods=[Method.SURVEY]):
        activity.projects.set([ProjectFactory(organisation=organisation, published=True)])
    url = reverse("register:activity-list")

    # 1 organisations (the form validates the organisation), 2 the ranked matches, 3 the page's
    # activities with their organisation, 4 their published projects, 5 their methods
    with django_assert_num_queries(5):
        response = client.get(url, {"q": "activity"}, headers={"HX-Request": "true"})

    assert len(titles(response)) == count


@pytest.mark.parametrize("count", [1, 5])
def test_register_project_list_query_count_is_constant(client, organisation, django_assert_num_queries, count):
    for _ in range(count):
        ProjectFactory(organisation=organisation, published=True)

    # 1 organisations for the filter, 2 projects with their organisation
    with django_assert_num_queries(2):
        response = client.get(reverse("register:project-list"))

    assert len(response.context["projects"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_register_project_fragment_query_count_is_constant(client, organisation, django_assert_num_queries, count):
    for _ in range(count):
        ProjectFactory(organisation=organisation, published=True)

    # 1 organisations (the form validates the organisation), 2 projects with their organisation
    with django_assert_num_queries(2):
        response = client.get(reverse("register:project-list"), {"sort": "title"}, headers={"HX-Request": "true"})

    assert len(response.context["projects"]) == count
    assert response.text.lstrip().startswith('<div id="register-results"')


def test_register_search_pages_through_the_newest_matches_it_ranks(client, organisation, monkeypatch):
    monkeypatch.setattr(opendata, "MAX_SEARCH_PAGE", 2)
    activities = make_activities(organisation, 2 * opendata.PAGE_SIZE + 2)  # Activity 000 is the oldest
    url = reverse("register:activity-list")

    first = client.get(url, {"q": "activity"})
    second = client.get(url, {"q": "activity", "page": 2})

    # Two pages' worth of the newest matches are ranked (all equally good, so newest first); the two
    # oldest are beyond the last page, which offers no next page.
    assert titles(first) + titles(second) == [a.title_en for a in reversed(activities[2:])]
    assert "page=2" in first.text and "page=3" not in second.text
    assert client.get(url, {"q": "activity", "page": 3}).status_code == 404
