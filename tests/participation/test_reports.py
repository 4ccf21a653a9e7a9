import io
import os
from datetime import timedelta
from unittest import mock

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from participation.models import AuditEvent, Report
from participation.services.audit import record_audit
from participation.services.reports import (
    delete_expired_reports,
    render_report,
    request_report,
    requeue_stalled_reports,
)


def request_audit_summary(organisation, user):
    return request_report(
        kind="organisation_audit_summary",
        subject_id=str(organisation.pk),
        title=f"Audit summary: {organisation.name_en}",
        requested_by=user,
        organisation=organisation,
    )


def test_audit_summary_pdf_holds_the_organisations_events(
    organisation, other_organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    record_audit(actor=org_admin, action="participation.thing.created", target=organisation, organisation=organisation)
    record_audit(
        actor=org_admin, action="participation.elsewhere.x", target=other_organisation, organisation=other_organisation
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = request_audit_summary(organisation, org_admin)

    report.refresh_from_db()
    assert (report.status, report.progress) == (Report.Status.DONE, 100)
    with report.file.open("rb") as stored:
        pdf = PdfReader(io.BytesIO(stored.read()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Department for Science, Innovation and Technology" in text
    assert "participation.thing.created" in text
    assert "Report requested" in text
    assert "participation.elsewhere.x" not in text
    assert report.page_count == len(pdf.pages) >= 2
    assert pdf.metadata.title == f"Audit summary: {organisation.name_en}"
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert mailoutbox[0].subject == f"Your report is ready: Audit summary: {organisation.name_en}"


def test_requesting_a_report_twice_while_it_is_prepared_returns_the_same_job(organisation, org_admin):
    first = request_audit_summary(organisation, org_admin)
    second = request_audit_summary(organisation, org_admin)

    assert first.pk == second.pk
    assert AuditEvent.objects.filter(action="participation.report.requested").count() == 1


def test_a_render_past_its_time_limit_marks_the_job_failed(organisation, org_admin):
    report = request_audit_summary(organisation, org_admin)

    with mock.patch("participation.services.reports.render_pdf", side_effect=SoftTimeLimitExceeded()):
        render_report(report=report)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "The report took too long to prepare."
    assert not report.file


def test_a_render_killed_repeatedly_is_given_up(organisation, org_admin):
    report = request_audit_summary(organisation, org_admin)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, attempts=2)
    report.refresh_from_db()

    render_report(report=report)

    assert Report.objects.get(pk=report.pk).status == Report.Status.FAILED


def test_stalled_report_jobs_are_queued_again(organisation, org_admin, other_organisation):
    now = timezone.now()
    lost = request_audit_summary(organisation, org_admin)
    request_audit_summary(other_organisation, org_admin)  # requested just now: not stalled
    Report.objects.filter(pk=lost.pk).update(updated_at=now - timedelta(minutes=3))

    with mock.patch("participation.services.reports.enqueue_now", return_value=True) as enqueue_now:
        queued = requeue_stalled_reports(now=now)

    assert queued == 1
    assert [call.kwargs["report_id"] for call in enqueue_now.call_args_list] == [str(lost.pk)]


def test_expired_reports_and_their_files_are_deleted(organisation, org_admin, settings):
    report = request_audit_summary(organisation, org_admin)
    report.file.save("old.pdf", ContentFile(b"%PDF-1.7"), save=True)
    path = report.file.path

    deleted = delete_expired_reports(now=timezone.now() + timedelta(days=settings.REPORT_RETENTION_DAYS + 1))

    assert deleted == 1
    assert not Report.objects.filter(pk=report.pk).exists()

    assert not os.path.exists(path)
