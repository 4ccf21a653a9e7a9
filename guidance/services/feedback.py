"""What pilots told us and what we did about it: triage, and the loop from feedback to change note."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance.models import GuidanceVersion, PilotFeedback, TriageStatus
from guidance.permissions import can_triage_feedback
from participation.models import NotificationKind
from participation.services.audit import changed_fields, record_audit
from participation.services.email import queue_email


def _notify_submitter(feedback: PilotFeedback, version: GuidanceVersion) -> None:
    if feedback.submitted_by is None or not feedback.submitted_by.is_active:
        return
    queue_email(
        kind=NotificationKind.FEEDBACK_ADDRESSED,
        subject_key=f"feedback-addressed:{feedback.pk}",
        template="guidance/emails/feedback_addressed",
        context={
            "document_title": version.document.title_en,
            "document_title_cy": version.document.title_cy,
            "number": version.number,
            "feedback_text": feedback.text[:500],
            "response": feedback.response,
            "path": version.get_absolute_url(),
        },
        recipient=feedback.submitted_by,
    )


def mark_addressed(*, version: GuidanceVersion, notify: bool = True) -> int:
    """On publication: every feedback item the version answers becomes addressed, and whoever
    gave it is told (once, whatever happens to the task)."""
    items = list(version.addressed_feedback.exclude(status=TriageStatus.ADDRESSED).select_related("submitted_by"))
    now = timezone.now()
    for feedback in items:
        feedback.status = TriageStatus.ADDRESSED
        feedback.triaged_at = feedback.triaged_at or now
        feedback.save(update_fields=["status", "triaged_at", "updated_at"])
        if notify:
            _notify_submitter(feedback, version)
    return len(items)


@transaction.atomic
def triage(
    *,
    feedback: PilotFeedback,
    triaged_by,
    status: str,
    response: str,
    addressed_in: GuidanceVersion | None = None,
    notify: bool = True,
) -> PilotFeedback:
    """Record the editors' decision. Feedback becomes "addressed" only when the version that
    answers it is published; choosing an unpublished version links it to that draft instead."""
    if not can_triage_feedback(triaged_by):
        raise PermissionDenied
    feedback = PilotFeedback.objects.select_for_update().select_related("version__document").get(pk=feedback.pk)
    if addressed_in is not None and addressed_in.document_id != feedback.version.document_id:
        raise ValidationError({"addressed_in": _("Choose a version of the same guidance")})
    if status == TriageStatus.ADDRESSED and (addressed_in is None or not addressed_in.is_published):
        raise ValidationError(
            {"addressed_in": _("Choose the published version that addresses it, or link it to the draft instead")}
        )
    if status == TriageStatus.DECLINED and not response.strip():
        raise ValidationError({"response": _("Say why it was declined: the person who gave it will see this")})
    values = {"status": status, "response": response.strip(), "addressed_in": addressed_in}
    changes = changed_fields(feedback, values)
    was_addressed = feedback.status == TriageStatus.ADDRESSED
    for name, value in values.items():
        setattr(feedback, name, value)
    feedback.triaged_by = triaged_by
    feedback.triaged_at = timezone.now()
    feedback.save()
    record_audit(actor=triaged_by, action="guidance.feedback.triaged", target=feedback, changes=changes)
    if notify and status == TriageStatus.ADDRESSED and not was_addressed:
        _notify_submitter(feedback, addressed_in)
    return feedback
