"""People in a lab: invitations (by email, with a token whose hash alone is stored), accepting or
declining, their details, consent against an information sheet, and attendance.

Participants' details are personal data, so audit events name the fields that changed but not
their values (the audit log outlives the lab's retention date)."""

import datetime
import secrets
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from designlabs.models import (
    Attendance,
    Consent,
    InformationSheet,
    Lab,
    Participant,
    ParticipantStatus,
    PaymentStatus,
    Session,
)
from participation.models import User, hash_token
from participation.services.audit import changed_fields, record_audit
from participation.services.email import queue_email
from participation.services.locks import lock_until_commit

INVITATION_EMAIL_KIND = "design_lab_invitation"
# Fields a facilitator edits whose values are recorded in the audit log; the rest are personal data.
NON_PERSONAL_FIELDS = {"role", "status", "payment_status", "preferred_language"}
FACILITATOR_FIELDS = (
    "role",
    "status",
    "preferred_language",
    "access_needs",
    "adjustments",
    "dietary_notes",
    "honorarium",
    "expenses",
    "payment_status",
)
OWN_FIELDS = ("preferred_language", "access_needs", "dietary_notes")


def _audit_changes(instance, values: dict) -> dict:
    changes = changed_fields(instance, values)
    return {
        name: (change if name in NON_PERSONAL_FIELDS else ["(not recorded)", "(changed)"])
        for name, change in changes.items()
    }


def _send_invitation(participant: Participant, token: str, invited_by: User) -> None:
    with translation.override("en"):
        path = reverse("designlabs:invitation", kwargs={"token": token})
        signup_path = f"{reverse('account_signup')}?{urlencode({'next': path})}"
    # Sent in the language the facilitator chose for them.
    with translation.override(participant.preferred_language):
        _queue_invitation(participant, path, signup_path, invited_by)


def _queue_invitation(participant: Participant, path: str, signup_path: str, invited_by: User) -> None:
    lab = participant.lab
    queue_email(
        kind=INVITATION_EMAIL_KIND,
        # One email per token: a resent invitation has a new token, so it is a new email.
        subject_key=f"invitation:{participant.pk}:{participant.token_hash[:16]}",
        template="designlabs/emails/invitation",
        context={
            "lab_title_en": lab.title_en,
            "lab_title_cy": lab.title_cy or lab.title_en,
            "department_en": lab.department.name_en,
            "department_cy": lab.department.name_cy or lab.department.name_en,
            "inviter": str(invited_by),
            "name": participant.name,
            "email": participant.email,
            "path": path,
            "signup_path": signup_path,
        },
        to_email=participant.email,
        is_notification=False,
    )


def own_participation(user: User, lab: Lab) -> Participant | None:
    """The signed-in person's place in the lab: linked to their account, or an invitation sent to
    their (verified) email address that nobody has accepted yet."""
    if not user.is_authenticated:
        return None
    return (
        lab.participants.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .order_by(F("user").asc(nulls_last=True))
        .first()
    )


def is_own(participant: Participant, user: User) -> bool:
    if participant.user_id is not None:
        return participant.user_id == user.pk
    return bool(participant.email) and participant.email.lower() == user.email.lower()


def _check_not_anonymised(participant: Participant) -> None:
    if participant.anonymised_at is not None:
        raise ValidationError(_("This person’s details were removed on the lab’s retention date."))


@transaction.atomic
def invite_participant(
    *, lab: Lab, invited_by: User, email: str, name: str = "", role: str, preferred_language: str = "en"
) -> Participant:
    email = email.strip()
    if lab.personal_data_removed_at is not None:
        raise ValidationError(_("This lab’s personal data has been removed: no one more can be invited."))
    if lab.participants.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s has already been invited to this lab.") % {"email": email}})
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                lab=lab,
                email=email,
                name=name.strip(),
                role=role,
                preferred_language=preferred_language,
                status=ParticipantStatus.INVITED,
                token_hash=hash_token(token),
                invited_by=invited_by,
            )
    except IntegrityError:
        raise ValidationError(
            {"email": _("%(email)s has already been invited to this lab.") % {"email": email}}
        ) from None
    record_audit(
        actor=invited_by,
        action="designlabs.participant.invited",
        target=participant,
        organisation=lab.department,
        changes={"role": [None, role]},
    )
    _send_invitation(participant, token, invited_by)
    return participant


@transaction.atomic
def resend_invitation(*, participant: Participant, resent_by: User) -> Participant:
    """A new link replaces the old one, which stops working."""
    participant = Participant.objects.select_for_update().select_related("lab__department").get(pk=participant.pk)
    _check_not_anonymised(participant)
    if participant.status != ParticipantStatus.INVITED or not participant.email:
        raise ValidationError(_("Only people who have not yet answered their invitation can be sent it again."))
    token = secrets.token_urlsafe(32)
    participant.token_hash = hash_token(token)
    participant.save(update_fields=["token_hash", "updated_at"])
    record_audit(
        actor=resent_by,
        action="designlabs.participant.invitation_resent",
        target=participant,
        organisation=participant.lab.department,
    )
    _send_invitation(participant, token, resent_by)
    return participant


def find_invitation(token: str) -> Participant | None:
    """The unanswered invitation the token belongs to; a used or unknown token finds nothing."""
    if not token:
        return None
    return (
        Participant.objects.select_related("lab__department")
        .filter(token_hash=hash_token(token), status=ParticipantStatus.INVITED, anonymised_at__isnull=True)
        .first()
    )


def _answerable(participant: Participant, user: User) -> Participant:
    if participant.email.lower() != user.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to a different email address. Sign in with that address to answer it.")
        )
    participant = Participant.objects.select_for_update().select_related("lab__department").get(pk=participant.pk)
    if participant.status != ParticipantStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    return participant


@transaction.atomic
def accept_invitation(*, participant: Participant, user: User) -> Participant:
    participant = _answerable(participant, user)
    if Participant.objects.filter(lab=participant.lab, user=user).exclude(pk=participant.pk).exists():
        raise ValidationError(_("Your account is already taking part in this lab."))
    participant.user = user
    participant.status = ParticipantStatus.ACCEPTED
    participant.responded_at = timezone.now()
    participant.token_hash = ""
    participant.save(update_fields=["user", "status", "responded_at", "token_hash", "updated_at"])
    record_audit(
        actor=user,
        action="designlabs.participant.accepted",
        target=participant,
        organisation=participant.lab.department,
        changes={"status": [ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED]},
    )
    return participant


@transaction.atomic
def decline_invitation(*, participant: Participant, user: User) -> Participant:
    participant = _answerable(participant, user)
    participant.status = ParticipantStatus.DECLINED
    participant.responded_at = timezone.now()
    participant.token_hash = ""
    participant.save(update_fields=["status", "responded_at", "token_hash", "updated_at"])
    record_audit(
        actor=user,
        action="designlabs.participant.declined",
        target=participant,
        organisation=participant.lab.department,
        changes={"status": [ParticipantStatus.INVITED, ParticipantStatus.DECLINED]},
    )
    return participant


@transaction.atomic
def update_participant(*, participant: Participant, changed_by: User, **fields) -> Participant:
    """A facilitator's changes to someone's role, status, needs and payments."""
    unknown = set(fields) - set(FACILITATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected participant fields: {sorted(unknown)}")
    _check_not_anonymised(participant)
    if fields.get("payment_status", participant.payment_status) != PaymentStatus.NONE and not (
        fields.get("honorarium", participant.honorarium) or fields.get("expenses", participant.expenses)
    ):
        raise ValidationError({"payment_status": _("Enter the honorarium or expenses before marking a payment")})
    changes = _audit_changes(participant, fields)
    if not changes:
        return participant
    if "status" in changes and fields["status"] in (ParticipantStatus.ACCEPTED, ParticipantStatus.DECLINED):
        participant.responded_at = participant.responded_at or timezone.now()
        fields["responded_at"] = participant.responded_at
    for name, value in fields.items():
        setattr(participant, name, value)
    participant.save(update_fields=[*fields, "updated_at"])
    record_audit(
        actor=changed_by,
        action="designlabs.participant.updated",
        target=participant,
        organisation=participant.lab.department,
        changes=changes,
    )
    return participant


@transaction.atomic
def update_own_details(*, participant: Participant, user: User, **fields) -> Participant:
    unknown = set(fields) - set(OWN_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected participant fields: {sorted(unknown)}")
    if not is_own(participant, user):
        raise PermissionDenied
    _check_not_anonymised(participant)
    changes = _audit_changes(participant, fields)
    if not changes:
        return participant
    for name, value in fields.items():
        setattr(participant, name, value)
    participant.save(update_fields=[*fields, "updated_at"])
    record_audit(
        actor=user,
        action="designlabs.participant.details_updated",
        target=participant,
        organisation=participant.lab.department,
        changes=changes,
    )
    return participant


def latest_sheet(lab: Lab) -> InformationSheet | None:
    return lab.information_sheets.order_by("-created_at").first()


def standing_consent(participant: Participant) -> Consent | None:
    latest = participant.consents.order_by("-given_at").first()
    return latest if latest is not None and latest.withdrawn_at is None else None


@transaction.atomic
def give_consent(
    *, participant: Participant, sheet: InformationSheet, recorded_by: User, given_at: datetime.datetime | None = None
) -> Consent:
    """Consent to one version of the sheet, given by the participant or recorded by a facilitator on
    their behalf (with the date it was given)."""
    lock_until_commit(f"designlabs.consent:{participant.pk}")
    _check_not_anonymised(participant)
    if sheet.lab_id != participant.lab_id:
        raise ValidationError({"sheet": _("Choose one of this lab’s information sheets")})
    now = timezone.now()
    given_at = given_at or now
    if given_at > now:
        raise ValidationError({"given_on": _("The date consent was given must be today or in the past")})
    current = standing_consent(participant)
    if current is not None and current.sheet_id == sheet.pk:
        raise ValidationError(_("Consent to version %(version)s is already recorded.") % {"version": sheet.version})
    if current is not None:
        # Agreeing to a newer sheet replaces agreement to the old one.
        current.withdrawn_at = given_at if given_at > current.given_at else now
        current.save(update_fields=["withdrawn_at"])
    consent = Consent.objects.create(participant=participant, sheet=sheet, given_at=given_at, recorded_by=recorded_by)
    record_audit(
        actor=recorded_by,
        action="designlabs.consent.given",
        target=participant,
        organisation=participant.lab.department,
        changes={"consent": [None, sheet.version]},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, participant: Participant, withdrawn_by: User) -> Consent:
    lock_until_commit(f"designlabs.consent:{participant.pk}")
    consent = standing_consent(participant)
    if consent is None:
        raise ValidationError(_("There is no consent to withdraw."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    record_audit(
        actor=withdrawn_by,
        action="designlabs.consent.withdrawn",
        target=participant,
        organisation=participant.lab.department,
        changes={"consent": [consent.sheet.version, None]},
    )
    return consent


@transaction.atomic
def mark_attendance(*, session: Session, participant: Participant, present: bool, recorded_by: User) -> Attendance:
    if participant.lab_id != session.lab_id or participant.status != ParticipantStatus.ACCEPTED:
        raise ValidationError(_("Only people who have accepted a place in this lab can be marked present."))
    # Two facilitators tapping the same row at once: one waits for the other, so the row is made once.
    lock_until_commit(f"designlabs.attendance:{session.pk}:{participant.pk}")
    attendance = Attendance.objects.filter(session=session, participant=participant).first()
    if attendance is not None and attendance.present == present:
        return attendance
    old = None if attendance is None else str(attendance.present)
    if attendance is None:
        attendance = Attendance.objects.create(
            session=session, participant=participant, present=present, recorded_by=recorded_by
        )
    else:
        attendance.present, attendance.recorded_by = present, recorded_by
        attendance.save(update_fields=["present", "recorded_by", "recorded_at"])
    record_audit(
        actor=recorded_by,
        action="designlabs.attendance.recorded",
        target=attendance,
        organisation=session.lab.department,
        changes={"present": [old, str(present)]},
    )
    return attendance
