"""The unconference: set-up by organisers (the event, its rooms and time slots), members' session
proposals, the organisers' review, session notes, and voting.

Every write except a vote is one transaction with its audit event. Votes are not audited one by
one (there are thousands, and a vote is not an administrative act); the Vote rows themselves are the
record, with their timestamps.

Vote limits hold under concurrent requests: `change_vote` takes a transaction-scoped advisory lock
keyed on the member on Postgres, then reads the proposal (locked) and the member's votes, and
inserts. Two requests from one member queue on the lock, so the second sees the first's vote;
different members wait for each other only when they vote on the same proposal at once.
`Proposal.vote_count` is changed with an F() expression in the same transaction as the Vote row, so
it always equals the rows.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import (
    Proposal,
    ProposalStatus,
    Room,
    ScheduledSession,
    SessionFormat,
    TimeSlot,
    Unconference,
    Vote,
)
from community.permissions import can_edit_proposal, can_propose, can_vote, is_meeting_organiser
from participation.services.audit import changed_fields, record_audit
from participation.services.locks import lock_until_commit
from participation.services.slugs import unique_slug

LONDON = ZoneInfo("Europe/London")

UNCONFERENCE_FIELDS = (
    "meeting",
    "title_en",
    "title_cy",
    "description_en",
    "description_cy",
    "date",
    "proposals_open_at",
    "proposals_close_at",
    "voting_open_at",
    "voting_close_at",
    "votes_per_member",
    "proposals_need_approval",
    "hide_counts_until_closed",
)
ROOM_FIELDS = ("name", "capacity", "location", "is_step_free", "accessibility_notes")
PROPOSAL_FIELDS = ("title", "description", "format", "needs", "needs_step_free")
MIN_VOTES, MAX_VOTES = 1, 20
MAX_CO_FACILITATORS = 5


# Helpers


def _require_organiser(user) -> None:
    if not is_meeting_organiser(user):
        raise PermissionDenied


def _plain(values: dict) -> dict:
    return {name: None if value is None else str(value) for name, value in values.items()}


def end_of_day(date: datetime.date) -> datetime.datetime:
    """Midnight at the end of `date`, UK time."""
    return datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time(0), tzinfo=LONDON)


def visible_statuses(unconference: Unconference) -> list[str]:
    """The statuses the public list shows and members may vote for: approved ones, or every
    submitted one when proposals need no approval."""
    if unconference.proposals_need_approval:
        return [ProposalStatus.APPROVED]
    return [ProposalStatus.APPROVED, ProposalStatus.SUBMITTED]


def visible_proposals(unconference: Unconference):
    return Proposal.objects.filter(unconference=unconference, status__in=visible_statuses(unconference))


def is_visible(proposal: Proposal) -> bool:
    return proposal.status in visible_statuses(proposal.unconference)


def counts_hidden(unconference: Unconference, user, now: datetime.datetime) -> bool:
    """Vote counts are hidden until voting closes when the organisers say so; organisers always see them."""
    return (
        unconference.hide_counts_until_closed and now < unconference.voting_close_at and not is_meeting_organiser(user)
    )


def _validate_unconference(values: dict) -> None:
    errors = {}
    p_open, p_close = values.get("proposals_open_at"), values.get("proposals_close_at")
    v_open, v_close = values.get("voting_open_at"), values.get("voting_close_at")
    if p_open and p_close and p_close <= p_open:
        errors["proposals_close_at"] = _("Proposals must close after they open")
    if v_open and v_close and v_close <= v_open:
        errors["voting_close_at"] = _("Voting must close after it opens")
    if p_open and v_open and v_open < p_open and "voting_open_at" not in errors:
        errors["voting_open_at"] = _("Voting cannot open before proposals open")
    if p_close and v_close and v_close < p_close and "voting_close_at" not in errors:
        errors["voting_close_at"] = _("Voting cannot close before proposals close")
    date = values.get("date")
    if date and v_close and v_close > end_of_day(date) and "voting_close_at" not in errors:
        errors["voting_close_at"] = _("Voting must close before the end of the unconference day")
    votes = values.get("votes_per_member")
    if votes is not None and not MIN_VOTES <= votes <= MAX_VOTES:
        errors["votes_per_member"] = _("Enter a number of votes from %(min)s to %(max)s") % {
            "min": MIN_VOTES,
            "max": MAX_VOTES,
        }
    if errors:
        raise ValidationError(errors)


# The unconference


def create_unconference(*, created_by, **values) -> Unconference:
    _require_organiser(created_by)
    fields = {name: values[name] for name in UNCONFERENCE_FIELDS if name in values}
    _validate_unconference(fields)
    with transaction.atomic():
        unconference = Unconference(created_by=created_by, **fields)
        unconference.slug = unique_slug(
            Unconference, unconference.title_en, suffix=str(unconference.date.year), fallback="unconference"
        )
        unconference.full_clean(exclude=["slug", "created_by", "meeting"])
        unconference.save()
        record_audit(
            actor=created_by, action="community.unconference.created", target=unconference, changes=_plain(fields)
        )
    return unconference


def update_unconference(*, unconference: Unconference, updated_by, **values) -> Unconference:
    _require_organiser(updated_by)
    fields = {name: values[name] for name in UNCONFERENCE_FIELDS if name in values}
    with transaction.atomic():
        unconference = Unconference.objects.select_for_update().get(pk=unconference.pk)
        _validate_unconference({**{name: getattr(unconference, name) for name in UNCONFERENCE_FIELDS}, **fields})
        changes = changed_fields(unconference, fields)
        if not changes:
            return unconference
        for name, value in fields.items():
            setattr(unconference, name, value)
        unconference.full_clean(exclude=["slug", "created_by", "meeting"])
        unconference.save()
        record_audit(actor=updated_by, action="community.unconference.updated", target=unconference, changes=changes)
    return unconference


# Rooms


def _validate_room(unconference: Unconference, fields: dict, room: Room | None = None) -> None:
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = _("Enter the room’s name")
    elif (
        Room.objects.filter(unconference=unconference, name__iexact=fields["name"].strip())
        .exclude(pk=getattr(room, "pk", None))
        .exists()
    ):
        errors["name"] = _("There is already a room with this name")
    capacity = fields.get("capacity")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("Enter how many people the room holds, 1 or more")
    if errors:
        raise ValidationError(errors)


def add_room(*, unconference: Unconference, added_by, **values) -> Room:
    _require_organiser(added_by)
    fields = {name: values[name] for name in ROOM_FIELDS if name in values}
    fields["name"] = (fields.get("name") or "").strip()
    with transaction.atomic():
        _validate_room(unconference, fields)
        position = Room.objects.filter(unconference=unconference).count()
        room = Room(unconference=unconference, position=position, **fields)
        room.full_clean(exclude=["unconference"])
        room.save()
        record_audit(actor=added_by, action="community.room.created", target=room, changes=_plain(fields))
    return room


def update_room(*, room: Room, updated_by, **values) -> Room:
    _require_organiser(updated_by)
    fields = {name: values[name] for name in ROOM_FIELDS if name in values}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        _validate_room(room.unconference, {**{n: getattr(room, n) for n in ROOM_FIELDS}, **fields}, room)
        changes = changed_fields(room, fields)
        if not changes:
            return room
        for name, value in fields.items():
            setattr(room, name, value)
        room.full_clean(exclude=["unconference"])
        room.save()
        record_audit(actor=updated_by, action="community.room.updated", target=room, changes=changes)
    return room


def remove_room(*, room: Room, removed_by) -> list[Proposal]:
    """Remove a room; the sessions scheduled in it are unscheduled (their proposals stay).
    Returns the proposals that were unscheduled."""
    _require_organiser(removed_by)
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        unscheduled = [s.proposal for s in ScheduledSession.objects.filter(room=room).select_related("proposal")]
        ScheduledSession.objects.filter(room=room).delete()
        record_audit(
            actor=removed_by,
            action="community.room.removed",
            target=room,
            changes={"unscheduled": [str(p.pk) for p in unscheduled]},
        )
        room.delete()
    return unscheduled


# Time slots


def add_slot(*, unconference: Unconference, added_by, starts_at: datetime.datetime, ends_at: datetime.datetime):
    """A slot on the unconference day (UK time), ending after it starts and overlapping no other slot."""
    _require_organiser(added_by)
    errors = {}
    if ends_at <= starts_at:
        errors["end_time"] = _("The slot must end after it starts")
    if timezone.localtime(starts_at, LONDON).date() != unconference.date:
        errors["start_time"] = _("The slot must be on the day of the unconference")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Serialise slot changes for this unconference so two overlapping slots cannot both pass the check.
        Unconference.objects.select_for_update().filter(pk=unconference.pk).first()
        clash = TimeSlot.objects.filter(unconference=unconference, starts_at__lt=ends_at, ends_at__gt=starts_at)
        if clash.exists():
            raise ValidationError({"start_time": _("This slot overlaps another slot")}, code="overlap")
        slot = TimeSlot.objects.create(unconference=unconference, starts_at=starts_at, ends_at=ends_at)
        record_audit(
            actor=added_by,
            action="community.slot.created",
            target=slot,
            changes=_plain({"starts_at": starts_at, "ends_at": ends_at}),
        )
    return slot


def remove_slot(*, slot: TimeSlot, removed_by) -> list[Proposal]:
    _require_organiser(removed_by)
    with transaction.atomic():
        slot = TimeSlot.objects.select_for_update().get(pk=slot.pk)
        unscheduled = [s.proposal for s in ScheduledSession.objects.filter(slot=slot).select_related("proposal")]
        ScheduledSession.objects.filter(slot=slot).delete()
        record_audit(
            actor=removed_by,
            action="community.slot.removed",
            target=slot,
            changes={"unscheduled": [str(p.pk) for p in unscheduled]},
        )
        slot.delete()
    return unscheduled


# Proposals


def find_members(emails: list[str]) -> list:
    """Existing, active members with these email addresses; an unknown address is a ValidationError."""
    User = get_user_model()
    wanted = {email.strip().lower() for email in emails if email.strip()}
    found = {}
    if wanted:
        people = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted, is_active=True)
        found = {person.email_lower: person for person in people}
    unknown = sorted(wanted - found.keys())
    if unknown:
        raise ValidationError(
            {
                "co_facilitators": _("We could not find a member with the email address %(emails)s")
                % {"emails": ", ".join(unknown)}
            },
            code="unknown_member",
        )
    return list(found.values())


def _validate_proposal(fields: dict) -> None:
    errors = {}
    if "title" in fields and not (fields["title"] or "").strip():
        errors["title"] = _("Enter a title for the session")
    if "description" in fields and not (fields["description"] or "").strip():
        errors["description"] = _("Describe the session")
    if "format" in fields and fields["format"] not in SessionFormat.values:
        errors["format"] = _("Choose a format from the list")
    if errors:
        raise ValidationError(errors)


def _set_co_facilitators(proposal: Proposal, people: list) -> list:
    people = [person for person in people if person.pk != proposal.facilitator_id]
    if len(people) > MAX_CO_FACILITATORS:
        raise ValidationError(
            {"co_facilitators": _("Add up to %(max)s co-facilitators") % {"max": MAX_CO_FACILITATORS}}
        )
    proposal.co_facilitators.set(people)
    return people


def create_proposal(
    *, unconference: Unconference, facilitator, co_facilitators=(), now: datetime.datetime | None = None, **values
) -> Proposal:
    now = now or timezone.now()
    if not can_propose(facilitator, unconference, now):
        raise ValidationError(_("Proposals for this unconference are closed."), code="closed")
    fields = {name: values[name] for name in PROPOSAL_FIELDS if name in values}
    _validate_proposal({"title": "", "description": "", "format": "", **fields})
    status = ProposalStatus.SUBMITTED if unconference.proposals_need_approval else ProposalStatus.APPROVED
    with transaction.atomic():
        proposal = Proposal(unconference=unconference, facilitator=facilitator, status=status, **fields)
        proposal.full_clean(exclude=["unconference", "facilitator", "notes_by"])
        proposal.save()
        people = _set_co_facilitators(proposal, list(co_facilitators))
        record_audit(
            actor=facilitator,
            action="community.proposal.created",
            target=proposal,
            changes={**_plain(fields), "status": status, "co_facilitators": sorted(str(p.pk) for p in people)},
        )
    return proposal


def update_proposal(
    *, proposal: Proposal, updated_by, co_facilitators=None, now: datetime.datetime | None = None, **values
) -> Proposal:
    now = now or timezone.now()
    fields = {name: values[name] for name in PROPOSAL_FIELDS if name in values}
    _validate_proposal(fields)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("unconference").get(pk=proposal.pk)
        if not can_edit_proposal(updated_by, proposal, now):
            if proposal.facilitator_id == updated_by.pk:
                raise ValidationError(_("Voting has opened, so this proposal can no longer be changed."), code="closed")
            raise PermissionDenied
        if proposal.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
        changes = changed_fields(proposal, fields)
        for name, value in fields.items():
            setattr(proposal, name, value)
        if co_facilitators is not None:
            before = set(proposal.co_facilitators.values_list("pk", flat=True))
            people = _set_co_facilitators(proposal, list(co_facilitators))
            after = {person.pk for person in people}
            if before != after:
                changes["co_facilitators"] = [sorted(map(str, before)), sorted(map(str, after))]
        if not changes:
            return proposal
        proposal.full_clean(exclude=["unconference", "facilitator", "notes_by"])
        proposal.save()
        record_audit(actor=updated_by, action="community.proposal.updated", target=proposal, changes=changes)
    return proposal


def _drop_votes(proposal: Proposal) -> int:
    """Delete the proposal's votes (giving members their votes back) and zero its count."""
    removed, _detail = Vote.objects.filter(proposal=proposal).delete()
    Proposal.objects.filter(pk=proposal.pk).update(vote_count=0)
    proposal.vote_count = 0
    return removed


def withdraw_proposal(*, proposal: Proposal, withdrawn_by) -> Proposal:
    """The facilitator (or an organiser) withdraws: the proposal loses its votes, leaves the list and the schedule."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("unconference").get(pk=proposal.pk)
        if proposal.facilitator_id != withdrawn_by.pk and not is_meeting_organiser(withdrawn_by):
            raise PermissionDenied
        if proposal.status == ProposalStatus.WITHDRAWN:
            return proposal
        old = proposal.status
        votes = _drop_votes(proposal)
        unscheduled = ScheduledSession.objects.filter(proposal=proposal).delete()[0]
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save(update_fields=["status", "updated_at"])
        record_audit(
            actor=withdrawn_by,
            action="community.proposal.withdrawn",
            target=proposal,
            changes={"status": [old, ProposalStatus.WITHDRAWN], "votes_removed": votes, "unscheduled": unscheduled},
        )
    return proposal


def review_proposal(*, proposal: Proposal, reviewed_by, decision: str) -> Proposal:
    """Approve or decline a proposal. Declining removes its votes, so members get them back."""
    _require_organiser(reviewed_by)
    if decision not in ("approve", "decline"):
        raise ValidationError(_("Choose approve or decline"), code="invalid_decision")
    new = ProposalStatus.APPROVED if decision == "approve" else ProposalStatus.DECLINED
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("unconference").get(pk=proposal.pk)
        if proposal.status == ProposalStatus.WITHDRAWN:
            raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
        if proposal.status == new:
            return proposal
        old = proposal.status
        changes = {"status": [old, new]}
        if new == ProposalStatus.DECLINED:
            changes["votes_removed"] = _drop_votes(proposal)
            changes["unscheduled"] = ScheduledSession.objects.filter(proposal=proposal).delete()[0]
        proposal.status = new
        proposal.save(update_fields=["status", "updated_at"])
        action = "community.proposal.approved" if new == ProposalStatus.APPROVED else "community.proposal.declined"
        record_audit(actor=reviewed_by, action=action, target=proposal, changes=changes)
    return proposal


def can_write_notes(user, proposal: Proposal, co_facilitator_ids) -> bool:
    return user.is_authenticated and (
        is_meeting_organiser(user) or proposal.facilitator_id == user.pk or user.pk in set(co_facilitator_ids)
    )


def notes_open(proposal: Proposal, now: datetime.datetime | None = None) -> bool:
    """Session notes are written from the unconference day onwards."""
    now = now or timezone.now()
    return timezone.localtime(now, LONDON).date() >= proposal.unconference.date


def save_notes(*, proposal: Proposal, saved_by, notes: str, now: datetime.datetime | None = None) -> Proposal:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("unconference").get(pk=proposal.pk)
        co_ids = proposal.co_facilitators.values_list("pk", flat=True)
        if not can_write_notes(saved_by, proposal, co_ids):
            raise PermissionDenied
        if not notes_open(proposal, now):
            raise ValidationError(_("Session notes can be added from the day of the unconference."), code="too_early")
        notes = (notes or "").strip()
        if len(notes) > 50000:
            raise ValidationError({"notes": _("Notes must be 50,000 characters or fewer")})
        if notes == proposal.notes:
            return proposal
        changes = {"notes": [proposal.notes, notes]}
        proposal.notes = notes
        proposal.notes_by = saved_by
        proposal.save(update_fields=["notes", "notes_by", "updated_at"])
        record_audit(actor=saved_by, action="community.proposal.notes_updated", target=proposal, changes=changes)
    return proposal


# Voting


@dataclass(frozen=True)
class Ballot:
    """Where a member stands after a vote change, read under their lock: the proposal (with its
    unconference and the vote count the change left it with), the ids of the proposals they vote
    for, and whether anything changed."""

    proposal: Proposal
    voted_for: frozenset
    changed: bool


def _lock_member(user_id) -> None:
    """Queue this member's vote changes behind each other, until commit. Keyed on the member alone
    so it can be taken before the proposal (and so its unconference) is read."""
    lock_until_commit(f"community.vote:{user_id}")


def votes_left(unconference: Unconference, user) -> int:
    used = Vote.objects.filter(unconference=unconference, user=user).count()
    return max(unconference.votes_per_member - used, 0)


def change_vote(*, proposals: QuerySet, pk, user, add: bool, now: datetime.datetime | None = None) -> Ballot:
    """Add (`add=True`) or take back `user`'s vote for proposal `pk`, found among `proposals` (the
    caller's scope, e.g. one unconference's) inside the transaction: Proposal.DoesNotExist if it is
    not there. Both need the voting window; adding needs a visible proposal and a vote left. Voting
    again, or taking back a vote there is none of, changes nothing.

    The proposal row is locked, so its status cannot change under us and its count is exact; the
    member's lock makes the read of their votes, and the limit checked against it, hold until commit."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_member(user.pk)
        proposal = proposals.select_related("unconference").select_for_update(of=("self",)).get(pk=pk)
        unconference = proposal.unconference
        if not can_vote(user, unconference, now):
            raise ValidationError(_("Voting is not open for this unconference."), code="closed")
        if add and not is_visible(proposal):
            raise ValidationError(_("You cannot vote for this proposal."), code="not_visible")
        voted_for = set(Vote.objects.filter(unconference=unconference, user=user).values_list("proposal_id", flat=True))
        if add == (proposal.pk in voted_for):
            return Ballot(proposal=proposal, voted_for=frozenset(voted_for), changed=False)
        if add:
            if len(voted_for) >= unconference.votes_per_member:
                raise ValidationError(
                    _("You have used all %(count)s of your votes. Remove a vote to vote for this proposal.")
                    % {"count": unconference.votes_per_member},
                    code="limit",
                )
            Vote.objects.create(proposal=proposal, unconference=unconference, user=user)
            voted_for.add(proposal.pk)
            change = 1
        else:
            change = -Vote.objects.filter(proposal=proposal, user=user).delete()[0]
            voted_for.discard(proposal.pk)
        # An UPDATE ... RETURNING: the row gets the new count and so does `proposal`.
        proposal.vote_count = F("vote_count") + change
        proposal.save(update_fields=["vote_count"])
    return Ballot(proposal=proposal, voted_for=frozenset(voted_for), changed=True)


def cast_vote(proposal: Proposal, user, now: datetime.datetime | None = None) -> bool:
    """One vote from `user` for `proposal`. Returns whether it was new."""
    return change_vote(proposals=Proposal.objects.all(), pk=proposal.pk, user=user, add=True, now=now).changed


def remove_vote(proposal: Proposal, user, now: datetime.datetime | None = None) -> bool:
    """Take back a vote. Returns whether there was one."""
    return change_vote(proposals=Proposal.objects.all(), pk=proposal.pk, user=user, add=False, now=now).changed
