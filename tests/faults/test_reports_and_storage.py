"""A PDF render past its time limit (QUALITY.md F12) with a real worker, and media storage that
cannot be written during an upload (F14) on a real filesystem made read-only or full."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from participation.models import EvidenceFile, Report
from participation.services.audit import record_audit
from participation.services.reports import request_report
from participation.tasks import render_report_task
from tests.participation.engagement.factories import ActivityFactory
from tests.support.worker import CeleryWorker, wait_until


def test_a_report_past_its_time_limit_is_marked_failed_and_the_worker_serves_on(
    organisation, org_admin, smtp_sink, tmp_path, monkeypatch, transactional_db
):
    """F12: a one-second limit and an audit summary of 500 events (many pages of table, about 10 s)."""
    for number in range(500):
        record_audit(
            actor=org_admin, action=f"participation.thing.{number}", target=organisation, organisation=organisation
        )
    # The limits travel in the task message, set by whoever sends it: this process and the worker
    # must both think the limit is one second.
    monkeypatch.setenv("REPORT_TIME_LIMIT", "1")
    monkeypatch.setattr(render_report_task, "soft_time_limit", 1)
    monkeypatch.setattr(render_report_task, "time_limit", 31)
    from participation.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    worker = CeleryWorker(smtp_port=smtp_sink.port, log_path=tmp_path / "worker.log").start()
    try:
        slow = request_report(
            kind="organisation_audit_summary",
            subject_id=str(organisation.pk),
            title="Audit summary: slow",
            requested_by=org_admin,
            organisation=organisation,
        )
        wait_until(lambda: Report.objects.get(pk=slow.pk).is_finished, timeout=60, what="the render to stop")
        slow.refresh_from_db()
        assert (slow.status, slow.error) == (Report.Status.FAILED, "The report took too long to prepare.")
        assert not slow.file

        browser = Client()
        browser.force_login(org_admin)
        page = browser.get(reverse("report-detail", kwargs={"pk": slow.pk}))
        assert page.status_code == 200
        assert "The report took too long to prepare." in page.content.decode()

        # The worker lives on: the next task (the report-ready email of another job) is served.
        from participation.models import NotificationKind
        from participation.services.email import queue_email

        queue_email(
            kind=NotificationKind.REPORT_READY,
            subject_key="after-the-limit",
            template="participation/emails/report_ready",
            context={"title": "Next", "path": "/", "pages": 1},
            recipient=org_admin,
        )
        wait_until(smtp_sink.received, timeout=30, what="the next task to be served")
        assert [message["Subject"] for message in smtp_sink.received()] == ["Your report is ready: Next"]
        assert worker.process.poll() is None
        assert (
            "SoftTimeLimitExceeded" in worker.log_path.read_text()
            or "soft time limit" in worker.log_path.read_text().lower()
        )
    finally:
        worker.stop()
        celery_app.conf.task_always_eager = True


PDF = b"%PDF-1.7\n" + b"0" * 600_000 + b"\n%%EOF\n"


@pytest.fixture
def storage(media_mount):
    """The media filesystem, empty and writable again after the test."""
    yield media_mount
    subprocess.run(["mount", "-o", "remount,rw", str(media_mount)], check=True, timeout=10)
    subprocess.run(["find", str(media_mount), "-mindepth", "1", "-delete"], check=True, timeout=10)


def files_under(path) -> list[str]:
    return sorted(str(found.relative_to(path)) for found in path.rglob("*") if found.is_file())


def upload(editor, activity):
    browser = Client()
    browser.force_login(editor)
    return browser.post(
        reverse("staff:evidence-upload", kwargs={"slug": activity.slug}),
        {"title": "Workshop notes", "file": SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf")},
    )


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_an_upload_to_unwritable_storage_says_so_and_leaves_nothing(fault, storage, editor, organisation, db):
    """F14: the media filesystem is remounted read-only, or has less room left than the file."""
    activity = ActivityFactory(organisation=organisation)
    if fault == "read-only":
        subprocess.run(["mount", "-o", "remount,ro", str(storage)], check=True, timeout=10)
    else:
        (storage / "evidence").mkdir()
        filler = storage / "filler"
        subprocess.run(
            ["dd", "if=/dev/zero", f"of={filler}", "bs=64k", "count=27"], check=True, timeout=10, capture_output=True
        )  # 1.7 of 2 MB

    response = upload(editor, activity)

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "The file could not be stored. Try again later." in content
    assert not EvidenceFile.objects.exists()
    assert files_under(storage) == ([] if fault == "read-only" else ["filler"])
