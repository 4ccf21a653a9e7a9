"""Writing guidance: documents, drafts and their sections, and what the shared two-person review
(guidance.services.review) needs to know about versions.

A published version never changes again: the next draft starts as a copy of it. Publishing one
makes it the document's live version, marks the feedback it answers, and tells subscribers.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guidance.models import (
    ChangeType,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    PilotFeedback,
    ReviewStatus,
    TriageStatus,
    WelshStatus,
)
from guidance.permissions import can_review_version, is_guidance_editor
from guidance.services import review
from participation.models import PlatformRole, User
from participation.services.audit import changed_fields, record_audit
from participation.services.queue import enqueue
from participation.services.slugs import unique_slug

DOCUMENT_FIELDS = (
    "title_en",
    "title_cy",
    "summary_en",
    "summary_cy",
    "topic",
    "audiences",
    "organisation",
    "phase",
    "review_due",
)
SECTION_FIELDS = ("heading_en", "heading_cy", "body_en", "body_cy")


def _require_editor(user) -> None:
    if not is_guidance_editor(user):
        raise PermissionDenied


def _locked(version: GuidanceVersion) -> GuidanceVersion:
    """The version re-read under a row lock, so two editors cannot move it at once."""
    return GuidanceVersion.objects.select_for_update(of=("self",)).select_related("document").get(pk=version.pk)


# Documents


@transaction.atomic
def create_document(*, created_by, partners=(), **fields) -> GuidanceDocument:
    _require_editor(created_by)
    document = GuidanceDocument(created_by=created_by, **{name: fields[name] for name in DOCUMENT_FIELDS})
    document.slug = unique_slug(GuidanceDocument, document.title_en)
    document.full_clean()
    document.save()
    document.partners.set(partners)
    record_audit(actor=created_by, action="guidance.document.created", target=document)
    return document


@transaction.atomic
def update_document(*, document: GuidanceDocument, updated_by, partners=None, **fields) -> GuidanceDocument:
    _require_editor(updated_by)
    values = {name: fields[name] for name in DOCUMENT_FIELDS if name in fields}
    changes = changed_fields(document, values)
    for name, value in values.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    if partners is not None:
        document.partners.set(partners)
    record_audit(actor=updated_by, action="guidance.document.updated", target=document, changes=changes)
    return document


def refresh_search_text(document: GuidanceDocument) -> None:
    """The live version's headings and text in both languages, for search (titles and summaries
    are indexed from their own columns)."""
    parts = []
    for section in GuidanceSection.objects.filter(version_id=document.current_version_id):
        parts += [section.heading_en, section.heading_cy, section.body_en, section.body_cy]
    GuidanceDocument.objects.filter(pk=document.pk).update(search_text="\n".join(p for p in parts if p))


# Versions


def _next_number(document: GuidanceDocument, change_type: str) -> tuple[int, int]:
    latest = document.current_version
    if latest is None:
        return 1, 0
    if change_type == ChangeType.MAJOR:
        return latest.major + 1, 0
    return latest.major, latest.minor + 1


@transaction.atomic
def start_draft(*, document: GuidanceDocument, created_by, change_type: str = ChangeType.MAJOR) -> GuidanceVersion:
    """A new draft, copied section by section from the live version. A document has at most one
    version on its way to publication: asking again returns that one."""
    _require_editor(created_by)
    document = (
        GuidanceDocument.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=document.pk)
    )
    open_version = document.versions.exclude(status=ReviewStatus.PUBLISHED).first()
    if open_version is not None:
        return open_version
    major, minor = _next_number(document, change_type)
    version = GuidanceVersion.objects.create(
        document=document,
        major=major,
        minor=minor,
        change_type=change_type,
        based_on=document.current_version,
        created_by=created_by,
    )
    if document.current_version is not None:
        GuidanceSection.objects.bulk_create(
            GuidanceSection(
                version=version,
                position=section.position,
                anchor=section.anchor,
                **{name: getattr(section, name) for name in SECTION_FIELDS},
            )
            for section in document.current_version.sections.all()
        )
        refresh_welsh_status(version)
    record_audit(actor=created_by, action="guidance.version.created", target=version)
    return version


@transaction.atomic
def update_version(
    *,
    version: GuidanceVersion,
    updated_by,
    change_type: str,
    change_note_en: str,
    change_note_cy: str = "",
    addressed_feedback=None,
) -> GuidanceVersion:
    """Set what kind of change this is, its public note, and which feedback it answers."""
    _require_editor(updated_by)
    version = _locked(version)
    review.require_status(version, ReviewStatus.DRAFT)
    changes = changed_fields(
        version, {"change_type": change_type, "change_note_en": change_note_en, "change_note_cy": change_note_cy}
    )
    version.change_type = change_type
    version.change_note_en = change_note_en
    version.change_note_cy = change_note_cy
    version.major, version.minor = _next_number(version.document, change_type)
    version.save()
    if addressed_feedback is not None:
        chosen = {item.pk for item in addressed_feedback}
        linkable = addressable_feedback(version.document)
        version.addressed_feedback.exclude(pk__in=chosen).update(addressed_in=None)
        linkable.filter(pk__in=chosen).update(addressed_in=version)
    record_audit(actor=updated_by, action="guidance.version.updated", target=version, changes=changes)
    return version


def addressable_feedback(document: GuidanceDocument):
    """Feedback on any version of the document that no published version has addressed yet."""
    return PilotFeedback.objects.filter(version__document=document).exclude(status=TriageStatus.ADDRESSED)


@transaction.atomic
def delete_draft(*, version: GuidanceVersion, deleted_by) -> None:
    _require_editor(deleted_by)
    version = _locked(version)
    review.require_status(version, ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED)
    record_audit(actor=deleted_by, action="guidance.version.deleted", target=version)
    version.addressed_feedback.update(addressed_in=None)
    version.delete()


# Sections


def refresh_welsh_status(version: GuidanceVersion) -> None:
    sections = list(version.sections.all())
    translated = sum(section.is_translated for section in sections)
    if sections and translated == len(sections):
        status = WelshStatus.COMPLETE
    elif translated:
        status = WelshStatus.PARTIAL
    else:
        status = WelshStatus.NONE
    GuidanceVersion.objects.filter(pk=version.pk).update(welsh_status=status)
    version.welsh_status = status


def _unique_anchor(version: GuidanceVersion, heading: str) -> str:
    base = slugify(heading)[:70] or "section"
    taken = set(version.sections.values_list("anchor", flat=True))
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    return anchor


@transaction.atomic
def add_section(*, version: GuidanceVersion, added_by, **fields) -> GuidanceSection:
    _require_editor(added_by)
    version = _locked(version)
    review.require_status(version, ReviewStatus.DRAFT)
    position = (version.sections.aggregate(last=Max("position"))["last"] or 0) + 1
    section = GuidanceSection(version=version, position=position, **{name: fields[name] for name in SECTION_FIELDS})
    section.anchor = _unique_anchor(version, section.heading_en)
    section.full_clean()
    section.save()
    refresh_welsh_status(version)
    record_audit(actor=added_by, action="guidance.section.created", target=section)
    return section


@transaction.atomic
def update_section(*, section: GuidanceSection, updated_by, **fields) -> GuidanceSection:
    """The anchor stays as it was, so links into the section keep working after a heading changes."""
    _require_editor(updated_by)
    version = _locked(section.version)
    review.require_status(version, ReviewStatus.DRAFT)
    values = {name: fields[name] for name in SECTION_FIELDS}
    changes = changed_fields(section, values)
    for name, value in values.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    refresh_welsh_status(version)
    record_audit(actor=updated_by, action="guidance.section.updated", target=section, changes=changes)
    return section


@transaction.atomic
def delete_section(*, section: GuidanceSection, deleted_by) -> None:
    _require_editor(deleted_by)
    version = _locked(section.version)
    review.require_status(version, ReviewStatus.DRAFT)
    record_audit(actor=deleted_by, action="guidance.section.deleted", target=section)
    section.delete()
    refresh_welsh_status(version)


@transaction.atomic
def move_section(*, section: GuidanceSection, moved_by, direction: str) -> None:
    """Swap the section with the one above ("up") or below ("down")."""
    _require_editor(moved_by)
    version = _locked(section.version)
    review.require_status(version, ReviewStatus.DRAFT)
    sections = list(version.sections.all())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections, start=1):
        item.position = position
    GuidanceSection.objects.bulk_update(sections, ["position"])


# Review: the shared mechanism (guidance.services.review), told what a version needs


def _check_ready(version: GuidanceVersion) -> None:
    errors = {}
    if not version.sections.exists():
        errors["sections"] = _("Add at least one section before sending this version for review")
    if version.is_major and not version.change_note_en.strip():
        errors["change_note_en"] = _("Write a change note: a major change tells subscribers what changed")
    if errors:
        raise ValidationError(errors)


def guidance_editors():
    return User.objects.filter(groups__name=PlatformRole.GUIDANCE_EDITOR, is_active=True).distinct()


def _published(version: GuidanceVersion, notify: bool) -> None:
    """The version becomes the live one and never changes again; the feedback it answers is marked
    addressed, and subscribers hear of a major change (unless `notify` is off)."""
    document = GuidanceDocument.objects.select_for_update().get(pk=version.document_id)
    document.current_version = version
    document.published_at = version.published_at
    document.save(update_fields=["current_version", "published_at", "updated_at"])
    refresh_search_text(document)
    from guidance.services.feedback import mark_addressed

    mark_addressed(version=version, notify=notify)
    if not notify:
        GuidanceVersion.objects.filter(pk=version.pk).update(subscribers_notified_at=version.published_at)
    elif version.is_major:
        from guidance.tasks import notify_subscribers_task

        enqueue(notify_subscribers_task, version_id=str(version.pk))


VERSIONS = review.register(
    review.ReviewFlow(
        model=GuidanceVersion,
        audit_prefix="guidance.version",
        comments="comments",
        select_related=("document",),
        can_write=lambda user, version: is_guidance_editor(user),
        can_review=can_review_version,
        can_publish=is_guidance_editor,
        check_ready=_check_ready,
        reviewers=lambda version: guidance_editors(),
        email_context=lambda version: {
            "title": version.document.title_en,
            "number": version.number,
            "path": f"/manage/guidance/versions/{version.pk}/",
        },
        published=_published,
    )
)
