from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from participation.models import Report
from participation.permissions import can_view_report

# While a report is being prepared, htmx asks for the status this often.
POLL_SECONDS = 2


@require_GET
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    if not can_view_report(request.user, report):
        raise PermissionDenied
    template = "participation/report_detail.html#report-status" if request.htmx else "participation/report_detail.html"
    response = render(request, template, {"report": report, "poll_seconds": POLL_SECONDS})
    response["Vary"] = "HX-Request"
    return response


@require_GET
def report_download(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    if not can_view_report(request.user, report):
        raise PermissionDenied
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    filename = f"{slugify(report.title)[:80] or 'report'}.pdf"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
