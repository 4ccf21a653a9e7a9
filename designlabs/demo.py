"""The Design Labs part of the demo data set (seed_demo): a closed DSIT lab on the next stage of
digital transformation, with outputs, dots, a published write-up, resulting guidance and impact; and
a running DfE lab on AI tools in schools, with upcoming sessions and participants in every state.

Rows are written directly rather than through the services, so seeding sends no email and records
no audit event; `Output.dot_count` is recomputed from the Dot rows so the two always agree. Safe to
run repeatedly: everything is looked up by its natural key first (a lab by slug, a session by lab and
title, a participant by lab and email, a theme by title, an output by text). Session dates follow the
day the demo is seeded.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from designlabs.models import (
    Attendance,
    Consent,
    Dot,
    Impact,
    InformationSheet,
    IntendedOutput,
    Lab,
    LabStatus,
    Material,
    MaterialVisibility,
    Output,
    OutputKind,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    PaymentStatus,
    Session,
    SessionMode,
    Theme,
)
from guidance.models import GuidanceDocument, GuidanceVersion
from participation.models import Organisation, User

LONDON = ZoneInfo("Europe/London")
FACILITATOR = "facilitator@example.org"
DEMO_PARTICIPANT = "public@example.org"
NDL_GUIDANCE = "Public participation in data sharing through the National Data Library"

SHEET = (
    "## What taking part means\n\n"
    "You are invited to a Design Lab: a series of workshops where members of the public, practitioners and "
    "experts help a government department shape guidance.\n\n"
    "- Taking part is voluntary and you can withdraw at any time.\n"
    "- We pay public participants £150 per session and cover travel.\n"
    "- What you say may be published, but never with your name.\n"
    "- We keep your contact details and access needs until the lab’s retention date, then delete them."
)

DSIT_LAB = {
    "slug": "next-stage-of-digital-transformation",
    "title_en": "The next stage of digital transformation",
    "title_cy": "Cam nesaf trawsnewid digidol",
    "brief_en": "DSIT, as the digital centre of government, wants to know what people expect from the **next "
    "stage of digital transformation** of public services: where data and AI should and should not be used, "
    "and how people should be involved in decisions about them.",
    "policy_question_en": "What should the next stage of digital transformation of public services promise "
    "the public about data and AI?",
    "public_description_en": "Three sessions with members of the public, civil servants and experts on "
    "what people expect from the next stage of digital transformation of public services.",
    "public_description_cy": "Tair sesiwn gydag aelodau o’r cyhoedd, gweision sifil ac arbenigwyr ar yr hyn "
    "y mae pobl yn ei ddisgwyl gan gam nesaf trawsnewid digidol gwasanaethau cyhoeddus.",
    "intended_output": IntendedOutput.GUIDANCE,
    "status": LabStatus.CLOSED,
    "invitation_only": True,
    "chatham_house": True,
    "sectors_represented": "20+ organisations across central and local government, civil society, research "
    "and public involvement",
    "voting_open": False,
    "summary_en": "Over three sessions, participants mapped where digital public services work well for them, "
    "where they fail, and what they want to be asked about before data and AI are used.\n\n"
    "The strongest message was that **people want to be told plainly** when a decision about them used data "
    "or AI, and to have a human to talk to.",
    "next_steps_en": "DSIT will use the prioritised recommendations in the next version of its guidance on "
    "public participation in data sharing, and report back to participants within three months.",
}
DSIT_SESSIONS = [
    # title, days before today, mode, summary
    ("Session 1: what works and what doesn’t", 120, SessionMode.IN_PERSON,
     "Participants described the public services they use online and where they had been let down."),
    ("Session 2: data and AI in decisions about me", 106, SessionMode.ONLINE,
     "We looked at three examples of data and AI in public services and what participants would want to know."),
    ("Session 3: priorities", 92, SessionMode.HYBRID,
     "Participants grouped the ideas into themes and used their dots to choose what matters most."),
]  # fmt: skip
# email, name, role, account (a demo login), payment status
DSIT_PEOPLE = [
    ("orgadmin@example.org", "Priya Patel", ParticipantRole.CIVIL_SERVANT, True, PaymentStatus.NONE),
    ("editor@example.org", "Gareth Jones", ParticipantRole.CIVIL_SERVANT, True, PaymentStatus.NONE),
    ("guidance@example.org", "Rhiannon Evans", ParticipantRole.EXPERT, True, PaymentStatus.NONE),
    ("reviewer@example.org", "Tom Okafor", ParticipantRole.EXPERT, True, PaymentStatus.NONE),
    (DEMO_PARTICIPANT, "Dylan Roberts", ParticipantRole.PUBLIC, True, PaymentStatus.PAID),
    ("aisha.demo@example.net", "Aisha Khan", ParticipantRole.PUBLIC, False, PaymentStatus.PAID),
    ("bryn.demo@example.net", "Bryn Thomas", ParticipantRole.LIVED_EXPERIENCE, False, PaymentStatus.PAID),
    ("carys.demo@example.net", "Carys Hughes", ParticipantRole.LIVED_EXPERIENCE, False, PaymentStatus.DUE),
    ("deepak.demo@example.net", "Deepak Shah", ParticipantRole.PUBLIC, False, PaymentStatus.PAID),
    ("observer.demo@example.net", "Elin Price", ParticipantRole.OBSERVER, False, PaymentStatus.NONE),
]
DSIT_THEMES = ["Telling people plainly", "A human to talk to", "Asking first", "Fairness and trust"]
# text, kind, theme (index), session (index), public, dots
DSIT_OUTPUTS = [
    ("Say on every letter when data or AI helped make the decision.", OutputKind.RECOMMENDATION, 0, 2, True, 5),
    ("Always offer a named person to talk to about an automated decision.", OutputKind.RECOMMENDATION, 1, 2, True, 4),
    ("Ask the public before linking new data sets about them.", OutputKind.RECOMMENDATION, 2, 2, True, 4),
    ("Publish an easy-read summary of each algorithmic transparency record.", OutputKind.RECOMMENDATION, 0, 2, True,
     3),
    ("People stopped trusting the online form when it lost their answers.", OutputKind.INSIGHT, 3, 0, True, 2),
    ("Letters full of jargon make people feel the decision is already made.", OutputKind.INSIGHT, 0, 0, True, 2),
    ("A phone line is still essential for people who are not online.", OutputKind.INSIGHT, 1, 0, True, 2),
    ("Test new services with disabled people before launch, not after.", OutputKind.RECOMMENDATION, 3, 2, True, 1),
    ("Could a citizens’ panel review the highest-risk uses each year?", OutputKind.IDEA, 2, 1, True, 1),
    ("A dashboard showing where AI is used across government.", OutputKind.IDEA, 0, 1, True, 1),
    ("Who is accountable when an automated decision is wrong?", OutputKind.QUESTION, 3, 1, True, 0),
    ("How long is my data kept after a service has used it?", OutputKind.QUESTION, 2, 1, True, 0),
    ("My GP surgery’s app works well because I can still ring them.", OutputKind.INSIGHT, 1, 0, False, 0),
    ("The benefits journal felt like being watched, not helped.", OutputKind.INSIGHT, 3, 0, False, 0),
    ("Name the team responsible on every automated letter.", OutputKind.IDEA, 1, 1, False, 0),
    ("Let people see and correct the data used about them.", OutputKind.RECOMMENDATION, 2, 2, True, 0),
    ("Pay people for their time when you ask their views.", OutputKind.RECOMMENDATION, 3, 2, False, 0),
    ("Use plain English tests on every new letter.", OutputKind.IDEA, 0, 1, False, 0),
    ("What happens if I say no to my data being shared?", OutputKind.QUESTION, 2, 1, False, 0),
    ("Explain decisions in Welsh as well as English, by default.", OutputKind.RECOMMENDATION, 0, 2, True, 0),
]  # fmt: skip

DFE_LAB = {
    "slug": "ai-tools-in-schools",
    "title_en": "AI tools in schools",
    "title_cy": "Offer AI mewn ysgolion",
    "brief_en": "The Department for Education is writing guidance for schools choosing and using **AI tools**: "
    "for marking, lesson planning and supporting pupils. This lab brings teachers, parents, pupils’ "
    "representatives and experts together to shape it.",
    "policy_question_en": "What should guidance on AI tools in schools say about involving pupils and parents?",
    "public_description_en": "Two sessions with teachers, parents and experts to shape the Department for "
    "Education’s guidance on AI tools in schools.",
    "public_description_cy": "Dwy sesiwn gydag athrawon, rhieni ac arbenigwyr i lunio canllawiau’r Adran Addysg "
    "ar offer AI mewn ysgolion.",
    "intended_output": IntendedOutput.GUIDANCE,
    "status": LabStatus.RUNNING,
    "invitation_only": True,
    "chatham_house": False,
    "sectors_represented": "Primary and secondary schools, parents’ groups, teaching unions and researchers",
    "voting_open": True,
}
DFE_SESSIONS = [
    # title, days after today, mode, venue, link, access provision
    ("Session 1: what worries you about AI in the classroom?", 10, SessionMode.HYBRID,
     "Sanctuary Buildings, 20 Great Smith Street, London SW1P 3BT", "https://meet.example.org/dfe-ai-lab-1",
     "Step-free access, hearing loop, live captions online."),
    ("Session 2: what good looks like", 24, SessionMode.ONLINE, "", "https://meet.example.org/dfe-ai-lab-2",
     "Live captions and a BSL interpreter."),
]  # fmt: skip
# email, name, role, status, consent ("given", "withdrawn" or None), access needs, dietary notes, language
DFE_PEOPLE = [
    (DEMO_PARTICIPANT, "Dylan Roberts", ParticipantRole.PUBLIC, ParticipantStatus.ACCEPTED, "given",
     "Step-free access, please.", "Vegetarian", "en"),
    ("teacher.demo@example.net", "Fatima Begum", ParticipantRole.EXPERT, ParticipantStatus.ACCEPTED, "given",
     "", "", "en"),
    ("parent.demo@example.net", "Gwen Morgan", ParticipantRole.LIVED_EXPERIENCE, ParticipantStatus.ACCEPTED, None,
     "Large-print papers, please.", "No nuts", "cy"),
    ("governor.demo@example.net", "Harry Wilson", ParticipantRole.PUBLIC, ParticipantStatus.ACCEPTED, "withdrawn",
     "", "", "en"),
    ("invited.demo@example.net", "", ParticipantRole.PUBLIC, ParticipantStatus.INVITED, None, "", "", "en"),
    ("declined.demo@example.net", "Ivan Petrov", ParticipantRole.CIVIL_SERVANT, ParticipantStatus.DECLINED, None,
     "", "", "en"),
]  # fmt: skip
DFE_THEMES = ["Marking and feedback", "Pupils’ data"]
DFE_OUTPUTS = [
    ("Tell parents when AI has suggested a mark.", OutputKind.RECOMMENDATION, 0),
    ("Teachers must be able to override any AI suggestion.", OutputKind.RECOMMENDATION, 0),
    ("Pupils’ work should not be used to train commercial models.", OutputKind.IDEA, 1),
    ("Who checks the AI tool is fair to pupils with SEND?", OutputKind.QUESTION, 1),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def _lab(spec: dict, *, department, partners, facilitator, retention_date) -> tuple[Lab, bool]:
    fields = {key: value for key, value in spec.items() if key != "slug"}
    lab, created = Lab.objects.update_or_create(
        slug=spec["slug"],
        defaults={**fields, "department": department, "retention_date": retention_date},
        create_defaults={
            **fields,
            "department": department,
            "retention_date": retention_date,
            "created_by": facilitator,
        },
    )
    lab.partners.set(partners)
    if facilitator:
        lab.facilitators.add(facilitator)
    return lab, created


def _session(lab: Lab, title: str, starts: datetime.datetime, **fields) -> tuple[Session, bool]:
    return Session.objects.update_or_create(
        lab=lab,
        title_en=title,
        defaults={"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3), **fields},
    )


def _participant(lab: Lab, email: str, *, user, facilitator, **fields) -> tuple[Participant, bool]:
    return Participant.objects.get_or_create(
        lab=lab, email=email, defaults={"user": user, "invited_by": facilitator, **fields}
    )


def _consent(participant: Participant, sheet: InformationSheet, state: str | None, given_at, recorded_by) -> int:
    if state is None:
        return 0
    withdrawn_at = given_at + datetime.timedelta(days=3) if state == "withdrawn" else None
    _row, created = Consent.objects.get_or_create(
        participant=participant,
        sheet=sheet,
        defaults={"given_at": given_at, "withdrawn_at": withdrawn_at, "recorded_by": recorded_by},
    )
    return int(created)


def _recount_dots(lab: Lab) -> None:
    counted = Dot.objects.filter(output=OuterRef("pk")).order_by().values("output").annotate(n=Count("id"))
    Output.objects.filter(lab=lab).update(dot_count=Coalesce(Subquery(counted.values("n")), 0))


def seed_dsit(organisations, people: dict[str, User], today: datetime.date) -> int:
    facilitator = people.get(FACILITATOR)
    lab, created = _lab(
        DSIT_LAB,
        department=organisations["dsit"],
        partners=[organisations[slug] for slug in ("connected-by-data", "ons") if slug in organisations],
        facilitator=facilitator,
        retention_date=today + datetime.timedelta(days=180),
    )
    made = int(created)
    sessions = []
    for title, days_ago, mode, summary in DSIT_SESSIONS:
        session, new = _session(
            lab,
            title,
            _at(today - datetime.timedelta(days=days_ago), 10),
            mode=mode,
            venue="1 Horse Guards Road, London" if mode != SessionMode.ONLINE else "",
            online_link="https://meet.example.org/dsit-lab" if mode != SessionMode.IN_PERSON else "",
            summary_en=summary,
        )
        sessions.append(session)
        made += int(new)
    sheet, new = InformationSheet.objects.get_or_create(lab=lab, version="1.0", defaults={"body_en": SHEET})
    made += int(new)
    voters = []
    for n, (email, name, role, has_account, payment) in enumerate(DSIT_PEOPLE):
        user = people.get(email) if has_account else None
        participant, new = _participant(
            lab,
            email,
            user=user,
            facilitator=facilitator,
            name=name,
            role=role,
            status=ParticipantStatus.ACCEPTED,
            responded_at=sessions[0].starts_at - datetime.timedelta(days=21),
            honorarium=450 if role in (ParticipantRole.PUBLIC, ParticipantRole.LIVED_EXPERIENCE) else None,
            payment_status=payment,
        )
        made += int(new)
        made += _consent(participant, sheet, "given", participant.responded_at, facilitator)
        for index, session in enumerate(sessions):
            _attendance, new = Attendance.objects.get_or_create(
                session=session,
                participant=participant,
                # Someone misses each session, so the attendance counts differ.
                defaults={"present": (n + index) % 7 != 0, "recorded_by": facilitator},
            )
            made += int(new)
        if user is not None:
            voters.append(user)
    themes = []
    for position, title in enumerate(DSIT_THEMES):
        theme, new = Theme.objects.get_or_create(lab=lab, title=title, defaults={"position": position})
        themes.append(theme)
        made += int(new)
    roles = [role for _email, _name, role, _account, _payment in DSIT_PEOPLE if role != ParticipantRole.OBSERVER]
    dots_left = {user.pk: lab.dots_per_participant for user in voters}
    for n, (text, kind, theme, session, is_public, dots) in enumerate(DSIT_OUTPUTS):
        output, new = Output.objects.get_or_create(
            lab=lab,
            text=text,
            defaults={
                "session": sessions[session],
                "kind": kind,
                "theme": themes[theme],
                "is_public": is_public,
                "author_role": roles[n % len(roles)],
            },
        )
        made += int(new)
        if new:
            # Each voter has at most dots_per_participant dots; the most popular outputs get theirs first.
            givers = sorted((user for user in voters if dots_left[user.pk]), key=lambda user: -dots_left[user.pk])
            for user in givers[:dots]:
                dots_left[user.pk] -= 1
                Dot.objects.create(lab=lab, output=output, user=user)
                made += 1
    _recount_dots(lab)
    guidance = GuidanceDocument.objects.filter(slug=slugify(NDL_GUIDANCE)[:100]).first()
    if guidance is not None:
        lab.guidance_documents.add(guidance)
    if lab.write_up_published_at is None:
        lab.write_up_published_at = sessions[-1].ends_at + datetime.timedelta(days=30)
        lab.save(update_fields=["write_up_published_at"])
    version = (
        GuidanceVersion.objects.filter(document=guidance, major=2, minor=0).first() if guidance is not None else None
    )
    _impact, new = Impact.objects.get_or_create(
        lab=lab,
        description_en="Guidance version 2.0 published citing this lab.",
        defaults={
            "description_cy": "Cyhoeddi fersiwn 2.0 o’r canllawiau gan gyfeirio at y labordy hwn.",
            "happened_on": sessions[-1].starts_at.date() + datetime.timedelta(days=60),
            "guidance_version": version,
            "recorded_by": facilitator,
        },
    )
    return made + int(new)


def seed_dfe(organisations, people: dict[str, User], today: datetime.date) -> int:
    facilitator = people.get(FACILITATOR)
    lab, created = _lab(
        DFE_LAB,
        department=organisations["dfe"],
        partners=[organisations[slug] for slug in ("connected-by-data",) if slug in organisations],
        facilitator=facilitator,
        retention_date=today + datetime.timedelta(days=365),
    )
    made = int(created)
    sessions = []
    for title, days_ahead, mode, venue, link, access in DFE_SESSIONS:
        session, new = _session(
            lab,
            title,
            _at(today + datetime.timedelta(days=days_ahead), 13),
            mode=mode,
            venue=venue,
            online_link=link,
            access_provision=access,
            agenda_en="1. Welcome and introductions\n2. Small-group discussion\n3. Capturing ideas\n4. Dot-voting",
        )
        sessions.append(session)
        made += int(new)
    sheet, new = InformationSheet.objects.get_or_create(lab=lab, version="1.0", defaults={"body_en": SHEET})
    made += int(new)
    invited_on = timezone.now() - datetime.timedelta(days=14)
    for email, name, role, status, consent, access_needs, dietary, language in DFE_PEOPLE:
        user = people.get(email)
        answered = status != ParticipantStatus.INVITED
        participant, new = _participant(
            lab,
            email,
            user=user if answered else None,
            facilitator=facilitator,
            name=name,
            role=role,
            status=status,
            responded_at=invited_on + datetime.timedelta(days=2) if answered else None,
            access_needs=access_needs,
            dietary_notes=dietary,
            preferred_language=language,
            honorarium=300 if role in (ParticipantRole.PUBLIC, ParticipantRole.LIVED_EXPERIENCE) and answered else None,
            payment_status=PaymentStatus.DUE if role == ParticipantRole.PUBLIC and answered else PaymentStatus.NONE,
        )
        made += int(new)
        made += _consent(participant, sheet, consent, invited_on + datetime.timedelta(days=2), facilitator)
    for position, title in enumerate(DFE_THEMES):
        theme, new = Theme.objects.get_or_create(lab=lab, title=title, defaults={"position": position})
        made += int(new)
    themes = list(lab.themes.order_by("position"))
    for text, kind, theme in DFE_OUTPUTS:
        _output, new = Output.objects.get_or_create(
            lab=lab,
            text=text,
            defaults={"session": sessions[0], "kind": kind, "theme": themes[theme], "author": facilitator,
                      "author_role": ParticipantRole.FACILITATOR},
        )  # fmt: skip
        made += int(new)
    _recount_dots(lab)
    for title, visibility in (
        ("Pre-reading: AI tools in schools, the questions so far", MaterialVisibility.PUBLIC),
        ("Session 1 slides (participants only)", MaterialVisibility.PARTICIPANTS),
    ):
        _material, new = Material.objects.get_or_create(
            lab=lab,
            title=title,
            defaults={
                "url": f"https://example.org/dfe-ai-lab/{slugify(title)}.pdf",
                "visibility": visibility,
                "session": sessions[0] if visibility == MaterialVisibility.PARTICIPANTS else None,
                "added_by": facilitator,
            },
        )
        made += int(new)
    return made


def seed_design_labs(organisations: dict[str, Organisation] | None = None, *, today=None) -> int:
    """Both labs; returns how many rows were created (0 on a second run)."""
    today = today or timezone.localdate()
    organisations = organisations or {org.slug: org for org in Organisation.objects.all()}
    emails = {FACILITATOR, DEMO_PARTICIPANT, *(row[0] for row in DSIT_PEOPLE), *(row[0] for row in DFE_PEOPLE)}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    return seed_dsit(organisations, people, today) + seed_dfe(organisations, people, today)
