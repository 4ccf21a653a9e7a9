"""Session reminders on a controlled clock: once, to accepted participants with an account only."""

import datetime

import pytest
from django.test import override_settings

from designlabs.models import LabStatus, ParticipantStatus
from designlabs.services.reminders import send_due_session_reminders
from participation.models import EmailDelivery, NotificationKind
from tests.designlabs.factories import LabFactory, ParticipantFactory, SessionFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db
STARTS = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def session(db):
    lab = LabFactory()
    session = SessionFactory(lab=lab, starts_at=STARTS, ends_at=STARTS + datetime.timedelta(hours=3))
    ParticipantFactory(lab=lab, user=UserFactory(email="accepted@example.org"), preferred_language="cy")
    ParticipantFactory(lab=lab, user=UserFactory(email="declined@example.org"), status=ParticipantStatus.DECLINED)
    ParticipantFactory(lab=lab, user=None, email="invited@example.org", status=ParticipantStatus.INVITED)
    ParticipantFactory(lab=lab, user=None, email="no.account@example.org")
    return session


@override_settings(MEETING_REMINDER_MINUTES=[1440, 60])
def test_reminder_goes_once_to_accepted_participants_in_their_language(session, django_capture_on_commit_callbacks):
    assert send_due_session_reminders(now=STARTS - datetime.timedelta(hours=25)) == 0

    with django_capture_on_commit_callbacks(execute=False):
        sent = send_due_session_reminders(now=STARTS - datetime.timedelta(hours=23))
        again = send_due_session_reminders(now=STARTS - datetime.timedelta(hours=22))

    delivery = EmailDelivery.objects.get()
    assert (sent, again) == (1, 0)
    assert (delivery.to_email, delivery.kind, delivery.subject_key, delivery.language) == (
        "accepted@example.org",
        NotificationKind.LAB_REMINDERS,
        f"lab-session:{session.pk}:reminder-1440",
        "cy",
    )
    session.refresh_from_db()
    assert session.reminders_sent == [1440]
    assert delivery.context["path"] == f"/labs/{session.lab.slug}/sessions/{session.pk}/"


@override_settings(MEETING_REMINDER_MINUTES=[1440, 60])
def test_when_several_are_due_only_the_nearest_is_sent(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        sent = send_due_session_reminders(now=STARTS - datetime.timedelta(minutes=30))

    assert sent == 1
    assert list(EmailDelivery.objects.values_list("subject_key", flat=True)) == [
        f"lab-session:{session.pk}:reminder-60"
    ]
    session.refresh_from_db()
    assert session.reminders_sent == [60, 1440]


@override_settings(MEETING_REMINDER_MINUTES=[1440, 60])
def test_no_reminders_for_a_closed_lab(session):
    session.lab.status = LabStatus.CLOSED
    session.lab.save()

    assert send_due_session_reminders(now=STARTS - datetime.timedelta(minutes=30)) == 0
    assert not EmailDelivery.objects.exists()


@override_settings(MEETING_REMINDER_MINUTES=[1440])
def test_reminder_email_says_when_where_and_how_to_raise_access_needs(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    from participation.services.email import send_delivery

    with django_capture_on_commit_callbacks(execute=False):
        send_due_session_reminders(now=STARTS - datetime.timedelta(hours=23))
    send_delivery(delivery_id=EmailDelivery.objects.get().pk)

    message = mailoutbox[0]
    assert message.to == ["accepted@example.org"]
    body = message.body
    assert session.venue in body
    assert session.online_link in body
    assert "10:00" in body  # UK time, GMT in March
    assert f"/cy/labs/{session.lab.slug}/sessions/{session.pk}/" in body
