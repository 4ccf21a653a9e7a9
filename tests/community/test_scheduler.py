"""The unconference scheduler: a pure function, so no database. Properties over random inputs first,
then examples of what organisers expect."""

from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from community.services.scheduler import (
    Placement,
    RoomInput,
    ScheduleResult,
    SessionInput,
    SlotInput,
    benchmark_inputs,
    build_schedule,
)

PEOPLE = ["ana", "ben", "cai", "dee"]  # a small pool, so facilitator clashes happen


@st.composite
def schedule_inputs(draw, *, realistic_locks: bool = True) -> dict:
    """Random sessions, rooms, slots, co-votes and locks. Realistic locks are what the database can
    hold (each session and each room-and-slot at most once), though they may still clash with each
    other over a facilitator or put a step-free session in a room with steps. Otherwise locks are
    anything at all: repeated, double-booked, naming sessions, rooms or slots that do not exist."""
    n_sessions = draw(st.integers(0, 14))
    sessions = [
        SessionInput(
            id=f"s{n}",
            votes=draw(st.integers(0, 30)),
            facilitators=frozenset(draw(st.sets(st.sampled_from(PEOPLE), min_size=1, max_size=2))),
            needs_step_free=draw(st.booleans()),
        )
        for n in range(n_sessions)
    ]
    rooms = [
        RoomInput(id=n, capacity=draw(st.integers(0, 30)), is_step_free=draw(st.booleans()))
        for n in range(1, draw(st.integers(0, 4)) + 1)
    ]
    slots = [SlotInput(id=n, rank=draw(st.integers(0, 5))) for n in range(1, draw(st.integers(0, 4)) + 1)]
    session_ids = [s.id for s in sessions]
    co_votes = {}
    if len(session_ids) >= 2:
        pairs = draw(st.lists(st.sets(st.sampled_from(session_ids), min_size=2, max_size=2), max_size=20))
        co_votes = {frozenset(pair): draw(st.integers(0, 10)) for pair in pairs}
    locked = []
    if realistic_locks and sessions and rooms and slots:
        cells = [(room.id, slot.id) for room in rooms for slot in slots]
        chosen = draw(st.lists(st.sampled_from(session_ids), unique=True, max_size=len(cells)))
        places = draw(st.permutations(cells))
        locked = [Placement(session_id, *place) for session_id, place in zip(chosen, places, strict=False)]
    elif not realistic_locks:
        locked = draw(
            st.lists(
                st.builds(
                    Placement,
                    session_id=st.sampled_from([*session_ids, "nobody"]),
                    room_id=st.integers(0, 5),
                    slot_id=st.integers(0, 5),
                ),
                max_size=8,
            )
        )
    return {"sessions": sessions, "rooms": rooms, "slots": slots, "locked": locked, "co_votes": co_votes}


def check_rules(inputs: dict, result: ScheduleResult) -> None:
    """The hard rules, and the quality figures recomputed from scratch."""
    sessions = {s.id: s for s in inputs["sessions"]}
    rooms = {r.id: r for r in inputs["rooms"]}
    placed = {p.session_id: p for p in result.placements}
    locked = {p.session_id for p in result.placements} & {p.session_id for p in inputs["locked"]}
    locked = {i for i in locked if placed[i] in inputs["locked"]}

    # No session twice; every session either placed or unscheduled; no more than the grid holds.
    assert len(placed) == len(result.placements)
    assert not set(placed) & set(result.unscheduled)
    assert set(placed) | set(result.unscheduled) == set(sessions)
    assert len(result.unscheduled) == len(set(result.unscheduled))
    assert len(placed) <= len(inputs["rooms"]) * len(inputs["slots"])
    # Only real rooms and slots; no room double-booked.
    assert {p.room_id for p in result.placements} <= set(rooms)
    assert {p.slot_id for p in result.placements} <= {s.id for s in inputs["slots"]}
    assert len({(p.room_id, p.slot_id) for p in result.placements}) == len(result.placements)
    # Step-free needs respected, except where an organiser locked it otherwise (and is told).
    for p in result.placements:
        if sessions[p.session_id].needs_step_free and not rooms[p.room_id].is_step_free:
            assert p.session_id in locked and p.session_id in result.locked_conflicts
    # Nobody in two places at once, unless two locked sessions put them there (and they are told).
    for a, b in combinations(result.placements, 2):
        if a.slot_id == b.slot_id and sessions[a.session_id].facilitators & sessions[b.session_id].facilitators:
            assert {a.session_id, b.session_id} <= locked
            assert {a.session_id, b.session_id} <= set(result.locked_conflicts)

    # The figures.
    assert result.votes_total == sum(s.votes for s in sessions.values())
    assert result.votes_served == sum(sessions[i].votes for i in placed)
    assert result.over_capacity == [
        s.id
        for s in sorted(sessions.values(), key=lambda s: (-s.votes, s.id))
        if s.id in placed and s.votes > rooms[placed[s.id].room_id].capacity
    ]
    together = apart = 0
    for pair, weight in inputs["co_votes"].items():
        a, b = pair
        if weight > 0 and a in placed and b in placed:
            if placed[a].slot_id == placed[b].slot_id:
                together += weight
            else:
                apart += weight
    assert (result.overlap_clashes, result.overlap_avoided) == (together, apart)

    # Nothing left out that has a legal free cell, and nobody over capacity who could move to a free
    # room with more seats: the scheduler does not stop before the obvious.
    taken = {(p.room_id, p.slot_id) for p in result.placements}
    busy = Counter((p.slot_id, person) for p in result.placements for person in sessions[p.session_id].facilitators)

    def could_go(session, room, slot, leaving=None):
        gone = sessions[leaving].facilitators if leaving else frozenset()
        return (
            (room.id, slot.id) not in taken
            and (room.is_step_free or not session.needs_step_free)
            and all(
                busy[slot.id, person] - (person in gone and placed[leaving].slot_id == slot.id) == 0
                for person in session.facilitators
            )
        )

    for session_id in result.unscheduled:
        session = sessions[session_id]
        assert not any(could_go(session, room, slot) for room in rooms.values() for slot in inputs["slots"])
    for session_id in set(result.over_capacity) - locked:
        session, now = sessions[session_id], rooms[placed[session_id].room_id]
        for room in rooms.values():
            if room.capacity > now.capacity:
                assert not any(could_go(session, room, slot, leaving=session_id) for slot in inputs["slots"])


def check_no_better_swap_or_move(inputs: dict, result: ScheduleResult) -> None:
    """No legal swap of two unlocked sessions, or move of one to a free cell, would leave fewer
    members without a seat, or as many without a seat and fewer sharing a slot."""
    sessions = {s.id: s for s in inputs["sessions"]}
    rooms = {r.id: r for r in inputs["rooms"]}
    locked = set(inputs["locked"])
    start = {p.session_id: (p.room_id, p.slot_id) for p in result.placements}

    def cost(where):
        short = sum(max(0, sessions[i].votes - rooms[room].capacity) for i, (room, _slot) in where.items())
        overlap = sum(
            weight
            for (a, b), weight in ((tuple(pair), weight) for pair, weight in inputs["co_votes"].items())
            if weight > 0 and a in where and b in where and where[a][1] == where[b][1]
        )
        return (short, overlap)

    def legal(where, moved):
        for i in moved:
            room, slot = where[i]
            if sessions[i].needs_step_free and not rooms[room].is_step_free:
                return False
            for j, (_room, other_slot) in where.items():
                if j != i and other_slot == slot and sessions[i].facilitators & sessions[j].facilitators:
                    return False
        return True

    now = cost(start)
    movable = sorted(i for i, (room, slot) in start.items() if Placement(i, room, slot) not in locked)
    free = [(r.id, s.id) for r in inputs["rooms"] for s in inputs["slots"] if (r.id, s.id) not in start.values()]
    for a in movable:
        for b in movable:
            if a < b:
                where = {**start, a: start[b], b: start[a]}
                assert not (legal(where, (a, b)) and cost(where) < now), f"swap {a} and {b}"
        for cell in free:
            where = {**start, a: cell}
            assert not (legal(where, (a,)) and cost(where) < now), f"move {a} to {cell}"


@settings(max_examples=200)
@given(schedule_inputs())
def test_the_hard_rules_hold_and_locked_sessions_stay_exactly(inputs):
    result = build_schedule(**inputs)

    check_rules(inputs, result)
    assert set(inputs["locked"]) <= set(result.placements)
    check_no_better_swap_or_move(inputs, result)


@settings(max_examples=200)
@given(schedule_inputs(realistic_locks=False))
def test_nonsense_locks_never_break_the_hard_rules(inputs):
    result = build_schedule(**inputs)

    check_rules(inputs, result)
    known = {s.id for s in inputs["sessions"]}
    rooms = {r.id for r in inputs["rooms"]}
    slots = {s.id for s in inputs["slots"]}
    for lock in inputs["locked"]:
        if lock.session_id not in known or lock.room_id not in rooms or lock.slot_id not in slots:
            continue
        first = next(p for p in inputs["locked"] if p.session_id == lock.session_id)
        # A session's first lock is kept, unless a more-voted lock had that room and slot (then it is reported).
        if first == lock and lock not in result.placements:
            assert lock.session_id in result.locked_conflicts


@given(schedule_inputs(), st.randoms(use_true_random=False))
def test_the_order_of_the_inputs_does_not_matter(inputs, rng):
    shuffled = {key: list(value) if isinstance(value, list) else value for key, value in inputs.items()}
    for key in ("sessions", "rooms", "slots"):
        rng.shuffle(shuffled[key])

    assert build_schedule(**shuffled) == build_schedule(**inputs)


@given(schedule_inputs(realistic_locks=False))
def test_without_facilitator_or_access_limits_the_least_voted_are_left_out(inputs):
    inputs["sessions"] = [
        SessionInput(id=s.id, votes=s.votes, facilitators=frozenset({s.id})) for s in inputs["sessions"]
    ]
    inputs["locked"] = []
    result = build_schedule(**inputs)

    votes = {s.id: s.votes for s in inputs["sessions"]}
    assert len(result.placements) == min(len(votes), len(inputs["rooms"]) * len(inputs["slots"]))
    if result.unscheduled and result.placements:
        assert max(votes[i] for i in result.unscheduled) <= min(votes[p.session_id] for p in result.placements)


# Examples


def session(id, votes, *people, step_free=False):
    return SessionInput(id=id, votes=votes, facilitators=frozenset(people or {f"{id}-host"}), needs_step_free=step_free)


def where(result: ScheduleResult) -> dict[str, tuple[int, int]]:
    return {p.session_id: (p.room_id, p.slot_id) for p in result.placements}


ROOMS = [RoomInput(id=1, capacity=20), RoomInput(id=2, capacity=80), RoomInput(id=3, capacity=40)]
SLOTS = [SlotInput(id=10, rank=2), SlotInput(id=11, rank=0), SlotInput(id=12, rank=1)]


def test_the_most_wanted_session_gets_the_biggest_room_in_the_best_slot():
    sessions = [session("quiet", 3), session("popular", 60), session("middling", 15)]

    result = build_schedule(sessions=sessions, rooms=ROOMS, slots=SLOTS, locked=[], co_votes={})

    assert where(result)["popular"] == (2, 11)
    assert result.placements[0] == Placement("popular", 2, 11)  # listed best slot first, biggest room first
    assert result.unscheduled == []
    assert (result.votes_served, result.votes_total) == (78, 78)


def test_sessions_sharing_an_audience_are_split_across_slots():
    # Placed by votes alone, a and c would share slot 11, and b and d slot 12.
    sessions = [session("a", 30), session("b", 29), session("c", 28), session("d", 27)]
    co_votes = {frozenset({"a", "c"}): 12, frozenset({"b", "d"}): 10, frozenset({"a", "b"}): 1}

    result = build_schedule(sessions=sessions, rooms=ROOMS[1:], slots=SLOTS[1:], locked=[], co_votes=co_votes)

    slot = {p.session_id: p.slot_id for p in result.placements}
    assert slot["a"] != slot["c"]
    assert slot["b"] != slot["d"]
    assert (result.overlap_clashes, result.overlap_avoided) == (0, 23)


def test_overlap_is_kept_as_low_as_the_slots_allow():
    # Three sessions all sharing an audience, two slots: one pair must share; the smallest overlap does.
    sessions = [session("a", 9), session("b", 8), session("c", 7)]
    co_votes = {frozenset({"a", "b"}): 5, frozenset({"a", "c"}): 4, frozenset({"b", "c"}): 1}

    result = build_schedule(sessions=sessions, rooms=ROOMS[:2], slots=SLOTS[:2], locked=[], co_votes=co_votes)

    slot = {p.session_id: p.slot_id for p in result.placements}
    assert slot["b"] == slot["c"] != slot["a"]
    assert (result.overlap_clashes, result.overlap_avoided) == (1, 9)


def test_with_more_sessions_than_places_the_least_voted_are_left_out():
    sessions = [session(f"s{votes}", votes) for votes in (4, 9, 1, 7, 3, 8)]

    result = build_schedule(sessions=sessions, rooms=ROOMS[:2], slots=SLOTS[:2], locked=[], co_votes={})

    assert result.unscheduled == ["s3", "s1"]  # most-voted first
    assert (result.votes_served, result.votes_total) == (28, 32)


def test_a_facilitator_is_never_in_two_places_even_if_a_session_is_left_out():
    sessions = [session("one", 9, "ana"), session("two", 8, "ana"), session("three", 7, "ana", "ben")]

    result = build_schedule(sessions=sessions, rooms=ROOMS, slots=SLOTS[:2], locked=[], co_votes={})

    assert {slot for _room, slot in where(result).values()} == {10, 11}
    assert result.unscheduled == ["three"]


def test_a_session_needing_step_free_access_gets_the_step_free_room():
    rooms = [RoomInput(id=1, capacity=50, is_step_free=False), RoomInput(id=2, capacity=30, is_step_free=True)]
    sessions = [session("big", 40), session("access", 5, step_free=True)]

    result = build_schedule(sessions=sessions, rooms=rooms, slots=SLOTS[:1], locked=[], co_votes={})

    assert where(result) == {"big": (1, 10), "access": (2, 10)}


def test_a_popular_session_makes_way_for_one_that_can_only_go_in_one_place():
    # Greedily, "big" takes the only step-free room; "access" can go nowhere else, so "big" moves.
    rooms = [RoomInput(id=1, capacity=50, is_step_free=True), RoomInput(id=2, capacity=30, is_step_free=False)]
    sessions = [session("big", 40, "ana"), session("access", 5, "ben", step_free=True), session("other", 2, "ana")]

    result = build_schedule(sessions=sessions, rooms=rooms, slots=SLOTS[:1], locked=[], co_votes={})

    assert where(result) == {"access": (1, 10), "big": (2, 10)}
    assert result.unscheduled == ["other"]  # "ana" is already busy in the only slot
    assert result.over_capacity == ["big"]


def test_a_session_goes_where_its_audience_fits():
    rooms = [RoomInput(id=1, capacity=100), RoomInput(id=2, capacity=10)]
    sessions = [session("huge", 90), session("also-big", 60)]

    result = build_schedule(sessions=sessions, rooms=rooms, slots=SLOTS[:2], locked=[], co_votes={})

    # Both in the big room, one per slot, rather than one turning fifty people away.
    assert where(result) == {"huge": (1, 11), "also-big": (1, 10)}
    assert result.over_capacity == []


def test_a_locked_session_stays_while_the_rest_are_scheduled_again():
    sessions = [session("popular", 60), session("middling", 15), session("quiet", 3)]
    first = build_schedule(sessions=sessions, rooms=ROOMS, slots=SLOTS, locked=[], co_votes={})
    assert where(first)["popular"] == (2, 11)

    # The organiser puts "quiet" in the big room at the best time and locks it.
    locked = [Placement("quiet", 2, 11)]
    again = build_schedule(sessions=sessions, rooms=ROOMS, slots=SLOTS, locked=locked, co_votes={})

    assert where(again)["quiet"] == (2, 11)
    assert where(again)["popular"] == (2, 12)  # the big room at the next best time
    assert again.unscheduled == []
    assert again.locked_conflicts == []


def test_locks_that_break_the_rules_are_kept_and_reported():
    rooms = [RoomInput(id=1, capacity=50, is_step_free=False), RoomInput(id=2, capacity=30)]
    sessions = [session("a", 9, "ana"), session("b", 8, "ana"), session("c", 7, step_free=True), session("d", 1)]
    locked = [Placement("a", 1, 10), Placement("b", 2, 10), Placement("c", 1, 11)]

    result = build_schedule(sessions=sessions, rooms=rooms, slots=SLOTS[:2], locked=locked, co_votes={})

    assert set(locked) <= set(result.placements)
    assert result.locked_conflicts == ["a", "b", "c"]
    assert where(result)["d"] == (2, 11)


def test_two_locks_on_one_room_and_slot_keep_the_most_voted_and_schedule_the_other():
    sessions = [session("a", 9), session("b", 8)]
    locked = [Placement("b", 2, 11), Placement("a", 2, 11)]

    result = build_schedule(sessions=sessions, rooms=ROOMS, slots=SLOTS, locked=locked, co_votes={})

    assert where(result)["a"] == (2, 11)
    assert where(result)["b"] == (2, 12)
    assert result.locked_conflicts == ["b"]


def test_unknown_ids_are_ignored():
    sessions = [session("a", 9)]
    locked = [Placement("gone", 2, 11), Placement("a", 99, 11), Placement("a", 2, 99)]
    co_votes = {frozenset({"a", "gone"}): 5, frozenset({"a"}): 3}

    result = build_schedule(sessions=sessions, rooms=ROOMS, slots=SLOTS, locked=locked, co_votes=co_votes)

    assert result.placements == [Placement("a", 2, 11)]
    assert (result.overlap_clashes, result.overlap_avoided, result.locked_conflicts) == (0, 0, [])


def test_nothing_to_schedule_or_nowhere_to_put_it():
    assert build_schedule(sessions=[], rooms=ROOMS, slots=SLOTS, locked=[], co_votes={}) == ScheduleResult([], [])
    result = build_schedule(sessions=[session("a", 3)], rooms=[], slots=SLOTS, locked=[], co_votes={})
    assert (result.placements, result.unscheduled, result.votes_total) == ([], ["a"], 3)


def test_the_benchmark_inputs_are_deterministic_and_schedule_cleanly():
    inputs = benchmark_inputs()
    assert inputs == benchmark_inputs()
    assert (len(inputs["sessions"]), len(inputs["rooms"]), len(inputs["slots"])) == (200, 10, 8)

    result = build_schedule(**inputs)

    check_rules(inputs, result)
    assert len(result.placements) == 80
    assert result.overlap_avoided > 10 * result.overlap_clashes
