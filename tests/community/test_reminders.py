"""Meeting reminders and notices without a worker: what the email says, clock changes (QUALITY.md
F13) with a controlled clock, and change and cancellation notices. Celery runs eagerly here; the
same paths with a real worker and Redis are in test_reminders_worker.py."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from community.models import RSVP, MeetingStatus
from community.services import notices
from participation.models import EmailDelivery, NotificationKind
from participation.services.email import build_message, sweep_deliveries, unsubscribe_url
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory
from tests.support.clock import controlled_clock

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def reminder_timings(settings):
    settings.MEETING_REMINDER_MINUTES = [1440, 60]


def rsvp(meeting, status="going", language="en", **user_fields):
    return RSVP.objects.create(meeting=meeting, user=UserFactory(**user_fields), status=status, language=language)


def meeting_at(local: datetime.datetime, **fields):
    return MeetingFactory(starts_at=local, ends_at=local + datetime.timedelta(hours=1), **fields)


def exactly_once_each(mailoutbox, meeting, people, run_kind):
    """One delivery row, sent, and one email per person for this (meeting, kind); nothing else."""
    key = f"meeting:{meeting.pk}:{run_kind}"
    rows = EmailDelivery.objects.filter(subject_key=key)
    assert Counter(rows.values_list("to_email", flat=True)) == Counter(person.email for person in people)
    assert set(rows.values_list("status", flat=True)) == {EmailDelivery.Status.SENT}
    sent_to = Counter(address for message in mailoutbox if message.extra_headers["Message-ID"] in set(
        rows.values_list("message_id", flat=True)) for address in message.to)  # fmt: skip
    assert sent_to == Counter(person.email for person in people)


# What the reminder says -------------------------------------------------------------------------


def test_the_reminder_says_what_when_how_to_join_and_how_to_stop_them():
    meeting = meeting_at(
        datetime.datetime(2026, 12, 8, 10, 0, tzinfo=LONDON),
        title_en="Data ethics in practice",
        venue="Room 4, 1 Horse Guards Road, London",
    )
    person = rsvp(meeting).user
    notices.fan_out(meeting=meeting, notice=notices.reminder_notice(1440))

    delivery = EmailDelivery.objects.get()
    message = build_message(delivery)
    text, (html, _mime) = message.body, message.alternatives[0]

    assert message.subject == "Reminder: Data ethics in practice, Tuesday 8 December 2026 at 10:00 UK time"
    assert "Tuesday 8 December 2026, 10:00 to 11:00 UK time" in text
    assert "https://meet.example.org/community" in text
    assert "Room 4, 1 Horse Guards Road, London" in text
    assert f"{django_settings.SITE_URL}{meeting.get_absolute_url()}\n" in text
    assert f"{django_settings.SITE_URL}{meeting.get_absolute_url()}calendar.ics" in text
    assert "/cy/" not in text
    one_click = unsubscribe_url(person, NotificationKind.MEETING_REMINDERS)
    assert one_click in text
    assert f'href="{one_click}"' in html
    assert 'href="https://meet.example.org/community"' in html
    assert message.extra_headers["List-Unsubscribe"] == f"<{one_click}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_welsh_reader_gets_the_welsh_title_welsh_dates_and_welsh_links():
    meeting = meeting_at(
        datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON), title_en="Open data", title_cy="Data agored"
    )
    rsvp(meeting, language="cy")
    notices.fan_out(meeting=meeting, notice=notices.reminder_notice(1440))

    message = build_message(EmailDelivery.objects.get())

    assert "Data agored" in message.subject
    assert "Open data" not in message.subject
    assert "25 Hydref 2026" in message.subject  # Welsh month name; 10:00 UK time, after the clocks go back
    assert "10:00" in message.subject
    assert f"/cy{meeting.get_absolute_url()}\n" in message.body
    assert f"/cy{meeting.get_absolute_url()}calendar.ics" in message.body


def test_a_welsh_reader_of_a_meeting_without_a_welsh_title_gets_the_english_one():
    meeting = meeting_at(datetime.datetime(2026, 12, 8, 10, 0, tzinfo=LONDON), title_en="Open data", title_cy="")
    rsvp(meeting, language="cy")
    notices.fan_out(meeting=meeting, notice=notices.reminder_notice(60))

    assert "Open data" in build_message(EmailDelivery.objects.get()).subject


def test_a_meeting_in_a_room_only_says_where_and_offers_no_link_to_join():
    meeting = meeting_at(datetime.datetime(2026, 12, 8, 10, 0, tzinfo=LONDON), online_link="", venue="Cardiff Bay")
    rsvp(meeting)
    notices.fan_out(meeting=meeting, notice=notices.reminder_notice(60))

    message = build_message(EmailDelivery.objects.get())

    assert "Cardiff Bay" in message.body
    assert "Join" not in message.body
    assert "Join" not in message.alternatives[0][0]


def test_a_title_cannot_inject_headers_or_markup():
    meeting = meeting_at(
        datetime.datetime(2026, 12, 8, 10, 0, tzinfo=LONDON), title_en="Hi\r\nBcc: all@example.org <b>bold</b>"
    )
    rsvp(meeting)
    notices.fan_out(meeting=meeting, notice=notices.reminder_notice(60))

    message = build_message(EmailDelivery.objects.get())

    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Bcc" not in message.extra_headers
    assert "<b>bold</b>" not in message.alternatives[0][0]
    assert "&lt;b&gt;bold&lt;/b&gt;" in message.alternatives[0][0]


# Clock changes (F13), with a controlled clock ---------------------------------------------------


def sweep_every_minute(clock, until: datetime.datetime) -> dict[str, datetime.datetime]:
    """Run the beat job once a minute until `until` (UTC): when was each reminder written?"""
    written_at = {}
    while clock.now() <= until:
        if notices.send_due_reminders(now=clock.now()):
            for key in EmailDelivery.objects.filter(created_at=clock.now()).values_list("subject_key", flat=True):
                written_at[key.rsplit(":", 1)[1]] = clock.now()
        clock.advance(MINUTE)
    return written_at


@pytest.mark.parametrize(
    ("meeting_local", "day_before_utc", "hour_before_utc", "shown"),
    [
        # The clocks go back at 02:00 on Sunday 25 October 2026: the day before is BST (UTC+1), the day GMT.
        (
            datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON),
            datetime.datetime(2026, 10, 24, 9, 0, tzinfo=UTC),
            datetime.datetime(2026, 10, 25, 9, 0, tzinfo=UTC),
            "Sunday 25 October 2026 at 10:00 UK time",
        ),
        # The clocks go forward at 01:00 on Sunday 29 March 2026: the day before is GMT, the day BST.
        (
            datetime.datetime(2026, 3, 29, 10, 0, tzinfo=LONDON),
            datetime.datetime(2026, 3, 28, 10, 0, tzinfo=UTC),
            datetime.datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
            "Sunday 29 March 2026 at 10:00 UK time",
        ),
    ],
    ids=["autumn", "spring"],
)
def test_reminders_across_a_clock_change_go_once_at_the_right_local_time(
    meeting_local, day_before_utc, hour_before_utc, shown, mailoutbox
):
    meeting = meeting_at(meeting_local, title_en="Monthly meeting")
    people = [rsvp(meeting).user for _ in range(3)]
    second = datetime.timedelta(seconds=1)

    # The day-before reminder is at 10:00 UK time the day before, whatever the offset then.
    assert notices.reminder_time(meeting, 1440) == day_before_utc
    assert notices.reminder_time(meeting, 1440).astimezone(LONDON).hour == 10
    assert notices.reminder_time(meeting, 60) == hour_before_utc
    with controlled_clock(day_before_utc - second) as clock:
        assert notices.send_due_reminders(now=clock.now()) == 0
        assert mailoutbox == []
        clock.advance(second)
        assert notices.send_due_reminders(now=clock.now()) == 3
        assert len(mailoutbox) == 3

        # Beat runs every minute for two days afterwards (the meeting starts, and passes, in between).
        clock.at = day_before_utc - 60 * MINUTE
        written_at = sweep_every_minute(clock, day_before_utc + datetime.timedelta(days=2))

    assert written_at == {"reminder-60": hour_before_utc}
    assert written_at["reminder-60"] == meeting.starts_at - datetime.timedelta(hours=1)
    exactly_once_each(mailoutbox, meeting, people, "reminder-1440")
    exactly_once_each(mailoutbox, meeting, people, "reminder-60")
    assert len(mailoutbox) == 6
    assert {message.subject for message in mailoutbox} == {f"Reminder: Monthly meeting, {shown}"}


def test_a_reminder_missed_while_beat_was_down_goes_once_when_it_comes_back(mailoutbox):
    meeting = meeting_at(datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON))
    people = [rsvp(meeting).user for _ in range(2)]
    # Beat was down from before the day-before reminder until after the hour-before one was due.
    back = datetime.datetime(2026, 10, 25, 9, 20, tzinfo=UTC)

    with controlled_clock(back) as clock:
        written_at = sweep_every_minute(clock, back + datetime.timedelta(hours=3))

    assert written_at == {"reminder-60": back}
    exactly_once_each(mailoutbox, meeting, people, "reminder-60")
    assert len(mailoutbox) == 2


def test_a_cancelled_meeting_gets_no_reminder(mailoutbox):
    meeting = meeting_at(datetime.datetime(2026, 10, 25, 10, 0, tzinfo=LONDON), status=MeetingStatus.CANCELLED)
    rsvp(meeting)

    with controlled_clock(datetime.datetime(2026, 10, 24, 8, 0, tzinfo=UTC)) as clock:
        sweep_every_minute(clock, datetime.datetime(2026, 10, 25, 10, 0, tzinfo=UTC))

    assert EmailDelivery.objects.count() == 0
    assert mailoutbox == []


# Changes and cancellations ----------------------------------------------------------------------


def test_each_change_is_announced_once_to_people_going_and_waiting(mailoutbox):
    meeting = MeetingFactory()
    going = [rsvp(meeting).user for _ in range(2)]
    waiting = [rsvp(meeting, status="waitlisted").user]
    rsvp(meeting, status="not_going")

    meeting.sequence = 1
    meeting.save(update_fields=["sequence"])
    assert notices.fan_out(meeting=meeting, notice=notices.changed_notice(meeting)) == 3
    assert notices.fan_out(meeting=meeting, notice=notices.changed_notice(meeting)) == 0  # the same change again
    meeting.sequence = 2
    meeting.save(update_fields=["sequence"])
    assert notices.fan_out(meeting=meeting, notice=notices.changed_notice(meeting)) == 3
    assert notices.fan_out(meeting=meeting, notice=notices.changed_notice(meeting)) == 0
    sweep_deliveries()
    sweep_deliveries()

    exactly_once_each(mailoutbox, meeting, going + waiting, "changed-1")
    exactly_once_each(mailoutbox, meeting, going + waiting, "changed-2")
    assert len(mailoutbox) == 6
    assert set(EmailDelivery.objects.values_list("kind", flat=True)) == {NotificationKind.MEETING_CHANGES}


def test_a_cancellation_goes_once_to_people_going_and_waiting(mailoutbox):
    meeting = MeetingFactory()
    told = [rsvp(meeting).user, rsvp(meeting, status="waitlisted").user]
    rsvp(meeting, status="not_going")
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])

    assert notices.fan_out(meeting=meeting, notice=notices.CANCELLED) == 2
    assert notices.fan_out(meeting=meeting, notice=notices.CANCELLED) == 0
    sweep_deliveries()
    # Reminders are not sent for a cancelled meeting, even when one falls due.
    assert notices.send_due_reminders(now=meeting.starts_at - datetime.timedelta(minutes=30)) == 0
    sweep_deliveries(now=timezone.now() + datetime.timedelta(hours=1))

    exactly_once_each(mailoutbox, meeting, told, "cancelled")
    assert len(mailoutbox) == 2
