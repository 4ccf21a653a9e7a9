"""Who hears about major changes, and telling them exactly once."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from guidance.models import GuidanceDocument, GuidanceVersion, Subscription
from participation.models import NotificationKind, User
from participation.services.audit import record_audit
from participation.services.email import queue_email
from participation.services.queue import enqueue_now

# A notice task not finished this long after publication was lost with the broker or a worker.
NOTICE_STALLED_AFTER = timedelta(minutes=5)


def subscribe(*, user: User, document: GuidanceDocument | None = None, topic: str = "") -> Subscription:
    """Idempotent: subscribing twice keeps one subscription."""
    lookup = {"user": user, "document": document, "topic": "" if document else topic}
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(**lookup)
            if created:
                record_audit(actor=user, action="guidance.subscription.created", target=subscription)
    except IntegrityError:
        subscription = Subscription.objects.get(**lookup)
    return subscription


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> None:
    record_audit(actor=subscription.user, action="guidance.subscription.deleted", target=subscription)
    subscription.delete()


def subscribers(version: GuidanceVersion):
    """Everyone subscribed to the document or to its topic, each once."""
    document = version.document
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(guidance_subscriptions__document=document)
            | Q(guidance_subscriptions__topic=document.topic, guidance_subscriptions__document__isnull=True)
        )
        .distinct()
        .order_by("pk")
    )


def notify_subscribers(*, version_id) -> int:
    """Email every subscriber about a published major version. Safe to run twice: each
    (version, person) has one delivery row, so a repeat adds nothing."""
    version = GuidanceVersion.objects.select_related("document").filter(pk=version_id, status="published").first()
    if version is None or not version.is_major or version.subscribers_notified_at is not None:
        return 0
    document = version.document
    context = {
        "document_title": document.title_en,
        "document_title_cy": document.title_cy,
        "number": version.number,
        "change_note": version.change_note_en,
        "change_note_cy": version.change_note_cy,
        "path": document.get_absolute_url(),
        "history_path": f"{document.get_absolute_url()}history/",
    }
    queued = 0
    for user in subscribers(version).iterator(chunk_size=500):
        delivery = queue_email(
            kind=NotificationKind.GUIDANCE_UPDATES,
            subject_key=f"guidance-version:{version.pk}",
            template="guidance/emails/major_change",
            context=context,
            recipient=user,
        )
        queued += delivery is not None
    GuidanceVersion.objects.filter(pk=version.pk).update(subscribers_notified_at=timezone.now())
    return queued


def requeue_missed_notices(*, now=None) -> int:
    """Queue the subscriber notice again for any major version whose task never finished."""
    from guidance.tasks import notify_subscribers_task

    now = now or timezone.now()
    missed = GuidanceVersion.objects.filter(
        status="published",
        change_type="major",
        subscribers_notified_at__isnull=True,
        published_at__lt=now - NOTICE_STALLED_AFTER,
    ).values_list("pk", flat=True)
    return sum(enqueue_now(notify_subscribers_task, version_id=str(pk)) for pk in missed)
