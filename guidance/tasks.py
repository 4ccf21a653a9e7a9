from celery import shared_task
from django.utils import timezone

from guidance.services import pdfs, review, subscriptions


@shared_task(name="guidance.publish_due")
def publish_due_task() -> int:
    """Guidance versions and publications scheduled for now or earlier."""
    return review.publish_due(now=timezone.now())


@shared_task(name="guidance.notify_subscribers")
def notify_subscribers_task(*, version_id: str) -> int:
    return subscriptions.notify_subscribers(version_id=version_id)


@shared_task(name="guidance.requeue_missed_notices")
def requeue_missed_notices_task() -> int:
    return subscriptions.requeue_missed_notices(now=timezone.now())


@shared_task(name="guidance.render_pdf", soft_time_limit=120, time_limit=150)
def render_pdf_task(*, kind: str, pdf_id: int) -> str:
    """Any stored PDF (`pdfs.KINDS`: a guidance version, a consultation response)."""
    return pdfs.render_stored_pdf(kind=kind, pdf_id=pdf_id)
