"""Redis and worker faults (QUALITY.md F5, F7, F8, F9, F11) with real processes: the private Redis
is stopped and started for real, the worker gets real signals, and SMTP is a real server on
loopback that can refuse or hold messages."""

import datetime
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import RSVP, RSVPStatus
from participation.models import EmailDelivery, NotificationKind
from participation.services.email import queue_email, sweep_deliveries
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory
from tests.support.faults import restart_worker, start_faulty_smtp_sink
from tests.support.worker import ROOT, wait_until


@pytest.fixture
def smtp_sink():
    sink, controller = start_faulty_smtp_sink()
    yield sink
    sink.release()
    controller.stop()


def queue_for(person, key: str = "fault") -> EmailDelivery:
    return queue_email(
        kind=NotificationKind.REPORT_READY,
        subject_key=f"{key}:{person.pk}",
        template="participation/emails/report_ready",
        context={"title": "Fault test", "path": "/", "pages": 1},
        recipient=person,
    )


def people(count: int, prefix: str) -> list:
    return [UserFactory(email=f"{prefix}{number}@example.gov.uk") for number in range(count)]


def arrived(sink) -> Counter:
    return Counter(message["To"] for message in sink.received())


def settle(sink, seconds: float = 2) -> None:
    """Long enough for a duplicate on its way to arrive."""
    seen = len(sink.received())
    time.sleep(seconds)
    assert len(sink.received()) == seen


def test_redis_restart_worker_reconnects_unaided_and_nothing_is_lost(private_redis, celery_worker, smtp_sink):
    """F5: Redis restarts (saving on the way down, as a managed Redis does); the worker reconnects by
    itself and what was queued before, and what is queued after, all goes once."""
    before, after = people(3, "before"), people(3, "after")
    smtp_sink.paused.set()  # the first task is held mid-send, the rest wait in Redis
    for person in before:
        queue_for(person)
    wait_until(lambda: smtp_sink.held == 1, timeout=30, what="a send held at the SMTP server")

    private_redis.restart(keep_data=True)
    smtp_sink.release()
    for person in after:
        queue_for(person)

    wait_until(lambda: len(smtp_sink.received()) >= 6, timeout=60, what="every email after the restart")
    settle(smtp_sink)
    assert arrived(smtp_sink) == Counter(person.email for person in before + after)
    assert Counter(EmailDelivery.objects.values_list("status", flat=True)) == {EmailDelivery.Status.SENT: 6}
    assert celery_worker.process.poll() is None


def test_redis_down_when_a_member_rsvps_saves_it_and_emails_once_redis_is_back(private_redis, celery_worker, smtp_sink):
    """F7: a member gives up their place while Redis (broker and cache) is down. The page succeeds,
    the answer and the waiting list's promotion are saved, and the promoted member's email goes
    once Redis is back: the delivery row, marked never handed off, waits for the sweep, which beat
    runs every minute."""
    starts_at = timezone.now() + datetime.timedelta(days=3)
    meeting = MeetingFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1), capacity=1)
    leaving, waiting = UserFactory(email="leaving@example.gov.uk"), UserFactory(email="waiting@example.gov.uk")
    RSVP.objects.create(meeting=meeting, user=leaving, status=RSVPStatus.GOING)
    RSVP.objects.create(meeting=meeting, user=waiting, status=RSVPStatus.WAITLISTED, waitlisted_at=timezone.now())
    meeting.going_count, meeting.waitlist_count = 1, 1
    meeting.save(update_fields=["going_count", "waitlist_count"])
    browser = Client()
    browser.force_login(leaving)

    private_redis.stop()
    try:
        response = browser.post(
            reverse("community:meeting-rsvp", kwargs={"slug": meeting.slug}),
            {"rsvp-status": RSVPStatus.NOT_GOING, "rsvp-language": "en"},
            follow=True,
        )
        assert response.status_code == 200
        assert "You’ve told us you’re not going." in response.content.decode()
        assert RSVP.objects.get(user=leaving).status == RSVPStatus.NOT_GOING
        assert RSVP.objects.get(user=waiting).status == RSVPStatus.GOING
        delivery = EmailDelivery.objects.get()
        assert (delivery.to_email, delivery.status) == ("waiting@example.gov.uk", EmailDelivery.Status.PENDING)
        assert delivery.last_enqueued_at is None
        assert sweep_deliveries(now=timezone.now()) == 0
    finally:
        private_redis.start()

    # Beat's next sweep after Redis is back queues it at once.
    assert sweep_deliveries(now=timezone.now()) == 1
    wait_until(lambda: smtp_sink.received(), timeout=60, what="the promotion email")
    settle(smtp_sink)
    assert arrived(smtp_sink) == {"waiting@example.gov.uk": 1}
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT


def test_a_worker_started_before_redis_waits_and_connects(private_redis, celery_worker, smtp_sink):
    """F9: the worker comes up while Redis is down, retries, and serves once Redis starts."""
    celery_worker.stop()
    private_redis.stop()
    log_path = celery_worker.log_path.with_name("early-worker.log")
    with log_path.open("w") as log:
        early = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "participation", "worker", "--loglevel=INFO", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=celery_worker.environment(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until(
            lambda: "Cannot connect to redis" in log_path.read_text(), timeout=90, what="the worker to try Redis"
        )
        assert early.poll() is None  # still waiting, not given up
        private_redis.start()
        wait_until(lambda: " ready." in log_path.read_text(), timeout=60, what="the worker to connect")
        person = UserFactory(email="late@example.gov.uk")
        queue_for(person)
        wait_until(lambda: smtp_sink.received(), timeout=30, what="an email sent by the late worker")
        assert arrived(smtp_sink) == {"late@example.gov.uk": 1}
    finally:
        early.terminate()
        early.wait(timeout=30)


def test_sigterm_mid_task_finishes_it_and_leaves_the_rest_queued(celery_worker, smtp_sink):
    """F11: a deploy sends SIGTERM while the worker is sending. The warm shutdown finishes the task
    in hand; the others stay in Redis for the next worker; each email goes once."""
    recipients = people(5, "deploy")
    smtp_sink.paused.set()
    for person in recipients:
        queue_for(person)
    wait_until(lambda: smtp_sink.held == 1, timeout=30, what="a send held at the SMTP server")

    celery_worker.process.send_signal(signal.SIGTERM)
    time.sleep(1)
    assert celery_worker.process.poll() is None  # waiting for its task, not walking away from it
    smtp_sink.release()
    celery_worker.process.wait(timeout=30)
    assert len(smtp_sink.received()) == 1
    assert EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count() == 1

    restart_worker(celery_worker)
    wait_until(lambda: len(smtp_sink.received()) >= 5, timeout=60, what="the rest sent by the next worker")
    settle(smtp_sink)
    assert arrived(smtp_sink) == Counter(person.email for person in recipients)
    assert Counter(EmailDelivery.objects.values_list("status", flat=True)) == {EmailDelivery.Status.SENT: 5}


def test_a_permanent_smtp_refusal_ends_failed_and_is_not_retried(celery_worker, smtp_sink):
    """F8's other half: a 550 is final. The delivery is marked failed at once, and no sweep sends it
    again, however late; the rest of the batch is delivered."""
    rejected, accepted = UserFactory(email="gone@example.gov.uk"), UserFactory(email="here@example.gov.uk")
    smtp_sink.rejected_addresses = {"gone@example.gov.uk"}
    queue_for(rejected)
    queue_for(accepted)

    wait_until(
        lambda: not EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING).exists(),
        timeout=60,
        what="both deliveries to end",
    )
    failed = EmailDelivery.objects.get(to_email="gone@example.gov.uk")
    assert (failed.status, failed.attempts) == (EmailDelivery.Status.FAILED, 1)
    assert "550" in failed.last_error
    assert sweep_deliveries(now=timezone.now() + datetime.timedelta(days=7)) == 0
    settle(smtp_sink)
    assert arrived(smtp_sink) == {"here@example.gov.uk": 1}
    assert smtp_sink.rejected == 1
