"""The forum: categories, topics and posts, with edit history, flags, moderation, subscriptions
and read markers. Counters on the topic keep the topic list to one query."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel, bilingual


class Category(TimeStampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_cy = models.CharField(_("name (Welsh)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=1000, blank=True)
    description_cy = models.TextField(_("description (Welsh)"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name_en

    @property
    def name(self) -> str:
        return bilingual(self, "name")[0]

    def get_absolute_url(self):
        return reverse("community:category-detail", kwargs={"slug": self.slug})


class Topic(TimeStampedModel):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    # Kept by the forum services in the same transaction as the post that changes them.
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"], name="topic_list")]

    def __str__(self):
        return self.title

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    def get_absolute_url(self):
        return reverse("community:topic-detail", kwargs={"pk": self.pk})


class Post(TimeStampedModel):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    # 1 for the opening post, then 2, 3...: the order, the page and the anchor (#post-7).
    number = models.PositiveIntegerField(editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"))
    quoted = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)
    # A new member's early post waits for a moderator when FORUM_HOLD_FIRST_POSTS is on.
    is_held = models.BooleanField(default=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="post_number_unique")]
        # Search ranks the newest matches only, found by walking this index (see search_newest).
        indexes = [models.Index(fields=["-created_at", "-id"], name="post_newest")]

    def __str__(self):
        return f"{self.topic} #{self.number}"

    @property
    def is_visible(self) -> bool:
        return not self.is_hidden and not self.is_held

    def get_absolute_url(self):
        page = (self.number - 1) // settings.FORUM_POSTS_PER_PAGE + 1
        suffix = f"?page={page}" if page > 1 else ""
        return f"{self.topic.get_absolute_url()}{suffix}#post-{self.number}"


class PostRevision(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"revision of {self.post}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or offensive")
    PERSONAL_DATA = "personal_data", _("Shares someone’s personal information")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="flag_once_per_reporter")]
        indexes = [models.Index(fields=["created_at"], name="flag_open", condition=Q(resolved_at__isnull=True))]

    def __str__(self):
        return f"{self.get_reason_display()} on {self.post}"


class SubscriptionMode(models.TextChoices):
    EACH_REPLY = "each", _("An email for each reply")
    DAILY_DIGEST = "daily", _("A daily digest")


class TopicSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_subscriptions")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    mode = models.CharField(max_length=5, choices=SubscriptionMode, default=SubscriptionMode.EACH_REPLY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="topic_subscription_once")]

    def __str__(self):
        return f"{self.user} → {self.topic}"


class TopicReadState(models.Model):
    """How far a member has read a topic: posts after this number are unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="topic_read_state_once")]

    def __str__(self):
        return f"{self.user} read {self.topic} to #{self.last_read_number}"


class Suspension(models.Model):
    """A member barred from posting until a time, by a moderator, for a reason they are told."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_suspensions")
    until = models.DateTimeField(_("until"))
    reason = models.TextField(_("reason"), max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} suspended until {self.until}"
