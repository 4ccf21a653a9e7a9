"""Stored PDFs: a published guidance version or a consultation response, rendered once per language
by a worker and kept. Both kinds derive from `StoredPDF`; each is described once by a `PDFKind`
and every kind goes through the same request → render → serve mechanism."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation

from guidance.models import GuidanceVersion, Publication, PublicationPDF, StoredPDF, VersionPDF
from guidance.services.rendering import rendered_sections
from participation.services.markdown import render_markdown
from participation.services.pdf import render_pdf
from participation.services.queue import enqueue

logger = logging.getLogger(__name__)

# A pending render older than this was lost with the broker or a worker: ask again.
STALLED_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class PDFKind:
    """One kind of stored PDF: its model, the field pointing at what it shows, and how to render it."""

    name: str  # stable: it travels in task messages
    model: type[StoredPDF]
    owner_field: str
    select_related: tuple[str, ...]
    template: str
    context: callable  # (owner, language) -> template context
    filename: callable  # (owner, language) -> "slug-....pdf"


def _version_context(version: GuidanceVersion, language: str) -> dict:
    return {
        "version": version,
        "document": version.document,
        "sections": rendered_sections(version, language),
        "title": version.document.title,
    }


def _publication_context(publication: Publication, language: str) -> dict:
    prefetch_related_objects([publication], "authors__user")
    text, actual = publication.body  # rendered with the PDF's language active
    return {
        "publication": publication,
        "body_html": render_markdown(text),
        "body_language": actual,
        "authors": named_authors(publication),
        "title": publication.title,
    }


def named_authors(publication: Publication) -> list[str]:
    """The names of the authors who agreed to be named, in order. Only a display name is ever shown,
    never an email address: an author without one is left out. Prefetch `authors__user`."""
    return [
        author.user.display_name for author in publication.authors.all() if author.is_named and author.user.display_name
    ]


VERSION = PDFKind(
    name="version",
    model=VersionPDF,
    owner_field="version",
    select_related=("version__document",),
    template="guidance/pdf/version.html",
    context=_version_context,
    filename=lambda version, language: f"{version.document.slug}-{version.number}-{language}.pdf",
)
PUBLICATION = PDFKind(
    name="publication",
    model=PublicationPDF,
    owner_field="publication",
    select_related=("publication",),
    template="guidance/pdf/publication.html",
    context=_publication_context,
    filename=lambda publication, language: f"{publication.slug}-{language}.pdf",
)
KINDS = {kind.name: kind for kind in (VERSION, PUBLICATION)}


def request_pdf(kind: PDFKind, *, owner: models.Model, language: str, fresh: bool = False) -> StoredPDF:
    """The PDF in the language: ready, or queued for a worker (queued again if stalled). `fresh`
    renders it again even if it is ready, for content that changed."""
    pdf, created = kind.model.objects.get_or_create(**{kind.owner_field: owner}, language=language)
    stalled = pdf.status == StoredPDF.Status.PENDING and pdf.requested_at < timezone.now() - STALLED_AFTER
    if fresh and not created:
        kind.model.objects.filter(pk=pdf.pk).update(
            status=StoredPDF.Status.PENDING, attempts=0, requested_at=timezone.now()
        )
        pdf.status, pdf.attempts = StoredPDF.Status.PENDING, 0
    elif stalled and pdf.attempts < MAX_ATTEMPTS:
        kind.model.objects.filter(pk=pdf.pk).update(requested_at=timezone.now())
    elif not created:
        return pdf
    from guidance.tasks import render_pdf_task

    enqueue(render_pdf_task, kind=kind.name, pdf_id=pdf.pk)
    return pdf


def request_version_pdf(*, version: GuidanceVersion, language: str) -> VersionPDF:
    return request_pdf(VERSION, owner=version, language=language)


def request_publication_pdf(*, publication: Publication, language: str, fresh: bool = False) -> PublicationPDF:
    return request_pdf(PUBLICATION, owner=publication, language=language, fresh=fresh)


def render_stored_pdf(*, kind: str, pdf_id: int) -> str:
    """Render once: a second task for the same PDF finds it locked or done and leaves it."""
    kind = KINDS[kind]
    with transaction.atomic():
        pdf = (
            kind.model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(*kind.select_related)
            .filter(pk=pdf_id, status=StoredPDF.Status.PENDING)
            .first()
        )
        if pdf is None:
            return "skipped"
        owner = getattr(pdf, kind.owner_field)
        pdf.attempts += 1
        try:
            with translation.override(pdf.language):
                content, pages = render_pdf(
                    template=kind.template, context=kind.context(owner, pdf.language), language=pdf.language
                )
        except Exception:
            logger.exception("Rendering %s failed", pdf)
            pdf.status = StoredPDF.Status.FAILED if pdf.attempts >= MAX_ATTEMPTS else StoredPDF.Status.PENDING
            pdf.save(update_fields=["attempts", "status"])
            return "failed"
        previous = pdf.file.name if pdf.file else ""
        pdf.file.save(kind.filename(owner, pdf.language), ContentFile(content), save=False)
        pdf.page_count = pages
        pdf.status = StoredPDF.Status.DONE
        pdf.rendered_at = timezone.now()
        pdf.save(update_fields=["file", "page_count", "status", "rendered_at", "attempts"])
        if previous and previous != pdf.file.name:
            # A fresh render replaces the old file; delete it once the new one is committed.
            storage = pdf.file.storage
            transaction.on_commit(lambda: storage.delete(previous))
        return "done"
