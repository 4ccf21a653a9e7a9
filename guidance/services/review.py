"""The one review mechanism behind guidance versions and publications.

Something reviewed moves draft → in review → approved → published. Whoever started it cannot
approve it (nor, for a publication, any of its authors). An approved item is published at once or
at a set time, by a beat task. Each kind of content says, through its `ReviewFlow`, who may write
and review it, when it is ready for review, and what publishing it sets off.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance.models import Reviewed, ReviewStatus
from participation.models import NotificationKind
from participation.services.audit import record_audit
from participation.services.email import queue_email


@dataclass(frozen=True)
class ReviewFlow:
    """What one kind of reviewed content tells the review mechanism. Each hook takes the item."""

    model: type[Reviewed]
    audit_prefix: str  # "guidance.version": events are "guidance.version.submitted" and so on
    comments: str  # the related name of its ReviewComment model
    select_related: tuple[str, ...]
    can_write: callable  # (user, item) -> bool: edit a draft, send it for review, comment
    can_review: callable  # (user, item) -> bool: approve or send back; the two-person rule
    can_publish: callable  # (user) -> bool: publish or schedule an approved item
    check_ready: callable  # (item) -> None, or a ValidationError saying what is missing
    reviewers: callable  # (item) -> the users asked to review it
    email_context: callable  # (item) -> {"title": ..., "number": ..., "path": ...}
    published: callable  # (item, notify) -> None: what publishing sets off, inside the transaction

    def comment_set(self, item):
        return getattr(item, self.comments)


FLOWS: dict[type[Reviewed], ReviewFlow] = {}


def register(flow: ReviewFlow) -> ReviewFlow:
    FLOWS[flow.model] = flow
    return flow


def flow_for(item: Reviewed) -> ReviewFlow:
    return FLOWS[type(item)]


def lock(item: Reviewed) -> Reviewed:
    """The item re-read under a row lock, so two people cannot move it at once."""
    flow = flow_for(item)
    queryset = flow.model.objects.select_for_update(of=("self",))
    if flow.select_related:
        queryset = queryset.select_related(*flow.select_related)
    return queryset.get(pk=item.pk)


def require_status(item: Reviewed, *statuses: str) -> None:
    if item.status not in statuses:
        raise ValidationError(
            _("That cannot be done now: its status is %(status)s.") % {"status": item.get_status_display().lower()},
            code="wrong_status",
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _audit(item: Reviewed, actor, event: str, **kwargs) -> None:
    record_audit(actor=actor, action=f"{flow_for(item).audit_prefix}.{event}", target=item, **kwargs)


@transaction.atomic
def submit(item: Reviewed, *, by, notify: bool = True) -> Reviewed:
    """Send a draft to the reviewers. `notify=False` records it without emailing anyone (the demo
    data replays a year of history that way)."""
    flow = flow_for(item)
    _require(flow.can_write(by, item))
    item = lock(item)
    require_status(item, ReviewStatus.DRAFT)
    flow.check_ready(item)
    item.status = ReviewStatus.IN_REVIEW
    item.submitted_at = timezone.now()
    item.save()
    _audit(item, by, "submitted")
    if notify:
        context = {**flow.email_context(item), "submitted_by": str(by), "submitted_at": item.submitted_at.isoformat()}
        for reviewer in flow.reviewers(item).exclude(pk=item.created_by_id):
            queue_email(
                kind=NotificationKind.GUIDANCE_REVIEW,
                subject_key=f"review:{item.pk}:{item.submitted_at:%Y%m%d%H%M%S}",
                template="guidance/emails/review_requested",
                context=context,
                recipient=reviewer,
            )
    return item


@transaction.atomic
def add_comment(item: Reviewed, *, by, body: str) -> models.Model:
    flow = flow_for(item)
    _require(flow.can_write(by, item) or flow.can_publish(by))
    if not body.strip():
        raise ValidationError({"body": _("Enter a comment")})
    comment = flow.comment_set(item).create(author=by, body=body.strip())
    _audit(item, by, "commented")
    return comment


@transaction.atomic
def request_changes(item: Reviewed, *, by, comment: str) -> Reviewed:
    """Send an item back to draft, saying what needs to change."""
    flow = flow_for(item)
    _require(flow.can_publish(by))
    item = lock(item)
    require_status(item, ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED)
    if not flow.can_review(by, item):
        raise ValidationError(_("You wrote this, so another editor must review it"), code="two_person")
    if not comment.strip():
        raise ValidationError({"body": _("Say what needs to change")})
    flow.comment_set(item).create(author=by, body=comment.strip())
    item.status = ReviewStatus.DRAFT
    item.approved_by = None
    item.approved_at = None
    item.publish_at = None
    item.save()
    _audit(item, by, "changes_requested")
    return item


@transaction.atomic
def approve(item: Reviewed, *, by) -> Reviewed:
    flow = flow_for(item)
    _require(flow.can_publish(by))
    item = lock(item)
    require_status(item, ReviewStatus.IN_REVIEW)
    if not flow.can_review(by, item):
        raise ValidationError(_("You wrote this, so another editor must approve it"), code="two_person")
    item.status = ReviewStatus.APPROVED
    item.approved_by = by
    item.approved_at = timezone.now()
    item.save()
    _audit(item, by, "approved")
    return item


@transaction.atomic
def schedule(item: Reviewed, *, by, publish_at) -> Reviewed:
    """Publish an approved item at a set time, or now when the time is not in the future."""
    _require(flow_for(item).can_publish(by))
    item = lock(item)
    require_status(item, ReviewStatus.APPROVED)
    if publish_at is None or publish_at <= timezone.now():
        return publish_now(item, by=by)
    item.publish_at = publish_at
    item.save()
    _audit(item, by, "scheduled", changes={"publish_at": [None, publish_at.isoformat()]})
    return item


@transaction.atomic
def unschedule(item: Reviewed, *, by) -> Reviewed:
    _require(flow_for(item).can_publish(by))
    item = lock(item)
    require_status(item, ReviewStatus.APPROVED)
    item.publish_at = None
    item.save()
    _audit(item, by, "unscheduled")
    return item


@transaction.atomic
def publish_now(item: Reviewed, *, by=None, notify: bool = True) -> Reviewed:
    """Publish an approved item. `by=None` is the beat task; `notify=False` emails no one."""
    item = lock(item)
    require_status(item, ReviewStatus.APPROVED)
    item.status = ReviewStatus.PUBLISHED
    item.published_at = timezone.now()
    item.published_by = by
    item.publish_at = None
    item.save()
    _audit(item, by, "published")
    flow_for(item).published(item, notify)
    return item


def publish_due(*, now=None) -> int:
    """Publish every approved item whose time has come. Run by beat every minute; an item another
    worker is already publishing is skipped, so nothing is published twice."""
    now = now or timezone.now()
    published = 0
    for flow in FLOWS.values():
        while True:
            with transaction.atomic():
                item = (
                    flow.model.objects.select_for_update(skip_locked=True)
                    .filter(status=ReviewStatus.APPROVED, publish_at__lte=now)
                    .order_by("publish_at")
                    .first()
                )
                if item is None:
                    break
                # No one pressed the button: the audit log shows the system as the actor.
                publish_now(item)
                published += 1
    return published


def actions(user, item: Reviewed) -> dict:
    """Which review buttons this person sees on this item, and why the approve button is missing."""
    flow = flow_for(item)
    status = item.status
    reviewer = flow.can_publish(user)
    may_review = reviewer and flow.can_review(user, item)
    in_review = status == ReviewStatus.IN_REVIEW
    writer = flow.can_write(user, item)
    return {
        "can_edit": writer and item.is_editable,
        "can_submit": writer and status == ReviewStatus.DRAFT,
        "can_approve": in_review and may_review,
        "own_item": in_review and reviewer and not may_review,
        "can_request_changes": status in {ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED} and may_review,
        "can_publish": reviewer and status == ReviewStatus.APPROVED and item.publish_at is None,
        "can_unschedule": reviewer and status == ReviewStatus.APPROVED and item.publish_at is not None,
        "can_comment": status != ReviewStatus.PUBLISHED and (writer or reviewer),
    }
