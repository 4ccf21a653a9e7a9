from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from participation.models import Report
from participation.permissions import can_view_report
from participation.services.reports import REPORT_KINDS

# While a report is being prepared, htmx asks for the status this often.
POLL_SECONDS = 2


@require_GET
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    if not can_view_report(request.user, report):
        raise PermissionDenied
    template = "participation/report_detail.html#report-status" if request.htmx else "participation/report_detail.html"
    context = {"report": report, "kind": REPORT_KINDS[report.kind], "poll_seconds": POLL_SECONDS}
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def report_download(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    if not can_view_report(request.user, report):
        raise PermissionDenied
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    kind = REPORT_KINDS[report.kind]
    filename = f"{slugify(report.title)[:80] or 'report'}.{kind.extension}"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=filename, content_type=kind.content_type)
