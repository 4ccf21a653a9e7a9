import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participation.models import ActivityMethod, AuditEvent, PublicChange
from participation.models.vocabularies import (
    LifecyclePhase,
    Method,
    Modality,
    ParticipationLevel,
    ProjectType,
    PublicationStatus,
    Recruitment,
    RepresentationType,
    ResponseStatus,
)
from participation.services import engagement
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)

PROJECT_FIELDS = {
    "title_en": "AI triage for GP referrals",
    "summary_en": "A tool that suggests how urgent a referral is.",
    "project_type": ProjectType.AI_TOOL,
    "lifecycle_phase": LifecyclePhase.ALPHA,
}


def complete_activity(organisation, **kwargs):
    project = ProjectFactory(organisation=organisation, published=True)
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        methods=[Method.FOCUS_GROUP],
        purpose="Test acceptability",
        decisions_informed="Whether to go to beta",
        lifecycle_stage=LifecyclePhase.ALPHA,
        modality=Modality.ONLINE,
        actual_start=datetime.date(2026, 3, 1),
        findings_en="People want a human in the loop.",
        **kwargs,
    )
    ParticipantGroupFactory(activity=activity)
    return activity


def test_create_project_sets_owner_slug_and_audit(organisation, editor):
    project = engagement.create_project(organisation=organisation, created_by=editor, **PROJECT_FIELDS)

    assert project.organisation == organisation
    assert project.created_by == editor
    assert project.slug == "ai-triage-for-gp-referrals"
    assert project.publication_status == PublicationStatus.DRAFT
    event = AuditEvent.objects.get(action="participation.project.created")
    assert event.target_id == str(project.pk)
    assert event.changes["title_en"] == [None, "AI triage for GP referrals"]


def test_create_project_slug_is_unique(organisation, editor):
    first = engagement.create_project(organisation=organisation, created_by=editor, **PROJECT_FIELDS)
    second = engagement.create_project(organisation=organisation, created_by=editor, **PROJECT_FIELDS)

    assert (first.slug, second.slug) == ("ai-triage-for-gp-referrals", "ai-triage-for-gp-referrals-2")


def test_create_project_ignores_fields_it_does_not_allow(organisation, other_organisation, editor, outsider):
    project = engagement.create_project(
        organisation=organisation,
        created_by=editor,
        **PROJECT_FIELDS,
        publication_status=PublicationStatus.PUBLISHED,
        version=9,
        slug="chosen",
    )

    project.refresh_from_db()
    assert (project.publication_status, project.version, project.organisation) == ("draft", 1, organisation)
    assert project.slug != "chosen"


def test_create_project_refuses_someone_who_is_not_an_editor(organisation, member):
    with pytest.raises(PermissionDenied):
        engagement.create_project(organisation=organisation, created_by=member, **PROJECT_FIELDS)


def test_update_project_records_changed_fields_only(organisation, editor):
    project = ProjectFactory(organisation=organisation, team="Old team")

    engagement.update_project(project=project, changed_by=editor, team="New team", title_en=project.title_en)

    event = AuditEvent.objects.get(action="participation.project.updated")
    assert event.changes == {"team": ["Old team", "New team"]}


def test_update_project_without_changes_records_nothing(organisation, editor):
    project = ProjectFactory(organisation=organisation)

    engagement.update_project(project=project, changed_by=editor, title_en=project.title_en)

    assert not AuditEvent.objects.filter(action="participation.project.updated").exists()


def test_update_project_refuses_another_organisations_editor(organisation, other_org_admin):
    project = ProjectFactory(organisation=organisation)

    with pytest.raises(PermissionDenied):
        engagement.update_project(project=project, changed_by=other_org_admin, team="Taken over")


def test_create_activity_links_projects_of_its_organisation(organisation, editor):
    project = ProjectFactory(organisation=organisation)

    activity = engagement.create_activity(
        organisation=organisation, projects=[project], created_by=editor, title_en="Workshop", summary_en="Three days"
    )

    assert list(activity.projects.all()) == [project]
    assert AuditEvent.objects.get(action="participation.activity.created").changes["projects"] == [None, project.slug]


def test_create_activity_refuses_another_organisations_project(organisation, other_organisation, editor):
    foreign = ProjectFactory(organisation=other_organisation)

    with pytest.raises(ValidationError):
        engagement.create_activity(
            organisation=organisation, projects=[foreign], created_by=editor, title_en="W", summary_en="S"
        )


def test_update_activity_changes_any_subset_of_fields(organisation, editor):
    activity = ActivityFactory(organisation=organisation, locations="")

    engagement.update_activity(activity=activity, changed_by=editor, locations="Cardiff", session_count=3)

    activity.refresh_from_db()
    assert (activity.locations, activity.session_count) == ("Cardiff", 3)
    assert AuditEvent.objects.get(action="participation.activity.updated").changes == {
        "locations": ["", "Cardiff"],
        "session_count": [None, "3"],
    }


def test_update_activity_replaces_methods_with_fields_in_one_audit_event(organisation, editor):
    activity = ActivityFactory(organisation=organisation, methods=[Method.SURVEY, Method.FOCUS_GROUP])

    engagement.update_activity(
        activity=activity, changed_by=editor, methods=[Method.FOCUS_GROUP, Method.CO_DESIGN], locations="Bangor"
    )

    assert set(ActivityMethod.objects.filter(activity=activity).values_list("method", flat=True)) == {
        Method.FOCUS_GROUP,
        Method.CO_DESIGN,
    }
    event = AuditEvent.objects.get(action="participation.activity.updated")
    assert event.changes["methods"] == ["focus_group, survey", "co_design, focus_group"]
    assert event.changes["locations"] == ["", "Bangor"]


def test_participant_group_add_update_delete_are_audited(organisation, editor):
    activity = ActivityFactory(organisation=organisation)

    group = engagement.add_participant_group(
        activity=activity,
        added_by=editor,
        label="Young people 16 to 24",
        representation_type=RepresentationType.LIVED_EXPERIENCE,
        recruitment=Recruitment.OPEN,
        activity_id="ignored",
    )
    engagement.update_participant_group(group=group, changed_by=editor, took_part_count=12)
    engagement.delete_participant_group(group=group, deleted_by=editor)

    assert activity.participant_groups.count() == 0
    assert sorted(
        AuditEvent.objects.filter(action__startswith="participation.participant_group").values_list("action", flat=True)
    ) == [
        "participation.participant_group.added",
        "participation.participant_group.deleted",
        "participation.participant_group.updated",
    ]


def test_add_recommendation_numbers_references(organisation, editor):
    activity = ActivityFactory(organisation=organisation)

    first = engagement.add_recommendation(activity=activity, added_by=editor, text_en="Keep a human in the loop")
    second = engagement.add_recommendation(activity=activity, added_by=editor, text_en="Publish the model card")

    assert (first.reference, second.reference) == ("R1", "R2")


def test_add_recommendation_refuses_a_duplicate_reference(organisation, editor):
    activity = ActivityFactory(organisation=organisation)
    engagement.add_recommendation(activity=activity, added_by=editor, reference="A", text_en="One")

    with pytest.raises(ValidationError) as error:
        engagement.add_recommendation(activity=activity, added_by=editor, reference="A", text_en="Two")

    assert "reference" in error.value.error_dict


def test_record_response_sets_fields_and_responded_at(organisation, editor):
    recommendation = RecommendationFactory(activity=ActivityFactory(organisation=organisation))

    engagement.record_response(
        recommendation=recommendation,
        responded_by=editor,
        response_status=ResponseStatus.ACCEPTED,
        explanation_en="It is the law anyway",
        action_en="Added an override button",
        owner_role="Product owner",
        due_on=datetime.date(2026, 6, 1),
        done_on=datetime.date(2026, 5, 20),
        evidence_url="https://example.gov.uk/release-notes",
    )

    recommendation.refresh_from_db()
    assert recommendation.response_status == ResponseStatus.ACCEPTED
    assert recommendation.owner_role == "Product owner"
    assert recommendation.responded_at is not None
    assert AuditEvent.objects.get(action="participation.recommendation.responded").changes["response_status"] == [
        "",
        "accepted",
    ]


def test_publish_activity_refuses_when_incomplete_and_says_what_is_missing(organisation, editor):
    activity = ActivityFactory(organisation=organisation, level_achieved="")

    with pytest.raises(ValidationError) as error:
        engagement.publish_activity(activity=activity, published_by=editor)

    message = error.value.messages[0]
    assert "the purpose" in message
    assert "at least one participant group" in message
    assert "the participation level achieved" in message
    assert "publish the project first" in message
    activity.refresh_from_db()
    assert activity.publication_status == PublicationStatus.DRAFT


def test_publish_activity_first_time_writes_version_one(organisation, editor):
    activity = complete_activity(organisation)

    engagement.publish_activity(activity=activity, published_by=editor)

    activity.refresh_from_db()
    assert (activity.publication_status, activity.version) == ("published", 1)
    assert activity.published_at is not None
    assert [(c.version, c.summary) for c in PublicChange.objects.filter(activity=activity)] == [(1, "First published")]
    assert AuditEvent.objects.filter(action="participation.activity.published").count() == 1


def test_publish_activity_again_bumps_version_with_the_editors_summary(organisation, editor):
    activity = complete_activity(organisation)
    engagement.publish_activity(activity=activity, published_by=editor)

    engagement.publish_activity(activity=activity, published_by=editor, change_summary="Added the response to R2")

    activity.refresh_from_db()
    assert activity.version == 2
    assert (
        PublicChange.objects.filter(activity=activity).order_by("version").last().summary == "Added the response to R2"
    )


def test_publish_again_without_a_summary_is_refused(organisation, editor):
    activity = complete_activity(organisation)
    engagement.publish_activity(activity=activity, published_by=editor)

    with pytest.raises(ValidationError) as error:
        engagement.publish_activity(activity=activity, published_by=editor, change_summary=" ")

    assert "change_summary" in error.value.error_dict


def test_publish_project_refuses_when_incomplete(organisation, editor):
    project = ProjectFactory(organisation=organisation, decisions_open_en="")

    with pytest.raises(ValidationError) as error:
        engagement.publish_project(project=project, published_by=editor)

    assert "the decisions open to public influence" in error.value.messages[0]


def test_publish_project_when_complete(organisation, editor):
    project = ProjectFactory(organisation=organisation, decisions_open_en="Which schools pilot it")

    engagement.publish_project(project=project, published_by=editor)

    project.refresh_from_db()
    assert project.is_published
    assert project.changes.get().version == 1


def test_withdraw_records_reason_in_public_history(organisation, editor):
    project = ProjectFactory(organisation=organisation, published=True)

    engagement.withdraw(record=project, withdrawn_by=editor, reason="Project cancelled")

    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.WITHDRAWN
    assert project.changes.get().summary == "Withdrawn: Project cancelled"
    assert AuditEvent.objects.get(action="participation.project.withdrawn").changes["reason"] == [
        None,
        "Project cancelled",
    ]


def test_withdraw_a_draft_is_refused(organisation, editor):
    project = ProjectFactory(organisation=organisation)

    with pytest.raises(ValidationError):
        engagement.withdraw(record=project, withdrawn_by=editor, reason="No")


def test_activity_section_status_follows_filled_fields(organisation):
    activity = ActivityFactory(organisation=organisation, level_promised="")
    assert engagement.activity_section_status(activity, "plan") == engagement.NOT_STARTED

    activity.purpose = "Understand needs"
    assert engagement.activity_section_status(activity, "plan") == engagement.INCOMPLETE

    complete = complete_activity(organisation, level_promised=ParticipationLevel.CONSULT)
    assert engagement.activity_section_status(complete, "plan") == engagement.COMPLETED
    assert engagement.activity_section_status(complete, "run") == engagement.COMPLETED
    assert engagement.activity_section_status(complete, "report") == engagement.COMPLETED
    assert engagement.activity_section_status(complete, "respond") == engagement.NOT_STARTED


def test_update_activity_refuses_methods_outside_the_vocabulary(organisation, editor):
    activity = ActivityFactory(organisation=organisation, methods=[Method.SURVEY])

    with pytest.raises(ValidationError, match="Choose methods from the list"):
        engagement.update_activity(activity=activity, changed_by=editor, methods=["survey", "séance"])

    assert list(activity.methods.values_list("method", flat=True)) == ["survey"]
