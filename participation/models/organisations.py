import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel, bilingual


class OrganisationQuerySet(models.QuerySet):
    def administered_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__role=Membership.Role.ORG_ADMIN)


class Organisation(TimeStampedModel):
    class Type(models.TextChoices):
        MINISTERIAL = "ministerial_department", _("Ministerial department")
        NON_MINISTERIAL = "non_ministerial_department", _("Non-ministerial department")
        ARMS_LENGTH_BODY = "arms_length_body", _("Arm’s-length body")
        DEVOLVED = "devolved_government", _("Devolved government")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        NHS = "nhs_body", _("NHS body")
        REGULATOR = "regulator", _("Regulator")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        OTHER = "other", _("Other")

    class WelshLanguageRegime(models.TextChoices):
        STANDARDS = "standards", _("Welsh Language Standards")
        SCHEME = "scheme", _("Welsh Language Scheme")
        NONE = "none", _("None")

    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_cy = models.CharField(_("name (Welsh)"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=40, choices=Type, default=Type.OTHER)
    govuk_slug = models.SlugField(_("GOV.UK organisation slug"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact mailbox"), blank=True)
    welsh_language_regime = models.CharField(
        _("Welsh language regime"), max_length=20, choices=WelshLanguageRegime, default=WelshLanguageRegime.NONE
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("organisation-detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return bilingual(self, "name")[0]


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        EDITOR = "editor", _("Editor")
        ORG_ADMIN = "org_admin", _("Organisation admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)

    class Meta:
        ordering = ["organisation__name_en", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An emailed invitation to join an organisation; only the token's hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role, default=Membership.Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
