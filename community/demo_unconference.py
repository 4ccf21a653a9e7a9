"""The unconference part of the demo data set (seed_demo, through community/demo.py).

Two unconferences, each tied to a meeting on its day:

- last June's, long over: four rooms (one up a flight of stairs, one online), four time slots, fourteen
  approved proposals with the demo people's votes, a published schedule in its second version (twelve
  sessions, two public changelog entries), personal agendas and the notes facilitators wrote afterwards;
- the next one, in its voting window on the day the demo is seeded: proposals are still open for another
  week (so proposing can be shown too), voting opened three days ago and closes in two weeks, proposals
  need an organiser's approval (one is waiting for it), some people have voted, and there is no schedule yet.

Rows are written directly rather than through the unconference services, so seeding sends no email and
queues no task; each proposal's vote_count is recounted here from its Vote rows. Safe to run repeatedly:
unconferences and meetings are looked up by slug, rooms by name, slots by start, proposals by title,
votes, sessions and agenda items by their unique keys. The next unconference is dated from the day the
demo is first seeded; seeding again reuses it while its voting is still open, and makes a new one after.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from community.models import (
    AccessProvision,
    AgendaItem,
    Meeting,
    Proposal,
    ProposalStatus,
    ReminderRun,
    Room,
    ScheduleChange,
    ScheduledSession,
    SessionFormat,
    TimeSlot,
    Unconference,
    Vote,
)
from community.services import schedule as schedule_service
from participation.models import User

LONDON = ZoneInfo("Europe/London")
ORGANISER = "organiser@example.org"
SLUG = "participation-unconference"
TITLE_EN = "Participation in data and AI unconference"
TITLE_CY = "Anghynhadledd cyfranogiad mewn data a deallusrwydd artiffisial"
MONTHS_CY = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
             "Tachwedd", "Rhagfyr"]  # fmt: skip

DESCRIPTION_EN = (
    "A day of sessions proposed and chosen by members of the community of practice: anyone can propose a "
    "session, everyone has five votes, and the most-wanted sessions get the biggest rooms. Live captions "
    "throughout; British Sign Language and Welsh interpretation in the main hall."
)
DESCRIPTION_CY = (
    "Diwrnod o sesiynau a gynigir ac a ddewisir gan aelodau'r gymuned ymarfer: gall unrhyw un gynnig sesiwn, "
    "mae gan bawb bum pleidlais, ac mae'r sesiynau mwyaf poblogaidd yn cael yr ystafelloedd mwyaf."
)

# name, capacity, location, step-free, accessibility notes
PAST_ROOMS = [
    ("Main hall", 80, "Ground floor, Temple of Peace, Cathays Park, Cardiff", True,
     "Step-free from the main entrance; hearing loop; BSL and Welsh interpretation."),
    ("Seminar room 1", 30, "First floor, Temple of Peace", True, "Lift from the foyer; hearing loop."),
    ("Mezzanine", 20, "Mezzanine, Temple of Peace", False, "Up twelve steps; there is no lift to the mezzanine."),
    ("Online room", 50, "https://meet.example.org/unconference-2026", True, "Live captions; join from anywhere."),
]  # fmt: skip
NEXT_ROOMS = [
    ("Assembly hall", 100, "Ground floor, The Pierhead, Cardiff Bay", True,
     "Step-free; hearing loop; BSL and Welsh interpretation."),
    ("Workshop room", 25, "Ground floor, The Pierhead", True, "Step-free; movable tables."),
    ("Library corner", 15, "Half-landing, The Pierhead", False, "Up a half-flight of stairs; no lift."),
    ("Online room", 60, "https://meet.example.org/unconference-next", True, "Live captions; join from anywhere."),
]  # fmt: skip
# Start (UK time) and length in minutes of each time slot.
SLOTS = [
    (datetime.time(10, 0), 50),
    (datetime.time(11, 0), 50),
    (datetime.time(13, 30), 50),
    (datetime.time(14, 30), 50),
]

D, T, W, S = SessionFormat.DISCUSSION, SessionFormat.TALK, SessionFormat.WORKSHOP, SessionFormat.SHOW_AND_TELL

# Last June's: key, title, format, facilitator, co-facilitators, needs step-free, needs, description.
PAST_PROPOSALS = [
    ("paying", "Paying participants: fair, fast and safe for people on benefits", D, "facilitator@example.org",
     ["public@example.org"], True, "",
     "Vouchers, bank transfers or cash? How quickly do you pay, and how do you check that a payment does not "
     "affect someone's benefits? Bring your policies and your horror stories."),
    ("schools", "Deliberation on AI in schools: what pupils and parents told us", T, "member@example.org", [],
     False, "A projector.",
     "DfE ran three deliberative workshops with pupils, parents and teachers about AI marking assistants. "
     "A 15-minute talk on what they said and what changed, then questions."),
    ("welsh", "Welsh-language engagement: plan it in Welsh first, not translate it after", W, "editor@example.org",
     ["facilitator@example.org"], False, "Flip charts; Welsh interpretation.",
     "A hands-on workshop: take an engagement plan written in English and redesign it Welsh-first. "
     "Sesiwn ddwyieithog / a bilingual session."),
    ("statistics", "Official statistics user engagement beyond the usual suspects", D, "reviewer@example.org", [],
     False, "",
     "Most user engagement on official statistics reaches analysts who already use them. How do we reach the "
     "people whose lives the statistics describe?"),
    ("procurement", "Procurement clauses that give the public a say", W, "guidance@example.org", [], False,
     "Printed copies of the model clauses.",
     "We will draft, together, contract clauses that require suppliers of AI systems to involve the public "
     "and publish what they heard."),
    ("ndl", "The National Data Library: what should the public decide?", D, "orgadmin@example.org", [], False, "",
     "Which decisions about the National Data Library should be open to public influence, and how? "
     "An open discussion to feed into the next phase of the public dialogue."),
    ("lived", "Lived-experience panels: from tokenism to real influence", D, "public@example.org", [], True,
     "Step-free access and a table at wheelchair height.",
     "Led by a panel member: what makes people with lived experience feel heard, and what makes them "
     "feel used."),
    ("housing", "Tenants and a repairs chatbot: show and tell", S, "moderator@example.org", [], False, "",
     "How a small dialogue with tenants changed the evaluation criteria for a housing repairs chatbot."),
    ("hybrid", "Running accessible hybrid sessions: captions, BSL and the online room", S, ORGANISER, [], False,
     "Run from the online room.",
     "What we learned running the monthly call in a room and online at once, with captions and BSL."),
    ("reporting", "Reporting back: closing the loop with participants", D, "reviewer@example.org", [], False, "",
     "Most participants never hear what happened to their views. How do we tell them, and when?"),
    ("unions", "Worker voice: involving trade unions in AI deployment", D, "guidance@example.org", [], False, "",
     "Recognised trade unions have a right to be consulted on some changes. Is anyone doing this for AI?"),
    ("influence", "Measuring influence: did engagement change the decision?", D, "orgadmin@example.org", [], False,
     "", "How do we show, honestly, whether public engagement changed a decision?"),
    ("sortition", "Recruiting by sortition on a small budget", W, "facilitator@example.org", [], False, "",
     "A practical workshop on stratified random recruitment when you cannot afford a recruitment agency."),
    ("rights", "Children's rights impact assessments for data projects", T, "member@example.org", [], False, "",
     "A short talk on using children's rights impact assessments alongside DPIAs."),
]  # fmt: skip

# Five votes each; the counts run from 7 ("paying") down to none ("reporting", "rights").
PAST_BALLOTS = {
    "orgadmin@example.org": ["paying", "schools", "procurement", "lived", "influence"],
    "editor@example.org": ["paying", "welsh", "statistics", "ndl", "sortition"],
    "member@example.org": ["paying", "schools", "statistics", "ndl", "lived"],
    "guidance@example.org": ["paying", "schools", "procurement", "ndl", "unions"],
    "reviewer@example.org": ["paying", "welsh", "statistics", "ndl", "influence"],
    "facilitator@example.org": ["schools", "welsh", "procurement", "ndl", "lived"],
    "moderator@example.org": ["paying", "schools", "procurement", "housing", "unions"],
    "organiser@example.org": ["welsh", "ndl", "lived", "hybrid", "influence"],
    "public@example.org": ["paying", "schools", "procurement", "lived", "sortition"],
}

# The published schedule (version 2): proposal key -> (room, slot index, locked). The two sessions with no
# votes were not scheduled. Each facilitator is in one place per slot; the two sessions whose facilitators
# need step-free access are in step-free rooms.
PAST_SCHEDULE = {
    "paying": ("Main hall", 0, True),
    "procurement": ("Seminar room 1", 0, False),
    "statistics": ("Mezzanine", 0, False),
    "hybrid": ("Online room", 0, True),
    "ndl": ("Main hall", 1, False),
    "lived": ("Seminar room 1", 1, True),
    "sortition": ("Mezzanine", 1, False),
    "housing": ("Online room", 1, False),
    "schools": ("Main hall", 2, False),
    "welsh": ("Seminar room 1", 2, False),
    "unions": ("Mezzanine", 2, False),
    "influence": ("Main hall", 3, False),
}
PAST_CHANGES = [
    (1, "First published: 12 sessions in 4 rooms across 4 time slots.",
     datetime.datetime(2026, 6, 10, 9, 0, tzinfo=LONDON)),
    (2, "“Lived-experience panels: from tokenism to real influence” moved from the Mezzanine to Seminar room 1 "
        "(11:00), so that its facilitator has step-free access. “Recruiting by sortition on a small budget” "
        "moved from Seminar room 1 to the Mezzanine (11:00).", datetime.datetime(2026, 6, 15, 14, 0, tzinfo=LONDON)),
]  # fmt: skip
# Who planned to attend what: one session per slot, never one of their own.
PAST_AGENDAS = {
    "member@example.org": ["paying", "lived", "influence"],
    "editor@example.org": ["paying", "lived", "influence"],
    "orgadmin@example.org": ["paying", "schools"],
    "guidance@example.org": ["ndl", "influence"],
    "reviewer@example.org": ["ndl", "schools"],
    "public@example.org": ["schools", "influence"],
}
PAST_NOTES = {
    "paying": (
        "facilitator@example.org",
        "## Paying participants\n\n24 people came; most pay by **bank transfer**.\n\n"
        "- Pay within **five working days**; slow payment stops people coming back.\n"
        "- Tell people before they agree to take part whether payment could affect their benefits, and point "
        "them to free advice.\n- Vouchers suit some people, but offer a choice.\n\n"
        "**Next step:** Lowri will share a template payment policy in the forum.",
    ),
    "ndl": (
        "orgadmin@example.org",
        "## The National Data Library: what should the public decide?\n\n"
        "The room's answer: the **purposes** data may be used for, and **who decides** access, not the "
        "technical design.\n\n> If we can't say no to a use, it isn't a decision we were part of.\n\n"
        "These notes go to the NDL public dialogue's oversight group.",
    ),
    "schools": (
        "member@example.org",
        "## Deliberation on AI in schools\n\n"
        "1. Pupils were most worried about being marked down for writing in dialect.\n"
        "2. Parents wanted a teacher to check every AI mark that counts.\n"
        "3. Teachers wanted time to learn the tool before it was used for marking.\n\n"
        "Slides: https://slides.example.org/ai-in-schools",
    ),
    "lived": (
        "public@example.org",
        "## Lived-experience panels\n\n"
        "- Pay panel members as experts, at the same rate as other experts.\n"
        "- Share papers a week ahead, in plain English and in accessible formats.\n"
        "- Tell the panel what changed because of them, even when the answer is *nothing*.",
    ),
    "procurement": (
        "guidance@example.org",
        "## Procurement clauses\n\nWe drafted three model clauses:\n\n"
        "1. The supplier involves people affected by the system before go-live.\n"
        "2. The findings belong to the authority and are published within three months.\n"
        "3. The evaluation criteria give at least 10% of the score to public involvement.\n\n"
        "The draft is in the procurement forum category for comment.",
    ),
}

# The next one: the same shape, but no status (all approved unless marked) and no schedule yet.
NEXT_PROPOSALS = [
    ("explaining", "Explaining AI decisions to the people they affect", D, "orgadmin@example.org", [], False, "",
     "What does a good explanation of an automated decision look like to the person on the receiving end?"),
    ("jury", "Running a citizens' jury on health data: what we'd do differently", T, "public@example.org",
     ["facilitator@example.org"], True, "Step-free access.",
     "A juror and a facilitator look back at a citizens' jury on health data: what worked and what didn't."),
    ("bilingual", "Bilingual online sessions that work in Welsh and in English", W, "facilitator@example.org",
     ["editor@example.org"], False, "Simultaneous interpretation in the online room.",
     "Try out three ways of running an online session in two languages and vote for the one that works best."),
    ("method-change", "Engaging users when an official statistic changes its method", D, "editor@example.org", [],
     False, "", "Changing a method breaks time series. How do we involve users before, not after?"),
    ("youth-panels", "Young people's data panels: keeping them going after the pilot", D, "member@example.org", [],
     False, "", "Our young people's panel was funded for a year. How have others kept theirs going?"),
    ("you-said", "Publishing what changed: the “you said, we did” habit", S, ORGANISER, [], False, "",
     "Show and tell of organisations that publish their responses to every engagement on the register."),
    ("transparency", "Algorithmic transparency records: who reads them?", D, "reviewer@example.org", [], False, "",
     "Are transparency records read by the public at all? What would make them useful?"),
    ("criteria", "Public voice in AI procurement: writing it into the evaluation criteria", W,
     "guidance@example.org", [], False, "Flip charts and sticky notes.",
     "Bring a tender you are working on; leave with evaluation criteria that reward public involvement."),
    ("repairs", "Predictive repairs and tenants: a year on", S, "moderator@example.org", [], False, "",
     "What happened after the tenants' dialogue on the repairs chatbot, a year later."),
    ("rapid", "Deliberation on a six-week policy timeline", D, "orgadmin@example.org", [], False, "",
     "Is meaningful deliberation possible when ministers want an answer in six weeks? (Awaiting approval.)"),
]  # fmt: skip
NEXT_AWAITING_APPROVAL = "rapid"
NEXT_BALLOTS = {
    "orgadmin@example.org": ["jury", "bilingual", "criteria"],
    "editor@example.org": ["explaining", "bilingual", "youth-panels", "transparency", "criteria"],  # all five used
    "member@example.org": ["explaining", "you-said"],
    "guidance@example.org": ["explaining", "jury", "method-change", "you-said"],
    "facilitator@example.org": ["method-change", "youth-panels", "criteria"],
    "public@example.org": ["explaining", "transparency"],
}


def seed_unconferences(people: dict[str, User], *, now: datetime.datetime) -> int:
    """Both unconferences; returns how many rows it created."""
    return seed_past_unconference(people) + seed_next_unconference(people, now=now)


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, at, tzinfo=LONDON)


def _title(day: datetime.date) -> tuple[str, str]:
    return f"{TITLE_EN}, {day:%B %Y}", f"{TITLE_CY}, {MONTHS_CY[day.month - 1]} {day.year}"


def _backdate(model, pk, **values) -> None:
    """Timestamps that auto_now(_add) would set to today: move them to when it happened."""
    model.objects.filter(pk=pk).update(**values)


def _meeting(slug: str, day: datetime.date, organiser: User | None, venue: str, *, past: bool) -> tuple[Meeting, int]:
    title_en, title_cy = _title(day)
    meeting, made = Meeting.objects.get_or_create(
        slug=slug,
        defaults={
            "title_en": title_en,
            "title_cy": title_cy,
            "description_en": DESCRIPTION_EN,
            "description_cy": DESCRIPTION_CY,
            "venue": venue,
            "online_link": "https://meet.example.org/" + slug,
            "capacity": 150,
            "provisions": [AccessProvision.CAPTIONS, AccessProvision.BSL, AccessProvision.WELSH_INTERPRETATION],
            "created_by": organiser,
            "starts_at": _local(day, datetime.time(9, 30)),
            "ends_at": _local(day, datetime.time(16, 0)),
        },
    )
    created = int(made)
    if past:
        # Long over: the reminder and notes sweeps must not announce it now.
        kinds = ["notes", *(f"reminder-{minutes}" for minutes in settings.MEETING_REMINDER_MINUTES)]
        for kind in kinds:
            created += int(ReminderRun.objects.get_or_create(meeting=meeting, kind=kind)[1])
    return meeting, created


def _rooms_and_slots(unconference: Unconference, rooms: list) -> tuple[dict[str, Room], list[TimeSlot], int]:
    created = 0
    by_name = {}
    for position, (name, capacity, location, step_free, notes) in enumerate(rooms):
        by_name[name], made = Room.objects.get_or_create(
            unconference=unconference,
            name=name,
            defaults={
                "capacity": capacity,
                "location": location,
                "is_step_free": step_free,
                "accessibility_notes": notes,
                "position": position,
            },
        )
        created += int(made)
    slots = []
    for starts, minutes in SLOTS:
        starts_at = _local(unconference.date, starts)
        slot, made = TimeSlot.objects.get_or_create(
            unconference=unconference,
            starts_at=starts_at,
            defaults={"ends_at": starts_at + datetime.timedelta(minutes=minutes)},
        )
        slots.append(slot)
        created += int(made)
    return by_name, slots, created


def _proposals(
    unconference: Unconference,
    people: dict[str, User],
    specs: list,
    *,
    submitted_from: datetime.datetime,
    status_of=lambda key: ProposalStatus.APPROVED,
    notes: dict | None = None,
) -> tuple[dict[str, Proposal], int]:
    created = 0
    proposals = {}
    notes = notes or {}
    for number, (key, title, session_format, facilitator, co_facilitators, step_free, needs, description) in enumerate(
        specs
    ):
        if people.get(facilitator) is None:
            continue
        note_author, note = notes.get(key, (None, ""))
        proposal, made = Proposal.objects.get_or_create(
            unconference=unconference,
            title=title,
            defaults={
                "description": description,
                "format": session_format,
                "facilitator": people[facilitator],
                "needs": needs,
                "needs_step_free": step_free,
                "status": status_of(key),
                "notes": note,
                "notes_by": people.get(note_author) if note_author else None,
            },
        )
        if made:
            created += 1
            co = [people[email] for email in co_facilitators if email in people]
            proposal.co_facilitators.set(co)
            created += len(co)
            when = submitted_from + datetime.timedelta(hours=9 + 7 * number)
            _backdate(Proposal, proposal.pk, created_at=when, updated_at=when)
        proposals[key] = proposal
    return proposals, created


def _votes(
    unconference: Unconference,
    people: dict[str, User],
    proposals: dict[str, Proposal],
    ballots: dict[str, list[str]],
    *,
    cast_from: datetime.datetime,
) -> int:
    created = 0
    for number, (email, keys) in enumerate(ballots.items()):
        user = people.get(email)
        if user is None:
            continue
        for key in keys[: unconference.votes_per_member]:
            if key not in proposals:
                continue
            vote, made = Vote.objects.get_or_create(
                proposal=proposals[key], user=user, defaults={"unconference": unconference}
            )
            if made:
                created += 1
                _backdate(Vote, vote.pk, created_at=cast_from + datetime.timedelta(hours=5 * number + 1))
    recount_votes(unconference)
    return created


def recount_votes(unconference: Unconference) -> None:
    """Keep each proposal's vote_count, which the voting service keeps, in step with its Vote rows."""
    votes = (
        Vote.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal").annotate(n=Count("pk")).values("n")
    )
    (
        Proposal.objects.filter(unconference=unconference)
        .annotate(counted=Coalesce(Subquery(votes), 0))
        .exclude(vote_count=F("counted"))
        .update(vote_count=Coalesce(Subquery(votes), 0))
    )


def seed_past_unconference(people: dict[str, User]) -> int:
    organiser = people.get(ORGANISER)
    day = datetime.date(2026, 6, 18)
    slug = f"{SLUG}-{day:%Y}"
    meeting, created = _meeting(slug, day, organiser, "Temple of Peace, Cathays Park, Cardiff CF10 3AP", past=True)
    title_en, title_cy = _title(day)
    unconference, made = Unconference.objects.get_or_create(
        slug=slug,
        defaults={
            "meeting": meeting,
            "title_en": title_en,
            "title_cy": title_cy,
            "description_en": DESCRIPTION_EN,
            "description_cy": DESCRIPTION_CY,
            "date": day,
            "proposals_open_at": _local(datetime.date(2026, 4, 20), datetime.time(9)),
            "proposals_close_at": _local(datetime.date(2026, 5, 25), datetime.time(17)),
            "voting_open_at": _local(datetime.date(2026, 5, 26), datetime.time(9)),
            "voting_close_at": _local(datetime.date(2026, 6, 8), datetime.time(17)),
            "votes_per_member": 5,
            "proposals_need_approval": True,
            "schedule_version": len(PAST_CHANGES),
            "schedule_published_at": PAST_CHANGES[-1][2],
            "created_by": organiser,
        },
    )
    if made:
        created += 1
        _backdate(Unconference, unconference.pk, created_at=unconference.proposals_open_at)
    rooms, slots, made_here = _rooms_and_slots(unconference, PAST_ROOMS)
    created += made_here
    proposals, made_here = _proposals(
        unconference, people, PAST_PROPOSALS, submitted_from=unconference.proposals_open_at, notes=PAST_NOTES
    )
    created += made_here
    created += _votes(unconference, people, proposals, PAST_BALLOTS, cast_from=unconference.voting_open_at)
    for key, (room, slot, locked) in PAST_SCHEDULE.items():
        if key in proposals:
            created += int(
                ScheduledSession.objects.get_or_create(
                    proposal=proposals[key],
                    defaults={
                        "unconference": unconference,
                        "room": rooms[room],
                        "slot": slots[slot],
                        "is_locked": locked,
                    },
                )[1]
            )
    # What members see is the published placement; the demo's is the schedule as seeded.
    Unconference.objects.filter(pk=unconference.pk).update(published_schedule=schedule_service.snapshot(unconference))
    for version, summary, when in PAST_CHANGES:
        change, made = ScheduleChange.objects.get_or_create(unconference=unconference, version=version, summary=summary)
        if made:
            created += 1
            _backdate(ScheduleChange, change.pk, created_at=when)
    for email, keys in PAST_AGENDAS.items():
        user = people.get(email)
        for key in keys:
            if user is not None and key in proposals:
                item, made = AgendaItem.objects.get_or_create(user=user, proposal=proposals[key])
                if made:
                    created += 1
                    _backdate(AgendaItem, item.pk, created_at=unconference.schedule_published_at)
    return created


def _next_day(now: datetime.datetime) -> datetime.date:
    """A Thursday five to six weeks from now, three weeks after voting closes; after the holidays if it
    would fall between Christmas and New Year."""
    day = now.astimezone(LONDON).date() + datetime.timedelta(days=35)
    if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 4):
        day = datetime.date(day.year + (day.month == 12), 1, 5)
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)


def seed_next_unconference(people: dict[str, User], *, now: datetime.datetime) -> int:
    organiser = people.get(ORGANISER)
    unconference = (
        Unconference.objects.filter(slug__startswith=f"{SLUG}-next-", voting_close_at__gt=now).order_by("date").first()
    )
    created = 0
    if unconference is None:
        day = _next_day(now)
        slug = f"{SLUG}-next-{day:%Y-%m-%d}"
        meeting, created = _meeting(slug, day, organiser, "The Pierhead, Cardiff Bay, Cardiff CF10 4PZ", past=False)
        title_en, title_cy = _title(day)
        unconference, made = Unconference.objects.get_or_create(
            slug=slug,
            defaults={
                "meeting": meeting,
                "title_en": title_en,
                "title_cy": title_cy,
                "description_en": DESCRIPTION_EN,
                "description_cy": DESCRIPTION_CY,
                "date": day,
                "proposals_open_at": now - datetime.timedelta(days=21),
                "proposals_close_at": now + datetime.timedelta(days=7),
                "voting_open_at": now - datetime.timedelta(days=3),
                "voting_close_at": now + datetime.timedelta(days=14),
                "votes_per_member": 5,
                "proposals_need_approval": True,
                "created_by": organiser,
            },
        )
        created += int(made)
        if made:
            _backdate(Unconference, unconference.pk, created_at=unconference.proposals_open_at)
    rooms, slots, made_here = _rooms_and_slots(unconference, NEXT_ROOMS)
    created += made_here
    proposals, made_here = _proposals(
        unconference,
        people,
        NEXT_PROPOSALS,
        submitted_from=unconference.proposals_open_at,
        status_of=lambda key: ProposalStatus.SUBMITTED if key == NEXT_AWAITING_APPROVAL else ProposalStatus.APPROVED,
    )
    created += made_here
    approved = {key: proposal for key, proposal in proposals.items() if proposal.status == ProposalStatus.APPROVED}
    created += _votes(unconference, people, approved, NEXT_BALLOTS, cast_from=unconference.voting_open_at)
    return created
