"""Reminders before each lab session to the participants who accepted, through the shared email
outbox (one delivery per kind, subject and address, so a repeated run sends nothing more)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from community.services.notices import reminder_time
from designlabs.models import LabStatus, Participant, ParticipantStatus, Session
from participation.models import NotificationKind
from participation.services.email import queue_email

TEMPLATE = "designlabs/emails/session_reminder"


def _english_path(name: str, **kwargs) -> str:
    """The path without a language prefix: the email template adds /cy for Welsh readers."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def reminder_context(session: Session) -> dict:
    lab = session.lab
    return {
        "lab_title_en": lab.title_en,
        "lab_title_cy": lab.title_cy,
        "title_en": session.title_en,
        "title_cy": session.title_cy,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "mode": session.mode,
        "venue": session.venue,
        "online_link": session.online_link,
        "access_provision": session.access_provision,
        "path": _english_path("designlabs:session-detail", slug=lab.slug, pk=session.pk),
    }


def due_offset(session: Session, *, now: datetime) -> tuple[int | None, list[int]]:
    """The nearest reminder offset that is due and not sent, and the others due with it (skipped:
    a day-before reminder is pointless once the hour-before one goes)."""
    due = sorted(
        minutes
        for minutes in settings.MEETING_REMINDER_MINUTES
        if minutes not in session.reminders_sent and reminder_time(session, minutes) <= now
    )
    return (due[0], due[1:]) if due else (None, [])


def send_session_reminder(*, session_id, now: datetime) -> int:
    """Queue the due reminder for one session, once: the session row is locked while its offsets
    are recorded, so two runs at once send it once."""
    with transaction.atomic():
        session = Session.objects.select_for_update(of=("self",)).select_related("lab").filter(pk=session_id).first()
        if session is None or session.starts_at <= now or session.lab.status == LabStatus.CLOSED:
            return 0
        minutes, skipped = due_offset(session, now=now)
        if minutes is None:
            return 0
        context = reminder_context(session)
        participants = (
            Participant.objects.filter(
                lab=session.lab, status=ParticipantStatus.ACCEPTED, user__isnull=False, user__is_active=True
            )
            .select_related("user")
            .order_by("pk")
        )
        queued = 0
        for participant in participants:
            delivery = queue_email(
                kind=NotificationKind.LAB_REMINDERS,
                subject_key=f"lab-session:{session.pk}:reminder-{minutes}",
                template=TEMPLATE,
                context=context,
                recipient=participant.user,
            )
            if delivery is not None:
                if delivery.language != participant.preferred_language:
                    # The participant told the lab which language they want; queue_email uses the account's.
                    delivery.language = participant.preferred_language
                    delivery.save(update_fields=["language"])
                queued += 1
        session.reminders_sent = sorted({*session.reminders_sent, minutes, *skipped})
        session.save(update_fields=["reminders_sent", "updated_at"])
        return queued


def send_due_session_reminders(now: datetime | None = None) -> int:
    """Run by beat every minute. Returns how many emails were queued."""
    now = now or timezone.now()
    horizon = now + timedelta(minutes=max(settings.MEETING_REMINDER_MINUTES, default=0) + 24 * 60)
    sessions = (
        Session.objects.filter(starts_at__gt=now, starts_at__lte=horizon)
        .exclude(lab__status=LabStatus.CLOSED)
        .order_by("starts_at")
    )
    queued = 0
    for session in sessions:
        minutes, _skipped = due_offset(session, now=now)
        if minutes is not None:
            queued += send_session_reminder(session_id=session.pk, now=now)
    return queued
