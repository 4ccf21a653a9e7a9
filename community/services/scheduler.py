"""The unconference scheduler: a pure function from proposals, votes, rooms and slots to a schedule.

No database here: the schedule service loads the inputs, calls `build_schedule`, and saves the result.

How it works, in three steps (each explained where it is written):

1. Locked placements go in first, exactly as given.
2. Greedy placement: sessions in order of votes (most first, ties by id) each take the cell (room and
   slot) that costs least, where cost is, in order: seats short in that room, members who also voted
   for a session already in that slot, and then the cell's own rank (biggest room first, then best
   slot). A session with no legal cell may still get one by moving one other session out of its way.
3. Local improvement: move a session to a free cell, or swap two sessions, while that strictly
   lowers the same cost summed over the whole schedule. Greedy placement cannot see that an early
   choice blocks a later session; the swaps repair most of that.

Hard rules, never broken for sessions the scheduler places: one session per room and slot; nobody
facilitates two sessions in the same slot; a session needing step-free access only in a step-free
room; each session at most once. Locked placements are kept even when they break the facilitator or
step-free rule (an organiser chose them; the conflict is reported in `locked_conflicts`). The one
exception: two locked placements in the same room and slot cannot both be kept, so the most-voted
one stays locked there, and the other is reported and scheduled like any unlocked session.

What organisers see as the quality of the schedule is returned with it (`ScheduleResult`).
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations


@dataclass(frozen=True)
class SessionInput:
    id: str  # the proposal's id
    votes: int
    facilitators: frozenset[str]  # user ids: the facilitator and co-facilitators
    needs_step_free: bool = False


@dataclass(frozen=True)
class RoomInput:
    id: int
    capacity: int
    is_step_free: bool = True


@dataclass(frozen=True)
class SlotInput:
    id: int
    rank: int  # 0 is the best slot (e.g. mid-morning); higher is less good


@dataclass(frozen=True)
class Placement:
    session_id: str
    room_id: int
    slot_id: int


@dataclass
class ScheduleResult:
    placements: list[Placement]
    unscheduled: list[str]  # session ids that did not fit
    # Quality, explained to organisers.
    votes_served: int = 0  # sum of votes of scheduled sessions
    votes_total: int = 0
    overlap_clashes: int = 0  # members who voted for two sessions in the same slot (summed over pairs)
    overlap_avoided: int = 0  # co-votes kept apart (pairs in different slots)
    over_capacity: list[str] = field(default_factory=list)  # sessions whose votes exceed their room's capacity
    # Locked placements that break a rule (facilitator clash, step-free, or a room and slot already
    # taken by another locked session); see the module docstring for what happens to each.
    locked_conflicts: list[str] = field(default_factory=list)


def build_schedule(
    *,
    sessions: list[SessionInput],
    rooms: list[RoomInput],
    slots: list[SlotInput],
    locked: list[Placement],
    co_votes: dict[frozenset[str], int],
) -> ScheduleResult:
    """Place the most-wanted sessions in the biggest rooms and best slots; never two sessions in
    one room and slot, never a facilitator in two places at once, step-free needs respected,
    locked placements kept; keep sessions with overlapping audiences (co_votes: members who voted
    for both) in different slots where possible.

    Deterministic: the order of the inputs does not matter (ties are broken by id), except that when
    `sessions`, `rooms` or `locked` repeat an id the first one counts."""
    planner = _Planner(sessions, rooms, slots, co_votes)
    planner.lock(locked)
    planner.place_greedily()
    planner.improve()
    # Moves can free a cell (or a facilitator) a left-out session can use: place it and polish again,
    # until nothing more fits. Each round places at least one session, so this ends.
    while planner.place_greedily():
        planner.improve()
    return planner.result()


class _Planner:
    """The working state of one scheduling run.

    Everything is indexed by small ints for speed: sessions in order of votes (most first, then id),
    rooms biggest first (then id), slots best first (then id). A cell is `room * n_slots + slot`, so
    a lower cell number is a better cell: the biggest room first, and within a room the best slot.
    """

    MAX_PASSES = 50  # improvement passes; each strictly improves, and real inputs settle in a few

    def __init__(self, sessions, rooms, slots, co_votes):
        self.sessions = sorted(_first_by_id(sessions).values(), key=lambda s: (-s.votes, s.id))
        self.rooms = sorted(_first_by_id(rooms).values(), key=lambda r: (-r.capacity, r.id))
        self.slots = sorted(_first_by_id(slots).values(), key=lambda s: (s.rank, s.id))
        self.session_index = {s.id: i for i, s in enumerate(self.sessions)}
        self.room_index = {r.id: i for i, r in enumerate(self.rooms)}
        self.slot_index = {s.id: i for i, s in enumerate(self.slots)}
        self.n_slots = len(self.slots)
        self.n_cells = len(self.rooms) * self.n_slots
        n = len(self.sessions)

        self.votes = [s.votes for s in self.sessions]
        self.facilitators = [s.facilitators for s in self.sessions]
        self.step_free_rooms = [r.is_step_free for r in self.rooms]
        self.capacities = [r.capacity for r in self.rooms]
        # co_votes as a neighbour map: neighbours[i][j] = members who voted for both i and j.
        self.neighbours: list[dict[int, int]] = [{} for _ in range(n)]
        for pair, weight in co_votes.items():
            if weight <= 0 or len(pair) != 2:
                continue
            a, b = (self.session_index.get(session_id) for session_id in pair)
            if a is not None and b is not None:
                self.neighbours[a][b] = self.neighbours[b][a] = weight

        self.cell_of: list[int | None] = [None] * n
        self.occupant: list[int | None] = [None] * self.n_cells
        self.is_locked = [False] * n
        self.in_slot: list[set[int]] = [set() for _ in range(self.n_slots)]
        self.facilitators_in_slot: list[Counter] = [Counter() for _ in range(self.n_slots)]
        # overlap[i][t]: members who voted for i and for a session now in slot t. Kept up to date on
        # every move so the cost of any move or swap is a few look-ups, not a scan of the slot.
        self.overlap = [[0] * self.n_slots for _ in range(n)]
        self.conflicts: set[int] = set()

    # The state: placing and removing one session.

    def place(self, i: int, cell: int) -> None:
        slot = cell % self.n_slots
        self.cell_of[i] = cell
        self.occupant[cell] = i
        self.in_slot[slot].add(i)
        self.facilitators_in_slot[slot].update(self.facilitators[i])
        for j, weight in self.neighbours[i].items():
            self.overlap[j][slot] += weight

    def remove(self, i: int) -> None:
        cell = self.cell_of[i]
        slot = cell % self.n_slots
        self.cell_of[i] = None
        self.occupant[cell] = None
        self.in_slot[slot].discard(i)
        self.facilitators_in_slot[slot].subtract(self.facilitators[i])
        for j, weight in self.neighbours[i].items():
            self.overlap[j][slot] -= weight

    def move(self, i: int, cell: int) -> None:
        self.remove(i)
        self.place(i, cell)

    # The rules and the costs.

    def room_allows(self, i: int, room: int) -> bool:
        return self.step_free_rooms[room] or not self.sessions[i].needs_step_free

    def slot_allows(self, i: int, slot: int, leaving: int | None = None) -> bool:
        """Nobody facilitating `i` is busy in `slot`, once `leaving` (if any) has left it."""
        busy = self.facilitators_in_slot[slot]
        gone = self.facilitators[leaving] if leaving is not None else frozenset()
        return all(busy[person] - (person in gone) <= 0 for person in self.facilitators[i])

    def can_take(self, i: int, cell: int) -> bool:
        """`i`, not yet placed, may go in the free `cell`."""
        room, slot = divmod(cell, self.n_slots)
        return self.occupant[cell] is None and self.room_allows(i, room) and self.slot_allows(i, slot)

    def short(self, i: int, room: int) -> int:
        """Members who voted for `i` but will not find a seat in `room`."""
        return max(0, self.votes[i] - self.capacities[room])

    def free_cells(self) -> list[int]:
        return [cell for cell, occupant in enumerate(self.occupant) if occupant is None]

    # Step 1: locked placements.

    def lock(self, locked: list[Placement]) -> None:
        wanted: dict[int, int] = {}
        for placement in locked:
            i = self.session_index.get(placement.session_id)
            room = self.room_index.get(placement.room_id)
            slot = self.slot_index.get(placement.slot_id)
            if i is not None and room is not None and slot is not None:
                wanted.setdefault(i, room * self.n_slots + slot)  # a session is placed once
        # Most-voted first, so if two locks want one room and slot, the most-voted keeps it.
        for i in sorted(wanted):
            cell = wanted[i]
            room, slot = divmod(cell, self.n_slots)
            if self.occupant[cell] is not None:
                self.conflicts.add(i)
                continue
            if not self.room_allows(i, room):
                self.conflicts.add(i)
            if not self.slot_allows(i, slot):
                self.conflicts.add(i)
                self.conflicts.update(j for j in self.in_slot[slot] if self.facilitators[j] & self.facilitators[i])
            self.place(i, cell)
            self.is_locked[i] = True

    # Step 2: greedy placement.

    def place_greedily(self) -> bool:
        """Place each unplaced session, most-voted first, in its cheapest legal cell. The most-voted
        are placed while the choice is widest, so when places run out it is the least-voted left
        out. Returns whether anything was placed."""
        placed = False
        for i in range(len(self.sessions)):
            if self.cell_of[i] is not None:
                continue
            free = self.free_cells()
            if not free:
                break
            options = [self.cost(i, cell) for cell in free if self.can_take(i, cell)]
            if options:
                self.place(i, min(options)[-1])
                placed = True
            elif self.place_by_moving_another(i, free):
                placed = True
        return placed

    def cost(self, i: int, cell: int) -> tuple[int, int, int]:
        """What placing the unplaced `i` in `cell` costs: seats short, overlap, then the cell's rank
        (which doubles as the tie-break, so the result is deterministic)."""
        room, slot = divmod(cell, self.n_slots)
        return (self.short(i, room), self.overlap[i][slot], cell)

    def place_by_moving_another(self, i: int, free: list[int]) -> bool:
        """`i` has no legal free cell. Try moving one unlocked session `j` to a free cell so that
        `i` gets one: either `j` is the only session in some slot sharing a facilitator with `i`,
        or `j` holds the last room in a slot that suits `i` (e.g. the step-free one). Slots are
        tried best first; the improvement pass tidies up afterwards."""
        n_slots = self.n_slots
        for slot in range(n_slots):
            clashing = sorted(j for j in self.in_slot[slot] if self.facilitators[j] & self.facilitators[i])
            if len(clashing) > 1 or any(self.is_locked[j] for j in clashing):
                continue
            slot_cells = range(slot, self.n_cells, n_slots)
            if clashing:
                # Move the one clashing session to another slot; `i` takes a free cell here or its place.
                (j,) = clashing
                targets = [
                    cell
                    for cell in slot_cells
                    if (self.occupant[cell] is None or cell == self.cell_of[j]) and self.room_allows(i, cell // n_slots)
                ]
                destinations = [cell for cell in free if cell % n_slots != slot and self.can_take(j, cell)]
                if targets and destinations:
                    self.move(j, destinations[0])
                    self.place(i, min(targets, key=lambda cell: (self.short(i, cell // n_slots), cell)))
                    return True
            else:
                # No facilitator in the way, so every room here that suits `i` is taken: free one.
                for cell in slot_cells:
                    j = self.occupant[cell]
                    if j is None or self.is_locked[j] or not self.room_allows(i, cell // n_slots):
                        continue
                    destinations = [
                        other
                        for other in free
                        if self.room_allows(j, other // n_slots)
                        and (other % n_slots == slot or self.slot_allows(j, other % n_slots))
                    ]
                    if destinations:
                        self.move(j, destinations[0])
                        self.place(i, cell)
                        return True
        return False

    # Step 3: local improvement.

    def improve(self) -> None:
        """Repeatedly give each unlocked session its best move (to a free cell) or swap (with
        another unlocked session), when that lowers the schedule's cost: seats short first, then
        overlap, then quality (more votes in lower, i.e. better, cells). Every accepted change lowers
        the cost, so this ends; MAX_PASSES bounds the time on pathological inputs."""
        for _ in range(self.MAX_PASSES):
            changed = False
            for a in range(len(self.sessions)):
                if self.cell_of[a] is None or self.is_locked[a]:
                    continue
                best, action = (0, 0, 0), None
                # The cost change is a few look-ups; the rules are checked only for a better one.
                for b in range(len(self.sessions)):
                    if b != a and self.cell_of[b] is not None and not self.is_locked[b]:
                        delta = self.swap_delta(a, b)
                        if delta < best and self.swap_allowed(a, b):
                            best, action = delta, (self.swap, b)
                for cell in self.free_cells():
                    delta = self.move_delta(a, cell)
                    if delta < best and self.move_allowed(a, cell):
                        best, action = delta, (self.move, cell)
                if action is not None:
                    do, target = action
                    do(a, target)
                    changed = True
            if not changed:
                return

    def move_delta(self, a: int, cell: int) -> tuple[int, int, int]:
        """The change in cost if `a` moves to the free `cell` (legal or not: see `move_allowed`)."""
        room, slot = divmod(cell, self.n_slots)
        old_room, old_slot = divmod(self.cell_of[a], self.n_slots)
        overlap = self.overlap[a][slot] - self.overlap[a][old_slot] if slot != old_slot else 0
        short = self.short(a, room) - self.short(a, old_room)
        return (short, overlap, self.votes[a] * (cell - self.cell_of[a]))

    def move_allowed(self, a: int, cell: int) -> bool:
        room, slot = divmod(cell, self.n_slots)
        if not self.room_allows(a, room):
            return False
        return slot == self.cell_of[a] % self.n_slots or self.slot_allows(a, slot)

    def swap_delta(self, a: int, b: int) -> tuple[int, int, int]:
        """The change in cost if `a` and `b` swap cells (legal or not: see `swap_allowed`)."""
        cell_a, cell_b = self.cell_of[a], self.cell_of[b]
        room_a, slot_a = divmod(cell_a, self.n_slots)
        room_b, slot_b = divmod(cell_b, self.n_slots)
        overlap = 0
        if slot_a != slot_b:
            # The pair a–b is never in one slot, before or after: take it out of both counts.
            together = self.neighbours[a].get(b, 0)
            overlap = (
                self.overlap[a][slot_b]
                - together
                - self.overlap[a][slot_a]
                + self.overlap[b][slot_a]
                - together
                - self.overlap[b][slot_b]
            )
        short = self.short(a, room_b) + self.short(b, room_a) - self.short(a, room_a) - self.short(b, room_b)
        return (short, overlap, (self.votes[a] - self.votes[b]) * (cell_b - cell_a))

    def swap_allowed(self, a: int, b: int) -> bool:
        room_a, slot_a = divmod(self.cell_of[a], self.n_slots)
        room_b, slot_b = divmod(self.cell_of[b], self.n_slots)
        if not (self.room_allows(a, room_b) and self.room_allows(b, room_a)):
            return False
        return slot_a == slot_b or (self.slot_allows(a, slot_b, leaving=b) and self.slot_allows(b, slot_a, leaving=a))

    def swap(self, a: int, b: int) -> None:
        cell_a, cell_b = self.cell_of[a], self.cell_of[b]
        self.remove(a)
        self.remove(b)
        self.place(a, cell_b)
        self.place(b, cell_a)

    # The result.

    def result(self) -> ScheduleResult:
        placed = [i for i in range(len(self.sessions)) if self.cell_of[i] is not None]
        by_cell = sorted(placed, key=lambda i: (self.cell_of[i] % self.n_slots, self.cell_of[i]))
        clashes = avoided = 0
        for i in placed:
            for j, weight in self.neighbours[i].items():
                if j > i and self.cell_of[j] is not None:
                    if self.cell_of[i] % self.n_slots == self.cell_of[j] % self.n_slots:
                        clashes += weight
                    else:
                        avoided += weight
        return ScheduleResult(
            placements=[
                Placement(
                    session_id=self.sessions[i].id,
                    room_id=self.rooms[self.cell_of[i] // self.n_slots].id,
                    slot_id=self.slots[self.cell_of[i] % self.n_slots].id,
                )
                for i in by_cell  # best slot first, biggest room first within it
            ],
            unscheduled=[s.id for i, s in enumerate(self.sessions) if self.cell_of[i] is None],
            votes_served=sum(self.votes[i] for i in placed),
            votes_total=sum(self.votes),
            overlap_clashes=clashes,
            overlap_avoided=avoided,
            over_capacity=[self.sessions[i].id for i in placed if self.short(i, self.cell_of[i] // self.n_slots)],
            locked_conflicts=[self.sessions[i].id for i in sorted(self.conflicts)],
        )


def _first_by_id(items) -> dict:
    unique = {}
    for item in items:
        unique.setdefault(item.id, item)
    return unique


def benchmark_inputs(n_sessions: int = 200, n_rooms: int = 10, n_slots: int = 8, seed: int = 0) -> dict:
    """Deterministic, realistic inputs for `build_schedule(**benchmark_inputs())`: members each vote
    for up to five sessions, some far more popular than others; facilitators drawn from a pool so
    some run several sessions; a few sessions need step-free rooms."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    people = [f"person-{n}" for n in range(max(1, n_sessions // 2))]
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(n_sessions)]
    session_ids = [f"session-{n:04d}" for n in range(n_sessions)]
    votes: Counter = Counter()
    co_votes: Counter = Counter()
    for _member in range(n_sessions * 3):
        chosen = sorted(set(rng.choices(session_ids, weights=popularity, k=5)))
        votes.update(chosen)
        co_votes.update(frozenset(pair) for pair in combinations(chosen, 2))
    sessions = [
        SessionInput(
            id=session_id,
            votes=votes[session_id],
            facilitators=frozenset(rng.sample(people, k=min(len(people), rng.choice((1, 1, 1, 2, 3))))),
            needs_step_free=rng.random() < 0.1,
        )
        for session_id in session_ids
    ]
    rooms = [
        RoomInput(id=n + 1, capacity=rng.randrange(10, 121, 5), is_step_free=rng.random() < 0.7) for n in range(n_rooms)
    ]
    slots = [SlotInput(id=n + 1, rank=rank) for n, rank in enumerate(rng.sample(range(n_slots), n_slots))]
    return {"sessions": sessions, "rooms": rooms, "slots": slots, "locked": [], "co_votes": dict(co_votes)}
