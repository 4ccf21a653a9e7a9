from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """Every kind of email a person can turn off. Transactional email (sign-in codes,
    invitations) is not listed: it is always sent."""

    REPORT_READY = "report_ready", _("A report I asked for is ready")
    OVERDUE_RESPONSES = "overdue_responses", _("A weekly list of overdue responses to recommendations")
    GUIDANCE_UPDATES = "guidance_updates", _("Major changes to guidance I subscribe to")
    GUIDANCE_REVIEW = "guidance_review", _("Guidance versions waiting for my review")
    FEEDBACK_ADDRESSED = "feedback_addressed", _("My feedback on guidance has been addressed")
    MEETING_REMINDERS = "meeting_reminders", _("Reminders before meetings I am going to")
    MEETING_CHANGES = "meeting_changes", _("Changes to meetings I am going to, and places freed from the waiting list")
    MEETING_NOTES = "meeting_notes", _("Notes from meetings I went to")
    FORUM_REPLIES = "forum_replies", _("Replies in forum topics I follow")
    FORUM_MENTIONS = "forum_mentions", _("When someone mentions me in the forum")
    FORUM_MODERATION = "forum_moderation", _("Moderators’ decisions about my posts")
    UNCONFERENCE_CHANGES = "unconference_changes", _("Changes to unconference sessions I plan to attend")
    LAB_REMINDERS = "lab_reminders", _("Reminders before Design Lab sessions I am taking part in")


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class EmailDelivery(models.Model):
    """One email to one person about one thing. The database, not the broker, is the source
    of truth: the unique constraint stops duplicates, the sweep re-queues anything a lost
    broker message left behind."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=60)
    subject_key = models.CharField(max_length=120, help_text="What the email is about, e.g. report:<id>.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="email_deliveries"
    )
    to_email = models.EmailField()
    language = models.CharField(max_length=2, default="en")
    template = models.CharField(max_length=120)
    context = models.JSONField(default=dict, blank=True)
    is_notification = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    last_error = models.TextField(blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "email deliveries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_key", "to_email"], name="delivery_once_per_subject")
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="delivery_pending_due", condition=models.Q(status="pending"))
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_key} → {self.to_email}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60, choices=NotificationKind)
    is_enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self):
        return f"{self.user} {self.kind}={'on' if self.is_enabled else 'off'}"
