"""Writing publications (case studies, blog posts, commentary, consultation responses, event
write-ups) and the outreach events page. Publications go through the same two-person review as
guidance versions (guidance.services.review); this module tells it what a publication needs."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance.models import OutreachEvent, Publication, PublicationAuthor, PublicationKind, ReviewStatus
from guidance.permissions import (
    can_create_publication,
    can_draft_case_study,
    can_manage_outreach,
    can_review_publication,
    can_write_publication,
    is_guidance_editor,
)
from guidance.services import review
from guidance.services.workflow import guidance_editors
from participation.models import Recommendation
from participation.services.audit import changed_fields, record_audit
from participation.services.slugs import unique_slug
from participation.services.uploads import PRESENTATIONS, FileType, detect_type

PUBLICATION_FIELDS = (
    "kind",
    "title_en",
    "title_cy",
    "summary_en",
    "summary_cy",
    "body_en",
    "body_cy",
    "topics",
    "publication_date",
    "consultation_title",
    "consultation_department",
    "consultation_url",
    "consultation_closes_on",
)
LINK_FIELDS = ("activities", "projects", "related_guidance")


def _search_text(publication: Publication) -> str:
    parts = [publication.body_en, publication.body_cy, publication.consultation_title]
    return "\n".join(part for part in parts if part)


def _set_links(publication: Publication, links: dict) -> None:
    for name in LINK_FIELDS:
        if name in links:
            getattr(publication, name).set(links[name])


@transaction.atomic
def create_publication(*, created_by, authors=(), **fields) -> Publication:
    """A new draft. Whoever creates it is its first author unless other authors are given."""
    if not can_create_publication(created_by):
        raise PermissionDenied
    return _new_publication(created_by=created_by, authors=authors, **fields)


def _new_publication(*, created_by, authors=(), **fields) -> Publication:
    links = {name: fields.pop(name) for name in LINK_FIELDS if name in fields}
    values = {name: fields[name] for name in PUBLICATION_FIELDS if name in fields}
    publication = Publication(created_by=created_by, **values)
    publication.slug = unique_slug(Publication, publication.title_en, fallback="publication")
    publication.search_text = _search_text(publication)
    publication.full_clean()
    publication.save()
    _set_links(publication, links)
    set_authors(publication=publication, users=list(authors) or [created_by])
    record_audit(actor=created_by, action="guidance.publication.created", target=publication)
    return publication


@transaction.atomic
def update_publication(*, publication: Publication, updated_by, **fields) -> Publication:
    if not can_write_publication(updated_by, publication):
        raise PermissionDenied
    publication = review.lock(publication)
    review.require_status(publication, ReviewStatus.DRAFT)
    links = {name: fields.pop(name) for name in LINK_FIELDS if name in fields}
    values = {name: fields[name] for name in PUBLICATION_FIELDS if name in fields}
    changes = changed_fields(publication, values)
    for name, value in values.items():
        setattr(publication, name, value)
    publication.search_text = _search_text(publication)
    publication.full_clean(exclude=["slug"])
    publication.save()
    _set_links(publication, links)
    record_audit(actor=updated_by, action="guidance.publication.updated", target=publication, changes=changes)
    return publication


def set_authors(*, publication: Publication, users) -> None:
    """Credit these members, in this order; an author who stays keeps their naming choice."""
    keep = {author.user_id: author for author in publication.authors.all()}
    wanted = [user.pk for user in users]
    publication.authors.exclude(user_id__in=wanted).delete()
    for position, user_id in enumerate(wanted):
        if user_id in keep:
            PublicationAuthor.objects.filter(pk=keep[user_id].pk).update(position=position)
        else:
            PublicationAuthor.objects.create(publication=publication, user_id=user_id, position=position)
    publication.__dict__.pop("author_ids", None)


@transaction.atomic
def change_authors(*, publication: Publication, users, changed_by) -> Publication:
    """Editors choose who is credited, while it is a draft: the authors cannot approve it, so the
    list must not change under a reviewer."""
    if not is_guidance_editor(changed_by):
        raise PermissionDenied
    publication = review.lock(publication)
    review.require_status(publication, ReviewStatus.DRAFT)
    users = list(users)
    if not users:
        raise ValidationError({"emails": _("Enter the email address of at least one author")})
    before = list(publication.authors.values_list("user__email", flat=True))
    set_authors(publication=publication, users=users)
    record_audit(
        actor=changed_by,
        action="guidance.publication.updated",
        target=publication,
        changes={"authors": [", ".join(before), ", ".join(user.email for user in users)]},
    )
    return publication


@transaction.atomic
def set_named(*, author: PublicationAuthor, user, is_named: bool) -> None:
    """An author chooses whether the public page names them. Only they can choose."""
    if author.user_id != user.pk:
        raise PermissionDenied
    PublicationAuthor.objects.filter(pk=author.pk).update(is_named=is_named)
    record_audit(
        actor=user,
        action="guidance.publication.author_naming",
        target=author.publication,
        changes={"is_named": [str(author.is_named), str(is_named)]},
    )


@transaction.atomic
def delete_draft(*, publication: Publication, deleted_by) -> None:
    if not can_write_publication(deleted_by, publication):
        raise PermissionDenied
    publication = review.lock(publication)
    review.require_status(publication, ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED)
    record_audit(actor=deleted_by, action="guidance.publication.deleted", target=publication)
    publication.delete()


@transaction.atomic
def unpublish(*, publication: Publication, unpublished_by) -> Publication:
    """Take a published item off the site and back to draft, to correct it and send it through
    review again."""
    if not is_guidance_editor(unpublished_by):
        raise PermissionDenied
    publication = review.lock(publication)
    review.require_status(publication, ReviewStatus.PUBLISHED)
    publication.status = ReviewStatus.DRAFT
    publication.approved_by = None
    publication.approved_at = None
    publication.save()
    record_audit(actor=unpublished_by, action="guidance.publication.unpublished", target=publication)
    return publication


def _you_said_we_did(recommendations) -> str:
    lines = []
    for item in recommendations:
        lines.append(f"- **{_('You said')}:** {item.text_en}")
        if item.action_en:
            lines.append(f"  - **{_('We did')}:** {item.action_en}")
    return "\n".join(lines)


@transaction.atomic
def draft_case_study(*, activity, created_by) -> Publication:
    """A draft case study about a published engagement activity, pre-filled from the register. If
    one about the activity is already on its way to publication, that one is returned instead."""
    if not can_draft_case_study(created_by, activity):
        raise PermissionDenied
    existing = (
        Publication.objects.filter(kind=PublicationKind.CASE_STUDY, activities=activity)
        .exclude(status=ReviewStatus.PUBLISHED)
        .first()
    )
    if existing is not None:
        return existing
    methods = ", ".join(str(method.get_method_display()) for method in activity.methods.all())
    recommendations = Recommendation.objects.filter(activity=activity).order_by("position")
    sections = [
        (_("What was done"), "\n\n".join(part for part in (methods, activity.method_description) if part)),
        (_("What people said"), activity.findings_en),
        (_("What changed"), activity.what_changed_en),
        (_("You said, we did"), _you_said_we_did(recommendations)),
    ]
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in sections if text.strip())
    # Its creator may be an editor of the organisation that ran the activity rather than a guidance
    # editor: as its author they can then edit it and send it for review.
    publication = _new_publication(
        created_by=created_by,
        kind=PublicationKind.CASE_STUDY,
        title_en=activity.title_en,
        title_cy=activity.title_cy,
        summary_en=activity.summary_en[:1000],
        summary_cy=activity.summary_cy[:1000],
        body_en=body or activity.summary_en,
        activities=[activity],
        projects=list(activity.projects.all()),
    )
    return publication


# Outreach events

EVENT_FIELDS = (
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "starts_on",
    "ends_on",
    "host",
    "location",
    "role",
    "url",
    "slides_url",
    "topics",
    "write_up",
    "is_listed",
)
SLIDES_MAX_BYTES = 20 * 1024 * 1024


def slides_type(data: bytes) -> FileType:
    """The slides' type read from their content (the shared upload checks): a PDF, PowerPoint or
    OpenDocument presentation; anything else, or a web page in disguise, is refused."""
    try:
        return detect_type(data, allowed=PRESENTATIONS, max_bytes=SLIDES_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"slides_file": error.message_dict["file"]}, code="invalid_file") from None


def _store_slides(event: OutreachEvent, upload) -> None:
    data = upload.read(SLIDES_MAX_BYTES + 1)
    file_type = slides_type(data)
    try:
        event.slides_file.save(f"{uuid.uuid4().hex}.{file_type.extension}", ContentFile(data), save=False)
    except OSError:
        message = _("The file could not be stored. Try again later.")
        raise ValidationError({"slides_file": message}, code="invalid_file") from None


def _check_event(event: OutreachEvent) -> None:
    if event.write_up_id and event.write_up.kind != PublicationKind.EVENT_WRITE_UP:
        raise ValidationError({"write_up": _("Choose an event write-up")})
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": _("The last day must be the same as or after the first day")})


def _save_event(event: OutreachEvent, *, slides_upload, remove_slides: bool, exclude=()) -> None:
    """Validate and save; a new file replaces the old one, which is deleted once the change commits.
    If the save fails, the file just stored is removed again."""
    old_file = event.slides_file.name if event.slides_file else ""
    if remove_slides or slides_upload is not None:
        event.slides_file = None
    if slides_upload is not None:
        _store_slides(event, slides_upload)
    try:
        _check_event(event)
        event.full_clean(exclude=list(exclude))
        event.save()
    except Exception:
        if slides_upload is not None and event.slides_file:
            event.slides_file.delete(save=False)
        raise
    if old_file and old_file != (event.slides_file.name if event.slides_file else ""):
        storage = event.slides_file.storage
        transaction.on_commit(lambda: storage.delete(old_file))


@transaction.atomic
def create_event(*, created_by, slides_upload=None, **fields) -> OutreachEvent:
    if not can_manage_outreach(created_by):
        raise PermissionDenied
    values = {name: fields[name] for name in EVENT_FIELDS if name in fields}
    event = OutreachEvent(created_by=created_by, **values)
    event.slug = unique_slug(
        OutreachEvent, event.title_en, suffix=f"{event.starts_on:%Y-%m-%d}" if event.starts_on else "", fallback="event"
    )
    _save_event(event, slides_upload=slides_upload, remove_slides=False)
    record_audit(actor=created_by, action="guidance.event.created", target=event)
    return event


@transaction.atomic
def update_event(
    *, event: OutreachEvent, updated_by, slides_upload=None, remove_slides: bool = False, **fields
) -> OutreachEvent:
    if not can_manage_outreach(updated_by):
        raise PermissionDenied
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk)
    values = {name: fields[name] for name in EVENT_FIELDS if name in fields}
    changes = changed_fields(event, values)
    for name, value in values.items():
        setattr(event, name, value)
    if slides_upload is not None or (remove_slides and event.slides_file):
        changes["slides_file"] = [event.slides_file.name or None, "new file" if slides_upload else None]
    _save_event(event, slides_upload=slides_upload, remove_slides=remove_slides, exclude=["slug"])
    record_audit(actor=updated_by, action="guidance.event.updated", target=event, changes=changes)
    return event


@transaction.atomic
def delete_event(*, event: OutreachEvent, deleted_by) -> None:
    if not can_manage_outreach(deleted_by):
        raise PermissionDenied
    record_audit(actor=deleted_by, action="guidance.event.deleted", target=event)
    stored = event.slides_file.name if event.slides_file else ""
    storage = event.slides_file.storage
    event.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# What the shared review needs to know about publications


def _check_ready(publication: Publication) -> None:
    errors = {}
    if not publication.authors.exists():
        errors["authors"] = _("Add at least one author")
    if publication.is_case_study and not (publication.activities.exists() or publication.projects.exists()):
        errors["activities"] = _("Link the case study to the engagement activity or project it describes")
    if publication.is_consultation_response:
        for name, message in (
            ("consultation_title", _("Enter the title of the consultation")),
            ("consultation_department", _("Enter the department consulting")),
            ("consultation_closes_on", _("Enter the consultation’s closing date")),
        ):
            if not getattr(publication, name):
                errors[name] = message
    if errors:
        raise ValidationError(errors)


def _published(publication: Publication, notify: bool) -> None:
    if publication.publication_date is None:
        publication.publication_date = timezone.localdate(publication.published_at)
        Publication.objects.filter(pk=publication.pk).update(publication_date=publication.publication_date)
    if publication.is_consultation_response:
        # Rendered by a worker once this commits; a response published again is rendered afresh.
        from guidance.services import pdfs

        languages = ["en", "cy"] if publication.body_cy.strip() else ["en"]
        for language in languages:
            pdfs.request_publication_pdf(publication=publication, language=language, fresh=True)


PUBLICATIONS = review.register(
    review.ReviewFlow(
        model=Publication,
        audit_prefix="guidance.publication",
        comments="comments",
        select_related=(),
        can_write=can_write_publication,
        can_review=can_review_publication,
        can_publish=is_guidance_editor,
        check_ready=_check_ready,
        reviewers=lambda publication: guidance_editors().exclude(publication_authorships__publication=publication),
        email_context=lambda publication: {
            "title": publication.title_en,
            "number": "",
            "path": f"/manage/guidance/publications/{publication.pk}/",
        },
        published=_published,
    )
)
