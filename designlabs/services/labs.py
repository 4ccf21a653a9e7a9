"""Setting a lab up: the lab itself, its facilitators, sessions, materials and information sheets.
Views check who may do this (`lab_for(..., can_manage_lab)`); these functions check the rules."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from designlabs.models import InformationSheet, Lab, Material, Session, SessionMode
from designlabs.permissions import can_create_lab
from participation.models import PlatformRole, User
from participation.services.audit import changed_fields, record_audit
from participation.services.slugs import unique_slug
from participation.services.uploads import MAX_UPLOAD_BYTES, detect_type, display_name

# The lab's fields a facilitator edits through the lab form; partners are passed separately.
LAB_FIELDS = (
    "title_en",
    "title_cy",
    "brief_en",
    "brief_cy",
    "policy_question_en",
    "policy_question_cy",
    "public_description_en",
    "public_description_cy",
    "department",
    "intended_output",
    "status",
    "invitation_only",
    "chatham_house",
    "sectors_represented",
    "dots_per_participant",
    "voting_open",
    "retention_date",
    "cost",
)
SESSION_FIELDS = (
    "title_en",
    "title_cy",
    "starts_at",
    "ends_at",
    "mode",
    "venue",
    "online_link",
    "agenda_en",
    "agenda_cy",
    "access_provision",
    "language",
    "summary_en",
    "summary_cy",
)


def _check_retention_date(retention_date) -> None:
    if retention_date is None or retention_date <= timezone.localdate():
        raise ValidationError(
            {
                "retention_date": _(
                    "The date to delete personal data must be in the future: participants’ names, contact "
                    "details, access needs and payments are removed on that date"
                )
            }
        )


def _partner_names(partners) -> list[str]:
    return sorted(str(organisation) for organisation in partners)


# Labs


@transaction.atomic
def create_lab(*, created_by: User, partners=(), **fields) -> Lab:
    """The creator becomes the lab's first facilitator."""
    if not can_create_lab(created_by):
        raise PermissionDenied
    unknown = set(fields) - set(LAB_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected lab fields: {sorted(unknown)}")
    _check_retention_date(fields.get("retention_date"))
    lab = Lab(**fields, created_by=created_by)
    lab.slug = unique_slug(Lab, fields["title_en"], fallback="lab")
    lab.full_clean(exclude=["partners", "facilitators", "guidance_documents", "created_by", "activity"])
    lab.save()
    lab.partners.set(partners)
    lab.facilitators.add(created_by)
    record_audit(
        actor=created_by,
        action="designlabs.lab.created",
        target=lab,
        organisation=lab.department,
        changes={
            "title_en": [None, lab.title_en],
            "status": [None, lab.status],
            "partners": [None, ", ".join(_partner_names(partners))],
        },
    )
    return lab


@transaction.atomic
def update_lab(*, lab: Lab, changed_by: User, partners=None, **fields) -> Lab:
    unknown = set(fields) - set(LAB_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected lab fields: {sorted(unknown)}")
    if "retention_date" in fields and fields["retention_date"] != lab.retention_date:
        # Moving the date is allowed, but not to a day that has already passed.
        _check_retention_date(fields["retention_date"])
    changes = changed_fields(lab, fields)
    if partners is not None:
        old, new = _partner_names(lab.partners.all()), _partner_names(partners)
        if old != new:
            changes["partners"] = [", ".join(old), ", ".join(new)]
    if not changes:
        return lab
    for name, value in fields.items():
        setattr(lab, name, value)
    lab.full_clean(exclude=["partners", "facilitators", "guidance_documents", "created_by", "activity"])
    lab.save(update_fields=[*fields, "updated_at"])
    if "partners" in changes:
        lab.partners.set(partners)
    record_audit(
        actor=changed_by, action="designlabs.lab.updated", target=lab, organisation=lab.department, changes=changes
    )
    return lab


@transaction.atomic
def add_facilitator(*, lab: Lab, email: str, added_by: User) -> User:
    email = (email or "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _("There is no account with the email address %(email)s. Ask them to create one first.")
                % {"email": email}
            }
        )
    if not user.has_platform_role(PlatformRole.LAB_FACILITATOR):
        raise ValidationError(
            {
                "email": _(
                    "%(email)s does not hold the lab facilitator role. A site administrator must give them the "
                    "role before they can facilitate a lab."
                )
                % {"email": user.email}
            }
        )
    if lab.facilitators.filter(pk=user.pk).exists():
        raise ValidationError({"email": _("%(email)s already facilitates this lab.") % {"email": user.email}})
    lab.facilitators.add(user)
    record_audit(
        actor=added_by,
        action="designlabs.lab.facilitator_added",
        target=lab,
        organisation=lab.department,
        changes={"facilitators": [None, user.email]},
    )
    return user


@transaction.atomic
def remove_facilitator(*, lab: Lab, user: User, removed_by: User) -> None:
    # Lock the lab so two facilitators removing each other cannot both succeed.
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    facilitators = list(lab.facilitators.values_list("pk", flat=True))
    if user.pk not in facilitators:
        raise ValidationError(_("%(email)s does not facilitate this lab.") % {"email": user.email})
    if len(facilitators) == 1:
        raise ValidationError(_("A lab must keep at least one facilitator. Add another facilitator first."))
    lab.facilitators.remove(user)
    record_audit(
        actor=removed_by,
        action="designlabs.lab.facilitator_removed",
        target=lab,
        organisation=lab.department,
        changes={"facilitators": [user.email, None]},
    )


# Sessions


def _check_session(values: dict) -> None:
    errors = {}
    mode = values.get("mode")
    if mode in (SessionMode.ONLINE, SessionMode.HYBRID) and not values.get("online_link"):
        errors["online_link"] = _("Enter the online link: the session is online or hybrid")
    if mode in (SessionMode.IN_PERSON, SessionMode.HYBRID) and not values.get("venue", "").strip():
        errors["venue"] = _("Enter the venue: the session is in person or hybrid")
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["end_time"] = _("The session must end after it starts")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_session(*, lab: Lab, created_by: User, **fields) -> Session:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected session fields: {sorted(unknown)}")
    _check_session(fields)
    session = Session.objects.create(lab=lab, **fields)
    record_audit(
        actor=created_by,
        action="designlabs.session.created",
        target=session,
        organisation=lab.department,
        changes={
            "title_en": [None, session.title_en],
            "starts_at": [None, session.starts_at.isoformat()],
            "mode": [None, session.mode],
        },
    )
    return session


@transaction.atomic
def update_session(*, session: Session, changed_by: User, **fields) -> Session:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected session fields: {sorted(unknown)}")
    _check_session({**{name: getattr(session, name) for name in SESSION_FIELDS}, **fields})
    changes = changed_fields(session, fields)
    if not changes:
        return session
    for name, value in fields.items():
        setattr(session, name, value)
    session.save(update_fields=[*fields, "updated_at"])
    record_audit(
        actor=changed_by,
        action="designlabs.session.updated",
        target=session,
        organisation=session.lab.department,
        changes=changes,
    )
    return session


# Materials


@transaction.atomic
def add_material(
    *, lab: Lab, added_by: User, title: str, url: str = "", upload=None, session: Session | None = None, visibility: str
) -> Material:
    """A link or an uploaded file, exactly one. Files are checked by their content and stored under a
    generated name; if the database write fails, the stored file is removed again."""
    if bool(url) == bool(upload):
        message = _("Give either a link or a file, not both") if url else _("Give a link or choose a file")
        raise ValidationError({"url": message})
    if session is not None and session.lab_id != lab.pk:
        raise ValidationError({"session": _("Choose one of this lab’s sessions")})
    material = Material(lab=lab, session=session, title=title, url=url, visibility=visibility, added_by=added_by)
    if upload is not None:
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": _("The file must be smaller than 10 MB")})
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        file_type = detect_type(data)
        material.original_name = display_name(upload.name)
        material.content_type = file_type.content_type
        try:
            material.file.save(f"{uuid.uuid4().hex}.{file_type.extension}", ContentFile(data), save=False)
        except OSError:
            raise ValidationError({"file": _("The file could not be stored. Try again later.")}) from None
    try:
        material.save()
        record_audit(
            actor=added_by,
            action="designlabs.material.added",
            target=material,
            organisation=lab.department,
            changes={
                "title": [None, title],
                "visibility": [None, visibility],
                "kind": [None, "file" if upload is not None else "link"],
            },
        )
    except Exception:
        if material.file:
            material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def delete_material(*, material: Material, deleted_by: User) -> None:
    record_audit(
        actor=deleted_by,
        action="designlabs.material.deleted",
        target=material,
        organisation=material.lab.department,
        changes={"title": [material.title, None]},
    )
    stored = material.file
    material.delete()
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))


# Information sheets


@transaction.atomic
def create_information_sheet(*, lab: Lab, created_by: User, version: str, body_en: str, body_cy: str = ""):
    version = version.strip()
    if lab.information_sheets.filter(version__iexact=version).exists():
        raise ValidationError({"version": _("There is already a version %(version)s.") % {"version": version}})
    try:
        with transaction.atomic():
            sheet = InformationSheet.objects.create(lab=lab, version=version, body_en=body_en, body_cy=body_cy)
    except IntegrityError:
        raise ValidationError(
            {"version": _("There is already a version %(version)s.") % {"version": version}}
        ) from None
    record_audit(
        actor=created_by,
        action="designlabs.information_sheet.created",
        target=sheet,
        organisation=lab.department,
        changes={"version": [None, version]},
    )
    return sheet
