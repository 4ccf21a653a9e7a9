import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import Invitation, Membership, Organisation, User, hash_token
from participation.services.audit import changed_fields, record_audit
from participation.services.email import queue_email


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, invited_by: User) -> Invitation:
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member of this organisation.") % {"email": email})
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                token_hash=hash_token(token),
                invited_by=invited_by,
                expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
    except IntegrityError:
        raise ValidationError(_("%(email)s has already been invited.") % {"email": email}) from None
    record_audit(
        actor=invited_by,
        action="participation.invitation.created",
        target=invitation,
        organisation=organisation,
        changes={"role": [None, role]},
    )
    queue_email(
        kind="organisation_invitation",
        subject_key=f"invitation:{invitation.pk}",
        template="participation/emails/invitation",
        context={
            "organisation_en": organisation.name_en,
            "organisation_cy": organisation.name_cy or organisation.name_en,
            "inviter": str(invited_by),
            "role": role,
            "path": reverse("invitation-accept", kwargs={"token": token}),
            "expires_at": invitation.expires_at.isoformat(),
        },
        to_email=email,
        is_notification=False,
    )
    return invitation


def find_open_invitation(token: str) -> Invitation | None:
    return Invitation.objects.open().select_related("organisation").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied(_("This invitation was sent to a different email address."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or has already been used."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record_audit(
        actor=user,
        action="participation.membership.created",
        target=membership,
        organisation=invitation.organisation,
        changes={"role": [None, membership.role]},
    )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, revoked_by: User) -> Invitation:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    record_audit(
        actor=revoked_by,
        action="participation.invitation.revoked",
        target=invitation,
        organisation=invitation.organisation,
    )
    return invitation


def _ensure_an_admin_remains(membership: Membership) -> None:
    others = Membership.objects.filter(organisation=membership.organisation, role=Membership.Role.ORG_ADMIN).exclude(
        pk=membership.pk
    )
    if membership.role == Membership.Role.ORG_ADMIN and not others.exists():
        raise ValidationError(_("An organisation must keep at least one organisation admin."))


@transaction.atomic
def change_member_role(*, membership: Membership, role: str, changed_by: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role == membership.role:
        return membership
    if role != Membership.Role.ORG_ADMIN:
        _ensure_an_admin_remains(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    record_audit(
        actor=changed_by,
        action="participation.membership.role_changed",
        target=membership,
        organisation=membership.organisation,
        changes={"role": [old, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, removed_by: User) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_an_admin_remains(membership)
    record_audit(
        actor=removed_by,
        action="participation.membership.deleted",
        target=membership,
        organisation=membership.organisation,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


@transaction.atomic
def update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    record_audit(actor=user, action="participation.user.profile_updated", target=user)
    return user


@transaction.atomic
def update_organisation_details(*, organisation: Organisation, changed_by: User, **details) -> Organisation:
    changes = changed_fields(organisation, details)
    if not changes:
        return organisation
    for name, value in details.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=[*details, "updated_at"])
    record_audit(
        actor=changed_by,
        action="participation.organisation.updated",
        target=organisation,
        organisation=organisation,
        changes=changes,
    )
    return organisation
