"""The demo data's publications and outreach events (seed_demo, guidance/demo.py)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from guidance import demo
from guidance.models import (
    OutreachEvent,
    OutreachRole,
    Publication,
    PublicationAuthor,
    PublicationComment,
    PublicationKind,
    PublicationPDF,
    ReviewStatus,
    Topic,
)
from participation.models import AuditEvent, EmailDelivery, NotificationKind

SEEDED_MODELS = (Publication, PublicationAuthor, PublicationComment, PublicationPDF, OutreachEvent, AuditEvent)


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_has_several_of_each_kind_mostly_published_through_the_two_person_review(seeded):
    kinds = Counter(Publication.objects.values_list("kind", flat=True))
    statuses = Counter(Publication.objects.values_list("status", flat=True))

    assert set(kinds) == set(PublicationKind.values)
    assert min(kinds.values()) >= 3
    assert statuses == {
        ReviewStatus.PUBLISHED: len(demo.PUBLICATIONS) - 1,  # the one drafted from an activity is published
        ReviewStatus.IN_REVIEW: 1,
        ReviewStatus.DRAFT: 1,
    }
    for publication in Publication.objects.published().prefetch_related("authors"):
        authors = {author.user_id for author in publication.authors.all()}
        assert publication.approved_by_id not in authors | {publication.created_by_id}
        assert publication.published_by_id == publication.approved_by_id
        assert publication.published_at < timezone.now()
        assert publication.publication_date == timezone.localdate(publication.published_at)
        assert publication.topics and set(publication.topics) <= set(Topic.values)
        assert publication.search_text
    bilingual = Publication.objects.exclude(title_cy="").exclude(summary_cy="")
    assert bilingual.count() > Publication.objects.count() / 2
    assert Publication.objects.exclude(body_cy="").count() >= 3


def test_seed_demo_publication_in_review_has_a_comment_and_the_draft_is_not_dated(seeded):
    in_review = Publication.objects.get(status=ReviewStatus.IN_REVIEW)
    draft = Publication.objects.get(status=ReviewStatus.DRAFT)

    assert in_review.kind == PublicationKind.CASE_STUDY
    assert [comment.author.email for comment in in_review.comments.all()] == [demo.WRITER]
    assert in_review.submitted_at < timezone.now()
    assert draft.publication_date is None
    assert draft.submitted_at is None


def test_seed_demo_case_study_drafted_from_an_activity_links_it_and_is_published(seeded):
    case_study = Publication.objects.get(activities__slug=demo.CASE_STUDY_FROM_ACTIVITY["activity"])

    assert case_study.kind == PublicationKind.CASE_STUDY
    assert case_study.status == ReviewStatus.PUBLISHED
    assert case_study.title_en == demo.CASE_STUDY_FROM_ACTIVITY["title_en"]
    assert list(case_study.projects.values_list("slug", flat=True)) == ["official-statistic-online-harms"]
    # Pre-filled from the register by draft_case_study: findings and "you said, we did".
    assert "**severity**" in case_study.body_en
    assert "**You said:** Measure how serious each harm was" in case_study.body_en
    assert list(case_study.related_guidance.values_list("title_en", flat=True)) == [demo.STATISTICS_TITLE]
    named = case_study.authors.filter(is_named=True).values_list("user__email", flat=True)
    assert list(named) == [demo.WRITER, "editor@example.org"]
    # Every other case study links the register too.
    for other in Publication.objects.filter(kind=PublicationKind.CASE_STUDY):
        assert other.activities.exists() and other.projects.exists()


def test_seed_demo_consultation_responses_record_the_consultation_and_one_has_a_ready_pdf(seeded):
    responses = Publication.objects.filter(kind=PublicationKind.CONSULTATION_RESPONSE)

    for response in responses:
        assert response.consultation_title
        assert response.consultation_department
        assert response.consultation_url.startswith("https://")
        assert response.consultation_closes_on >= response.publication_date
    pdf = PublicationPDF.objects.get(publication__title_en=demo.PDF_RESPONSE, language="en")
    assert pdf.status == PublicationPDF.Status.DONE
    assert pdf.page_count >= 1
    assert pdf.file.name.endswith(".pdf")
    with pdf.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_seed_demo_one_author_chose_not_to_be_named(seeded):
    unnamed = PublicationAuthor.objects.filter(is_named=False)

    assert [author.user.email for author in unnamed] == [demo.UNNAMED_AUTHOR]
    assert unnamed.get().publication.authors.filter(is_named=True).exists()


def test_seed_demo_outreach_events_past_and_upcoming_in_every_role(seeded):
    today = timezone.localdate()
    events = OutreachEvent.objects.listed()

    assert events.count() == len(demo.OUTREACH_EVENTS) >= 6
    assert events.filter(starts_on__lt=today).count() == 4
    assert events.filter(starts_on__gt=today).count() == 3
    assert set(events.values_list("role", flat=True)) == set(OutreachRole.values)
    assert events.exclude(slides_url="").count() == 2
    write_ups = events.exclude(write_up=None).select_related("write_up")
    assert write_ups.count() == 3
    for event in write_ups:
        assert event.write_up.kind == PublicationKind.EVENT_WRITE_UP
        assert event.write_up.is_published
        assert event.starts_on < event.write_up.publication_date


def test_seed_demo_sends_no_review_email_for_publications(seeded):
    assert not EmailDelivery.objects.filter(kind=NotificationKind.GUIDANCE_REVIEW).exists()


def test_seed_demo_twice_adds_no_publications_or_events(seeded, django_capture_on_commit_callbacks):
    before = {model: model.objects.count() for model in SEEDED_MODELS}

    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)

    assert {model: model.objects.count() for model in SEEDED_MODELS} == before
    assert "Guidance: 0 new records." in out.getvalue()
