"""Meetings, monthly series, RSVPs with a waiting list, notes, and personal calendar feed tokens.

Every write is one transaction with its audit event. Anything a calendar shows (time, place, link,
title, cancellation) raises the meeting's iCalendar SEQUENCE and tells the people going through the
shared fan-out in community.services.notices.

RSVPs lock the meeting row, so two people taking the last place at once cannot both get it: the
second waits for the first to commit and then finds the meeting full. The meeting's going and
waiting-list counts are kept in step in the same transaction.
"""

import calendar
import datetime
import secrets
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import (
    RSVP,
    AccessProvision,
    CalendarToken,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    RSVPStatus,
    WeekOfMonth,
)
from community.permissions import can_rsvp, is_meeting_organiser
from community.services import notices
from participation.models import NotificationKind
from participation.models.organisations import hash_token
from participation.services.audit import changed_fields, record_audit
from participation.services.email import queue_email
from participation.services.slugs import unique_slug

LONDON = ZoneInfo("Europe/London")

MEETING_FIELDS = (
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "starts_at",
    "ends_at",
    "online_link",
    "venue",
    "capacity",
    "provisions",
    "agenda_en",
    "agenda_cy",
    "notes_public",
)
# What a calendar shows: a change to any of these raises SEQUENCE and tells the people going.
CALENDAR_FIELDS = {"title_en", "title_cy", "starts_at", "ends_at", "online_link", "venue"}
NOTES_FIELDS = ("notes_en", "notes_cy", "slides_url", "recording_url", "attendance_count", "notes_public")
SERIES_FIELDS = (
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "online_link",
    "venue",
    "capacity",
    "provisions",
    "notes_public",
    "week_of_month",
    "weekday",
    "start_time",
    "duration_minutes",
    "months_ahead",
    "is_active",
)
# Fields a series copies onto each new occurrence.
COPIED_FROM_SERIES = (
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "online_link",
    "venue",
    "capacity",
    "provisions",
    "notes_public",
)
MAX_MONTHS_AHEAD = 12
PROMOTED_TEMPLATE = "community/emails/waitlist_promoted"


# Helpers


def _require_organiser(user) -> None:
    if not is_meeting_organiser(user):
        raise PermissionDenied


def _start_sending() -> None:
    """Hand the new delivery rows to workers as soon as the transaction commits."""
    from participation.services.email import sweep_deliveries

    transaction.on_commit(sweep_deliveries)


def _validate_meeting_values(values: dict) -> None:
    errors = {}
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts")
    capacity = values.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Enter at least 1 place, or leave it empty for no limit")
    provisions = values.get("provisions") or []
    if not set(provisions) <= set(AccessProvision.values):
        errors["provisions"] = _("Choose access provisions from the list")
    if errors:
        raise ValidationError(errors)


def _unique_slug(title: str, starts_at: datetime.datetime) -> str:
    day = timezone.localtime(starts_at, LONDON).date().isoformat()
    return unique_slug(Meeting, title, suffix=day, fallback="meeting")


def _plain(values: dict) -> dict:
    """Values as the audit log keeps them."""
    return {name: None if value is None else str(value) for name, value in values.items()}


# Meetings


def create_meeting(*, created_by, series: MeetingSeries | None = None, **values) -> Meeting:
    _require_organiser(created_by)
    fields = {name: values[name] for name in MEETING_FIELDS if name in values}
    fields["provisions"] = list(fields.get("provisions") or [])
    _validate_meeting_values(fields)
    with transaction.atomic():
        meeting = Meeting(created_by=created_by, series=series, **fields)
        meeting.slug = _unique_slug(meeting.title_en, meeting.starts_at)
        meeting.full_clean(exclude=["slug", "created_by"])
        meeting.save()
        record_audit(actor=created_by, action="community.meeting.created", target=meeting, changes=_plain(fields))
    return meeting


def update_meeting(*, meeting: Meeting, updated_by, **values) -> Meeting:
    """Change a meeting. A change a calendar shows raises SEQUENCE and tells everyone going or
    waiting; more places promote people from the waiting list."""
    _require_organiser(updated_by)
    fields = {name: values[name] for name in MEETING_FIELDS if name in values}
    if "provisions" in fields:
        fields["provisions"] = list(fields["provisions"] or [])
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting has been cancelled, so it cannot be changed."), code="cancelled")
        _validate_meeting_values({**{name: getattr(meeting, name) for name in MEETING_FIELDS}, **fields})
        changes = changed_fields(meeting, fields)
        if not changes:
            return meeting
        for name, value in fields.items():
            setattr(meeting, name, value)
        calendar_changed = bool(CALENDAR_FIELDS & changes.keys())
        if calendar_changed:
            meeting.sequence += 1
        meeting.full_clean(exclude=["slug", "created_by"])
        meeting.save()
        record_audit(actor=updated_by, action="community.meeting.updated", target=meeting, changes=changes)
        if "capacity" in changes:
            _promote_waitlisted(meeting)
        if calendar_changed:
            notices.fan_out(meeting=meeting, notice=notices.changed_notice(meeting))
            _start_sending()
    return meeting


def cancel_meeting(*, meeting: Meeting, cancelled_by) -> Meeting:
    _require_organiser(cancelled_by)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            return meeting
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        record_audit(
            actor=cancelled_by,
            action="community.meeting.cancelled",
            target=meeting,
            changes={"status": [MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED]},
        )
        notices.fan_out(meeting=meeting, notice=notices.CANCELLED)
        _start_sending()
    return meeting


def save_notes(*, meeting: Meeting, saved_by, publish: bool = False, **values) -> Meeting:
    """Notes, slides, recording and attendance after the meeting. Publishing the notes (once)
    tells the people who were going."""
    _require_organiser(saved_by)
    fields = {name: values[name] for name in NOTES_FIELDS if name in values}
    if fields.get("attendance_count") is not None and fields["attendance_count"] < 0:
        raise ValidationError({"attendance_count": _("Enter 0 or more")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        changes = changed_fields(meeting, fields)
        for name, value in fields.items():
            setattr(meeting, name, value)
        first_publication = publish and meeting.notes_published_at is None
        if first_publication:
            if not (meeting.notes_en or "").strip():
                raise ValidationError({"notes_en": _("Enter the notes before publishing them")})
            meeting.notes_published_at = timezone.now()
        meeting.full_clean(exclude=["slug", "created_by"])
        meeting.save()
        record_audit(actor=saved_by, action="community.meeting.updated", target=meeting, changes=changes)
        if first_publication:
            record_audit(actor=saved_by, action="community.meeting.notes_published", target=meeting)
            notices.fan_out(meeting=meeting, notice=notices.NOTES_UP)
            _start_sending()
    return meeting


# RSVPs


def rsvp(meeting: Meeting, user, status: str, access_needs: str = "", language: str = "en") -> RSVP:
    """Going or not going. "Going" to a full meeting puts you on the waiting list; dropping out
    promotes the first person waiting."""
    if status not in (RSVPStatus.GOING, RSVPStatus.NOT_GOING):
        raise ValidationError({"status": _("Choose whether you are going")}, code="invalid_status")
    if language not in ("en", "cy"):
        raise ValidationError({"language": _("Choose English or Welsh")}, code="invalid_language")
    access_needs = (access_needs or "").strip()
    if len(access_needs) > 2000:
        raise ValidationError({"access_needs": _("Access needs must be 2000 characters or fewer")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not can_rsvp(user, meeting):
            raise ValidationError(_("You can no longer reply to this meeting."), code="closed")
        answer = RSVP.objects.filter(meeting=meeting, user=user).first()
        old = answer.status if answer else None
        if status == RSVPStatus.NOT_GOING:
            new = RSVPStatus.NOT_GOING
        elif old in (RSVPStatus.GOING, RSVPStatus.WAITLISTED):
            new = old
        elif meeting.capacity is None or meeting.going_count < meeting.capacity:
            new = RSVPStatus.GOING
        else:
            new = RSVPStatus.WAITLISTED
        if answer is None:
            answer = RSVP(meeting=meeting, user=user)
        answer.meeting = meeting  # the locked row, with the counts as this transaction leaves them
        answer.status, answer.access_needs, answer.language = new, access_needs, language
        if new == RSVPStatus.WAITLISTED and old != RSVPStatus.WAITLISTED:
            answer.waitlisted_at = timezone.now()
        elif new != RSVPStatus.WAITLISTED:
            answer.waitlisted_at = None
        answer.save()
        _count(meeting, old, -1)
        _count(meeting, new, +1)
        meeting.save(update_fields=["going_count", "waitlist_count"])
        if old != new:
            record_audit(actor=user, action="community.rsvp.changed", target=answer, changes={"status": [old, new]})
        if old == RSVPStatus.GOING and new != RSVPStatus.GOING:
            _promote_waitlisted(meeting)
    return answer


def _count(meeting: Meeting, status: str | None, step: int) -> None:
    if status == RSVPStatus.GOING:
        meeting.going_count += step
    elif status == RSVPStatus.WAITLISTED:
        meeting.waitlist_count += step


def _promote_waitlisted(meeting: Meeting) -> list[RSVP]:
    """Move people from the waiting list into free places, first come first served, and tell each
    of them. The caller holds the meeting row lock."""
    promoted = []
    while meeting.waitlist_count > 0 and (meeting.capacity is None or meeting.going_count < meeting.capacity):
        answer = (
            RSVP.objects.select_for_update()
            .select_related("user")
            .filter(meeting=meeting, status=RSVPStatus.WAITLISTED)
            .order_by("waitlisted_at", "created_at")
            .first()
        )
        if answer is None:
            break
        answer.status, answer.waitlisted_at = RSVPStatus.GOING, None
        answer.save(update_fields=["status", "waitlisted_at", "updated_at"])
        meeting.going_count += 1
        meeting.waitlist_count -= 1
        record_audit(
            actor=None,
            action="community.rsvp.changed",
            target=answer,
            changes={"status": [RSVPStatus.WAITLISTED, RSVPStatus.GOING]},
        )
        queue_email(
            kind=NotificationKind.MEETING_CHANGES,
            subject_key=f"meeting:{meeting.pk}:promoted:{answer.user.pk}",
            template=PROMOTED_TEMPLATE,
            context={**notices.notice_context(meeting), "rsvp_status": RSVPStatus.GOING},
            recipient=answer.user,
        )
        promoted.append(answer)
    if promoted:
        meeting.save(update_fields=["going_count", "waitlist_count"])
    return promoted


# Monthly series


def nth_weekday(year: int, month: int, week: int, weekday: int) -> datetime.date:
    """The date of, say, the first Tuesday (week 1) or the last Tuesday (week -1) of a month."""
    if week == WeekOfMonth.LAST:
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrence_dates(series: MeetingSeries, today: datetime.date) -> list[datetime.date]:
    """The series' dates from today up to `months_ahead` months from today."""
    until = _add_months(today, series.months_ahead)
    dates = []
    month = today.replace(day=1)
    while month <= until:
        day = nth_weekday(month.year, month.month, series.week_of_month, series.weekday)
        if today <= day <= until:
            dates.append(day)
        month = _add_months(month, 1)
    return dates


def occurrence_times(series: MeetingSeries, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end of an occurrence: the series' UK wall-clock time on that day, whatever the offset."""
    starts_at = datetime.datetime.combine(day, series.start_time, tzinfo=LONDON)
    ends_at = (starts_at + datetime.timedelta(minutes=series.duration_minutes)).astimezone(LONDON)
    return starts_at.astimezone(datetime.UTC), ends_at.astimezone(datetime.UTC)


def generate_occurrences(series: MeetingSeries, today: datetime.date | None = None) -> list[Meeting]:
    """Create the series' missing meetings up to `months_ahead`. Idempotent: a date that already
    has a meeting (even one moved to another day or cancelled) is never recreated."""
    today = today or timezone.localdate()
    if not series.is_active:
        return []
    existing = set(Meeting.objects.filter(series=series).values_list("occurrence_date", flat=True))
    created = []
    for day in occurrence_dates(series, today):
        if day in existing:
            continue
        starts_at, ends_at = occurrence_times(series, day)
        meeting = Meeting(
            series=series,
            occurrence_date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=series.created_by,
            **{name: getattr(series, name) for name in COPIED_FROM_SERIES},
        )
        meeting.provisions = list(series.provisions or [])
        try:
            with transaction.atomic():
                meeting.slug = _unique_slug(meeting.title_en, starts_at)
                meeting.save()
                record_audit(
                    actor=None,
                    action="community.meeting.created",
                    target=meeting,
                    changes={"series": str(series.pk), "occurrence_date": day.isoformat()},
                )
        except IntegrityError:
            # Another run created this occurrence at the same moment.
            continue
        created.append(meeting)
    return created


def generate_all_series(today: datetime.date | None = None) -> int:
    """Run by beat once a day: top up every active series."""
    today = today or timezone.localdate()
    return sum(len(generate_occurrences(series, today)) for series in MeetingSeries.objects.filter(is_active=True))


def _validate_series_values(values: dict) -> None:
    errors = {}
    if values.get("capacity") is not None and values["capacity"] < 1:
        errors["capacity"] = _("Enter at least 1 place, or leave it empty for no limit")
    if values.get("duration_minutes") is not None and not 1 <= values["duration_minutes"] <= 24 * 60:
        errors["duration_minutes"] = _("Enter a length between 1 and 1440 minutes")
    if values.get("months_ahead") is not None and not 1 <= values["months_ahead"] <= MAX_MONTHS_AHEAD:
        errors["months_ahead"] = _("Enter a number of months between 1 and 12")
    if not set(values.get("provisions") or []) <= set(AccessProvision.values):
        errors["provisions"] = _("Choose access provisions from the list")
    if errors:
        raise ValidationError(errors)


def create_series(*, created_by, today: datetime.date | None = None, **values) -> MeetingSeries:
    _require_organiser(created_by)
    fields = {name: values[name] for name in SERIES_FIELDS if name in values}
    fields["provisions"] = list(fields.get("provisions") or [])
    _validate_series_values(fields)
    with transaction.atomic():
        series = MeetingSeries(created_by=created_by, **fields)
        series.full_clean(exclude=["created_by"])
        series.save()
        record_audit(actor=created_by, action="community.series.created", target=series, changes=_plain(fields))
        generate_occurrences(series, today)
    return series


def update_series(*, series: MeetingSeries, updated_by, today: datetime.date | None = None, **values) -> MeetingSeries:
    """Change the rule. Meetings already created keep their own details (edit them one by one);
    new occurrences take the new values."""
    _require_organiser(updated_by)
    fields = {name: values[name] for name in SERIES_FIELDS if name in values}
    if "provisions" in fields:
        fields["provisions"] = list(fields["provisions"] or [])
    with transaction.atomic():
        series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        _validate_series_values({**{name: getattr(series, name) for name in SERIES_FIELDS}, **fields})
        changes = changed_fields(series, fields)
        for name, value in fields.items():
            setattr(series, name, value)
        series.full_clean(exclude=["created_by"])
        series.save()
        if changes:
            record_audit(actor=updated_by, action="community.series.updated", target=series, changes=changes)
        generate_occurrences(series, today)
    return series


# Personal calendar feed


def create_calendar_token(user) -> str:
    """A new secret for the member's calendar feed; the old one (if any) stops working. Only the
    hash is stored, so the returned token can be shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token)})
    return token


def revoke_calendar_token(user) -> None:
    CalendarToken.objects.filter(user=user).delete()


def user_for_calendar_token(token: str):
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=hash_token(token or ""), user__is_active=True)
        .first()
    )
    return found.user if found else None
