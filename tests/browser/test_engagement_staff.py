"""An editor registers a project, logs an activity through the task list, records who took part
and a "you said, we did" response, publishes it, and downloads the evidence report a real worker
renders. axe runs on every page on the way."""

import pytest
from pypdf import PdfReader

from participation.models import Activity, Project, Report
from tests.browser.conftest import navigate, screenshot, sign_in, visit
from tests.participation.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def submit(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("button", name=label, exact=True).click())


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


def test_editor_logs_and_publishes_an_activity(page, editor, totp, celery_worker, tmp_path):
    sign_in(page, email=editor.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)

    visit(page, "/manage/")
    assert "No projects yet" in page.content()
    follow(page, "Register a project")
    submit(page, "Create project")
    assert page.title().startswith("Error:")
    screenshot(page, "staff-project-form-errors")
    page.fill("#id_title_en", "AI marking assistant for schools")
    page.fill("#id_summary_en", "Suggests marks for written work, for teachers to check.")
    page.check("#id_project_type_0")
    page.check("#id_lifecycle_phase_2")
    page.fill("#id_decisions_open_en", "Which schools pilot it, and how teachers can override marks.")
    page.locator("main").get_by_label("Involve", exact=True).check()
    submit(page, "Create project")
    project = Project.objects.get()
    assert page.url.endswith(f"/manage/projects/{project.slug}/")
    follow(page, "Publish the project")
    submit(page, "Publish")
    project.refresh_from_db()
    assert project.is_published

    follow(page, "Log an activity")
    page.fill("#id_title_en", "Teachers’ and parents’ workshop")
    page.fill("#id_summary_en", "Three workshops on AI marking.")
    submit(page, "Create activity")
    activity = Activity.objects.get()
    assert page.locator(".govuk-task-list__status", has_text="Not yet started").count() == 4
    screenshot(page, "staff-task-list-new")

    follow(page, "Check your answers and publish")
    submit(page, "Publish")
    assert "You cannot publish yet" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "staff-publish-refused")
    navigate(page, lambda: page.locator(".govuk-breadcrumbs").get_by_role("link", name=activity.title_en).click())

    follow(page, "Plan the activity")
    page.fill("#id_purpose", "Test whether AI-suggested marks are acceptable.")
    page.fill("#id_decisions_informed", "Whether the tool goes to a public beta.")
    page.check("#id_lifecycle_stage_2")
    page.locator("main").get_by_label("Deliberative workshop or dialogue").check()
    page.locator("main").get_by_label("Consult", exact=True).check()
    submit(page, "Save and return to the task list")

    follow(page, "Run the activity")
    page.locator("main").get_by_label("Completed", exact=True).check()
    page.locator("main").get_by_label("In person", exact=True).check()
    page.fill("#id_actual_start_0", "12")
    page.fill("#id_actual_start_1", "3")
    page.fill("#id_actual_start_2", "2026")
    submit(page, "Save and return to the task list")

    follow(page, "Add a participant group")
    page.fill("#id_label", "Parents of school-age children")
    page.check("#id_representation_type_0")
    page.check("#id_recruitment_1")
    page.fill("#id_took_part_count", "24")
    submit(page, "Save participant group")

    follow(page, "Report who took part and what they said")
    page.fill("#id_findings_en", "Teachers must always be able to override a suggested mark.")
    page.locator("main").get_by_label("Involve", exact=True).check()
    submit(page, "Save and return to the task list")

    follow(page, "Add a recommendation")
    page.fill("#id_text_en", "Let teachers override every suggested mark.")
    submit(page, "Add recommendation")
    follow(page, "Respond to R1")
    page.locator("main").get_by_label("Accepted", exact=True).check()
    page.fill("#id_action_en", "Added an override button to every mark.")
    submit(page, "Save response")
    assert page.locator(".govuk-task-list__status", has_text="Completed").count() == 3
    screenshot(page, "staff-task-list-done")

    follow(page, "Check your answers and publish")
    screenshot(page, "staff-check-answers")
    submit(page, "Publish")

    activity.refresh_from_db()
    assert activity.is_published
    assert activity.recommendations.get().response_status == "accepted"
    assert "Published" in page.locator("main").inner_text()

    visit(page, "/manage/")
    assert page.locator("main .govuk-tag", has_text="Published").count() == 2
    screenshot(page, "staff-record-list")

    # The evidence report, from the public project page, rendered by the real worker.
    visit(page, project.get_absolute_url())
    submit(page, "Get the evidence report (PDF)")
    report = Report.objects.get(requested_by=editor, kind="project_evidence")
    download_link = page.locator(f"#report-status a[href='/reports/{report.pk}/download/']")
    download_link.wait_for(state="visible", timeout=90_000)
    with page.expect_download() as download_info:
        download_link.click()
    pdf_path = tmp_path / "evidence.pdf"
    download_info.value.save_as(pdf_path)
    text = " ".join(" ".join(pdf_page.extract_text() for pdf_page in PdfReader(pdf_path).pages).split())
    assert "AI marking assistant for schools" in text
    assert activity.title_en in text
    assert "Added an override button to every mark." in text
