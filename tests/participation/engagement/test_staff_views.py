import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from participation.models import Activity, AuditEvent, EvidenceFile, Project, PublicChange, Recommendation
from participation.models.vocabularies import Method, PublicationStatus
from participation.services.uploads import upload_evidence_file
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.factories import OrganisationFactory

PROJECT_POST = {
    "title_en": "Schools AI marking",
    "summary_en": "Suggests marks for teachers to check.",
    "project_type": "ai_tool",
    "lifecycle_phase": "alpha",
    "engagement_intent": "planned",
}


def test_record_list_shows_drafts_of_the_editors_organisation_only(client, editor, organisation, other_organisation):
    ProjectFactory(organisation=organisation, title_en="Our draft project")
    ActivityFactory(organisation=organisation, title_en="Our draft workshop")
    ProjectFactory(organisation=other_organisation, title_en="Their project", published=True)
    client.force_login(editor)

    response = client.get(reverse("staff:record-list"))

    content = response.content.decode()
    assert "Our draft project" in content
    assert "Our draft workshop" in content
    assert "Their project" not in content
    assert "govuk-tag--grey" in content


def test_record_list_empty_state_for_someone_who_edits_nothing(client, member):
    client.force_login(member)

    response = client.get(reverse("staff:record-list"))

    assert "You are not an editor of any organisation" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_record_list_query_count_does_not_grow(client, editor, organisation, django_assert_num_queries, count):
    for _ in range(count):
        project = ProjectFactory(organisation=organisation)
        ActivityFactory(organisation=organisation, projects=[project])
    client.force_login(editor)
    client.get(reverse("staff:record-list"))

    # 1 session, 2 user (with MFA authenticator for the layout banner, platform roles and org admin
    # membership for the layout navigation), 3 editor's organisations, 4 count of activities (paginator),
    # 5 projects with organisation, 6 activities with organisation
    with django_assert_num_queries(6):
        client.get(reverse("staff:record-list"))


@pytest.mark.parametrize("count", [1, 5])
def test_activity_task_list_query_count_does_not_grow(client, editor, organisation, django_assert_num_queries, count):
    project = ProjectFactory(organisation=organisation)
    activity = ActivityFactory(organisation=organisation, projects=[project], methods=[Method.SURVEY])
    for _ in range(count):
        ParticipantGroupFactory(activity=activity)
        RecommendationFactory(activity=activity)
    client.force_login(editor)
    url = reverse("staff:activity-tasks", kwargs={"slug": activity.slug})
    client.get(url)

    # 1 session, 2 user (with MFA authenticator for the layout banner, platform roles and org admin
    # membership for the layout navigation), 3 activity with organisation, 4-7 prefetched methods,
    # participant groups, recommendations, projects, 8 editor's membership role, 9 evidence files
    with django_assert_num_queries(9):
        client.get(url)


def test_project_create_ignores_mass_assigned_fields(client, editor, organisation, other_organisation):
    intruder = OrganisationFactory(slug="intruder")
    client.force_login(editor)

    response = client.post(
        reverse("staff:project-create"),
        {
            **PROJECT_POST,
            "organisation": str(other_organisation.pk),
            "organisation_id": str(intruder.pk),
            "created_by": "",
            "publication_status": "published",
            "published_at": "2020-01-01",
            "version": "7",
        },
    )

    project = Project.objects.get(title_en="Schools AI marking")
    assert response.status_code == 302
    assert response.url == reverse("staff:project-detail", kwargs={"slug": project.slug})
    assert (project.organisation, project.created_by, project.publication_status, project.version) == (
        organisation,
        editor,
        PublicationStatus.DRAFT,
        1,
    )
    assert project.published_at is None


def test_project_create_shows_an_error_summary(client, editor):
    client.force_login(editor)

    response = client.post(reverse("staff:project-create"), {"title_en": ""})

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Enter the project’s title in English" in content
    assert "Choose the type of project" in content
    assert "<title>Error:" in content
    assert not Project.objects.exists()


def test_project_edit_saves_and_audits(client, editor, organisation):
    project = ProjectFactory(organisation=organisation)
    client.force_login(editor)

    response = client.post(
        reverse("staff:project-edit", kwargs={"slug": project.slug}),
        {**PROJECT_POST, "title_en": project.title_en, "team": "Data science", "organisation": "x"},
    )

    project.refresh_from_db()
    assert response.status_code == 302
    assert project.team == "Data science"
    assert project.organisation == organisation
    assert AuditEvent.objects.filter(action="participation.project.updated", target_id=str(project.pk)).exists()


def test_project_edit_of_another_organisations_published_project_is_forbidden(client, other_org_admin, organisation):
    project = ProjectFactory(organisation=organisation, published=True, team="")
    client.force_login(other_org_admin)

    response = client.post(reverse("staff:project-edit", kwargs={"slug": project.slug}), {**PROJECT_POST, "team": "X"})

    project.refresh_from_db()
    assert response.status_code == 403
    assert project.team == ""


def test_activity_create_offers_only_the_organisations_projects(client, editor, organisation, other_organisation):
    project = ProjectFactory(organisation=organisation)
    foreign = ProjectFactory(organisation=other_organisation, published=True)
    client.force_login(editor)

    response = client.post(
        reverse("staff:activity-create", kwargs={"slug": project.slug}),
        {"title_en": "Workshop", "summary_en": "Three sessions", "projects": [str(project.pk), str(foreign.pk)]},
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Activity.objects.exists()


def test_activity_create_redirects_to_the_task_list(client, editor, organisation):
    project = ProjectFactory(organisation=organisation)
    client.force_login(editor)

    response = client.post(
        reverse("staff:activity-create", kwargs={"slug": project.slug}),
        {"title_en": "Workshop", "summary_en": "Three sessions", "projects": [str(project.pk)], "organisation": "x"},
    )

    activity = Activity.objects.get()
    assert response.url == reverse("staff:activity-tasks", kwargs={"slug": activity.slug})
    assert list(activity.projects.all()) == [project]
    page = client.get(response.url).content.decode()
    assert "govuk-task-list" in page
    assert page.count("Not yet started") == 4


def test_plan_section_saves_methods_and_dates(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    response = client.post(
        reverse("staff:activity-section", kwargs={"slug": activity.slug, "section": "plan"}),
        {
            "purpose": "Test acceptability",
            "decisions_informed": "Whether to go to beta",
            "lifecycle_stage": "alpha",
            "methods": ["focus_group", "survey"],
            "level_promised": "consult",
            "planned_start_day": "1",
            "planned_start_month": "3",
            "planned_start_year": "2026",
            "publication_status": "published",
        },
    )

    activity.refresh_from_db()
    assert response.status_code == 302
    assert activity.planned_start == datetime.date(2026, 3, 1)
    assert sorted(activity.methods.values_list("method", flat=True)) == ["focus_group", "survey"]
    assert activity.publication_status == PublicationStatus.DRAFT
    page = client.get(response.url).content.decode()
    assert page.count("Completed") >= 1


def test_section_with_a_bad_date_shows_the_error_summary(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    response = client.post(
        reverse("staff:activity-section", kwargs={"slug": activity.slug, "section": "run"}),
        {"status": "completed", "actual_start_day": "31", "actual_start_month": "2", "actual_start_year": "2026"},
    )

    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Enter a real date" in content


def test_unknown_section_is_not_found(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    response = client.get(reverse("staff:activity-section", kwargs={"slug": activity.slug, "section": "nope"}))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_group_remove_asks_for_confirmation_then_removes(client, editor, organisation):
    group = ParticipantGroupFactory(activity=ActivityFactory(organisation=organisation), label="Carers")
    url = reverse("staff:group-delete", kwargs={"slug": group.activity.slug, "pk": group.pk})
    client.force_login(editor)

    confirm = client.get(url)
    response = client.post(url)

    assert "Are you sure you want to remove “Carers”?" in confirm.content.decode()
    assert response.status_code == 302
    assert not group.activity.participant_groups.exists()


def test_group_of_another_activity_is_not_found(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    other_group = ParticipantGroupFactory(activity=ActivityFactory(organisation=organisation))
    client.force_login(editor)

    response = client.post(reverse("staff:group-delete", kwargs={"slug": activity.slug, "pk": other_group.pk}))

    assert response.status_code == 404
    assert other_group.activity.participant_groups.exists()


def test_recommendation_and_response_flow(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    client.post(
        reverse("staff:recommendation-add", kwargs={"slug": activity.slug}), {"text_en": "Let teachers override"}
    )
    recommendation = Recommendation.objects.get()
    response = client.post(
        reverse("staff:recommendation-response", kwargs={"slug": activity.slug, "pk": recommendation.pk}),
        {
            "response_status": "accepted",
            "explanation_en": "Agreed",
            "action_en": "Added an override",
            "owner_role": "Product owner",
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2026",
            "activity": str(ActivityFactory().pk),
        },
    )

    recommendation.refresh_from_db()
    assert response.status_code == 302
    assert recommendation.reference == "R1"
    assert recommendation.response_status == "accepted"
    assert recommendation.due_on == datetime.date(2026, 6, 1)
    assert recommendation.activity == activity
    assert recommendation.responded_at is not None


def test_response_without_a_status_shows_an_error(client, editor, organisation):
    recommendation = RecommendationFactory(activity=ActivityFactory(organisation=organisation))
    client.force_login(editor)

    response = client.post(
        reverse(
            "staff:recommendation-response", kwargs={"slug": recommendation.activity.slug, "pk": recommendation.pk}
        ),
        {"explanation_en": "Hmm"},
    )

    assert "Choose a response" in response.content.decode()


def test_publish_incomplete_activity_shows_what_is_missing(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    response = client.post(reverse("staff:activity-check", kwargs={"slug": activity.slug}), {})

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "You cannot publish yet" in content
    activity.refresh_from_db()
    assert activity.publication_status == PublicationStatus.DRAFT


def test_check_answers_has_change_links_and_publishes(client, editor, organisation):
    project = ProjectFactory(organisation=organisation, published=True)
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        methods=[Method.FOCUS_GROUP],
        purpose="Test acceptability",
        decisions_informed="Beta or not",
        lifecycle_stage="alpha",
        modality="online",
        actual_start=datetime.date(2026, 3, 1),
        findings_en="Keep a human in the loop",
    )
    ParticipantGroupFactory(activity=activity)
    client.force_login(editor)
    url = reverse("staff:activity-check", kwargs={"slug": activity.slug})

    page = client.get(url).content.decode()
    response = client.post(url, {"change_summary": ""})

    assert reverse("staff:activity-section", kwargs={"slug": activity.slug, "section": "plan"}) in page
    assert "Focus group" in page
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_published
    assert PublicChange.objects.get(activity=activity).summary == "First published"


def test_withdraw_requires_a_reason(client, editor, organisation):
    project = ProjectFactory(organisation=organisation, published=True)
    client.force_login(editor)
    url = reverse("staff:project-withdraw", kwargs={"slug": project.slug})

    refused = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Cancelled"})

    assert "Say why you are withdrawing it" in refused.content.decode()
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.WITHDRAWN


def test_nul_bytes_and_long_text_are_form_errors(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("staff:project-create"), {**PROJECT_POST, "title_en": "Bad\x00title", "summary_en": "x" * 20_000}
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Project.objects.exists()


def test_republish_asks_for_a_change_summary_and_bumps_the_version(client, editor, organisation):
    project = ProjectFactory(organisation=organisation, decisions_open_en="Which schools pilot it")
    client.force_login(editor)
    url = reverse("staff:project-publish", kwargs={"slug": project.slug})

    first_page = client.get(url).content.decode()
    client.post(url, {})
    refused = client.post(url, {"change_summary": ""})
    client.post(url, {"change_summary": "Added the DPIA link"})

    project.refresh_from_db()
    assert "What changed since the last published version?" not in first_page
    assert "Say what changed since the last published version" in refused.content.decode()
    assert project.version == 2
    assert list(project.changes.order_by("version").values_list("summary", flat=True)) == [
        "First published",
        "Added the DPIA link",
    ]


@pytest.mark.parametrize("page", ["-1", "10000000000000", "abc"])
def test_record_list_survives_odd_page_numbers(client, editor, organisation, page):
    ActivityFactory(organisation=organisation, title_en="Only activity")
    client.force_login(editor)

    response = client.get(reverse("staff:record-list"), {"page": page})

    assert response.status_code == 200
    assert "Only activity" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_project_detail_query_count_does_not_grow(client, editor, organisation, django_assert_num_queries, count):
    project = ProjectFactory(organisation=organisation, published=True)
    for _ in range(count):
        ActivityFactory(organisation=organisation, projects=[project])
    client.force_login(editor)
    url = reverse("staff:project-detail", kwargs={"slug": project.slug})
    client.get(url)

    # 1 session, 2 user (with MFA authenticator for the layout banner, platform roles and org admin
    # membership for the layout navigation), 3 project with organisation, 4 editor's membership role,
    # 5 activities, 6 public change history
    with django_assert_num_queries(6):
        client.get(url)


def test_evidence_delete_removes_the_row_and_audits(client, editor, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(organisation=organisation)
    evidence = upload_evidence_file(
        activity=activity, uploaded_by=editor, title="Notes", upload=SimpleUploadedFile("n.pdf", b"%PDF-1.7\n")
    )
    client.force_login(editor)

    response = client.post(reverse("staff:evidence-delete", kwargs={"slug": activity.slug, "pk": evidence.pk}))

    assert response.url == reverse("staff:activity-tasks", kwargs={"slug": activity.slug})
    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.filter(action="participation.evidence_file.deleted").count() == 1


def test_evidence_delete_asks_before_deleting(client, editor, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(organisation=organisation)
    evidence = upload_evidence_file(
        activity=activity, uploaded_by=editor, title="Notes", upload=SimpleUploadedFile("n.pdf", b"%PDF-1.7\n")
    )
    client.force_login(editor)

    response = client.get(reverse("staff:evidence-delete", kwargs={"slug": activity.slug, "pk": evidence.pk}))

    assert "Are you sure you want to delete “Notes”?" in response.content.decode()
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_activity_withdraw_adds_the_reason_to_the_public_history(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation, published=True)
    client.force_login(editor)

    response = client.post(
        reverse("staff:activity-withdraw", kwargs={"slug": activity.slug}),
        {"reason": "Duplicate of another record", "publication_status": "published"},
    )

    activity.refresh_from_db()
    assert response.url == reverse("staff:activity-tasks", kwargs={"slug": activity.slug})
    assert activity.publication_status == PublicationStatus.WITHDRAWN
    assert activity.changes.get().summary == "Withdrawn: Duplicate of another record"


def test_group_edit_ignores_a_posted_activity(client, editor, organisation):
    group = ParticipantGroupFactory(activity=ActivityFactory(organisation=organisation))
    elsewhere = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    client.post(
        reverse("staff:group-edit", kwargs={"slug": group.activity.slug, "pk": group.pk}),
        {
            "label": "Carers",
            "representation_type": "lived_experience",
            "recruitment": "open",
            "activity": str(elsewhere.pk),
        },
    )

    group.refresh_from_db()
    assert group.label == "Carers"
    assert group.activity != elsewhere


def test_task_list_works_in_welsh(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    # The middleware switches this thread to Welsh; override puts English back for the tests after.
    with translation.override("en"):
        response = client.get("/cy" + reverse("staff:activity-tasks", kwargs={"slug": activity.slug}))

    assert response.status_code == 200
    assert '<html lang="cy"' in response.content.decode()
