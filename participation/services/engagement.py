"""Writes to the engagement log: projects, activities, participant groups, recommendations and
their responses, publication and withdrawal. Each write records one audit event."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.models import (
    Activity,
    ActivityMethod,
    NotificationKind,
    ParticipantGroup,
    Project,
    PublicChange,
    Recommendation,
)
from participation.models.organisations import Membership, Organisation
from participation.models.vocabularies import Method, PublicationStatus
from participation.permissions import can_edit_organisation_records
from participation.services.audit import record_audit
from participation.services.email import queue_email
from participation.services.slugs import unique_slug

# Only these fields can be written through the services: whatever else a form or a POST
# carries (organisation, created_by, publication_status, version...) never reaches a model.
# In the order the project form asks for them.
PROJECT_FIELDS = (
    "title_en",
    "title_cy",
    "summary_en",
    "summary_cy",
    "description_en",
    "description_cy",
    "project_type",
    "lifecycle_phase",
    "procurement_stage",
    "procurement_notice_ids",
    "team",
    "sro_role",
    "affected_communities",
    "decisions_open_en",
    "decisions_open_cy",
    "decisions_fixed_en",
    "decisions_fixed_cy",
    "planned_level",
    "planned_level_rationale",
    "engagement_intent",
    "atrs_url",
    "impact_assessment_url",
    "datasets_url",
    "website",
    "contact_email",
    "delivers_services_in_wales",
    "welsh_impact_considered",
)
ACTIVITY_FIELDS = frozenset(
    {
        "title_en",
        "title_cy",
        "summary_en",
        "summary_cy",
        "status",
        "purpose",
        "decisions_informed",
        "decision_maker_role",
        "lifecycle_stage",
        "level_promised",
        "method_description",
        "modality",
        "locations",
        "session_count",
        "contact_hours",
        "delivery_language",
        "interpretation_provided",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "delivery_partner",
        "cost_total",
        "cost_includes_vat",
        "funding_source",
        "level_achieved",
        "reflection",
        "findings_en",
        "findings_cy",
        "findings_reported_on",
        "report_url",
        "what_changed_en",
        "what_changed_cy",
        "participants_told_on",
        "participants_told_how",
        "response_published_on",
        "evaluator",
        "evaluation_url",
        "lessons_learned",
        "chatham_house",
    }
)
GROUP_FIELDS = frozenset(
    {
        "label",
        "representation_type",
        "recruitment",
        "recruiter",
        "invited_count",
        "took_part_count",
        "completed_count",
        "demographic_summary",
        "payment_per_person",
        "expenses_covered",
        "access_adjustments",
        "includes_under_18s",
    }
)
RECOMMENDATION_FIELDS = frozenset({"reference", "text_en", "text_cy"})
RESPONSE_FIELDS = frozenset(
    {
        "response_status",
        "explanation_en",
        "explanation_cy",
        "action_en",
        "action_cy",
        "owner_role",
        "due_on",
        "done_on",
        "evidence_url",
    }
)

# Which fields make each section of the activity task list complete. The ones marked
# required for publication must be filled before the activity can go on the register.
NOT_STARTED = "not_started"
INCOMPLETE = "incomplete"
COMPLETED = "completed"
SECTION_LABELS = {
    "plan": gettext_lazy("Plan the activity"),
    "run": gettext_lazy("Run the activity"),
    "report": gettext_lazy("Report who took part and what they said"),
    "respond": gettext_lazy("Respond: you said, we did"),
}
SECTIONS_REQUIRED_TO_PUBLISH = ("plan", "run", "report")


def _str(value) -> str | None:
    return None if value is None else str(value)


def _only(fields: dict, allowed: frozenset) -> dict:
    return {name: value for name, value in fields.items() if name in allowed}


def _apply(instance, fields: dict) -> dict:
    """Set the fields on the instance and return {field: [old, new]} for those that changed."""
    changes = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_str(old), _str(new)]
            setattr(instance, name, new)
    return changes


def _created(changes: dict) -> dict:
    return {name: [None, new] for name, (_old, new) in changes.items()}


def _require_editor(user, organisation: Organisation) -> None:
    if not can_edit_organisation_records(user, organisation):
        raise PermissionDenied


def editor_organisations(user):
    """The organisations whose records the person may write."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[Membership.Role.EDITOR, Membership.Role.ORG_ADMIN]
    ).order_by("name_en")


# Projects


@transaction.atomic
def create_project(*, organisation: Organisation, created_by, **fields) -> Project:
    _require_editor(created_by, organisation)
    fields = _only(fields, PROJECT_FIELDS)
    project = Project(organisation=organisation, created_by=created_by)
    changes = _created(_apply(project, fields))
    project.slug = unique_slug(Project, project.title_en)
    project.full_clean()
    project.save()
    record_audit(
        actor=created_by,
        action="participation.project.created",
        target=project,
        organisation=organisation,
        changes=changes,
    )
    return project


@transaction.atomic
def update_project(*, project: Project, changed_by, **fields) -> Project:
    _require_editor(changed_by, project.organisation)
    changes = _apply(project, _only(fields, PROJECT_FIELDS))
    if changes:
        project.full_clean(exclude=["slug", "created_by"])
        project.save(update_fields=[*changes, "updated_at"])
        record_audit(
            actor=changed_by,
            action="participation.project.updated",
            target=project,
            organisation=project.organisation,
            changes=changes,
        )
    return project


# Activities


@transaction.atomic
def create_activity(*, organisation: Organisation, projects, created_by, **fields) -> Activity:
    _require_editor(created_by, organisation)
    projects = list(projects)
    if not projects:
        raise ValidationError(_("Choose at least one project"))
    if any(project.organisation_id != organisation.pk for project in projects):
        raise ValidationError(_("An activity can only belong to its own organisation’s projects"))
    activity = Activity(organisation=organisation, created_by=created_by)
    changes = _created(_apply(activity, _only(fields, ACTIVITY_FIELDS)))
    activity.slug = unique_slug(Activity, activity.title_en)
    activity.full_clean()
    activity.save()
    activity.projects.set(projects)
    changes["projects"] = [None, ", ".join(sorted(p.slug for p in projects))]
    record_audit(
        actor=created_by,
        action="participation.activity.created",
        target=activity,
        organisation=organisation,
        changes=changes,
    )
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, changed_by, projects=None, methods=None, **fields) -> Activity:
    """Fields, projects and methods change together: one transaction, one audit event."""
    _require_editor(changed_by, activity.organisation)
    changes = _apply(activity, _only(fields, ACTIVITY_FIELDS))
    if methods is not None:
        old_methods, new_methods = set(activity.methods.values_list("method", flat=True)), set(methods)
        if not new_methods <= set(Method.values):
            raise ValidationError(_("Choose methods from the list"))
        if old_methods != new_methods:
            activity.methods.exclude(method__in=new_methods).delete()
            ActivityMethod.objects.bulk_create(
                [ActivityMethod(activity=activity, method=method) for method in sorted(new_methods - old_methods)]
            )
            changes["methods"] = [", ".join(sorted(old_methods)), ", ".join(sorted(new_methods))]
    if projects is not None:
        projects = list(projects)
        if not projects:
            raise ValidationError(_("Choose at least one project"))
        if any(project.organisation_id != activity.organisation_id for project in projects):
            raise ValidationError(_("An activity can only belong to its own organisation’s projects"))
        old = sorted(activity.projects.values_list("slug", flat=True))
        new = sorted(p.slug for p in projects)
        if old != new:
            activity.projects.set(projects)
            changes["projects"] = [", ".join(old), ", ".join(new)]
    if changes:
        field_changes = [name for name in changes if name not in {"projects", "methods"}]
        if field_changes:
            activity.full_clean(exclude=["slug", "created_by"])
        activity.save(update_fields=[*field_changes, "updated_at"])
        record_audit(
            actor=changed_by,
            action="participation.activity.updated",
            target=activity,
            organisation=activity.organisation,
            changes=changes,
        )
    return activity


# Participant groups


@transaction.atomic
def add_participant_group(*, activity: Activity, added_by, **fields) -> ParticipantGroup:
    _require_editor(added_by, activity.organisation)
    group = ParticipantGroup(activity=activity)
    changes = _created(_apply(group, _only(fields, GROUP_FIELDS)))
    group.full_clean()
    group.save()
    record_audit(
        actor=added_by,
        action="participation.participant_group.added",
        target=group,
        organisation=activity.organisation,
        changes=changes,
    )
    return group


@transaction.atomic
def update_participant_group(*, group: ParticipantGroup, changed_by, **fields) -> ParticipantGroup:
    _require_editor(changed_by, group.activity.organisation)
    changes = _apply(group, _only(fields, GROUP_FIELDS))
    if changes:
        group.full_clean()
        group.save(update_fields=[*changes, "updated_at"])
        record_audit(
            actor=changed_by,
            action="participation.participant_group.updated",
            target=group,
            organisation=group.activity.organisation,
            changes=changes,
        )
    return group


@transaction.atomic
def delete_participant_group(*, group: ParticipantGroup, deleted_by) -> None:
    organisation = group.activity.organisation
    _require_editor(deleted_by, organisation)
    record_audit(
        actor=deleted_by,
        action="participation.participant_group.deleted",
        target=group,
        organisation=organisation,
        changes={"label": [group.label, None]},
    )
    group.delete()


# Recommendations and responses


def next_reference(activity: Activity) -> str:
    taken = set(activity.recommendations.values_list("reference", flat=True))
    n = len(taken) + 1
    while f"R{n}" in taken:
        n += 1
    return f"R{n}"


@transaction.atomic
def add_recommendation(*, activity: Activity, added_by, **fields) -> Recommendation:
    _require_editor(added_by, activity.organisation)
    fields = _only(fields, RECOMMENDATION_FIELDS)
    if not fields.get("reference"):
        fields["reference"] = next_reference(activity)
    elif activity.recommendations.filter(reference=fields["reference"]).exists():
        raise ValidationError({"reference": _("This activity already has a recommendation with that reference")})
    recommendation = Recommendation(activity=activity, position=activity.recommendations.count())
    changes = _created(_apply(recommendation, fields))
    recommendation.full_clean()
    recommendation.save()
    record_audit(
        actor=added_by,
        action="participation.recommendation.added",
        target=recommendation,
        organisation=activity.organisation,
        changes=changes,
    )
    return recommendation


@transaction.atomic
def update_recommendation(*, recommendation: Recommendation, changed_by, **fields) -> Recommendation:
    activity = recommendation.activity
    _require_editor(changed_by, activity.organisation)
    fields = _only(fields, RECOMMENDATION_FIELDS)
    reference = fields.get("reference")
    if reference and activity.recommendations.filter(reference=reference).exclude(pk=recommendation.pk).exists():
        raise ValidationError({"reference": _("This activity already has a recommendation with that reference")})
    changes = _apply(recommendation, fields)
    if changes:
        recommendation.full_clean()
        recommendation.save(update_fields=[*changes, "updated_at"])
        record_audit(
            actor=changed_by,
            action="participation.recommendation.updated",
            target=recommendation,
            organisation=activity.organisation,
            changes=changes,
        )
    return recommendation


@transaction.atomic
def record_response(*, recommendation: Recommendation, responded_by, response_status: str, **fields) -> Recommendation:
    activity = recommendation.activity
    _require_editor(responded_by, activity.organisation)
    fields = _only({**fields, "response_status": response_status}, RESPONSE_FIELDS)
    changes = _apply(recommendation, fields)
    recommendation.responded_at = timezone.now()
    recommendation.full_clean()
    recommendation.save(update_fields=[*changes, "responded_at", "updated_at"])
    record_audit(
        actor=responded_by,
        action="participation.recommendation.responded",
        target=recommendation,
        organisation=activity.organisation,
        changes=changes,
    )
    return recommendation


# Task list and publication


def activity_section_status(activity: Activity, section: str) -> str:
    """Not yet started, incomplete or completed, from which of the section's fields are filled."""
    if section == "plan":
        filled = [
            bool(activity.purpose),
            bool(activity.decisions_informed),
            bool(activity.lifecycle_stage),
            bool(activity.methods.all()),
            bool(activity.level_promised),
        ]
        optional = [activity.planned_start, activity.planned_end, activity.decision_maker_role]
    elif section == "run":
        filled = [bool(activity.modality), activity.actual_start is not None]
        optional = [
            activity.locations,
            activity.session_count,
            activity.contact_hours,
            activity.delivery_language,
            activity.actual_end,
            activity.delivery_partner,
            activity.cost_total,
        ]
    elif section == "report":
        filled = [
            bool(activity.participant_groups.all()),
            bool(activity.findings_en),
            bool(activity.level_achieved),
        ]
        optional = [activity.reflection, activity.report_url]
    elif section == "respond":
        recommendations = list(activity.recommendations.all())
        filled = [
            bool(recommendations) and all(r.has_response for r in recommendations),
            bool(activity.what_changed_en),
            activity.participants_told_on is not None,
            bool(activity.participants_told_how),
        ]
        optional = []
    else:
        raise ValueError(section)
    if all(filled):
        return COMPLETED
    if any(filled) or any(value not in (None, "") for value in optional):
        return INCOMPLETE
    return NOT_STARTED


def activity_sections(activity: Activity) -> list[dict]:
    return [
        {"key": key, "label": label, "status": activity_section_status(activity, key)}
        for key, label in SECTION_LABELS.items()
    ]


def missing_for_activity(activity: Activity) -> list[str]:
    missing = []
    if not activity.title_en:
        missing.append(_("a title"))
    if not activity.summary_en:
        missing.append(_("a summary"))
    checks = [
        (activity.purpose, _("the purpose")),
        (activity.decisions_informed, _("the decisions it informs")),
        (activity.lifecycle_stage, _("the lifecycle stage")),
        (activity.methods.all(), _("at least one method")),
        (activity.level_promised, _("the participation level promised")),
        (activity.modality, _("whether it was in person or online")),
        (activity.actual_start, _("the start date")),
        (activity.participant_groups.all(), _("at least one participant group")),
        (activity.findings_en, _("what people said")),
        (activity.level_achieved, _("the participation level achieved")),
    ]
    missing += [label for value, label in checks if not value]
    # The public page links to its projects: at least one must be on the register too.
    if not any(project.is_published for project in activity.projects.all()):
        missing.append(_("a published project (publish the project first)"))
    return missing


def missing_for_project(project: Project) -> list[str]:
    checks = [
        (project.title_en, _("a title")),
        (project.summary_en, _("a short description")),
        (project.project_type, _("the type of project")),
        (project.lifecycle_phase, _("the lifecycle phase")),
        (project.decisions_open_en, _("the decisions open to public influence")),
        (project.planned_level, _("the planned participation level")),
    ]
    return [label for value, label in checks if not value]


def _missing_error(missing: list[str]) -> ValidationError:
    return ValidationError(
        _("You cannot publish yet. Add %(missing)s.") % {"missing": ", ".join(str(m) for m in missing)},
        code="incomplete",
    )


def _publish(record, *, published_by, change_summary: str, kind: str):
    first_time = record.published_at is None
    if not first_time:
        if not change_summary.strip():
            raise ValidationError({"change_summary": _("Say what changed since the last published version")})
        record.version += 1
    summary = change_summary.strip() or _("First published")
    old_status = record.publication_status
    record.publication_status = PublicationStatus.PUBLISHED
    record.published_at = timezone.now()
    record.save(update_fields=["publication_status", "published_at", "version", "updated_at"])
    PublicChange.objects.create(**{kind: record}, version=record.version, summary=summary[:500])
    record_audit(
        actor=published_by,
        action=f"participation.{kind}.published",
        target=record,
        organisation=record.organisation,
        changes={"publication_status": [old_status, record.publication_status], "version": [None, str(record.version)]},
    )
    return record


@transaction.atomic
def publish_project(*, project: Project, published_by, change_summary: str = "") -> Project:
    _require_editor(published_by, project.organisation)
    missing = missing_for_project(project)
    if missing:
        raise _missing_error(missing)
    return _publish(project, published_by=published_by, change_summary=change_summary, kind="project")


@transaction.atomic
def publish_activity(*, activity: Activity, published_by, change_summary: str = "") -> Activity:
    _require_editor(published_by, activity.organisation)
    missing = missing_for_activity(activity)
    if missing:
        raise _missing_error(missing)
    return _publish(activity, published_by=published_by, change_summary=change_summary, kind="activity")


@transaction.atomic
def withdraw(*, record: Project | Activity, withdrawn_by, reason: str) -> Project | Activity:
    _require_editor(withdrawn_by, record.organisation)
    kind = "project" if isinstance(record, Project) else "activity"
    if record.publication_status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("Only a published record can be withdrawn"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are withdrawing it")})
    record.publication_status = PublicationStatus.WITHDRAWN
    record.save(update_fields=["publication_status", "updated_at"])
    PublicChange.objects.create(
        **{kind: record},
        version=record.version,
        summary=(_("Withdrawn: %(reason)s") % {"reason": reason.strip()})[:500],
    )
    record_audit(
        actor=withdrawn_by,
        action=f"participation.{kind}.withdrawn",
        target=record,
        organisation=record.organisation,
        changes={
            "publication_status": [PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN],
            "reason": [None, reason],
        },
    )
    return record


# Overdue responses

DIGEST_TEMPLATE = "participation/staff/emails/overdue_responses"
DIGEST_MAX_ITEMS = 50


def week_key(today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def overdue_recommendations(*, today: datetime.date):
    return (
        Recommendation.objects.filter(due_on__lt=today, done_on__isnull=True)
        .select_related("activity", "activity__organisation")
        .order_by("due_on", "reference")
    )


def send_overdue_response_digests(*, today: datetime.date) -> int:
    """Queue one email per editor listing their organisations' overdue responses. Safe to run
    again in the same week: the subject key is the ISO week, so each person gets one a week."""
    by_organisation: dict = {}
    for recommendation in overdue_recommendations(today=today):
        by_organisation.setdefault(recommendation.activity.organisation_id, []).append(recommendation)
    if not by_organisation:
        return 0
    memberships = (
        Membership.objects.filter(
            organisation__in=by_organisation.keys(),
            role__in=[Membership.Role.EDITOR, Membership.Role.ORG_ADMIN],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    items_by_user: dict = {}
    for membership in memberships:
        user, items = items_by_user.setdefault(membership.user_id, (membership.user, []))
        items.extend(by_organisation[membership.organisation_id])
    queued = 0
    for user, recommendations in items_by_user.values():
        context = {
            "count": len(recommendations),
            "items": [
                {
                    "reference": r.reference,
                    "text": r.text_en[:200],
                    "activity": r.activity.title_en,
                    "due_on": r.due_on.isoformat(),
                    "path": reverse("staff:recommendation-response", kwargs={"slug": r.activity.slug, "pk": r.pk}),
                }
                for r in recommendations[:DIGEST_MAX_ITEMS]
            ],
            "more": max(0, len(recommendations) - DIGEST_MAX_ITEMS),
        }
        delivery = queue_email(
            kind=NotificationKind.OVERDUE_RESPONSES,
            subject_key=f"overdue-responses:{week_key(today)}",
            template=DIGEST_TEMPLATE,
            context=context,
            recipient=user,
        )
        queued += delivery is not None
    return queued
