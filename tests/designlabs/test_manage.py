"""Facilitators setting a lab up: the lab, co-facilitators, sessions, information sheets, the
participant list and record, invitations and attendance."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from designlabs.models import (
    Attendance,
    Consent,
    InformationSheet,
    Lab,
    LabStatus,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    PaymentStatus,
    Session,
    SessionMode,
)
from designlabs.services import labs as lab_service
from designlabs.services import participants as participant_service
from participation.models import AuditEvent, EmailDelivery, PlatformRole, hash_token
from tests.designlabs.factories import (
    InformationSheetFactory,
    LabFactory,
    ParticipantFactory,
    SessionFactory,
)
from tests.participation.factories import OrganisationFactory, UserFactory


def future(days=200) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def lab_post_data(department, partners=(), **overrides) -> dict:
    retention = overrides.pop("retention_date", future())
    data = {
        "title_en": "Schools and AI tools",
        "title_cy": "",
        "brief_en": "Bring **teachers** together.",
        "policy_question_en": "What should guidance say?",
        "public_description_en": "A lab with DfE.",
        "department": str(department.pk),
        "partners": [str(organisation.pk) for organisation in partners],
        "intended_output": "guidance",
        "status": "planning",
        "invitation_only": "on",
        "sectors_represented": "Schools, parents",
        "dots_per_participant": "5",
        "retention_date_day": str(retention.day),
        "retention_date_month": str(retention.month),
        "retention_date_year": str(retention.year),
        "cost": "1500.50",
    }
    data.update(overrides)
    return data


def lab_values(department, **overrides) -> dict:
    values = {
        "title_en": "Schools and AI tools",
        "brief_en": "Brief",
        "policy_question_en": "Question?",
        "public_description_en": "Description",
        "department": department,
        "intended_output": "guidance",
        "status": LabStatus.PLANNING,
        "retention_date": future(),
    }
    values.update(overrides)
    return values


# Labs: services


def test_create_lab_makes_the_creator_a_facilitator_and_records_an_audit_event(facilitator):
    department = OrganisationFactory()
    partner = OrganisationFactory()

    lab = lab_service.create_lab(created_by=facilitator, partners=[partner], **lab_values(department))

    assert lab.slug == "schools-and-ai-tools"
    assert list(lab.facilitators.all()) == [facilitator]
    assert list(lab.partners.all()) == [partner]
    event = AuditEvent.objects.get(action="designlabs.lab.created")
    assert (event.actor, event.organisation, event.target_id) == (facilitator, department, str(lab.pk))


def test_create_lab_gives_a_second_lab_with_the_same_title_its_own_slug(facilitator):
    department = OrganisationFactory()
    lab_service.create_lab(created_by=facilitator, **lab_values(department))

    second = lab_service.create_lab(created_by=facilitator, **lab_values(department))

    assert second.slug == "schools-and-ai-tools-2"


def test_create_lab_refuses_a_retention_date_that_is_not_in_the_future(facilitator):
    with pytest.raises(ValidationError) as error:
        lab_service.create_lab(
            created_by=facilitator, **lab_values(OrganisationFactory(), retention_date=timezone.localdate())
        )

    assert "must be in the future" in error.value.message_dict["retention_date"][0]
    assert Lab.objects.count() == 0


def test_create_lab_is_refused_without_the_facilitator_role(outsider):
    with pytest.raises(PermissionDenied):
        lab_service.create_lab(created_by=outsider, **lab_values(OrganisationFactory()))


def test_update_lab_records_what_changed_including_partners(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    partner = OrganisationFactory(name_en="Wales TUC")

    lab_service.update_lab(lab=lab, changed_by=facilitator, partners=[partner], title_en="New title")

    lab.refresh_from_db()
    assert lab.title_en == "New title"
    event = AuditEvent.objects.get(action="designlabs.lab.updated")
    assert event.changes["title_en"][1] == "New title"
    assert event.changes["partners"] == ["", "Wales TUC"]


def test_update_lab_without_changes_records_nothing(facilitator):
    lab = LabFactory(facilitators=[facilitator])

    lab_service.update_lab(lab=lab, changed_by=facilitator, partners=[], title_en=lab.title_en)

    assert not AuditEvent.objects.filter(action="designlabs.lab.updated").exists()


def test_add_facilitator_needs_the_facilitator_role(facilitator, outsider):
    lab = LabFactory(facilitators=[facilitator])

    with pytest.raises(ValidationError) as error:
        lab_service.add_facilitator(lab=lab, email=outsider.email, added_by=facilitator)

    assert "does not hold the lab facilitator role" in error.value.message_dict["email"][0]
    assert list(lab.facilitators.all()) == [facilitator]


def test_add_facilitator_with_an_unknown_address_says_so(facilitator):
    lab = LabFactory(facilitators=[facilitator])

    with pytest.raises(ValidationError, match="no account"):
        lab_service.add_facilitator(lab=lab, email="nobody@example.org", added_by=facilitator)


def test_add_and_remove_a_co_facilitator(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    colleague = UserFactory(email="colleague@example.org", roles=[PlatformRole.LAB_FACILITATOR])

    lab_service.add_facilitator(lab=lab, email="COLLEAGUE@example.org", added_by=facilitator)
    lab_service.remove_facilitator(lab=lab, user=facilitator, removed_by=colleague)

    assert list(lab.facilitators.all()) == [colleague]
    actions = list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True))
    assert actions == ["designlabs.lab.facilitator_added", "designlabs.lab.facilitator_removed"]


def test_the_last_facilitator_cannot_be_removed(facilitator):
    lab = LabFactory(facilitators=[facilitator])

    with pytest.raises(ValidationError, match="at least one facilitator"):
        lab_service.remove_facilitator(lab=lab, user=facilitator, removed_by=facilitator)

    assert list(lab.facilitators.all()) == [facilitator]


# Labs: views


def test_lab_create_form_shows_errors(client, facilitator):
    client.force_login(facilitator)

    response = client.post(reverse("designlabs:lab-create"), {"title_en": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Create a Design Lab" in html
    assert '<a href="#id_title_en">Enter the lab’s title</a>' in html
    assert '<a href="#id_retention_date_0">Enter the date to delete personal data</a>' in html
    assert Lab.objects.count() == 0


def test_lab_create_explains_why_the_retention_date_must_be_in_the_future(client, facilitator):
    client.force_login(facilitator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        reverse("designlabs:lab-create"), lab_post_data(OrganisationFactory(), retention_date=yesterday)
    )

    assert "participants’ names, contact details, access needs and payments are removed" in response.content.decode()
    assert Lab.objects.count() == 0


def test_lab_create_lists_twenty_partner_organisations_as_checkboxes(client, facilitator):
    for number in range(20):
        OrganisationFactory(name_en=f"Partner {number:02}")
    client.force_login(facilitator)

    html = client.get(reverse("designlabs:lab-create")).content.decode()

    assert html.count('name="partners" type="checkbox"') == 20


def test_lab_create_makes_the_lab_and_goes_to_its_settings(client, facilitator):
    department, partner = OrganisationFactory(), OrganisationFactory()
    client.force_login(facilitator)

    response = client.post(reverse("designlabs:lab-create"), lab_post_data(department, partners=[partner]))

    lab = Lab.objects.get()
    assert response.url == reverse("designlabs:lab-edit", kwargs={"slug": lab.slug})
    assert (lab.department, lab.cost, lab.created_by) == (department, Decimal("1500.50"), facilitator)
    assert list(lab.partners.all()) == [partner]
    assert list(lab.facilitators.all()) == [facilitator]


def test_lab_edit_ignores_extra_fields(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)
    data = lab_post_data(lab.department, retention_date=lab.retention_date, title_en="Renamed")
    data.update(action="save", slug="hijacked", voting_open="", created_by=str(UserFactory().pk))

    response = client.post(reverse("designlabs:lab-edit", kwargs={"slug": lab.slug}), data)

    lab.refresh_from_db()
    assert response.status_code == 302
    assert (lab.title_en, lab.created_by, lab.voting_open) == ("Renamed", None, False)
    assert lab.slug != "hijacked"


def test_lab_edit_keeps_a_past_retention_date_it_already_had(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    Lab.objects.filter(pk=lab.pk).update(retention_date=timezone.localdate() - datetime.timedelta(days=3))
    lab.refresh_from_db()
    client.force_login(facilitator)
    data = {**lab_post_data(lab.department, retention_date=lab.retention_date), "action": "save"}

    response = client.post(reverse("designlabs:lab-edit", kwargs={"slug": lab.slug}), data)

    assert response.status_code == 302


def test_lab_edit_refuses_a_co_facilitator_without_the_role_with_a_clear_error(client, facilitator, outsider):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:lab-edit", kwargs={"slug": lab.slug}),
        {"action": "add-facilitator", "facilitator-email": outsider.email},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_facilitator-email">' in html
    assert "does not hold the lab facilitator role" in html
    assert list(lab.facilitators.all()) == [facilitator]


def test_lab_edit_says_the_last_facilitator_cannot_be_removed(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)
    url = reverse("designlabs:lab-edit", kwargs={"slug": lab.slug})

    response = client.post(url, {"action": "remove-facilitator", "user": str(facilitator.pk)}, follow=True)

    assert "A lab must keep at least one facilitator" in response.content.decode()
    assert list(lab.facilitators.all()) == [facilitator]


def test_lab_edit_removes_a_facilitator_of_another_lab_as_404(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    stranger = UserFactory(roles=[PlatformRole.LAB_FACILITATOR])
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:lab-edit", kwargs={"slug": lab.slug}), {"action": "remove-facilitator", "user": stranger.pk}
    )

    assert response.status_code == 404


# Sessions


def session_post_data(**overrides) -> dict:
    day = future(10)
    data = {
        "title_en": "Session one",
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "start_time": "10:00",
        "end_time": "13:30",
        "mode": "hybrid",
        "venue": "Sanctuary Buildings",
        "online_link": "https://meet.example.org/lab",
        "language": "bilingual",
        "agenda_en": "1. Welcome",
    }
    data.update(overrides)
    return data


def test_create_session_needs_a_venue_and_link_for_hybrid(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    starts = timezone.now() + datetime.timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        lab_service.create_session(
            lab=lab,
            created_by=facilitator,
            title_en="S",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            mode=SessionMode.HYBRID,
        )

    assert set(error.value.message_dict) == {"venue", "online_link"}


def test_session_create_in_uk_time_and_audited(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.post(reverse("designlabs:session-create", kwargs={"slug": lab.slug}), session_post_data())

    session = Session.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "10:00"
    assert timezone.localtime(session.ends_at).strftime("%H:%M") == "13:30"
    assert session.language == "bilingual"
    assert AuditEvent.objects.filter(action="designlabs.session.created", target_id=str(session.pk)).exists()


def test_session_create_shows_errors_for_missing_link_and_end_before_start(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:session-create", kwargs={"slug": lab.slug}),
        session_post_data(mode="online", online_link="", end_time="09:00"),
    )

    html = response.content.decode()
    assert '<a href="#id_end_time">The session must end after it starts</a>' in html
    assert Session.objects.count() == 0


def test_session_create_service_errors_land_on_their_fields(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:session-create", kwargs={"slug": lab.slug}),
        session_post_data(mode="in_person", venue=" ", online_link=""),
    )

    assert '<a href="#id_venue">Enter the venue' in response.content.decode()
    assert Session.objects.count() == 0


def test_session_edit_shows_the_uk_times_and_saves_changes(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    session = SessionFactory(lab=lab)
    client.force_login(facilitator)
    url = reverse("designlabs:session-edit", kwargs={"slug": lab.slug, "pk": session.pk})

    assert 'value="10:00"' in client.get(url).content.decode()
    response = client.post(url, session_post_data(title_en="Renamed", summary_en="We met."))

    session.refresh_from_db()
    assert response.status_code == 302
    assert (session.title_en, session.summary_en) == ("Renamed", "We met.")
    assert AuditEvent.objects.get(action="designlabs.session.updated").changes["title_en"][1] == "Renamed"


def test_session_of_another_lab_is_404(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    other_session = SessionFactory()
    client.force_login(facilitator)

    response = client.get(reverse("designlabs:session-edit", kwargs={"slug": lab.slug, "pk": other_session.pk}))

    assert response.status_code == 404


# Information sheets


def test_sheet_create_adds_a_version_and_refuses_a_repeat(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)
    url = reverse("designlabs:sheet-create", kwargs={"slug": lab.slug})

    first = client.post(url, {"version": "1.0", "body_en": "## Taking part"})
    again = client.post(url, {"version": "1.0", "body_en": "Again"})

    assert first.status_code == 302
    assert '<a href="#id_version">There is already a version 1.0.</a>' in again.content.decode()
    assert list(InformationSheet.objects.values_list("version", flat=True)) == ["1.0"]
    assert AuditEvent.objects.filter(action="designlabs.information_sheet.created").count() == 1


def test_the_same_sheet_version_may_exist_in_two_labs(facilitator):
    InformationSheetFactory(version="1.0")
    lab = LabFactory()

    sheet = lab_service.create_information_sheet(lab=lab, created_by=facilitator, version="1.0", body_en="Text")

    assert sheet.lab == lab


# Participants: invitations


def test_invite_participant_queues_one_email_with_the_link_and_stores_only_the_hash(
    facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    lab = LabFactory(facilitators=[facilitator], title_en="Schools lab")

    with django_capture_on_commit_callbacks(execute=True):
        participant = participant_service.invite_participant(
            lab=lab, invited_by=facilitator, email="new.person@example.org", name="New", role=ParticipantRole.EXPERT
        )

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "You are invited to a Design Lab: Schools lab"
    token = message.body.split("/labs/invitations/")[1].split("/")[0]
    assert participant.token_hash == hash_token(token)
    assert token not in participant.token_hash
    assert "/accounts/signup/?next=%2Flabs%2Finvitations%2F" in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    delivery = EmailDelivery.objects.get()
    assert (delivery.kind, delivery.is_notification) == ("design_lab_invitation", False)
    event = AuditEvent.objects.get(action="designlabs.participant.invited")
    assert (event.actor, event.organisation, event.changes) == (facilitator, lab.department, {"role": [None, "expert"]})


def test_invitation_email_goes_in_welsh_when_chosen(facilitator, mailoutbox, django_capture_on_commit_callbacks):
    lab = LabFactory(facilitators=[facilitator])

    with django_capture_on_commit_callbacks(execute=True):
        participant_service.invite_participant(
            lab=lab, invited_by=facilitator, email="cy@example.org", role="public", preferred_language="cy"
        )

    assert EmailDelivery.objects.get().language == "cy"
    assert "/cy/labs/invitations/" in mailoutbox[0].body


def test_inviting_the_same_address_twice_to_one_lab_is_refused(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    participant_service.invite_participant(lab=lab, invited_by=facilitator, email="twice@example.org", role="public")

    with pytest.raises(ValidationError, match="already been invited"):
        participant_service.invite_participant(
            lab=lab, invited_by=facilitator, email="TWICE@example.org", role="public"
        )

    assert Participant.objects.count() == 1
    assert EmailDelivery.objects.count() == 1


def test_resending_an_invitation_replaces_the_link(facilitator, mailoutbox, django_capture_on_commit_callbacks):
    lab = LabFactory(facilitators=[facilitator])
    with django_capture_on_commit_callbacks(execute=True):
        participant = participant_service.invite_participant(
            lab=lab, invited_by=facilitator, email="again@example.org", role="public"
        )
    old_hash = participant.token_hash

    with django_capture_on_commit_callbacks(execute=True):
        participant_service.resend_invitation(participant=participant, resent_by=facilitator)

    participant.refresh_from_db()
    assert len(mailoutbox) == 2
    assert participant.token_hash != old_hash
    new_token = mailoutbox[1].body.split("/labs/invitations/")[1].split("/")[0]
    assert participant_service.find_invitation(new_token) == participant
    old_token = mailoutbox[0].body.split("/labs/invitations/")[1].split("/")[0]
    assert participant_service.find_invitation(old_token) is None


def test_resending_to_someone_who_accepted_is_refused(facilitator):
    participant = ParticipantFactory(lab=LabFactory(facilitators=[facilitator]))

    with pytest.raises(ValidationError, match="not yet answered"):
        participant_service.resend_invitation(participant=participant, resent_by=facilitator)


def test_participant_invite_view_shows_errors_and_a_duplicate(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    ParticipantFactory(lab=lab, user=None, email="taken@example.org", status=ParticipantStatus.INVITED)
    client.force_login(facilitator)
    url = reverse("designlabs:participant-invite", kwargs={"slug": lab.slug})

    empty = client.post(url, {}).content.decode()
    duplicate = client.post(url, {"email": "taken@example.org", "role": "public", "preferred_language": "en"})

    assert '<a href="#id_email">Enter an email address</a>' in empty
    assert '<a href="#id_role_0">Choose a role</a>' in empty
    assert "taken@example.org has already been invited to this lab." in duplicate.content.decode()
    assert Participant.objects.count() == 1


def test_participant_invite_view_sends_and_goes_to_the_list(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:participant-invite", kwargs={"slug": lab.slug}),
        {"email": "new@example.org", "name": "Ann", "role": "lived_experience", "preferred_language": "en"},
        follow=True,
    )

    assert "Invitation sent to new@example.org" in response.content.decode()
    assert Participant.objects.get().role == "lived_experience"


# Participants: list and record


def test_participant_list_shows_the_table_counts_and_filters(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    sheet = InformationSheetFactory(lab=lab)
    accepted = ParticipantFactory(lab=lab, name="Ada Accepted", payment_status=PaymentStatus.DUE, honorarium=100)
    participant_service.give_consent(participant=accepted, sheet=sheet, recorded_by=facilitator)
    ParticipantFactory(
        lab=lab, user=None, email="ivy@example.org", name="Ivy Invited", status="invited", access_needs=""
    )
    client.force_login(facilitator)
    url = reverse("designlabs:participant-list", kwargs={"slug": lab.slug})

    html = client.get(url).content.decode()
    filtered = client.get(url, {"status": "invited"}).content.decode()

    assert "Ada Accepted" in html and "Ivy Invited" in html
    assert "2 people invited in all" in html
    assert "Invited 1, Accepted 1, Declined 0, Withdrawn 0" in html
    assert ">Given</strong>" in html and ">Not yet</strong>" in html
    assert "Due" in html
    assert "Ivy Invited" in filtered and "Ada Accepted" not in filtered


def test_participant_list_with_a_nonsense_filter_shows_everyone(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    ParticipantFactory(lab=lab, name="Ada")
    client.force_login(facilitator)

    response = client.get(reverse("designlabs:participant-list", kwargs={"slug": lab.slug}), {"status": "x\x00"})

    assert response.status_code == 200
    assert "Ada" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_participant_list_query_count_does_not_grow(client, facilitator, count, django_assert_num_queries):
    lab = LabFactory(facilitators=[facilitator])
    sheet = InformationSheetFactory(lab=lab)
    for _ in range(count):
        participant = ParticipantFactory(lab=lab)
        participant_service.give_consent(participant=participant, sheet=sheet, recorded_by=facilitator)
    client.force_login(facilitator)
    # session, user (with roles and MFA facts), lab (with facilitating and partner flags), lab_access (own
    # participation), counts by status, participants, their consents
    with django_assert_num_queries(7):
        response = client.get(reverse("designlabs:participant-list", kwargs={"slug": lab.slug}))
    assert response.status_code == 200


def test_participant_edit_saves_and_audits_without_personal_values(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    participant = ParticipantFactory(lab=lab)
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": participant.pk}),
        {
            "action": "save",
            "role": "expert",
            "status": "accepted",
            "preferred_language": "cy",
            "access_needs": "BSL interpreter",
            "adjustments": "Interpreter booked",
            "dietary_notes": "Vegan",
            "honorarium": "150",
            "expenses": "23.40",
            "payment_status": "paid",
            "lab": str(LabFactory().pk),
        },
    )

    participant.refresh_from_db()
    assert response.status_code == 302
    assert (participant.role, participant.adjustments, participant.expenses, participant.payment_status) == (
        "expert",
        "Interpreter booked",
        Decimal("23.40"),
        "paid",
    )
    assert participant.lab == lab
    event = AuditEvent.objects.get(action="designlabs.participant.updated")
    assert event.changes["role"] == ["public", "expert"]
    assert "BSL interpreter" not in str(event.changes)


def test_participant_edit_refuses_a_payment_without_an_amount(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    participant = ParticipantFactory(lab=lab)
    client.force_login(facilitator)

    response = client.post(
        reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": participant.pk}),
        {"action": "save", "role": "public", "status": "accepted", "preferred_language": "en", "payment_status": "due"},
    )

    assert '<a href="#id_payment_status_0">Enter the honorarium or expenses' in response.content.decode()


def test_participant_edit_records_and_withdraws_consent_on_their_behalf(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    sheet = InformationSheetFactory(lab=lab, version="2.0")
    participant = ParticipantFactory(lab=lab)
    client.force_login(facilitator)
    url = reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": participant.pk})
    day = timezone.localdate() - datetime.timedelta(days=2)

    client.post(
        url,
        {
            "action": "record-consent",
            "consent-sheet": str(sheet.pk),
            "consent-given_on_day": day.day,
            "consent-given_on_month": day.month,
            "consent-given_on_year": day.year,
        },
    )
    consent = Consent.objects.get()
    assert (consent.sheet, timezone.localtime(consent.given_at).date(), consent.recorded_by) == (
        sheet,
        day,
        facilitator,
    )
    client.post(url, {"action": "withdraw-consent"})

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Version 2.0" in client.get(url).content.decode()


def test_participant_edit_refuses_a_consent_date_in_the_future(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    sheet = InformationSheetFactory(lab=lab)
    participant = ParticipantFactory(lab=lab)
    client.force_login(facilitator)
    day = timezone.localdate() + datetime.timedelta(days=2)

    response = client.post(
        reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": participant.pk}),
        {
            "action": "record-consent",
            "consent-sheet": str(sheet.pk),
            "consent-given_on_day": day.day,
            "consent-given_on_month": day.month,
            "consent-given_on_year": day.year,
        },
    )

    assert "must be today or in the past" in response.content.decode()
    assert Consent.objects.count() == 0


def test_participant_edit_cannot_record_consent_to_another_labs_sheet(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    InformationSheetFactory(lab=lab)
    other_sheet = InformationSheetFactory()
    participant = ParticipantFactory(lab=lab)
    client.force_login(facilitator)
    today = timezone.localdate()

    response = client.post(
        reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": participant.pk}),
        {
            "action": "record-consent",
            "consent-sheet": str(other_sheet.pk),
            "consent-given_on_day": today.day,
            "consent-given_on_month": today.month,
            "consent-given_on_year": today.year,
        },
    )

    assert response.status_code == 200
    assert Consent.objects.count() == 0


def test_participant_edit_resends_an_invitation(client, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    lab = LabFactory(facilitators=[facilitator])
    invitee = participant_service.invite_participant(
        lab=lab, invited_by=facilitator, email="late@example.org", role="public"
    )
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": invitee.pk}),
            {"action": "resend"},
            follow=True,
        )

    assert "The invitation has been sent again" in response.content.decode()
    assert EmailDelivery.objects.count() == 2


def test_participant_of_another_lab_is_404(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    stranger = ParticipantFactory()
    client.force_login(facilitator)

    response = client.get(reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": stranger.pk}))

    assert response.status_code == 404


# Attendance


def test_mark_attendance_records_once_and_audits_changes(facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    participant = ParticipantFactory(lab=session.lab)

    participant_service.mark_attendance(session=session, participant=participant, present=True, recorded_by=facilitator)
    participant_service.mark_attendance(session=session, participant=participant, present=True, recorded_by=facilitator)
    participant_service.mark_attendance(
        session=session, participant=participant, present=False, recorded_by=facilitator
    )

    assert Attendance.objects.get().present is False
    changes = list(
        AuditEvent.objects.filter(action="designlabs.attendance.recorded")
        .order_by("created_at")
        .values_list("changes", flat=True)
    )
    assert changes == [{"present": [None, "True"]}, {"present": ["True", "False"]}]


def test_mark_attendance_refuses_someone_not_accepted(facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    invitee = ParticipantFactory(lab=session.lab, user=None, status=ParticipantStatus.INVITED)

    with pytest.raises(ValidationError):
        participant_service.mark_attendance(session=session, participant=invitee, present=True, recorded_by=facilitator)


def test_attendance_page_lists_accepted_people_with_the_count(client, facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    here = ParticipantFactory(lab=session.lab, name="Ada Here", role=ParticipantRole.EXPERT)
    ParticipantFactory(lab=session.lab, name="Bo Away")
    ParticipantFactory(lab=session.lab, user=None, name="Cy Invited", status=ParticipantStatus.INVITED)
    participant_service.mark_attendance(session=session, participant=here, present=True, recorded_by=facilitator)
    client.force_login(facilitator)

    html = client.get(reverse("designlabs:attendance", kwargs={"slug": session.lab.slug, "pk": session.pk})).content

    html = html.decode()
    assert "1 of 2 present" in html
    assert "Ada Here · Expert" in html
    assert "Bo Away" in html and "Cy Invited" not in html
    assert 'aria-pressed="true"' in html


def test_attendance_mark_without_javascript_redirects_back_to_the_row(client, facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    person = ParticipantFactory(lab=session.lab)
    client.force_login(facilitator)
    url = reverse(
        "designlabs:attendance-mark", kwargs={"slug": session.lab.slug, "pk": session.pk, "participant": person.pk}
    )

    response = client.post(url, {"present": "1"})

    assert response.url.endswith(f"/attendance/#person-{person.pk}")
    assert Attendance.objects.get().present is True


def test_attendance_mark_with_htmx_returns_the_row_and_the_count_out_of_band(client, facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    person = ParticipantFactory(lab=session.lab, name="Ada")
    ParticipantFactory(lab=session.lab)
    client.force_login(facilitator)
    url = reverse(
        "designlabs:attendance-mark", kwargs={"slug": session.lab.slug, "pk": session.pk, "participant": person.pk}
    )

    response = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<li id="person-{person.pk}"')
    assert 'id="attendance-count"' in html and 'hx-swap-oob="true"' in html
    assert "1 of 2 present" in html
    assert "<html" not in html
    assert response["Vary"] == "HX-Request, Cookie" or "HX-Request" in response["Vary"]


def test_attendance_mark_for_someone_in_another_lab_is_404(client, facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    stranger = ParticipantFactory()
    client.force_login(facilitator)
    url = reverse(
        "designlabs:attendance-mark", kwargs={"slug": session.lab.slug, "pk": session.pk, "participant": stranger.pk}
    )

    response = client.post(url, {"present": "1"})

    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_attendance_mark_by_get_is_refused(client, facilitator):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    person = ParticipantFactory(lab=session.lab)
    client.force_login(facilitator)
    url = reverse(
        "designlabs:attendance-mark", kwargs={"slug": session.lab.slug, "pk": session.pk, "participant": person.pk}
    )

    response = client.get(url, {"present": "1"})

    assert response.status_code == 405
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("count", [1, 5])
def test_attendance_page_query_count_does_not_grow(client, facilitator, count, django_assert_num_queries):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    for _ in range(count):
        person = ParticipantFactory(lab=session.lab)
        participant_service.mark_attendance(session=session, participant=person, present=True, recorded_by=facilitator)
    client.force_login(facilitator)
    # session, user (with roles and MFA facts), lab (with facilitating and partner flags), lab_access (own
    # participation), the lab's session, accepted participants with whether each is present
    with django_assert_num_queries(6):
        response = client.get(reverse("designlabs:attendance", kwargs={"slug": session.lab.slug, "pk": session.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_attendance_mark_fragment_query_count_does_not_grow(client, facilitator, count, django_assert_num_queries):
    session = SessionFactory(lab=LabFactory(facilitators=[facilitator]))
    people = [ParticipantFactory(lab=session.lab) for _ in range(count)]
    client.force_login(facilitator)
    url = reverse(
        "designlabs:attendance-mark", kwargs={"slug": session.lab.slug, "pk": session.pk, "participant": people[0].pk}
    )
    # session, user (with roles and MFA facts), lab (with facilitating and partner flags), lab_access (own
    # participation), the lab's session, the participant; in the service's transaction (savepoint and
    # release under the test's transaction): the advisory lock, their attendance row, insert, audit event;
    # then the counts
    with django_assert_num_queries(13):
        response = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
