import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from participation.models import Report
from participation.services import email as email_service
from participation.services import engagement as engagement_service
from participation.services import reports as report_service

logger = logging.getLogger(__name__)


@shared_task(name="participation.send_delivery")
def send_delivery_task(*, delivery_id: int) -> str:
    return email_service.send_delivery(delivery_id=delivery_id)


@shared_task(name="participation.send_deliveries")
def send_deliveries_task(*, delivery_ids: list[int]) -> dict[str, int]:
    return email_service.send_deliveries(delivery_ids=delivery_ids)


@shared_task(name="participation.sweep_deliveries")
def sweep_deliveries_task() -> int:
    return email_service.sweep_deliveries()


@shared_task(
    name="participation.render_report",
    soft_time_limit=settings.REPORT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT + 30,
)
def render_report_task(*, report_id: str) -> str:
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        logger.info("Report %s is gone; nothing to render", report_id)
        return "gone"
    return report_service.render_report(report=report).status


@shared_task(name="participation.requeue_stalled_reports")
def requeue_stalled_reports_task() -> int:
    return report_service.requeue_stalled_reports(now=timezone.now())


@shared_task(name="participation.delete_expired_reports")
def delete_expired_reports_task() -> int:
    return report_service.delete_expired_reports(now=timezone.now())


@shared_task(name="participation.send_overdue_response_digests")
def send_overdue_response_digests_task() -> int:
    return engagement_service.send_overdue_response_digests(today=timezone.localdate())
