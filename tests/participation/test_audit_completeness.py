"""Every create, update or delete of an organisation's records writes exactly one audit event
(QUALITY.md's audit bar). Each write service of the engagement log and of organisations is called
once; rows written to the organisation's tables are counted by signal and compared with the audit
events added. A new write service that is not called here fails the suite."""

import datetime
import inspect

import pytest
from django.db.models.signals import m2m_changed, post_delete, post_save

from participation.models import (
    Activity,
    ActivityMethod,
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    ParticipantGroup,
    Project,
    PublicChange,
    Recommendation,
)
from participation.models.vocabularies import (
    LifecyclePhase,
    ProjectType,
    Recruitment,
    RepresentationType,
    ResponseStatus,
)
from participation.services import engagement, organisations
from tests.participation.engagement.test_staff_services import complete_activity
from tests.participation.factories import UserFactory

ORGANISATION_RECORDS = (
    Organisation,
    Membership,
    Invitation,
    Project,
    Activity,
    ActivityMethod,
    ParticipantGroup,
    Recommendation,
    PublicChange,
)
WRITE_VERBS = ("create_", "update_", "add_", "delete_", "publish_", "withdraw", "record_", "invite_", "accept_",
               "revoke_", "change_", "remove_")  # fmt: skip
# Writes about the person, not the organisation's records; audited or not, they are tested elsewhere.
NOT_ORGANISATION_RECORDS = {"organisations.update_profile"}


def _write_services() -> set[str]:
    names = set()
    for module in (engagement, organisations):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and name.startswith(WRITE_VERBS):
                names.add(f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
    return names - NOT_ORGANISATION_RECORDS


class WriteCounter:
    def __init__(self):
        self.writes = 0

    def __call__(self, sender, **kwargs):
        if kwargs.get("action", "post_add").startswith("post_"):
            self.writes += 1


@pytest.fixture
def audited(db):
    """Call a service; assert it wrote the organisation's records and added exactly one audit event."""
    counter = WriteCounter()
    for model in ORGANISATION_RECORDS:
        post_save.connect(counter, sender=model, weak=False)
        post_delete.connect(counter, sender=model, weak=False)
    m2m_changed.connect(counter, sender=Activity.projects.through, weak=False)
    called = set()

    def call(name: str, *args, **kwargs):
        module, function = name.split(".")
        counter.writes = 0
        before = AuditEvent.objects.count()
        result = getattr({"engagement": engagement, "organisations": organisations}[module], function)(*args, **kwargs)
        assert counter.writes > 0, f"{name} wrote nothing"
        assert AuditEvent.objects.count() - before == 1, name
        called.add(name)
        return result

    yield call
    for model in ORGANISATION_RECORDS:
        post_save.disconnect(counter, sender=model)
        post_delete.disconnect(counter, sender=model)
    m2m_changed.disconnect(counter, sender=Activity.projects.through)
    assert called == _write_services(), "write services not checked here: " + ", ".join(
        sorted(_write_services() - called)
    )


def test_every_write_to_an_organisations_records_writes_one_audit_event(audited, organisation, editor, org_admin):
    newcomer = UserFactory(email="newcomer@example.gov.uk")

    invitation = audited(
        "organisations.invite_member",
        organisation=organisation,
        email=newcomer.email,
        role="member",
        invited_by=org_admin,
    )
    membership = audited("organisations.accept_invitation", invitation=invitation, user=newcomer)
    audited("organisations.change_member_role", membership=membership, role="editor", changed_by=org_admin)
    audited("organisations.remove_member", membership=membership, removed_by=org_admin)
    other = audited(
        "organisations.invite_member", organisation=organisation, email="x@example.gov.uk", role="member",
        invited_by=org_admin,
    )  # fmt: skip
    audited("organisations.revoke_invitation", invitation=other, revoked_by=org_admin)
    audited(
        "organisations.update_organisation_details",
        organisation=organisation,
        changed_by=org_admin,
        website="https://www.gov.uk/government/organisations/dsit",
    )

    project = audited(
        "engagement.create_project",
        organisation=organisation,
        created_by=editor,
        title_en="AI triage for GP referrals",
        summary_en="A tool that suggests how urgent a referral is.",
        project_type=ProjectType.AI_TOOL,
        lifecycle_phase=LifecyclePhase.ALPHA,
    )
    audited("engagement.update_project", project=project, changed_by=editor, team="Digital health")
    activity = audited(
        "engagement.create_activity",
        organisation=organisation,
        projects=[project],
        created_by=editor,
        title_en="Workshop",
        summary_en="Three days",
    )
    audited("engagement.update_activity", activity=activity, changed_by=editor, locations="Bangor")
    group = audited(
        "engagement.add_participant_group",
        activity=activity,
        added_by=editor,
        label="Young people",
        representation_type=RepresentationType.LIVED_EXPERIENCE,
        recruitment=Recruitment.OPEN,
    )
    audited("engagement.update_participant_group", group=group, changed_by=editor, took_part_count=12)
    audited("engagement.delete_participant_group", group=group, deleted_by=editor)
    recommendation = audited("engagement.add_recommendation", activity=activity, added_by=editor, text_en="Explain it")
    audited(
        "engagement.update_recommendation", recommendation=recommendation, changed_by=editor, text_en="Explain it well"
    )
    audited(
        "engagement.record_response",
        recommendation=recommendation,
        responded_by=editor,
        response_status=ResponseStatus.ACCEPTED,
        action_en="Added an explanation page",
        done_on=datetime.date(2026, 5, 20),
    )

    audited(
        "engagement.update_project",
        project=project,
        changed_by=editor,
        decisions_open_en="Whether to use the tool at all",
        planned_level="consult",
    )
    audited("engagement.publish_project", project=project, published_by=editor)
    ready = complete_activity(organisation)
    audited("engagement.publish_activity", activity=ready, published_by=editor)
    audited("engagement.withdraw", record=ready, withdrawn_by=editor, reason="Published by mistake")
