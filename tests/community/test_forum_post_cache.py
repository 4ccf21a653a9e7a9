"""The topic page keeps each post's HTML in the cache (page_cache.cached_each), under a key naming
everything the post is drawn from and what the reader may do with it: a cached page is the page,
a change shows at once, and no reader is shown another reader's links."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from community.models import Post, TopicReadState
from community.services import forum
from community.views import forum as forum_views
from tests.community.factories import CategoryFactory
from tests.participation.factories import UserFactory
from tests.support.cached_parts import NO_SHARED_CACHE, UNREACHABLE_REDIS, clear_parts, count_parts, page_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_holding(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POSTS_PER_PAGE = 20


@pytest.fixture
def author(db):
    return UserFactory(display_name="Alex Author")


@pytest.fixture
def topic(author):
    category = CategoryFactory(name_en="Recruiting participants", name_cy="Recriwtio cyfranogwyr")
    return forum.start_topic(category=category, author=author, title="Sortition firms", body="Which firm did you use?")


@pytest.fixture
def other(db):
    return UserFactory(display_name="Olly Other")


def settled_page_html(client, url) -> str:
    """The page once the reader's first visit has moved their read marker (and so the New tags),
    its posts now drawn from the cache."""
    page_html(client, url)
    html = page_html(client, url)
    kept = count_parts("forum-post")
    assert page_html(client, url) == html
    assert count_parts("forum-post") == kept
    return html


def article(html, number) -> str:
    return re.search(rf'<article [^>]*id="post-{number}".*?</article>', html, re.S).group(0)


def a_busy_topic(topic, author, other, moderator):
    """Quotes, an edit, a hidden post and a report: most of what a post can show."""
    opening = topic.posts.get()
    reply = forum.reply(topic=topic, author=other, body="We used **Sortition Foundation**.", quoted=opening)
    forum.edit_post(post=reply, editor=other, body="We used **Sortition Foundation**, twice.")
    spam = forum.reply(topic=topic, author=other, body="Buy cheap pills")
    forum.hide_post(post=spam, moderator=moderator, reason="Advertising")
    forum.reply(topic=topic, author=author, body="Thanks, see [their site](https://example.org)", quoted=reply)
    forum.flag_post(post=reply, reporter=author, reason="off_topic")
    return opening, reply, spam


@pytest.mark.parametrize("language", ["", "/cy"])
def test_a_cached_page_equals_an_uncached_one(client, topic, author, other, moderator, member, language):
    a_busy_topic(topic, author, other, moderator)
    url = language + topic.get_absolute_url()
    for reader in (member, author, moderator):
        # Read to the end already, so the visits below leave the read marker and the New tags alone.
        TopicReadState.objects.update_or_create(user=reader, topic=topic, defaults={"last_read_number": 4})
    clear_parts("forum-post")

    pages = {}
    for reader in (member, author, moderator):
        client.force_login(reader)
        with override_settings(CACHES=NO_SHARED_CACHE):
            uncached = page_html(client, url)
        other_language = "/cy" if not language else ""
        client.get(other_language + topic.get_absolute_url())
        first = page_html(client, url)
        kept = count_parts("forum-post")
        again = page_html(client, url)
        assert count_parts("forum-post") == kept
        assert first == uncached
        assert again == uncached
        pages[reader] = uncached

    assert len(set(pages.values())) == 3


def test_an_edit_shows_at_once(client, topic, author, member):
    post = topic.posts.get()
    client.force_login(member)
    assert "Which firm did you use?" in settled_page_html(client, topic.get_absolute_url())

    forum.edit_post(post=post, editor=author, body="Which firm, and what did it cost?")

    html = page_html(client, topic.get_absolute_url())
    assert "Which firm, and what did it cost?" in article(html, 1)
    assert reverse("community:post-history", kwargs={"pk": post.pk}) in article(html, 1)


def test_hiding_a_post_shows_at_once(client, topic, other, member, moderator):
    post = forum.reply(topic=topic, author=other, body="Buy cheap pills")
    client.force_login(member)
    assert "Buy cheap pills" in article(settled_page_html(client, topic.get_absolute_url()), 2)

    forum.hide_post(post=post, moderator=moderator, reason="Advertising")

    shown = article(page_html(client, topic.get_absolute_url()), 2)
    assert "This post was hidden by a moderator." in shown
    assert "Buy cheap pills" not in shown and "Advertising" not in shown


def test_renaming_the_author_shows_at_once(client, topic, author, member):
    client.force_login(member)
    assert "Alex Author" in article(settled_page_html(client, topic.get_absolute_url()), 1)

    author.display_name = "Alex Renamed"
    author.save(update_fields=["display_name"])

    shown = article(page_html(client, topic.get_absolute_url()), 1)
    assert "Alex Renamed" in shown and "Alex Author" not in shown


def test_changing_the_quoted_post_shows_at_once(client, topic, author, other, member, moderator):
    opening = topic.posts.get()
    forum.reply(topic=topic, author=other, body="Good question", quoted=opening)
    client.force_login(member)
    assert "Which firm did you use?" in article(settled_page_html(client, topic.get_absolute_url()), 2)

    forum.edit_post(post=opening, editor=author, body="Which firm, and what did it cost?")
    assert "Which firm, and what did it cost?" in article(page_html(client, topic.get_absolute_url()), 2)

    author.display_name = "Alex Renamed"
    author.save(update_fields=["display_name"])
    assert "Quoting post #1</a>, Alex Renamed</p>" in article(page_html(client, topic.get_absolute_url()), 2)

    forum.hide_post(post=opening, moderator=moderator, reason="Off topic")
    quote = article(page_html(client, topic.get_absolute_url()), 2)
    assert "The quoted post is not shown." in quote and "what did it cost?" not in quote


def test_a_moderators_links_never_reach_a_member(client, topic, other, member, moderator):
    forum.reply(topic=topic, author=other, body="A reply")
    TopicReadState.objects.create(user=moderator, topic=topic, last_read_number=2)
    url = topic.get_absolute_url()

    client.force_login(moderator)
    as_moderator = page_html(client, url)
    client.force_login(member)
    as_member = page_html(client, url)
    client.force_login(moderator)
    as_moderator_again = page_html(client, url)

    assert "Hide<span" in article(as_moderator, 2) and "Suspend the author" in article(as_moderator, 2)
    assert "Hide<span" not in as_member and "Suspend the author" not in as_member
    assert "Report<span" in article(as_member, 2)
    assert as_moderator_again == as_moderator


def test_only_the_author_sees_edit_on_their_post(client, topic, author, member):
    edit_url = reverse("community:post-edit", kwargs={"pk": topic.posts.get().pk})
    url = topic.get_absolute_url()

    client.force_login(author)
    as_author = article(page_html(client, url), 1)
    client.force_login(member)
    as_member = article(page_html(client, url), 1)
    client.force_login(author)
    as_author_again = article(page_html(client, url), 1)

    assert edit_url in as_author and "Report<span" not in as_author
    assert edit_url not in as_member and "Report<span" in as_member
    assert as_author_again == as_author


def test_an_author_no_longer_sees_edit_once_the_topic_is_locked(client, topic, author, moderator):
    edit_url = reverse("community:post-edit", kwargs={"pk": topic.posts.get().pk})
    client.force_login(author)
    assert edit_url in settled_page_html(client, topic.get_absolute_url())

    forum.moderate_topic(topic=topic, moderator=moderator, action="lock")

    assert edit_url not in page_html(client, topic.get_absolute_url())


def test_a_held_post_stays_with_its_author_and_the_moderators(client, settings, topic, member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = UserFactory(display_name="Nia Newcomer")
    forum.reply(topic=topic, author=newcomer, body="First post here")
    url = topic.get_absolute_url()

    client.force_login(newcomer)
    as_newcomer = article(page_html(client, url), 2)
    client.force_login(member)
    as_member = page_html(client, url)
    client.force_login(moderator)
    as_moderator = article(page_html(client, url), 2)

    assert "First post here" in as_newcomer and "waiting for a moderator" in as_newcomer
    assert 'id="post-2"' not in as_member and "First post here" not in as_member
    assert "First post here" in as_moderator and "Approve or hide" in as_moderator


def test_new_tags_follow_the_readers_marker(client, topic, other, member):
    forum.reply(topic=topic, author=other, body="A reply")
    client.force_login(member)

    first = page_html(client, topic.get_absolute_url())
    second = page_html(client, topic.get_absolute_url())

    assert "app-forum-post--new" in article(first, 2)
    assert "app-forum-post--new" not in article(second, 2)


def test_a_cache_hit_makes_the_same_queries_as_a_miss(client, topic, other, member, django_assert_num_queries):
    forum.reply(topic=topic, author=other, body="A reply")
    TopicReadState.objects.create(user=member, topic=topic, last_read_number=2)
    client.force_login(member)
    clear_parts("forum-post")

    # The session, the user, the topic with the reader's state, the page's posts with the reader's
    # reports, and the reader's suspension (read already: no upsert).
    with django_assert_num_queries(5):
        missed = page_html(client, topic.get_absolute_url())
    assert count_parts("forum-post") == 2
    with django_assert_num_queries(5):
        hit = page_html(client, topic.get_absolute_url())
    assert hit == missed


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_the_page_works_with_the_cache_down(client, topic, other, member):
    forum.reply(topic=topic, author=other, body="We used **Sortition Foundation**.")
    client.force_login(member)

    html = page_html(client, topic.get_absolute_url())

    assert "<strong>Sortition Foundation</strong>" in article(html, 2)
    assert TopicReadState.objects.get(user=member, topic=topic).last_read_number == 2


def test_the_prepared_posts_query_builds_what_the_queryset_builds(topic, author, other, django_assert_num_queries):
    """The page's posts come from SQL compiled once (PreparedQuery.all), with their authors, quotes
    and the reader's reports loaded as select_related and annotate would load them."""
    opening = topic.posts.get()
    reply = forum.reply(topic=topic, author=other, body="Good question", quoted=opening)
    forum.flag_post(post=opening, reporter=other, reason="off_topic")
    Post.objects.filter(pk=opening.pk).update(author=None)
    prepared = forum_views._PAGE_POSTS[False]

    with django_assert_num_queries(1):
        posts = prepared.all(topic.pk, 1, 20, other.pk, other.pk)
        shown = [
            (p.pk, p.number, p.author and p.author.display_name, p.was_flagged, p.quoted and p.quoted.number)
            for p in posts
        ]
        quoted = posts[1].quoted
        assert (quoted.author, quoted.topic.title, quoted.get_absolute_url()) == (
            None,
            topic.title,
            reply.quoted.get_absolute_url(),
        )

    assert shown == [(opening.pk, 1, None, True, None), (reply.pk, 2, "Olly Other", False, 1)]
    assert prepared.all(topic.pk, 2, 20, author.pk, author.pk)[0].was_flagged is False
