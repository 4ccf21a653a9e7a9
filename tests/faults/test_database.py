"""Postgres faults (QUALITY.md F1, F2) on the private cluster: the site under gunicorn and a Celery
worker keep their connections across the fault and recover without being restarted."""

import threading
import time
from collections import Counter

from django.db import connection

from participation.models import EmailDelivery, NotificationKind
from participation.services.email import queue_email
from tests.participation.factories import OrganisationFactory, UserFactory
from tests.support.worker import wait_until

PAGES = ["/organisations/", "/register/", "/community/meetings/", "/healthz"]


def statuses(web, rounds: int = 3) -> Counter:
    """Each page several times, so both gunicorn workers serve each with their kept connection."""
    return Counter(web.get(page)[0] for _ in range(rounds) for page in PAGES)


def queue_reminder(person) -> EmailDelivery:
    return queue_email(
        kind=NotificationKind.REPORT_READY,
        subject_key=f"fault:{person.pk}",
        template="participation/emails/report_ready",
        context={"title": "After the fault", "path": "/", "pages": 1},
        recipient=person,
    )


def test_postgres_restart_while_idle_leaves_no_error_and_tasks_recover(private_postgres, web, celery_worker, smtp_sink):
    """F1: every kept connection dies with the restart; each process notices (CONN_HEALTH_CHECKS)
    and connects again instead of failing the next request or task."""
    OrganisationFactory(slug="dsit")
    first = UserFactory(email="before@example.gov.uk")
    queue_reminder(first)
    wait_until(lambda: len(smtp_sink.received()) == 1, timeout=30, what="the email sent before the restart")
    assert statuses(web) == {200: 12}

    private_postgres.restart()
    connection.close()  # this test's own connection died too

    assert statuses(web) == {200: 12}
    second = UserFactory(email="after@example.gov.uk")
    queue_reminder(second)
    wait_until(lambda: len(smtp_sink.received()) == 2, timeout=30, what="the email sent after the restart")
    assert [message["To"] for message in smtp_sink.received()] == ["before@example.gov.uk", "after@example.gov.uk"]
    assert Counter(EmailDelivery.objects.values_list("status", flat=True)) == {EmailDelivery.Status.SENT: 2}
    assert "Traceback" not in web.log_path.read_text()


def test_postgres_down_under_load_reports_503_then_recovers_within_5_seconds(private_postgres, web):
    """F2: requests keep coming while Postgres is down for 10 seconds. /healthz says 503 throughout
    (and nothing hangs), and within 5 seconds of Postgres being back every page is served again."""
    OrganisationFactory(slug="dsit")
    assert statuses(web, rounds=1) == {200: 4}
    log: list[tuple[float, str, int]] = []
    stop = threading.Event()

    def load():
        # Light load: one client after another, as long as the test runs.
        while not stop.is_set():
            for page in PAGES:
                # Logged at the time the request was sent: one sent during the outage belongs to it,
                # however late its answer comes.
                sent_at = time.monotonic()
                try:
                    status = web.get(page, timeout=10)[0]
                except OSError:
                    status = 0  # no answer at all
                log.append((sent_at, page, status))

    clients = [threading.Thread(target=load) for _ in range(2)]
    for client in clients:
        client.start()
    try:
        time.sleep(3)
        stopping_at = time.monotonic()
        private_postgres.stop()
        down_at = time.monotonic()
        time.sleep(10)
        during = [(page, status) for at, page, status in log if down_at + 0.5 < at]
        private_postgres.start()
        up_at = time.monotonic()
        connection.close()  # this test's own connection died with the server
        wait_until(
            lambda: any(at > up_at and status == 200 and page == "/register/" for at, page, status in log),
            timeout=5,
            interval=0.05,
            what="a page served from the database again",
        )
        recovered_at = time.monotonic()
        time.sleep(2)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=15)

    healthz_during = Counter(status for page, status in during if page == "/healthz")
    assert set(healthz_during) == {503}
    assert sum(healthz_during.values()) >= 5  # answered promptly, time and again, while the database was down
    assert recovered_at - up_at < 5
    after = Counter(status for at, _page, status in log if at > recovered_at + 0.5)
    assert set(after) == {200}
    # Sent well before the stop began: a request still in flight as the server goes is in the window.
    before = Counter(status for at, _page, status in log if at < stopping_at - 1)
    assert set(before) == {200}
    status, body = web.get("/healthz")
    assert (status, body) == (200, '{"status": "ok", "database": "ok", "broker": "ok"}')
