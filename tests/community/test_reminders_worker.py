"""Meeting reminders with a real Celery worker process, Redis and an SMTP server (QUALITY.md F3, F4,
F6, F8, F10): whatever goes wrong, each (meeting, member, kind) ends with exactly one email at the
SMTP server and one sent delivery row. Only SMTP (a real server on loopback that can refuse or hold
messages) and, where a retry must fall due, the clock are stood in for."""

import ast
import datetime
import re
import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from community.models import RSVP, ReminderRun
from community.services import notices
from community.tasks import send_due_reminders_task
from participation.models import EmailDelivery, NotificationKind
from participation.services.email import REQUEUE_AFTER, read_unsubscribe_token, sweep_deliveries
from participation.tasks import send_deliveries_task, send_delivery_task
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory
from tests.support.faults import (
    flush_redis,
    kill_pool_process,
    kill_worker,
    queued_messages,
    restart_worker,
    start_faulty_smtp_sink,
)
from tests.support.worker import CeleryWorker, wait_until

pytestmark = pytest.mark.worker


@pytest.fixture
def smtp_sink():
    """The SMTP server the `celery_worker` fixture sends to: one that can refuse or hold messages."""
    sink, controller = start_faulty_smtp_sink()
    yield sink
    sink.release()
    controller.stop()


def meeting_with_people(count: int, *, welsh: int = 0, minutes_away: int = 30):
    """A meeting starting soon (so its hour-before reminder is due now) and `count` people going."""
    starts_at = (timezone.now() + datetime.timedelta(minutes=minutes_away)).replace(microsecond=0)
    meeting = MeetingFactory(
        title_en="Data ethics in practice",
        title_cy="Moeseg data yn ymarferol",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=None,
    )
    people = []
    for number in range(count):
        person = UserFactory(email=f"going{number:04}@example.gov.uk")
        RSVP.objects.create(meeting=meeting, user=person, status="going", language="cy" if number < welsh else "en")
        people.append(person)
    return meeting, people


def sent_count() -> int:
    return EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count()


def quiet(sink, *, settle: float = 1.5, timeout: float = 60) -> None:
    """Wait until Redis holds no message and the sink has received nothing new for `settle` seconds,
    so any duplicate still on its way would have arrived."""
    wait_until(lambda: queued_messages() == 0, timeout=timeout, what="the queue to drain")
    seen, since = len(sink.received()), time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() - since < settle and time.monotonic() < deadline:
        time.sleep(0.1)
        if len(sink.received()) != seen:
            seen, since = len(sink.received()), time.monotonic()


def sweep_as_if_later() -> int:
    """The beat sweep, run after the time a lost broker message is presumed lost."""
    return sweep_deliveries(now=timezone.now() + REQUEUE_AFTER + datetime.timedelta(seconds=1))


def assert_exactly_one_each(sink, meeting, people, run_kind="reminder-60"):
    key = f"meeting:{meeting.pk}:{run_kind}"
    rows = EmailDelivery.objects.filter(subject_key=key)
    assert Counter(rows.values_list("to_email", flat=True)) == Counter(person.email for person in people)
    assert Counter(rows.values_list("status", flat=True)) == {EmailDelivery.Status.SENT: len(people)}
    message_ids = set(rows.values_list("message_id", flat=True))
    arrived = [message for message in sink.received() if message["Message-ID"] in message_ids]
    assert Counter(message["To"] for message in arrived) == Counter(person.email for person in people)
    assert len(sink.received()) == len(people)  # and nothing else arrived
    assert ReminderRun.objects.filter(meeting=meeting, kind=run_kind).count() == 1


def test_a_normal_run_sends_each_person_going_one_reminder(celery_worker, smtp_sink):
    meeting, people = meeting_with_people(50, welsh=5)

    send_due_reminders_task.delay()  # as beat would: through Redis to the worker, on the worker's clock

    wait_until(lambda: sent_count() == 50, timeout=90, what="50 reminders sent")
    send_due_reminders_task.delay()  # beat's next minute finds nothing more to do
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)
    # The day-before reminder was due too, but the hour-before one makes it pointless.
    assert set(ReminderRun.objects.values_list("kind", flat=True)) == {"reminder-60", "reminder-1440"}

    by_address = {message["To"]: message for message in smtp_sink.received()}
    local = timezone.localtime(meeting.starts_at)
    english, welsh = by_address[people[-1].email], by_address[people[0].email]
    assert english["Subject"].strip() == (
        f"Reminder: Data ethics in practice, {local:%A} {local.day} {local:%B %Y} at {local:%H:%M} UK time"
    )
    assert "Moeseg data yn ymarferol" in welsh["Subject"]
    assert f"{local:%H:%M}" in welsh["Subject"]
    # One click: a signed link for this person and this kind of email (signed with a timestamp, so compare its meaning).
    one_click = english["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    token = one_click.rstrip("/").rsplit("/", 1)[1]
    assert one_click.startswith(f"{settings.SITE_URL}/")
    assert read_unsubscribe_token(token) == (str(people[-1].pk), NotificationKind.MEETING_REMINDERS)
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = english.get_body(("plain",)).get_content()
    assert "https://meet.example.org/community" in text
    assert f"{meeting.get_absolute_url()}calendar.ics" in text
    assert one_click in text  # the footer's link is the header's
    assert f"/cy{meeting.get_absolute_url()}" in welsh.get_body(("plain",)).get_content()


def test_a_worker_killed_mid_send_and_restarted_loses_and_doubles_nothing(celery_worker, smtp_sink):
    """F4: SIGKILL of the whole worker, pool and main process, while it is sending; then a restart."""
    meeting, people = meeting_with_people(40)
    smtp_sink.delay = 0.05

    assert notices.send_due_reminders() == 40  # the rows are written; the sweep has queued them in Redis
    wait_until(lambda: len(smtp_sink.received()) >= 10, timeout=60, what="the first emails")
    smtp_sink.hold_next()  # the worker is now waiting on the SMTP server, mid-send
    kill_worker(celery_worker)
    smtp_sink.release()
    assert 10 <= len(smtp_sink.received()) < 40
    assert EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING).exists()

    restart_worker(celery_worker)
    # What was left in Redis goes out; the message the dead worker had taken waits, unacknowledged,
    # for its visibility timeout: the sweep queues that one again (and, harmlessly, any still queued).
    time.sleep(1)
    sweep_as_if_later()
    wait_until(lambda: sent_count() == 40, timeout=90, what="every reminder sent")
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)


def test_a_worker_killed_mid_fan_out_and_restarted_loses_and_doubles_nothing(celery_worker, smtp_sink):
    """F4 during the fan-out itself: the beat job is killed while it writes the delivery rows. The
    fan-out is one transaction, so nothing of it stays; beat's next run does it all."""
    meeting, people = meeting_with_people(40)

    class Rollback(Exception):
        pass

    # Hold the fan-out mid-way: an uncommitted row for one recipient makes its insert wait for us.
    with pytest.raises(Rollback), transaction.atomic():
        EmailDelivery.objects.create(
            kind=NotificationKind.MEETING_REMINDERS,
            subject_key=f"meeting:{meeting.pk}:reminder-60",
            to_email=people[-1].email,
            template="community/emails/meeting_reminder",
        )
        send_due_reminders_task.delay()
        with connection.cursor() as cursor:

            def fan_out_waiting() -> bool:
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # activity is otherwise frozen per transaction
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                    ['INSERT INTO "participation_emaildelivery"%'],
                )
                return cursor.fetchone()[0] == 1

            wait_until(fan_out_waiting, timeout=60, what="the fan-out to be writing rows")
        kill_worker(celery_worker)
        raise Rollback

    wait_until(lambda: not ReminderRun.objects.exists(), timeout=30, what="the dead fan-out to be rolled back")
    assert EmailDelivery.objects.count() == 0
    restart_worker(celery_worker)
    send_due_reminders_task.delay()  # beat's next minute

    wait_until(lambda: sent_count() == 40, timeout=90, what="every reminder sent")
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)


def test_a_pool_process_killed_mid_send_has_its_task_redelivered(celery_worker, smtp_sink):
    """F3: SIGKILL of the pool process only: the main process puts the task back (acks_late,
    reject_on_worker_lost) and a new pool process sends it, once."""
    meeting, people = meeting_with_people(20)
    smtp_sink.delay = 0.05

    notices.send_due_reminders()
    wait_until(lambda: len(smtp_sink.received()) >= 5, timeout=60, what="the first emails")
    smtp_sink.hold_next()
    kill_pool_process(celery_worker)
    smtp_sink.release()

    wait_until(lambda: sent_count() == 20, timeout=90, what="every reminder sent, without a sweep")
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)
    assert "WorkerLostError" in celery_worker.log_path.read_text()


def test_redis_losing_its_data_mid_send_loses_and_doubles_nothing(celery_worker, smtp_sink, settings):
    """F6: the queued messages vanish; the database still knows what is pending."""
    settings.EMAIL_DELIVERY_BATCH_SIZE = 5  # eight batches: most are still in Redis when it loses them
    meeting, people = meeting_with_people(40)
    smtp_sink.delay = 0.05

    notices.send_due_reminders()
    wait_until(lambda: len(smtp_sink.received()) >= 10, timeout=60, what="the first emails")
    flush_redis()
    quiet(smtp_sink)
    assert len(smtp_sink.received()) < 40
    assert sweep_deliveries() == 0  # the rows were queued moments ago: not yet presumed lost

    assert sweep_as_if_later() == 40 - sent_count()
    wait_until(lambda: sent_count() == 40, timeout=90, what="every reminder sent")
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)


def test_the_same_task_delivered_twice_at_once_sends_one_email(celery_worker, smtp_sink, tmp_path):
    """F10: every send task twice in Redis, and two workers taking them at the same time."""
    second = CeleryWorker(smtp_port=smtp_sink.port, log_path=tmp_path / "second-worker.log").start()
    try:
        meeting, people = meeting_with_people(20)
        smtp_sink.delay = 0.05
        notices.fan_out(meeting=meeting, notice=notices.reminder_notice(60))
        for delivery_id in EmailDelivery.objects.values_list("pk", flat=True):
            send_delivery_task.delay(delivery_id=delivery_id)
            send_delivery_task.delay(delivery_id=delivery_id)

        wait_until(lambda: sent_count() == 20, timeout=90, what="every reminder sent")
        quiet(smtp_sink)
        assert_exactly_one_each(smtp_sink, meeting, people)
        outcomes = Counter(
            re.findall(
                r"participation\.send_delivery\[[^\]]+\] succeeded in [\d.]+s: '(\w[\w ]*)'",
                celery_worker.log_path.read_text() + second.log_path.read_text(),
            )
        )
        assert outcomes == {"sent": 20, "skipped": 20}
    finally:
        second.stop()


def test_a_fan_out_goes_out_in_batches_each_over_one_smtp_connection(celery_worker, smtp_sink, settings):
    settings.EMAIL_DELIVERY_BATCH_SIZE = 10
    meeting, people = meeting_with_people(30)

    assert notices.send_due_reminders() == 30  # the sweep queues ceil(30 / 10) batch tasks

    wait_until(lambda: sent_count() == 30, timeout=90, what="every reminder sent")
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)
    assert smtp_sink.connections == 3
    outcomes = re.findall(
        r"participation\.send_deliveries\[[^\]]+\] succeeded in [\d.]+s: (\{[^}]*\})",
        celery_worker.log_path.read_text(),
    )
    assert outcomes == ["{'sent': 10}"] * 3


def test_two_batches_with_overlapping_ids_at_once_send_one_email_each(celery_worker, smtp_sink, tmp_path):
    """F10 for batches: a delivery in two batch tasks that two workers run at the same time."""
    second = CeleryWorker(smtp_port=smtp_sink.port, log_path=tmp_path / "second-worker.log").start()
    try:
        meeting, people = meeting_with_people(20)
        smtp_sink.delay = 0.05
        notices.fan_out(meeting=meeting, notice=notices.reminder_notice(60))
        ids = list(EmailDelivery.objects.order_by("pk").values_list("pk", flat=True))
        send_deliveries_task.delay(delivery_ids=ids[:15])
        send_deliveries_task.delay(delivery_ids=ids[5:][::-1])

        wait_until(lambda: sent_count() == 20, timeout=90, what="every reminder sent")
        quiet(smtp_sink)
        assert_exactly_one_each(smtp_sink, meeting, people)
        logs = celery_worker.log_path.read_text() + second.log_path.read_text()
        outcomes = [
            ast.literal_eval(found)
            for found in re.findall(r"participation\.send_deliveries\[[^\]]+\] succeeded in [\d.]+s: (\{[^}]*\})", logs)
        ]
        assert len(outcomes) == 2
        assert sum((Counter(outcome) for outcome in outcomes), Counter()) == {"sent": 20, "skipped": 10}
        assert smtp_sink.connections == 2
    finally:
        second.stop()


def test_the_beat_job_run_twice_at_once_writes_and_sends_one_reminder_each(celery_worker, smtp_sink):
    """F10 for the fan-out: two copies of the beat job in two threads, each with its own connection."""
    meeting, people = meeting_with_people(30)
    now = timezone.now()
    start, written, errors = threading.Barrier(2), [], []

    def beat():
        try:
            start.wait(timeout=10)
            written.append(notices.send_due_reminders(now=now))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(written) == [0, 30]
    wait_until(lambda: sent_count() == 30, timeout=90, what="every reminder sent")
    quiet(smtp_sink)
    assert_exactly_one_each(smtp_sink, meeting, people)


def test_smtp_refusing_then_recovering_delivers_each_reminder_once(celery_worker, smtp_sink):
    """F8: the server answers 451 (try later); each delivery backs off with jitter and goes once
    the server recovers. The clock is moved on to each retry time rather than waited for."""
    meeting, people = meeting_with_people(10)
    smtp_sink.refusing = True

    def retried(attempts: int) -> bool:
        return (
            EmailDelivery.objects.filter(attempts=attempts, last_enqueued_at__isnull=True, status="pending").count()
            == 10
        )

    def retry_is_due() -> None:
        # The clock reaches every retry time (the worker reads the real clock, so the rows move instead).
        EmailDelivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())

    notices.send_due_reminders()
    wait_until(lambda: retried(1), timeout=60, what="the first refusals")
    rows = list(EmailDelivery.objects.all())
    assert all("451" in row.last_error for row in rows)
    assert all(
        timezone.now() + datetime.timedelta(seconds=10)
        < row.next_attempt_at
        < timezone.now() + datetime.timedelta(seconds=31)
        for row in rows
    )
    assert len({row.next_attempt_at for row in rows}) > 1  # jitter: they do not all come back at once
    assert sweep_deliveries() == 0  # not due yet

    retry_is_due()
    assert sweep_deliveries() == 10
    wait_until(lambda: retried(2), timeout=60, what="the second refusals")
    assert all(
        row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=14) for row in EmailDelivery.objects.all()
    )  # longer the second time
    assert smtp_sink.received() == []
    assert smtp_sink.refused == 20

    smtp_sink.refusing = False
    retry_is_due()
    assert sweep_deliveries() == 10
    wait_until(lambda: sent_count() == 10, timeout=60, what="every reminder sent after recovery")
    quiet(smtp_sink)
    assert sweep_deliveries(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert_exactly_one_each(smtp_sink, meeting, people)
    assert set(EmailDelivery.objects.values_list("attempts", flat=True)) == {3}
