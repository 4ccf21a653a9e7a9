import io
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from participation.models import Report
from participation.models.vocabularies import Method, ResponseStatus
from participation.report_kinds import build_organisation_annual
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Welsh (a /cy/ page, or a persona who prefers Welsh) leaves Welsh active on this
    thread; put English back so later tests start from the default."""
    yield
    translation.activate("en")


@pytest.fixture
def evidenced_project(organisation):
    project = ProjectFactory(organisation=organisation, published=True, title_en="AI marking assistant for schools")
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        published=True,
        title_en="Deliberative workshop with teachers",
        methods=[Method.DELIBERATIVE_WORKSHOP, Method.FOCUS_GROUP],
        actual_start=date(2026, 2, 3),
        findings_en="Teachers want **control** of every mark.",
        findings_reported_on=date(2026, 3, 1),
    )
    ParticipantGroupFactory(activity=activity, label="Teachers", took_part_count=24)
    ParticipantGroupFactory(activity=activity, label="Special educational needs coordinators", took_part_count=3)
    RecommendationFactory(
        activity=activity,
        reference="R1",
        text_en="Teachers must always be able to override the suggested mark.",
        response_status=ResponseStatus.ACCEPTED,
        action_en="The override is on every screen.",
        responded_at=datetime(2026, 3, 11, 12, tzinfo=UTC),
    )
    RecommendationFactory(
        activity=activity, reference="R2", text_en="Test for dialect bias.", due_on=date.today() - timedelta(days=3)
    )
    draft = ActivityFactory(organisation=organisation, projects=[project], title_en="Draft focus group in planning")
    return project, activity, draft


def read_pdf(report: Report) -> tuple[PdfReader, str]:
    with report.file.open("rb") as stored:
        pdf = PdfReader(io.BytesIO(stored.read()))
    return pdf, " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def test_evidence_report_request_renders_a_tagged_pdf_with_the_recorded_data(
    client, outsider, evidenced_project, django_capture_on_commit_callbacks, tmp_path
):
    project, activity, draft = evidenced_project
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:project-report-request", kwargs={"slug": project.slug}))

    report = Report.objects.get(kind="project_evidence")
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert (report.status, report.subject_id, report.requested_by) == (Report.Status.DONE, str(project.pk), outsider)
    pdf, text = read_pdf(report)
    assert "AI marking assistant for schools" in text
    assert "Deliberative workshop with teachers" in text
    assert "Teachers must always be able to override the suggested mark." in text
    assert "The override is on every screen." in text
    assert "fewer than 5" in text
    assert "Overdue" in text
    assert "You said, we did: responses to recommendations" in text
    assert "Past their due date and not done 1" in text
    assert "Deliberative workshop or dialogue, Focus group" in text
    # An outsider sees published activities only.
    assert "Draft focus group in planning" not in text
    assert pdf.metadata.title == "Evidence report: AI marking assistant for schools"
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    # The chart's text alternative: the data table beside it.
    assert "Activities at each participation level (the data in the chart)" in text
    pdf_path = tmp_path / "report.pdf"
    with report.file.open("rb") as stored:
        pdf_path.write_bytes(stored.read())
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", pdf_path, tmp_path / "page"], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_evidence_report_for_a_member_includes_the_organisations_drafts(
    member, evidenced_project, django_capture_on_commit_callbacks, client
):
    project, _activity, _draft = evidenced_project
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboards:project-report-request", kwargs={"slug": project.slug}))

    _pdf, text = read_pdf(Report.objects.get(kind="project_evidence"))
    assert "Draft focus group in planning" in text


def test_evidence_report_of_another_organisations_draft_project_is_not_found(client, other_org_admin, organisation):
    draft = ProjectFactory(organisation=organisation)
    client.force_login(other_org_admin)

    response = client.post(reverse("dashboards:project-report-request", kwargs={"slug": draft.slug}))

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_evidence_report_request_refuses_get(client, outsider, evidenced_project):
    project, _activity, _draft = evidenced_project
    client.force_login(outsider)

    response = client.get(reverse("dashboards:project-report-request", kwargs={"slug": project.slug}))

    assert response.status_code == 405
    assert not Report.objects.exists()


def test_annual_report_holds_the_years_published_activities(
    client, outsider, organisation, evidenced_project, django_capture_on_commit_callbacks
):
    ActivityFactory(
        organisation=organisation, published=True, title_en="Survey from 2024", actual_start=date(2024, 5, 1)
    )
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboards:organisation-report-request", kwargs={"slug": organisation.slug}), {"year": "2026"}
        )

    report = Report.objects.get(kind="organisation_annual")
    assert response.url == report.get_absolute_url()
    assert report.subject_id == f"{organisation.pk}:2026"
    pdf, text = read_pdf(report)
    assert "Annual engagement report 2026" in text
    assert "Deliberative workshop with teachers" in text
    assert "Survey from 2024" not in text
    assert "Draft focus group in planning" not in text
    assert "Activities using each method (the data in the chart)" in text
    assert "/StructTreeRoot" in pdf.trailer["/Root"]


def test_annual_report_year_outside_the_offered_range_falls_back_to_this_year(client, outsider, organisation):
    client.force_login(outsider)

    client.post(reverse("dashboards:organisation-report-request", kwargs={"slug": organisation.slug}), {"year": "1066"})

    assert Report.objects.get().subject_id == f"{organisation.pk}:{date.today().year}"


@pytest.mark.parametrize("count", [1, 5])
def test_annual_report_queries_do_not_grow_with_activities(organisation, outsider, count, django_assert_num_queries):
    for _ in range(count):
        activity = ActivityFactory(
            organisation=organisation, published=True, actual_start=date(2026, 5, 1), methods=[Method.SURVEY]
        )
        ParticipantGroupFactory(activity=activity, took_part_count=12)
        RecommendationFactory(activity=activity, response_status=ResponseStatus.ACCEPTED)
    report = Report(
        kind="organisation_annual", subject_id=f"{organisation.pk}:2026", title="Annual", requested_by=outsider
    )

    # 1 the organisation, 2 annex rows with their counts, 3 methods, 4 projects, 5-9 the figures.
    with django_assert_num_queries(9):
        context = build_organisation_annual(report)

    assert len(context["rows"]) == count
    assert (context["rows"][0].people, context["rows"][0].recommendation_count) == (12, 1)
