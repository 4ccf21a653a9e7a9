"""The benchmark data set for the engagement log (QUALITY.md): deterministic, bulk-inserted."""

import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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

# Sizes at --scale 1 (QUALITY.md "Benchmark data set"); groups and methods are per activity.
SIZES = {"organisations": 50, "users": 10_000, "projects": 5_000, "activities": 100_000, "recommendations": 300_000}
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
        self.stdout.write(self.style.SUCCESS(f"Benchmark data ready in {elapsed:.1f} s: {summary}."))

    def delete_bench_data(self) -> None:
        organisations = Organisation.objects.filter(slug__startswith=PREFIX)
        with transaction.atomic():
            Activity.objects.filter(organisation__in=organisations).delete()
            Project.objects.filter(organisation__in=organisations).delete()
            Membership.objects.filter(organisation__in=organisations).delete()
            User.objects.filter(email__startswith=PREFIX).delete()
            organisations.delete()


class Seeder:
    def __init__(self, rng: random.Random, counts: dict[str, int], stdout):
        self.rng, self.counts, self.stdout = rng, counts, stdout
        self.created: dict[str, int] = {}

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
            self.users(organisations)
            projects = self.projects(organisations)
            self.activities(projects)
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

    def users(self, organisations: list[Organisation]) -> None:
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
