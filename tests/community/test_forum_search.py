"""Forum search: relevance order, the newest matches only when a word is common, the capped count,
pagination, visibility, Welsh words, exact query counts, and plans that never scan every post."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench import pages
from community.models import Post, Topic
from community.services import forum
from tests.community.factories import CategoryFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("community:forum-search")


@pytest.fixture(autouse=True)
def no_holding(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0


@pytest.fixture
def topic(db):
    category = CategoryFactory(name_en="Commissioning", name_cy="Comisiynu")
    return forum.start_topic(category=category, author=UserFactory(), title="Buying services", body="Where to start?")


def add_posts(topic, bodies, *, minutes_apart=1):
    """Replies, the first oldest, with the counters the services would write."""
    start = topic.posts.count() + 1
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(topic=topic, number=start + n, author=topic.author, body=body) for n, body in enumerate(bodies)
    )
    for n, post in enumerate(posts):  # created_at is auto_now_add: set the ages afterwards
        age = timezone.timedelta(minutes=(len(posts) - n) * minutes_apart)
        Post.objects.filter(pk=post.pk).update(created_at=now - age)
    Topic.objects.filter(pk=topic.pk).update(post_count=start + len(posts) - 1, last_post_at=now)
    return posts


def bodies(response):
    return [post.body for post in response.context["page"].object_list]


# ---------------------------------------------------------------------------------------------
# Results


def test_search_puts_the_best_match_first_then_the_newest(client, member, topic):
    add_posts(topic, ["Procurement once", "Procurement, procurement and more procurement", "Procurement again"])
    client.force_login(member)

    response = client.get(SEARCH, {"q": "procurement"})

    assert bodies(response) == [
        "Procurement, procurement and more procurement",
        "Procurement again",
        "Procurement once",
    ]


def test_an_excerpt_shows_the_words_without_their_markdown(client, member, topic):
    add_posts(topic, ["## Procurement\n\nWe **must** ask _people_ first: see [the guide](https://example.org)."])
    client.force_login(member)

    response = client.get(SEARCH, {"q": "procurement"})

    assert "Procurement We must ask people first: see the guide." in response.text
    assert "**" not in response.text and "](https" not in response.text


def test_search_ranks_only_the_newest_matches_when_there_are_more_than_the_cap(client, member, topic, monkeypatch):
    monkeypatch.setattr("community.views.forum.SEARCH_COUNT_CAP", 3)
    add_posts(topic, ["Procurement procurement procurement, the best match but the oldest"])
    add_posts(topic, [f"Procurement note {n}" for n in range(4)], minutes_apart=0)
    client.force_login(member)

    response = client.get(SEARCH, {"q": "procurement"})

    assert response.context["page"].paginator.count == 4
    assert (
        "More than 3 posts match: these are the best of the newest 3. Add words to narrow your search." in response.text
    )
    assert sorted(bodies(response)) == [f"Procurement note {n}" for n in range(4)]


def test_search_pages_through_the_matches_in_order(client, member, topic, monkeypatch):
    monkeypatch.setattr("community.views.forum.PAGE_SIZE", 2)
    add_posts(topic, [f"Procurement step {n}" for n in range(5)])
    client.force_login(member)

    shown = [bodies(client.get(SEARCH, {"q": "procurement", "page": page})) for page in [1, 2, 3]]

    assert shown == [
        ["Procurement step 4", "Procurement step 3"],
        ["Procurement step 2", "Procurement step 1"],
        ["Procurement step 0"],
    ]
    last = client.get(SEARCH, {"q": "procurement", "page": 99})
    assert last.context["page"].number == 3
    assert "5 posts match." in last.text


def test_search_finds_welsh_words_as_written(client, member, topic):
    add_posts(topic, ["Cyfarfod cymunedol yn y llyfrgell", "A community meeting in the library"])
    client.force_login(member)

    response = client.get(SEARCH, {"q": "cymunedol"})

    assert bodies(response) == ["Cyfarfod cymunedol yn y llyfrgell"]


def test_search_shows_held_and_hidden_posts_to_moderators_only(client, member, moderator, topic):
    visible, held, hidden = add_posts(topic, ["Tender visible", "Tender held", "Tender hidden"])
    Post.objects.filter(pk=held.pk).update(is_held=True)
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)

    client.force_login(member)
    for_member = client.get(SEARCH, {"q": "tender"})
    client.force_login(moderator)
    for_moderator = client.get(SEARCH, {"q": "tender"})

    assert bodies(for_member) == ["Tender visible"]
    assert sorted(bodies(for_moderator)) == ["Tender held", "Tender hidden", "Tender visible"]
    assert "Not shown to members" in for_moderator.text


def test_search_leaves_out_a_topic_whose_opening_post_is_held(client, member, moderator, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    category = CategoryFactory()
    newcomer = UserFactory()
    forum.start_topic(category=category, author=newcomer, title="Tender advice", body="Tender help wanted")
    client.force_login(member)

    response = client.get(SEARCH, {"q": "tender"})

    assert response.context["topics"] == []
    assert bodies(response) == []
    client.force_login(moderator)
    assert bodies(client.get(SEARCH, {"q": "tender"})) == ["Tender help wanted"]


# ---------------------------------------------------------------------------------------------
# Cost


@pytest.mark.parametrize("count", [1, 30])
def test_search_queries(client, member, topic, django_assert_num_queries, count):
    add_posts(topic, [f"Procurement note {n}" for n in range(count)])
    client.force_login(member)
    client.get(SEARCH, {"q": "procurement"})  # warm the session

    # session, user, topics ranked, the newest post matches ranked, the page's posts with their
    # topics and authors
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "procurement"})
    assert len(response.context["page"].object_list) == min(count, 25)


SENTENCES = [
    "We published what we heard within six weeks and said what changed because of it.",
    "Recruiting people with lived experience took twice as long as we had planned.",
    "The hardest part was saying plainly which decisions were still open to influence.",
    "Could someone share a template for the participation plan?",
    "Our procurement rules made paying participants harder than it should be.",
    "Mae'r cyfarfod cymunedol yn y llyfrgell bob wythnos.",
]


@pytest.fixture
def large_forum(topic):
    """20,000 posts stored in an order unrelated to their age (as in the benchmark), nearly a third
    of them mentioning procurement, with fresh statistics: enough that counting or ranking every
    match makes Postgres read the whole table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO community_post (id, created_at, updated_at, topic_id, number, author_id, body,
                                        is_hidden, hidden_reason, is_held)
            SELECT gen_random_uuid(), now() - random() * interval '400 days', now(), %s, n + 1, %s,
                   (%s::text[])[1 + n %% 6] || ' ' || (%s::text[])[1 + (n / 6) %% 6], n %% 97 = 0, '', false
            FROM generate_series(1, 20000) AS n
            """,
            [topic.pk, topic.author_id, SENTENCES, SENTENCES],
        )
        cursor.execute("ANALYZE community_post")
        cursor.execute("ANALYZE community_topic")
    Topic.objects.filter(pk=topic.pk).update(post_count=20001)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are Postgres's")
@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_search_never_scans_every_post(client, large_forum, persona, request):
    client.force_login(request.getfixturevalue(persona))
    # The data is big enough to matter: counting or ranking every match would scan all the posts.
    every_match = [  # the old capped count and ranking
        "SELECT id FROM community_post WHERE NOT is_held"
        " AND search_vector @@ (to_tsquery('english', 'procurement') || to_tsquery('simple', 'procurement'))"
        " LIMIT 1001",
        "SELECT id FROM community_post WHERE NOT is_held"
        " AND search_vector @@ (to_tsquery('english', 'procurement') || to_tsquery('simple', 'procurement'))"
        " ORDER BY ts_rank(search_vector, to_tsquery('english', 'procurement')) DESC LIMIT 25",
    ]
    assert len(pages.sequential_scans(every_match)) == 2

    counts = {}
    for text in ["procurement", "procurement participants", "cymunedol", "zebra"]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH, {"q": text})
        searches = [query["sql"] for query in captured.captured_queries if "search_vector" in query["sql"]]
        assert len(searches) == 2  # topics, posts
        assert pages.sequential_scans(searches) == [], text
        counts[text] = response.context["page"].paginator.count

    assert counts == {"procurement": 1001, "procurement participants": 1001, "cymunedol": 1001, "zebra": 0}
