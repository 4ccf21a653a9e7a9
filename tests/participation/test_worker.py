"""With a real Celery worker process and Redis: what the request hands over, the worker finishes."""

import pytest

from participation.models import EmailDelivery, NotificationKind, Report
from participation.services.email import queue_email, sweep_deliveries
from participation.services.reports import request_report
from tests.support.worker import wait_until

pytestmark = pytest.mark.worker


def test_worker_renders_the_report_and_emails_the_requester(celery_worker, smtp_sink, organisation, org_admin):
    report = request_report(
        kind="organisation_audit_summary",
        subject_id=str(organisation.pk),
        title="Audit summary: DSIT",
        requested_by=org_admin,
        organisation=organisation,
    )

    wait_until(lambda: Report.objects.get(pk=report.pk).is_finished, timeout=60, what="the report to render")
    wait_until(smtp_sink.received, timeout=30, what="the report-ready email")

    report.refresh_from_db()
    assert (report.status, report.progress) == (Report.Status.DONE, 100)
    assert report.file.size > 1000
    [message] = smtp_sink.received()
    assert message["To"] == org_admin.email
    assert message["Subject"] == "Your report is ready: Audit summary: DSIT"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT


def test_a_delivery_whose_broker_message_was_lost_is_sent_once_by_the_sweep(celery_worker, smtp_sink, member):
    # Enqueue as if the broker had been flushed: the row exists, no message covers it.
    from unittest import mock

    with mock.patch("participation.services.email.enqueue_now", return_value=True):
        delivery = queue_email(
            kind=NotificationKind.REPORT_READY,
            subject_key="report:lost-message",
            template="participation/emails/report_ready",
            context={"title": "Lost", "path": "/", "pages": 1},
            recipient=member,
        )
    EmailDelivery.objects.filter(pk=delivery.pk).update(last_enqueued_at=None)

    assert sweep_deliveries() == 1
    assert sweep_deliveries() == 0  # already covered by the message just queued
    wait_until(lambda: EmailDelivery.objects.get(pk=delivery.pk).status == "sent", what="the swept delivery")

    assert [m["Subject"] for m in smtp_sink.received()] == ["Your report is ready: Lost"]
