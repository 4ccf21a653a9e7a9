from celery import shared_task
from django.utils import timezone

from guidance.services import pdfs, subscriptions, workflow


@shared_task(name="guidance.publish_due_versions")
def publish_due_versions_task() -> int:
    return workflow.publish_due_versions(now=timezone.now())


@shared_task(name="guidance.notify_subscribers")
def notify_subscribers_task(*, version_id: str) -> int:
    return subscriptions.notify_subscribers(version_id=version_id)


@shared_task(name="guidance.requeue_missed_notices")
def requeue_missed_notices_task() -> int:
    return subscriptions.requeue_missed_notices(now=timezone.now())


@shared_task(name="guidance.render_version_pdf", soft_time_limit=120, time_limit=150)
def render_version_pdf_task(*, pdf_id: int) -> str:
    return pdfs.render_version_pdf(pdf_id=pdf_id)
