from celery import shared_task
from django.utils import timezone

from designlabs.services import reminders, retention


@shared_task(name="designlabs.send_due_session_reminders")
def send_due_session_reminders_task() -> int:
    # Each offset is recorded on the session in the same transaction as its deliveries: safe to run twice.
    return reminders.send_due_session_reminders(now=timezone.now())


@shared_task(name="designlabs.remove_expired_personal_data")
def remove_expired_personal_data_task() -> int:
    # A lab already done is skipped, so a repeated or overlapping run changes nothing.
    return retention.remove_expired_personal_data(today=timezone.localdate())
