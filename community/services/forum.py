"""The forum's writes: topics, posts, edits, quotes, mentions, subscriptions, read markers, flags
and moderation. Each write is one transaction with its audit event and the emails it causes (the
shared outbox sends them after commit, once per (kind, subject, recipient)).

Counters: `Topic.post_count` counts the posts everyone can see (not held, not hidden), and
`last_post_at`/`last_post_author` describe the newest of them; `Category.topic_count` counts the
topics with at least one visible post. They are recomputed from the posts in the same transaction
as each change, with the topic's and then the category's row locked (always in that order), so
they cannot drift and concurrent writers cannot deadlock. A topic whose only post is held has a
post_count of 0: only its author and the moderators see it.

Mentions: write `@[Display Name]` (the name as it appears on the member's posts, any case). The
member with that display name gets one email per post. A name two members share mentions no-one
(we would not know whom to tell); mentioning yourself does nothing.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import (
    Category,
    Flag,
    Post,
    PostRevision,
    SubscriptionMode,
    Suspension,
    Topic,
    TopicReadState,
    TopicSubscription,
)
from community.permissions import can_edit_post, can_post, can_reply, is_forum_moderator
from participation.models import EmailDelivery, NotificationKind, User
from participation.services.audit import record_audit
from participation.services.email import queue_email
from participation.services.markdown import plain_text, validate_markdown_size

TITLE_MAX_LENGTH = 200
MENTION_RE = re.compile(r"@\[([^\[\]\n]{1,120})\]")
# A post mentioning more people than this is more likely spam than conversation.
MAX_MENTIONS = 20
EXCERPT_CHARS = 300
DIGEST_MAX_POSTS = 200
LONDON = ZoneInfo("Europe/London")


# ---------------------------------------------------------------------------------------------
# Helpers


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Enter your message")})
    try:
        validate_markdown_size(body)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise ValidationError({"title": _("Enter a title")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError({"title": _("The title can have at most 200 characters")})
    return title


def excerpt(body: str, length: int = EXCERPT_CHARS) -> str:
    """The start of a post's words without their Markdown. Only the start is parsed: an excerpt
    never needs more than a few times its length of source."""
    text = plain_text(body[: length * 4])
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def author_name(user) -> str:
    """The name posts show: never the email address. One line, whatever the data holds."""
    if user is None:
        return _("A former member")
    return " ".join(user.display_name.split()) or _("A member")


def should_hold(user) -> bool:
    """A new member's first FORUM_HOLD_FIRST_POSTS posts wait for a moderator."""
    limit = settings.FORUM_HOLD_FIRST_POSTS
    if limit <= 0 or is_forum_moderator(user):
        return False
    approved = Post.objects.filter(author=user, is_held=False, is_hidden=False).count()
    return approved < limit


def refresh_topic_counters(topic: Topic) -> None:
    """Recount a topic (its row must be locked by the caller) and then its category."""
    visible = Post.objects.filter(topic=topic, is_hidden=False, is_held=False)
    stats = visible.aggregate(count=Count("pk"), last=Max("created_at"))
    latest = visible.order_by("-number").values_list("author", flat=True).first()
    Topic.objects.filter(pk=topic.pk).update(
        post_count=stats["count"], last_post_at=stats["last"] or topic.created_at, last_post_author=latest
    )
    topic.post_count = stats["count"]
    topic.last_post_at = stats["last"] or topic.created_at
    topic.last_post_author_id = latest
    refresh_category_counters(topic.category_id)


def refresh_category_counters(category_id) -> None:
    Category.objects.select_for_update().filter(pk=category_id).first()
    stats = Topic.objects.filter(category_id=category_id).aggregate(
        count=Count("pk", filter=Q(post_count__gt=0)), last=Max("last_post_at", filter=Q(post_count__gt=0))
    )
    Category.objects.filter(pk=category_id).update(topic_count=stats["count"], last_post_at=stats["last"])


def _forum_path() -> str:
    with translation.override("en"):
        return reverse("community:forum-index")


def _lock_topic(topic: Topic) -> Topic:
    return Topic.objects.select_for_update(of=("self",)).select_related("category").get(pk=topic.pk)


def _post_context(post: Post, topic: Topic) -> dict:
    return {
        "post_id": str(post.pk),
        "topic_title": topic.title,
        "author_name": author_name(post.author),
        "number": post.number,
        "excerpt": excerpt(post.body),
        "created_at": post.created_at.isoformat(),
        "path": post.get_absolute_url().removeprefix("/cy"),
    }


# ---------------------------------------------------------------------------------------------
# Mentions and subscriptions


def mentioned_names(body: str) -> list[str]:
    names = []
    for match in MENTION_RE.finditer(body):
        name = " ".join(match.group(1).split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names[:MAX_MENTIONS]


def mentioned_members(body: str, *, exclude=None) -> list[User]:
    """The members `@[Display Name]` points at: one per name, ambiguous names left out."""
    names = [name.casefold() for name in mentioned_names(body)]
    if not names:
        return []
    users = User.objects.annotate(lower_name=Lower("display_name")).filter(lower_name__in=names, is_active=True)
    by_name: dict[str, list[User]] = {}
    for user in users:
        by_name.setdefault(user.lower_name.casefold(), []).append(user)
    found = [matches[0] for matches in by_name.values() if len(matches) == 1]
    return [user for user in found if exclude is None or user.pk != exclude.pk]


def notify_mentions(post: Post) -> int:
    """One email per mentioned member per post; safe to call again after an edit (only people
    newly mentioned get one)."""
    if not post.is_visible:
        return 0
    topic = post.topic
    sent = 0
    for user in mentioned_members(post.body, exclude=post.author):
        delivery = queue_email(
            kind=NotificationKind.FORUM_MENTIONS,
            subject_key=f"post:{post.pk}:mention",
            template="community/emails/forum_mention",
            context=_post_context(post, topic),
            recipient=user,
        )
        sent += delivery is not None
    return sent


def notify_subscribers(post: Post) -> int:
    """An email to each 'each reply' subscriber but the author, once per post."""
    if not post.is_visible:
        return 0
    topic = post.topic
    subscriptions = (
        TopicSubscription.objects.filter(topic=topic, mode=SubscriptionMode.EACH_REPLY, user__is_active=True)
        .exclude(user_id=post.author_id)
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for subscription in subscriptions:
        delivery = queue_email(
            kind=NotificationKind.FORUM_REPLIES,
            subject_key=f"post:{post.pk}",
            template="community/emails/forum_reply",
            context=_post_context(post, topic),
            recipient=subscription.user,
        )
        sent += delivery is not None
    return sent


def _announce(post: Post) -> None:
    notify_subscribers(post)
    notify_mentions(post)


def subscribe(*, topic: Topic, user, mode: str = SubscriptionMode.EACH_REPLY) -> TopicSubscription:
    if mode not in SubscriptionMode.values:
        raise ValidationError({"mode": _("Choose how you want to hear about replies")})
    subscription, _created = TopicSubscription.objects.update_or_create(user=user, topic=topic, defaults={"mode": mode})
    return subscription


def unsubscribe(*, topic: Topic, user) -> None:
    TopicSubscription.objects.filter(user=user, topic=topic).delete()


# ---------------------------------------------------------------------------------------------
# Topics and posts


def _check_not_suspended(user) -> None:
    if not can_post(user):
        raise PermissionDenied(_("You are suspended from posting in the forum"))


@transaction.atomic
def start_topic(*, category: Category, author, title: str, body: str) -> Topic:
    """A topic with its opening post (number 1). The author follows it."""
    _check_not_suspended(author)
    title, body = _clean_title(title), _clean_body(body)
    topic = Topic.objects.create(category=category, title=title, author=author, last_post_at=timezone.now())
    post = Post.objects.create(topic=topic, number=1, author=author, body=body, is_held=should_hold(author))
    TopicSubscription.objects.get_or_create(user=author, topic=topic)
    refresh_topic_counters(topic)
    TopicReadState.objects.get_or_create(user=author, topic=topic, defaults={"last_read_number": 1})
    record_audit(actor=author, action="community.topic.created", target=topic, changes={"held": post.is_held})
    post.topic = topic
    _announce(post)
    return topic


@transaction.atomic
def reply(*, topic: Topic, author, body: str, quoted: Post | None = None) -> Post:
    """The next post in the topic. The topic's row stays locked until commit, so two replies at
    once take numbers one after the other."""
    _check_not_suspended(author)
    body = _clean_body(body)
    topic = _lock_topic(topic)
    if not can_reply(author, topic):
        raise PermissionDenied(_("This topic is locked"))
    if quoted is not None and (quoted.topic_id != topic.pk or not quoted.is_visible):
        raise ValidationError(_("You can only quote a visible post in this topic"))
    number = (Post.objects.filter(topic=topic).aggregate(last=Max("number"))["last"] or 0) + 1
    post = Post.objects.create(
        topic=topic, number=number, author=author, body=body, quoted=quoted, is_held=should_hold(author)
    )
    refresh_topic_counters(topic)
    TopicSubscription.objects.get_or_create(user=author, topic=topic)
    record_audit(
        actor=author,
        action="community.post.created",
        target=post,
        changes={"number": number, "held": post.is_held, "quoted": str(quoted.pk) if quoted else None},
    )
    post.topic = topic
    _announce(post)
    return post


@transaction.atomic
def edit_post(*, post: Post, editor, body: str) -> Post:
    """Keep the old text as a revision; only new mentions are emailed."""
    post = Post.objects.select_for_update(of=("self",)).select_related("topic", "author").get(pk=post.pk)
    if not can_edit_post(editor, post):
        raise PermissionDenied
    body = _clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at", "updated_at"])
    record_audit(actor=editor, action="community.post.edited", target=post, changes={"number": post.number})
    notify_mentions(post)
    return post


def mark_read(*, user, topic: Topic, number: int, current: int | None) -> None:
    """Remember the highest post number the member has seen (never moves backwards)."""
    if not user.is_authenticated or (current is not None and current >= number):
        return
    TopicReadState.objects.bulk_create(
        [TopicReadState(user=user, topic=topic, last_read_number=number)],
        update_conflicts=True,
        unique_fields=["user", "topic"],
        update_fields=["last_read_number"],
    )


# ---------------------------------------------------------------------------------------------
# Flags and moderation


def _require_moderator(user) -> None:
    if not is_forum_moderator(user):
        raise PermissionDenied


def flag_post(*, post: Post, reporter, reason: str, details: str = "") -> Flag:
    """Once per member per post; a second flag from the same member is refused."""
    if not post.is_visible:
        raise ValidationError(_("This post is not shown, so it cannot be reported"))
    if post.author_id == reporter.pk:
        raise ValidationError(_("You cannot report your own post"))
    with transaction.atomic():
        if Flag.objects.filter(post=post, reporter=reporter).exists():
            raise ValidationError(_("You have already reported this post"))
        flag = Flag.objects.create(post=post, reporter=reporter, reason=reason, details=details.strip()[:2000])
        record_audit(actor=reporter, action="community.post.flagged", target=post, changes={"reason": reason})
    return flag


def _tell_author(post_or_user, *, decision: str, event, context: dict) -> None:
    recipient = post_or_user.author if isinstance(post_or_user, Post) else post_or_user
    if recipient is None or not recipient.is_active:
        return
    queue_email(
        kind=NotificationKind.FORUM_MODERATION,
        subject_key=f"moderation:{event.pk}",
        template="community/emails/forum_moderation",
        context={"decision": decision, **context},
        recipient=recipient,
    )


def _resolve_flags(post: Post, moderator) -> int:
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


@transaction.atomic
def hide_post(*, post: Post, moderator, reason: str) -> Post:
    _require_moderator(moderator)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the post is hidden: its author will see this")})
    topic = _lock_topic(post.topic)
    post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)
    if post.is_hidden:
        return post
    post.is_hidden, post.is_held, post.hidden_reason = True, False, reason[:500]
    post.save(update_fields=["is_hidden", "is_held", "hidden_reason", "updated_at"])
    resolved = _resolve_flags(post, moderator)
    refresh_topic_counters(topic)
    post.topic = topic
    event = record_audit(
        actor=moderator,
        action="community.post.hidden",
        target=post,
        changes={"reason": post.hidden_reason, "flags_resolved": resolved},
    )
    _tell_author(post, decision="hidden", event=event, context={**_post_context(post, topic), "reason": reason})
    return post


@transaction.atomic
def restore_post(*, post: Post, moderator) -> Post:
    _require_moderator(moderator)
    topic = _lock_topic(post.topic)
    post = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if not post.is_hidden:
        return post
    post.is_hidden, post.hidden_reason = False, ""
    post.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    refresh_topic_counters(topic)
    record_audit(actor=moderator, action="community.post.restored", target=post)
    return post


@transaction.atomic
def approve_post(*, post: Post, moderator) -> Post:
    """A held post goes up: subscribers and mentioned members hear about it now."""
    _require_moderator(moderator)
    topic = _lock_topic(post.topic)
    post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)
    if not post.is_held:
        return post
    post.is_held = False
    post.save(update_fields=["is_held", "updated_at"])
    refresh_topic_counters(topic)
    record_audit(actor=moderator, action="community.post.approved", target=post)
    post.topic = topic
    _announce(post)
    return post


@transaction.atomic
def dismiss_flags(*, post: Post, moderator) -> int:
    """The post stays up: its open flags are closed."""
    _require_moderator(moderator)
    resolved = _resolve_flags(post, moderator)
    if resolved:
        record_audit(actor=moderator, action="community.post.flags_dismissed", target=post, changes={"flags": resolved})
    return resolved


TOPIC_ACTIONS = {
    "lock": ("is_locked", True, "community.topic.locked"),
    "unlock": ("is_locked", False, "community.topic.unlocked"),
    "pin": ("is_pinned", True, "community.topic.pinned"),
    "unpin": ("is_pinned", False, "community.topic.unpinned"),
}


@transaction.atomic
def moderate_topic(*, topic: Topic, moderator, action: str) -> Topic:
    _require_moderator(moderator)
    if action not in TOPIC_ACTIONS:
        raise ValidationError(_("Choose what to do with the topic"))
    field, value, audit_action = TOPIC_ACTIONS[action]
    topic = _lock_topic(topic)
    if getattr(topic, field) != value:
        setattr(topic, field, value)
        topic.save(update_fields=[field, "updated_at"])
        record_audit(actor=moderator, action=audit_action, target=topic)
    return topic


def current_suspension(user) -> Suspension | None:
    return user.forum_suspensions.filter(until__gt=timezone.now(), lifted_at__isnull=True).order_by("-until").first()


@transaction.atomic
def suspend_member(*, user, moderator, until: datetime.datetime, reason: str) -> Suspension:
    _require_moderator(moderator)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why: the member will see this")
    if until <= timezone.now():
        errors["until"] = _("The suspension must end in the future")
    if user.pk == moderator.pk:
        errors[NON_FIELD_ERRORS] = _("You cannot suspend yourself")
    if errors:
        raise ValidationError(errors)
    suspension = Suspension.objects.create(user=user, until=until, reason=reason[:2000], created_by=moderator)
    user._forum_suspended = True
    event = record_audit(
        actor=moderator,
        action="community.member.suspended",
        target=user,
        changes={"until": until.isoformat(), "reason": suspension.reason},
    )
    _tell_author(
        user,
        decision="suspended",
        event=event,
        context={"reason": suspension.reason, "until": until.isoformat(), "path": _forum_path()},
    )
    return suspension


@transaction.atomic
def lift_suspension(*, user, moderator) -> int:
    _require_moderator(moderator)
    lifted = user.forum_suspensions.filter(until__gt=timezone.now(), lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )
    user._forum_suspended = False
    if lifted:
        event = record_audit(actor=moderator, action="community.member.unsuspended", target=user)
        _tell_author(user, decision="unsuspended", event=event, context={"path": _forum_path()})
    return lifted


# ---------------------------------------------------------------------------------------------
# Daily digest


def digest_window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The UK calendar day before `day` (23 or 25 hours long across a clock change)."""
    previous = day - datetime.timedelta(days=1)
    start = datetime.datetime.combine(previous, datetime.time.min, tzinfo=LONDON)
    end = datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON)
    return start, end


def send_daily_digests(*, day: datetime.date | None = None) -> int:
    """One email per member on `day` (today in the UK by default) listing the visible posts made
    the day before in the topics they follow by digest, not their own. Running it twice on a day
    sends nothing more: the subject key is `digest:<day>`."""
    day = day or timezone.localdate(timezone.now(), LONDON)
    start, end = digest_window(day)
    subscriptions = (
        TopicSubscription.objects.filter(
            mode=SubscriptionMode.DAILY_DIGEST,
            user__is_active=True,
            topic__last_post_at__gte=start,
        )
        .select_related("user", "topic")
        .order_by("user_id", "topic__title")
    )
    subject_key = f"digest:{day.isoformat()}"
    done = set(
        EmailDelivery.objects.filter(kind=NotificationKind.FORUM_REPLIES, subject_key=subject_key).values_list(
            "recipient_id", flat=True
        )
    )
    by_user: dict = {}
    for subscription in subscriptions:
        if subscription.user_id in done:
            continue
        by_user.setdefault(subscription.user_id, (subscription.user, []))[1].append(subscription.topic)
    sent = 0
    for user, topics in by_user.values():
        posts = (
            Post.objects.filter(
                topic__in=topics, created_at__gte=start, created_at__lt=end, is_hidden=False, is_held=False
            )
            .exclude(author=user)
            .select_related("author", "topic")
            .order_by("topic__title", "topic_id", "number")[:DIGEST_MAX_POSTS]
        )
        items: dict = {}
        for post in posts:
            entry = items.setdefault(post.topic_id, {"title": post.topic.title, "path": "", "posts": []})
            entry["path"] = entry["path"] or post.get_absolute_url().removeprefix("/cy")
            entry["posts"].append(
                {
                    "author_name": author_name(post.author),
                    "number": post.number,
                    "excerpt": excerpt(post.body, 200),
                    "path": post.get_absolute_url().removeprefix("/cy"),
                }
            )
        if not items:
            continue
        delivery = queue_email(
            kind=NotificationKind.FORUM_REPLIES,
            subject_key=subject_key,
            template="community/emails/forum_digest",
            context={
                "day": (day - datetime.timedelta(days=1)).isoformat(),
                "topics": list(items.values()),
                "post_total": sum(len(item["posts"]) for item in items.values()),
                "path": _forum_path(),
            },
            recipient=user,
        )
        sent += delivery is not None
    return sent
