"""The one review mechanism, as publications use it: the same states, two-person rule, scheduling and
emails as guidance versions (whose own tests are in test_workflow.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guidance.models import Publication, ReviewStatus
from guidance.services import review
from participation.models import AuditEvent, EmailDelivery
from tests.guidance.factories import draft_document, draft_publication
from tests.participation.factories import UserFactory


@pytest.fixture
def author(db):
    """A member credited as an author, who is not a guidance editor."""
    return UserFactory(email="author@example.org")


def test_a_publication_moves_through_review_to_publication_like_a_version(guidance_editor, guidance_reviewer):
    publication = draft_publication(editor=guidance_editor)

    review.submit(publication, by=guidance_editor)
    review.approve(publication, by=guidance_reviewer)
    review.publish_now(publication, by=guidance_reviewer)

    publication.refresh_from_db()
    assert publication.status == ReviewStatus.PUBLISHED
    assert publication.approved_by == guidance_reviewer
    assert publication.published_by == guidance_reviewer
    assert publication.publication_date == timezone.localdate(publication.published_at)
    assert list(
        AuditEvent.objects.filter(target_id=str(publication.pk)).order_by("created_at").values_list("action", flat=True)
    ) == [
        "guidance.publication.created",
        "guidance.publication.submitted",
        "guidance.publication.approved",
        "guidance.publication.published",
    ]


def test_an_author_who_is_not_an_editor_can_send_their_draft_for_review_but_not_approve_it(
    guidance_editor, guidance_reviewer, author
):
    publication = draft_publication(editor=guidance_editor, authors=[author])

    review.submit(publication, by=author)
    with pytest.raises(PermissionDenied):
        review.approve(publication, by=author)

    publication.refresh_from_db()
    assert publication.status == ReviewStatus.IN_REVIEW


def test_an_editor_credited_as_author_cannot_approve_it(guidance_editor, guidance_reviewer):
    publication = draft_publication(editor=guidance_editor, authors=[guidance_reviewer])
    review.submit(publication, by=guidance_reviewer)

    with pytest.raises(ValidationError, match="another editor must approve"):
        review.approve(publication, by=guidance_reviewer)
    with pytest.raises(ValidationError, match="another editor must approve"):
        review.approve(publication, by=guidance_editor)  # who started it


def test_someone_neither_author_nor_editor_cannot_submit_or_comment(guidance_editor, member):
    publication = draft_publication(editor=guidance_editor)

    with pytest.raises(PermissionDenied):
        review.submit(publication, by=member)
    with pytest.raises(PermissionDenied):
        review.add_comment(publication, by=member, body="Let me in")
    assert not publication.comments.exists()


def test_reviewers_are_emailed_except_the_authors(guidance_editor, guidance_reviewer, author):
    third_editor = UserFactory(email="third.editor@example.gov.uk", roles=["guidance_editor"], mfa=True)
    publication = draft_publication(editor=guidance_editor, authors=[author, guidance_reviewer])

    review.submit(publication, by=author)

    delivery = EmailDelivery.objects.get()
    assert delivery.to_email == third_editor.email
    assert delivery.context["title"] == publication.title_en
    assert delivery.context["path"] == f"/manage/guidance/publications/{publication.pk}/"


def test_a_case_study_needs_what_it_describes_and_a_consultation_response_its_consultation(guidance_editor):
    case_study = draft_publication(editor=guidance_editor, kind="case_study")
    response = draft_publication(editor=guidance_editor, kind="consultation_response")

    with pytest.raises(ValidationError) as case_study_error:
        review.submit(case_study, by=guidance_editor)
    with pytest.raises(ValidationError) as response_error:
        review.submit(response, by=guidance_editor)

    assert set(case_study_error.value.error_dict) == {"activities"}
    assert set(response_error.value.error_dict) == {
        "consultation_title",
        "consultation_department",
        "consultation_closes_on",
    }
    assert Publication.objects.filter(status=ReviewStatus.DRAFT).count() == 2


def test_request_changes_sends_it_back_to_draft_with_the_comment(guidance_editor, guidance_reviewer):
    publication = draft_publication(editor=guidance_editor)
    review.submit(publication, by=guidance_editor)
    review.approve(publication, by=guidance_reviewer)

    review.request_changes(publication, by=guidance_reviewer, comment="Say who took part.")

    publication.refresh_from_db()
    assert publication.status == ReviewStatus.DRAFT
    assert publication.approved_by is None
    assert [comment.body for comment in publication.comments.all()] == ["Say who took part."]


def test_a_state_that_does_not_allow_the_action_is_refused_in_plain_words(guidance_editor, guidance_reviewer):
    publication = draft_publication(editor=guidance_editor)

    with pytest.raises(ValidationError, match="its status is draft"):
        review.approve(publication, by=guidance_reviewer)


def test_publish_due_publishes_scheduled_versions_and_publications_once(
    organisation, guidance_editor, guidance_reviewer
):
    at = timezone.now() + datetime.timedelta(hours=2)
    publication = draft_publication(editor=guidance_editor)
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)
    for item in (publication, version):
        review.submit(item, by=guidance_editor)
        review.approve(item, by=guidance_reviewer)
        review.schedule(item, by=guidance_reviewer, publish_at=at)

    assert review.publish_due(now=at - datetime.timedelta(seconds=1)) == 0
    assert review.publish_due(now=at) == 2
    assert review.publish_due(now=at) == 0

    publication.refresh_from_db()
    version.refresh_from_db()
    assert (publication.status, version.status) == (ReviewStatus.PUBLISHED, ReviewStatus.PUBLISHED)
    assert publication.published_by is None
