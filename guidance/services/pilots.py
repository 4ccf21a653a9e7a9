"""Organisations trying out guidance: pilots, the feedback their members give per section,
adoption, and the shared glossary editors maintain. Every write records an audit event in the
same transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guidance.models import (
    Adoption,
    FeedbackType,
    GlossaryTerm,
    GuidanceDocument,
    GuidanceVersion,
    Pilot,
    PilotFeedback,
    PilotStatus,
)
from guidance.permissions import can_declare_adoption, can_give_pilot_feedback, can_maintain_glossary, can_run_pilot
from guidance.services.rendering import forget_glossary
from participation.models import Activity, Organisation
from participation.services.audit import changed_fields, record_audit
from participation.services.engagement import editor_organisations
from participation.services.slugs import unique_slug

FEEDBACK_MAX_LENGTH = 5000
CLOSED_PILOT_STATUSES = {PilotStatus.COMPLETED, PilotStatus.WITHDRAWN}


def pilot_organisations(user):
    """The organisations the person may sign up to pilot guidance or declare adoption for."""
    return editor_organisations(user)


# Pilots


def _check_dates(starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    if starts_on is None:
        raise ValidationError({"starts_on": _("Enter the date the pilot starts")})
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date")})


def _check_projects(projects, organisation: Organisation) -> None:
    if any(project.organisation_id != organisation.pk for project in projects):
        raise ValidationError({"projects": _("Choose projects of the organisation running the pilot")})


@transaction.atomic
def sign_up_pilot(
    *,
    version: GuidanceVersion,
    organisation: Organisation,
    created_by,
    contact_role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    projects=(),
) -> Pilot:
    """Sign the organisation up to pilot a published version: once per version and organisation."""
    if not can_run_pilot(created_by, organisation):
        raise PermissionDenied
    if not version.is_published or version.document.is_withdrawn:
        raise ValidationError(_("Only published guidance can be piloted"))
    if not contact_role.strip():
        raise ValidationError({"contact_role": _("Enter the role of the pilot’s contact")})
    _check_dates(starts_on, ends_on)
    projects = list(projects)
    _check_projects(projects, organisation)
    already = _("%(organisation)s is already piloting this version of the guidance") % {
        "organisation": organisation.name
    }
    if Pilot.objects.filter(version=version, organisation=organisation).exists():
        raise ValidationError({"organisation": already}, code="duplicate")
    status = PilotStatus.PLANNED if starts_on > timezone.localdate() else PilotStatus.ACTIVE
    try:
        with transaction.atomic():
            pilot = Pilot.objects.create(
                version=version,
                organisation=organisation,
                contact_role=contact_role.strip(),
                starts_on=starts_on,
                ends_on=ends_on,
                status=status,
                created_by=created_by,
            )
    except IntegrityError:  # someone else signed the organisation up a moment ago
        raise ValidationError({"organisation": already}, code="duplicate") from None
    pilot.projects.set(projects)
    record_audit(actor=created_by, action="guidance.pilot.created", target=pilot, organisation=organisation)
    return pilot


@transaction.atomic
def update_pilot(
    *,
    pilot: Pilot,
    updated_by,
    contact_role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    status: str,
    projects=None,
) -> Pilot:
    """Change a pilot's contact, dates or status (for example, mark it completed)."""
    if not can_run_pilot(updated_by, pilot.organisation):
        raise PermissionDenied
    if status not in PilotStatus.values:
        raise ValidationError({"status": _("Choose the pilot’s status")})
    _check_dates(starts_on, ends_on)
    values = {"contact_role": contact_role.strip(), "starts_on": starts_on, "ends_on": ends_on, "status": status}
    changes = changed_fields(pilot, values)
    for name, value in values.items():
        setattr(pilot, name, value)
    pilot.save()
    if projects is not None:
        projects = list(projects)
        _check_projects(projects, pilot.organisation)
        pilot.projects.set(projects)
    record_audit(
        actor=updated_by,
        action="guidance.pilot.updated",
        target=pilot,
        organisation=pilot.organisation,
        changes=changes,
    )
    return pilot


# Feedback


@transaction.atomic
def submit_feedback(
    *,
    pilot: Pilot,
    submitted_by,
    section_anchor: str,
    feedback_type: str,
    text: str,
    rating: int | None = None,
    submitter_role: str = "",
    activity: Activity | None = None,
    may_publish: bool = False,
    show_organisation: bool = True,
) -> PilotFeedback:
    """A pilot member's feedback on one section of the version being piloted."""
    if not can_give_pilot_feedback(submitted_by, pilot):
        raise PermissionDenied
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.status in CLOSED_PILOT_STATUSES:
        raise ValidationError(
            _("This pilot is %(status)s, so it no longer takes feedback.")
            % {"status": pilot.get_status_display().lower()},
            code="closed",
        )
    errors = {}
    if not pilot.version.sections.filter(anchor=section_anchor).exists():
        errors["section_anchor"] = _("Choose a section of this guidance")
    if feedback_type not in FeedbackType.values:
        errors["feedback_type"] = _("Choose the type of feedback")
    if rating is not None and not 1 <= rating <= 5:
        errors["rating"] = _("Choose a rating from 1 to 5")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Enter your feedback")
    elif len(text) > FEEDBACK_MAX_LENGTH:
        errors["text"] = _("Your feedback must be %(max)s characters or fewer") % {"max": FEEDBACK_MAX_LENGTH}
    if activity is not None and activity.organisation_id != pilot.organisation_id:
        errors["activity"] = _("Choose an activity of the organisation running the pilot")
    if errors:
        raise ValidationError(errors)
    feedback = PilotFeedback.objects.create(
        pilot=pilot,
        version_id=pilot.version_id,
        section_anchor=section_anchor,
        submitted_by=submitted_by,
        submitter_role=submitter_role.strip(),
        feedback_type=feedback_type,
        rating=rating,
        text=text,
        activity=activity,
        may_publish=may_publish,
        show_organisation=show_organisation,
    )
    record_audit(
        actor=submitted_by, action="guidance.feedback.submitted", target=feedback, organisation=pilot.organisation
    )
    return feedback


# Adoption


@transaction.atomic
def declare_adoption(
    *,
    document: GuidanceDocument,
    organisation: Organisation,
    version: GuidanceVersion,
    adopted_on: datetime.date,
    declared_by,
    evidence_url: str = "",
) -> Adoption:
    """Say the organisation has adopted the guidance. Declaring again updates the declaration."""
    if not can_declare_adoption(declared_by, organisation):
        raise PermissionDenied
    if not document.is_published:
        raise ValidationError(_("Only published guidance can be adopted"))
    errors = {}
    if version.document_id != document.pk or not version.is_published:
        errors["version"] = _("Choose a published version of this guidance")
    if adopted_on is None:
        errors["adopted_on"] = _("Enter the date you adopted it")
    elif adopted_on > timezone.localdate():
        errors["adopted_on"] = _("The date adopted must be today or in the past")
    if errors:
        raise ValidationError(errors)
    values = {"version": version, "adopted_on": adopted_on, "evidence_url": evidence_url.strip()}
    adoption = Adoption.objects.select_for_update().filter(document=document, organisation=organisation).first()
    if adoption is None:
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    document=document, organisation=organisation, declared_by=declared_by, **values
                )
        except IntegrityError:  # declared at the same moment by someone else: update theirs
            adoption = Adoption.objects.select_for_update().get(document=document, organisation=organisation)
        else:
            record_audit(
                actor=declared_by, action="guidance.adoption.declared", target=adoption, organisation=organisation
            )
            return adoption
    changes = changed_fields(adoption, values)
    for name, value in values.items():
        setattr(adoption, name, value)
    adoption.declared_by = declared_by
    adoption.save()
    record_audit(
        actor=declared_by,
        action="guidance.adoption.declared",
        target=adoption,
        organisation=organisation,
        changes=changes,
    )
    return adoption


@transaction.atomic
def withdraw_adoption(*, adoption: Adoption, withdrawn_by) -> None:
    if not can_declare_adoption(withdrawn_by, adoption.organisation):
        raise PermissionDenied
    record_audit(
        actor=withdrawn_by, action="guidance.adoption.withdrawn", target=adoption, organisation=adoption.organisation
    )
    adoption.delete()


# Glossary

GLOSSARY_FIELDS = ("term_en", "term_cy", "definition_en", "definition_cy")


def _glossary_values(fields: dict) -> dict:
    return {name: (fields.get(name) or "").strip() for name in GLOSSARY_FIELDS}


def _check_term(values: dict, term: GlossaryTerm | None = None) -> None:
    errors = {}
    if not values["term_en"]:
        errors["term_en"] = _("Enter the term in English")
    if not values["definition_en"]:
        errors["definition_en"] = _("Enter the definition in English")
    if values["term_en"]:
        others = GlossaryTerm.objects.filter(term_en__iexact=values["term_en"])
        if term is not None:
            others = others.exclude(pk=term.pk)
        if others.exists():
            errors["term_en"] = _("The glossary already has the term “%(term)s”") % {"term": values["term_en"]}
        elif not slugify(values["term_en"]):
            errors["term_en"] = _("Enter a term with at least one letter or number")
    if errors:
        raise ValidationError(errors)


def _glossary_changed() -> None:
    forget_glossary()
    # And again once committed, so a page rendered meanwhile cannot keep the old terms cached.
    transaction.on_commit(forget_glossary)


@transaction.atomic
def create_term(*, created_by, **fields) -> GlossaryTerm:
    if not can_maintain_glossary(created_by):
        raise PermissionDenied
    values = _glossary_values(fields)
    _check_term(values)
    term = GlossaryTerm(slug=unique_slug(GlossaryTerm, values["term_en"], max_length=70), **values)
    term.full_clean()
    term.save()
    record_audit(actor=created_by, action="guidance.glossary.created", target=term)
    _glossary_changed()
    return term


@transaction.atomic
def update_term(*, term: GlossaryTerm, updated_by, **fields) -> GlossaryTerm:
    """The slug stays as it was, so links to the definition keep working."""
    if not can_maintain_glossary(updated_by):
        raise PermissionDenied
    term = GlossaryTerm.objects.select_for_update().get(pk=term.pk)
    values = _glossary_values(fields)
    _check_term(values, term)
    changes = changed_fields(term, values)
    for name, value in values.items():
        setattr(term, name, value)
    term.full_clean()
    term.save()
    record_audit(actor=updated_by, action="guidance.glossary.updated", target=term, changes=changes)
    _glossary_changed()
    return term


@transaction.atomic
def delete_term(*, term: GlossaryTerm, deleted_by) -> None:
    if not can_maintain_glossary(deleted_by):
        raise PermissionDenied
    record_audit(actor=deleted_by, action="guidance.glossary.deleted", target=term)
    term.delete()
    _glossary_changed()
