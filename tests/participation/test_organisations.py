import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participation.models import AuditEvent, Invitation, Membership
from participation.services import organisations as organisation_service
from tests.participation.factories import MembershipFactory, UserFactory


def invite(organisation, inviter, email="new.person@example.gov.uk", role=Membership.Role.EDITOR):
    return organisation_service.invite_member(organisation=organisation, email=email, role=role, invited_by=inviter)


def test_invite_member_emails_a_link_and_records_an_audit_event(
    organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(organisation, org_admin)

    assert mailoutbox[0].to == ["new.person@example.gov.uk"]
    assert mailoutbox[0].subject == f"You are invited to join {organisation.name_en}"
    assert "/invitations/" in mailoutbox[0].body
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers
    assert len(invitation.token_hash) == 64
    event = AuditEvent.objects.get(action="participation.invitation.created")
    assert (event.actor, event.organisation, event.target_id) == (org_admin, organisation, str(invitation.pk))


def test_inviting_the_same_address_twice_is_refused(organisation, org_admin):
    invite(organisation, org_admin, email="twice@example.gov.uk")

    with pytest.raises(ValidationError, match="already been invited"):
        invite(organisation, org_admin, email="TWICE@example.gov.uk")
    assert Invitation.objects.count() == 1


def test_inviting_an_existing_member_is_refused(organisation, org_admin, member):
    with pytest.raises(ValidationError, match="already a member"):
        invite(organisation, org_admin, email=member.email)


def test_accepting_an_invitation_creates_the_membership_once(organisation, org_admin, mailoutbox):
    invitation = invite(organisation, org_admin, email="joiner@example.gov.uk")
    joiner = UserFactory(email="joiner@example.gov.uk")

    membership = organisation_service.accept_invitation(invitation=invitation, user=joiner)

    assert (membership.organisation, membership.role) == (organisation, Membership.Role.EDITOR)
    with pytest.raises(ValidationError, match="expired or has already been used"):
        organisation_service.accept_invitation(invitation=invitation, user=joiner)
    assert AuditEvent.objects.filter(action="participation.membership.created").count() == 1


def test_an_invitation_cannot_be_accepted_by_someone_else(organisation, org_admin, outsider):
    invitation = invite(organisation, org_admin, email="intended@example.gov.uk")

    with pytest.raises(PermissionDenied):
        organisation_service.accept_invitation(invitation=invitation, user=outsider)
    assert not Membership.objects.filter(user=outsider).exists()


def test_the_last_org_admin_cannot_be_demoted_or_removed(organisation, org_admin):
    membership = Membership.objects.get(user=org_admin)

    with pytest.raises(ValidationError, match="at least one organisation admin"):
        organisation_service.change_member_role(
            membership=membership, role=Membership.Role.EDITOR, changed_by=org_admin
        )
    with pytest.raises(ValidationError, match="at least one organisation admin"):
        organisation_service.remove_member(membership=membership, removed_by=org_admin)
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.ORG_ADMIN


def test_changing_a_role_records_old_and_new_values(organisation, org_admin, member):
    membership = Membership.objects.get(user=member)

    organisation_service.change_member_role(membership=membership, role=Membership.Role.EDITOR, changed_by=org_admin)

    event = AuditEvent.objects.get(action="participation.membership.role_changed")
    assert event.changes == {"role": ["member", "editor"]}
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.EDITOR


def test_removing_a_member_keeps_an_audit_event(organisation, org_admin, member):
    membership = Membership.objects.get(user=member)
    second_admin = MembershipFactory(organisation=organisation, role=Membership.Role.ORG_ADMIN)

    organisation_service.remove_member(membership=membership, removed_by=org_admin)
    organisation_service.remove_member(membership=second_admin, removed_by=org_admin)

    assert not Membership.objects.filter(pk__in=[membership.pk, second_admin.pk]).exists()
    assert AuditEvent.objects.filter(action="participation.membership.deleted").count() == 2
