"""The schedule service: running the scheduler, moving and locking by hand, publishing versions with
a changelog, and telling the members whose planned sessions moved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import AgendaItem, ScheduleChange, ScheduledSession, Vote
from community.services import schedule as service
from participation.models import AuditEvent, EmailDelivery, NotificationKind, NotificationPreference
from participation.services.email import build_message
from tests.community.unconference_factories import (
    ProposalFactory,
    RoomFactory,
    TimeSlotFactory,
    UnconferenceFactory,
)
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db


def vote(proposal, user):
    Vote.objects.create(proposal=proposal, unconference=proposal.unconference, user=user)
    proposal.vote_count += 1
    proposal.save(update_fields=["vote_count"])


@pytest.fixture
def world(organiser):
    unconference = UnconferenceFactory()
    rooms = [
        RoomFactory(unconference=unconference, name="Big hall", capacity=50, position=0),
        RoomFactory(unconference=unconference, name="Side room", capacity=10, position=1, is_step_free=False),
    ]
    slots = [TimeSlotFactory(unconference=unconference) for _ in range(2)]
    proposals = [ProposalFactory(unconference=unconference, title=f"Session {n}") for n in range(4)]
    voters = [UserFactory() for _ in range(3)]
    for count, proposal in zip([3, 2, 1, 0], proposals, strict=True):
        for voter in voters[:count]:
            vote(proposal, voter)
    return {"unconference": unconference, "rooms": rooms, "slots": slots, "proposals": proposals, "by": organiser}


def placement(unconference):
    return {
        str(s.proposal_id): (s.room_id, s.slot_id, s.is_locked)
        for s in ScheduledSession.objects.filter(unconference=unconference)
    }


# Running


def test_co_votes_are_counted_by_pair_in_one_query(world, django_assert_num_queries):
    first, second, third, _fourth = world["proposals"]
    with django_assert_num_queries(1):
        pairs = service.co_votes(world["unconference"])
    # Voter 0 voted for 0,1,2; voter 1 for 0,1; voter 2 for 0.
    assert pairs == {
        frozenset((str(first.pk), str(second.pk))): 2,
        frozenset((str(first.pk), str(third.pk))): 1,
        frozenset((str(second.pk), str(third.pk))): 1,
    }


def test_running_places_every_session_and_records_it(world):
    result = service.run_scheduler(world["unconference"], world["by"])

    assert len(result.placements) == 4
    placed = placement(world["unconference"])
    assert set(placed) == {str(p.pk) for p in world["proposals"]}
    assert len({(room, slot) for room, slot, _locked in placed.values()}) == 4
    # The most-wanted session gets the biggest room.
    assert placed[str(world["proposals"][0].pk)][0] == world["rooms"][0].pk
    assert AuditEvent.objects.filter(action="community.schedule.run").count() == 1


def test_running_again_keeps_locked_sessions_and_replaces_the_rest(world):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    least = world["proposals"][3]
    session = ScheduledSession.objects.get(proposal=least)
    # Lock the least-wanted session in the best place.
    best = ScheduledSession.objects.get(proposal=world["proposals"][0])
    service.move_session(session, best.room, best.slot, world["by"])
    assert ScheduledSession.objects.get(proposal=least).is_locked

    service.run_scheduler(unconference, world["by"])

    locked = ScheduledSession.objects.get(proposal=least)
    assert (locked.room_id, locked.slot_id, locked.is_locked) == (best.room_id, best.slot_id, True)
    assert ScheduledSession.objects.filter(unconference=unconference).count() == 4


def test_withdrawn_and_unapproved_proposals_are_not_scheduled(world):
    unconference = world["unconference"]
    unconference.proposals_need_approval = True
    unconference.save()
    world["proposals"][1].status = "withdrawn"
    world["proposals"][1].save()
    world["proposals"][2].status = "submitted"
    world["proposals"][2].save()

    service.run_scheduler(unconference, world["by"])

    assert set(placement(unconference)) == {str(world["proposals"][0].pk), str(world["proposals"][3].pk)}


def test_only_organisers_run_the_scheduler(world, member):
    with pytest.raises(PermissionDenied):
        service.run_scheduler(world["unconference"], member)


# Moving and locking


def test_moving_onto_a_taken_place_swaps_the_two(world):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    a, b = (ScheduledSession.objects.get(proposal=p) for p in world["proposals"][:2])
    a_place, b_place = (a.room_id, a.slot_id), (b.room_id, b.slot_id)

    service.move_session(a, b.room, b.slot, world["by"])

    a, b = (ScheduledSession.objects.get(proposal=p) for p in world["proposals"][:2])
    assert (a.room_id, a.slot_id) == b_place
    assert (b.room_id, b.slot_id) == a_place
    assert a.is_locked and not b.is_locked
    assert AuditEvent.objects.filter(action="community.schedule.moved").count() == 1


def test_a_move_that_puts_a_facilitator_in_two_places_is_refused(world):
    unconference = world["unconference"]
    rooms, slots = world["rooms"], world["slots"]
    facilitator = UserFactory()
    talk = ProposalFactory(unconference=unconference, facilitator=facilitator, title="Talk")
    workshop = ProposalFactory(unconference=unconference, title="Workshop")
    workshop.co_facilitators.add(facilitator)
    talk_session = ScheduledSession.objects.create(
        unconference=unconference, proposal=talk, room=rooms[0], slot=slots[0]
    )
    workshop_session = ScheduledSession.objects.create(
        unconference=unconference, proposal=workshop, room=rooms[1], slot=slots[1]
    )

    with pytest.raises(ValidationError, match="shares a facilitator"):
        service.move_session(workshop_session, rooms[1], slots[0], world["by"])
    assert ScheduledSession.objects.get(pk=workshop_session.pk).slot_id == slots[1].pk
    assert ScheduledSession.objects.get(pk=talk_session.pk).slot_id == slots[0].pk


def test_a_step_free_need_cannot_go_to_a_room_with_steps(world):
    unconference = world["unconference"]
    needs = ProposalFactory(unconference=unconference, needs_step_free=True, title="Needs step-free")
    session = ScheduledSession.objects.create(
        unconference=unconference, proposal=needs, room=world["rooms"][0], slot=world["slots"][0]
    )
    with pytest.raises(ValidationError, match="needs a step-free room"):
        service.move_session(session, world["rooms"][1], world["slots"][0], world["by"])


def test_a_swap_that_would_send_the_other_session_to_a_room_with_steps_is_refused(world):
    unconference = world["unconference"]
    needs = ProposalFactory(unconference=unconference, needs_step_free=True, title="Needs step-free")
    other = ProposalFactory(unconference=unconference, title="Other")
    in_hall = ScheduledSession.objects.create(
        unconference=unconference, proposal=needs, room=world["rooms"][0], slot=world["slots"][0]
    )
    in_side = ScheduledSession.objects.create(
        unconference=unconference, proposal=other, room=world["rooms"][1], slot=world["slots"][0]
    )
    with pytest.raises(ValidationError, match="needs a step-free room"):
        service.move_session(in_side, in_hall.room, in_hall.slot, world["by"])


def test_a_locked_occupant_is_not_swapped(world):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    a, b = (ScheduledSession.objects.get(proposal=p) for p in world["proposals"][:2])
    service.toggle_lock(b, world["by"])
    with pytest.raises(ValidationError, match="locked"):
        service.move_session(a, b.room, b.slot, world["by"])


def test_locking_toggles_and_is_audited(world):
    service.run_scheduler(world["unconference"], world["by"])
    session = ScheduledSession.objects.first()
    assert service.toggle_lock(session, world["by"]).is_locked
    assert not service.toggle_lock(session, world["by"]).is_locked
    actions = list(AuditEvent.objects.filter(action__startswith="community.schedule.").values_list("action", flat=True))
    assert "community.schedule.locked" in actions and "community.schedule.unlocked" in actions


def test_placing_an_unscheduled_proposal_needs_an_empty_place(world):
    unconference = world["unconference"]
    first, second = world["proposals"][:2]
    ScheduledSession.objects.create(
        unconference=unconference, proposal=first, room=world["rooms"][0], slot=world["slots"][0]
    )
    with pytest.raises(ValidationError, match="already in that room"):
        service.place_proposal(unconference, second, world["rooms"][0], world["slots"][0], world["by"])
    session = service.place_proposal(unconference, second, world["rooms"][0], world["slots"][1], world["by"])
    assert session.is_locked


# Publishing


def test_publishing_makes_versions_and_a_changelog(world):
    unconference = world["unconference"]
    with pytest.raises(ValidationError, match="no sessions"):
        service.publish(unconference, world["by"])
    service.run_scheduler(unconference, world["by"])

    unconference = service.publish(unconference, world["by"])
    assert unconference.schedule_version == 1
    assert unconference.schedule_published_at is not None
    assert not ScheduleChange.objects.exists()

    with pytest.raises(ValidationError, match="Nothing has changed"):
        service.publish(unconference, world["by"], "No change")

    a, b = (ScheduledSession.objects.get(proposal=p) for p in world["proposals"][:2])
    service.move_session(a, b.room, b.slot, world["by"])
    with pytest.raises(ValidationError):
        service.publish(unconference, world["by"], "")
    unconference = service.publish(unconference, world["by"], "Swapped two sessions")

    assert unconference.schedule_version == 2
    change = ScheduleChange.objects.get()
    assert (change.version, change.summary) == (2, "Swapped two sessions")
    assert AuditEvent.objects.filter(action="community.schedule.published").count() == 2


def test_the_public_grid_shows_the_published_version_not_later_edits(world):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    service.publish(unconference, world["by"])
    before = service.published_snapshot(unconference)
    a, b = (ScheduledSession.objects.get(proposal=p) for p in world["proposals"][:2])
    service.move_session(a, b.room, b.slot, world["by"])

    assert service.published_snapshot(unconference) == before


def test_only_members_with_a_changed_session_on_their_agenda_are_emailed_once(
    world, django_capture_on_commit_callbacks
):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    unconference = service.publish(unconference, world["by"])
    first, second, third, _fourth = world["proposals"]
    for proposal in world["proposals"]:
        proposal.unconference = unconference  # as published
    planner, bystander, both, opted_out = (UserFactory() for _ in range(4))
    service.add_to_agenda(planner, first)
    service.add_to_agenda(bystander, third)
    service.add_to_agenda(both, first)
    service.add_to_agenda(both, second)
    service.add_to_agenda(opted_out, first)
    NotificationPreference.objects.create(user=opted_out, kind=NotificationKind.UNCONFERENCE_CHANGES, is_enabled=False)
    a, b = (ScheduledSession.objects.get(proposal=p) for p in (first, second))

    service.move_session(a, b.room, b.slot, world["by"])
    with django_capture_on_commit_callbacks(execute=False):
        unconference = service.publish(unconference, world["by"], "Swapped the first two")
    with pytest.raises(ValidationError):
        service.publish(unconference, world["by"], "Again")

    deliveries = EmailDelivery.objects.filter(kind=NotificationKind.UNCONFERENCE_CHANGES)
    sent = sorted((d.to_email, d.subject_key) for d in deliveries)
    assert sent == sorted(
        [
            (planner.email, f"unconference:{unconference.pk}:v2:{first.pk}"),
            (both.email, f"unconference:{unconference.pk}:v2:{first.pk}"),
            (both.email, f"unconference:{unconference.pk}:v2:{second.pk}"),
        ]
    )
    delivery = deliveries.get(to_email=planner.email)
    assert delivery.template == "community/emails/session_changed"
    assert delivery.context["title"] == first.title
    assert delivery.context["path"] == reverse("community:schedule", kwargs={"slug": unconference.slug})


def test_a_session_on_no_published_schedule_cannot_go_on_an_agenda(world, member):
    service.run_scheduler(world["unconference"], world["by"])
    with pytest.raises(ValidationError):
        service.add_to_agenda(member, world["proposals"][0])
    assert not AgendaItem.objects.exists()


def test_quality_counts_votes_served_and_clashes(world, django_assert_num_queries):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    sessions = list(ScheduledSession.objects.select_related("room"))
    proposals = list(service.eligible_proposals(unconference))
    with django_assert_num_queries(1):
        quality = service.quality(unconference, sessions, proposals)
    assert (quality.votes_served, quality.votes_total) == (6, 6)
    assert quality.clashes_avoided + quality.clashes_remaining == 4
    assert quality.unscheduled == []


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_change_email_says_what_when_and_links_back(world, language):
    unconference = world["unconference"]
    service.run_scheduler(unconference, world["by"])
    unconference = service.publish(unconference, world["by"])
    first, second = world["proposals"][:2]
    first.unconference = unconference
    reader = UserFactory(preferred_language=language)
    service.add_to_agenda(reader, first)
    a, b = (ScheduledSession.objects.get(proposal=p) for p in (first, second))
    service.move_session(a, b.room, b.slot, world["by"])
    service.publish(unconference, world["by"], "Swapped <rooms>")

    message = build_message(EmailDelivery.objects.get(to_email=reader.email))

    assert first.title in message.subject
    assert b.room.name in message.body
    assert "(UK time)" in message.body or language == "cy"
    assert f"/unconferences/{unconference.slug}/schedule/" in message.body
    assert "agenda.ics" in message.body
    html = message.alternatives[0][0]
    assert "Swapped &lt;rooms&gt;" in html
