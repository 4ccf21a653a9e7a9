"""What every reviewed piece of content shares: guidance versions and publications both move
draft → in review → approved → published through one review mechanism (guidance.services.review)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Reviewed(models.Model):
    """Who started it, who approved it (never the same person), and when it was or will be published."""

    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text="When a beat task publishes it."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status == ReviewStatus.DRAFT


class ReviewComment(models.Model):
    """Author and reviewer talking about something on its way to publication."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"
