"""Report jobs: requesting one is instant; a worker prepares the file (a PDF, or for the personal
data export a ZIP) and emails the requester."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participation.models import NotificationKind, Report
from participation.services.audit import record_audit
from participation.services.email import queue_email
from participation.services.pdf import render_pdf
from participation.services.queue import enqueue, enqueue_now

logger = logging.getLogger(__name__)

# A render that has already been started this many times was killed each time: give up.
MAX_RENDER_ATTEMPTS = 2


@dataclass(frozen=True)
class ReportKind:
    """How to prepare one kind of report, in the worker and the requester's language: a PDF from
    `template` with the context `build_context` returns, or any file `build_file` returns as
    (content, page count or None)."""

    filename_prefix: str
    template: str = ""
    build_context: Callable[[Report], dict] | None = None
    build_file: Callable[[Report], tuple[bytes, int | None]] | None = None
    extension: str = "pdf"
    content_type: str = "application/pdf"


REPORT_KINDS: dict[str, ReportKind] = {}


def register_report_kind(name: str, kind: ReportKind) -> None:
    REPORT_KINDS[name] = kind


@transaction.atomic
def request_report(*, kind: str, subject_id: str, title: str, requested_by, organisation=None) -> Report:
    """Create the job (or return the one already under way for the same request)."""
    if kind not in REPORT_KINDS:
        raise ValueError(f"Unknown report kind {kind!r}")
    in_progress = Report.objects.filter(
        kind=kind,
        subject_id=subject_id,
        requested_by=requested_by,
        status__in=[Report.Status.PENDING, Report.Status.RUNNING],
    ).first()
    if in_progress:
        return in_progress
    report = Report.objects.create(
        kind=kind,
        subject_id=subject_id,
        title=title,
        organisation=organisation,
        requested_by=requested_by,
        language=translation.get_language() or "en",
    )
    record_audit(actor=requested_by, action="participation.report.requested", target=report, organisation=organisation)
    from participation.tasks import render_report_task

    enqueue(render_report_task, report_id=str(report.pk))
    return report


def _set_progress(report: Report, status: str, progress: int) -> None:
    report.status = status
    report.progress = progress
    report.save(update_fields=["status", "progress", "started_at", "attempts", "updated_at"])


def render_report(*, report: Report) -> Report:
    if report.is_finished:
        return report
    report.attempts += 1
    report.started_at = report.started_at or timezone.now()
    if report.attempts > MAX_RENDER_ATTEMPTS:
        return _fail(report, _("The report took too long to prepare."))
    _set_progress(report, Report.Status.RUNNING, 10)
    kind = REPORT_KINDS[report.kind]
    try:
        with translation.override(report.language):
            if kind.build_file is not None:
                content, pages = kind.build_file(report)
            else:
                context = kind.build_context(report)
                _set_progress(report, Report.Status.RUNNING, 40)
                content, pages = render_pdf(template=kind.template, context=context, language=report.language)
    except SoftTimeLimitExceeded:
        return _fail(report, _("The report took too long to prepare."))
    except Exception:
        logger.exception("Report %s failed to render", report.pk)
        return _fail(report, _("Something went wrong while preparing the report."))
    filename = f"{kind.filename_prefix}-{timezone.localdate():%Y-%m-%d}-{str(report.pk)[:8]}.{kind.extension}"
    with transaction.atomic():
        report.file.save(filename, ContentFile(content), save=False)
        report.page_count = pages
        report.status = Report.Status.DONE
        report.progress = 100
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "page_count", "status", "progress", "finished_at", "updated_at"])
        if report.requested_by:
            queue_email(
                kind=NotificationKind.REPORT_READY,
                subject_key=f"report:{report.pk}",
                template="participation/emails/report_ready",
                context={"title": report.title, "path": report.get_absolute_url(), "pages": pages},
                recipient=report.requested_by,
            )
    return report


def _fail(report: Report, message) -> Report:
    report.status = Report.Status.FAILED
    report.error = str(message)
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at", "attempts", "started_at", "updated_at"])
    return report


def delete_expired_reports(*, now) -> int:
    expired = Report.objects.filter(created_at__lt=now - timedelta(days=settings.REPORT_RETENTION_DAYS))
    count = 0
    for report in expired.iterator():
        report.file.delete(save=False)
        report.delete()
        count += 1
    return count


# Pending this long means the broker never got the job; running this long (past the task's hard
# time limit) means the worker died with it. Either way the database still has it: queue it again.
STALLED_PENDING_AFTER = timedelta(minutes=2)
STALLED_RUNNING_AFTER = timedelta(minutes=5)


def requeue_stalled_reports(*, now) -> int:
    from participation.tasks import render_report_task

    stalled = Report.objects.filter(
        Q(status=Report.Status.PENDING, updated_at__lt=now - STALLED_PENDING_AFTER)
        | Q(status=Report.Status.RUNNING, updated_at__lt=now - STALLED_RUNNING_AFTER)
    ).values_list("pk", flat=True)
    return sum(enqueue_now(render_report_task, report_id=str(pk)) for pk in stalled)
