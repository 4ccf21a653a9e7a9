"""The public project and activity pages: the story of a record, published only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import EvidenceFile, PublicChange
from participation.models.vocabularies import Method, ResponseStatus
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

OGL_NOTICE = "Contains public sector information licensed under the Open Government Licence v3.0."


@pytest.fixture
def story(organisation):
    project = ProjectFactory(
        organisation=organisation,
        slug="ai-marking",
        title_en="AI marking assistant",
        decisions_open_en="Which subjects it marks.",
        decisions_fixed_en="Teachers always make the final decision.",
        atrs_url="https://www.gov.uk/algorithmic-transparency-records/ai-marking",
        published=True,
    )
    activity = ActivityFactory(
        organisation=organisation,
        slug="marking-workshop",
        title_en="Teachers’ workshop on AI marking",
        findings_en="Teachers wanted **control** over every mark.",
        what_changed_en="We added an override button.",
        participants_told_on=datetime.date(2025, 9, 1),
        projects=[project],
        methods=[Method.DELIBERATIVE_WORKSHOP],
        published=True,
    )
    ParticipantGroupFactory(activity=activity, label="Secondary teachers", invited_count=40, took_part_count=32)
    ParticipantGroupFactory(activity=activity, label="Head teachers", invited_count=6, took_part_count=3)
    RecommendationFactory(
        activity=activity,
        reference="R1",
        text_en="Let teachers override marks.",
        response_status=ResponseStatus.ACCEPTED,
        action_en="Override added in version 2.",
    )
    PublicChange.objects.create(activity=activity, version=2, summary="Added the response to R1")
    PublicChange.objects.create(project=project, version=2, summary="Linked the ATRS record")
    return project, activity


def test_activity_page_tells_the_story(client, story):
    _, activity = story

    response = client.get(activity.get_absolute_url())

    text = response.text
    assert response.status_code == 200
    assert "Teachers’ workshop on AI marking" in text
    assert "AI marking assistant" in text  # the project
    assert "Deliberative workshop or dialogue" in text
    assert "Secondary teachers" in text and ">32<" in text
    assert "Head teachers" in text and "fewer than 5" in text and ">3<" not in text
    assert "<strong>control</strong>" in text  # findings are Markdown
    assert "We added an override button." in text
    assert "1 September 2025" in text
    assert "govuk-tag--green" in text and "Accepted" in text
    assert "Override added in version 2." in text
    assert "Added the response to R1" in text
    assert OGL_NOTICE in text


def test_project_page_tells_the_story(client, story):
    project, activity = story
    ActivityFactory(organisation=project.organisation, title_en="Draft follow-up", projects=[project])

    response = client.get(project.get_absolute_url())

    text = response.text
    assert "Which subjects it marks." in text
    assert "Teachers always make the final decision." in text
    assert project.atrs_url in text
    assert activity.title_en in text
    assert "Draft follow-up" not in text
    assert "Linked the ATRS record" in text
    assert OGL_NOTICE in text


@pytest.mark.parametrize("persona", [None, "editor", "site_admin"])
def test_draft_records_are_not_found_on_the_register(client, organisation, request, persona):
    project = ProjectFactory(organisation=organisation)
    activity = ActivityFactory(organisation=organisation, projects=[project])
    if persona:
        client.force_login(request.getfixturevalue(persona))

    for record in (project, activity):
        response = client.get(record.get_absolute_url())
        assert response.status_code == 404
        assert "Page not found" in response.text
        assert record.title_en not in response.text


def test_withdrawn_activity_is_not_found(client, organisation):
    activity = ActivityFactory(organisation=organisation, publication_status="withdrawn", published_at=timezone.now())

    response = client.get(activity.get_absolute_url())

    assert response.status_code == 404
    assert activity.title_en not in response.text


def test_welsh_activity_page_uses_welsh_text_and_marks_the_english_fallback(client, organisation):
    activity = ActivityFactory(
        organisation=organisation,
        slug="gweithdy",
        title_en="Workshop",
        title_cy="Gweithdy",
        summary_en="An English-only summary.",
        findings_en="English findings.",
        published=True,
    )

    response = client.get("/cy" + activity.get_absolute_url())

    assert response.status_code == 200
    assert "Gweithdy" in response.text
    assert '<span lang="en">An English-only summary.</span>' in response.text
    assert 'lang="en"><p>English findings.</p>' in response.text


def test_activity_page_never_shows_personal_data(client, story, editor):
    _, activity = story
    activity.created_by = editor
    activity.save(update_fields=["created_by"])

    response = client.get(activity.get_absolute_url())

    assert editor.email not in response.text


def test_activity_page_query_count(client, story, django_assert_num_queries):
    _, activity = story

    # 1 activity with organisation, 2 projects, 3 methods, 4 participant groups, 5 recommendations,
    # 6 public changes, 7 public evidence files
    with django_assert_num_queries(7):
        client.get(activity.get_absolute_url())


def test_project_page_query_count(client, story, django_assert_num_queries):
    project, _ = story

    # 1 project with organisation, 2 its published activities, 3 public changes
    with django_assert_num_queries(3):
        client.get(project.get_absolute_url())


def test_activity_page_lists_public_evidence_files_only(client, story):
    _, activity = story
    public = EvidenceFile.objects.create(
        activity=activity,
        title="Workshop report",
        file="evidence/2025/09/report.pdf",
        original_name="report.pdf",
        content_type="application/pdf",
        size=2048,
        is_public=True,
    )
    EvidenceFile.objects.create(
        activity=activity,
        title="Attendance sheet",
        file="evidence/2025/09/attendance.pdf",
        original_name="attendance.pdf",
        content_type="application/pdf",
        size=1024,
    )

    response = client.get(activity.get_absolute_url())

    assert "Workshop report" in response.text
    assert reverse("staff:evidence-download", kwargs={"pk": public.pk}) in response.text
    assert "Attendance sheet" not in response.text
