"""Outgoing email: one delivery row per (kind, subject, recipient), sent by a worker exactly once,
in batches that share one SMTP connection."""

import logging
import random
import smtplib
from collections import Counter
from datetime import timedelta
from email.utils import make_msgid
from time import monotonic

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from participation.models import EmailDelivery, NotificationPreference, User
from participation.services.queue import enqueue_now

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "participation.unsubscribe"
# A queued message not acted on within this time is presumed lost with the broker.
REQUEUE_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 1000


def wants_notification(user: User, kind: str) -> bool:
    return not NotificationPreference.objects.filter(user=user, kind=kind, is_enabled=False).exists()


def queue_email(
    *,
    kind: str,
    subject_key: str,
    template: str,
    context: dict,
    recipient: User | None = None,
    to_email: str | None = None,
    is_notification: bool = True,
) -> EmailDelivery | None:
    """Record the email once and send it after commit. Asking twice for the same
    (kind, subject, recipient) sends one email. Returns None when the person opted out."""
    if recipient is not None and is_notification and not wants_notification(recipient, kind):
        return None
    address = to_email or recipient.email
    try:
        with transaction.atomic():
            delivery, created = EmailDelivery.objects.get_or_create(
                kind=kind,
                subject_key=subject_key,
                to_email=address,
                defaults={
                    "recipient": recipient,
                    "language": recipient.preferred_language if recipient else translation.get_language() or "en",
                    "template": template,
                    "context": context,
                    "is_notification": is_notification,
                    "last_enqueued_at": timezone.now(),
                },
            )
    except IntegrityError:
        delivery, created = EmailDelivery.objects.get(kind=kind, subject_key=subject_key, to_email=address), False
    if created:
        transaction.on_commit(lambda: _hand_off(delivery.pk))
    return delivery


def _hand_off(delivery_id) -> None:
    """Give the delivery to a worker. If the broker is down, mark it never handed off, so the next
    sweep (every minute) queues it rather than waiting for a lost message to be presumed lost."""
    from participation.tasks import send_delivery_task

    if not enqueue_now(send_delivery_task, delivery_id=delivery_id):
        EmailDelivery.objects.filter(pk=delivery_id, status=EmailDelivery.Status.PENDING).update(last_enqueued_at=None)


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": str(user.pk), "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("k")


def unsubscribe_url(user: User, kind: str) -> str:
    return settings.SITE_URL + reverse("notifications-unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    service_name = settings.SERVICE_NAME_CY if delivery.language == "cy" else settings.SERVICE_NAME
    context = {
        **delivery.context,
        "site_url": settings.SITE_URL,
        "service_name": service_name,
        "LANGUAGE_CODE": delivery.language,
    }
    headers = {"Message-ID": delivery.message_id}
    if delivery.is_notification and delivery.recipient is not None:
        context["unsubscribe_url"] = unsubscribe_url(delivery.recipient, delivery.kind)
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    with translation.override(delivery.language), timezone.override(settings.TIME_ZONE):
        # A subject is one line whatever the data holds: no header injection through names.
        subject = " ".join(render_to_string(f"{delivery.template}_subject.txt", context).split())
        text = render_to_string(f"{delivery.template}_body.txt", context)
        html = render_to_string(f"{delivery.template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.to_email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def is_permanent_failure(exc: Exception) -> bool:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [value[0] for value in exc.recipients.values()]
        return all(c >= 500 for c in codes)
    return isinstance(code, int) and code >= 500


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with full jitter, from about 30 seconds up to an hour."""
    ceiling = min(30 * 2 ** (attempts - 1), 3600)
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter, not security


def _send(mailer: BaseEmailBackend, message: EmailMultiAlternatives) -> None:
    """Send over the mailer's open connection, opening one if there is none. A reused connection the
    server has since dropped is opened again once: that is no fault of this message."""
    reused = mailer.open() is False
    try:
        mailer.send_messages([message])
    except smtplib.SMTPServerDisconnected:
        if not reused:
            raise
        _close(mailer)
        mailer.open()
        mailer.send_messages([message])


def _close(mailer: BaseEmailBackend) -> None:
    try:
        mailer.close()
    except (smtplib.SMTPException, OSError) as exc:
        # Every delivery is already recorded; a failed QUIT changes nothing.
        logger.info("Closing the SMTP connection failed: %s", exc)


class _RowLocks:
    """One short transaction per delivery holding its row lock while the message goes out, so a second
    worker holding the same id skips it and a worker killed mid-send leaves it pending. Each delivery's
    outcome and commit travel in one statement with the next delivery's lock: one database round trip
    per delivery rather than four (BEGIN, SELECT, UPDATE, COMMIT), which is what a batch waits on.
    Inside a caller's transaction the same steps are savepoints."""

    def __init__(self, cursor):
        self.cursor = cursor
        if connection.in_atomic_block:
            self.begin, self.commit = "SAVEPOINT delivery", "RELEASE SAVEPOINT delivery"
            self.rollback = "ROLLBACK TO SAVEPOINT delivery; RELEASE SAVEPOINT delivery"
        else:
            self.begin, self.commit, self.rollback = "BEGIN", "COMMIT", "ROLLBACK"
        self.is_open = False
        self.outcome: tuple[str, list] | None = None
        # Only our own table's name is interpolated; every value is a parameter.
        table = connection.ops.quote_name(EmailDelivery._meta.db_table)
        self.lock_sql = (
            f"SELECT attempts, message_id, next_attempt_at FROM {table} "  # noqa: S608  # nosec B608
            "WHERE id = %s AND status = %s FOR UPDATE SKIP LOCKED"
        )
        self.sent_sql = (
            f"UPDATE {table} SET attempts = %s, message_id = %s, status = %s, sent_at = %s, "  # noqa: S608  # nosec B608
            "last_error = '' WHERE id = %s"
        )
        self.unsent_sql = (
            f"UPDATE {table} SET attempts = %s, message_id = %s, last_error = %s, status = %s, "  # noqa: S608  # nosec B608
            "next_attempt_at = %s, last_enqueued_at = %s WHERE id = %s"
        )

    def _end(self) -> tuple[list[str], list]:
        statements, params = [], []
        if self.is_open:
            if self.outcome is not None:
                statements.append(self.outcome[0])
                params += self.outcome[1]
            statements.append(self.commit)
        self.is_open, self.outcome = False, None
        return statements, params

    def lock(self, delivery_id: int) -> tuple | None:
        """Commit the last delivery, then lock this one if it is still pending and no one else holds it."""
        statements, params = self._end()
        self.cursor.execute(
            "; ".join([*statements, self.begin, self.lock_sql]),
            [*params, delivery_id, EmailDelivery.Status.PENDING.value],
        )
        self.is_open = True
        while self.cursor.nextset():
            pass
        return self.cursor.fetchone()

    def record_sent(self, delivery: EmailDelivery) -> None:
        self.outcome = (
            self.sent_sql,
            [delivery.attempts, delivery.message_id, EmailDelivery.Status.SENT.value, delivery.sent_at, delivery.pk],
        )

    def record_unsent(self, delivery: EmailDelivery) -> None:
        self.outcome = (
            self.unsent_sql,
            [
                delivery.attempts,
                delivery.message_id,
                delivery.last_error,
                str(delivery.status),
                delivery.next_attempt_at,
                delivery.last_enqueued_at,
                delivery.pk,
            ],
        )

    def finish(self) -> None:
        statements, params = self._end()
        if statements:
            self.cursor.execute("; ".join(statements), params)

    def abandon(self) -> None:
        """Give up the delivery in hand, unsent and unrecorded (the one before it is already committed)."""
        if self.is_open:
            self.is_open, self.outcome = False, None
            try:
                self.cursor.execute(self.rollback)
            except DatabaseError as exc:
                # A dead connection has let go of the lock already.
                logger.warning("Rolling back an email delivery failed: %s", exc)


def _deliver(*, delivery: EmailDelivery, mailer: BaseEmailBackend, locks: _RowLocks) -> str:
    """Send one delivery over `mailer` if it is still pending and due, holding its row lock."""
    claim = locks.lock(delivery.pk)
    if claim is None:
        return "skipped"
    delivery.attempts, delivery.message_id, delivery.next_attempt_at = claim
    if delivery.next_attempt_at > timezone.now():
        return "not due"
    delivery.attempts += 1
    delivery.message_id = delivery.message_id or make_msgid(domain=settings.SITE_URL.split("//")[-1].split(":")[0])
    try:
        _send(mailer, build_message(delivery))
    except (smtplib.SMTPException, OSError) as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if is_permanent_failure(exc) or delivery.attempts >= settings.EMAIL_DELIVERY_MAX_ATTEMPTS:
            delivery.status = EmailDelivery.Status.FAILED
            logger.error("Email delivery %s failed for good: %s", delivery.pk, delivery.last_error)
        else:
            delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
            delivery.last_enqueued_at = None
        locks.record_unsent(delivery)
        return "failed" if delivery.status == EmailDelivery.Status.FAILED else "retry"
    delivery.status = EmailDelivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    locks.record_sent(delivery)
    return "sent"


def send_delivery(*, delivery_id: int) -> str:
    """Send one delivery over a connection of its own."""
    outcomes = send_deliveries(delivery_ids=[delivery_id])
    return next(iter(outcomes))  # one delivery, so one outcome


def send_deliveries(*, delivery_ids: list[int]) -> dict[str, int]:
    """Send a batch over one SMTP connection, each delivery in a transaction of its own. After a
    failed send the connection is opened afresh; when the server cannot be reached, or the batch has
    run for half the task's time limit, the rest are left pending for the next sweep. Returns how
    many deliveries ended each way."""
    outcomes: Counter[str] = Counter()
    mailer = mailers.default
    deadline = monotonic() + settings.CELERY_TASK_SOFT_TIME_LIMIT / 2
    # Read once, unlocked: what a message says never changes; what may (attempts, status) is read
    # again under each row's lock. A delivery no longer pending is skipped without a lock.
    pending = (
        EmailDelivery.objects.select_related("recipient")
        .filter(pk__in=delivery_ids, status=EmailDelivery.Status.PENDING)
        .in_bulk()
    )
    outcome = None
    try:
        with connection.cursor() as cursor:
            locks = _RowLocks(cursor)
            try:
                for position, delivery_id in enumerate(delivery_ids):
                    rest = delivery_ids[position:]
                    if monotonic() > deadline:
                        locks.finish()
                        logger.warning("Email batch out of time: %d deliveries left for the sweep", len(rest))
                        outcomes["left for the sweep"] += _leave_for_the_sweep(rest)
                        break
                    if outcome in ("retry", "failed"):
                        _close(mailer)
                        try:
                            mailer.open()
                        except (smtplib.SMTPException, OSError) as exc:
                            locks.finish()
                            logger.warning(
                                "SMTP server unreachable, %d deliveries left for the sweep: %s", len(rest), exc
                            )
                            outcomes["left for the sweep"] += _leave_for_the_sweep(rest)
                            break
                    delivery = pending.get(delivery_id)
                    outcome = "skipped" if delivery is None else _deliver(delivery=delivery, mailer=mailer, locks=locks)
                    outcomes[outcome] += 1
                locks.finish()
            except BaseException:
                locks.abandon()
                raise
    finally:
        _close(mailer)
    return dict(outcomes)


def _leave_for_the_sweep(delivery_ids: list[int]) -> int:
    return EmailDelivery.objects.filter(pk__in=delivery_ids, status=EmailDelivery.Status.PENDING).update(
        last_enqueued_at=None
    )


def sweep_deliveries(*, now=None) -> int:
    """Queue every due delivery that no live broker message covers, EMAIL_DELIVERY_BATCH_SIZE to a
    task. Returns how many deliveries were queued."""
    from participation.tasks import send_deliveries_task

    now = now or timezone.now()
    size = settings.EMAIL_DELIVERY_BATCH_SIZE
    queued = 0
    while True:
        with transaction.atomic():
            ids = list(
                EmailDelivery.objects.due(now)
                .filter(Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lt=now - REQUEUE_AFTER))
                .select_for_update(skip_locked=True)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:SWEEP_BATCH]
            )
            if not ids:
                return queued
            EmailDelivery.objects.filter(pk__in=ids).update(last_enqueued_at=now)
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            if not enqueue_now(send_deliveries_task, delivery_ids=batch):
                # The broker is down: leave what was not queued for the next sweep.
                EmailDelivery.objects.filter(pk__in=ids[start:]).update(last_enqueued_at=None)
                return queued
            queued += len(batch)


@transaction.atomic
def set_notification_preference(*, user: User, kind: str, is_enabled: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"is_enabled": is_enabled}
    )
    return preference
