"""The forum pages: posting, quoting, editing, reading markers, moderation flows, search, the
preview fragment, bad input, and exact query counts that stay the same as the forum grows."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.models import Flag, Post, Suspension, Topic, TopicReadState, TopicSubscription
from community.services import forum
from participation.models import AuditEvent, EmailDelivery, NotificationKind
from participation.services.email import build_message
from tests.community.factories import CategoryFactory, TopicFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "[click me](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
]


@pytest.fixture(autouse=True)
def no_holding(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POSTS_PER_PAGE = 20


@pytest.fixture
def category(db):
    return CategoryFactory(name_en="Recruiting participants", name_cy="Recriwtio cyfranogwyr")


@pytest.fixture
def author(db):
    return UserFactory(display_name="Alex Author")


@pytest.fixture
def topic(category, author):
    return forum.start_topic(category=category, author=author, title="Sortition firms", body="Which firm did you use?")


def add_replies(topic, count, author=None):
    """Many replies fast: the numbers and counters the services would write."""
    author = author or UserFactory()
    start = topic.posts.count() + 1
    Post.objects.bulk_create(
        Post(topic=topic, number=n, author=author, body=f"Reply **{n}** with a [link](https://example.org/{n})")
        for n in range(start, start + count)
    )
    Topic.objects.filter(pk=topic.pk).update(post_count=start + count - 1, last_post_at=timezone.now())
    topic.refresh_from_db()


# ---------------------------------------------------------------------------------------------
# Posting


def test_a_member_starts_a_topic(client, member, category):
    client.force_login(member)

    response = client.post(
        reverse("community:topic-create", kwargs={"slug": category.slug}),
        {"title": "Paying participants", "body": "How much do you pay?"},
    )

    topic = Topic.objects.get(title="Paying participants")
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    assert topic.posts.get().author == member


def test_a_topic_needs_a_title_and_a_message(client, member, category):
    client.force_login(member)

    response = client.post(reverse("community:topic-create", kwargs={"slug": category.slug}), {"title": "", "body": ""})

    assert response.status_code == 200
    assert "Enter a title" in response.text and "Enter your message" in response.text
    assert "govuk-error-summary" in response.text


def test_a_member_replies_quoting_a_post(client, member, topic):
    first = topic.posts.get()
    client.force_login(member)

    page = client.get(reverse("community:topic-reply", kwargs={"pk": topic.pk}) + f"?quote={first.pk}")
    assert "Which firm did you use?" in page.text
    response = client.post(
        reverse("community:topic-reply", kwargs={"pk": topic.pk}), {"quote": str(first.pk), "body": "We used one."}
    )

    reply = Post.objects.get(topic=topic, number=2)
    assert response.url == reply.get_absolute_url()
    assert reply.quoted == first
    detail = client.get(topic.get_absolute_url())
    assert "Quoting post #1" in detail.text
    assert 'id="post-2"' in detail.text


def test_a_forged_quote_is_ignored(client, member, topic, category):
    other = forum.start_topic(category=category, author=UserFactory(), title="Other", body="Elsewhere")
    client.force_login(member)

    client.post(
        reverse("community:topic-reply", kwargs={"pk": topic.pk}),
        {"quote": str(other.posts.get().pk), "body": "Quoting across topics"},
    )
    client.post(reverse("community:topic-reply", kwargs={"pk": topic.pk}), {"quote": "not-a-uuid", "body": "Again"})

    assert list(Post.objects.filter(topic=topic, number__gt=1).values_list("quoted", flat=True)) == [None, None]


def test_a_reply_to_a_locked_topic_is_refused(client, member, moderator, topic):
    forum.moderate_topic(topic=topic, moderator=moderator, action="lock")
    client.force_login(member)

    response = client.post(reverse("community:topic-reply", kwargs={"pk": topic.pk}), {"body": "Hello?"})

    assert response.status_code == 403
    assert "This topic is locked" in client.get(topic.get_absolute_url()).text


def test_a_suspended_member_sees_why_they_cannot_post(client, member, moderator, topic):
    forum.suspend_member(
        user=member, moderator=moderator, until=timezone.now() + datetime.timedelta(days=3), reason="Rude"
    )
    client.force_login(member)

    assert client.post(reverse("community:topic-reply", kwargs={"pk": topic.pk}), {"body": "x"}).status_code == 403
    assert "You are suspended from posting" in client.get(topic.get_absolute_url()).text


def test_editing_shows_the_history(client, author, topic):
    post = topic.posts.get()
    client.force_login(author)

    client.post(reverse("community:post-edit", kwargs={"pk": post.pk}), {"body": "Which firm, and what did it cost?"})

    detail = client.get(topic.get_absolute_url())
    assert "Edited" in detail.text and reverse("community:post-history", kwargs={"pk": post.pk}) in detail.text
    history = client.get(reverse("community:post-history", kwargs={"pk": post.pk}))
    assert "Which firm did you use?" in history.text and "what did it cost?" in history.text


def test_held_posts_are_seen_by_their_author_and_moderators_only(client, settings, member, moderator, topic):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(reverse("community:topic-reply", kwargs={"pk": topic.pk}), {"body": "First post here"})

    assert "waiting for a moderator" in client.get(topic.get_absolute_url()).text
    client.force_login(member)
    assert "First post here" not in client.get(topic.get_absolute_url()).text
    client.force_login(moderator)
    queue = client.get(reverse("community:moderation-queue"))
    assert "First post here" in queue.text

    held = Post.objects.get(topic=topic, number=2)
    client.post(reverse("community:post-moderate", kwargs={"pk": held.pk}), {"action": "approve", "next": "queue"})
    client.force_login(member)
    assert "First post here" in client.get(topic.get_absolute_url()).text


# ---------------------------------------------------------------------------------------------
# Subscriptions and read markers


def test_choosing_a_daily_digest_and_unsubscribing(client, member, topic):
    client.force_login(member)
    url = reverse("community:topic-subscribe", kwargs={"pk": topic.pk})

    client.post(url, {"mode": "daily"})
    assert TopicSubscription.objects.get(user=member, topic=topic).mode == "daily"
    client.post(url, {"mode": "none"})
    assert not TopicSubscription.objects.filter(user=member, topic=topic).exists()
    assert client.post(url, {"mode": "bogus"}).status_code == 302
    assert not TopicSubscription.objects.filter(user=member, topic=topic).exists()


def test_unread_markers_on_the_topic_list(client, member, topic, category):
    client.force_login(member)
    url = category.get_absolute_url()

    assert "New" in client.get(url).text
    client.get(topic.get_absolute_url())
    assert TopicReadState.objects.get(user=member, topic=topic).last_read_number == 1
    forum.reply(topic=topic, author=UserFactory(), body="One")
    forum.reply(topic=topic, author=UserFactory(), body="Two")

    page = client.get(url)
    assert page.context["topics"][0].unread_count == 2
    assert "2 unread" in page.text


def test_reading_the_first_page_of_a_long_topic_does_not_mark_the_rest(client, member, topic):
    add_replies(topic, 45)
    client.force_login(member)

    client.get(topic.get_absolute_url() + "?page=3")
    client.get(topic.get_absolute_url())

    assert TopicReadState.objects.get(user=member, topic=topic).last_read_number == 46


def test_pinned_topics_come_first(client, member, moderator, category):
    old = forum.start_topic(category=category, author=UserFactory(), title="Old but pinned", body="x")
    forum.start_topic(category=category, author=UserFactory(), title="Newer", body="y")
    forum.moderate_topic(topic=old, moderator=moderator, action="pin")
    client.force_login(member)

    topics = client.get(category.get_absolute_url()).context["topics"]

    assert [t.title for t in topics] == ["Old but pinned", "Newer"]


def test_topic_pages_hold_fixed_ranges_of_post_numbers(client, member, topic):
    add_replies(topic, 44)
    client.force_login(member)

    last = client.get(topic.get_absolute_url() + "?page=3")
    beyond = client.get(topic.get_absolute_url() + "?page=99")

    assert [p.number for p in last.context["posts"]] == [41, 42, 43, 44, 45]
    assert beyond.context["page"].number == 3
    assert Post.objects.get(topic=topic, number=41).get_absolute_url().endswith("?page=3#post-41")


# ---------------------------------------------------------------------------------------------
# Moderation


def test_a_member_flags_and_a_moderator_hides(client, member, moderator, topic):
    bad = forum.reply(topic=topic, author=UserFactory(), body="Buy cheap pills at example.com")
    client.force_login(member)

    response = client.post(
        reverse("community:post-flag", kwargs={"pk": bad.pk}), {"reason": "spam", "details": "An advert"}
    )
    assert response.status_code == 302
    again = client.post(reverse("community:post-flag", kwargs={"pk": bad.pk}), {"reason": "spam"})
    assert "already reported" in again.text
    assert "You reported this post" in client.get(topic.get_absolute_url()).text

    client.force_login(moderator)
    queue = client.get(reverse("community:moderation-queue"))
    assert "An advert" in queue.text and "1 report" in queue.text
    confirm = client.get(reverse("community:post-moderate", kwargs={"pk": bad.pk}) + "?action=hide&next=queue")
    assert "Hide this post?" in confirm.text
    missing_reason = client.post(reverse("community:post-moderate", kwargs={"pk": bad.pk}), {"action": "hide"})
    assert "Say why the post is hidden" in missing_reason.text
    done = client.post(
        reverse("community:post-moderate", kwargs={"pk": bad.pk}),
        {"action": "hide", "reason": "Advertising", "next": "queue"},
    )
    assert done.url == reverse("community:moderation-queue")

    bad.refresh_from_db()
    assert bad.is_hidden and not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert EmailDelivery.objects.filter(kind=NotificationKind.FORUM_MODERATION, to_email=bad.author.email).exists()
    as_moderator = client.get(topic.get_absolute_url())
    assert "Buy cheap pills" in as_moderator.text and "Advertising" in as_moderator.text
    client.force_login(member)
    as_member = client.get(topic.get_absolute_url())
    assert "hidden by a moderator" in as_member.text
    assert "Buy cheap pills" not in as_member.text
    assert client.get(reverse("community:post-history", kwargs={"pk": bad.pk})).status_code == 403


def test_a_moderator_closes_reports_and_restores(client, moderator, topic):
    post = forum.reply(topic=topic, author=UserFactory(), body="Fine really")
    forum.flag_post(post=post, reporter=UserFactory(), reason="off_topic")
    client.force_login(moderator)
    url = reverse("community:post-moderate", kwargs={"pk": post.pk})

    client.post(url, {"action": "dismiss"})
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    client.post(url, {"action": "hide", "reason": "Oops"})
    client.post(url, {"action": "restore"})

    post.refresh_from_db()
    assert post.is_visible
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"community.post.flags_dismissed", "community.post.hidden", "community.post.restored"} <= actions


def test_lock_and_pin_buttons(client, moderator, topic):
    client.force_login(moderator)
    url = reverse("community:topic-moderate", kwargs={"pk": topic.pk})

    client.post(url, {"action": "lock"})
    client.post(url, {"action": "pin"})
    assert client.post(url, {"action": "delete"}).status_code == 400

    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned


def test_a_moderator_suspends_and_lifts(client, moderator, member):
    client.force_login(moderator)
    url = reverse("community:member-suspend", kwargs={"pk": member.pk})
    until = timezone.localdate() + datetime.timedelta(days=7)

    past = client.post(url, {"until_day": "1", "until_month": "1", "until_year": "2020", "reason": "x"})
    assert "The date must be in the future" in past.text
    client.post(
        url, {"until_day": until.day, "until_month": until.month, "until_year": until.year, "reason": "Spam links"}
    )
    suspension = Suspension.objects.get(user=member)
    assert timezone.localtime(suspension.until).date() == until
    assert "This member is suspended until" in client.get(url).text

    client.post(url, {"action": "lift"})
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    decisions = EmailDelivery.objects.filter(kind=NotificationKind.FORUM_MODERATION, to_email=member.email)
    assert sorted(d.context["decision"] for d in decisions) == ["suspended", "unsuspended"]


# ---------------------------------------------------------------------------------------------
# Search


def test_search_stems_words_and_leaves_hidden_posts_out(client, member, moderator, topic):
    forum.reply(topic=topic, author=UserFactory(), body="We were recruiting through libraries")
    hidden = forum.reply(topic=topic, author=UserFactory(), body="Recruitment spam recruiting offers")
    forum.hide_post(post=hidden, moderator=moderator, reason="Spam")
    client.force_login(member)

    response = client.get(reverse("community:forum-search"), {"q": "recruit"})

    assert [p.body for p in response.context["page"].object_list] == ["We were recruiting through libraries"]
    titles = client.get(reverse("community:forum-search"), {"q": "sortition firm"}).context["topics"]
    assert [t.title for t in titles] == ["Sortition firms"]
    client.force_login(moderator)
    assert len(client.get(reverse("community:forum-search"), {"q": "recruit"}).context["page"].object_list) == 2


def test_search_counts_matches_up_to_a_cap_and_says_when_there_are_more(client, member, topic, monkeypatch):
    monkeypatch.setattr("community.views.forum.SEARCH_COUNT_CAP", 3)
    for n in range(4):
        forum.reply(topic=topic, author=UserFactory(), body=f"Deliberation note {n}")
    client.force_login(member)

    many = client.get(reverse("community:forum-search"), {"q": "deliberation"})
    forum.reply(topic=topic, author=UserFactory(), body="Sortition again")
    few = client.get(reverse("community:forum-search"), {"q": "sortition again"})

    assert many.context["page"].paginator.count == 4  # the cap, plus one to know there are more
    assert "More than 3 posts match: these are the best of the newest 3. Add words to narrow your search." in many.text
    assert len(many.context["page"].object_list) == 4
    assert few.context["page"].paginator.count == 1
    assert "1 post matches." in few.text


def test_search_survives_odd_input(client, member, topic):
    client.force_login(member)

    for query in ["'", '"unterminated', "a & | ! :*", "<script>alert(1)</script>", "\x00"]:
        response = client.get(reverse("community:forum-search"), {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text


# ---------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_titles_and_posts_is_escaped_on_pages_and_in_emails(client, member, category, payload):
    follower = UserFactory()
    topic = forum.start_topic(category=category, author=follower, title=f"Title {payload}", body=f"Body {payload}")
    forum.reply(topic=topic, author=member, body=f"Reply {payload}")
    client.force_login(member)

    for url in [topic.get_absolute_url(), category.get_absolute_url(), reverse("community:forum-search") + "?q=Title"]:
        html = client.get(url).text
        assert "<script>alert" not in html
        assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
        assert "<svg" not in html
        assert not re.search(r"<a[^>]+href=.?javascript:", html, re.IGNORECASE)

    message = build_message(EmailDelivery.objects.get(kind=NotificationKind.FORUM_REPLIES))
    html_body = message.alternatives[0].content
    assert "<script>" not in html_body and "<img" not in html_body and "<svg" not in html_body
    assert not re.search(r"<a[^>]+href=.?javascript:", html_body, re.IGNORECASE)


def test_pathological_markdown_renders_quickly(client, member, topic):
    bodies = [
        "[" * 5000 + "x" + "]" * 5000,
        "> " * 5000 + "deep",
        "*" * 20000,
        "- " * 3000 + "item",
        "`" * 10000,
        "|" * 5000 + "\n" + "|-" * 2000,
    ]
    client.force_login(member)
    for body in bodies:
        started = time.monotonic()
        response = client.post(reverse("community:markdown-preview"), {"body": body}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert time.monotonic() - started < 2
    for body in bodies:
        forum.reply(topic=topic, author=member, body=body)
    started = time.monotonic()
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert time.monotonic() - started < 5


def test_the_preview_fragment_is_sanitised_markdown(client, member):
    client.force_login(member)

    response = client.post(
        reverse("community:markdown-preview"),
        {"body": "**bold** <script>x</script> [a](javascript:alert(1))"},
        headers={"HX-Request": "true"},
    )

    assert "<strong>bold</strong>" in response.text
    assert "<script>" not in response.text and 'href="javascript:' not in response.text
    assert "<html" not in response.text


def test_the_preview_needs_a_csrf_token(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    assert client.post(reverse("community:markdown-preview"), {"body": "x"}).status_code == 403


def test_reply_emails_carry_the_post_and_a_link(topic, author, member):
    mail.outbox.clear()
    post = forum.reply(topic=topic, author=member, body="See you at the meeting")

    message = build_message(EmailDelivery.objects.get(kind=NotificationKind.FORUM_REPLIES, to_email=author.email))

    assert topic.title in message.subject
    assert "See you at the meeting" in message.body
    assert post.get_absolute_url() in message.body
    assert "UK time" in message.body


# ---------------------------------------------------------------------------------------------
# Query counts


def make_topics(category, count):
    for n in range(count):
        topic = TopicFactory(category=category, author=UserFactory(), title=f"Topic {n}")
        add_replies(topic, 3)
        Topic.objects.filter(pk=topic.pk).update(last_post_author=topic.posts.last().author)


@pytest.mark.parametrize("count", [1, 5])
def test_category_detail_queries(client, member, category, django_assert_num_queries, count):
    make_topics(category, count)
    client.force_login(member)
    client.get(category.get_absolute_url())  # warm the session

    with django_assert_num_queries(6):
        response = client.get(category.get_absolute_url())
    assert len(response.context["topics"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_forum_index_queries(client, member, django_assert_num_queries, count):
    for _ in range(count):
        CategoryFactory()
    client.force_login(member)

    with django_assert_num_queries(3):
        response = client.get(reverse("community:forum-index"))
    assert len(response.context["categories"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_topic_detail_queries(client, member, topic, django_assert_num_queries, count):
    add_replies(topic, count - 1)
    client.force_login(member)

    # The session, the user, the topic with the reader's state, the page's posts with the reader's
    # reports, the reader's suspension, and the read marker's upsert.
    with django_assert_num_queries(6):
        response = client.get(topic.get_absolute_url())
    assert len(response.context["posts"]) == count
    with django_assert_num_queries(5):  # read already: no upsert
        client.get(topic.get_absolute_url())


@pytest.mark.parametrize("page", [1, 25])
def test_a_long_topic_stays_fast_on_its_first_and_last_page(client, member, topic, django_assert_num_queries, page):
    add_replies(topic, 499)
    client.force_login(member)

    started = time.monotonic()
    with django_assert_num_queries(6):
        response = client.get(topic.get_absolute_url() + f"?page={page}")
    assert time.monotonic() - started < 2
    assert len(response.context["posts"]) == 20
    assert response.context["posts"][-1].number == page * 20


@pytest.mark.parametrize("count", [1, 5])
def test_topic_detail_queries_for_a_moderator(client, moderator, topic, django_assert_num_queries, count):
    add_replies(topic, count - 1)
    client.force_login(moderator)

    with django_assert_num_queries(6):
        client.get(topic.get_absolute_url())


def test_preview_fragment_queries(client, member, django_assert_num_queries):
    client.force_login(member)

    with django_assert_num_queries(2):
        client.post(reverse("community:markdown-preview"), {"body": "**x**"}, headers={"HX-Request": "true"})


@pytest.mark.parametrize("count", [1, 5])
def test_moderation_queue_queries(client, moderator, topic, django_assert_num_queries, count):
    for n in range(count):
        post = forum.reply(topic=topic, author=UserFactory(), body=f"Post {n}")
        forum.flag_post(post=post, reporter=UserFactory(), reason="spam")
    client.force_login(moderator)

    with django_assert_num_queries(6):
        response = client.get(reverse("community:moderation-queue"))
    assert len(response.context["flagged_posts"]) == count


def test_welsh_pages_show_welsh_category_names(client, member, topic, category):
    client.force_login(member)

    index_url, detail_url = "/cy" + reverse("community:forum-index"), "/cy" + topic.get_absolute_url()
    index = client.get(index_url)
    detail = client.get(detail_url)

    assert index.status_code == 200 and "Recriwtio cyfranogwyr" in index.text
    assert detail.status_code == 200 and "Recriwtio cyfranogwyr" in detail.text


def test_english_fallback_is_marked_on_welsh_pages(client, member):
    category = CategoryFactory(name_en="Evaluation", name_cy="")
    client.force_login(member)

    assert '<span lang="en">Evaluation</span>' in client.get("/cy" + category.get_absolute_url()).text


def test_the_digest_task_sends_once(settings, topic, author):
    from community.tasks import send_forum_digests_task

    forum.subscribe(topic=topic, user=author, mode="daily")
    post = forum.reply(topic=topic, author=UserFactory(), body="Overnight reply")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Post.objects.filter(pk=post.pk).update(created_at=yesterday)
    Topic.objects.filter(pk=topic.pk).update(last_post_at=yesterday)

    assert send_forum_digests_task.delay().get() == 1
    assert send_forum_digests_task.delay().get() == 0
