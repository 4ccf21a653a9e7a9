"""Participants: answering the invitation, their own details and consent, and their list of labs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from designlabs.models import Consent, Participant, ParticipantStatus
from designlabs.services import participants as participant_service
from participation.models import AuditEvent, Membership, hash_token
from tests.designlabs.factories import InformationSheetFactory, LabFactory, ParticipantFactory
from tests.participation.factories import MembershipFactory, UserFactory


@pytest.fixture
def invited(facilitator):
    """An invitation to `invitee@example.org` and its token, plus an account with that address."""
    lab = LabFactory(facilitators=[facilitator], title_en="Schools lab")
    user = UserFactory(email="invitee@example.org")
    participant = participant_service.invite_participant(
        lab=lab, invited_by=facilitator, email="Invitee@example.org", role="public"
    )
    token = "known-token"
    participant.token_hash = hash_token(token)
    participant.save(update_fields=["token_hash"])
    return {"lab": lab, "user": user, "participant": participant, "token": token}


def invitation_url(token: str) -> str:
    return reverse("designlabs:invitation", kwargs={"token": token})


# Services


def test_accept_links_the_account_and_uses_up_the_token(invited):
    participant = participant_service.accept_invitation(participant=invited["participant"], user=invited["user"])

    assert (participant.user, participant.status) == (invited["user"], ParticipantStatus.ACCEPTED)
    assert participant.responded_at is not None
    assert participant_service.find_invitation(invited["token"]) is None
    event = AuditEvent.objects.get(action="designlabs.participant.accepted")
    assert (event.actor, event.organisation) == (invited["user"], invited["lab"].department)


def test_accept_with_the_wrong_account_is_refused_and_changes_nothing(invited, outsider):
    with pytest.raises(PermissionDenied, match="different email address"):
        participant_service.accept_invitation(participant=invited["participant"], user=outsider)

    participant = Participant.objects.get(pk=invited["participant"].pk)
    assert (participant.user, participant.status, participant.responded_at) == (None, "invited", None)
    assert not AuditEvent.objects.filter(action="designlabs.participant.accepted").exists()


def test_decline_is_recorded(invited):
    participant_service.decline_invitation(participant=invited["participant"], user=invited["user"])

    participant = Participant.objects.get(pk=invited["participant"].pk)
    assert (participant.status, participant.user) == (ParticipantStatus.DECLINED, None)
    assert participant.responded_at is not None
    assert AuditEvent.objects.filter(action="designlabs.participant.declined").count() == 1


def test_an_answered_invitation_cannot_be_answered_again(invited):
    participant_service.decline_invitation(participant=invited["participant"], user=invited["user"])

    with pytest.raises(ValidationError, match="already been answered"):
        participant_service.accept_invitation(participant=invited["participant"], user=invited["user"])


def test_give_and_withdraw_consent(invited):
    participant = participant_service.accept_invitation(participant=invited["participant"], user=invited["user"])
    sheet = InformationSheetFactory(lab=invited["lab"])

    consent = participant_service.give_consent(participant=participant, sheet=sheet, recorded_by=invited["user"])
    with pytest.raises(ValidationError, match="already recorded"):
        participant_service.give_consent(participant=participant, sheet=sheet, recorded_by=invited["user"])
    participant_service.withdraw_consent(participant=participant, withdrawn_by=invited["user"])

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert participant_service.standing_consent(participant) is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="designlabs.consent.")
        .order_by("created_at")
        .values_list("action", flat=True)
    )
    assert actions == ["designlabs.consent.given", "designlabs.consent.withdrawn"]
    with pytest.raises(ValidationError, match="no consent to withdraw"):
        participant_service.withdraw_consent(participant=participant, withdrawn_by=invited["user"])


def test_consent_to_a_newer_sheet_replaces_the_old_one(invited):
    participant = participant_service.accept_invitation(participant=invited["participant"], user=invited["user"])
    old = InformationSheetFactory(lab=invited["lab"], version="1.0")
    first = participant_service.give_consent(participant=participant, sheet=old, recorded_by=invited["user"])
    new = InformationSheetFactory(lab=invited["lab"], version="2.0")

    second = participant_service.give_consent(participant=participant, sheet=new, recorded_by=invited["user"])

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert participant_service.standing_consent(participant) == second


def test_consent_to_another_labs_sheet_is_refused(invited):
    with pytest.raises(ValidationError):
        participant_service.give_consent(
            participant=invited["participant"], sheet=InformationSheetFactory(), recorded_by=invited["user"]
        )
    assert Consent.objects.count() == 0


# The invitation page


def test_invitation_page_shows_the_lab_and_the_sheet(client, invited):
    InformationSheetFactory(lab=invited["lab"], body_en="## What taking part means")
    client.force_login(invited["user"])

    html = client.get(invitation_url(invited["token"])).content.decode()

    assert "You are invited to Schools lab" in html
    assert "<h2>What taking part means</h2>" in html
    assert 'value="accept"' in html and 'value="decline"' in html


def test_invitation_accept_goes_to_your_details(client, invited):
    client.force_login(invited["user"])

    response = client.post(invitation_url(invited["token"]), {"action": "accept"})

    assert response.url == reverse("designlabs:my-details", kwargs={"slug": invited["lab"].slug})
    assert Participant.objects.get(pk=invited["participant"].pk).user == invited["user"]


def test_invitation_with_the_wrong_account_says_so_and_changes_nothing(client, invited, outsider):
    client.force_login(outsider)

    page = client.get(invitation_url(invited["token"])).content.decode()
    response = client.post(invitation_url(invited["token"]), {"action": "accept"})

    assert "This invitation was sent to Invitee@example.org" in page
    assert 'value="accept"' not in page
    assert "different email address" in response.content.decode()
    assert Participant.objects.get(pk=invited["participant"].pk).status == "invited"


def test_invitation_decline_is_recorded(client, invited):
    client.force_login(invited["user"])

    response = client.post(invitation_url(invited["token"]), {"action": "decline"}, follow=True)

    assert "You have declined the invitation" in response.content.decode()
    assert Participant.objects.get(pk=invited["participant"].pk).status == "declined"


@pytest.mark.parametrize("token", ["unknown", "known-token"])
def test_a_used_or_unknown_invitation_is_a_friendly_404(client, invited, token):
    participant_service.accept_invitation(participant=invited["participant"], user=invited["user"])
    client.force_login(invited["user"])

    response = client.get(invitation_url(token))

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_invitation_sends_anonymous_visitors_to_sign_in_and_back(client, invited):
    response = client.get(invitation_url(invited["token"]))

    assert response.url == f"{reverse('account_login')}?next={invitation_url(invited['token'])}"


# Your details


def details_url(lab) -> str:
    return reverse("designlabs:my-details", kwargs={"slug": lab.slug})


def test_my_details_saves_your_needs(client, lab_world):
    participant = lab_world["participant"]
    client.force_login(participant.user)

    response = client.post(
        details_url(lab_world["lab"]),
        {
            "action": "details",
            "details-preferred_language": "cy",
            "details-access_needs": "Captions please",
            "details-dietary_notes": "",
            "details-status": "accepted",
        },
    )

    participant.refresh_from_db()
    assert response.status_code == 302
    assert (participant.preferred_language, participant.access_needs, participant.dietary_notes) == (
        "cy",
        "Captions please",
        "",
    )
    event = AuditEvent.objects.get(action="designlabs.participant.details_updated")
    assert "Captions please" not in str(event.changes)


def test_my_details_shows_errors(client, lab_world):
    client.force_login(lab_world["participant"].user)

    response = client.post(
        details_url(lab_world["lab"]),
        {"action": "details", "details-preferred_language": "fr", "details-access_needs": "x" * 2001},
    )

    html = response.content.decode()
    assert "<title>Error: Your details" in html
    assert "Choose English or Welsh" in html


def test_my_details_asks_for_consent_and_records_it(client, lab_world):
    client.force_login(lab_world["participant"].user)
    url = details_url(lab_world["lab"])

    page = client.get(url).content.decode()
    refused = client.post(url, {"action": "consent"}).content.decode()
    client.post(url, {"action": "consent", "consent-agree": "on"})

    assert "I have read the information sheet and agree to take part" in page
    assert "What taking part means" in page
    assert "Tick the box to say you have read the information sheet and agree" in refused
    consent = Consent.objects.get()
    assert (consent.participant, consent.sheet) == (lab_world["participant"], lab_world["sheet"])
    assert "Consent given" in client.get(url).content.decode()


def test_my_details_withdrawal_asks_first_then_withdraws(client, lab_world):
    participant = lab_world["participant"]
    participant_service.give_consent(participant=participant, sheet=lab_world["sheet"], recorded_by=participant.user)
    client.force_login(participant.user)
    url = details_url(lab_world["lab"])

    confirmation = client.get(url, {"withdraw": "1"}).content.decode()
    client.post(url, {"action": "withdraw-consent"})

    assert "Are you sure you want to withdraw your consent?" in confirmation
    assert Consent.objects.get().withdrawn_at is not None
    assert "Your consent history" in client.get(url).content.decode()


def test_an_invitee_can_answer_from_their_details_page(client, lab_world):
    client.force_login(lab_world["users"]["invitee"])

    page = client.get(details_url(lab_world["lab"])).content.decode()
    client.post(details_url(lab_world["lab"]), {"action": "accept"})

    assert 'value="accept"' in page
    invitee = Participant.objects.get(pk=lab_world["invitee"].pk)
    assert (invitee.status, invitee.user) == ("accepted", lab_world["users"]["invitee"])


def test_my_details_never_shows_anyone_elses_details(client, lab_world):
    ParticipantFactory(lab=lab_world["lab"], name="Somebody Else", access_needs="Private need")
    client.force_login(lab_world["participant"].user)

    html = client.get(details_url(lab_world["lab"])).content.decode()

    assert "Somebody Else" not in html and "Private need" not in html


def test_my_details_is_404_in_a_lab_you_are_not_in(client, lab_world):
    client.force_login(lab_world["participant"].user)

    response = client.get(details_url(lab_world["other_lab"]))

    assert response.status_code == 404


def test_my_details_works_in_welsh(client, lab_world):
    client.force_login(lab_world["participant"].user)

    response = client.get("/cy" + details_url(lab_world["lab"]))

    with translation.override("cy"):
        heading = gettext("Your details")
    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_my_details_query_count_does_not_grow(client, db, count, django_assert_num_queries):
    lab = LabFactory()
    participant = ParticipantFactory(lab=lab)
    for number in range(count):
        sheet = InformationSheetFactory(lab=lab, version=f"v{number}")
        participant_service.give_consent(participant=participant, sheet=sheet, recorded_by=participant.user)
    for _ in range(count):
        ParticipantFactory(lab=lab)
    client.force_login(participant.user)
    # session, user (with roles and MFA facts, for lab_access and base.html's MFA banner), lab (with
    # facilitating and partner flags), own participation, newest sheet, consents with their sheets,
    # lab_access for the nav (participation)
    with django_assert_num_queries(7):
        response = client.get(details_url(lab))
    assert response.status_code == 200


# Your labs


def test_my_labs_lists_what_you_facilitate_take_part_in_and_through_your_organisation(client, lab_world):
    user = lab_world["participant"].user
    MembershipFactory(user=user, organisation=lab_world["other_lab"].department, role=Membership.Role.MEMBER)
    pending = LabFactory(title_en="Pending lab")
    ParticipantFactory(lab=pending, user=None, email=user.email, status=ParticipantStatus.INVITED)
    client.force_login(user)

    html = client.get(reverse("designlabs:my-labs")).content.decode()

    assert lab_world["lab"].title_en in html
    assert "Pending lab" in html
    assert "Invitation waiting" in html
    assert reverse("designlabs:my-details", kwargs={"slug": pending.slug}) in html
    assert lab_world["other_lab"].title_en in html
    assert "Create a lab" not in html


def test_my_labs_empty_state_and_create_button(client, facilitator, outsider):
    client.force_login(outsider)
    empty = client.get(reverse("designlabs:my-labs")).content.decode()
    client.force_login(facilitator)
    facilitating = client.get(reverse("designlabs:my-labs")).content.decode()

    assert "You are not part of any Design Lab yet" in empty
    assert "Create a lab" not in empty
    assert "Create a lab" in facilitating


@pytest.mark.parametrize("count", [1, 5])
def test_my_labs_query_count_does_not_grow(client, facilitator, count, django_assert_num_queries):
    for _ in range(count):
        LabFactory(facilitators=[facilitator])
        ParticipantFactory(lab=LabFactory(), user=facilitator)
    client.force_login(facilitator)
    # session, user (with roles and MFA facts: may create a lab), participations with their labs,
    # facilitated labs, organisation labs
    with django_assert_num_queries(5):
        response = client.get(reverse("designlabs:my-labs"))
    assert response.status_code == 200
