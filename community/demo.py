"""The community of practice part of the demo data set (seed_demo): member profiles, the monthly
call with past and upcoming meetings, and a forum with realistic conversations.

Meetings, RSVPs, topics and posts are written as rows rather than through the meeting and forum
services, so seeding sends no email and queues no task. The counters those services keep (a
meeting's going and waiting-list counts, a topic's post count and last post, a category's topic
count) are recomputed here from the rows, so they always agree with them. Safe to run repeatedly:
everything is looked up by its natural key first (a user's profile, a series by title, a meeting by
series and date, a category by slug, a topic by category and title, a post by topic and number).
Meeting dates follow the day the demo is seeded: three past calls and the next three.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from community.demo_unconference import seed_unconferences
from community.models import (
    RSVP,
    AccessProvision,
    Category,
    Flag,
    FlagReason,
    Interest,
    Meeting,
    MeetingSeries,
    Post,
    Profile,
    ReminderRun,
    RSVPStatus,
    Topic,
    TopicSubscription,
    Weekday,
    WeekOfMonth,
)
from community.services.profiles import get_or_create_interests, parse_interests
from participation.models import Organisation, User

LONDON = ZoneInfo("Europe/London")
ORGANISER = "organiser@example.org"
MODERATOR = "moderator@example.org"

# email, listed, role title, organisation slug, interests, bio, how to contact, show email
PROFILES = [
    ("orgadmin@example.org", True, "Head of public engagement, AI policy", "dsit",
     "citizens' juries, AI assurance, public dialogue",
     "I lead public engagement for AI policy at DSIT. Before that I ran the **public dialogue** on the "
     "National Data Library.\n\nHappy to talk about commissioning deliberative work on a tight timetable.",
     "Cross-government Slack: @priya.patel", False),
    ("editor@example.org", True, "Principal statistician", "ons",
     "official statistics, Welsh language, user engagement, census",
     "I work on user engagement for population statistics, in English and Welsh.\n\n"
     "- Census outputs for Wales\n- Engaging users of official statistics\n- Bilingual consultation",
     "", True),
    ("member@example.org", True, "Policy adviser, pupil data", "dfe",
     "AI in education, children and young people, citizens' juries",
     "I look after how pupil data is used in new AI tools, and how we involve pupils and parents in those "
     "decisions.", "Find me on the data ethics network", False),
    ("guidance@example.org", True, "Programme lead", "connected-by-data",
     "procurement, data governance, worker voice, citizens' juries",
     "I help public bodies put the people affected by data and AI at the heart of decisions, "
     "including in **procurement**.", "https://connectedbydata.org", False),
    ("reviewer@example.org", False, "Regulator, statistics", "osr", "official statistics, trustworthiness",
     "", "", False),
    ("facilitator@example.org", True, "Facilitator and researcher", "connected-by-data",
     "deliberative workshops, Welsh language, citizens' juries, accessibility",
     "I design and facilitate deliberative workshops, often bilingual. Ask me about recruiting by sortition "
     "and about making sessions accessible.", "Mastodon: @lowri@example.social", False),
    ("moderator@example.org", True, "Community manager", "mhclg", "local government, procurement, housing data",
     "I look after the forum. If something needs a moderator's eye, flag it and I will take a look.",
     "", False),
    ("organiser@example.org", True, "Community of practice organiser", "connected-by-data",
     "community of practice, public dialogue, Welsh language",
     "I organise the monthly call. Ideas for speakers are always welcome.", "", True),
    ("public@example.org", True, "Member of a citizens' panel", None, "citizens' juries, health data",
     "I sat on a citizens' jury about health data and now help other panel members take part.", "", False),
]  # fmt: skip

SERIES = {
    "title_en": "Community of practice monthly call",
    "title_cy": "Galwad fisol y gymuned ymarfer",
    "description_en": "An hour online for practitioners across the public sector who involve the public in "
    "decisions about data and AI: a short talk, then open discussion. Live captions and British Sign Language "
    "interpretation are provided.",
    "description_cy": "Awr ar-lein i ymarferwyr ar draws y sector cyhoeddus sy'n cynnwys y cyhoedd mewn "
    "penderfyniadau am ddata a deallusrwydd artiffisial: sgwrs fer, yna trafodaeth agored. Darperir capsiynau "
    "byw a dehongli Iaith Arwyddion Prydain.",
    "online_link": "https://meet.example.org/community-of-practice",
    "capacity": 40,
    "provisions": [AccessProvision.CAPTIONS, AccessProvision.BSL],
    "week_of_month": WeekOfMonth.FIRST,
    "weekday": Weekday.TUESDAY,
    "start_time": datetime.time(10, 0),
    "duration_minutes": 60,
    "months_ahead": 3,
}

# The three past calls, oldest first: agenda, notes (en, cy), attendance, notes public.
PAST = [
    {
        "agenda_en": "1. Welcome and introductions\n2. Talk: recruiting a citizens' jury by sortition\n"
        "3. Open discussion",
        "notes_en": "## Recruiting by sortition\n\nLowri Davies talked through recruiting 24 jurors for the "
        "National Data Library jury.\n\n- Send **twice as many** invitations as you think you need.\n"
        "- Pay people for their time, and pay promptly.\n- Offer childcare and travel up front.\n\n"
        "## Discussion\n\nSeveral teams want a shared list of recruitment suppliers.",
        "notes_cy": "## Recriwtio drwy ddidoli\n\nSoniodd Lowri Davies am recriwtio 24 o reithwyr ar gyfer "
        "rheithgor y Llyfrgell Ddata Genedlaethol.\n\n- Anfonwch **ddwywaith cymaint** o wahoddiadau ag y "
        "credwch sydd eu hangen.\n- Talwch bobl am eu hamser, a thalwch yn brydlon.",
        "attendance": 31,
        "notes_public": True,
    },
    {
        "agenda_en": "1. Talk: engaging users of official statistics\n2. Updates from members",
        "notes_en": "## Engaging users of official statistics\n\nGareth Jones shared what ONS learned from "
        "bilingual user engagement on census outputs for Wales.\n\n> Ask users what decisions the statistics "
        "inform, not which tables they download.\n\n## Updates\n\n- OSR is consulting on its guidance on user "
        "engagement.\n- DfE is recruiting a young people's panel.",
        "notes_cy": "## Ymgysylltu â defnyddwyr ystadegau swyddogol\n\nRhannodd Gareth Jones yr hyn a "
        "ddysgodd y SYG o ymgysylltu dwyieithog â defnyddwyr ar allbynnau'r cyfrifiad i Gymru.",
        "attendance": 27,
        "notes_public": True,
    },
    {
        "agenda_en": "1. Talk: public involvement in AI procurement\n2. Open discussion",
        "notes_en": "## Public involvement in AI procurement\n\nRhiannon Evans walked through the draft "
        "guidance on involving the public in procurement.\n\n- Involve people **before** the specification "
        "is written.\n- Publish the evaluation criteria.\n\nSlides and recording are linked below.",
        "notes_cy": "",
        "attendance": 35,
        "notes_public": False,
    },
]

# The next three calls, soonest first. The first is a smaller hybrid session with a room in
# Cardiff: it is full, with two people on the waiting list.
UPCOMING = [
    {
        "title_en": "Community of practice monthly call: Welsh language engagement (hybrid, Cardiff)",
        "title_cy": "Galwad fisol y gymuned ymarfer: ymgysylltu yn Gymraeg (hybrid, Caerdydd)",
        "venue": "Welsh Government, Cathays Park, Cardiff CF10 3NQ",
        "capacity": 5,
        "provisions": [AccessProvision.CAPTIONS, AccessProvision.BSL, AccessProvision.WELSH_INTERPRETATION],
        "agenda_en": "1. Talk: running engagement in Welsh first\n2. Discussion in the room and online",
        "agenda_cy": "1. Sgwrs: cynnal ymgysylltu yn Gymraeg yn gyntaf\n2. Trafodaeth yn yr ystafell ac ar-lein",
        "going": ["facilitator@example.org", "editor@example.org", "organiser@example.org",
                  "guidance@example.org", "member@example.org"],
        "waitlisted": ["public@example.org", "moderator@example.org"],
        "not_going": ["reviewer@example.org"],
    },
    {
        "agenda_en": "1. Talk: what makes a good response to a citizens' jury\n2. Open discussion",
        "going": ["orgadmin@example.org", "member@example.org", "public@example.org", "facilitator@example.org"],
        "waitlisted": [],
        "not_going": ["editor@example.org"],
    },
    {
        "agenda_en": "To be confirmed: suggest a topic in the forum.",
        "going": ["organiser@example.org", "guidance@example.org"],
        "waitlisted": [],
        "not_going": [],
    },
]  # fmt: skip
PAST_GOING = ["orgadmin@example.org", "editor@example.org", "member@example.org", "facilitator@example.org",
              "organiser@example.org", "guidance@example.org"]  # fmt: skip

CATEGORIES = [
    ("getting-started", "Getting started", "Dechrau arni",
     "New here? Introduce yourself and find your way around.",
     "Newydd yma? Cyflwynwch eich hun a dewch o hyd i'ch ffordd o gwmpas."),
    ("methods-and-practice", "Methods and practice", "Dulliau ac ymarfer",
     "Citizens' juries, deliberative workshops, panels and dialogues: how to run them well.",
     "Rheithgorau dinasyddion, gweithdai cydgynghorol, paneli a deialogau: sut i'w cynnal yn dda."),
    ("official-statistics", "Official statistics", "Ystadegau swyddogol",
     "Engaging users and the public in producing official statistics.",
     "Ymgysylltu â defnyddwyr a'r cyhoedd wrth gynhyrchu ystadegau swyddogol."),
    ("procurement", "Procurement", "Caffael",
     "Involving the public and workers when buying data and AI systems.",
     "Cynnwys y cyhoedd a gweithwyr wrth brynu systemau data a deallusrwydd artiffisial."),
    ("wales", "Wales", "Cymru",
     "Engagement in Wales, in Welsh and in English.",
     "Ymgysylltu yng Nghymru, yn Gymraeg ac yn Saesneg."),
]  # fmt: skip

# category slug, title, pinned, locked, days ago it started, posts as (author email, body, quoted number)
TOPICS = [
    ("getting-started", "Welcome to the community of practice forum: start here", True, False, 60, [
        (MODERATOR, "Welcome! This forum is for practitioners across the public sector who involve the public "
         "in decisions about data and AI.\n\n**Some ground rules**\n\n- Be kind; we are all learning.\n"
         "- Do not share anyone's personal information.\n- Flag anything that worries you and a moderator "
         "will look at it.\n\nIntroduce yourself below.", None),
        ("editor@example.org", "Hello all, Gareth from ONS. I work on user engagement for population "
         "statistics, in English and Welsh.", None),
        ("member@example.org", "Hi, I'm Amira from DfE. Keen to learn how others involve young people.", None),
        ("public@example.org", "Hello, I'm a member of a citizens' panel rather than a civil servant. "
         "Thanks for letting us join in.", None),
        (MODERATOR, "Great to have you here, Dylan: the people who take part are exactly who we need to hear "
         "from.", 4),
    ]),
    ("getting-started", "How do I get my team's engagement work onto the register?", False, False, 20, [
        ("member@example.org", "We ran some focus groups last year. Can we still add them to the engagement "
         "register, or is it only for new work?", None),
        ("orgadmin@example.org", "You can add past work. Ask your organisation admin to make you an editor, "
         "then add the project and the activity with its real dates.", None),
        ("member@example.org", "Thanks, that worked.", None),
    ]),
    ("methods-and-practice", "How many people do you invite to recruit a 24-person citizens' jury?", False, False, 35,
     [
        ("member@example.org", "We are planning our first citizens' jury. How many invitations did you send "
         "to end up with 24 jurors?", None),
        ("facilitator@example.org", "For the National Data Library jury we sent 6,000 letters, had about 400 "
         "people register and then selected 30 by stratified random sampling to allow for drop-out. "
         "24 stayed the course.", None),
        ("orgadmin@example.org", "That matches our experience. Paying people properly made the biggest "
         "difference to who registered.", None),
        ("member@example.org", "> selected 30 by stratified random sampling to allow for drop-out\n\n"
         "Did you stratify by attitude to data sharing as well as demographics?", 2),
        ("facilitator@example.org", "Yes, with one screening question. It stopped the jury being all "
         "enthusiasts.", None),
     ]),
    ("methods-and-practice", "Paying participants: vouchers or bank transfer?", False, False, 14, [
        ("guidance@example.org", "What do people use to pay participants? Vouchers are easy for us but some "
         "participants told us they would rather have cash.", None),
        ("facilitator@example.org", "Bank transfer where we can, and we tell people up front whether payment "
         "affects benefits.", None),
        ("public@example.org", "As a participant: please pay quickly. Waiting six weeks put people off "
         "coming back.", None),
        ("orgadmin@example.org", "We use a recruitment agency for this. If you need one, ring Sian on her "
         "mobile, 07700 900123, she's brilliant.", None),
     ]),
    ("methods-and-practice", "Recordings of the monthly call have moved", False, True, 45, [
        (ORGANISER, "Recordings of the monthly call are now on the new video platform. Each meeting's page "
         "links to its recording and slides. This topic is locked: ask questions in a new topic.", None),
        (MODERATOR, "Thanks Jess. Locked as announced.", None),
     ]),
    ("official-statistics", "Engaging users on changes to census outputs", False, False, 28, [
        ("editor@example.org", "We are consulting users on changes to census outputs for small areas. "
         "How do others reach users who are not already on the mailing list?", None),
        ("reviewer@example.org", "OSR's guidance on user engagement has some examples. Local authority "
         "analysts are a good route to community groups.", None),
        ("editor@example.org", "Thanks Tom, we'll try the local authority networks.", None),
        ("member@example.org", "Schools are users too: DfE can share the consultation with school business "
         "managers.", None),
     ]),
    ("procurement", "Involving the public before the specification is written", False, False, 18, [
        ("guidance@example.org", "Has anyone involved the public *before* writing the specification for an "
         "AI system? Once the specification is out, very little can change.", None),
        ("moderator@example.org", "We did a small dialogue on a housing repairs chatbot before going to "
         "market. It changed the evaluation criteria: accessibility went from 5% to 20% of the score.", None),
        ("orgadmin@example.org", "> It changed the evaluation criteria\n\nThat is a great example. Would you "
         "talk about it at a monthly call?", 2),
        ("moderator@example.org", "Happy to.", None),
     ]),
    ("procurement", "Do suppliers have to publish the results of public engagement?", False, False, 6, [
        ("member@example.org", "If a supplier runs engagement for us under contract, who owns the findings "
         "and do they have to be published?", None),
        ("guidance@example.org", "Put it in the contract: findings belong to the authority and are published "
         "on the engagement register within three months.", None),
     ]),
    ("wales", "Cynnal ymgysylltu yn Gymraeg yn gyntaf / Running engagement Welsh-first", False, False, 10, [
        ("facilitator@example.org", "Mae'n well gennym gynllunio sesiynau yn Gymraeg yn gyntaf, nid eu "
         "cyfieithu wedyn. Oes gan rywun brofiad o hyn?\n\nWe prefer to plan sessions in Welsh first rather "
         "than translating them afterwards. Has anyone done this?", None),
        ("editor@example.org", "Do, ar gyfer y cyfrifiad. Yes, for the census: Welsh-first materials got far "
         "better responses from Welsh speakers.", None),
        ("organiser@example.org", "This will be the theme of the next monthly call, in Cardiff and online.",
         None),
     ]),
]  # fmt: skip

# The post a member flagged (topic title, post number, reporter, reason, details): still visible, in the queue.
FLAGGED = (
    "Paying participants: vouchers or bank transfer?",
    4,
    "public@example.org",
    FlagReason.PERSONAL_DATA,
    "This shares someone's mobile number. I don't think she agreed to it being posted.",
)


def _people() -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(email__endswith="@example.org")}


def seed_community(organisations: dict[str, Organisation] | None = None, *, now=None) -> int:
    """Everything above; returns how many rows it created."""
    now = now or timezone.now()
    people = _people()
    organisations = organisations or {org.slug: org for org in Organisation.objects.all()}
    created = seed_profiles(people, organisations)
    created += seed_meetings(people, now=now)
    created += seed_forum(people, now=now)
    created += seed_unconferences(people, now=now)
    return created


def seed_profiles(people: dict[str, User], organisations: dict[str, Organisation]) -> int:
    created = 0
    interests_before = Interest.objects.count()
    for email, is_listed, role, org_slug, interests, bio, contact, show_email in PROFILES:
        user = people.get(email)
        if user is None:
            continue
        profile, made = Profile.objects.get_or_create(
            user=user,
            defaults={
                "is_listed": is_listed,
                "role_title": role,
                "organisation": organisations.get(org_slug) if org_slug else None,
                "bio": bio,
                "contact": contact,
                "show_email": show_email,
            },
        )
        if made:
            created += 1
            profile.interests.set(get_or_create_interests(parse_interests(interests)))
    return created + Interest.objects.count() - interests_before


def first_weekday(year: int, month: int, weekday: int) -> datetime.date:
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def call_dates(now: datetime.datetime, series: MeetingSeries) -> tuple[list[datetime.date], list[datetime.date]]:
    """The three most recent first-Tuesday calls that have finished, and the next three."""
    today = timezone.localtime(now, LONDON).date()
    dates = [first_weekday(*_month(today.year, today.month, offset), series.weekday) for offset in range(-4, 5)]
    past = [day for day in dates if _ends_at(day, series) < now][-3:]
    upcoming = [day for day in dates if _ends_at(day, series) >= now][:3]
    return past, upcoming


def _starts_at(day: datetime.date, series: MeetingSeries) -> datetime.datetime:
    return datetime.datetime.combine(day, series.start_time, tzinfo=LONDON)


def _ends_at(day: datetime.date, series: MeetingSeries) -> datetime.datetime:
    return _starts_at(day, series) + datetime.timedelta(minutes=series.duration_minutes)


def _occurrence(series: MeetingSeries, day: datetime.date, values: dict) -> tuple[Meeting, bool]:
    starts_at = _starts_at(day, series)
    defaults = {
        "slug": f"community-of-practice-{day:%Y-%m}",
        "title_en": series.title_en,
        "title_cy": series.title_cy,
        "description_en": series.description_en,
        "description_cy": series.description_cy,
        "online_link": series.online_link,
        "capacity": series.capacity,
        "provisions": list(series.provisions),
        "created_by": series.created_by,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(minutes=series.duration_minutes),
        "sequence": 0,
        **values,
    }
    return Meeting.objects.get_or_create(series=series, occurrence_date=day, defaults=defaults)


def _rsvp(meeting: Meeting, user: User | None, status: str, when: datetime.datetime) -> int:
    if user is None:
        return 0
    _rsvp, made = RSVP.objects.get_or_create(
        meeting=meeting,
        user=user,
        defaults={
            "status": status,
            "language": user.preferred_language,
            "waitlisted_at": when if status == RSVPStatus.WAITLISTED else None,
            "access_needs": "Live captions, please." if user.email == "public@example.org" else "",
        },
    )
    return int(made)


def _recount(meeting: Meeting) -> None:
    """Keep the counters the RSVP service keeps in step with the rows."""
    counts = dict(meeting.rsvps.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    going, waiting = counts.get(RSVPStatus.GOING, 0), counts.get(RSVPStatus.WAITLISTED, 0)
    if (meeting.going_count, meeting.waitlist_count) != (going, waiting):
        Meeting.objects.filter(pk=meeting.pk).update(going_count=going, waitlist_count=waiting)
        meeting.going_count, meeting.waitlist_count = going, waiting


def seed_meetings(people: dict[str, User], *, now: datetime.datetime) -> int:
    organiser = people.get(ORGANISER)
    series, made = MeetingSeries.objects.get_or_create(
        title_en=SERIES["title_en"], defaults={**SERIES, "created_by": organiser}
    )
    created = int(made)
    past, upcoming = call_dates(now, series)
    for day, spec in zip(past, PAST[-len(past) :] if past else [], strict=True):
        ends_at = _ends_at(day, series)
        meeting, made = _occurrence(
            series,
            day,
            {
                "agenda_en": spec["agenda_en"],
                "notes_en": spec["notes_en"],
                "notes_cy": spec["notes_cy"],
                "notes_public": spec["notes_public"],
                "notes_published_at": ends_at + datetime.timedelta(days=1),
                "slides_url": f"https://slides.example.org/community-of-practice-{day:%Y-%m}",
                "recording_url": f"https://video.example.org/community-of-practice-{day:%Y-%m}",
                "attendance_count": spec["attendance"],
            },
        )
        created += int(made)
        for number, email in enumerate(PAST_GOING):
            created += _rsvp(
                meeting, people.get(email), RSVPStatus.GOING, ends_at - datetime.timedelta(days=10, hours=number)
            )
        _recount(meeting)
        # These calls are over and their notes are up: the reminder and notes sweeps must not announce them now.
        kinds = ["notes", *(f"reminder-{minutes}" for minutes in settings.MEETING_REMINDER_MINUTES)]
        for kind in kinds:
            created += int(ReminderRun.objects.get_or_create(meeting=meeting, kind=kind)[1])
    for day, spec in zip(upcoming, UPCOMING[: len(upcoming)], strict=True):
        values = {key: spec[key] for key in ("title_en", "title_cy", "venue", "capacity", "provisions") if key in spec}
        values.update({key: spec[key] for key in ("agenda_en", "agenda_cy") if key in spec})
        meeting, made = _occurrence(series, day, values)
        created += int(made)
        booked = meeting.starts_at - datetime.timedelta(days=20)
        for offset, (status, emails) in enumerate(
            [
                (RSVPStatus.GOING, spec["going"]),
                (RSVPStatus.WAITLISTED, spec["waitlisted"]),
                (RSVPStatus.NOT_GOING, spec["not_going"]),
            ]
        ):
            for number, email in enumerate(emails):
                when = min(booked + datetime.timedelta(days=offset, hours=number), now)
                created += _rsvp(meeting, people.get(email), status, when)
        _recount(meeting)
    return created


def seed_forum(people: dict[str, User], *, now: datetime.datetime) -> int:
    created = 0
    categories = {}
    for position, (slug, name_en, name_cy, description_en, description_cy) in enumerate(CATEGORIES):
        categories[slug], made = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_cy": name_cy,
                "description_en": description_en,
                "description_cy": description_cy,
                "position": position,
            },
        )
        created += int(made)
    for slug, title, pinned, locked, days_ago, posts in TOPICS:
        category = categories[slug]
        opener = people.get(posts[0][0])
        topic, made = Topic.objects.get_or_create(
            category=category, title=title, defaults={"author": opener, "is_pinned": pinned, "is_locked": locked}
        )
        created += int(made)
        started = now - datetime.timedelta(days=days_ago)
        if made:
            Topic.objects.filter(pk=topic.pk).update(created_at=started)
        by_number = {post.number: post for post in topic.posts.all()}
        for number, (email, body, quoted) in enumerate(posts, start=1):
            if number in by_number:
                continue
            post = Post.objects.create(
                topic=topic,
                number=number,
                author=people.get(email),
                body=body,
                quoted=by_number.get(quoted) if quoted else None,
            )
            # Spread the replies over the days since the topic started, the last one at least an hour ago.
            when = min(started + datetime.timedelta(hours=7 * (number - 1)), now - datetime.timedelta(hours=1))
            Post.objects.filter(pk=post.pk).update(created_at=when, updated_at=when)
            post.created_at = when
            by_number[number] = post
            created += 1
        if made and opener is not None:
            created += int(TopicSubscription.objects.get_or_create(user=opener, topic=topic)[1])
        _recount_topic(topic)
    created += _seed_flag(people)
    for category in categories.values():
        _recount_category(category)
    return created


def _recount_topic(topic: Topic) -> None:
    """The counters the forum services keep, from the rows: posts, and the last post's time and author."""
    last = topic.posts.order_by("-number").only("created_at", "author_id").first()
    values = {
        "post_count": topic.posts.count(),
        "last_post_at": last.created_at if last else None,
        "last_post_author_id": last.author_id if last else None,
    }
    if any(getattr(topic, name) != value for name, value in values.items()):
        Topic.objects.filter(pk=topic.pk).update(**values)
        for name, value in values.items():
            setattr(topic, name, value)


def _recount_category(category: Category) -> None:
    totals = Topic.objects.filter(category=category).aggregate(count=Count("pk"), last=Max("last_post_at"))
    if (category.topic_count, category.last_post_at) != (totals["count"], totals["last"]):
        Category.objects.filter(pk=category.pk).update(topic_count=totals["count"], last_post_at=totals["last"])
        category.topic_count, category.last_post_at = totals["count"], totals["last"]


def _seed_flag(people: dict[str, User]) -> int:
    title, number, reporter_email, reason, details = FLAGGED
    reporter = people.get(reporter_email)
    post = Post.objects.filter(topic__title=title, number=number).first()
    if reporter is None or post is None:
        return 0
    defaults = {"reason": reason, "details": details}
    _flag, made = Flag.objects.get_or_create(post=post, reporter=reporter, defaults=defaults)
    return int(made)
