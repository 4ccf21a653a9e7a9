"""Meeting services: creating and changing meetings, RSVPs with a waiting list, series and notes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.models import RSVP, CalendarToken, Meeting, MeetingSeries, RSVPStatus, Weekday, WeekOfMonth
from community.services import meetings as service
from participation.models import AuditEvent, EmailDelivery, NotificationKind, hash_token
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def meeting_values(**overrides):
    starts = datetime.datetime(2031, 3, 4, 10, 0, tzinfo=LONDON)
    values = {
        "title_en": "Community meeting",
        "title_cy": "Cyfarfod cymunedol",
        "description_en": "What we learned this month.",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1),
        "online_link": "https://meet.example.org/abc",
        "capacity": 2,
        "provisions": ["captions", "bsl"],
    }
    return {**values, **overrides}


def counts(meeting):
    meeting.refresh_from_db()
    going = meeting.rsvps.filter(status=RSVPStatus.GOING).count()
    waiting = meeting.rsvps.filter(status=RSVPStatus.WAITLISTED).count()
    assert (meeting.going_count, meeting.waitlist_count) == (going, waiting)
    return going, waiting


# Creating and changing


def test_an_organiser_creates_a_meeting_with_an_audit_event(organiser):
    meeting = service.create_meeting(created_by=organiser, **meeting_values())

    assert meeting.slug == "community-meeting-2031-03-04"
    assert meeting.provisions == ["captions", "bsl"]
    assert meeting.sequence == 0
    assert AuditEvent.objects.filter(action="community.meeting.created", target_id=str(meeting.pk)).exists()


def test_a_second_meeting_on_the_same_day_gets_its_own_slug(organiser):
    first = service.create_meeting(created_by=organiser, **meeting_values())
    second = service.create_meeting(created_by=organiser, **meeting_values())
    assert first.slug != second.slug


def test_only_organisers_create_meetings(member):
    with pytest.raises(PermissionDenied):
        service.create_meeting(created_by=member, **meeting_values())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": datetime.datetime(2031, 3, 4, 9, 0, tzinfo=LONDON)}, "ends_at"),
        ({"ends_at": datetime.datetime(2031, 3, 4, 10, 0, tzinfo=LONDON)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"provisions": ["teleportation"]}, "provisions"),
    ],
)
def test_bad_meeting_values_are_refused(organiser, overrides, field):
    with pytest.raises(ValidationError) as error:
        service.create_meeting(created_by=organiser, **meeting_values(**overrides))
    assert field in error.value.error_dict
    assert not Meeting.objects.exists()


def test_a_calendar_change_raises_the_sequence_and_tells_everyone_once(organiser, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    going, waiting, not_going = UserFactory(), UserFactory(), UserFactory()
    RSVP.objects.create(meeting=meeting, user=going, status="going")
    RSVP.objects.create(meeting=meeting, user=waiting, status="waitlisted")
    RSVP.objects.create(meeting=meeting, user=not_going, status="not_going")

    with django_capture_on_commit_callbacks():
        service.update_meeting(
            meeting=meeting,
            updated_by=organiser,
            starts_at=meeting.starts_at + datetime.timedelta(hours=1),
            ends_at=meeting.ends_at + datetime.timedelta(hours=1),
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    deliveries = EmailDelivery.objects.filter(kind=NotificationKind.MEETING_CHANGES)
    assert set(deliveries.values_list("to_email", flat=True)) == {going.email, waiting.email}
    assert set(deliveries.values_list("subject_key", flat=True)) == {f"meeting:{meeting.pk}:changed-1"}

    service.update_meeting(meeting=meeting, updated_by=organiser, venue="Cardiff Bay")
    meeting.refresh_from_db()
    assert meeting.sequence == 2
    assert EmailDelivery.objects.filter(kind=NotificationKind.MEETING_CHANGES).count() == 4


def test_a_change_a_calendar_does_not_show_keeps_the_sequence_and_sends_nothing(organiser):
    meeting = MeetingFactory()
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="going")

    service.update_meeting(meeting=meeting, updated_by=organiser, agenda_en="## Welcome", description_en="New words")
    meeting.refresh_from_db()

    assert meeting.sequence == 0
    assert meeting.agenda_en == "## Welcome"
    assert not EmailDelivery.objects.exists()


def test_saving_without_changes_records_nothing(organiser):
    meeting = MeetingFactory()
    service.update_meeting(meeting=meeting, updated_by=organiser, title_en=meeting.title_en)
    assert not AuditEvent.objects.filter(action="community.meeting.updated").exists()


def test_cancelling_raises_the_sequence_and_tells_everyone_once(organiser):
    meeting = MeetingFactory()
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="going")
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="waitlisted")

    service.cancel_meeting(meeting=meeting, cancelled_by=organiser)
    service.cancel_meeting(meeting=meeting, cancelled_by=organiser)
    meeting.refresh_from_db()

    assert meeting.is_cancelled
    assert meeting.sequence == 1
    assert EmailDelivery.objects.filter(subject_key=f"meeting:{meeting.pk}:cancelled").count() == 2
    assert AuditEvent.objects.filter(action="community.meeting.cancelled").count() == 1
    with pytest.raises(ValidationError):
        service.update_meeting(meeting=meeting, updated_by=organiser, venue="Somewhere")


def test_the_change_email_renders_in_the_recipients_language_and_uk_time(organiser):
    from participation.services.email import build_message

    meeting = MeetingFactory(
        starts_at=datetime.datetime(2031, 7, 1, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2031, 7, 1, 11, 0, tzinfo=LONDON),
        title_cy="Cyfarfod mis Gorffennaf",
    )
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="going", language="cy")
    service.update_meeting(meeting=meeting, updated_by=organiser, venue="Caerdydd")

    message = build_message(EmailDelivery.objects.get())
    assert "Cyfarfod mis Gorffennaf" in message.subject
    # 10:00 BST, stored as 09:00 UTC
    assert "10:00" in message.body
    assert "Caerdydd" in message.body
    assert meeting.online_link in message.body
    assert f"{meeting.get_absolute_url()}" in message.body


# RSVPs and the waiting list


def test_going_until_full_then_the_waiting_list():
    meeting = MeetingFactory(capacity=2)
    people = [UserFactory() for _ in range(4)]

    answers = [service.rsvp(meeting, person, "going") for person in people]

    assert [a.status for a in answers] == ["going", "going", "waitlisted", "waitlisted"]
    assert answers[2].waitlisted_at is not None
    assert counts(meeting) == (2, 2)


def test_answering_going_twice_keeps_your_place():
    meeting = MeetingFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    service.rsvp(meeting, first, "going")
    service.rsvp(meeting, second, "going")
    waited_since = RSVP.objects.get(user=second).waitlisted_at

    service.rsvp(meeting, first, "going", access_needs="Step-free access")
    service.rsvp(meeting, second, "going")

    assert RSVP.objects.get(user=first).access_needs == "Step-free access"
    assert RSVP.objects.get(user=second).waitlisted_at == waited_since
    assert counts(meeting) == (1, 1)


def test_dropping_out_promotes_exactly_one_and_emails_them_once():
    meeting = MeetingFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for person in (first, second, third):
        service.rsvp(meeting, person, "going")

    service.rsvp(meeting, first, "not_going")

    assert RSVP.objects.get(user=second).status == "going"
    assert RSVP.objects.get(user=third).status == "waitlisted"
    assert counts(meeting) == (1, 1)
    email = EmailDelivery.objects.get()
    assert email.to_email == second.email
    assert email.subject_key == f"meeting:{meeting.pk}:promoted:{second.pk}"
    assert email.kind == NotificationKind.MEETING_CHANGES
    assert email.template == "community/emails/waitlist_promoted"

    # Saying "not going" again promotes nobody else.
    service.rsvp(meeting, first, "not_going")
    assert counts(meeting) == (1, 1)
    assert EmailDelivery.objects.count() == 1


def test_leaving_the_waiting_list_promotes_nobody():
    meeting = MeetingFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    service.rsvp(meeting, first, "going")
    service.rsvp(meeting, second, "going")

    answer = service.rsvp(meeting, second, "not_going")

    assert answer.status == "not_going"
    assert answer.waitlisted_at is None
    assert counts(meeting) == (1, 0)
    assert not EmailDelivery.objects.exists()


def test_more_places_promote_people_in_order(organiser):
    meeting = MeetingFactory(capacity=1)
    people = [UserFactory() for _ in range(4)]
    for person in people:
        service.rsvp(meeting, person, "going")

    service.update_meeting(meeting=meeting, updated_by=organiser, capacity=3)

    assert list(RSVP.objects.filter(status="going").values_list("user", flat=True).order_by("created_at")) == [
        p.pk for p in people[:3]
    ]
    assert counts(meeting) == (3, 1)
    assert EmailDelivery.objects.filter(subject_key__contains=":promoted:").count() == 2


def test_a_forged_status_is_refused():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError):
        service.rsvp(meeting, UserFactory(), "waitlisted")
    with pytest.raises(ValidationError):
        service.rsvp(meeting, UserFactory(), "going", language="fr")
    assert not RSVP.objects.exists()


def test_no_replies_to_cancelled_or_past_meetings():
    cancelled = MeetingFactory(status="cancelled")
    past = MeetingFactory(
        starts_at=datetime.datetime(2020, 1, 1, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2020, 1, 1, 11, tzinfo=LONDON),
    )
    for meeting in (cancelled, past):
        with pytest.raises(ValidationError):
            service.rsvp(meeting, UserFactory(), "going")


def test_an_rsvp_change_is_audited():
    meeting = MeetingFactory()
    person = UserFactory()
    service.rsvp(meeting, person, "going")
    service.rsvp(meeting, person, "not_going")
    assert AuditEvent.objects.filter(action="community.rsvp.changed").count() == 2


def test_unlimited_places_never_waitlist():
    meeting = MeetingFactory(capacity=None)
    for _ in range(5):
        assert service.rsvp(meeting, UserFactory(), "going").status == "going"
    assert counts(meeting) == (5, 0)


# Notes


def test_publishing_notes_tells_the_people_going_once(organiser):
    meeting = MeetingFactory()
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="going")
    RSVP.objects.create(meeting=meeting, user=UserFactory(), status="not_going")

    service.save_notes(meeting=meeting, saved_by=organiser, notes_en="## What we discussed", attendance_count=12)
    assert not EmailDelivery.objects.exists()

    service.save_notes(meeting=meeting, saved_by=organiser, notes_en="## What we discussed", publish=True)
    service.save_notes(meeting=meeting, saved_by=organiser, notes_en="## Corrected", publish=True)
    meeting.refresh_from_db()

    assert meeting.notes_published_at is not None
    assert meeting.attendance_count == 12
    assert EmailDelivery.objects.filter(kind=NotificationKind.MEETING_NOTES).count() == 1
    assert AuditEvent.objects.filter(action="community.meeting.notes_published").count() == 1


def test_empty_notes_cannot_be_published(organiser):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError):
        service.save_notes(meeting=meeting, saved_by=organiser, notes_en="  ", publish=True)


# Monthly series


def series_values(**overrides):
    values = {
        "title_en": "Monthly community meeting",
        "description_en": "Practitioners meet every month.",
        "week_of_month": WeekOfMonth.FIRST,
        "weekday": Weekday.TUESDAY,
        "start_time": datetime.time(10, 0),
        "duration_minutes": 90,
        "months_ahead": 3,
        "capacity": 30,
        "provisions": ["captions"],
    }
    return {**values, **overrides}


@pytest.mark.parametrize(
    ("week", "weekday", "year", "month", "expected"),
    [
        (WeekOfMonth.FIRST, Weekday.TUESDAY, 2026, 12, datetime.date(2026, 12, 1)),
        (WeekOfMonth.FIRST, Weekday.MONDAY, 2026, 12, datetime.date(2026, 12, 7)),
        (WeekOfMonth.THIRD, Weekday.WEDNESDAY, 2027, 2, datetime.date(2027, 2, 17)),
        (WeekOfMonth.LAST, Weekday.TUESDAY, 2026, 12, datetime.date(2026, 12, 29)),
        (WeekOfMonth.LAST, Weekday.TUESDAY, 2027, 3, datetime.date(2027, 3, 30)),
        (WeekOfMonth.LAST, Weekday.FRIDAY, 2027, 4, datetime.date(2027, 4, 30)),
    ],
)
def test_nth_weekday(week, weekday, year, month, expected):
    assert service.nth_weekday(year, month, week, weekday) == expected


def test_a_series_creates_its_meetings_in_uk_time_across_the_clock_change(organiser):
    series = service.create_series(
        created_by=organiser,
        today=datetime.date(2027, 2, 10),
        **series_values(week_of_month=WeekOfMonth.LAST),
    )

    meetings = list(series.meetings.order_by("starts_at"))
    # Last Tuesdays from 10 February to 10 May 2027; the clocks go forward on 28 March.
    assert [m.occurrence_date for m in meetings] == [
        datetime.date(2027, 2, 23),
        datetime.date(2027, 3, 30),
        datetime.date(2027, 4, 27),
    ]
    assert {m.starts_at.astimezone(LONDON).time() for m in meetings} == {datetime.time(10, 0)}
    assert meetings[0].starts_at.utcoffset() is not None
    assert meetings[0].starts_at.astimezone(datetime.UTC).hour == 10
    assert meetings[1].starts_at.astimezone(datetime.UTC).hour == 9
    assert all(m.ends_at - m.starts_at == datetime.timedelta(minutes=90) for m in meetings)
    assert meetings[0].capacity == 30
    assert meetings[0].provisions == ["captions"]
    assert AuditEvent.objects.filter(action="community.series.created").count() == 1


def test_generating_again_creates_nothing_new(organiser):
    series = service.create_series(created_by=organiser, today=datetime.date(2027, 2, 10), **series_values())
    before = series.meetings.count()

    assert service.generate_occurrences(series, datetime.date(2027, 2, 10)) == []
    assert series.meetings.count() == before
    # A month later one more is added at the far end.
    added = service.generate_occurrences(series, datetime.date(2027, 3, 10))
    assert [m.occurrence_date for m in added] == [datetime.date(2027, 6, 1)]


def test_a_moved_or_cancelled_occurrence_is_never_recreated(organiser):
    series = service.create_series(created_by=organiser, today=datetime.date(2027, 2, 10), **series_values())
    moved, cancelled = list(series.meetings.order_by("starts_at"))[:2]
    new_start = moved.starts_at + datetime.timedelta(days=2)
    service.update_meeting(
        meeting=moved, updated_by=organiser, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=1)
    )
    service.cancel_meeting(meeting=cancelled, cancelled_by=organiser)

    assert service.generate_occurrences(series, datetime.date(2027, 2, 10)) == []
    moved.refresh_from_db()
    assert moved.occurrence_date == datetime.date(2027, 3, 2)
    assert moved.starts_at == new_start
    assert series.meetings.filter(occurrence_date=datetime.date(2027, 3, 2)).count() == 1


def test_a_stopped_series_creates_nothing(organiser):
    series = service.create_series(
        created_by=organiser, today=datetime.date(2027, 2, 10), **series_values(is_active=False)
    )
    assert series.meetings.count() == 0
    assert service.generate_all_series(today=datetime.date(2027, 2, 10)) == 0


def test_updating_a_series_is_audited_and_tops_it_up(organiser):
    series = service.create_series(created_by=organiser, today=datetime.date(2027, 2, 10), **series_values())
    service.update_series(series=series, updated_by=organiser, today=datetime.date(2027, 2, 10), months_ahead=5)
    assert AuditEvent.objects.filter(action="community.series.updated").count() == 1
    assert series.meetings.count() == 5


def test_bad_series_values_are_refused(organiser):
    with pytest.raises(ValidationError):
        service.create_series(created_by=organiser, **series_values(capacity=0))
    with pytest.raises(ValidationError):
        service.create_series(created_by=organiser, **series_values(months_ahead=40))
    assert not MeetingSeries.objects.exists()


def test_the_beat_task_tops_up_every_series(organiser):
    from community.tasks import generate_series_meetings_task

    MeetingSeries.objects.create(created_by=organiser, **series_values())
    assert generate_series_meetings_task.delay().get() == 3
    assert generate_series_meetings_task.delay().get() == 0


# Calendar feed tokens


def test_only_the_hash_of_the_feed_token_is_stored_and_a_new_one_revokes_the_old(member):
    first = service.create_calendar_token(member)
    stored = CalendarToken.objects.get(user=member)
    assert stored.token_hash == hash_token(first)
    assert first not in stored.token_hash
    assert service.user_for_calendar_token(first) == member

    second = service.create_calendar_token(member)

    assert service.user_for_calendar_token(first) is None
    assert service.user_for_calendar_token(second) == member
    assert CalendarToken.objects.count() == 1

    service.revoke_calendar_token(member)
    assert service.user_for_calendar_token(second) is None


# The emails themselves


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_meeting_email_renders_with_what_when_and_a_link(organiser, language):
    from participation.services.email import build_message

    meeting = MeetingFactory(
        capacity=1,
        title_cy="Cyfarfod mis Gorffennaf",
        starts_at=datetime.datetime(2031, 7, 1, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2031, 7, 1, 11, 0, tzinfo=LONDON),
    )
    first, second = UserFactory(preferred_language=language), UserFactory(preferred_language=language)
    service.rsvp(meeting, first, "going", language=language)
    service.rsvp(meeting, second, "going", language=language)
    service.rsvp(meeting, first, "not_going", language=language)  # second is promoted
    service.update_meeting(meeting=meeting, updated_by=organiser, venue="Pierhead")
    service.save_notes(meeting=meeting, saved_by=organiser, notes_en="Minutes", publish=True)
    service.cancel_meeting(meeting=meeting, cancelled_by=organiser)

    templates = set()
    for delivery in EmailDelivery.objects.filter(to_email=second.email):
        message = build_message(delivery)
        templates.add(delivery.template)
        title = "Cyfarfod mis Gorffennaf" if language == "cy" else meeting.title_en
        assert title in message.subject
        assert "\n" not in message.subject
        assert "10:00" in message.body
        assert meeting.get_absolute_url().removeprefix("/cy") in message.body
        assert "unsubscribe" in message.body.lower() or "dad-danysgrifio" in message.body.lower()
        assert "<!DOCTYPE html>" in message.alternatives[0][0]
    assert templates == {
        "community/emails/waitlist_promoted",
        "community/emails/meeting_changed",
        "community/emails/meeting_notes",
        "community/emails/meeting_cancelled",
    }
