"""The unconference schedule: running the scheduler, adjusting by hand, publishing in versions, and
members' personal agendas.

Every write locks the unconference row first, so two organisers working on one schedule at once take
turns, and is one transaction with its audit event.

Slots are ranked by time: the earliest is the best (rank 0). People drift away through the day more
than they arrive late, so the most-wanted sessions go first.

Published versions. The public grid, personal agendas and `.ics` files show the *published*
placement (`Unconference.published_schedule`), not the organisers' work in progress. The next
publish compares against it to find the sessions whose room or time changed, and tells the members
who planned to attend each one.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import (
    AgendaItem,
    Proposal,
    ProposalStatus,
    Room,
    ScheduleChange,
    ScheduledSession,
    TimeSlot,
    Unconference,
    Vote,
)
from community.permissions import is_meeting_organiser
from community.services.scheduler import (
    Placement,
    RoomInput,
    ScheduleResult,
    SessionInput,
    SlotInput,
    build_schedule,
)
from participation.models import NotificationKind
from participation.services.audit import record_audit
from participation.services.email import queue_email

CHANGED_TEMPLATE = "community/emails/session_changed"
PUBLISHED = "community.schedule.published"


# Helpers


def _require_organiser(user) -> None:
    if not is_meeting_organiser(user):
        raise PermissionDenied


def _lock(unconference: Unconference) -> Unconference:
    return Unconference.objects.select_for_update().get(pk=unconference.pk)


def eligible_proposals(unconference: Unconference):
    """The proposals that may be scheduled: approved ones, or (when proposals need no approval)
    submitted ones too. Never withdrawn or declined."""
    statuses = [ProposalStatus.APPROVED]
    if not unconference.proposals_need_approval:
        statuses.append(ProposalStatus.SUBMITTED)
    return Proposal.objects.filter(unconference=unconference, status__in=statuses)


def co_votes(unconference: Unconference) -> dict[frozenset[str], int]:
    """How many members voted for both of each pair of proposals: one query, a self-join on Vote
    (through the voter) grouped by the pair."""
    rows = (
        Vote.objects.filter(
            unconference=unconference,
            user__unconference_votes__unconference=unconference,
            proposal_id__lt=F("user__unconference_votes__proposal_id"),
        )
        .values_list("proposal_id", "user__unconference_votes__proposal_id")
        .annotate(members=Count("user_id"))
        .order_by()
    )
    return {frozenset((str(first), str(second))): members for first, second, members in rows}


def _facilitators(proposals) -> dict:
    through = Proposal.co_facilitators.through
    people = {proposal.pk: {str(proposal.facilitator_id)} for proposal in proposals}
    for proposal_id, user_id in through.objects.filter(proposal__in=list(people)).values_list("proposal_id", "user_id"):
        people[proposal_id].add(str(user_id))
    return people


# Quality


@dataclass
class Quality:
    """How good the current placement is, for the organisers' page."""

    votes_served: int = 0
    votes_total: int = 0
    clashes_avoided: int = 0
    clashes_remaining: int = 0
    over_capacity: list = field(default_factory=list)  # proposals
    unscheduled: list = field(default_factory=list)  # proposals


def quality(unconference: Unconference, sessions, proposals) -> Quality:
    """Measure a placement: `sessions` are ScheduledSession rows (with `room`), `proposals` the
    eligible proposals. One query, for the co-votes."""
    placed = {session.proposal_id: session for session in sessions}
    result = Quality()
    for proposal in proposals:
        result.votes_total += proposal.vote_count
        session = placed.get(proposal.pk)
        if session is None:
            result.unscheduled.append(proposal)
            continue
        result.votes_served += proposal.vote_count
        if proposal.vote_count > session.room.capacity:
            result.over_capacity.append(proposal)
    for pair, members in co_votes(unconference).items():
        first, second = (placed.get(_uuid(pid)) for pid in pair)
        if first is None or second is None:
            continue
        if first.slot_id == second.slot_id:
            result.clashes_remaining += members
        else:
            result.clashes_avoided += members
    return result


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


# Running the scheduler


def run_scheduler(unconference: Unconference, by) -> ScheduleResult:
    """Build a schedule from the votes for every eligible proposal that is not locked in place, and
    replace the unlocked sessions with it. Locked sessions stay where they are."""
    _require_organiser(by)
    with transaction.atomic():
        unconference = _lock(unconference)
        proposals = list(eligible_proposals(unconference).order_by("-vote_count", "created_at"))
        eligible_ids = {proposal.pk for proposal in proposals}
        # A session whose proposal was since withdrawn or declined leaves the schedule, locked or not.
        ScheduledSession.objects.filter(unconference=unconference).exclude(proposal_id__in=eligible_ids).delete()
        people = _facilitators(proposals)
        rooms = list(Room.objects.filter(unconference=unconference))
        slots = list(TimeSlot.objects.filter(unconference=unconference).order_by("starts_at", "pk"))
        locked = list(
            ScheduledSession.objects.filter(unconference=unconference, is_locked=True).values_list(
                "proposal_id", "room_id", "slot_id"
            )
        )
        result = build_schedule(
            sessions=[
                SessionInput(
                    id=str(proposal.pk),
                    votes=proposal.vote_count,
                    facilitators=frozenset(people[proposal.pk]),
                    needs_step_free=proposal.needs_step_free,
                )
                for proposal in proposals
            ],
            rooms=[RoomInput(id=room.pk, capacity=room.capacity, is_step_free=room.is_step_free) for room in rooms],
            slots=[SlotInput(id=slot.pk, rank=rank) for rank, slot in enumerate(slots)],
            locked=[Placement(str(pid), room_id, slot_id) for pid, room_id, slot_id in locked],
            co_votes=co_votes(unconference),
        )
        locked_ids = {str(pid) for pid, _room, _slot in locked}
        ScheduledSession.objects.filter(unconference=unconference, is_locked=False).delete()
        ScheduledSession.objects.bulk_create(
            [
                ScheduledSession(
                    unconference=unconference,
                    proposal_id=_uuid(placement.session_id),
                    room_id=placement.room_id,
                    slot_id=placement.slot_id,
                )
                for placement in result.placements
                if placement.session_id not in locked_ids
            ]
        )
        record_audit(
            actor=by,
            action="community.schedule.run",
            target=unconference,
            changes={
                "placed": len(result.placements),
                "unscheduled": len(result.unscheduled),
                "locked": len(locked),
                "votes_served": result.votes_served,
                "votes_total": result.votes_total,
            },
        )
    return result


# Adjusting by hand


def _clash(unconference, proposal_ids: set, slot, leaving: set) -> Proposal | None:
    """Another session in `slot` (other than those `leaving` it) sharing a facilitator with any of
    `proposal_ids`; None when there is none."""
    wanted = set()
    for proposal in Proposal.objects.filter(pk__in=proposal_ids).prefetch_related("co_facilitators"):
        wanted |= {proposal.facilitator_id, *(user.pk for user in proposal.co_facilitators.all())}
    others = (
        Proposal.objects.filter(session__unconference=unconference, session__slot=slot)
        .exclude(pk__in=proposal_ids | leaving)
        .filter(Q(facilitator__in=wanted) | Q(co_facilitators__in=wanted))
        .distinct()
    )
    return others.first()


def _check_place(unconference, proposal: Proposal, room: Room, slot: TimeSlot, leaving: set) -> None:
    if room.unconference_id != unconference.pk or slot.unconference_id != unconference.pk:
        raise ValidationError(_("Choose a room and a time from this unconference."), code="elsewhere")
    if proposal.needs_step_free and not room.is_step_free:
        raise ValidationError(
            _("“%(title)s” needs a step-free room, and %(room)s is not step-free.")
            % {"title": proposal.title, "room": room.name},
            code="step_free",
        )
    other = _clash(unconference, {proposal.pk}, slot, leaving)
    if other is not None:
        raise ValidationError(
            _("“%(title)s” shares a facilitator with “%(other)s” at that time. Nobody can be in two places at once.")
            % {"title": proposal.title, "other": other.title},
            code="facilitator_clash",
        )


def move_session(session: ScheduledSession, room: Room, slot: TimeSlot, by) -> ScheduledSession:
    """Move a session to another room and time, swapping with the session there if there is one.
    A moved session is locked, so running the scheduler again keeps the organiser's choice."""
    _require_organiser(by)
    with transaction.atomic():
        unconference = _lock(session.unconference)
        session = ScheduledSession.objects.select_related("proposal", "room", "slot").get(pk=session.pk)
        if (session.room_id, session.slot_id) == (room.pk, slot.pk):
            return session
        occupant = (
            ScheduledSession.objects.select_related("proposal", "room", "slot")
            .filter(room=room, slot=slot)
            .exclude(pk=session.pk)
            .first()
        )
        leaving = {occupant.proposal_id} if occupant else set()
        _check_place(unconference, session.proposal, room, slot, leaving)
        if occupant is not None:
            if occupant.is_locked:
                raise ValidationError(
                    _("“%(title)s” is locked in that place. Unlock it first if you want to swap them.")
                    % {"title": occupant.proposal.title},
                    code="locked",
                )
            _check_place(unconference, occupant.proposal, session.room, session.slot, {session.proposal_id})
        before = {"room": session.room.name, "slot": str(session.slot)}
        old_room_id, old_slot_id = session.room_id, session.slot_id
        if occupant is not None:
            # The unique (room, slot) constraint is checked row by row: take the occupant out, then put it back.
            occupant_pk, occupant_locked = occupant.pk, occupant.is_locked
            occupant.delete()
        session.room, session.slot, session.is_locked = room, slot, True
        session.save(update_fields=["room", "slot", "is_locked"])
        changes = {"room": [before["room"], room.name], "slot": [before["slot"], str(slot)], "swapped_with": None}
        if occupant is not None:
            ScheduledSession.objects.create(
                pk=occupant_pk,
                unconference=unconference,
                proposal_id=occupant.proposal_id,
                room_id=old_room_id,
                slot_id=old_slot_id,
                is_locked=occupant_locked,
            )
            changes["swapped_with"] = str(occupant.proposal_id)
        record_audit(actor=by, action="community.schedule.moved", target=session.proposal, changes=changes)
    return session


def place_proposal(unconference: Unconference, proposal: Proposal, room: Room, slot: TimeSlot, by):
    """Put an unscheduled proposal into an empty room and time; it is locked there."""
    _require_organiser(by)
    with transaction.atomic():
        unconference = _lock(unconference)
        if not eligible_proposals(unconference).filter(pk=proposal.pk).exists():
            raise ValidationError(_("Only approved proposals can be scheduled."), code="not_eligible")
        if ScheduledSession.objects.filter(proposal=proposal).exists():
            raise ValidationError(_("That session is already on the schedule. Move it instead."), code="placed")
        if ScheduledSession.objects.filter(room=room, slot=slot).exists():
            raise ValidationError(
                _("Another session is already in that room at that time. Choose an empty place."), code="taken"
            )
        _check_place(unconference, proposal, room, slot, set())
        try:
            with transaction.atomic():
                session = ScheduledSession.objects.create(
                    unconference=unconference, proposal=proposal, room=room, slot=slot, is_locked=True
                )
        except IntegrityError:
            raise ValidationError(_("That place was just taken. Choose another."), code="taken") from None
        record_audit(
            actor=by,
            action="community.schedule.moved",
            target=proposal,
            changes={"room": [None, room.name], "slot": [None, str(slot)], "swapped_with": None},
        )
    return session


def toggle_lock(session: ScheduledSession, by) -> ScheduledSession:
    _require_organiser(by)
    with transaction.atomic():
        _lock(session.unconference)
        session = ScheduledSession.objects.select_related("proposal").select_for_update().get(pk=session.pk)
        session.is_locked = not session.is_locked
        session.save(update_fields=["is_locked"])
        record_audit(
            actor=by,
            action="community.schedule.locked" if session.is_locked else "community.schedule.unlocked",
            target=session.proposal,
            changes={"is_locked": [not session.is_locked, session.is_locked]},
        )
    return session


# Publishing


def snapshot(unconference: Unconference) -> dict:
    """The working schedule as it stands, in the form `published_schedule` keeps."""
    sessions = ScheduledSession.objects.filter(unconference=unconference).select_related("room", "slot")
    return {
        str(session.proposal_id): {
            "room": session.room_id,
            "room_name": session.room.name,
            "slot": session.slot_id,
            "starts_at": session.slot.starts_at.isoformat(),
            "ends_at": session.slot.ends_at.isoformat(),
        }
        for session in sessions
    }


def published_snapshot(unconference: Unconference) -> dict:
    """The placement as last published: {proposal id: {room, room_name, slot, starts_at, ends_at}};
    empty before the first publication."""
    return unconference.published_schedule if unconference.is_schedule_published else {}


def _moved(before: dict, after: dict) -> list[str]:
    """Proposal ids whose room or time changed (or that left the schedule) between two snapshots."""
    moved = []
    for pid, old in before.items():
        new = after.get(pid)
        if new is None or (new["room"], new["starts_at"], new["ends_at"]) != (
            old["room"],
            old["starts_at"],
            old["ends_at"],
        ):
            moved.append(pid)
    return moved


def publish(unconference: Unconference, by, summary: str = "") -> Unconference:
    """Publish the schedule as it stands. The first publication is version 1; each later one is the
    next version with a changelog entry (a summary is required), and tells every member who planned
    to attend a session whose room or time changed, once per member and session."""
    _require_organiser(by)
    summary = (summary or "").strip()
    with transaction.atomic():
        unconference = _lock(unconference)
        after = snapshot(unconference)
        if not after:
            raise ValidationError(_("There are no sessions on the schedule yet. Run the scheduler first."))
        before = published_snapshot(unconference)
        moved = _moved(before, after)
        if unconference.is_schedule_published:
            if not moved and set(after) == set(before):
                raise ValidationError(
                    _("Nothing has changed since version %(version)s was published.")
                    % {"version": unconference.schedule_version},
                    code="unchanged",
                )
            if not summary:
                raise ValidationError({"summary": _("Enter a summary of what changed")}, code="required")
        unconference.schedule_version += 1
        unconference.schedule_published_at = timezone.now()
        unconference.published_schedule = after
        unconference.save(
            update_fields=["schedule_version", "schedule_published_at", "published_schedule", "updated_at"]
        )
        if unconference.schedule_version > 1:
            ScheduleChange.objects.create(
                unconference=unconference, version=unconference.schedule_version, summary=summary
            )
        record_audit(
            actor=by,
            action=PUBLISHED,
            target=unconference,
            changes={"version": unconference.schedule_version, "summary": summary, "moved": moved},
        )
        _tell_attendees(unconference, moved, before, after, summary)
    return unconference


def _tell_attendees(unconference, moved: list[str], before: dict, after: dict, summary: str) -> int:
    if not moved:
        return 0
    items = (
        AgendaItem.objects.filter(proposal_id__in=moved, user__is_active=True)
        .select_related("user", "proposal")
        .order_by("proposal_id", "user_id")
    )
    with translation.override("en"):
        path = reverse("community:schedule", kwargs={"slug": unconference.slug})
        ics_path = reverse("community:my-agenda-ics", kwargs={"slug": unconference.slug})
    written = 0
    for item in items:
        pid = str(item.proposal_id)
        old, new = before[pid], after.get(pid)
        delivery = queue_email(
            kind=NotificationKind.UNCONFERENCE_CHANGES,
            subject_key=f"unconference:{unconference.pk}:v{unconference.schedule_version}:{pid}",
            template=CHANGED_TEMPLATE,
            recipient=item.user,
            context={
                "unconference_en": unconference.title_en,
                "unconference_cy": unconference.title_cy,
                "title": item.proposal.title,
                "version": unconference.schedule_version,
                "summary": summary,
                "old_room": old["room_name"],
                "old_starts_at": old["starts_at"],
                "old_ends_at": old["ends_at"],
                "room": new["room_name"] if new else "",
                "starts_at": new["starts_at"] if new else "",
                "ends_at": new["ends_at"] if new else "",
                "path": path,
                "ics_path": ics_path,
            },
        )
        written += delivery is not None
    return written


# Grids and personal agendas


@dataclass
class Cell:
    proposal: Proposal
    room: object  # a Room, or a GridRoom for a room deleted since publication
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    session: ScheduledSession | None = None  # on the organisers' grid
    on_agenda: bool = False


@dataclass
class GridRoom:
    pk: int
    name: str
    capacity: int | None = None
    location: str = ""
    is_step_free: bool = True
    accessibility_notes: str = ""


@dataclass
class GridRow:
    key: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cells: list = field(default_factory=list)  # one per room: a Cell or None
    rooms: list = field(default_factory=list)

    @property
    def pairs(self):
        return list(zip(self.rooms, self.cells, strict=True))

    @property
    def sessions(self):
        return [cell for cell in self.cells if cell is not None]


def _grid(rooms: list, rows: list[GridRow], cells: list[Cell]) -> list[GridRow]:
    where = {(cell.room.pk, row_key): cell for row_key, cell in cells}
    for row in rows:
        row.rooms = rooms
        row.cells = [where.get((room.pk, row.key)) for room in rooms]
    return rows


def published_grid(unconference: Unconference, user=None) -> tuple[list, list[GridRow], set]:
    """The published schedule as (rooms, rows, my agenda's proposal ids). Four queries (five signed in)."""
    snapshot = published_snapshot(unconference)
    if not snapshot:
        return [], [], set()
    rooms = list(Room.objects.filter(unconference=unconference))
    known = {room.pk for room in rooms}
    for row in snapshot.values():
        if row["room"] not in known:
            known.add(row["room"])
            rooms.append(GridRoom(pk=row["room"], name=row["room_name"]))
    proposals = {
        str(proposal.pk): proposal
        for proposal in Proposal.objects.filter(pk__in=[_uuid(pid) for pid in snapshot]).select_related("facilitator")
    }
    mine = set()
    if user is not None and user.is_authenticated:
        mine = {
            str(pid)
            for pid in AgendaItem.objects.filter(user=user, proposal__unconference=unconference).values_list(
                "proposal_id", flat=True
            )
        }
    by_pk = {room.pk: room for room in rooms}
    rows: dict[int, GridRow] = {}
    cells = []
    for pid, row in snapshot.items():
        proposal = proposals.get(pid)
        if proposal is None:  # deleted since
            continue
        proposal.unconference = unconference
        starts_at, ends_at = slot_times(row)
        rows.setdefault(row["slot"], GridRow(key=row["slot"], starts_at=starts_at, ends_at=ends_at))
        cells.append((row["slot"], Cell(proposal, by_pk[row["room"]], starts_at, ends_at, on_agenda=pid in mine)))
    ordered = sorted(rows.values(), key=lambda grid_row: (grid_row.starts_at, grid_row.key))
    used = {cell.room.pk for _key, cell in cells}
    rooms = [room for room in rooms if room.pk in used or isinstance(room, Room)]
    return rooms, _grid(rooms, ordered, cells), mine


def working_grid(unconference: Unconference) -> tuple[list, list, list[GridRow], list[ScheduledSession]]:
    """The organisers' grid as (rooms, slots, rows, sessions): every room and slot, with the sessions
    as they stand now. Three queries."""
    rooms = list(Room.objects.filter(unconference=unconference))
    slots = list(TimeSlot.objects.filter(unconference=unconference).order_by("starts_at", "pk"))
    sessions = list(
        ScheduledSession.objects.filter(unconference=unconference).select_related(
            "proposal__facilitator", "room", "slot"
        )
    )
    rows = [GridRow(key=slot.pk, starts_at=slot.starts_at, ends_at=slot.ends_at) for slot in slots]
    cells = []
    for session in sessions:
        session.proposal.unconference = unconference
        cells.append(
            (
                session.slot_id,
                Cell(session.proposal, session.room, session.slot.starts_at, session.slot.ends_at, session),
            )
        )
    return rooms, slots, _grid(rooms, rows, cells), sessions


def my_agenda(unconference: Unconference, user) -> list[Cell]:
    """The member's planned sessions on the published schedule, in time order. Two queries."""
    snapshot = published_snapshot(unconference)
    items = AgendaItem.objects.filter(
        user=user, proposal__unconference=unconference, proposal_id__in=[_uuid(pid) for pid in snapshot]
    ).select_related("proposal__facilitator")
    cells = []
    for item in items:
        row = snapshot[str(item.proposal_id)]
        item.proposal.unconference = unconference
        starts_at, ends_at = slot_times(row)
        cells.append(
            Cell(item.proposal, GridRoom(pk=row["room"], name=row["room_name"]), starts_at, ends_at, on_agenda=True)
        )
    return sorted(cells, key=lambda cell: (cell.starts_at, cell.room.name))


def add_to_agenda(user, proposal: Proposal) -> AgendaItem:
    unconference = proposal.unconference
    if str(proposal.pk) not in published_snapshot(unconference):
        raise ValidationError(_("This session is not on the published schedule."), code="not_scheduled")
    item, _created = AgendaItem.objects.get_or_create(user=user, proposal=proposal)
    return item


def remove_from_agenda(user, proposal: Proposal) -> None:
    AgendaItem.objects.filter(user=user, proposal=proposal).delete()


def slot_times(row: dict) -> tuple[datetime.datetime, datetime.datetime]:
    return datetime.datetime.fromisoformat(row["starts_at"]), datetime.datetime.fromisoformat(row["ends_at"])
