"""Removing participants' personal data on each lab's retention date. What stays: roles, invitation
and payment status, attendance, consent dates, outputs (unattributed but with the author's role) and
dots (counted, but no longer whose). The lab's invitation and reminder emails go from the outbox,
since each holds an address. One transaction and one audit event per lab."""

import datetime
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from designlabs.models import Dot, Lab, Output, Participant
from designlabs.services.participants import INVITATION_EMAIL_KIND
from participation.models import EmailDelivery, NotificationKind
from participation.services.audit import record_audit

BLANKED = {
    "email": "",
    "name": "",
    "token_hash": "",
    "access_needs": "",
    "adjustments": "",
    "dietary_notes": "",
    "honorarium": None,
    "expenses": None,
    "user": None,
}


def _lab_emails(lab: Lab):
    """The outbox rows about this lab's people: invitations (keyed by participant) and session reminders."""
    participants = lab.participants.values_list("pk", flat=True)
    keys = [Q(kind=INVITATION_EMAIL_KIND, subject_key__startswith=f"invitation:{pk}:") for pk in participants]
    keys += [
        Q(kind=NotificationKind.LAB_REMINDERS, subject_key__startswith=f"lab-session:{pk}:")
        for pk in lab.sessions.values_list("pk", flat=True)
    ]
    return EmailDelivery.objects.filter(reduce(or_, keys)) if keys else EmailDelivery.objects.none()


def labs_due(today: datetime.date):
    return Lab.objects.filter(retention_date__lte=today, personal_data_removed_at__isnull=True)


def remove_lab_personal_data(*, lab_id) -> dict | None:
    """Returns the counts, or None when the lab is gone or already done (another run got there)."""
    with transaction.atomic():
        lab = (
            Lab.objects.select_for_update()
            .select_related("department")
            .filter(pk=lab_id, personal_data_removed_at__isnull=True)
            .first()
        )
        if lab is None:
            return None
        now = timezone.now()
        emails = _lab_emails(lab)
        counts = {
            "emails": emails.delete()[0],
            "participants": Participant.objects.filter(lab=lab).update(**BLANKED, anonymised_at=now, updated_at=now),
            "dots": Dot.objects.filter(lab=lab, user__isnull=False).update(user=None),
            "outputs": Output.objects.filter(lab=lab, author__isnull=False).update(author=None),
        }
        lab.personal_data_removed_at = now
        lab.save(update_fields=["personal_data_removed_at", "updated_at"])
        record_audit(
            actor=None,
            action="designlabs.lab.personal_data_removed",
            target=lab,
            organisation=lab.department,
            changes={name: [None, str(count)] for name, count in counts.items()},
        )
        return counts


def remove_expired_personal_data(today: datetime.date | None = None) -> int:
    """Run daily by beat. Returns how many labs had their personal data removed."""
    today = today or timezone.localdate()
    done = 0
    for lab_id in labs_due(today).order_by("retention_date").values_list("pk", flat=True):
        if remove_lab_personal_data(lab_id=lab_id) is not None:
            done += 1
    return done
