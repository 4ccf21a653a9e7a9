"""Each published version as a PDF, rendered once per language by a worker and kept."""

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from guidance.models import GuidanceVersion, VersionPDF
from guidance.services.rendering import rendered_sections
from participation.services.pdf import render_pdf
from participation.services.queue import enqueue

logger = logging.getLogger(__name__)

# A pending render older than this was lost with the broker or a worker: ask again.
STALLED_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 3


def request_version_pdf(*, version: GuidanceVersion, language: str) -> VersionPDF:
    """The version's PDF in the language: ready, or queued for a worker (queued again if stalled)."""
    pdf, created = VersionPDF.objects.get_or_create(version=version, language=language)
    stalled = pdf.status == VersionPDF.Status.PENDING and pdf.requested_at < timezone.now() - STALLED_AFTER
    if created or (stalled and pdf.attempts < MAX_ATTEMPTS):
        if stalled:
            VersionPDF.objects.filter(pk=pdf.pk).update(requested_at=timezone.now())
        from guidance.tasks import render_version_pdf_task

        enqueue(render_version_pdf_task, pdf_id=pdf.pk)
    return pdf


def build_context(version: GuidanceVersion, language: str) -> dict:
    return {
        "version": version,
        "document": version.document,
        "sections": rendered_sections(version, language),
        "title": version.document.title,
    }


def render_version_pdf(*, pdf_id: int) -> str:
    """Render once: a second task for the same PDF finds it locked or done and leaves it."""
    with transaction.atomic():
        pdf = (
            VersionPDF.objects.select_for_update(skip_locked=True)
            .select_related("version__document")
            .filter(pk=pdf_id, status=VersionPDF.Status.PENDING)
            .first()
        )
        if pdf is None:
            return "skipped"
        pdf.attempts += 1
        try:
            with translation.override(pdf.language):
                content, pages = render_pdf(
                    template="guidance/pdf/version.html",
                    context=build_context(pdf.version, pdf.language),
                    language=pdf.language,
                )
        except Exception:
            logger.exception("Rendering %s failed", pdf)
            pdf.status = VersionPDF.Status.FAILED if pdf.attempts >= MAX_ATTEMPTS else VersionPDF.Status.PENDING
            pdf.save(update_fields=["attempts", "status"])
            return "failed"
        version = pdf.version
        name = f"{version.document.slug}-{version.number}-{pdf.language}.pdf"
        pdf.file.save(name, ContentFile(content), save=False)
        pdf.page_count = pages
        pdf.status = VersionPDF.Status.DONE
        pdf.rendered_at = timezone.now()
        pdf.save()
        return "done"
