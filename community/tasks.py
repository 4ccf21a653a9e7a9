from celery import shared_task
from django.utils import timezone

from community.services import forum, meetings, notices


@shared_task(name="community.send_due_reminders")
def send_due_reminders_task() -> int:
    return notices.send_due_reminders(now=timezone.now())


@shared_task(name="community.generate_series_meetings")
def generate_series_meetings_task() -> int:
    # Idempotent: a run repeated after a lost message or a killed worker creates nothing new.
    return meetings.generate_all_series(today=timezone.localdate())


@shared_task(name="community.send_forum_digests")
def send_forum_digests_task() -> int:
    """One email per member per day (subject key digest:<day>), so running it twice sends nothing more."""
    return forum.send_daily_digests()
