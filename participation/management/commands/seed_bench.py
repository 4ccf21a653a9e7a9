"""The benchmark data set for the engagement log, guidance, the community of practice and the unconference
(QUALITY.md): deterministic, bulk-inserted."""

import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from community.models import (
    RSVP,
    AccessProvision,
    Category,
    Flag,
    FlagReason,
    Interest,
    Meeting,
    MeetingStatus,
    Post,
    Profile,
    Proposal,
    ProposalStatus,
    Room,
    RSVPStatus,
    ScheduleChange,
    ScheduledSession,
    SessionFormat,
    TimeSlot,
    TopicSubscription,
    Unconference,
    Vote,
)
from community.models import Topic as ForumTopic
from community.services import schedule as schedule_service
from designlabs.models import (
    Dot,
    IntendedOutput,
    Lab,
    LabStatus,
    OutputKind,
    ParticipantRole,
    ParticipantStatus,
    SessionMode,
)
from designlabs.models import Output as LabOutput
from designlabs.models import Participant as LabParticipant
from designlabs.models import Session as LabSession
from guidance.models import (
    Adoption,
    Audience,
    ChangeType,
    FeedbackType,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    Phase,
    Pilot,
    PilotFeedback,
    PilotStatus,
    ReviewStatus,
    Subscription,
    Topic,
    TriageStatus,
    WelshStatus,
)
from participation.models import (
    Activity,
    ActivityMethod,
    Membership,
    Organisation,
    ParticipantGroup,
    Project,
    Recommendation,
    User,
)
from participation.models.vocabularies import (
    ActivityStatus,
    LifecyclePhase,
    Method,
    Modality,
    ParticipationLevel,
    ProjectType,
    Recruitment,
    RepresentationType,
    ResponseStatus,
)
from participation.services import page_cache

# Sizes at --scale 1 (QUALITY.md "Benchmark data set"); groups and methods are per activity.
SIZES = {
    "organisations": 50,
    "users": 10_000,
    "projects": 5_000,
    "activities": 100_000,
    "recommendations": 300_000,
    "guidance documents": 500,
    "forum topics": 2_000,
    "forum posts": 50_000,
    "longest forum topic": 500,
    "meetings": 240,
    "meeting RSVPs": 20_000,
    "unconferences": 10,
    "unconference proposals": 2_000,
    "unconference votes": 40_000,
    "design labs": 100,
}
GROUPS_PER_ACTIVITY = (1, 3)
METHODS_PER_ACTIVITY = (1, 2)
BATCH = 5_000
PREFIX = "bench-"
PUBLISHED_SHARE = 0.9
START = date(2022, 1, 1)
DAYS = 4 * 365

TOPICS = [
    "AI marking assistant", "health and education data share", "official statistic on online harms",
    "AI triage procurement", "risk assessment tool", "benefits fraud model", "planning application summaries",
    "school attendance linkage", "air quality sensor network", "housing need forecast", "chatbot for tax questions",
    "social care record", "census administrative data", "traffic camera analytics", "job matching algorithm",
]  # fmt: skip
AUDIENCES = [
    "Members of the public", "Young people 16 to 24", "Parents and carers", "Disabled people", "Frontline staff",
    "Trade union representatives", "Community organisations", "People with lived experience", "Older people",
]  # fmt: skip


class Command(BaseCommand):
    help = "Create the engagement log's benchmark data set at QUALITY.md sizes times --scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.1, help="1 is the full data set; 0.1 its small twin")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reset", action="store_true", help="delete an earlier benchmark data set first")

    def handle(self, *args, scale: float, seed: int, reset: bool, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("seed_bench fills the database with synthetic records; it does not run in production.")
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        started = time.monotonic()
        if Organisation.objects.filter(slug__startswith=PREFIX).exists():
            if not reset:
                raise CommandError("A benchmark data set already exists; run with --reset to replace it.")
            self.delete_bench_data()
        counts = {name: max(1, round(size * scale)) for name, size in SIZES.items()}
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        created = Seeder(rng, counts, self.stdout).run()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in created.items())
        page_cache.content_changed()  # rows written directly: cached public pages must not outlive them
        self.stdout.write(self.style.SUCCESS(f"Benchmark data ready in {elapsed:.1f} s: {summary}."))

    def delete_bench_data(self) -> None:
        organisations = Organisation.objects.filter(slug__startswith=PREFIX)
        with transaction.atomic():
            delete_bench_guidance()
            delete_bench_community()
            delete_bench_unconferences()
            Lab.objects.filter(slug__startswith=PREFIX).delete()
            Activity.objects.filter(organisation__in=organisations).delete()
            Project.objects.filter(organisation__in=organisations).delete()
            Membership.objects.filter(organisation__in=organisations).delete()
            User.objects.filter(email__startswith=PREFIX).delete()
            organisations.delete()


class Seeder:
    def __init__(self, rng: random.Random, counts: dict[str, int], stdout):
        self.rng, self.counts, self.stdout = rng, counts, stdout
        self.created: dict[str, int] = {}
        self.organisation_of: dict[uuid.UUID, Organisation] = {}  # each user's organisation, from the membership

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day(self) -> date:
        return START + timedelta(days=self.rng.randrange(DAYS))

    def save(self, model, rows: list, name: str) -> None:
        for offset in range(0, len(rows), BATCH):
            model.objects.bulk_create(rows[offset : offset + BATCH])
        self.created[name] = self.created.get(name, 0) + len(rows)

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            organisations = self.organisations()
            users = self.users(organisations)
            projects = self.projects(organisations)
            self.activities(projects)
            started = time.monotonic()
            GuidanceBench(self, organisations, users).run()
            self.stdout.write(f"  guidance took {time.monotonic() - started:.1f} s")
            started = time.monotonic()
            CommunityBench(self, users).run()
            self.stdout.write(f"  community took {time.monotonic() - started:.1f} s")
            started = time.monotonic()
            UnconferenceBench(self, users).run()
            self.stdout.write(f"  unconference took {time.monotonic() - started:.1f} s")
            started = time.monotonic()
            DesignLabBench(self, organisations, users).run()
            self.stdout.write(f"  design labs took {time.monotonic() - started:.1f} s")
        return self.created

    def organisations(self) -> list[Organisation]:
        rows = [
            Organisation(
                id=self.uuid(),
                slug=f"{PREFIX}org-{n}",
                name_en=f"Benchmark public body {n}",
                type=self.rng.choice(Organisation.Type.values),
            )
            for n in range(self.counts["organisations"])
        ]
        self.save(Organisation, rows, "organisations")
        return rows

    def users(self, organisations: list[Organisation]) -> list[User]:
        password = make_password(None)  # unusable: benchmark accounts never sign in with a password
        users = [
            User(id=self.uuid(), email=f"{PREFIX}user-{n}@example.invalid", display_name=f"User {n}", password=password)
            for n in range(self.counts["users"])
        ]
        self.save(User, users, "users")
        roles = [Membership.Role.MEMBER] * 6 + [Membership.Role.EDITOR] * 3 + [Membership.Role.ORG_ADMIN]
        memberships = [
            Membership(
                id=self.uuid(), user=user, organisation=self.rng.choice(organisations), role=self.rng.choice(roles)
            )
            for user in users
        ]
        self.save(Membership, memberships, "memberships")
        self.organisation_of = {membership.user.id: membership.organisation for membership in memberships}
        return users

    def published(self) -> tuple[str, datetime | None]:
        if self.rng.random() < PUBLISHED_SHARE:
            moment = datetime.combine(self.day(), datetime.min.time(), tzinfo=UTC)
            return "published", moment + timedelta(minutes=self.rng.randrange(1440))
        return "draft", None

    def projects(self, organisations: list[Organisation]) -> list[Project]:
        rows = []
        for n in range(self.counts["projects"]):
            status, published_at = self.published()
            topic = self.rng.choice(TOPICS)
            rows.append(
                Project(
                    id=self.uuid(),
                    organisation=self.rng.choice(organisations),
                    slug=f"{PREFIX}project-{n}",
                    title_en=f"{topic.capitalize()} {n}",
                    summary_en=f"A benchmark project about the {topic}, with public engagement.",
                    project_type=self.rng.choice(ProjectType.values),
                    lifecycle_phase=self.rng.choice(LifecyclePhase.values),
                    planned_level=self.rng.choice(ParticipationLevel.values),
                    publication_status=status,
                    published_at=published_at,
                )
            )
        self.save(Project, rows, "projects")
        return rows

    def activities(self, projects: list[Project]) -> None:
        total = self.counts["activities"]
        recommendations_left = self.counts["recommendations"]
        links = Activity.projects.through
        for offset in range(0, total, BATCH):
            activities, project_links, methods, groups, recommendations = [], [], [], [], []
            size = min(BATCH, total - offset)
            for n in range(offset, offset + size):
                project = self.rng.choice(projects)
                status, published_at = (
                    (project.publication_status, project.published_at)
                    if project.publication_status == "draft"
                    else self.published()
                )
                start = self.day()
                reported = start + timedelta(days=self.rng.randrange(14, 90))
                activity = Activity(
                    id=self.uuid(),
                    organisation_id=project.organisation_id,
                    slug=f"{PREFIX}activity-{n}",
                    title_en=f"{self.rng.choice(AUDIENCES)} on the {self.rng.choice(TOPICS)} {n}",
                    summary_en="A benchmark engagement activity with findings and responses.",
                    status=ActivityStatus.COMPLETED,
                    level_promised=self.rng.choice(ParticipationLevel.values),
                    level_achieved=self.rng.choice(ParticipationLevel.values),
                    modality=self.rng.choice(Modality.values),
                    actual_start=start,
                    actual_end=start + timedelta(days=self.rng.randrange(1, 60)),
                    findings_en="Participants asked for **clear explanations** and a human to appeal to.",
                    findings_reported_on=reported,
                    publication_status=status,
                    published_at=published_at,
                )
                activities.append(activity)
                project_links.append(links(activity_id=activity.id, project_id=project.id))
                for method in self.rng.sample(Method.values, self.rng.randint(*METHODS_PER_ACTIVITY)):
                    methods.append(ActivityMethod(activity_id=activity.id, method=method))
                for _ in range(self.rng.randint(*GROUPS_PER_ACTIVITY)):
                    groups.append(
                        ParticipantGroup(
                            id=self.uuid(),
                            activity_id=activity.id,
                            label=self.rng.choice(AUDIENCES),
                            representation_type=self.rng.choice(RepresentationType.values),
                            recruitment=self.rng.choice(Recruitment.values),
                            invited_count=self.rng.randrange(5, 60),
                            took_part_count=self.rng.randrange(1, 50),
                        )
                    )
                # Spread the recommendations evenly over the activities still to come.
                share = round(recommendations_left / (total - n))
                recommendations_left -= share
                for position in range(share):
                    recommendations.append(self.recommendation(activity, reported, position))
            self.save(Activity, activities, "activities")
            self.save(links, project_links, "activity-project links")
            self.save(ActivityMethod, methods, "activity methods")
            self.save(ParticipantGroup, groups, "participant groups")
            self.save(Recommendation, recommendations, "recommendations")
            self.stdout.write(f"  {offset + size:,} of {total:,} activities")

    def recommendation(self, activity: Activity, reported: date, position: int) -> Recommendation:
        response = self.rng.choice([*ResponseStatus.values, ""])
        responded = datetime.combine(
            reported + timedelta(days=self.rng.randrange(7, 120)), datetime.min.time(), tzinfo=UTC
        )
        due = reported + timedelta(days=90)
        return Recommendation(
            id=self.uuid(),
            activity_id=activity.id,
            reference=f"R{position + 1}",
            position=position,
            text_en="Explain decisions made with the system to the people they affect.",
            response_status=response,
            action_en="We added a plain-English explanation." if response else "",
            owner_role="Senior responsible owner" if response else "",
            due_on=due,
            done_on=responded.date() if response and response != ResponseStatus.UNDER_CONSIDERATION else None,
            responded_at=responded if response else None,
        )


# Guidance at QUALITY.md sizes: every document has VERSION_COUNT published versions of
# SECTIONS_PER_VERSION sections, pilots on its early versions and FEEDBACK_PER_DOCUMENT feedback items.
VERSION_COUNT = 5
SECTIONS_PER_VERSION = 6
PILOTS_PER_DOCUMENT = 3
FEEDBACK_PER_DOCUMENT = 20
ADOPTIONS_PER_DOCUMENT = 2
SUBSCRIBED_SHARE = 0.1  # a document subscription for one document in ten
WELSH_SHARE = 0.3
WITHDRAWN_SHARE = 0.02
TRIAGE_WEIGHTS = {
    TriageStatus.NEW: 4,
    TriageStatus.ACCEPTED: 3,
    TriageStatus.DECLINED: 2,
    TriageStatus.DEFERRED: 2,
    TriageStatus.ADDRESSED: 5,
}
GUIDANCE_SUBJECTS = {
    Topic.PROCUREMENT: "procurement of data and AI systems",
    Topic.OFFICIAL_STATISTICS: "developing official statistics",
    Topic.DATA_SHARING: "data sharing through the National Data Library",
    Topic.OTHER: "designing digital public services",
}
SECTION_HEADINGS = [
    ("Why involve the public", "Pam cynnwys y cyhoedd"),
    ("Decide what people can influence", "Penderfynu beth y gall pobl ddylanwadu arno"),
    ("Choose a method", "Dewis dull"),
    ("Involve people with lived experience", "Cynnwys pobl sydd â phrofiad bywyd"),
    ("Involve workers and their trade unions", "Cynnwys gweithwyr a'u hundebau llafur"),
    ("Report back on what changed", "Adrodd yn ôl ar yr hyn a newidiodd"),
]
SECTION_BODY = (
    "Involve the people affected **before** the decisions are fixed, and say plainly which decisions are "
    "still open. A deliberative process takes longer than a survey but lets people weigh up trade-offs.\n\n"
    "- Choose a participation level you can honour.\n"
    "- Include affected communities who are often left out, and pay people for their time.\n"
    "- Publish what you heard and what you did about it on the engagement log.\n"
)
SECTION_BODY_CY = (
    "Dylech gynnwys y bobl yr effeithir arnynt **cyn** i'r penderfyniadau gael eu pennu.\n\n"
    "- Dewiswch lefel cyfranogiad y gallwch ei hanrhydeddu.\n"
    "- Cyhoeddwch yr hyn a glywsoch a'r hyn a wnaethoch yn ei gylch.\n"
)
REVISIONS = [
    "Pilots asked for an example: a panel of 12 people tested the draft evaluation criteria in two weeks.",
    "Say how long participants have to respond, and allow at least four weeks.",
    "Check whether payments to participants affect anyone's benefits.",
    "Do not report the views of a group of fewer than 10 people on its own.",
    "Tell participants what happened in the language they took part in.",
]
FEEDBACK_TEXTS = [
    "It is not clear who decides which decisions are open to influence.",
    "We had twelve weeks from business case to tender; the guidance assumes months.",
    "Nothing here about involving recognised trade unions.",
    "The example of weighted criteria helped us score bidders on accessibility.",
    "The threshold for reporting small groups conflicts with our disclosure rules.",
    "Could you link to a template for the participation plan?",
]


def _search_text(sections: list[GuidanceSection]) -> str:
    """What workflow.refresh_search_text stores for the live version, built without a query per document."""
    parts = []
    for section in sections:
        parts += [section.heading_en, section.heading_cy, section.body_en, section.body_cy]
    return "\n".join(part for part in parts if part)


class GuidanceBench:
    """Guidance documents whose whole published history is written directly: every version is built
    with status=published (the published-version guard is on save(), which bulk_create skips), and
    each document points at its live version from the start (foreign keys are checked at commit)."""

    def __init__(self, seeder: Seeder, organisations: list[Organisation], users: list[User]):
        self.seeder, self.rng, self.organisations, self.users = seeder, seeder.rng, organisations, users

    def moment(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(minutes=self.rng.randrange(1440))

    def run(self) -> None:
        documents, versions, sections, pilots, feedback, adoptions, subscriptions = [], [], [], [], [], [], []
        editor, reviewer = self.users[0], self.users[-1]
        for n in range(self.seeder.counts["guidance documents"]):
            document, history, live_sections = self.document(n, editor, reviewer, sections)
            documents.append(document)
            versions += history
            document.search_text = _search_text(live_sections)
            pilots_here = self.pilots(history, editor)
            pilots += pilots_here
            feedback += self.feedback(history, pilots_here, reviewer)
            adoptions += self.adoptions(document, history)
            if self.rng.random() < SUBSCRIBED_SHARE:
                subscriptions.append(Subscription(user=self.rng.choice(self.users), document_id=document.id))
        # One subscriber per topic follows the whole topic.
        for user, topic in zip(self.users, Topic.values, strict=False):
            subscriptions.append(Subscription(user=user, topic=topic))
        self.seeder.save(GuidanceDocument, documents, "guidance documents")
        self.seeder.save(GuidanceVersion, versions, "guidance versions")
        self.seeder.save(GuidanceSection, sections, "guidance sections")
        self.seeder.save(Pilot, pilots, "guidance pilots")
        self.seeder.save(PilotFeedback, feedback, "guidance feedback")
        self.seeder.save(Adoption, adoptions, "guidance adoptions")
        self.seeder.save(Subscription, subscriptions, "guidance subscriptions")

    def document(self, n: int, editor: User, reviewer: User, sections: list[GuidanceSection]):
        topic = self.rng.choice(Topic.values)
        welsh = self.rng.random() < WELSH_SHARE
        document = GuidanceDocument(
            id=self.seeder.uuid(),
            slug=f"{PREFIX}guidance-{n}",
            title_en=f"Public participation in {GUIDANCE_SUBJECTS[topic]} {n}",
            title_cy=f"Cyfranogiad y cyhoedd {n}" if welsh else "",
            summary_en=f"Benchmark guidance on public participation in {GUIDANCE_SUBJECTS[topic]}.",
            topic=topic,
            audiences=self.rng.sample(Audience.values, self.rng.randint(1, 3)),
            organisation=self.rng.choice(self.organisations),
            phase=self.rng.choice(Phase.values),
            review_due=self.seeder.day() + timedelta(days=365),
            is_withdrawn=self.rng.random() < WITHDRAWN_SHARE,
            created_by=editor,
        )
        bodies = [SECTION_BODY] * SECTIONS_PER_VERSION
        day = self.seeder.day()
        history, previous, number = [], None, (1, 0)
        for index in range(VERSION_COUNT):
            change_type = ChangeType.MAJOR if index == 0 or self.rng.random() < 0.4 else ChangeType.MINOR
            if index:
                number = (number[0] + 1, 0) if change_type == ChangeType.MAJOR else (number[0], number[1] + 1)
                # Each revision rewrites one or two sections, so comparisons have something to show.
                for position in self.rng.sample(range(SECTIONS_PER_VERSION), self.rng.randint(1, 2)):
                    bodies[position] += f"- {self.rng.choice(REVISIONS)}\n"
            published_at = self.moment(day)
            version = GuidanceVersion(
                id=self.seeder.uuid(),
                document_id=document.id,
                major=number[0],
                minor=number[1],
                status=ReviewStatus.PUBLISHED,
                change_type=change_type,
                change_note_en="First published." if index == 0 else "Revised after feedback from pilots.",
                based_on_id=previous.id if previous else None,
                welsh_status=WelshStatus.COMPLETE if welsh else WelshStatus.NONE,
                created_by=editor,
                submitted_at=published_at - timedelta(days=7),
                approved_by=reviewer,
                approved_at=published_at - timedelta(days=1),
                published_at=published_at,
                published_by=reviewer,
                subscribers_notified_at=published_at if change_type == ChangeType.MAJOR else None,
            )
            live_sections = [
                GuidanceSection(
                    id=self.seeder.uuid(),
                    version_id=version.id,
                    position=position + 1,
                    anchor=slugify(heading_en),
                    heading_en=heading_en,
                    heading_cy=heading_cy if welsh else "",
                    body_en=bodies[position],
                    body_cy=SECTION_BODY_CY if welsh else "",
                )
                for position, (heading_en, heading_cy) in enumerate(SECTION_HEADINGS[:SECTIONS_PER_VERSION])
            ]
            sections += live_sections
            history.append(version)
            previous = version
            day += timedelta(days=self.rng.randrange(30, 120))
        document.current_version_id = history[-1].id
        document.published_at = history[-1].published_at
        return document, history, live_sections

    def pilots(self, history: list[GuidanceVersion], editor: User) -> list[Pilot]:
        # On the early versions, so later versions can be the ones that addressed the feedback.
        return [
            Pilot(
                id=self.seeder.uuid(),
                version_id=version.id,
                organisation=self.rng.choice(self.organisations),
                contact_role="Head of data ethics",
                starts_on=version.published_at.date() + timedelta(days=14),
                status=self.rng.choice(PilotStatus.values),
                created_by=editor,
            )
            for version in history[:PILOTS_PER_DOCUMENT]
        ]

    def feedback(self, history: list[GuidanceVersion], pilots: list[Pilot], reviewer: User) -> list[PilotFeedback]:
        rows = []
        statuses, weights = list(TRIAGE_WEIGHTS), list(TRIAGE_WEIGHTS.values())
        for _ in range(FEEDBACK_PER_DOCUMENT):
            index = self.rng.randrange(len(pilots))
            pilot = pilots[index]
            status = self.rng.choices(statuses, weights)[0]
            later = history[index + 1 :]
            if status == TriageStatus.ADDRESSED and not later:
                status = TriageStatus.ACCEPTED
            triaged = status != TriageStatus.NEW
            rows.append(
                PilotFeedback(
                    id=self.seeder.uuid(),
                    pilot_id=pilot.id,
                    version_id=pilot.version_id,
                    section_anchor=slugify(self.rng.choice(SECTION_HEADINGS)[0]),
                    submitted_by=self.rng.choice(self.users),
                    submitter_role="Data protection officer",
                    feedback_type=self.rng.choice(FeedbackType.values),
                    rating=self.rng.choice([None, 1, 2, 3, 4, 5]),
                    text=self.rng.choice(FEEDBACK_TEXTS),
                    may_publish=self.rng.random() < 0.7,
                    status=status,
                    response="Thank you: we have considered this." if triaged else "",
                    addressed_in_id=self.rng.choice(later).id if status == TriageStatus.ADDRESSED else None,
                    triaged_by=reviewer if triaged else None,
                    triaged_at=history[index].published_at + timedelta(days=30) if triaged else None,
                )
            )
        return rows

    def adoptions(self, document: GuidanceDocument, history: list[GuidanceVersion]) -> list[Adoption]:
        chosen = self.rng.sample(self.organisations, min(ADOPTIONS_PER_DOCUMENT, len(self.organisations)))
        rows = []
        for organisation in chosen:
            version = self.rng.choice(history)
            rows.append(
                Adoption(
                    id=self.seeder.uuid(),
                    document_id=document.id,
                    organisation=organisation,
                    version_id=version.id,
                    adopted_on=version.published_at.date() + timedelta(days=self.rng.randrange(1, 60)),
                )
            )
        return rows


def delete_bench_guidance() -> None:
    """Published versions are protected from model deletes, and pilots, feedback, adoptions and the
    version chain hold them with PROTECT: take those away first, then the documents cascade."""
    documents = GuidanceDocument.objects.filter(slug__startswith=PREFIX)
    PilotFeedback.objects.filter(version__document__in=documents).delete()
    Pilot.objects.filter(version__document__in=documents).delete()
    Adoption.objects.filter(document__in=documents).delete()
    documents.update(current_version=None)
    GuidanceVersion.objects.filter(document__in=documents).update(based_on=None)
    documents.delete()


# The community of practice at QUALITY.md sizes. Everything it records happened before RECORDED_UNTIL
# (fixed, so the data set is the same whenever it is built); the monthly meetings run from
# FIRST_MEETING for 20 years, so at the time of writing most are past and the last few years to come.
RECORDED_UNTIL = datetime(2026, 1, 1, tzinfo=UTC)
FORUM_SINCE = datetime(2018, 1, 1, tzinfo=UTC)
FIRST_MEETING = date(2009, 1, 1)
MEETING_MONTHS = 240
MEETING_ZONE = ZoneInfo("Europe/London")
MEETING_TIME = clock(10, 0)  # the first Tuesday of the month, UK time
MEETING_MINUTES = 90
MIN_LONGEST_TOPIC = 50
PROFILE_SHARE = 0.1  # one member in ten is listed in the directory
NOT_GOING_SHARE = 0.15
UNLIMITED_SHARE = 0.25  # meetings without a limit on places
FULL_SHARE = 0.3  # meetings with fewer places than people who want to come: full, with a waiting list
CANCELLED_SHARE = 0.02
QUOTE_SHARE = 0.05
HIDDEN_SHARE = 0.002  # posts a moderator has hidden, each after one or two flags
OPEN_FLAG_SHARE = 0.001  # visible posts with a flag still waiting for a moderator
PINNED_PER_CATEGORY = 1
LOCKED_SHARE = 0.02
FORUM_CATEGORIES = [
    ("Getting started", "Dechrau arni"),
    ("Methods and tools", "Dulliau ac offer"),
    ("Procurement", "Caffael"),
    ("Official statistics", "Ystadegau swyddogol"),
    ("Data sharing", "Rhannu data"),
    ("Working with trade unions", "Gweithio gydag undebau llafur"),
    ("Lived experience", "Profiad bywyd"),
    ("Evaluation", "Gwerthuso"),
    ("Events and meetings", "Digwyddiadau a chyfarfodydd"),
    ("Introductions", "Cyflwyniadau"),
]
FORUM_QUESTIONS = [
    "How did you recruit for the", "Lessons from the", "Paying participants on the", "Reporting back on the",
    "Which method suits the", "Welsh-language engagement on the", "Evaluation plan for the",
    "Trade union consultation on the",
]  # fmt: skip
POST_SENTENCES = [
    "We ran a citizens' panel of 14 people over three weekends and paid everyone for their time.",
    "The hardest part was saying plainly which decisions were still open to influence.",
    "Has anyone used **deliberative polling** for a procurement decision?",
    "Our data protection officer asked us not to report groups smaller than ten.",
    "We published what we heard within six weeks and said what changed because of it.",
    "Recruiting people with lived experience took twice as long as we had planned.",
    "The trade union representatives wanted to see the evaluation criteria before the tender went out.",
    "A short survey first, then workshops with the people most affected, worked well for us.",
    "- Book BSL interpreters early\n- Send papers a week ahead\n- Offer an evening session",
    "Could someone share a template for the participation plan?",
    "We translated the summary into Welsh and ran one session entirely in Welsh.",
    "Thanks, that is really helpful: we will try it on our next project.",
]
MEETING_SUBJECTS = [
    "Participation in AI procurement", "Measuring what changed", "Working with trade unions",
    "Involving young people", "Data sharing and public trust", "Paying participants", "Deliberative methods",
    "Reporting back to participants", "Accessible online sessions", "Engagement with lived experience",
]  # fmt: skip
INTERESTS = [
    "Citizens' juries", "Deliberative polling", "Procurement", "Official statistics", "Data sharing",
    "Trade unions", "Lived experience", "Evaluation", "Welsh language", "Accessibility", "Young people",
    "Health data",
]  # fmt: skip
ROLE_TITLES = [
    "Head of public engagement", "User researcher", "Data ethics lead", "Policy adviser", "Statistician",
    "Commercial lead", "Community organiser", "Trade union representative",
]  # fmt: skip
HIDDEN_REASON = "Removed by a moderator: it shared someone's personal information."


@contextmanager
def recorded_timestamps(*models) -> Iterator[None]:
    """Let bulk_create store the created_at/updated_at the seeder chose, instead of now: the forum's
    history and the waiting lists' order depend on them. auto_now(_add) is restored afterwards."""
    fields = [
        (field, field.auto_now, field.auto_now_add)
        for model in models
        for field in model._meta.concrete_fields
        if field.name in ("created_at", "updated_at")
    ]
    for field, _now, _add in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, add in fields:
            field.auto_now, field.auto_now_add = now, add


def first_tuesday(month_index: int) -> date:
    year, month = divmod(FIRST_MEETING.month - 1 + month_index, 12)
    first = date(FIRST_MEETING.year + year, month + 1, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


class CommunityBench:
    """The forum, the monthly meetings with their RSVPs and the member directory, built the way the
    services would have left them: Topic.post_count/last_post_at/last_post_author count the visible
    posts, Category.topic_count/last_post_at the topics with one, and Meeting.going_count/waitlist_count
    the RSVP rows (a waiting list only on a meeting whose places are all taken)."""

    def __init__(self, seeder: Seeder, users: list[User]):
        self.seeder, self.rng, self.users = seeder, seeder.rng, users
        counts = seeder.counts
        self.topic_total = counts["forum topics"]
        self.longest = max(MIN_LONGEST_TOPIC, counts["longest forum topic"])
        # Every topic has its opening post, the longest topic all of its posts, and no other topic as many.
        others = self.topic_total - 1
        self.post_total = min(max(counts["forum posts"], self.longest + others), self.longest * (others + 1) - others)
        self.meeting_total = counts["meetings"]
        self.rsvp_total = counts["meeting RSVPs"]
        self.moderator = users[0]

    def moment(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.randrange(int((end - start).total_seconds())))

    def run(self) -> None:
        with recorded_timestamps(Category, ForumTopic, Post, Flag, Meeting, RSVP, Profile):
            self.forum()
            self.meetings()
            self.directory()

    # The forum

    def topic_lengths(self) -> list[int]:
        """Posts per topic: the first topic is the longest, the rest share the remainder unevenly."""
        others = self.topic_total - 1
        lengths = [1] * others
        spare = self.post_total - self.longest - others
        if others and spare:
            weights = [self.rng.expovariate(1) for _ in range(others)]
            scale = spare / sum(weights)
            for index, weight in enumerate(weights):
                lengths[index] += min(int(weight * scale), self.longest - 2)
            left = self.post_total - self.longest - sum(lengths)
            while left:
                index = self.rng.randrange(others)
                if lengths[index] < self.longest - 1:
                    lengths[index] += 1
                    left -= 1
        return [self.longest, *lengths]

    def forum(self) -> None:
        categories = [
            Category(
                id=self.seeder.uuid(),
                slug=f"{PREFIX}category-{n}",
                name_en=name_en,
                name_cy=name_cy,
                description_en=f"Benchmark discussions: {name_en.lower()}.",
                position=n,
                created_at=FORUM_SINCE,
                updated_at=FORUM_SINCE,
            )
            for n, (name_en, name_cy) in enumerate(FORUM_CATEGORIES)
        ]
        topics, posts, flags, subscriptions = [], [], [], []
        pinned = {category.id: PINNED_PER_CATEGORY for category in categories}
        for n, length in enumerate(self.topic_lengths()):
            category = self.rng.choice(categories)
            topic = ForumTopic(
                id=self.seeder.uuid(),
                category=category,
                title=f"{self.rng.choice(FORUM_QUESTIONS)} {self.rng.choice(TOPICS)} ({n})",
                is_pinned=pinned[category.id] > 0,
                is_locked=self.rng.random() < LOCKED_SHARE,
            )
            pinned[category.id] -= 1
            thread = self.thread(topic, length, hideable=n > 0)
            visible = [post for post in thread if not post.is_hidden]
            topic.author_id = thread[0].author_id
            topic.created_at = thread[0].created_at
            topic.post_count = len(visible)
            topic.last_post_at = topic.updated_at = visible[-1].created_at
            topic.last_post_author_id = visible[-1].author_id
            topics.append(topic)
            posts += thread
            flags += self.flags(thread)
            subscriptions.append(TopicSubscription(user_id=topic.author_id, topic_id=topic.id))
        for category in categories:
            mine = [topic for topic in topics if topic.category_id == category.id and topic.post_count]
            category.topic_count = len(mine)
            category.last_post_at = max((topic.last_post_at for topic in mine), default=None)
        self.seeder.save(Category, categories, "forum categories")
        self.seeder.save(ForumTopic, topics, "forum topics")
        self.seeder.save(Post, posts, "forum posts")
        self.seeder.save(Flag, flags, "forum flags")
        self.seeder.save(TopicSubscription, subscriptions, "forum subscriptions")

    def thread(self, topic: ForumTopic, length: int, *, hideable: bool) -> list[Post]:
        """A topic's posts 1..length at distinct, rising times; posts after the first may be hidden
        (never in the longest topic, so its post_count is exactly its length)."""
        opened = self.moment(FORUM_SINCE, RECORDED_UNTIL - timedelta(days=30))
        span = int((RECORDED_UNTIL - opened).total_seconds())
        span = self.rng.randrange(min(span // 2, 3600 * length), span)
        offsets = [0, *sorted(self.rng.sample(range(1, span), length - 1))]
        people = self.rng.sample(self.users, min(len(self.users), 12))
        posts: list[Post] = []
        for number, offset in enumerate(offsets, start=1):
            when = opened + timedelta(seconds=offset)
            quoted = self.rng.choice(posts) if posts and self.rng.random() < QUOTE_SHARE else None
            body = " ".join(self.rng.sample(POST_SENTENCES, self.rng.randint(1, 3)))
            hidden = hideable and number > 1 and self.rng.random() < HIDDEN_SHARE
            posts.append(
                Post(
                    id=self.seeder.uuid(),
                    topic_id=topic.id,
                    number=number,
                    author=self.rng.choice(people),
                    body=f"> {quoted.body.splitlines()[0]}\n\n{body}" if quoted else body,
                    quoted_id=quoted.id if quoted else None,
                    is_hidden=hidden,
                    hidden_reason=HIDDEN_REASON if hidden else "",
                    created_at=when,
                    updated_at=when,
                )
            )
        return posts

    def flags(self, thread: list[Post]) -> list[Flag]:
        rows = []
        for post in thread:
            if post.is_hidden:
                reporters, resolved = self.rng.randint(1, 2), True
            elif self.rng.random() < OPEN_FLAG_SHARE:
                reporters, resolved = 1, False
            else:
                continue
            for reporter in self.rng.sample(self.users, min(reporters, len(self.users))):
                flagged = post.created_at + timedelta(minutes=self.rng.randrange(5, 600))
                rows.append(
                    Flag(
                        post_id=post.id,
                        reporter=reporter,
                        reason=self.rng.choice(FlagReason.values),
                        created_at=flagged,
                        resolved_at=flagged + timedelta(hours=2) if resolved else None,
                        resolved_by=self.moderator if resolved else None,
                    )
                )
        return rows

    # The monthly meetings

    def meetings(self) -> None:
        meetings, rsvps = [], []
        rsvps_left = self.rsvp_total
        for n in range(self.meeting_total):
            # Monthly at F=1; spread over the same 20 years when there are fewer.
            day = first_tuesday(n * MEETING_MONTHS // self.meeting_total)
            starts = datetime.combine(day, MEETING_TIME, tzinfo=MEETING_ZONE).astimezone(UTC)
            # Spread the RSVPs unevenly over the meetings still to come; each member answers once.
            share = round(rsvps_left / (self.meeting_total - n) * self.rng.uniform(0.5, 1.5))
            if n == self.meeting_total - 1:
                share = rsvps_left
            share = min(share, rsvps_left, len(self.users))
            rsvps_left -= share
            meeting, answers = self.meeting(n, starts, share)
            meetings.append(meeting)
            rsvps += answers
        self.seeder.save(Meeting, meetings, "meetings")
        self.seeder.save(RSVP, rsvps, "meeting RSVPs")

    def meeting(self, n: int, starts: datetime, answers: int) -> tuple[Meeting, list[RSVP]]:
        created = min(starts - timedelta(days=90), RECORDED_UNTIL - timedelta(days=30))
        answered_by = min(starts, RECORDED_UNTIL)
        ends = starts + timedelta(minutes=MEETING_MINUTES)
        past = ends < RECORDED_UNTIL
        subject = self.rng.choice(MEETING_SUBJECTS)
        meeting = Meeting(
            id=self.seeder.uuid(),
            slug=f"{PREFIX}meeting-{n}",
            title_en=f"Monthly call: {subject.lower()}",
            description_en=f"The community of practice's monthly call. This month: {subject.lower()}.",
            online_link=f"https://meet.example.invalid/{PREFIX}{n}",
            provisions=self.rng.sample(AccessProvision.values, self.rng.randint(0, len(AccessProvision.values))),
            notes_public=past and self.rng.random() < 0.5,
            created_by=self.moderator,
            agenda_en="1. Introductions\n2. Case study\n3. Questions and discussion",
            starts_at=starts,
            ends_at=ends,
            status=MeetingStatus.CANCELLED if self.rng.random() < CANCELLED_SHARE else MeetingStatus.SCHEDULED,
            created_at=created,
            updated_at=created,
        )
        times = sorted(self.moment(created, answered_by) for _ in range(answers))
        wanted = [self.rng.random() >= NOT_GOING_SHARE for _ in range(answers)]
        wanting = sum(wanted)
        mode = self.rng.random()
        if mode < UNLIMITED_SHARE:
            meeting.capacity = None
        elif mode < UNLIMITED_SHARE + FULL_SHARE and wanting > 1:
            meeting.capacity = max(1, int(wanting * self.rng.uniform(0.6, 0.9)))
        else:
            meeting.capacity = wanting + self.rng.randrange(5, 40)
        rows = []
        for user, when, going in zip(self.rng.sample(self.users, answers), times, wanted, strict=True):
            if not going:
                status = RSVPStatus.NOT_GOING
            elif meeting.capacity is None or meeting.going_count < meeting.capacity:
                status = RSVPStatus.GOING
                meeting.going_count += 1
            else:
                status = RSVPStatus.WAITLISTED
                meeting.waitlist_count += 1
            rows.append(
                RSVP(
                    id=self.seeder.uuid(),
                    meeting_id=meeting.id,
                    user=user,
                    status=status,
                    access_needs="Live captions, please." if self.rng.random() < 0.05 else "",
                    language="cy" if self.rng.random() < 0.1 else "en",
                    waitlisted_at=when if status == RSVPStatus.WAITLISTED else None,
                    created_at=when,
                    updated_at=when,
                )
            )
        if past and meeting.status == MeetingStatus.SCHEDULED:
            meeting.attendance_count = round(meeting.going_count * self.rng.uniform(0.6, 0.95))
            meeting.notes_en = f"We discussed {subject.lower()}. Slides and the recording are linked below."
            meeting.notes_published_at = ends + timedelta(days=2)
            meeting.slides_url = f"https://slides.example.invalid/{PREFIX}{n}"
        return meeting, rows

    # The member directory

    def directory(self) -> None:
        interests = [Interest(slug=f"{PREFIX}{slugify(name)}", name=f"{name} (benchmark)") for name in INTERESTS]
        self.seeder.save(Interest, interests, "interests")  # ids come back from Postgres
        listed = self.rng.sample(self.users, max(1, round(len(self.users) * PROFILE_SHARE)))
        profiles, links = [], []
        through = Profile.interests.through
        for user in listed:
            joined = self.moment(FORUM_SINCE, RECORDED_UNTIL)
            profile = Profile(
                id=self.seeder.uuid(),
                user=user,
                is_listed=True,
                role_title=self.rng.choice(ROLE_TITLES),
                organisation=self.seeder.organisation_of.get(user.id),
                bio="I run **public engagement** on data and AI projects and am happy to share what worked.",
                contact=f"https://example.invalid/{PREFIX}{user.id.hex[:8]}" if self.rng.random() < 0.3 else "",
                show_email=self.rng.random() < 0.3,
                created_at=joined,
                updated_at=joined,
            )
            profiles.append(profile)
            for interest in self.rng.sample(interests, self.rng.randint(1, 3)):
                links.append(through(profile_id=profile.id, interest_id=interest.id))
        self.seeder.save(Profile, profiles, "profiles")
        self.seeder.save(through, links, "profile interests")


def delete_bench_community() -> None:
    """Topics hold their category with PROTECT: topics (with posts, flags and subscriptions) first.
    RSVPs go with their meetings; profiles with their users, but are taken here so a partial set goes too."""
    topics = ForumTopic.objects.filter(category__slug__startswith=PREFIX)
    Flag.objects.filter(post__topic__in=topics).delete()
    Post.objects.filter(topic__in=topics).delete()
    topics.delete()
    Category.objects.filter(slug__startswith=PREFIX).delete()
    Meeting.objects.filter(slug__startswith=PREFIX).delete()
    Profile.objects.filter(user__email__startswith=PREFIX).delete()
    Interest.objects.filter(slug__startswith=PREFIX).delete()


# The unconference: one a year, each with UNCONFERENCE_ROOMS rooms and UNCONFERENCE_SLOTS time slots
# (not scaled), the proposals and votes shared out evenly between them. All but the last are over, with
# a published schedule; the last is open for proposals and votes until 2030, so the logged-in proposals
# page can be measured with voting open whenever the benchmark runs. There are always at least two.
UNCONFERENCE_ROOMS = [
    # name, capacity, step-free, online
    ("Main hall", 120, True, False), ("Room A", 80, True, False), ("Room B", 60, True, False),
    ("Room C", 40, True, False), ("Room D", 40, True, False), ("Room E", 30, True, False),
    ("Room F", 30, True, False), ("Mezzanine", 20, False, False), ("Library", 20, True, False),
    ("Online room", 60, True, True),
]  # fmt: skip
UNCONFERENCE_SLOTS = [clock(9, 30), clock(10, 30), clock(11, 30), clock(12, 30), clock(13, 30), clock(14, 30),
                      clock(15, 30), clock(16, 30)]  # fmt: skip
UNCONFERENCE_SLOT_MINUTES = 50
VOTES_PER_MEMBER = 5
PROPOSAL_STATUS_WEIGHTS = {
    ProposalStatus.APPROVED: 90,
    ProposalStatus.SUBMITTED: 4,
    ProposalStatus.DECLINED: 3,
    ProposalStatus.WITHDRAWN: 3,
}
STEP_FREE_NEED_SHARE = 0.05
CO_FACILITATED_SHARE = 0.2
VOTE_SKEW = 0.8  # the n-th most popular proposal draws votes in proportion to 1 / n ** VOTE_SKEW
OPEN_UNCONFERENCE = {
    "date": date(2030, 6, 20),
    "proposals_open_at": datetime(2025, 11, 1, tzinfo=UTC),
    "proposals_close_at": datetime(2030, 1, 1, tzinfo=UTC),
    "voting_open_at": datetime(2025, 12, 1, tzinfo=UTC),
    "voting_close_at": datetime(2030, 5, 1, tzinfo=UTC),
}
SESSION_IDEAS = [
    "Paying participants", "Deliberation on AI in schools", "Welsh-language engagement",
    "Official statistics user engagement", "Procurement clauses for public involvement", "The National Data Library",
    "Lived-experience panels", "Worker voice and trade unions", "Reporting back to participants",
    "Recruiting by sortition", "Accessible hybrid sessions", "Measuring influence", "Young people's data panels",
    "Algorithmic transparency records",
]  # fmt: skip
SESSION_ANGLES = ["what worked", "what went wrong", "a practical workshop", "open questions", "a case study"]


class UnconferenceBench:
    """Unconferences with rooms, slots, proposals and votes, as the services would have left them:
    Proposal.vote_count counts the Vote rows, no member casts more than VOTES_PER_MEMBER votes in one
    unconference or two on one proposal, votes only go to approved proposals, and a published schedule
    has no room or facilitator in two places at once and respects step-free needs."""

    def __init__(self, seeder: Seeder, users: list[User]):
        self.seeder, self.rng, self.users = seeder, seeder.rng, users
        counts = seeder.counts
        self.proposal_total = counts["unconference proposals"]
        self.vote_total = counts["unconference votes"]
        self.total = max(2, min(counts["unconferences"], self.proposal_total))
        self.organiser = users[0]

    def moment(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.randrange(max(1, int((end - start).total_seconds()))))

    def share(self, total: int, n: int) -> int:
        return total * (n + 1) // self.total - total * n // self.total

    def run(self) -> None:
        unconferences, rooms, slots, proposals, co_facilitators, votes, sessions, changes = ([] for _ in range(8))
        for n in range(self.total):
            unconference = self.unconference(n)
            unconferences.append(unconference)
            here_rooms = [
                Room(
                    unconference_id=unconference.id,
                    name=name,
                    capacity=capacity,
                    location=f"https://meet.example.invalid/{unconference.slug}" if online else "Benchmark venue",
                    is_step_free=step_free,
                    accessibility_notes="" if step_free else "Up a flight of stairs; no lift.",
                    position=position,
                )
                for position, (name, capacity, step_free, online) in enumerate(UNCONFERENCE_ROOMS)
            ]
            here_slots = [
                TimeSlot(
                    unconference_id=unconference.id,
                    starts_at=datetime.combine(unconference.date, starts, tzinfo=MEETING_ZONE),
                    ends_at=datetime.combine(unconference.date, starts, tzinfo=MEETING_ZONE)
                    + timedelta(minutes=UNCONFERENCE_SLOT_MINUTES),
                )
                for starts in UNCONFERENCE_SLOTS
            ]
            rooms += here_rooms
            slots += here_slots
            here = self.proposals(unconference, self.share(self.proposal_total, n), co_facilitators)
            votes += self.votes(unconference, here, self.share(self.vote_total, n))
            proposals += here
            if unconference.schedule_version:
                sessions.append((unconference, here, here_rooms, here_slots))
                changes.append(
                    ScheduleChange(
                        unconference_id=unconference.id,
                        version=1,
                        summary="First published.",
                        created_at=unconference.schedule_published_at,
                    )
                )
        with recorded_timestamps(Unconference, Proposal, Vote, ScheduleChange):
            self.seeder.save(Unconference, unconferences, "unconferences")
            self.seeder.save(Room, rooms, "unconference rooms")  # ids come back from Postgres
            self.seeder.save(TimeSlot, slots, "unconference time slots")
            self.seeder.save(Proposal, proposals, "unconference proposals")
            self.seeder.save(Proposal.co_facilitators.through, co_facilitators, "unconference co-facilitators")
            self.seeder.save(Vote, votes, "unconference votes")
            self.seeder.save(ScheduleChange, changes, "unconference schedule changes")
        scheduled = []
        for unconference, here, here_rooms, here_slots in sessions:
            scheduled += self.schedule(unconference, here, here_rooms, here_slots, co_facilitators)
        self.seeder.save(ScheduledSession, scheduled, "unconference sessions")
        # Published as built: what members see is the schedule's published copy.
        for unconference, _here, _rooms, _slots in sessions:
            Unconference.objects.filter(pk=unconference.pk).update(
                published_schedule=schedule_service.snapshot(unconference)
            )

    def unconference(self, n: int) -> Unconference:
        is_open = n == self.total - 1
        if is_open:
            windows = dict(OPEN_UNCONFERENCE)
        else:
            day = date(RECORDED_UNTIL.year - self.total + n + 1, 6, 18)  # the last of them in June 2025
            opens = datetime.combine(day, clock(9), tzinfo=UTC)
            windows = {
                "date": day,
                "proposals_open_at": opens - timedelta(days=60),
                "proposals_close_at": opens - timedelta(days=25),
                "voting_open_at": opens - timedelta(days=24),
                "voting_close_at": opens - timedelta(days=10),
            }
        unconference = Unconference(
            id=self.seeder.uuid(),
            slug=f"{PREFIX}unconference-{n}",
            title_en=f"Benchmark unconference {windows['date'].year}",
            title_cy=f"Anghynhadledd meincnod {windows['date'].year}",
            description_en="A benchmark unconference: sessions proposed and chosen by members.",
            votes_per_member=VOTES_PER_MEMBER,
            proposals_need_approval=True,
            hide_counts_until_closed=n % 2 == 1,
            created_by=self.organiser,
            created_at=windows["proposals_open_at"] - timedelta(days=7),
            updated_at=windows["proposals_open_at"] - timedelta(days=7),
            **windows,
        )
        if not is_open:
            unconference.schedule_version = 1
            unconference.schedule_published_at = unconference.voting_close_at + timedelta(days=2)
        return unconference

    def proposals(self, unconference: Unconference, count: int, co_facilitators: list) -> list[Proposal]:
        statuses, weights = list(PROPOSAL_STATUS_WEIGHTS), list(PROPOSAL_STATUS_WEIGHTS.values())
        through = Proposal.co_facilitators.through
        submitted_by = min(unconference.proposals_close_at, RECORDED_UNTIL)
        rows = []
        for _ in range(count):
            facilitator = self.rng.choice(self.users)
            when = self.moment(unconference.proposals_open_at, submitted_by)
            proposal = Proposal(
                id=self.seeder.uuid(),
                unconference_id=unconference.id,
                title=f"{self.rng.choice(SESSION_IDEAS)}: {self.rng.choice(SESSION_ANGLES)} ({len(rows) + 1})",
                description=" ".join(self.rng.sample(POST_SENTENCES, 2)),
                format=self.rng.choice(SessionFormat.values),
                facilitator=facilitator,
                needs_step_free=self.rng.random() < STEP_FREE_NEED_SHARE,
                status=self.rng.choices(statuses, weights)[0],
                created_at=when,
                updated_at=when,
            )
            rows.append(proposal)
            if self.rng.random() < CO_FACILITATED_SHARE and len(self.users) > 1:
                co = self.rng.choice(self.users)
                if co.id != facilitator.id:
                    co_facilitators.append(through(proposal_id=proposal.id, user_id=co.id))
        # At least one approved proposal, so there is something to vote for.
        if rows and not any(row.status == ProposalStatus.APPROVED for row in rows):
            rows[0].status = ProposalStatus.APPROVED
        return rows

    def votes(self, unconference: Unconference, proposals: list[Proposal], wanted: int) -> list[Vote]:
        """Each voter casts up to VOTES_PER_MEMBER votes, drawn towards the popular proposals; as many
        votes as wanted, or as many as the members can cast."""
        approved = [proposal for proposal in proposals if proposal.status == ProposalStatus.APPROVED]
        self.rng.shuffle(approved)
        weights = [1 / (rank + 1) ** VOTE_SKEW for rank in range(len(approved))]
        cast_by = min(unconference.voting_close_at, RECORDED_UNTIL)
        rows = []
        for voter in self.rng.sample(self.users, len(self.users)):
            left = wanted - len(rows)
            if left <= 0:
                break
            chosen: set[int] = set()
            while len(chosen) < min(VOTES_PER_MEMBER, len(approved), left):
                chosen.add(self.rng.choices(range(len(approved)), weights)[0])
            for index in sorted(chosen):
                approved[index].vote_count += 1
                rows.append(
                    Vote(
                        proposal_id=approved[index].id,
                        unconference_id=unconference.id,
                        user=voter,
                        created_at=self.moment(unconference.voting_open_at, cast_by),
                    )
                )
        return rows

    def schedule(
        self, unconference: Unconference, proposals: list[Proposal], rooms: list[Room], slots: list[TimeSlot], links
    ) -> list[ScheduledSession]:
        """The most-voted approved proposals in the best slots and biggest rooms, first come first placed:
        a proposal goes to the first free cell whose slot none of its facilitators is busy in and whose
        room it can use."""
        co = {}
        for link in links:
            co.setdefault(link.proposal_id, set()).add(link.user_id)
        cells = [(slot, room) for slot in slots for room in sorted(rooms, key=lambda room: -room.capacity)]
        busy: dict[int, set] = {slot.id: set() for slot in slots}
        taken: set[tuple[int, int]] = set()
        approved = sorted(
            (proposal for proposal in proposals if proposal.status == ProposalStatus.APPROVED),
            key=lambda proposal: (-proposal.vote_count, proposal.created_at),
        )
        rows = []
        for proposal in approved:
            if len(taken) == len(cells):
                break
            people = {proposal.facilitator.id, *co.get(proposal.id, ())}
            for slot, room in cells:
                if (slot.id, room.id) in taken or busy[slot.id] & people:
                    continue
                if proposal.needs_step_free and not room.is_step_free:
                    continue
                taken.add((slot.id, room.id))
                busy[slot.id] |= people
                rows.append(
                    ScheduledSession(
                        unconference_id=unconference.id,
                        proposal_id=proposal.id,
                        room_id=room.id,
                        slot_id=slot.id,
                        is_locked=self.rng.random() < 0.05,
                    )
                )
                break
        return rows


def delete_bench_unconferences() -> None:
    """Rooms, slots, proposals, votes, sessions, changes and agendas all go with their unconference."""
    Unconference.objects.filter(slug__startswith=PREFIX).delete()


# Design Labs: each with LAB_SESSIONS sessions, LAB_PARTICIPANTS participants (most accepted, with
# accounts), LAB_OUTPUTS outputs and each accepted participant's dots, as the services would have
# left them: Output.dot_count counts the Dot rows and nobody uses more dots than the lab allows.
LAB_SESSIONS = 3
LAB_PARTICIPANTS = 20
LAB_OUTPUTS = 50
LAB_ACCEPTED_SHARE = 0.8
LAB_PUBLIC_SHARE = 0.5


class DesignLabBench:
    def __init__(self, seeder: Seeder, organisations: list[Organisation], users: list[User]):
        self.seeder, self.rng, self.organisations, self.users = seeder, seeder.rng, organisations, users
        self.total = seeder.counts["design labs"]

    def run(self) -> None:
        labs, sessions, participants, outputs, dots = ([] for _ in range(5))
        for n in range(self.total):
            lab = self.lab(n)
            labs.append(lab)
            here = [self.session(lab, n, index) for index in range(LAB_SESSIONS)]
            sessions += here
            people = self.rng.sample(self.users, min(LAB_PARTICIPANTS, len(self.users)))
            accepted = []
            for person in people:
                status = (
                    ParticipantStatus.ACCEPTED
                    if self.rng.random() < LAB_ACCEPTED_SHARE
                    else self.rng.choice([ParticipantStatus.INVITED, ParticipantStatus.DECLINED])
                )
                participants.append(
                    LabParticipant(
                        id=self.seeder.uuid(),
                        lab_id=lab.id,
                        user=person if status == ParticipantStatus.ACCEPTED else None,
                        email=person.email,
                        name=person.display_name,
                        role=self.rng.choice(ParticipantRole.values),
                        status=status,
                        created_at=lab.created_at,
                        updated_at=lab.created_at,
                    )
                )
                if status == ParticipantStatus.ACCEPTED:
                    accepted.append(person)
            here_outputs = [
                LabOutput(
                    id=self.seeder.uuid(),
                    lab_id=lab.id,
                    session_id=self.rng.choice(here).id,
                    kind=self.rng.choice(OutputKind.values),
                    text=self.rng.choice(POST_SENTENCES)[:1000],
                    is_public=self.rng.random() < LAB_PUBLIC_SHARE,
                    author=self.rng.choice(accepted) if accepted else None,
                    author_role=self.rng.choice(ParticipantRole.values),
                    created_at=lab.created_at,
                    updated_at=lab.created_at,
                )
                for _ in range(LAB_OUTPUTS)
            ]
            for person in accepted:
                for output in self.rng.sample(here_outputs, min(lab.dots_per_participant, len(here_outputs))):
                    output.dot_count += 1
                    dots.append(Dot(lab_id=lab.id, output_id=output.id, user=person))
            outputs += here_outputs
        with recorded_timestamps(Lab, LabSession, LabParticipant, LabOutput):
            self.seeder.save(Lab, labs, "design labs")
            self.seeder.save(LabSession, sessions, "design lab sessions")
            self.seeder.save(LabParticipant, participants, "design lab participants")
            self.seeder.save(LabOutput, outputs, "design lab outputs")
            self.seeder.save(Dot, dots, "design lab dots")

    def lab(self, n: int) -> Lab:
        created = RECORDED_UNTIL - timedelta(days=30 * (self.total - n))
        status = self.rng.choice(LabStatus.values)
        return Lab(
            id=self.seeder.uuid(),
            slug=f"{PREFIX}design-lab-{n}",
            title_en=f"Benchmark Design Lab {n}: {self.rng.choice(TOPICS)}",
            brief_en="A benchmark Design Lab: a public body working with participants over three sessions.",
            policy_question_en="What should the guidance say about involving the people affected?",
            public_description_en="A benchmark Design Lab with three sessions.",
            department=self.rng.choice(self.organisations),
            intended_output=self.rng.choice(IntendedOutput.values),
            status=status,
            voting_open=status == LabStatus.RUNNING,
            retention_date=date(2030, 1, 1),
            summary_en="What happened in the benchmark lab." if status == LabStatus.CLOSED else "",
            write_up_published_at=created + timedelta(days=120) if status == LabStatus.CLOSED else None,
            created_at=created,
            updated_at=created,
        )

    def session(self, lab: Lab, n: int, index: int) -> LabSession:
        starts = datetime.combine(lab.created_at.date() + timedelta(days=30 + 14 * index), clock(10), MEETING_ZONE)
        return LabSession(
            id=self.seeder.uuid(),
            lab_id=lab.id,
            title_en=f"Session {index + 1}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            mode=self.rng.choice(SessionMode.values),
            summary_en="What the session did." if lab.write_up_published_at else "",
            created_at=lab.created_at,
            updated_at=lab.created_at,
        )
