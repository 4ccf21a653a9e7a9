import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from participation.models import (
    Activity,
    ActivityMethod,
    AuditEvent,
    Membership,
    Organisation,
    ParticipantGroup,
    Project,
    Recommendation,
    User,
)
from participation.models.vocabularies import PublicationStatus


@pytest.fixture
def seeded_demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_creates_published_projects_for_the_demo_organisations(seeded_demo):
    published = Project.objects.published()

    assert set(published.values_list("organisation__slug", flat=True)) == {
        "dfe",
        "dsit",
        "ons",
        "dhsc",
        "welsh-government",
        "moj",
    }
    assert Project.objects.filter(publication_status=PublicationStatus.DRAFT).count() == 2
    marking = Project.objects.get(slug="ai-marking-assistant-for-schools")
    assert (marking.project_type, marking.lifecycle_phase) == ("ai_tool", "alpha")
    triage = Project.objects.get(slug="procurement-ai-triage-nhs-111")
    assert (triage.project_type, triage.procurement_stage) == ("procurement", "tender")
    welsh = Project.objects.get(organisation__slug="welsh-government")
    assert welsh.title_cy and welsh.summary_cy
    assert Activity.objects.get(slug="social-care-data-community-events").summary_cy


def test_seed_demo_activities_have_groups_responses_and_suppressed_counts(seeded_demo):
    published = Activity.objects.published()

    assert ActivityMethod.objects.filter(activity__in=published, method="citizens_jury").exists()
    assert ActivityMethod.objects.filter(activity__in=published, method="worker_consultation").exists()
    assert ParticipantGroup.objects.filter(activity__in=published, took_part_count__lt=5).exists()
    statuses = set(Recommendation.objects.filter(activity__in=published).values_list("response_status", flat=True))
    assert statuses == {"accepted", "partly", "not_accepted", "under_consideration"}
    overdue = [r for r in Recommendation.objects.all() if r.is_overdue]
    assert len(overdue) >= 1
    for activity in published:
        assert 2 <= activity.recommendations.count() <= 4
        assert activity.findings_en and activity.what_changed_en
        assert activity.participants_told_on and activity.participants_told_how


def test_seed_demo_is_idempotent_and_audits_records_once(seeded_demo):
    before = {
        model: model.objects.count()
        for model in (Project, Activity, ParticipantGroup, Recommendation, ActivityMethod, AuditEvent)
    }

    call_command("seed_demo", stdout=io.StringIO())

    after = {model: model.objects.count() for model in before}
    assert after == before
    assert AuditEvent.objects.filter(action="participation.project.created").count() == Project.objects.count()
    assert AuditEvent.objects.filter(action="participation.recommendation.created").count() == (
        Recommendation.objects.count()
    )


def test_seed_bench_creates_the_quality_sizes_at_a_tiny_scale(db, capsys):
    call_command("seed_bench", "--scale", "0.001")

    assert Organisation.objects.filter(slug__startswith="bench-").count() == 1
    assert User.objects.filter(email__startswith="bench-").count() == 10
    assert Membership.objects.filter(user__email__startswith="bench-").count() == 10
    assert Project.objects.count() == 5
    assert Activity.objects.count() == 100
    assert Recommendation.objects.count() == 300
    assert Activity.projects.through.objects.count() == 100
    assert ParticipantGroup.objects.count() >= 100
    assert ActivityMethod.objects.count() >= 100
    assert Recommendation.objects.exclude(response_status="").filter(responded_at__isnull=False).exists()
    assert "Benchmark data ready in" in capsys.readouterr().out


def test_seed_bench_is_deterministic(db):
    call_command("seed_bench", "--scale", "0.001", stdout=io.StringIO())
    first = list(Activity.objects.order_by("slug").values_list("id", "title_en", "actual_start"))

    call_command("seed_bench", "--scale", "0.001", "--reset", stdout=io.StringIO())

    assert list(Activity.objects.order_by("slug").values_list("id", "title_en", "actual_start")) == first
    assert first[0][2] >= date(2022, 1, 1)


def test_seed_bench_refuses_to_run_twice_without_reset(db):
    call_command("seed_bench", "--scale", "0.001", stdout=io.StringIO())

    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_bench", "--scale", "0.001")

    assert Activity.objects.count() == 100


def test_seed_bench_refuses_to_run_in_production(db, settings):
    settings.IS_PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        call_command("seed_bench", "--scale", "0.001")

    assert not Activity.objects.exists()
