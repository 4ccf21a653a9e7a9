"""The unconference demo data (seed_demo, community/demo_unconference.py) and benchmark data (seed_bench)."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from community import demo_unconference
from community.models import (
    AgendaItem,
    Meeting,
    Proposal,
    ProposalStatus,
    Room,
    ScheduleChange,
    ScheduledSession,
    TimeSlot,
    Unconference,
    Vote,
)
from participation.models import EmailDelivery

SEEDED_MODELS = (Unconference, Room, TimeSlot, Proposal, Vote, ScheduledSession, ScheduleChange, AgendaItem, Meeting)


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


def _past():
    return Unconference.objects.get(slug="participation-unconference-2026")


def _next():
    return Unconference.objects.get(slug__startswith="participation-unconference-next-")


def _assert_votes_consistent(unconferences) -> None:
    for unconference in unconferences:
        for proposal in unconference.proposals.annotate(rows=Count("votes")):
            assert proposal.vote_count == proposal.rows, proposal
        assert not Vote.objects.filter(unconference=unconference).exclude(proposal__unconference=unconference).exists()
        per_member = Vote.objects.filter(unconference=unconference).values("user").annotate(n=Count("pk"))
        assert max(row["n"] for row in per_member) <= unconference.votes_per_member


def _facilitators(session: ScheduledSession) -> set:
    return {session.proposal.facilitator_id, *(user.pk for user in session.proposal.co_facilitators.all())}


def test_seeding_makes_a_past_and_an_upcoming_unconference_with_consistent_vote_counts(seeded):
    past, upcoming = _past(), _next()

    _assert_votes_consistent([past, upcoming])
    assert past.date < timezone.localdate() < upcoming.date
    assert past.meeting and past.meeting.starts_at.date() == past.date
    assert upcoming.meeting and timezone.localtime(upcoming.meeting.starts_at).date() == upcoming.date
    assert past.rooms.count() == upcoming.rooms.count() == 4
    assert past.slots.count() == upcoming.slots.count() == 4
    for unconference in (past, upcoming):
        assert unconference.rooms.filter(is_step_free=False).count() == 1
        assert unconference.rooms.filter(location__startswith="https://").count() == 1
        for slot in unconference.slots.all():
            assert timezone.localtime(slot.starts_at).date() == unconference.date


def test_the_past_unconference_has_a_published_schedule_without_clashes(seeded):
    past = _past()
    sessions = list(
        ScheduledSession.objects.filter(unconference=past)
        .select_related("proposal", "room", "slot")
        .prefetch_related("proposal__co_facilitators")
    )

    assert past.proposals.filter(status=ProposalStatus.APPROVED).count() == past.proposals.count() == 14
    assert past.voting_close_at < past.schedule_published_at < timezone.now()
    assert past.is_schedule_published and past.schedule_version == 2
    assert list(ScheduleChange.objects.filter(unconference=past).values_list("version", flat=True)) == [2, 1]
    assert len(sessions) == 12
    assert len({(session.room_id, session.slot_id) for session in sessions}) == 12
    for session in sessions:
        assert session.room.unconference_id == session.slot.unconference_id == past.pk
        assert session.proposal.status == ProposalStatus.APPROVED
        if session.proposal.needs_step_free:
            assert session.room.is_step_free
    by_slot = {}
    for session in sessions:
        people = _facilitators(session)
        assert not people & by_slot.get(session.slot_id, set()), session
        by_slot.setdefault(session.slot_id, set()).update(people)
    # The most-voted proposals were scheduled: none left out has more votes than one scheduled.
    scheduled = {session.proposal_id for session in sessions}
    left_out = past.proposals.exclude(pk__in=scheduled)
    assert max(left_out.values_list("vote_count", flat=True)) <= min(s.proposal.vote_count for s in sessions)
    assert past.proposals.exclude(notes="").filter(pk__in=scheduled, notes_by__isnull=False).count() >= 4
    # Agendas only hold scheduled sessions, one per slot per person, never their own.
    items = AgendaItem.objects.filter(proposal__unconference=past).select_related("proposal__session")
    assert items.exists()
    assert all(item.proposal_id in scheduled for item in items)
    assert max(Counter((item.user_id, item.proposal.session.slot_id) for item in items).values()) == 1
    assert not items.filter(proposal__facilitator=F("user")).exists()


def test_the_upcoming_unconference_is_in_its_voting_window_without_a_schedule(seeded):
    upcoming = _next()
    now = timezone.now()

    assert upcoming.voting_open_at <= now < upcoming.voting_close_at
    assert datetime.timedelta(days=10) < upcoming.voting_close_at - now < datetime.timedelta(days=20)
    assert upcoming.proposals_open_at <= now < upcoming.proposals_close_at
    assert upcoming.voting_close_at < timezone.make_aware(datetime.datetime.combine(upcoming.date, datetime.time()))
    assert upcoming.proposals.count() == 10
    assert upcoming.proposals_need_approval
    waiting = upcoming.proposals.get(status=ProposalStatus.SUBMITTED)
    assert not waiting.votes.exists()
    assert Vote.objects.filter(unconference=upcoming).count() > 10
    assert not upcoming.is_schedule_published and not upcoming.sessions.exists()
    assert not upcoming.changes.exists()


def test_seeding_twice_changes_nothing_and_sends_no_email(seeded, django_capture_on_commit_callbacks):
    before = {model: model.objects.count() for model in SEEDED_MODELS}
    counts = list(Proposal.objects.order_by("pk").values_list("pk", "vote_count"))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())

    assert {model: model.objects.count() for model in SEEDED_MODELS} == before
    assert list(Proposal.objects.order_by("pk").values_list("pk", "vote_count")) == counts
    assert not EmailDelivery.objects.exists()


def test_a_new_upcoming_unconference_once_voting_on_the_last_has_closed(seeded):
    people = demo_unconference.User.objects.filter(email__endswith="@example.org")
    later = _next().voting_close_at + datetime.timedelta(days=1)

    created = demo_unconference.seed_unconferences({user.email: user for user in people}, now=later)

    assert created > 0
    assert Unconference.objects.filter(slug__startswith="participation-unconference-next-").count() == 2
    _assert_votes_consistent(Unconference.objects.all())


@pytest.mark.parametrize("day", [datetime.date(2026, 11, 20), datetime.date(2026, 11, 28), datetime.date(2026, 3, 2)])
def test_the_next_unconference_is_on_a_thursday_after_voting_and_not_over_the_holidays(day):
    now = datetime.datetime.combine(day, datetime.time(12), tzinfo=demo_unconference.LONDON)
    date = demo_unconference._next_day(now)

    assert date.weekday() == 3
    assert date > (now + datetime.timedelta(days=14)).date()
    assert not ((date.month, date.day) >= (12, 20) or (date.month, date.day) <= (1, 4))


# seed_bench


BENCH_SCALE = "0.002"  # 20 users; 2 unconferences (always at least two) with 2 proposals and 40 votes wanted each


def test_seed_bench_unconference_counts_and_limits(db):
    out = io.StringIO()
    call_command("seed_bench", "--scale", BENCH_SCALE, stdout=out)

    assert "unconference took" in out.getvalue()
    unconferences = Unconference.objects.filter(slug__startswith="bench-")
    assert unconferences.count() == 2
    assert Proposal.objects.filter(unconference__in=unconferences).count() == 4
    for unconference in unconferences:
        assert unconference.rooms.count() == 10 and unconference.slots.count() == 8
    _assert_votes_consistent(unconferences)
    assert not Vote.objects.exclude(proposal__status=ProposalStatus.APPROVED).exists()


def test_seed_bench_unconference_at_a_larger_scale_has_schedules_without_clashes(db):
    call_command("seed_bench", "--scale", "0.02", stdout=io.StringIO())

    unconferences = Unconference.objects.filter(slug__startswith="bench-")
    assert unconferences.count() == 2  # round(10 * 0.02) is 0: one past, one open
    assert Proposal.objects.count() == 40
    assert Vote.objects.count() == 800  # 200 members, 20 proposals each: enough voters for every vote wanted
    _assert_votes_consistent(unconferences)
    sessions = ScheduledSession.objects.select_related("proposal", "room", "slot").prefetch_related(
        "proposal__co_facilitators"
    )
    by_slot: dict = {}
    for session in sessions:
        assert session.proposal.status == ProposalStatus.APPROVED
        assert session.room.is_step_free or not session.proposal.needs_step_free
        people = _facilitators(session)
        assert not people & by_slot.get(session.slot_id, set())
        by_slot.setdefault(session.slot_id, set()).update(people)
    past, open_now = unconferences.order_by("date")
    now = timezone.now()
    assert past.is_schedule_published and past.sessions.count() == min(
        80, past.proposals.filter(status=ProposalStatus.APPROVED).count()
    )
    assert past.voting_close_at < now and past.changes.count() == 1
    assert open_now.voting_open_at <= now < open_now.voting_close_at
    assert not open_now.is_schedule_published and not open_now.sessions.exists()


def test_seed_bench_reset_rebuilds_the_same_unconference_votes(db):
    call_command("seed_bench", "--scale", BENCH_SCALE, stdout=io.StringIO())
    first = sorted(Vote.objects.values_list("proposal_id", "user__email"))

    call_command("seed_bench", "--scale", BENCH_SCALE, "--reset", stdout=io.StringIO())

    assert sorted(Vote.objects.values_list("proposal_id", "user__email")) == first
    assert Unconference.objects.count() == 2
