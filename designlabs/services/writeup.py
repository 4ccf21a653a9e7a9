"""The lab's write-up (what happened, what happens next, resulting guidance, publication), its record
in the engagement log, and impact entries. Each write records one audit event."""

from collections import Counter
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from designlabs.models import (
    Attendance,
    Impact,
    Lab,
    Output,
    OutputKind,
    Participant,
    ParticipantRole,
    ParticipantStatus,
)
from guidance.models import GuidanceDocument
from participation.models import Activity, Project
from participation.models.vocabularies import ActivityStatus, Method, Modality, Recruitment, RepresentationType
from participation.permissions import can_edit_organisation_records
from participation.services import engagement
from participation.services.audit import changed_fields, record_audit
from participation.services.locks import lock_until_commit

WRITE_UP_FIELDS = ("summary_en", "summary_cy", "next_steps_en", "next_steps_cy")
IMPACT_FIELDS = ("happened_on", "description_en", "description_cy", "url", "guidance_version")
# The top public recommendations carried into the engagement log.
RECOMMENDATIONS_RECORDED = 10
# Facilitators run the lab rather than take part in it; observers watch.
ROLES_NOT_COUNTED = {ParticipantRole.FACILITATOR, ParticipantRole.OBSERVER}
REPRESENTATION = {
    ParticipantRole.PUBLIC: RepresentationType.AFFECTED_COMMUNITY,
    ParticipantRole.LIVED_EXPERIENCE: RepresentationType.LIVED_EXPERIENCE,
    ParticipantRole.CIVIL_SERVANT: RepresentationType.ORGANISATION,
    ParticipantRole.EXPERT: RepresentationType.EXPERT,
}
ACTIVITY_SUMMARY_LIMIT = 2000


# What the public sees: the public page and the PDF show the same


def public_outputs(lab: Lab) -> list[Output]:
    """The outputs marked public, most dots first."""
    return list(lab.outputs.filter(is_public=True).select_related("theme").order_by("-dot_count", "created_at"))


def by_theme(outputs: list[Output]) -> list[dict]:
    """Outputs grouped by theme (themes in their order, unthemed last), each group most dots first."""
    groups: dict = {}
    for output in outputs:
        groups.setdefault(output.theme, []).append(output)
    themed = sorted((theme for theme in groups if theme is not None), key=lambda theme: (theme.position, theme.title))
    ordered = [{"theme": theme, "outputs": groups[theme]} for theme in themed]
    if None in groups:
        ordered.append({"theme": None, "outputs": groups[None]})
    return ordered


def taking_part(lab: Lab) -> dict:
    """Who took part, in aggregate: accepted participants counted by role."""
    counts = dict(
        Participant.objects.filter(lab=lab, status=ParticipantStatus.ACCEPTED)
        .order_by()
        .values_list("role")
        .annotate(count=Count("id"))
    )
    roles = [(label, counts[role]) for role, label in ParticipantRole.choices if counts.get(role)]
    return {"roles": roles, "total": sum(counts.values())}


def lab_impacts(lab: Lab) -> list[Impact]:
    return list(Impact.objects.filter(lab=lab).select_related("guidance_version__document").order_by("-happened_on"))


def write_up_context(lab: Lab) -> dict:
    """What the public page and the PDF share once the write-up is published."""
    outputs = public_outputs(lab)
    return {
        "outputs": outputs,
        "output_groups": by_theme(outputs),
        "guidance_documents": list(
            GuidanceDocument.objects.filter(design_labs=lab).only("slug", "title_en", "title_cy").order_by("title_en")
        ),
        "impacts": lab_impacts(lab),
    }


# The write-up


@transaction.atomic
def update_write_up(*, lab: Lab, changed_by, guidance_documents=None, **fields) -> Lab:
    fields = {name: value for name, value in fields.items() if name in WRITE_UP_FIELDS}
    changes = changed_fields(lab, fields)
    for name, value in fields.items():
        setattr(lab, name, value)
    if guidance_documents is not None:
        old = sorted(lab.guidance_documents.values_list("slug", flat=True))
        new = sorted(document.slug for document in guidance_documents)
        if old != new:
            lab.guidance_documents.set(guidance_documents)
            changes["guidance_documents"] = [", ".join(old), ", ".join(new)]
    field_changes = [name for name in changes if name in WRITE_UP_FIELDS]
    if field_changes:
        lab.full_clean(exclude=["slug", "created_by"])
        lab.save(update_fields=[*field_changes, "updated_at"])
    if changes:
        record_audit(
            actor=changed_by,
            action="designlabs.write_up.updated",
            target=lab,
            organisation=lab.department,
            changes=changes,
        )
    return lab


@transaction.atomic
def publish_write_up(*, lab: Lab, published_by) -> Lab:
    if lab.is_write_up_published:
        return lab
    if not lab.summary_en.strip():
        raise ValidationError({"summary_en": _("Say what happened before publishing the write-up")})
    lab.write_up_published_at = timezone.now()
    lab.save(update_fields=["write_up_published_at", "updated_at"])
    record_audit(
        actor=published_by,
        action="designlabs.write_up.published",
        target=lab,
        organisation=lab.department,
        changes={"write_up_published_at": [None, lab.write_up_published_at.isoformat()]},
    )
    return lab


@transaction.atomic
def unpublish_write_up(*, lab: Lab, unpublished_by) -> Lab:
    if not lab.is_write_up_published:
        return lab
    old = lab.write_up_published_at
    lab.write_up_published_at = None
    lab.save(update_fields=["write_up_published_at", "updated_at"])
    record_audit(
        actor=unpublished_by,
        action="designlabs.write_up.unpublished",
        target=lab,
        organisation=lab.department,
        changes={"write_up_published_at": [old.isoformat(), None]},
    )
    return lab


# Impact


@transaction.atomic
def add_impact(*, lab: Lab, recorded_by, **fields) -> Impact:
    fields = {name: value for name, value in fields.items() if name in IMPACT_FIELDS}
    version = fields.get("guidance_version")
    if version is not None and not version.is_published:
        raise ValidationError({"guidance_version": _("Choose a published guidance version")})
    impact = Impact(lab=lab, recorded_by=recorded_by, **fields)
    impact.full_clean()
    impact.save()
    record_audit(
        actor=recorded_by,
        action="designlabs.impact.added",
        target=impact,
        organisation=lab.department,
        changes={name: [None, None if value is None else str(value)] for name, value in fields.items()},
    )
    return impact


# The engagement log


def participant_groups(lab: Lab) -> list[dict]:
    """Invited and took-part counts per role, for the engagement log: everyone invited, and those
    who accepted (or, once attendance has been taken, came to at least one session)."""
    people = Participant.objects.filter(lab=lab).exclude(role__in=ROLES_NOT_COUNTED)
    attendance_taken = Attendance.objects.filter(session__lab=lab).exists()
    attended = set(
        Attendance.objects.filter(session__lab=lab, present=True).values_list("participant_id", flat=True).distinct()
    )
    invited, took_part = Counter(), Counter()
    for pk, role, status in people.values_list("pk", "role", "status"):
        invited[role] += 1
        if status == ParticipantStatus.ACCEPTED and (not attendance_taken or pk in attended):
            took_part[role] += 1
    labels = dict(ParticipantRole.choices)
    return [
        {
            "label": str(labels[role]),
            "representation_type": REPRESENTATION.get(role, RepresentationType.ORGANISATION),
            "recruitment": Recruitment.INVITED,
            "invited_count": invited[role],
            "took_part_count": took_part[role],
        }
        for role in ParticipantRole.values
        if invited[role]
    ]


def activity_fields(lab: Lab) -> dict:
    sessions = list(lab.sessions.all())
    fields = {
        "title_en": lab.title_en,
        "title_cy": lab.title_cy,
        "summary_en": lab.public_description_en[:ACTIVITY_SUMMARY_LIMIT],
        "summary_cy": lab.public_description_cy[:ACTIVITY_SUMMARY_LIMIT],
        "purpose": lab.policy_question_en,
        "chatham_house": lab.chatham_house,
        "session_count": len(sessions),
    }
    if sessions:
        modes = {session.mode for session in sessions}
        fields["modality"] = modes.pop() if len(modes) == 1 else Modality.HYBRID
        fields["actual_start"] = timezone.localdate(sessions[0].starts_at)
        fields["actual_end"] = timezone.localdate(max(session.ends_at for session in sessions))
        seconds = sum((session.ends_at - session.starts_at).total_seconds() for session in sessions)
        fields["contact_hours"] = Decimal(round(seconds / 3600, 1)).quantize(Decimal("0.1"))
        now = timezone.now()
        if all(session.ends_at <= now for session in sessions):
            fields["status"] = ActivityStatus.COMPLETED
        elif any(session.starts_at <= now for session in sessions):
            fields["status"] = ActivityStatus.IN_PROGRESS
    return fields


@transaction.atomic
def record_in_engagement_log(*, lab: Lab, project: Project, recorded_by) -> Activity:
    """One step: a draft activity in the project's organisation, pre-filled from the lab, with
    participant groups by role and the top public recommendations. A lab is recorded once."""
    if not can_edit_organisation_records(recorded_by, project.organisation):
        raise PermissionDenied
    lock_until_commit(f"designlabs:record-activity:{lab.pk}")
    lab.refresh_from_db(fields=["activity"])
    if lab.activity_id is not None:
        raise ValidationError(_("This lab is already in the engagement log"))
    activity = engagement.create_activity(
        organisation=project.organisation, projects=[project], created_by=recorded_by, **activity_fields(lab)
    )
    engagement.update_activity(activity=activity, changed_by=recorded_by, methods=[Method.DESIGN_LAB, Method.CO_DESIGN])
    for group in participant_groups(lab):
        engagement.add_participant_group(activity=activity, added_by=recorded_by, **group)
    recommendations = lab.outputs.filter(is_public=True, kind=OutputKind.RECOMMENDATION).order_by(
        "-dot_count", "created_at"
    )[:RECOMMENDATIONS_RECORDED]
    for output in recommendations:
        engagement.add_recommendation(activity=activity, added_by=recorded_by, text_en=output.text)
    lab.activity = activity
    lab.save(update_fields=["activity", "updated_at"])
    record_audit(
        actor=recorded_by,
        action="designlabs.lab.recorded_in_engagement_log",
        target=lab,
        organisation=lab.department,
        changes={"activity": [None, activity.slug]},
    )
    return activity


def public_output_counts(lab: Lab) -> dict:
    """For the write-up preview: how many outputs the public will see, of how many."""
    return Output.objects.filter(lab=lab).aggregate(
        total=Count("id"),
        public=Count("id", filter=Q(is_public=True)),
        public_recommendations=Count("id", filter=Q(is_public=True, kind=OutputKind.RECOMMENDATION)),
    )
