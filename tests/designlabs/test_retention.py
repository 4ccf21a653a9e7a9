"""The retention task removes exactly the personal data it should, once, on the lab's date."""

import datetime

import pytest
from django.urls import reverse

from designlabs.models import Attendance, Consent, Dot, Participant, ParticipantRole, PaymentStatus
from designlabs.services.participants import INVITATION_EMAIL_KIND
from designlabs.services.retention import remove_expired_personal_data
from participation.models import AuditEvent, EmailDelivery, NotificationKind
from participation.services.email import queue_email
from tests.designlabs.factories import (
    InformationSheetFactory,
    LabFactory,
    OutputFactory,
    ParticipantFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 1, 15)


def _lab_with_people(retention_date):
    lab = LabFactory(retention_date=retention_date)
    session = SessionFactory(lab=lab)
    participant = ParticipantFactory(
        lab=lab,
        role=ParticipantRole.EXPERT,
        adjustments="BSL interpreter booked",
        honorarium=150,
        expenses=20,
        payment_status=PaymentStatus.PAID,
        token_hash="a" * 64,
    )
    Attendance.objects.create(session=session, participant=participant, present=True)
    Consent.objects.create(participant=participant, sheet=InformationSheetFactory(lab=lab), given_at=session.starts_at)
    output = OutputFactory(session=session, author=participant.user, author_role=ParticipantRole.EXPERT,
                           is_public=True, dot_count=1)  # fmt: skip
    Dot.objects.create(lab=lab, output=output, user=participant.user)
    for kind, key in [
        (INVITATION_EMAIL_KIND, f"invitation:{participant.pk}:abc"),
        (NotificationKind.LAB_REMINDERS, f"lab-session:{session.pk}:reminder-60"),
    ]:
        queue_email(
            kind=kind, subject_key=key, template="t", context={}, to_email=participant.email, is_notification=False
        )
    return lab, participant


def test_personal_data_is_removed_on_the_retention_date_and_nothing_else(client):
    lab, participant = _lab_with_people(TODAY)
    tomorrow_lab, tomorrow_participant = _lab_with_people(TODAY + datetime.timedelta(days=1))

    participant_email = participant.email

    assert remove_expired_personal_data(today=TODAY) == 1

    participant.refresh_from_db()
    assert (participant.email, participant.name, participant.token_hash, participant.access_needs) == ("", "", "", "")
    assert (participant.adjustments, participant.dietary_notes, participant.honorarium, participant.expenses) == (
        "", "", None, None
    )  # fmt: skip
    assert participant.user is None and participant.anonymised_at is not None
    assert (participant.role, participant.status, participant.payment_status) == ("expert", "accepted", "paid")
    assert participant.attendance.get().present is True
    assert participant.consents.count() == 1
    output = lab.outputs.get()
    assert (output.author, output.author_role, output.dot_count) == (None, "expert", 1)
    assert list(Dot.objects.filter(lab=lab).values_list("user", flat=True)) == [None]
    lab.refresh_from_db()
    assert lab.personal_data_removed_at is not None
    event = AuditEvent.objects.get(action="designlabs.lab.personal_data_removed")
    assert (event.target_id, event.changes) == (
        str(lab.pk),
        {"emails": [None, "2"], "participants": [None, "1"], "dots": [None, "1"], "outputs": [None, "1"]},
    )
    # The lab's emails held the participant's address; the other lab's are kept.
    assert not EmailDelivery.objects.filter(to_email=participant_email).exists()
    assert EmailDelivery.objects.filter(to_email=tomorrow_participant.email).count() == 2
    # The lab due tomorrow is untouched.
    tomorrow_participant.refresh_from_db()
    assert tomorrow_participant.email and tomorrow_participant.user is not None
    assert Dot.objects.filter(lab=tomorrow_lab, user__isnull=False).count() == 1
    # The public page still counts the participant, in aggregate.
    assert client.get(reverse("designlabs:lab-detail", kwargs={"slug": lab.slug})).context["taking_part"] == {
        "roles": [("Expert", 1)],
        "total": 1,
    }


def test_a_second_run_does_nothing(django_assert_num_queries):
    _lab_with_people(TODAY)
    remove_expired_personal_data(today=TODAY)

    with django_assert_num_queries(1):
        assert remove_expired_personal_data(today=TODAY) == 0
    assert AuditEvent.objects.filter(action="designlabs.lab.personal_data_removed").count() == 1
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 1
