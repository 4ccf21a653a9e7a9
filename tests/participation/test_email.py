import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from participation.models import EmailDelivery, NotificationKind
from participation.services import email as email_service


def queue_report_ready(user, key="report:1"):
    return email_service.queue_email(
        kind=NotificationKind.REPORT_READY,
        subject_key=key,
        template="participation/emails/report_ready",
        context={"title": "Audit summary", "path": "/reports/1/", "pages": 3},
        recipient=user,
    )


def test_queue_email_twice_for_the_same_subject_sends_one_email(member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_report_ready(member)
        second = queue_report_ready(member)

    assert first.pk == second.pk
    assert EmailDelivery.objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert mailoutbox[0].subject == "Your report is ready: Audit summary"


def test_notification_email_has_one_click_unsubscribe_headers(member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_report_ready(member)

    message = mailoutbox[0]
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body


def test_email_is_written_in_the_recipients_language(member, mailoutbox, django_capture_on_commit_callbacks):
    member.preferred_language = "cy"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        queue_report_ready(member)

    assert mailoutbox[0].subject == "Mae eich adroddiad yn barod: Audit summary"


def test_no_email_is_queued_for_a_kind_the_person_turned_off(member, mailoutbox, django_capture_on_commit_callbacks):
    email_service.set_notification_preference(user=member, kind=NotificationKind.REPORT_READY, is_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = queue_report_ready(member)

    assert delivery is None
    assert mailoutbox == []


def test_sending_a_delivery_again_after_it_was_sent_sends_nothing(member, mailoutbox):
    delivery = queue_report_ready(member)

    assert email_service.send_delivery(delivery_id=delivery.pk) == "sent"
    assert email_service.send_delivery(delivery_id=delivery.pk) == "skipped"
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 1
    assert delivery.message_id.startswith("<")


def test_temporary_smtp_failure_schedules_a_retry_with_backoff(member, mailoutbox):
    delivery = queue_report_ready(member)
    refused = smtplib.SMTPResponseException(421, b"Service not available, try later")

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        outcome = email_service.send_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome == "retry"
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert timezone.now() + timedelta(seconds=14) < delivery.next_attempt_at < timezone.now() + timedelta(seconds=31)
    assert delivery.last_enqueued_at is None
    assert "421" in delivery.last_error


def test_permanent_smtp_failure_marks_the_delivery_failed(member):
    delivery = queue_report_ready(member)
    rejected = smtplib.SMTPRecipientsRefused({member.email: (550, b"No such user")})

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=rejected):
        outcome = email_service.send_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome == "failed"
    assert delivery.status == EmailDelivery.Status.FAILED


def test_delivery_gives_up_after_the_maximum_attempts(member, settings):
    settings.EMAIL_DELIVERY_MAX_ATTEMPTS = 2
    delivery = queue_report_ready(member)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError()):
        email_service.send_delivery(delivery_id=delivery.pk)
        EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        outcome = email_service.send_delivery(delivery_id=delivery.pk)

    assert outcome == "failed"
    assert EmailDelivery.objects.get(pk=delivery.pk).attempts == 2


def test_sweep_requeues_due_deliveries_that_no_message_covers(member, mailoutbox):
    lost = queue_report_ready(member, key="report:lost")
    recently_queued = queue_report_ready(member, key="report:recent")
    not_due = queue_report_ready(member, key="report:later")
    now = timezone.now()
    EmailDelivery.objects.filter(pk=lost.pk).update(last_enqueued_at=now - timedelta(minutes=10))
    EmailDelivery.objects.filter(pk=not_due.pk).update(next_attempt_at=now + timedelta(hours=1), last_enqueued_at=None)

    with mock.patch("participation.services.email.enqueue_now", return_value=True) as enqueue_now:
        queued = email_service.sweep_deliveries(now=now)

    assert queued == 1
    assert [call.kwargs["delivery_id"] for call in enqueue_now.call_args_list] == [lost.pk]
    assert EmailDelivery.objects.get(pk=recently_queued.pk).last_enqueued_at < now


def test_sweep_leaves_rows_for_later_when_the_broker_is_down(member):
    delivery = queue_report_ready(member)
    EmailDelivery.objects.filter(pk=delivery.pk).update(last_enqueued_at=None)

    with mock.patch("participation.services.email.enqueue_now", return_value=False):
        queued = email_service.sweep_deliveries()

    assert queued == 0
    assert EmailDelivery.objects.get(pk=delivery.pk).last_enqueued_at is None


def test_subject_with_newlines_is_collapsed_to_one_line(member, mailoutbox):
    delivery = email_service.queue_email(
        kind=NotificationKind.REPORT_READY,
        subject_key="report:crlf",
        template="participation/emails/report_ready",
        context={"title": "Audit\r\nBcc: victim@example.com", "path": "/", "pages": 1},
        recipient=member,
    )
    email_service.send_delivery(delivery_id=delivery.pk)

    assert mailoutbox[0].subject == "Your report is ready: Audit Bcc: victim@example.com"
    assert "victim@example.com" not in mailoutbox[0].recipients()


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500])
def test_unsubscribe_token_rejects_forgeries(token):
    assert email_service.read_unsubscribe_token(token) is None


def test_broker_outage_when_enqueuing_does_not_fail_the_caller(member, mailoutbox, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    with (
        mock.patch("participation.tasks.send_delivery_task.apply_async", side_effect=OperationalError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        delivery = queue_report_ready(member)

    assert EmailDelivery.objects.get(pk=delivery.pk).status == EmailDelivery.Status.PENDING
    assert mail.outbox == []
