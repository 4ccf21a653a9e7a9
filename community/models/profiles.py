"""The member directory: an opt-in profile per person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel


class Interest(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Profile(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    is_listed = models.BooleanField(_("show me in the member directory"), default=False)
    role_title = models.CharField(_("role title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "participation.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    interests = models.ManyToManyField(Interest, blank=True, related_name="profiles", verbose_name=_("interests"))
    bio = models.TextField(_("about you"), max_length=5000, blank=True)
    contact = models.CharField(
        _("how to contact you"),
        max_length=300,
        blank=True,
        help_text=_("For example a website or a social media handle."),
    )
    show_email = models.BooleanField(_("show my email address to signed-in members"), default=False)

    class Meta:
        ordering = ["user__display_name"]

    def __str__(self):
        return f"profile of {self.user}"
