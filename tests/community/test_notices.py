"""The shared fan-out behind every meeting email, and when reminders fall due."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from community.models import RSVP, ReminderRun
from community.services import notices
from participation.models import EmailDelivery, NotificationKind, NotificationPreference
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def going(meeting, count: int, **fields):
    for _ in range(count):
        RSVP.objects.create(meeting=meeting, user=UserFactory(), status="going", **fields)


def test_a_notice_goes_once_to_each_person_going():
    meeting = MeetingFactory()
    going(meeting, 3)
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="not_going")
    notice = notices.reminder_notice(60)

    assert notices.fan_out(meeting=meeting, notice=notice) == 3
    assert notices.fan_out(meeting=meeting, notice=notice) == 0

    deliveries = EmailDelivery.objects.filter(kind=NotificationKind.MEETING_REMINDERS)
    assert deliveries.count() == 3
    assert {d.subject_key for d in deliveries} == {f"meeting:{meeting.pk}:reminder-60"}
    assert ReminderRun.objects.filter(meeting=meeting, kind="reminder-60").count() == 1


def test_people_who_turned_reminders_off_get_none():
    meeting = MeetingFactory()
    going(meeting, 2)
    quiet = meeting.rsvps.first().user
    NotificationPreference.objects.create(user=quiet, kind=NotificationKind.MEETING_REMINDERS, is_enabled=False)

    notices.fan_out(meeting=meeting, notice=notices.reminder_notice(60))

    assert list(EmailDelivery.objects.values_list("to_email", flat=True)) == [meeting.rsvps.last().user.email]


def test_the_day_before_reminder_keeps_its_local_time_across_the_clock_change():
    # The clocks go back at 02:00 on Sunday 25 October 2026, between the reminder and the meeting.
    meeting = MeetingFactory(
        starts_at=datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2026, 10, 25, 11, 0, tzinfo=LONDON),
    )

    day_before = notices.reminder_time(meeting, 24 * 60)
    hour_before = notices.reminder_time(meeting, 60)

    assert day_before.astimezone(LONDON) == datetime.datetime(2026, 10, 24, 10, 0, tzinfo=LONDON)
    assert meeting.starts_at - day_before == datetime.timedelta(hours=25)
    assert hour_before.astimezone(LONDON) == datetime.datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)


def test_only_the_nearest_due_reminder_is_sent(settings):
    settings.MEETING_REMINDER_MINUTES = [1440, 60]
    meeting = MeetingFactory()
    going(meeting, 2)
    now = meeting.starts_at - datetime.timedelta(minutes=30)

    assert notices.send_due_reminders(now=now) == 2
    assert notices.send_due_reminders(now=now) == 0

    assert set(EmailDelivery.objects.values_list("subject_key", flat=True)) == {f"meeting:{meeting.pk}:reminder-60"}
    assert set(ReminderRun.objects.values_list("kind", flat=True)) == {"reminder-60", "reminder-1440"}


def test_nothing_is_due_before_its_time(settings):
    settings.MEETING_REMINDER_MINUTES = [1440, 60]
    meeting = MeetingFactory()
    going(meeting, 1)

    before = notices.reminder_time(meeting, 1440) - datetime.timedelta(seconds=1)
    assert notices.send_due_reminders(now=before) == 0
    assert notices.send_due_reminders(now=before + datetime.timedelta(seconds=1)) == 1
    assert EmailDelivery.objects.get().subject_key == f"meeting:{meeting.pk}:reminder-1440"
