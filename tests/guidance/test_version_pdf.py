"""A published version as a PDF: rendered once per language, then served from storage."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from guidance.models import VersionPDF
from guidance.services import pdfs
from guidance.services.rendering import forget_glossary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forget_glossary()


def pdf_url(document, language="en") -> str:
    url = reverse("guidance:version-pdf", args=[document.slug, document.current_version.number])
    return f"/cy{url}" if language == "cy" else url


def pdf_text(pdf: VersionPDF) -> str:
    with pdf.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_render_version_pdf_renders_once(guidance_document):
    pdf = pdfs.request_version_pdf(version=guidance_document.current_version, language="en")

    assert pdfs.render_stored_pdf(kind="version", pdf_id=pdf.pk) == "done"
    assert pdfs.render_stored_pdf(kind="version", pdf_id=pdf.pk) == "skipped"

    pdf.refresh_from_db()
    assert pdf.status == VersionPDF.Status.DONE
    assert pdf.attempts == 1
    assert pdf.page_count >= 2
    text = pdf_text(pdf)
    assert "Public participation in procurement of data and AI systems" in " ".join(text.split())
    assert "Planning engagement" in text
    assert "Version 1.0" in text
    assert "Open Government Licence" in text


def test_welsh_pdf_has_the_welsh_text(guidance_document):
    pdf = pdfs.request_version_pdf(version=guidance_document.current_version, language="cy")

    assert pdfs.render_stored_pdf(kind="version", pdf_id=pdf.pk) == "done"

    pdf.refresh_from_db()
    text = pdf_text(pdf)
    assert "Cynllunio ymgysylltu" in text
    assert "systemau data ac AI" in text


def test_pdf_page_says_it_is_being_prepared_then_serves_the_file(client, guidance_document):
    url = pdf_url(guidance_document)

    # Celery's on-commit hand-off does not run inside the test transaction: the render stays pending.
    waiting = client.get(url)
    assert waiting.status_code == 200
    assert "Your PDF is being prepared" in waiting.text
    assert f'hx-get="{url}" hx-trigger="every 2s"' in waiting.text
    assert "HX-Request" in waiting["Vary"]

    pdf = VersionPDF.objects.get(version=guidance_document.current_version, language="en")
    pdfs.render_stored_pdf(kind="version", pdf_id=pdf.pk)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="pdf-status"')
    assert "Your PDF is ready" in fragment.text
    assert "hx-get" not in fragment.text

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{guidance_document.slug}-1.0-en.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert VersionPDF.objects.count() == 1


def test_pdf_page_in_welsh_asks_for_the_welsh_pdf(client, guidance_document):
    client.get(pdf_url(guidance_document, "cy"))

    assert list(VersionPDF.objects.values_list("language", flat=True)) == ["cy"]


def test_pdf_page_says_when_the_pdf_failed(client, guidance_document):
    VersionPDF.objects.create(
        version=guidance_document.current_version, language="en", status=VersionPDF.Status.FAILED, attempts=3
    )

    response = client.get(pdf_url(guidance_document))

    assert response.status_code == 200
    assert "The PDF could not be prepared" in response.text
    assert "hx-get" not in response.text


def test_pdf_of_a_draft_version_is_not_found(client, guidance_document, guidance_editor):
    from guidance.services import workflow

    workflow.start_draft(document=guidance_document, created_by=guidance_editor)

    response = client.get(reverse("guidance:version-pdf", args=[guidance_document.slug, "2.0"]))

    assert response.status_code == 404
    assert VersionPDF.objects.count() == 0


def test_version_pdf_renders_through_the_shared_task(guidance_document):
    from guidance.tasks import render_pdf_task

    pdf = pdfs.request_version_pdf(version=guidance_document.current_version, language="en")

    assert render_pdf_task.run(kind="version", pdf_id=pdf.pk) == "done"
    assert render_pdf_task.run(kind="version", pdf_id=pdf.pk) == "skipped"
    pdf.refresh_from_db()
    assert pdf.file.name.endswith(f"{guidance_document.slug}-1.0-en.pdf")
