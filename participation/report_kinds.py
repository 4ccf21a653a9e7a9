"""The report kinds this app renders; other apps register theirs in their AppConfig.ready()."""

from django.db.models import Count
from django.utils import timezone

from participation.models import AuditEvent, Organisation, Report
from participation.services.reports import ReportKind, register_report_kind

AUDIT_SUMMARY_EVENTS = 500


def build_audit_summary(report: Report) -> dict:
    organisation = Organisation.objects.get(pk=report.subject_id)
    events = AuditEvent.objects.for_organisation(organisation)
    recent = list(events.select_related("actor")[:AUDIT_SUMMARY_EVENTS])
    return {
        "title": report.title,
        "organisation": organisation,
        "generated_at": timezone.localtime(),
        "total": events.count(),
        "counts": events.order_by().values("action").annotate(count=Count("id")).order_by("-count", "action"),
        "events": recent,
        "shown": len(recent),
    }


def register() -> None:
    register_report_kind(
        "organisation_audit_summary",
        ReportKind(
            template="participation/pdf/audit_summary.html",
            build_context=build_audit_summary,
            filename_prefix="audit-summary",
        ),
    )
