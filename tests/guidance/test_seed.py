"""The demo data's guidance (seed_demo, guidance/demo.py) and the benchmark guidance (seed_bench)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from guidance import demo
from guidance.models import (
    Adoption,
    GlossaryTerm,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    Pilot,
    PilotFeedback,
    ReviewStatus,
    Subscription,
    TriageStatus,
    VersionComment,
    WelshStatus,
)
from guidance.services import feedback as feedback_service
from guidance.services import review, subscriptions, workflow
from participation.models import AuditEvent, EmailDelivery, NotificationKind
from participation.services import email as email_service
from participation.services import queue

GUIDANCE_EMAILS = [
    NotificationKind.GUIDANCE_UPDATES,
    NotificationKind.GUIDANCE_REVIEW,
    NotificationKind.FEEDBACK_ADDRESSED,
]
SEEDED_MODELS = (
    GuidanceDocument,
    GuidanceVersion,
    GuidanceSection,
    VersionComment,
    Pilot,
    PilotFeedback,
    Adoption,
    Subscription,
    GlossaryTerm,
    AuditEvent,
    EmailDelivery,
)


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    # The callbacks run as they would after a real commit: nothing may go out from them either.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


def _document(word: str) -> GuidanceDocument:
    return GuidanceDocument.objects.get(title_en__icontains=word)


def test_seed_demo_creates_three_documents_each_with_a_published_history(seeded):
    documents = GuidanceDocument.objects.published()

    assert documents.count() == 3
    assert set(documents.values_list("topic", flat=True)) == {"procurement", "official_statistics", "data_sharing"}
    for document in documents:
        published = document.versions.filter(status=ReviewStatus.PUBLISHED).order_by("major", "minor")
        assert published.count() >= 3
        assert document.current_version == published.last()
        assert document.published_at == document.current_version.published_at
        assert document.published_at < timezone.now()
        assert document.search_text  # refreshed on publish
        assert {"major", "minor"} <= set(published.values_list("change_type", flat=True))
        for version in published:
            assert version.change_note_en
            assert 4 <= version.sections.count() <= 7
            # The two-person rule: one demo editor wrote it, the other approved it.
            assert version.created_by.email == demo.WRITER
            assert version.approved_by.email == demo.APPROVER
    procurement = _document("procurement")
    assert procurement.organisation.slug == "welsh-government"
    assert set(procurement.partners.values_list("slug", flat=True)) == {"tuc-cymru", "dsit", "connected-by-data"}


def test_seed_demo_has_a_scheduled_version_and_one_in_review(seeded):
    scheduled = GuidanceVersion.objects.get(status=ReviewStatus.APPROVED)
    in_review = GuidanceVersion.objects.get(status=ReviewStatus.IN_REVIEW)

    assert scheduled.publish_at > timezone.now()
    assert scheduled.approved_by_id != scheduled.created_by_id
    assert scheduled.addressed_feedback.exists()
    assert in_review.document == _document("statistics")
    assert in_review.comments.exists()
    assert in_review.addressed_feedback.filter(status=TriageStatus.ACCEPTED).exists()


def test_seed_demo_scheduled_version_goes_live_when_due_and_closes_its_feedback(seeded):
    scheduled = GuidanceVersion.objects.get(status=ReviewStatus.APPROVED)
    linked = list(scheduled.addressed_feedback.all())

    assert review.publish_due(now=scheduled.publish_at) == 1

    scheduled.refresh_from_db()
    assert scheduled.is_published
    assert scheduled.document.current_version == scheduled
    assert all(
        item.status == TriageStatus.ADDRESSED for item in PilotFeedback.objects.filter(pk__in=[i.pk for i in linked])
    )


def test_seed_demo_welsh_text_varies_so_the_welsh_notice_shows(seeded):
    procurement = _document("procurement").current_version
    statistics = _document("statistics").current_version
    data_sharing = _document("data sharing").current_version

    translated = [section.is_translated for section in procurement.sections.all()]
    assert sum(translated) > len(translated) / 2
    assert statistics.welsh_status == WelshStatus.PARTIAL
    assert data_sharing.welsh_status == WelshStatus.NONE
    assert not any(section.body_cy for section in data_sharing.sections.all())
    assert GuidanceVersion.objects.exclude(change_note_cy="").exists()


def test_seed_demo_feedback_is_in_every_triage_state_and_addressed_feedback_shows_on_the_fixing_version(seeded):
    statuses = set(PilotFeedback.objects.values_list("status", flat=True))

    assert statuses == set(TriageStatus.values)
    for item in PilotFeedback.objects.filter(status=TriageStatus.ADDRESSED).select_related("addressed_in"):
        assert item.addressed_in.is_published
        assert item.addressed_in.document_id == item.version.document_id
        assert item.may_publish  # so the public page can say "changed because pilots said…"
        assert item.response
    for item in PilotFeedback.objects.filter(status=TriageStatus.DECLINED):
        assert item.response and item.triaged_by is not None
    assert PilotFeedback.objects.exclude(activity=None).exists()


def test_seed_demo_pilots_adoptions_subscriptions_and_glossary(seeded):
    assert Pilot.objects.values("organisation").distinct().count() >= 4
    assert Pilot.objects.filter(projects__isnull=False).values("organisation").distinct().count() >= 3
    assert Adoption.objects.values("organisation").distinct().count() >= 4
    assert Subscription.objects.filter(document__isnull=False).count() >= 2
    assert Subscription.objects.filter(document__isnull=True).exclude(topic="").count() >= 2
    terms = GlossaryTerm.objects.all()
    assert terms.count() >= 12
    assert all(term.term_cy and term.definition_cy for term in terms)
    live_text = " ".join(
        GuidanceSection.objects.filter(version__status=ReviewStatus.PUBLISHED).values_list("body_en", flat=True)
    )
    for term in terms:
        assert re.search(rf"\b{re.escape(term.term_en)}\b", live_text, flags=re.IGNORECASE), term.term_en


def test_seed_demo_sends_no_guidance_email(seeded):
    assert not EmailDelivery.objects.filter(kind__in=GUIDANCE_EMAILS).exists()
    # The services' outlets are back in place once seeding is over.
    assert review.queue_email is email_service.queue_email
    assert feedback_service.queue_email is email_service.queue_email
    assert workflow.enqueue is queue.enqueue
    # The history is marked as announced, so the sweep for missed notices has nothing to send.
    majors = GuidanceVersion.objects.filter(status=ReviewStatus.PUBLISHED, change_type="major")
    assert not majors.filter(subscribers_notified_at__isnull=True).exists()
    assert subscriptions.requeue_missed_notices(now=timezone.now() + timedelta(days=1)) == 0


def test_seed_demo_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = {model: model.objects.count() for model in SEEDED_MODELS}

    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)

    assert {model: model.objects.count() for model in SEEDED_MODELS} == before
    assert "Guidance: 0 new records." in out.getvalue()


def test_seed_bench_adds_guidance_with_five_published_versions_each(db):
    out = io.StringIO()
    call_command("seed_bench", "--scale", "0.002", stdout=out)

    documents = GuidanceDocument.objects.filter(slug__startswith="bench-").select_related("current_version")
    assert documents.count() == 1
    for document in documents:
        versions = document.versions.all()
        assert versions.count() == 5
        assert all(version.status == ReviewStatus.PUBLISHED for version in versions)
        assert document.current_version == versions.first()  # the highest number
        assert document.published_at == document.current_version.published_at
        assert document.current_version.sections.count() == 6
        stored = document.search_text
        workflow.refresh_search_text(document)
        document.refresh_from_db()
        assert document.search_text == stored
    assert PilotFeedback.objects.count() == 20
    assert Pilot.objects.exists() and Adoption.objects.exists() and Subscription.objects.exists()
    for item in PilotFeedback.objects.filter(status=TriageStatus.ADDRESSED).select_related("addressed_in", "version"):
        assert (item.addressed_in.major, item.addressed_in.minor) > (item.version.major, item.version.minor)
    assert "guidance took" in out.getvalue()


def test_seed_bench_guidance_is_deterministic_and_reset_replaces_it(db):
    call_command("seed_bench", "--scale", "0.002", stdout=io.StringIO())
    first = list(GuidanceSection.objects.order_by("id").values_list("id", "body_en"))

    call_command("seed_bench", "--scale", "0.002", "--reset", stdout=io.StringIO())

    assert list(GuidanceSection.objects.order_by("id").values_list("id", "body_en")) == first
    assert GuidanceDocument.objects.count() == 1
