"""Named permission checks for Design Labs. Views scope first (404 outside reach), then ask one of
these about the person's standing in the lab, worked out once per request by `lab_access`."""

from dataclasses import dataclass

from designlabs.models import Lab, LabStatus, Participant, ParticipantStatus
from participation.models import PlatformRole
from participation.permissions import is_site_admin


def is_lab_admin(user) -> bool:
    return user.is_authenticated and is_site_admin(user)


def is_facilitator(user) -> bool:
    """Holds the lab facilitator role, with two-factor authentication: facilitators see personal data."""
    if not user.is_authenticated:
        return False
    return (user.has_platform_role(PlatformRole.LAB_FACILITATOR) and user.has_mfa) or is_lab_admin(user)


def can_create_lab(user) -> bool:
    return is_facilitator(user)


@dataclass(frozen=True)
class LabAccess:
    """Who someone is to one lab."""

    facilitator: bool = False
    participant: Participant | None = None
    partner: bool = False

    @property
    def accepted(self) -> bool:
        return self.participant is not None and self.participant.status == ParticipantStatus.ACCEPTED


def lab_access(user, lab: Lab) -> LabAccess:
    """One query for a signed-in member on a lab fetched `with_access` (their participation), two
    otherwise; the role and two-factor checks ride on facts loaded with the user."""
    if not user.is_authenticated:
        return LabAccess()
    if not hasattr(lab, "user_facilitates"):
        flags = Lab.objects.with_access(user).filter(pk=lab.pk).values("user_facilitates", "user_is_partner").get()
        lab.user_facilitates, lab.user_is_partner = flags["user_facilitates"], flags["user_is_partner"]
    participant = _participation(user, lab)
    if is_lab_admin(user):
        return LabAccess(facilitator=True, participant=participant, partner=lab.user_is_partner)
    return LabAccess(
        facilitator=lab.user_facilitates and is_facilitator(user), participant=participant, partner=lab.user_is_partner
    )


def _participation(user, lab: Lab) -> Participant | None:
    return Participant.objects.filter(lab=lab, user=user).first()


def can_manage_lab(access: LabAccess) -> bool:
    return access.facilitator


def can_see_personal_data(access: LabAccess) -> bool:
    """Participants' names, contacts, access needs, consent and payments: facilitators only."""
    return access.facilitator


def can_open_workspace(access: LabAccess) -> bool:
    return access.facilitator or access.accepted or access.partner


def can_see_joining_details(access: LabAccess) -> bool:
    """Venues and online links go to the people taking part."""
    return access.facilitator or access.accepted


def can_capture_outputs(access: LabAccess, lab: Lab) -> bool:
    return (access.facilitator or access.accepted) and lab.status != LabStatus.CLOSED


def can_dot_vote(access: LabAccess, lab: Lab) -> bool:
    return (access.facilitator or access.accepted) and lab.voting_open and lab.status != LabStatus.CLOSED


def can_request_write_up_pdf(user, access: LabAccess, lab: Lab) -> bool:
    """The PDF is made for a signed-in requester (and emailed to them): the lab's people at any
    time, anyone once the write-up is public."""
    return user.is_authenticated and (can_open_workspace(access) or lab.is_write_up_published)
