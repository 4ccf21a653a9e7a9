"""The write-up page, publication, impact and recording the lab in the engagement log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from designlabs.models import Attendance, OutputKind, ParticipantRole, ParticipantStatus
from designlabs.services import writeup as service
from participation.models import Activity, AuditEvent, Membership, Project
from participation.models.vocabularies import LifecyclePhase, ProjectType
from tests.designlabs.factories import OutputFactory, ParticipantFactory, SessionFactory
from tests.participation.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _project(organisation, title="AI tools in schools pilot"):
    return Project.objects.create(
        organisation=organisation,
        slug=f"project-{organisation.slug}",
        title_en=title,
        summary_en="A project.",
        project_type=ProjectType.values[0],
        lifecycle_phase=LifecyclePhase.values[0],
    )


def test_facilitator_saves_the_write_up_with_one_audit_event(client, lab_world, facilitator):
    lab = lab_world["lab"]
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:write-up-edit", kwargs={"slug": lab.slug}),
        {"summary_en": "What happened.", "summary_cy": "", "next_steps_en": "Next.", "next_steps_cy": "",
         "status": "closed", "department": "x"},
    )  # fmt: skip

    assert response.status_code == 302
    lab.refresh_from_db()
    assert (lab.summary_en, lab.next_steps_en, lab.status) == ("What happened.", "Next.", "running")
    assert list(
        AuditEvent.objects.filter(action="designlabs.write_up.updated").values_list("target_id", flat=True)
    ) == [str(lab.pk)]


def test_publish_needs_a_summary_then_publishes_and_unpublishes(client, lab_world, facilitator):
    lab = lab_world["lab"]
    client.force_login(facilitator)
    url = reverse("designlabs:write-up-edit", kwargs={"slug": lab.slug})

    refused = client.post(url, {"action": "publish"})
    lab.refresh_from_db()
    assert refused.status_code == 200 and lab.write_up_published_at is None
    assert "Say what happened before publishing the write-up" in refused.content.decode()

    service.update_write_up(lab=lab, changed_by=facilitator, summary_en="We met.")
    client.post(url, {"action": "publish"})
    lab.refresh_from_db()
    assert lab.is_write_up_published
    client.post(url, {"action": "unpublish"})
    lab.refresh_from_db()
    assert not lab.is_write_up_published
    assert AuditEvent.objects.filter(action__startswith="designlabs.write_up.").count() == 3


@pytest.mark.parametrize("n", [1, 5])
def test_write_up_edit_query_count(client, lab_world, facilitator, django_assert_num_queries, n):
    for _ in range(n):
        OutputFactory(session=lab_world["session"], is_public=True)
    client.force_login(facilitator)

    # session, user (with roles and MFA facts); lab (with facilitating and partner flags); lab_access
    # (participation); the lab's guidance documents; output counts; published guidance documents for the
    # checkboxes.
    with django_assert_num_queries(7):
        response = client.get(reverse("designlabs:write-up-edit", kwargs={"slug": lab_world["lab"].slug}))

    assert response.context["counts"]["public"] == n


def test_impact_is_added_and_shown_on_the_public_page(client, lab_world, facilitator):
    lab = lab_world["lab"]
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:impact-add", kwargs={"slug": lab.slug}),
        {"happened_on": "2026-03-01", "description_en": "Guidance version 2.0 published citing this lab",
         "url": "https://example.org/guidance"},
    )  # fmt: skip

    assert response.status_code == 302
    assert lab.impacts.get().recorded_by == facilitator
    assert "Guidance version 2.0 published citing this lab" in client.get(lab.get_absolute_url()).content.decode()
    assert AuditEvent.objects.filter(action="designlabs.impact.added").count() == 1


def test_impact_form_rejects_bad_input_without_a_500(client, lab_world, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:impact-add", kwargs={"slug": lab_world["lab"].slug}),
        {"happened_on": "not a date", "description_en": "x\x00y", "url": "javascript:alert(1)"},
    )

    assert response.status_code == 200
    assert not lab_world["lab"].impacts.exists()
    assert "Error:" in response.content.decode()


def test_record_activity_explains_when_the_facilitator_edits_no_organisation(client, lab_world, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("designlabs:record-activity", kwargs={"slug": lab_world["lab"].slug}))

    assert "you are not an editor of any organisation" in response.content.decode()


def test_record_activity_creates_a_prefilled_draft_once(client, lab_world, facilitator):
    lab = lab_world["lab"]
    lab.chatham_house = True
    lab.save()
    session = lab_world["session"]
    later = SessionFactory(lab=lab, mode="online", starts_at=session.starts_at + datetime.timedelta(days=14),
                           ends_at=session.ends_at + datetime.timedelta(days=14))  # fmt: skip
    expert = ParticipantFactory(lab=lab, role=ParticipantRole.EXPERT)
    ParticipantFactory(lab=lab, role=ParticipantRole.EXPERT, status=ParticipantStatus.DECLINED)
    Attendance.objects.create(session=session, participant=expert, present=True)
    OutputFactory(session=session, kind=OutputKind.RECOMMENDATION, is_public=True, dot_count=3, text="Top")
    OutputFactory(session=session, kind=OutputKind.RECOMMENDATION, is_public=False, text="Private")
    membership = MembershipFactory(user=facilitator, role=Membership.Role.EDITOR)
    project = _project(membership.organisation)
    client.force_login(facilitator)
    url = reverse("designlabs:record-activity", kwargs={"slug": lab.slug})

    response = client.post(url, {"project": project.pk, "organisation": "elsewhere"})

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("staff:activity-tasks", kwargs={"slug": activity.slug})
    assert (activity.organisation, activity.publication_status, activity.title_en) == (
        membership.organisation, "draft", lab.title_en
    )  # fmt: skip
    assert activity.summary_en == lab.public_description_en
    assert activity.chatham_house is True
    assert activity.modality == "hybrid"
    assert activity.session_count == 2
    assert (activity.actual_start, activity.actual_end) == (
        timezone.localdate(session.starts_at), timezone.localdate(later.ends_at)
    )  # fmt: skip
    assert sorted(activity.methods.values_list("method", flat=True)) == ["co_design", "design_lab"]
    groups = {g.label: (g.invited_count, g.took_part_count) for g in activity.participant_groups.all()}
    # Attendance was taken: only the expert who came counts as taking part; the public participant did not come.
    assert groups == {"Public participant": (2, 0), "Expert": (2, 1)}
    assert list(activity.recommendations.values_list("text_en", flat=True)) == ["Top"]
    lab.refresh_from_db()
    assert lab.activity == activity

    again = client.get(url)
    assert "already recorded in the engagement log" in again.content.decode()
    client.post(url, {"project": project.pk})
    assert Activity.objects.count() == 1
