"""The pages the benchmark measures, found in the seed_bench data, and their query counts.

Shared by the harness (bench/run.py, through bench/steps.py) and the query-count test, so both
measure the same URLs. Needs Django set up against a database holding a seed_bench data set.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Meeting, MeetingStatus, Proposal, ProposalStatus, ScheduledSession, Unconference
from community.models import Topic as ForumTopic
from guidance.models import GuidanceDocument
from participation.models import Activity, Organisation, User
from participation.services import opendata, page_cache

PREFIX = "bench-"
SEARCH_TERM = "procurement"  # in the seeded titles at every scale


@dataclass
class Page:
    name: str
    path: str
    logged_in: bool = False
    htmx: bool = False
    key: bool = True  # one of QUALITY.md's key pages (the throughput bar applies)
    method: str = "GET"
    # POST bodies are sent in turn, e.g. adding then removing a vote.
    bodies: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.htmx:
            return "htmx fragment"
        return "logged in" if self.logged_in else "anonymous"

    def as_dict(self) -> dict:
        return {**asdict(self), "kind": self.kind}


def open_unconference() -> Unconference:
    return Unconference.objects.filter(slug__startswith=PREFIX, voting_close_at__gt=timezone.now()).order_by("slug")[0]


def bench_user() -> User:
    """The member whose session loads the logged-in pages: made for the benchmark (seed_bench's
    reset deletes it with the other bench- users), so it has no seeded votes to disturb and the
    harness can take back every vote the vote fragment casts."""
    user, _created = User.objects.get_or_create(
        email=f"{PREFIX}visitor@example.invalid", defaults={"display_name": "Benchmark visitor", "password": "!"}
    )
    return user


def _busiest_organisation() -> Organisation:
    return (
        Organisation.objects.filter(slug__startswith=PREFIX)
        .annotate(published=Count("activities", filter=Q(activities__publication_status="published")))
        .order_by("-published", "slug")
        .first()
    )


def _last_page_cursor(organisation: Organisation) -> str:
    """The keyset cursor that opens the register's last page for the organisation (newest first)."""
    rows = opendata.filter_activities(opendata.published_activities(), filters={"organisation": organisation.slug})
    ordered = rows.order_by(*opendata.SORTS["newest"])
    total = ordered.count()
    last_page_start = ((total - 1) // opendata.PAGE_SIZE) * opendata.PAGE_SIZE
    if last_page_start == 0:
        return ""
    before_last = ordered[last_page_start - 1]
    return opendata._cursor_for(before_last, opendata.SORTS["newest"])


def find_pages() -> list[Page]:
    now = timezone.now()
    organisation = _busiest_organisation()
    by_organisation = f"{reverse('register:activity-list')}?organisation={organisation.slug}"
    cursor = _last_page_cursor(organisation)
    activity = (
        Activity.objects.published().filter(slug__startswith=PREFIX).annotate(n=Count("recommendations"))
    ).order_by("-n", "slug")[0]
    document = GuidanceDocument.objects.published().filter(slug__startswith=PREFIX, is_withdrawn=False).order_by("slug")
    topic = ForumTopic.objects.filter(category__slug__startswith=PREFIX).order_by("-post_count", "pk")[0]
    # The last page that is full: the same number of posts at every scale, deep in the longest topic.
    last_full_page = max(1, topic.post_count // settings.FORUM_POSTS_PER_PAGE)
    meeting = (
        Meeting.objects.filter(slug__startswith=PREFIX, status=MeetingStatus.SCHEDULED, starts_at__gt=now)
        .order_by("-going_count", "slug")
        .first()
    ) or Meeting.objects.filter(slug__startswith=PREFIX).order_by("-going_count", "slug")[0]
    unconference = open_unconference()
    proposals = reverse("community:proposal-list", kwargs={"slug": unconference.slug})
    voted_on = Proposal.objects.filter(unconference=unconference, status=ProposalStatus.APPROVED)
    voted_on = voted_on.order_by("-vote_count", "pk")[0]
    scheduled = ScheduledSession.objects.filter(unconference__slug__startswith=PREFIX).order_by("pk")[0]
    topic_url = reverse("community:topic-detail", kwargs={"pk": topic.pk})
    return [
        Page("register list filtered by organisation", by_organisation),
        Page("register last page (keyset)", f"{by_organisation}&after={cursor}" if cursor else by_organisation),
        Page("register search", f"{reverse('register:activity-list')}?q={SEARCH_TERM}"),
        Page("activity detail", activity.get_absolute_url()),
        Page("guidance document", document[0].get_absolute_url()),
        Page("forum topic, longest, last full page", f"{topic_url}?page={last_full_page}", logged_in=True),
        Page("meeting detail", meeting.get_absolute_url(), logged_in=True),
        Page("unconference proposals", proposals, logged_in=True),
        Page("forum search", f"{reverse('community:forum-search')}?q={SEARCH_TERM}", logged_in=True, key=False),
        Page("fragment: register results", by_organisation, htmx=True),
        Page(
            "fragment: project results",
            f"{reverse('register:project-list')}?organisation={organisation.slug}",
            htmx=True,
        ),
        Page(
            "fragment: RSVP panel",
            reverse("community:meeting-rsvp", kwargs={"slug": meeting.slug}),
            logged_in=True,
            htmx=True,
        ),
        Page(
            "fragment: agenda toggle",
            reverse(
                "community:agenda-toggle", kwargs={"slug": scheduled.unconference.slug, "pk": scheduled.proposal_id}
            ),
            logged_in=True,
            htmx=True,
        ),
        Page(
            "fragment: vote counter (POST)",
            reverse("community:proposal-vote", kwargs={"slug": unconference.slug, "pk": voted_on.pk}),
            logged_in=True,
            htmx=True,
            method="POST",
            bodies=["action=add", "action=remove"],
        ),
    ]


def client_for(page: Page, user: User | None) -> Client:
    client = Client(headers={"HX-Request": "true"} if page.htmx else {})
    if page.logged_in:
        client.force_login(user)
    return client


def request(client: Client, page: Page, body: str = ""):
    if page.method == "POST":
        return client.post(page.path, body, content_type="application/x-www-form-urlencoded")
    return client.get(page.path)


def measure_queries(page: Page, user: User | None) -> dict:
    """Queries and database time of one request, after a first one has warmed caches and written
    whatever a first visit writes (e.g. the forum's read marker). The page cache's content version
    is moved first, so the count is what building the page costs, not a cache hit. A POST page is
    measured once per body and the worst is kept, then its state is put back (adding then removing
    a vote)."""
    client = client_for(page, user)
    bodies = page.bodies or [""]
    for body in bodies:
        request(client, page, body)
    page_cache.content_changed()
    measured = []
    for body in bodies:
        with CaptureQueriesContext(connection) as captured:
            response = request(client, page, body)
        measured.append(
            {
                "status": response.status_code,
                "queries": len(captured.captured_queries),
                "db_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000,
                "sql": [q["sql"] for q in captured.captured_queries],
            }
        )
    return max(measured, key=lambda m: m["queries"])


def sequential_scans(sql: list[str], tables=("participation_activity", "community_post")) -> list[str]:
    """The search queries among `sql` whose plan scans one of `tables` sequentially."""
    found = []
    with connection.cursor() as cursor:
        for statement in sql:
            if "search_vector" not in statement:
                continue
            cursor.execute(f"EXPLAIN {statement}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found += [f"{table}: {statement[:80]}" for table in tables if f"Seq Scan on {table}" in plan]
    return found
