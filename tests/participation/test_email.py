import itertools
import smtplib
from datetime import timedelta
from unittest import mock

import psycopg
import pytest
from django.core import mail
from django.db import connection
from django.template import TemplateDoesNotExist
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.models import EmailDelivery, NotificationKind
from participation.services import email as email_service
from participation.tasks import send_deliveries_task
from tests.participation.factories import UserFactory
from tests.support.faults import start_faulty_smtp_sink
from tests.support.smtp import free_port

# The test mailer's hand-off, standing in for the SMTP server's answer.
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


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

    with mock.patch(LOCMEM_SEND, side_effect=refused):
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

    with mock.patch(LOCMEM_SEND, side_effect=rejected):
        outcome = email_service.send_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome == "failed"
    assert delivery.status == EmailDelivery.Status.FAILED


def test_delivery_gives_up_after_the_maximum_attempts(member, settings):
    settings.EMAIL_DELIVERY_MAX_ATTEMPTS = 2
    delivery = queue_report_ready(member)
    with mock.patch(LOCMEM_SEND, side_effect=ConnectionRefusedError()):
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
    assert [call.kwargs["delivery_ids"] for call in enqueue_now.call_args_list] == [[lost.pk]]
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


# Batches over one SMTP connection, against a real SMTP server on loopback.


@pytest.fixture
def smtp_server(settings):
    """The default mailer pointed at a real SMTP server on loopback that can refuse or hang up."""
    sink, controller = start_faulty_smtp_sink()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 10},
        }
    }
    yield sink
    controller.stop()


def pending_reports(people) -> list[EmailDelivery]:
    """Delivery rows as the sweep leaves them once it has queued them."""
    return [
        EmailDelivery.objects.create(
            kind=NotificationKind.REPORT_READY,
            subject_key=f"report:{number}",
            recipient=person,
            to_email=person.email,
            template="participation/emails/report_ready",
            context={"title": f"Audit summary {number}", "path": "/reports/1/", "pages": 3},
            last_enqueued_at=timezone.now(),
        )
        for number, person in enumerate(people)
    ]


def test_a_batch_is_sent_over_one_smtp_connection(member, smtp_server):
    deliveries = pending_reports([member] * 5)

    outcomes = email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert outcomes == {"sent": 5}
    assert smtp_server.connections == 1
    assert len(smtp_server.received()) == 5
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {(EmailDelivery.Status.SENT, 1)}


@pytest.mark.parametrize("count", [1, 5])
def test_a_batch_costs_one_database_round_trip_per_delivery(transactional_db, member, smtp_server, count):
    """Outside any transaction, as a worker runs it: each delivery commits with the next one's lock."""
    deliveries = pending_reports([member] * count)

    with CaptureQueriesContext(connection) as queries:
        outcomes = email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert outcomes == {"sent": count}
    # The pending rows with their recipients; then per delivery BEGIN and its lock, with the last
    # one's outcome and COMMIT ahead of it; then the last outcome and COMMIT.
    assert len(queries) == 1 + count + 1
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {(EmailDelivery.Status.SENT, 1)}
    assert len({message["Message-ID"] for message in smtp_server.received()}) == count


def test_a_failure_mid_batch_rolls_back_only_the_delivery_in_hand(transactional_db, member, smtp_server):
    deliveries = pending_reports([member] * 3)

    # A fault of ours, not the SMTP server's: the second delivery names a template that is not there.
    EmailDelivery.objects.filter(pk=deliveries[1].pk).update(template="participation/emails/no_such_template")

    with pytest.raises(TemplateDoesNotExist):
        email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert list(EmailDelivery.objects.order_by("pk").values_list("status", "attempts")) == [
        (EmailDelivery.Status.SENT, 1),
        (EmailDelivery.Status.PENDING, 0),
        (EmailDelivery.Status.PENDING, 0),
    ]
    with connection.cursor() as cursor:  # nothing left locked or open on the connection
        cursor.execute("SELECT 1")
    assert connection.connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_a_temporary_refusal_mid_batch_is_retried_later_while_the_others_are_sent(db, smtp_server):
    people = [UserFactory(email=f"person{number}@example.gov.uk") for number in range(5)]
    deliveries = pending_reports(people)
    smtp_server.refused_addresses = {people[2].email}

    outcomes = email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert outcomes == {"sent": 4, "retry": 1}
    assert [message["To"] for message in smtp_server.received()] == [people[n].email for n in (0, 1, 3, 4)]
    refused = EmailDelivery.objects.get(pk=deliveries[2].pk)
    assert (refused.status, refused.attempts, refused.last_enqueued_at) == (EmailDelivery.Status.PENDING, 1, None)
    assert refused.next_attempt_at > timezone.now() + timedelta(seconds=14)
    assert "451" in refused.last_error
    assert smtp_server.connections == 2  # opened afresh after the failed send

    smtp_server.refused_addresses = set()
    EmailDelivery.objects.filter(pk=refused.pk).update(next_attempt_at=timezone.now())  # the retry falls due
    assert email_service.sweep_deliveries() == 1

    assert [message["To"] for message in smtp_server.received()][-1] == people[2].email
    assert len(smtp_server.received()) == 5
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {EmailDelivery.Status.SENT}
    assert EmailDelivery.objects.get(pk=refused.pk).attempts == 2


def test_a_connection_dropped_mid_batch_is_opened_again_and_the_batch_goes_on(member, smtp_server):
    deliveries = pending_reports([member] * 5)
    smtp_server.drop_before_message = 3

    outcomes = email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert outcomes == {"sent": 5}
    assert smtp_server.connections == 2
    message_ids = [message["Message-ID"] for message in smtp_server.received()]
    assert sorted(message_ids) == sorted(EmailDelivery.objects.values_list("message_id", flat=True))
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {(EmailDelivery.Status.SENT, 1)}


def test_a_batch_out_of_time_leaves_the_rest_for_the_sweep(member, smtp_server):
    deliveries = pending_reports([member] * 5)

    # The clock moves on 50 s at each look: half the 240 s soft time limit is gone after two emails.
    with mock.patch("participation.services.email.monotonic", side_effect=itertools.count(0, 50)):
        outcomes = email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert outcomes == {"sent": 2, "left for the sweep": 3}
    assert len(smtp_server.received()) == 2
    left = EmailDelivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries[2:]])
    assert (
        list(left.values_list("status", "attempts", "last_enqueued_at"))
        == [(EmailDelivery.Status.PENDING, 0, None)] * 3
    )


def test_an_unreachable_smtp_server_leaves_the_rest_of_the_batch_for_the_sweep(member, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},  # nobody listens
        }
    }
    first, *rest = pending_reports([member] * 4)

    outcomes = email_service.send_deliveries(delivery_ids=[first.pk, *(delivery.pk for delivery in rest)])

    assert outcomes == {"retry": 1, "left for the sweep": 3}
    first.refresh_from_db()
    assert (first.status, first.attempts, first.last_enqueued_at) == (EmailDelivery.Status.PENDING, 1, None)
    assert "ConnectionRefusedError" in first.last_error
    untouched = EmailDelivery.objects.filter(pk__in=[delivery.pk for delivery in rest])
    untried = (EmailDelivery.Status.PENDING, 0, None, "")
    assert list(untouched.values_list("status", "attempts", "last_enqueued_at", "last_error")) == [untried] * 3
    assert set(EmailDelivery.objects.due(timezone.now()).values_list("pk", flat=True)) == {d.pk for d in rest}


def test_a_delivery_another_worker_holds_is_skipped_by_the_batch(transactional_db, member, smtp_server):
    deliveries = pending_reports([member] * 3)
    held = deliveries[1]
    database = connection.settings_dict
    table = EmailDelivery._meta.db_table
    # Another worker, mid-send: its own database connection holds the row lock.
    with (
        psycopg.connect(
            dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"]
        ) as other_worker,
        other_worker.transaction(),
    ):
        other_worker.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [held.pk])  # noqa: S608 - our table
        outcomes = email_service.send_deliveries(delivery_ids=[delivery.pk for delivery in deliveries])

    assert outcomes == {"sent": 2, "skipped": 1}
    assert len(smtp_server.received()) == 2
    held_after = EmailDelivery.objects.get(pk=held.pk)
    assert (held_after.status, held_after.attempts) == (EmailDelivery.Status.PENDING, 0)
    assert held_after.last_enqueued_at == held.last_enqueued_at  # still the other worker's to send


def test_sweep_queues_one_task_per_batch(member, settings):
    settings.EMAIL_DELIVERY_BATCH_SIZE = 10
    deliveries = pending_reports([member] * 25)
    EmailDelivery.objects.update(last_enqueued_at=None)

    with mock.patch.object(send_deliveries_task, "apply_async") as apply_async:
        queued = email_service.sweep_deliveries()

    assert queued == 25
    batches = [call.kwargs["kwargs"]["delivery_ids"] for call in apply_async.call_args_list]
    assert [len(batch) for batch in batches] == [10, 10, 5]  # ceil(25 / 10) tasks
    assert sorted(pk for batch in batches for pk in batch) == sorted(delivery.pk for delivery in deliveries)
    assert not EmailDelivery.objects.filter(last_enqueued_at__isnull=True).exists()


def test_sweep_leaves_what_was_not_queued_when_the_broker_fails_mid_way(member, settings):
    from kombu.exceptions import OperationalError

    settings.EMAIL_DELIVERY_BATCH_SIZE = 10
    pending_reports([member] * 25)
    EmailDelivery.objects.update(last_enqueued_at=None)

    with mock.patch.object(send_deliveries_task, "apply_async", side_effect=[None, OperationalError("down")]):
        queued = email_service.sweep_deliveries()

    assert queued == 10
    assert EmailDelivery.objects.filter(last_enqueued_at__isnull=False).count() == 10
    assert EmailDelivery.objects.filter(last_enqueued_at__isnull=True).count() == 15
