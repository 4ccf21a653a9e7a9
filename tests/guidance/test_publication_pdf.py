"""A consultation response as a PDF: requested when it is published, rendered once per language by a
worker through the same stored-PDF mechanism as guidance versions, then served from storage."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from guidance.models import PublicationPDF
from guidance.services import pdfs, publications, review
from guidance.tasks import render_pdf_task
from tests.guidance.factories import draft_publication, published_publication
from tests.participation.test_markdown import XSS_VECTORS

pytestmark = pytest.mark.django_db

CONSULTATION = {
    "kind": "consultation_response",
    "title_en": "Our response on public sector data sharing",
    "title_cy": "Ein hymateb ar rannu data yn y sector cyhoeddus",
    "consultation_title": "Data sharing in the public sector",
    "consultation_department": "Cabinet Office",
    "consultation_url": "https://www.gov.uk/consultations/data-sharing",
    "consultation_closes_on": datetime.date(2026, 2, 28),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def publish_response(editor, reviewer, **overrides):
    return published_publication(editor=editor, reviewer=reviewer, **{**CONSULTATION, **overrides})


def pdf_text(pdf: PublicationPDF) -> str:
    with pdf.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_url(publication, language="en") -> str:
    url = reverse("publications:pdf", args=[publication.slug])
    return f"/cy{url}" if language == "cy" else url


def test_publishing_a_consultation_response_requests_its_pdfs(
    guidance_editor, guidance_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        publication = publish_response(guidance_editor, guidance_reviewer)

    assert sorted(PublicationPDF.objects.filter(publication=publication).values_list("language", "status")) == [
        ("cy", "pending"),
        ("en", "pending"),
    ]
    # Each render is handed to the worker once the publication commits (beside the audit hooks).
    assert len(callbacks) >= 2


def test_english_only_response_requests_only_the_english_pdf(guidance_editor, guidance_reviewer):
    publication = publish_response(guidance_editor, guidance_reviewer, title_cy="", summary_cy="", body_cy="")

    assert list(PublicationPDF.objects.filter(publication=publication).values_list("language", flat=True)) == ["en"]


def test_other_kinds_request_no_pdf(guidance_editor, guidance_reviewer):
    published_publication(editor=guidance_editor, reviewer=guidance_reviewer)

    assert PublicationPDF.objects.count() == 0


def test_render_through_the_service_and_the_task(guidance_editor, guidance_reviewer):
    publication = publish_response(guidance_editor, guidance_reviewer)
    english = PublicationPDF.objects.get(publication=publication, language="en")
    welsh = PublicationPDF.objects.get(publication=publication, language="cy")

    assert pdfs.render_stored_pdf(kind="publication", pdf_id=english.pk) == "done"
    assert render_pdf_task.run(kind="publication", pdf_id=welsh.pk) == "done"
    assert render_pdf_task.run(kind="publication", pdf_id=welsh.pk) == "skipped"

    english.refresh_from_db()
    welsh.refresh_from_db()
    assert (english.status, english.attempts, welsh.status, welsh.attempts) == ("done", 1, "done", 1)
    english_text, welsh_text = pdf_text(english), pdf_text(welsh)
    assert "Our response on public sector data sharing" in english_text
    assert "Data sharing in the public sector" in english_text
    assert "Cabinet Office" in english_text
    assert "28 February 2026" in english_text
    assert "Involve people before the specification is fixed." in english_text
    assert "Ein hymateb ar rannu data yn y sector cyhoeddus" in welsh_text
    assert "Cynnwys pobl cyn pennu'r fanyleb." in welsh_text
    assert english.file.name.endswith(".pdf")
    assert english.page_count >= 1


def test_pdf_names_only_authors_who_agreed(guidance_editor, guidance_reviewer):
    from tests.participation.factories import UserFactory

    named = UserFactory(display_name="Ada Lovelace")
    hidden = UserFactory(display_name="Charles Babbage")
    publication = draft_publication(editor=guidance_editor, authors=[named, hidden], **CONSULTATION)
    publication.authors.filter(user=hidden).update(is_named=False)
    review.submit(publication, by=guidance_editor)
    review.approve(publication, by=guidance_reviewer)
    review.publish_now(publication, by=guidance_reviewer)
    pdf = PublicationPDF.objects.get(publication=publication, language="en")

    pdfs.render_stored_pdf(kind="publication", pdf_id=pdf.pk)

    pdf.refresh_from_db()
    text = pdf_text(pdf)
    assert "Ada Lovelace" in text
    assert "Charles Babbage" not in text


def test_republishing_renders_the_pdf_afresh(guidance_editor, guidance_reviewer):
    publication = publish_response(guidance_editor, guidance_reviewer, body_cy="")
    pdf = PublicationPDF.objects.get(publication=publication)
    pdfs.render_stored_pdf(kind="publication", pdf_id=pdf.pk)

    publications.unpublish(publication=publication, unpublished_by=guidance_reviewer)
    publication.refresh_from_db()
    publications.update_publication(
        publication=publication, updated_by=guidance_editor, body_en="A corrected response."
    )
    review.submit(publication, by=guidance_editor)
    review.approve(publication, by=guidance_reviewer)
    review.publish_now(publication, by=guidance_reviewer)

    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts) == ("pending", 0)
    assert pdfs.render_stored_pdf(kind="publication", pdf_id=pdf.pk) == "done"
    pdf.refresh_from_db()
    assert "A corrected response." in pdf_text(pdf)
    assert PublicationPDF.objects.filter(publication=publication).count() == 1


def test_pdf_page_polls_then_serves_the_file(client, guidance_editor, guidance_reviewer):
    publication = publish_response(guidance_editor, guidance_reviewer)
    url = pdf_url(publication)

    waiting = client.get(url)
    assert "Your PDF is being prepared" in waiting.text
    assert f'hx-get="{url}" hx-trigger="every 2s"' in waiting.text
    assert "HX-Request" in waiting["Vary"]

    pdf = PublicationPDF.objects.get(publication=publication, language="en")
    pdfs.render_stored_pdf(kind="publication", pdf_id=pdf.pk)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="pdf-status"')
    assert "Your PDF is ready" in fragment.text

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{publication.slug}-en.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_welsh_pdf_page_falls_back_to_the_english_pdf_without_welsh_text(client, guidance_editor, guidance_reviewer):
    publication = publish_response(guidance_editor, guidance_reviewer, body_cy="")

    client.get(pdf_url(publication, "cy"))

    assert list(PublicationPDF.objects.filter(publication=publication).values_list("language", flat=True)) == ["en"]


def test_pdf_page_says_when_the_pdf_failed(client, guidance_editor, guidance_reviewer):
    publication = publish_response(guidance_editor, guidance_reviewer)
    PublicationPDF.objects.filter(publication=publication).update(status="failed", attempts=3)

    response = client.get(pdf_url(publication))

    assert "The PDF could not be prepared" in response.text
    assert publication.get_absolute_url() in response.text
    assert "hx-get" not in response.text


def test_no_pdf_for_drafts_or_other_kinds(client, guidance_editor, guidance_reviewer):
    draft = draft_publication(editor=guidance_editor, **CONSULTATION)
    blog = published_publication(editor=guidance_editor, reviewer=guidance_reviewer, title_en="A blog post")
    client.force_login(guidance_editor)

    responses = [client.get(pdf_url(draft)), client.get(pdf_url(blog))]

    assert [r.status_code for r in responses] == [404, 404]
    assert PublicationPDF.objects.count() == 0


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_hostile_text_is_inert_in_the_pdf(guidance_editor, guidance_reviewer, vector, tmp_path, settings):
    """A hostile body renders as text: nothing is fetched (the fetcher would raise) and the PDF
    has no embedded files or scripts."""
    publication = publish_response(
        guidance_editor,
        guidance_reviewer,
        title_en=vector[:200],
        summary_en=vector,
        body_en=vector + '\n\n<img src="http://127.0.0.1/x.png"> ![x](file:///etc/passwd)',
        body_cy="",
        consultation_title=vector[:300],
    )
    pdf = PublicationPDF.objects.get(publication=publication, language="en")

    assert pdfs.render_stored_pdf(kind="publication", pdf_id=pdf.pk) == "done"

    pdf.refresh_from_db()
    with pdf.file.open("rb") as handle:
        data = handle.read()
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert b"/JavaScript" not in data
    assert b"/EmbeddedFile" not in data
    assert "root:" not in pdf_text(pdf)
