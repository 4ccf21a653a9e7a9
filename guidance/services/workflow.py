"""Writing guidance: documents, drafts and their sections, and the two-person review that publishes them.

A version moves draft → in review → approved → published. Whoever started the version cannot
approve it. An approved version is published at once or at a set time (a beat task does that).
A published version never changes again: the next draft starts as a copy of it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guidance.models import (
    ChangeType,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    PilotFeedback,
    TriageStatus,
    VersionComment,
    VersionStatus,
    WelshStatus,
)
from guidance.permissions import can_review_version, is_guidance_editor
from participation.models import NotificationKind, PlatformRole, User
from participation.services.audit import changed_fields, record_audit
from participation.services.email import queue_email
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


def _require_status(version: GuidanceVersion, *statuses: str) -> None:
    if version.status not in statuses:
        raise ValidationError(
            _("This version is %(status)s, so that cannot be done now.")
            % {"status": version.get_status_display().lower()},
            code="wrong_status",
        )


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
    open_version = document.versions.exclude(status=VersionStatus.PUBLISHED).first()
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
    _require_status(version, VersionStatus.DRAFT)
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
    _require_status(version, VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)
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
    _require_status(version, VersionStatus.DRAFT)
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
    _require_status(version, VersionStatus.DRAFT)
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
    _require_status(version, VersionStatus.DRAFT)
    record_audit(actor=deleted_by, action="guidance.section.deleted", target=section)
    section.delete()
    refresh_welsh_status(version)


@transaction.atomic
def move_section(*, section: GuidanceSection, moved_by, direction: str) -> None:
    """Swap the section with the one above ("up") or below ("down")."""
    _require_editor(moved_by)
    version = _locked(section.version)
    _require_status(version, VersionStatus.DRAFT)
    sections = list(version.sections.all())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections, start=1):
        item.position = position
    GuidanceSection.objects.bulk_update(sections, ["position"])


# Review


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


@transaction.atomic
def submit_for_review(*, version: GuidanceVersion, submitted_by, notify: bool = True) -> GuidanceVersion:
    """Send a draft to the other editors. `notify=False` records it without emailing anyone
    (the demo data replays a year of history that way)."""
    _require_editor(submitted_by)
    version = _locked(version)
    _require_status(version, VersionStatus.DRAFT)
    _check_ready(version)
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = timezone.now()
    version.save()
    record_audit(actor=submitted_by, action="guidance.version.submitted", target=version)
    if not notify:
        return version
    for reviewer in guidance_editors().exclude(pk=version.created_by_id):
        queue_email(
            kind=NotificationKind.GUIDANCE_REVIEW,
            subject_key=f"guidance-review:{version.pk}:{version.submitted_at:%Y%m%d%H%M%S}",
            template="guidance/emails/review_requested",
            context={
                "document_title": version.document.title_en,
                "number": version.number,
                "submitted_by": str(submitted_by),
                "submitted_at": version.submitted_at.isoformat(),
                "path": f"/manage/guidance/versions/{version.pk}/",
            },
            recipient=reviewer,
        )
    return version


@transaction.atomic
def add_comment(*, version: GuidanceVersion, author, body: str) -> VersionComment:
    _require_editor(author)
    if not body.strip():
        raise ValidationError({"body": _("Enter a comment")})
    comment = VersionComment.objects.create(version=version, author=author, body=body.strip())
    record_audit(actor=author, action="guidance.version.commented", target=version)
    return comment


@transaction.atomic
def request_changes(*, version: GuidanceVersion, reviewer, comment: str) -> GuidanceVersion:
    """Send a version back to draft, saying what needs to change."""
    _require_editor(reviewer)
    version = _locked(version)
    _require_status(version, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)
    if not comment.strip():
        raise ValidationError({"body": _("Say what needs to change")})
    VersionComment.objects.create(version=version, author=reviewer, body=comment.strip())
    version.status = VersionStatus.DRAFT
    version.approved_by = None
    version.approved_at = None
    version.publish_at = None
    version.save()
    record_audit(actor=reviewer, action="guidance.version.changes_requested", target=version)
    return version


@transaction.atomic
def approve(*, version: GuidanceVersion, approved_by) -> GuidanceVersion:
    _require_editor(approved_by)
    version = _locked(version)
    _require_status(version, VersionStatus.IN_REVIEW)
    if not can_review_version(approved_by, version):
        raise ValidationError(_("You started this version, so another editor must approve it"), code="two_person")
    version.status = VersionStatus.APPROVED
    version.approved_by = approved_by
    version.approved_at = timezone.now()
    version.save()
    record_audit(actor=approved_by, action="guidance.version.approved", target=version)
    return version


@transaction.atomic
def schedule(*, version: GuidanceVersion, scheduled_by, publish_at) -> GuidanceVersion:
    """Publish an approved version at a set time, or now when the time is not in the future."""
    _require_editor(scheduled_by)
    version = _locked(version)
    _require_status(version, VersionStatus.APPROVED)
    if publish_at is None or publish_at <= timezone.now():
        return publish_now(version=version, published_by=scheduled_by)
    version.publish_at = publish_at
    version.save()
    record_audit(
        actor=scheduled_by,
        action="guidance.version.scheduled",
        target=version,
        changes={"publish_at": [None, publish_at.isoformat()]},
    )
    return version


@transaction.atomic
def unschedule(*, version: GuidanceVersion, unscheduled_by) -> GuidanceVersion:
    _require_editor(unscheduled_by)
    version = _locked(version)
    _require_status(version, VersionStatus.APPROVED)
    version.publish_at = None
    version.save()
    record_audit(actor=unscheduled_by, action="guidance.version.unscheduled", target=version)
    return version


@transaction.atomic
def publish_now(*, version: GuidanceVersion, published_by=None, notify: bool = True) -> GuidanceVersion:
    """Make an approved version the live one. From here on it never changes. With `notify=False`
    neither subscribers nor the people whose feedback it answers are emailed."""
    version = _locked(version)
    _require_status(version, VersionStatus.APPROVED)
    document = GuidanceDocument.objects.select_for_update().get(pk=version.document_id)
    now = timezone.now()
    version.status = VersionStatus.PUBLISHED
    version.published_at = now
    version.published_by = published_by
    version.publish_at = None
    version.save()
    document.current_version = version
    document.published_at = now
    document.save(update_fields=["current_version", "published_at", "updated_at"])
    refresh_search_text(document)
    record_audit(actor=published_by, action="guidance.version.published", target=version)
    from guidance.services.feedback import mark_addressed

    mark_addressed(version=version, notify=notify)
    if not notify:
        GuidanceVersion.objects.filter(pk=version.pk).update(subscribers_notified_at=now)
    elif version.is_major:
        from guidance.tasks import notify_subscribers_task

        enqueue(notify_subscribers_task, version_id=str(version.pk))
    return version


def publish_due_versions(*, now=None) -> int:
    """Publish every approved version whose time has come. Run by beat every minute; a version
    another worker is already publishing is skipped, so nothing is published twice."""
    now = now or timezone.now()
    published = 0
    while True:
        with transaction.atomic():
            version = (
                GuidanceVersion.objects.select_for_update(skip_locked=True)
                .filter(status=VersionStatus.APPROVED, publish_at__lte=now)
                .order_by("publish_at")
                .first()
            )
            if version is None:
                return published
            # No one pressed the button: the audit log shows the system as the actor.
            publish_now(version=version, published_by=None)
            published += 1
