"""The unconference service: set-up, rooms and slots, proposals, review, notes and votes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.models import Proposal, Room, ScheduledSession, TimeSlot, Vote
from community.services import unconference as service
from participation.models import AuditEvent
from tests.community.unconference_factories import (
    DAY,
    ProposalFactory,
    RoomFactory,
    TimeSlotFactory,
    UnconferenceFactory,
)
from tests.participation.factories import UserFactory

LONDON = ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def values(**overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=40)
    now = timezone.now()
    return {
        "title_en": "Participation unconference 2027",
        "description_en": "A day of sessions.",
        "date": day,
        "proposals_open_at": now,
        "proposals_close_at": now + 10 * DAY,
        "voting_open_at": now + 5 * DAY,
        "voting_close_at": now + 20 * DAY,
        "votes_per_member": 5,
        **overrides,
    }


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True))


# The unconference


def test_an_organiser_creates_an_unconference_with_an_audit_event(organiser):
    unconference = service.create_unconference(created_by=organiser, **values())

    assert unconference.slug.startswith("participation-unconference-2027-")
    assert unconference.created_by == organiser
    assert actions() == ["community.unconference.created"]


def test_slugs_stay_unique(organiser):
    first = service.create_unconference(created_by=organiser, **values())
    second = service.create_unconference(created_by=organiser, **values())
    assert first.slug != second.slug


def test_only_organisers_create(member):
    with pytest.raises(PermissionDenied):
        service.create_unconference(created_by=member, **values())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"proposals_close_at": timezone.now() - DAY}, "proposals_close_at"),
        ({"voting_close_at": timezone.now() + 4 * DAY}, "voting_close_at"),
        ({"voting_open_at": timezone.now() - DAY}, "voting_open_at"),
        ({"voting_close_at": timezone.now() + 60 * DAY}, "voting_close_at"),  # after the day
        ({"votes_per_member": 0}, "votes_per_member"),
        ({"votes_per_member": 21}, "votes_per_member"),
    ],
)
def test_windows_and_votes_are_validated(organiser, overrides, field):
    with pytest.raises(ValidationError) as error:
        service.create_unconference(created_by=organiser, **values(**overrides))
    assert field in error.value.error_dict
    assert not AuditEvent.objects.exists()


def test_voting_may_close_late_on_the_day_itself(organiser):
    data = values()
    data["voting_close_at"] = at(data["date"], 23, 59)
    assert service.create_unconference(created_by=organiser, **data).voting_close_at == data["voting_close_at"]


def test_update_records_only_the_changes(organiser):
    unconference = service.create_unconference(created_by=organiser, **values())
    service.update_unconference(unconference=unconference, updated_by=organiser, votes_per_member=3)
    service.update_unconference(unconference=unconference, updated_by=organiser, votes_per_member=3)

    event = AuditEvent.objects.get(action="community.unconference.updated")
    assert event.changes == {"votes_per_member": ["5", "3"]}


# Rooms and slots


def test_rooms_are_added_changed_and_removed_with_audit(organiser):
    unconference = UnconferenceFactory()
    room = service.add_room(unconference=unconference, added_by=organiser, name="Hall", capacity=80)
    with pytest.raises(ValidationError):
        service.add_room(unconference=unconference, added_by=organiser, name="hall", capacity=10)
    service.update_room(room=room, updated_by=organiser, capacity=60, is_step_free=False)
    service.remove_room(room=room, removed_by=organiser)

    assert not Room.objects.exists()
    assert actions() == ["community.room.created", "community.room.updated", "community.room.removed"]


def test_removing_a_room_unschedules_its_session(organiser):
    room = RoomFactory()
    slot = TimeSlotFactory(unconference=room.unconference)
    proposal = ProposalFactory(unconference=room.unconference)
    ScheduledSession.objects.create(unconference=room.unconference, proposal=proposal, room=room, slot=slot)

    unscheduled = service.remove_room(room=room, removed_by=organiser)

    assert unscheduled == [proposal]
    assert not ScheduledSession.objects.exists()
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_slots_must_be_on_the_day_and_must_not_overlap(organiser):
    unconference = UnconferenceFactory()
    day = unconference.date
    service.add_slot(unconference=unconference, added_by=organiser, starts_at=at(day, 10), ends_at=at(day, 11))

    with pytest.raises(ValidationError) as overlap:
        service.add_slot(
            unconference=unconference, added_by=organiser, starts_at=at(day, 10, 30), ends_at=at(day, 11, 30)
        )
    with pytest.raises(ValidationError) as backwards:
        service.add_slot(unconference=unconference, added_by=organiser, starts_at=at(day, 12), ends_at=at(day, 11))
    with pytest.raises(ValidationError) as other_day:
        service.add_slot(
            unconference=unconference, added_by=organiser, starts_at=at(day + DAY, 10), ends_at=at(day + DAY, 11)
        )
    service.add_slot(unconference=unconference, added_by=organiser, starts_at=at(day, 11), ends_at=at(day, 12))

    assert "start_time" in overlap.value.error_dict
    assert "end_time" in backwards.value.error_dict
    assert "start_time" in other_day.value.error_dict
    assert TimeSlot.objects.count() == 2
    assert actions() == ["community.slot.created", "community.slot.created"]


def test_a_slot_across_the_clocks_going_back_is_stored_in_uk_time(organiser):
    # 25 October 2026: the clocks go back at 02:00 BST. A slot entered as 09:00 is 09:00 GMT.
    unconference = UnconferenceFactory(
        date=datetime.date(2026, 10, 25),
        proposals_open_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
        proposals_close_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
        voting_open_at=datetime.datetime(2026, 9, 15, tzinfo=datetime.UTC),
        voting_close_at=datetime.datetime(2026, 10, 20, tzinfo=datetime.UTC),
    )
    slot = service.add_slot(
        unconference=unconference,
        added_by=organiser,
        starts_at=at(unconference.date, 9),
        ends_at=at(unconference.date, 10),
    )
    assert slot.starts_at == datetime.datetime(2026, 10, 25, 9, tzinfo=datetime.UTC)


# Proposals


def test_a_member_proposes_with_co_facilitators(member):
    unconference = UnconferenceFactory()
    partner = UserFactory(email="Partner@Example.org")

    people = service.find_members(["partner@example.org"])
    proposal = service.create_proposal(
        unconference=unconference,
        facilitator=member,
        co_facilitators=people,
        title="Paying participants",
        description="How do we do it?",
        format="discussion",
    )

    assert list(proposal.co_facilitators.all()) == [partner]
    assert proposal.status == "approved"  # no approval needed
    assert actions() == ["community.proposal.created"]


def test_an_unknown_co_facilitator_is_an_error(db):
    with pytest.raises(ValidationError) as error:
        service.find_members(["nobody@example.org"])
    assert "nobody@example.org" in str(error.value.error_dict["co_facilitators"])


def test_proposals_need_approval_when_the_organisers_say_so(member, organiser):
    unconference = UnconferenceFactory(proposals_need_approval=True)
    proposal = service.create_proposal(
        unconference=unconference, facilitator=member, title="T", description="D", format="talk"
    )
    assert proposal.status == "submitted"
    with pytest.raises(ValidationError):
        service.cast_vote(proposal, member)

    service.review_proposal(proposal=proposal, reviewed_by=organiser, decision="approve")
    service.cast_vote(proposal, member)
    assert Vote.objects.count() == 1


def test_proposals_are_refused_outside_the_window(member):
    unconference = UnconferenceFactory(
        proposals_open_at=timezone.now() - 10 * DAY, proposals_close_at=timezone.now() - DAY
    )
    with pytest.raises(ValidationError):
        service.create_proposal(
            unconference=unconference, facilitator=member, title="T", description="D", format="talk"
        )
    assert not Proposal.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_facilitator_edits_until_voting_opens(member):
    unconference = UnconferenceFactory(voting_open_at=timezone.now() + DAY)
    proposal = ProposalFactory(unconference=unconference, facilitator=member)

    service.update_proposal(proposal=proposal, updated_by=member, title="Better title")
    with pytest.raises(ValidationError):
        service.update_proposal(proposal=proposal, updated_by=member, title="Late", now=timezone.now() + 2 * DAY)

    proposal.refresh_from_db()
    assert proposal.title == "Better title"
    assert actions() == ["community.proposal.updated"]


def test_someone_else_cannot_edit(member, outsider):
    proposal = ProposalFactory(facilitator=member, unconference__voting_open_at=timezone.now() + DAY)
    with pytest.raises(PermissionDenied):
        service.update_proposal(proposal=proposal, updated_by=outsider, title="Mine now")


def test_withdrawing_gives_the_votes_back(member, outsider):
    proposal = ProposalFactory(facilitator=member)
    service.cast_vote(proposal, outsider)

    service.withdraw_proposal(proposal=proposal, withdrawn_by=member)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.vote_count) == ("withdrawn", 0)
    assert not Vote.objects.exists()
    assert service.votes_left(proposal.unconference, outsider) == 5
    with pytest.raises(ValidationError):
        service.cast_vote(proposal, outsider)
    assert "community.proposal.withdrawn" in actions()


def test_declining_gives_the_votes_back(organiser, outsider):
    proposal = ProposalFactory()
    service.cast_vote(proposal, outsider)
    service.review_proposal(proposal=proposal, reviewed_by=organiser, decision="decline")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.vote_count, Vote.objects.count()) == ("declined", 0, 0)
    assert actions() == ["community.proposal.declined"]


def test_a_bad_review_decision_is_refused(organiser):
    with pytest.raises(ValidationError):
        service.review_proposal(proposal=ProposalFactory(), reviewed_by=organiser, decision="delete")


def test_notes_from_the_day_by_facilitators(member, outsider):
    today = timezone.localdate()
    proposal = ProposalFactory(
        facilitator=member,
        unconference__date=today,
        unconference__voting_close_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    co = UserFactory()
    proposal.co_facilitators.add(co)

    service.save_notes(proposal=proposal, saved_by=co, notes="## What we said")
    with pytest.raises(PermissionDenied):
        service.save_notes(proposal=proposal, saved_by=outsider, notes="x")

    proposal.refresh_from_db()
    assert (proposal.notes, proposal.notes_by) == ("## What we said", co)
    assert actions() == ["community.proposal.notes_updated"]


def test_notes_wait_for_the_day(member):
    proposal = ProposalFactory(facilitator=member)  # the day is a month away
    with pytest.raises(ValidationError):
        service.save_notes(proposal=proposal, saved_by=member, notes="Too early")


# Votes


def test_votes_count_up_to_the_limit_and_never_twice(member):
    unconference = UnconferenceFactory(votes_per_member=2)
    first, second, third = (ProposalFactory(unconference=unconference) for _ in range(3))

    service.cast_vote(first, member)
    service.cast_vote(first, member)  # again: no change
    service.cast_vote(second, member)
    with pytest.raises(ValidationError) as error:
        service.cast_vote(third, member)

    assert error.value.code == "limit"
    assert Vote.objects.filter(user=member).count() == 2
    for proposal in (first, second, third):
        proposal.refresh_from_db()
        assert proposal.vote_count == Vote.objects.filter(proposal=proposal).count()
    assert service.votes_left(unconference, member) == 0
    assert not AuditEvent.objects.exists()  # votes are not audited one by one


def test_removing_a_vote_frees_it(member):
    unconference = UnconferenceFactory(votes_per_member=1)
    first, second = ProposalFactory(unconference=unconference), ProposalFactory(unconference=unconference)
    service.cast_vote(first, member)

    assert service.remove_vote(first, member) is True
    assert service.remove_vote(first, member) is False
    service.cast_vote(second, member)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.vote_count, second.vote_count) == (0, 1)


def test_a_vote_change_hands_back_the_exact_count_and_my_votes(member, django_assert_num_queries):
    unconference = UnconferenceFactory(votes_per_member=3)
    chosen, other = ProposalFactory(unconference=unconference), ProposalFactory(unconference=unconference)
    service.cast_vote(other, member)
    for _ in range(2):
        service.cast_vote(chosen, UserFactory())
    scope = Proposal.objects.filter(unconference__slug=unconference.slug)

    # savepoint, lock, proposal, my votes, insert, count (RETURNING), release
    with django_assert_num_queries(7):
        added = service.change_vote(proposals=scope, pk=chosen.pk, user=member, add=True)
    again = service.change_vote(proposals=scope, pk=chosen.pk, user=member, add=True)
    removed = service.change_vote(proposals=scope, pk=chosen.pk, user=member, add=False)

    assert (added.changed, added.proposal.vote_count, added.voted_for) == (True, 3, {chosen.pk, other.pk})
    assert (again.changed, again.proposal.vote_count, again.voted_for) == (False, 3, {chosen.pk, other.pk})
    assert (removed.changed, removed.proposal.vote_count, removed.voted_for) == (True, 2, {other.pk})
    chosen.refresh_from_db()
    assert chosen.vote_count == 2 == Vote.objects.filter(proposal=chosen).count()


def test_a_vote_outside_the_scope_is_not_found(member):
    proposal = ProposalFactory()
    elsewhere = Proposal.objects.filter(unconference__slug=UnconferenceFactory().slug)
    with pytest.raises(Proposal.DoesNotExist):
        service.change_vote(proposals=elsewhere, pk=proposal.pk, user=member, add=True)
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "window",
    [
        {"voting_open_at": timezone.now() + DAY},
        {"voting_open_at": timezone.now() - 3 * DAY, "voting_close_at": timezone.now() - DAY},
    ],
)
def test_no_voting_outside_the_window(member, window):
    proposal = ProposalFactory(**{f"unconference__{name}": value for name, value in window.items()})
    with pytest.raises(ValidationError) as error:
        service.cast_vote(proposal, member)
    assert error.value.code == "closed"
    with pytest.raises(ValidationError):
        service.remove_vote(proposal, member)
    assert not Vote.objects.exists()


def test_counts_are_hidden_until_voting_closes_except_from_organisers(member, organiser):
    unconference = UnconferenceFactory(hide_counts_until_closed=True)
    now = timezone.now()
    assert service.counts_hidden(unconference, member, now)
    assert not service.counts_hidden(unconference, organiser, now)
    assert not service.counts_hidden(unconference, member, unconference.voting_close_at)
