import pytest

from designlabs.models import MaterialVisibility, ParticipantStatus
from participation.models import Membership, PlatformRole
from tests.designlabs.factories import (
    InformationSheetFactory,
    LabFactory,
    MaterialFactory,
    OutputFactory,
    ParticipantFactory,
    SessionFactory,
    ThemeFactory,
)
from tests.participation.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def facilitator(db):
    return UserFactory(email="facilitator@example.org", mfa=True, roles=[PlatformRole.LAB_FACILITATOR])


@pytest.fixture
def lab_world(facilitator, site_admin, outsider):
    """One running lab with a session, a participant, an invitee, a partner organisation, a
    participants-only material, an information sheet, a theme and an output; and a second lab."""
    department = OrganisationFactory(slug="dfe", name_en="Department for Education")
    partner = OrganisationFactory(slug="tuc-cymru", name_en="Wales TUC")
    lab = LabFactory(department=department, facilitators=[facilitator], partners=[partner])
    session = SessionFactory(lab=lab)
    participant = ParticipantFactory(lab=lab, user=UserFactory(email="participant@example.org"))
    invitee_user = UserFactory(email="invitee@example.org")
    invitee = ParticipantFactory(lab=lab, user=None, email=invitee_user.email, status=ParticipantStatus.INVITED)
    other_lab = LabFactory(department=department)
    other_participant = ParticipantFactory(lab=other_lab, user=UserFactory(email="other.participant@example.org"))
    partner_staff = MembershipFactory(organisation=partner, role=Membership.Role.MEMBER).user
    other_facilitator = UserFactory(
        email="other.facilitator@example.org", mfa=True, roles=[PlatformRole.LAB_FACILITATOR]
    )
    theme = ThemeFactory(lab=lab)
    return {
        "users": {
            "outsider": outsider,
            "invitee": invitee_user,
            "participant": participant.user,
            "other_participant": other_participant.user,
            "partner_staff": partner_staff,
            "facilitator": facilitator,
            "other_facilitator": other_facilitator,
            "site_admin": site_admin,
        },
        "lab": lab,
        "other_lab": other_lab,
        "session": session,
        "participant": participant,
        "invitee": invitee,
        "material": MaterialFactory(lab=lab, session=session, visibility=MaterialVisibility.PARTICIPANTS),
        "sheet": InformationSheetFactory(lab=lab),
        "theme": theme,
        "output": OutputFactory(session=session, theme=theme),
    }
