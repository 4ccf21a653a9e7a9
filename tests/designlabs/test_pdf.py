"""The write-up PDF: requested from the public page, rendered by the report service, read back."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from designlabs.models import ParticipantRole
from participation.models import Report
from tests.designlabs.factories import OutputFactory

pytestmark = pytest.mark.django_db


def read_pdf(report: Report) -> tuple[PdfReader, str]:
    with report.file.open("rb") as stored:
        pdf = PdfReader(io.BytesIO(stored.read()))
    return pdf, " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def test_write_up_pdf_holds_public_outputs_and_no_personal_data(client, lab_world, django_capture_on_commit_callbacks):
    lab = lab_world["lab"]
    lab.summary_en = "Participants met three times."
    lab.next_steps_en = "Guidance follows in the spring."
    lab.write_up_published_at = timezone.now()
    lab.save()
    participant = lab_world["participant"]
    OutputFactory(session=lab_world["session"], is_public=True, text="Tell parents when AI marks work",
                  dot_count=3, author=participant.user, author_role=ParticipantRole.PUBLIC)  # fmt: skip
    OutputFactory(session=lab_world["session"], is_public=False, text="A private remark about the head teacher")
    client.force_login(lab_world["users"]["outsider"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("designlabs:write-up-pdf", kwargs={"slug": lab.slug}))

    report = Report.objects.get(kind="design_lab_write_up")
    assert response.status_code == 302
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert (report.status, report.subject_id, report.organisation) == (Report.Status.DONE, str(lab.pk), lab.department)
    pdf, text = read_pdf(report)
    assert pdf.metadata.title == f"Design Lab write-up: {lab.title_en}"
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert lab.title_en in text
    assert "Tell parents when AI marks work" in text
    assert "Participants met three times." in text
    assert "Guidance follows in the spring." in text
    assert "A private remark about the head teacher" not in text
    assert participant.name not in text
    assert participant.email not in text
    assert lab_world["session"].venue not in text


def test_write_up_pdf_is_refused_to_outsiders_before_publication_and_to_get(client, lab_world):
    client.force_login(lab_world["users"]["outsider"])
    url = reverse("designlabs:write-up-pdf", kwargs={"slug": lab_world["lab"].slug})

    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert not Report.objects.exists()
