"""The forum's services: numbering, counters, revisions, mentions, subscriptions, the digest,
held posts, suspensions, locks, flags and moderation."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from community.models import Flag, FlagReason, Post, PostRevision, SubscriptionMode, TopicReadState, TopicSubscription
from community.services import forum
from participation.models import AuditEvent, EmailDelivery, NotificationKind, NotificationPreference
from participation.services.email import build_message
from tests.community.factories import CategoryFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def no_holding(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0


def start(author=None, *, title="How do you recruit a citizens’ panel?", body="We used a sortition firm.", **kw):
    return forum.start_topic(
        category=kw.get("category") or CategoryFactory(), author=author or UserFactory(), title=title, body=body
    )


def deliveries(kind=None, **filters):
    queryset = EmailDelivery.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.filter(**filters)


def test_a_topic_starts_with_post_number_one_and_its_author_follows_it():
    author = UserFactory()
    topic = start(author)

    post = topic.posts.get()
    assert post.number == 1
    assert topic.post_count == 1 and topic.reply_count == 0
    assert topic.last_post_author_id == author.pk
    assert TopicSubscription.objects.filter(topic=topic, user=author, mode=SubscriptionMode.EACH_REPLY).exists()
    assert AuditEvent.objects.filter(action="community.topic.created", target_id=str(topic.pk)).exists()
    topic.category.refresh_from_db()
    assert topic.category.topic_count == 1
    assert topic.category.last_post_at == topic.last_post_at


def test_replies_are_numbered_in_order_and_counters_follow():
    topic = start()
    replier = UserFactory()

    first = forum.reply(topic=topic, author=replier, body="One")
    second = forum.reply(topic=topic, author=replier, body="Two")

    topic.refresh_from_db()
    assert (first.number, second.number) == (2, 3)
    assert topic.post_count == 3 and topic.reply_count == 2
    assert topic.last_post_at == second.created_at
    assert topic.last_post_author_id == replier.pk
    assert AuditEvent.objects.filter(action="community.post.created").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_never_share_a_number():
    topic = start()
    authors = [UserFactory() for _ in range(6)]
    errors = []

    def post(author):
        try:
            forum.reply(topic=topic, author=author, body=f"Reply from {author.pk}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(author,)) for author in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Post.objects.filter(topic=topic).values_list("number", flat=True)) == list(range(1, 8))
    topic.refresh_from_db()
    assert topic.post_count == 7


def test_a_reply_records_what_it_quotes():
    topic = start()
    first = topic.posts.get()

    reply = forum.reply(topic=topic, author=UserFactory(), body="I agree", quoted=first)

    assert reply.quoted == first


def test_a_post_from_another_topic_cannot_be_quoted():
    topic, other = start(), start()

    with pytest.raises(ValidationError):
        forum.reply(topic=topic, author=UserFactory(), body="x", quoted=other.posts.get())


def test_an_empty_or_oversized_message_is_refused(settings):
    topic = start()
    settings.MARKDOWN_MAX_CHARS = 100

    with pytest.raises(ValidationError) as empty:
        forum.reply(topic=topic, author=UserFactory(), body="   ")
    with pytest.raises(ValidationError) as long:
        forum.reply(topic=topic, author=UserFactory(), body="x" * 101)

    assert "body" in empty.value.error_dict and "body" in long.value.error_dict


def test_editing_keeps_the_old_text_as_a_revision():
    author = UserFactory()
    topic = start(author, body="First words")
    post = topic.posts.get()

    forum.edit_post(post=post, editor=author, body="Better words")

    post.refresh_from_db()
    assert post.body == "Better words"
    assert post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == ["First words"]
    assert AuditEvent.objects.filter(action="community.post.edited").count() == 1


def test_only_the_author_or_a_moderator_edits(moderator):
    topic = start()
    post = topic.posts.get()

    with pytest.raises(PermissionDenied):
        forum.edit_post(post=post, editor=UserFactory(), body="Mine now")
    forum.edit_post(post=post, editor=moderator, body="Tidied by a moderator")

    assert PostRevision.objects.get(post=post).edited_by == moderator


def test_a_mention_emails_the_member_once():
    sam = UserFactory(display_name="Sam Jones")
    topic = start()

    post = forum.reply(topic=topic, author=UserFactory(), body="Ask @[sam jones] and @[Sam Jones] about it")
    forum.edit_post(post=post, editor=post.author, body="Ask @[Sam Jones] about it, really")

    mentions = deliveries(NotificationKind.FORUM_MENTIONS)
    assert mentions.count() == 1
    assert mentions.get().to_email == sam.email
    assert mentions.get().subject_key == f"post:{post.pk}:mention"


def test_mentions_skip_the_author_ambiguous_names_and_opted_out_members():
    author = UserFactory(display_name="Alex Smith")
    UserFactory(display_name="Pat Lee")
    UserFactory(display_name="Pat Lee")
    quiet = UserFactory(display_name="Quiet Person")
    NotificationPreference.objects.create(user=quiet, kind=NotificationKind.FORUM_MENTIONS, is_enabled=False)

    forum.reply(topic=start(), author=author, body="@[Alex Smith] @[Pat Lee] @[Quiet Person] @[Nobody]")

    assert not deliveries(NotificationKind.FORUM_MENTIONS).exists()


def test_subscribers_get_one_email_per_reply_but_not_for_their_own():
    author = UserFactory()
    topic = start(author)
    replier = UserFactory()

    post = forum.reply(topic=topic, author=replier, body="A reply")
    forum.notify_subscribers(post)  # asking again sends nothing more
    own = forum.reply(topic=topic, author=author, body="Thanks")

    replies = deliveries(NotificationKind.FORUM_REPLIES)
    assert set(replies.values_list("to_email", "subject_key")) == {
        (author.email, f"post:{post.pk}"),
        (replier.email, f"post:{own.pk}"),
    }


def test_digest_subscribers_get_no_email_per_reply():
    author = UserFactory()
    topic = start(author)
    forum.subscribe(topic=topic, user=author, mode=SubscriptionMode.DAILY_DIGEST)

    forum.reply(topic=topic, author=UserFactory(), body="A reply")

    assert not deliveries(NotificationKind.FORUM_REPLIES).exists()


def test_the_daily_digest_goes_once_a_day_with_yesterdays_posts():
    reader, other = UserFactory(), UserFactory()
    topic = start(other, title="Deliberative polling")
    forum.subscribe(topic=topic, user=reader, mode=SubscriptionMode.DAILY_DIGEST)
    yesterday = forum.reply(topic=topic, author=other, body="Posted yesterday")
    own = forum.reply(topic=topic, author=reader, body="My own post")
    today = datetime.date(2026, 3, 30)  # the day after the clocks went forward: a 23-hour day before it
    start_of_yesterday = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    Post.objects.filter(pk__in=[yesterday.pk, own.pk]).update(created_at=start_of_yesterday)
    Post.objects.filter(number=1, topic=topic).update(created_at=start_of_yesterday - datetime.timedelta(hours=1))
    topic.__class__.objects.filter(pk=topic.pk).update(last_post_at=start_of_yesterday)

    assert forum.send_daily_digests(day=today) == 1
    assert forum.send_daily_digests(day=today) == 0

    digest = deliveries(NotificationKind.FORUM_REPLIES, to_email=reader.email).get()
    assert digest.subject_key == "digest:2026-03-30"
    assert [post["number"] for topic in digest.context["topics"] for post in topic["posts"]] == [yesterday.number]
    message = build_message(digest)
    assert "Deliberative polling" in message.body
    assert "29 March 2026" in message.subject


def test_new_members_first_posts_wait_for_a_moderator(settings, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    follower = UserFactory()
    newcomer = UserFactory()
    topic = start(moderator)
    forum.subscribe(topic=topic, user=follower)

    held = forum.reply(topic=topic, author=newcomer, body=f"Hello @[{follower.display_name}]")
    topic.refresh_from_db()
    assert held.is_held
    assert topic.post_count == 1  # nobody else sees it yet
    assert not deliveries(NotificationKind.FORUM_REPLIES, to_email=follower.email).exists()

    forum.approve_post(post=held, moderator=moderator)
    topic.refresh_from_db()
    assert topic.post_count == 2
    assert deliveries(NotificationKind.FORUM_REPLIES, to_email=follower.email).count() == 1
    assert deliveries(NotificationKind.FORUM_MENTIONS, to_email=follower.email).count() == 1
    assert AuditEvent.objects.filter(action="community.post.approved").count() == 1

    # Once one post is approved, the newcomer's next post goes straight up.
    assert not forum.reply(topic=topic, author=newcomer, body="Thanks").is_held


def test_a_held_opening_post_keeps_the_topic_out_of_the_category_count(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    topic = start()

    topic.category.refresh_from_db()
    assert topic.post_count == 0
    assert topic.category.topic_count == 0


def test_a_suspended_member_cannot_post_until_it_is_lifted(moderator):
    member = UserFactory()
    topic = start()
    forum.suspend_member(
        user=member, moderator=moderator, until=timezone.now() + datetime.timedelta(days=7), reason="Spam"
    )

    with pytest.raises(PermissionDenied):
        forum.reply(topic=topic, author=member, body="Still here")
    with pytest.raises(PermissionDenied):
        start(member)
    told = deliveries(NotificationKind.FORUM_MODERATION, to_email=member.email).get()
    assert told.context["decision"] == "suspended"

    forum.lift_suspension(user=member, moderator=moderator)
    forum.reply(topic=topic, author=member, body="Back again")
    assert AuditEvent.objects.filter(action__in=["community.member.suspended", "community.member.unsuspended"]).count()


def test_a_suspension_needs_a_reason_and_a_future_date(moderator):
    with pytest.raises(ValidationError) as error:
        forum.suspend_member(user=UserFactory(), moderator=moderator, until=timezone.now(), reason=" ")
    assert set(error.value.error_dict) == {"until", "reason"}


def test_only_moderators_reply_to_a_locked_topic(moderator):
    topic = start()
    forum.moderate_topic(topic=topic, moderator=moderator, action="lock")

    with pytest.raises(PermissionDenied):
        forum.reply(topic=topic, author=UserFactory(), body="Too late")
    forum.reply(topic=topic, author=moderator, body="Closing this now")
    assert AuditEvent.objects.filter(action="community.topic.locked").count() == 1


def test_pinning_is_for_moderators(moderator):
    topic = start()

    with pytest.raises(PermissionDenied):
        forum.moderate_topic(topic=topic, moderator=UserFactory(), action="pin")
    forum.moderate_topic(topic=topic, moderator=moderator, action="pin")
    forum.moderate_topic(topic=topic, moderator=moderator, action="pin")

    topic.refresh_from_db()
    assert topic.is_pinned
    assert AuditEvent.objects.filter(action="community.topic.pinned").count() == 1


def test_a_member_flags_a_post_once():
    topic = start()
    post = topic.posts.get()
    reporter = UserFactory()

    forum.flag_post(post=post, reporter=reporter, reason=FlagReason.SPAM, details="Selling things")
    with pytest.raises(ValidationError):
        forum.flag_post(post=post, reporter=reporter, reason=FlagReason.ABUSE)
    with pytest.raises(ValidationError):
        forum.flag_post(post=post, reporter=post.author, reason=FlagReason.ABUSE)

    assert Flag.objects.count() == 1
    assert AuditEvent.objects.filter(action="community.post.flagged").count() == 1


def test_hiding_a_post_resolves_its_flags_updates_counters_and_tells_the_author(moderator):
    topic = start()
    bad = forum.reply(topic=topic, author=UserFactory(), body="Buy cheap pills")
    forum.flag_post(post=bad, reporter=UserFactory(), reason=FlagReason.SPAM)

    forum.hide_post(post=bad, moderator=moderator, reason="Advertising")

    bad.refresh_from_db()
    topic.refresh_from_db()
    assert bad.is_hidden and bad.hidden_reason == "Advertising"
    assert topic.post_count == 1
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    told = deliveries(NotificationKind.FORUM_MODERATION).get()
    assert told.to_email == bad.author.email and told.context["reason"] == "Advertising"

    forum.restore_post(post=bad, moderator=moderator)
    topic.refresh_from_db()
    assert topic.post_count == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"community.post.hidden", "community.post.restored"} <= actions


def test_hiding_needs_a_reason_and_a_moderator(moderator):
    post = start().posts.get()

    with pytest.raises(ValidationError):
        forum.hide_post(post=post, moderator=moderator, reason="  ")
    with pytest.raises(PermissionDenied):
        forum.hide_post(post=post, moderator=UserFactory(), reason="I do not like it")


def test_hidden_posts_send_no_reply_emails(moderator):
    author = UserFactory()
    topic = start(author)
    post = forum.reply(topic=topic, author=moderator, body="x")
    EmailDelivery.objects.all().delete()
    forum.hide_post(post=post, moderator=moderator, reason="Mistake")
    post.refresh_from_db()

    assert forum.notify_subscribers(post) == 0


def test_read_markers_only_move_forward():
    topic = start()
    reader = UserFactory()

    forum.mark_read(user=reader, topic=topic, number=5, current=None)
    forum.mark_read(user=reader, topic=topic, number=3, current=5)

    assert TopicReadState.objects.get(user=reader, topic=topic).last_read_number == 5


def test_a_display_name_cannot_inject_headers_into_a_subject():
    topic = start(title="Panels\r\nBcc: victim@example.org")
    author = UserFactory(display_name="Mallory\r\nBcc: everyone@example.org")

    forum.reply(topic=topic, author=author, body="Hello")

    message = build_message(deliveries(NotificationKind.FORUM_REPLIES).get())
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Bcc" not in message.message()["To"]
    assert message.message()["Bcc"] is None
    mail.outbox.clear()
