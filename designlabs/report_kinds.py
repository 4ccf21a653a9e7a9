"""The Design Lab write-up as a PDF report, rendered by the shared report service (a worker)."""

from django.utils import timezone

from designlabs.models import Lab
from designlabs.services.writeup import taking_part, write_up_context
from participation.models import Report
from participation.services.reports import ReportKind, register_report_kind

WRITE_UP_KIND = "design_lab_write_up"


def build_write_up(report: Report) -> dict:
    """Only what the public page may show: participants in aggregate, public outputs unattributed
    (not even by role under the Chatham House rule), no venues or links."""
    lab = Lab.objects.select_related("department").get(pk=report.subject_id)
    return {
        "title": report.title,
        "lab": lab,
        "partners": list(lab.partners.order_by("name_en")),
        "sessions": list(lab.sessions.all()),
        "taking_part": taking_part(lab),
        "generated_at": timezone.localtime(),
        **write_up_context(lab),
    }


def register() -> None:
    register_report_kind(
        WRITE_UP_KIND,
        ReportKind(
            template="designlabs/pdf/write_up.html",
            build_context=build_write_up,
            filename_prefix="design-lab-write-up",
        ),
    )
