"""Telling the people going to a meeting: reminders, changes, cancellations and "notes are up".

Every notice is one fan-out: in a single transaction, one delivery row per (meeting, member, kind)
through the shared email outbox, and a ReminderRun row saying the fan-out is done. Either all of it
is written or none, so a worker killed half-way leaves nothing to tidy and the next sweep simply
does it again; a second copy of the same task finds the run done (and the unique delivery rows
would refuse duplicates anyway). The outbox's sweep then sends the rows, whatever became of Redis.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import RSVP, Meeting, MeetingStatus, ReminderRun, RSVPStatus
from participation.models import EmailDelivery, NotificationKind, NotificationPreference

INSERT_BATCH = 2000


@dataclass(frozen=True)
class Notice:
    """One kind of message about a meeting: who gets it and how it reads."""

    run_kind: str  # what the ReminderRun and the delivery's subject key call it, e.g. "reminder-1440"
    notification_kind: str  # NotificationKind: what a member turns off to stop it
    template: str
    statuses: tuple[str, ...] = (RSVPStatus.GOING,)


def reminder_notice(minutes: int) -> Notice:
    return Notice(f"reminder-{minutes}", NotificationKind.MEETING_REMINDERS, "community/emails/meeting_reminder")


def changed_notice(meeting: Meeting) -> Notice:
    """Each change has its own sequence number, so each is announced once."""
    return Notice(
        f"changed-{meeting.sequence}",
        NotificationKind.MEETING_CHANGES,
        "community/emails/meeting_changed",
        (RSVPStatus.GOING, RSVPStatus.WAITLISTED),
    )


CANCELLED = Notice(
    "cancelled",
    NotificationKind.MEETING_CHANGES,
    "community/emails/meeting_cancelled",
    (RSVPStatus.GOING, RSVPStatus.WAITLISTED),
)
NOTES_UP = Notice("notes", NotificationKind.MEETING_NOTES, "community/emails/meeting_notes")


def reminder_time(meeting: Meeting, minutes: int) -> datetime:
    """When a reminder is due. A day or more ahead keeps the local time of day across a clock
    change (a 10:00 meeting gets its day-before reminder at 10:00 UK time, whatever the offset);
    a shorter one is exact."""
    if minutes >= 24 * 60:
        days, rest = divmod(minutes, 24 * 60)
        # Arithmetic on a zoneinfo datetime is wall-clock arithmetic: a day before 10:00 is 10:00.
        local = timezone.localtime(meeting.starts_at) - timedelta(days=days, minutes=rest)
        return local.astimezone(UTC)
    return meeting.starts_at - timedelta(minutes=minutes)


def notice_context(meeting: Meeting) -> dict:
    """What every meeting email shows. Times are kept as ISO strings: the email template shows them
    in the reader's language and UK time (`|from_iso|date`)."""
    return {
        "meeting_id": str(meeting.pk),
        "title_en": meeting.title_en,
        "title_cy": meeting.title_cy,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "online_link": meeting.online_link,
        "venue": meeting.venue,
        "path": meeting.get_absolute_url().removeprefix("/cy"),
        "ics_path": f"{meeting.get_absolute_url().removeprefix('/cy')}calendar.ics",
        "sequence": meeting.sequence,
    }


def fan_out(*, meeting: Meeting, notice: Notice, context: dict | None = None) -> int:
    """Write one delivery per member the notice is for, once. Returns how many were written (0 when
    this notice went out before). The sweep sends them; call `sweep_deliveries` to start at once."""
    try:
        with transaction.atomic():
            _run, created = ReminderRun.objects.get_or_create(meeting=meeting, kind=notice.run_kind)
            if not created:
                return 0
            opted_out = NotificationPreference.objects.filter(kind=notice.notification_kind, is_enabled=False)
            rsvps = (
                RSVP.objects.filter(meeting=meeting, status__in=notice.statuses, user__is_active=True)
                .exclude(user__in=opted_out.values("user"))
                .select_related("user")
                .order_by("pk")
            )
            base = {**notice_context(meeting), **(context or {})}
            subject_key = f"meeting:{meeting.pk}:{notice.run_kind}"
            written = 0
            batch = []
            for rsvp in rsvps.iterator(chunk_size=INSERT_BATCH):
                batch.append(
                    EmailDelivery(
                        kind=notice.notification_kind,
                        subject_key=subject_key,
                        recipient=rsvp.user,
                        to_email=rsvp.user.email,
                        language=rsvp.language or rsvp.user.preferred_language,
                        template=notice.template,
                        context={**base, "rsvp_status": rsvp.status},
                    )
                )
                if len(batch) >= INSERT_BATCH:
                    written += len(EmailDelivery.objects.bulk_create(batch, ignore_conflicts=True))
                    batch = []
            if batch:
                written += len(EmailDelivery.objects.bulk_create(batch, ignore_conflicts=True))
            return written
    except IntegrityError:
        # Another worker wrote the same run at the same moment: it is theirs.
        return 0


def due_reminders(*, now: datetime):
    """(meeting, notice, skipped notices) for each meeting with a reminder whose time has come.
    When several are due at once (a meeting booked at short notice, or beat down for a day) only
    the nearest is sent: an hour-before reminder makes a day-before one pointless."""
    horizon = now + timedelta(minutes=max(settings.MEETING_REMINDER_MINUTES, default=0) + 24 * 60)
    meetings = Meeting.objects.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=horizon)
    done = set(
        ReminderRun.objects.filter(meeting__in=meetings, kind__startswith="reminder-").values_list("meeting", "kind")
    )
    for meeting in meetings.order_by("starts_at"):
        due = sorted(
            minutes
            for minutes in settings.MEETING_REMINDER_MINUTES
            if (meeting.pk, f"reminder-{minutes}") not in done and reminder_time(meeting, minutes) <= now
        )
        if due:
            yield meeting, reminder_notice(due[0]), [reminder_notice(minutes) for minutes in due[1:]]


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Run by beat every minute: fan out each reminder that is due, then hand the rows to workers."""
    from participation.services.email import sweep_deliveries

    now = now or timezone.now()
    written = 0
    for meeting, notice, skipped in due_reminders(now=now):
        written += fan_out(meeting=meeting, notice=notice)
        for stale in skipped:
            ReminderRun.objects.get_or_create(meeting=meeting, kind=stale.run_kind)
    if written:
        # On the current clock, not `now`: the rows just written are due from when they were written.
        sweep_deliveries()
    return written
