"""Hostile text on the register, its feed and its downloads is shown as text, never run; and the
register's search uses its GIN index."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from participation.models import Activity
from participation.services.opendata import filter_activities, published_activities
from participation.services.search import search
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.test_markdown import XSS_VECTORS

pytestmark = pytest.mark.django_db
SAFE_SCHEMES = {"", "http", "https", "mailto"}
# Our own htmx attributes live on these elements only; any hx-* elsewhere came from content.
HTMX_ELEMENTS = {"form", "body"}


class PageChecker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"iframe", "object", "embed", "svg"} and "aria-hidden" not in attrs:
            self.problems.append(f"<{tag}>")
        if tag == "script" and "src" not in attrs:
            self.problems.append("inline <script>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style" or (name.startswith("hx-") and tag not in HTMX_ELEMENTS):
                self.problems.append(f"{name} on <{tag}>")
            if name in {"href", "src", "action"} and value:
                compact = "".join(ch for ch in value if ch > " ")
                if urlsplit(compact).scheme.lower() not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value!r}")


def assert_page_inert(html: str) -> None:
    checker = PageChecker()
    checker.feed(html)
    assert checker.problems == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_hostile_text_is_inert_on_every_register_page(client, organisation, vector):
    project = ProjectFactory(
        organisation=organisation,
        title_en=vector[:200],
        summary_en=vector,
        decisions_open_en=vector,
        published=True,
    )
    activity = ActivityFactory(
        organisation=organisation,
        title_en=vector[:200],
        summary_en=vector,
        findings_en=vector,
        what_changed_en=vector,
        projects=[project],
        published=True,
    )
    ParticipantGroupFactory(activity=activity, label=vector[:200])
    RecommendationFactory(activity=activity, text_en=vector, action_en=vector, response_status="accepted")

    pages = [
        reverse("register:activity-list"),
        reverse("register:activity-list") + "?q=" + vector,
        reverse("register:project-list"),
        activity.get_absolute_url(),
        project.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_inert(response.text)


def test_feed_escapes_hostile_summaries(client, organisation):
    ActivityFactory(
        organisation=organisation,
        title_en="<script>alert(1)</script>",
        summary_en="<img src=x onerror=alert(1)>",
        published=True,
    )

    response = client.get(reverse("register:feed"))

    body = response.text
    assert "<script>" not in body
    # type="html" content is escaped once for XML and once for HTML: a reader shows the text.
    assert "&amp;lt;img src=x onerror=alert(1)&amp;gt;" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is Postgres only")
def test_register_search_uses_the_gin_index(organisation):
    Activity.objects.bulk_create(
        [
            Activity(
                organisation=organisation,
                slug=f"bulk-{n}",
                title_en=f"Workshop number {n} on {'facial recognition' if n % 50 == 0 else 'bus timetables'}",
                summary_en="A deliberative workshop with members of the public.",
                publication_status="published",
                published_at=timezone.now(),
            )
            for n in range(400)
        ]
    )
    with connection.cursor() as cursor:
        # Rows inserted in bulk wait in the GIN index's pending list (which the planner prices high)
        # until autovacuum merges them; merge them now, as a settled production table would be.
        cursor.execute("SELECT gin_clean_pending_list('participation_activity_search')")
        cursor.execute("ANALYZE participation_activity")
        # With the pending list merged and statistics fresh, the planner picks the GIN index even on
        # 400 rows, so enable_seqscan stays on: the plan is the one production would get.
    plan = search(published_activities(), "facial recognition").explain()
    filtered = filter_activities(published_activities(), filters={"organisation": organisation.slug})
    filtered_plan = search(filtered, "facial recognition").explain()

    assert "participation_activity_search" in plan  # the GIN index on search_vector
    assert "Seq Scan on participation_activity" not in plan
    assert "Seq Scan on participation_activity" not in filtered_plan
