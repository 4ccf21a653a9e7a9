"""The review-and-publish workflow: two people, scheduled publishing, immutable published versions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guidance.models import GuidanceSection, GuidanceVersion, ImmutableVersionError, ReviewStatus, WelshStatus
from guidance.services import review, workflow
from tests.guidance.factories import SECTIONS, draft_document, publish, revise

pytestmark = pytest.mark.django_db


def test_a_draft_goes_through_review_to_publication(organisation, guidance_editor, guidance_reviewer):
    document, version = draft_document(organisation=organisation, editor=guidance_editor)

    review.submit(version, by=guidance_editor)
    review.approve(version, by=guidance_reviewer)
    review.publish_now(version, by=guidance_reviewer)

    document.refresh_from_db()
    version.refresh_from_db()
    assert version.status == ReviewStatus.PUBLISHED
    assert document.current_version == version
    assert document.published_at == version.published_at
    assert version.approved_by == guidance_reviewer
    assert "specification is fixed" in document.search_text


def test_the_author_cannot_approve_their_own_version(organisation, guidance_editor):
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)
    review.submit(version, by=guidance_editor)

    with pytest.raises(ValidationError, match="another editor must approve"):
        review.approve(version, by=guidance_editor)

    version.refresh_from_db()
    assert version.status == ReviewStatus.IN_REVIEW
    assert version.approved_by is None


def test_a_major_change_needs_a_change_note_before_review(organisation, guidance_editor):
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)
    workflow.update_version(version=version, updated_by=guidance_editor, change_type="major", change_note_en="")

    with pytest.raises(ValidationError) as error:
        review.submit(version, by=guidance_editor)

    assert "change_note_en" in error.value.message_dict
    version.refresh_from_db()
    assert version.status == ReviewStatus.DRAFT


def test_a_published_version_cannot_change_or_be_deleted(guidance_document):
    version = GuidanceVersion.objects.get(pk=guidance_document.current_version_id)
    version.change_note_en = "Quietly rewritten"

    with pytest.raises(ImmutableVersionError):
        version.save()
    with pytest.raises(ImmutableVersionError):
        version.delete()
    section = version.sections.first()
    with pytest.raises(ValidationError, match="published"):
        workflow.update_section(
            section=section,
            updated_by=version.created_by,
            **{"heading_en": "x", "heading_cy": "", "body_en": "y", "body_cy": ""},
        )
    assert GuidanceVersion.objects.get(pk=version.pk).change_note_en == "First published."


def test_a_new_draft_starts_from_the_live_version_with_the_same_anchors(guidance_document, guidance_editor):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor, change_type="minor")

    assert draft.number == "1.1"
    assert draft.based_on_id == guidance_document.current_version_id
    live = guidance_document.current_version.sections.values_list("anchor", "body_en")
    assert list(draft.sections.values_list("anchor", "body_en")) == list(live)
    assert draft.welsh_status == WelshStatus.COMPLETE
    # Asking again returns the draft already open rather than a second one.
    assert workflow.start_draft(document=guidance_document, created_by=guidance_editor) == draft


def test_a_heading_change_keeps_the_anchor(guidance_document, guidance_editor):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    section = draft.sections.get(anchor="planning-engagement")

    workflow.update_section(
        section=section,
        updated_by=guidance_editor,
        heading_en="Planning your engagement",
        heading_cy="",
        body_en=section.body_en,
        body_cy="",
    )

    assert GuidanceSection.objects.get(pk=section.pk).anchor == "planning-engagement"
    draft.refresh_from_db()
    assert draft.welsh_status == WelshStatus.PARTIAL
    assert draft.number == "2.0"


def test_scheduled_versions_publish_when_their_time_comes(guidance_document, guidance_editor, guidance_reviewer):
    draft = revise(guidance_document, editor=guidance_editor)
    review.submit(draft, by=guidance_editor)
    review.approve(draft, by=guidance_reviewer)
    at = timezone.now() + datetime.timedelta(hours=2)
    review.schedule(draft, by=guidance_reviewer, publish_at=at)

    assert review.publish_due(now=at - datetime.timedelta(seconds=1)) == 0
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.APPROVED

    assert review.publish_due(now=at) == 1
    assert review.publish_due(now=at) == 0
    draft.refresh_from_db()
    guidance_document.refresh_from_db()
    assert draft.status == ReviewStatus.PUBLISHED
    assert guidance_document.current_version == draft


def test_sections_are_copied_in_order(organisation, guidance_editor, guidance_reviewer):
    document, version = draft_document(organisation=organisation, editor=guidance_editor)
    second = version.sections.get(anchor="planning-engagement")
    workflow.move_section(section=second, moved_by=guidance_editor, direction="up")
    publish(version, editor=guidance_editor, reviewer=guidance_reviewer)
    document.refresh_from_db()

    draft = workflow.start_draft(document=document, created_by=guidance_editor)

    headings = [s["heading_en"] for s in reversed(SECTIONS)]
    assert list(draft.sections.values_list("heading_en", flat=True)) == headings
