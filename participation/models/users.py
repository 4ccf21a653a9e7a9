import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class PlatformRole(models.TextChoices):
    """Platform-wide roles, each stored as a group of the same name."""

    GUIDANCE_EDITOR = "guidance_editor", _("Guidance editor")
    LAB_FACILITATOR = "lab_facilitator", _("Lab facilitator")
    FORUM_MODERATOR = "forum_moderator", _("Forum moderator")
    MEETING_ORGANISER = "meeting_organiser", _("Meeting organiser")
    SITE_ADMIN = "site_admin", _("Site admin")


# Roles whose powers are only usable once the person has set up two-factor authentication.
MFA_REQUIRED_PLATFORM_ROLES = {PlatformRole.GUIDANCE_EDITOR, PlatformRole.LAB_FACILITATOR, PlatformRole.SITE_ADMIN}


def _platform_groups(user):
    return Group.objects.filter(user=user, name__in=PlatformRole.values)


def _second_factors(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def _org_admin_memberships(user):
    from participation.models.organisations import Membership

    return Membership.objects.filter(user=user, role=Membership.Role.ORG_ADMIN)


class UserQuerySet(models.QuerySet):
    def with_access(self):
        """Users with what every page asks about the signed-in person (their platform roles, whether
        they have two-factor sign-in, whether they administer an organisation) read in the same
        query: the sign-in middleware loads the person this way (`participation.auth_backends`)."""
        person = OuterRef("pk")
        role_names = (
            _platform_groups(person)
            .order_by()
            .values("user")
            .annotate(names=StringAgg("name", delimiter=Value(",")))
            .values("names")
        )
        return self.annotate(
            platform_role_names=Subquery(role_names),
            has_mfa=Exists(_second_factors(person)),
            is_org_admin=Exists(_org_admin_memberships(person)),
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self):
        return self.display_name or self.email

    def get_short_name(self):
        return str(self)

    # has_mfa, is_org_admin and platform_role_names come with the user when it was loaded
    # `with_access()`: an annotation of the same name takes the place of each cached property.
    @cached_property
    def platform_roles(self) -> frozenset[str]:
        if not self.is_authenticated:
            return frozenset()
        if "platform_role_names" in self.__dict__:
            return frozenset(filter(None, (self.platform_role_names or "").split(",")))
        return frozenset(_platform_groups(self).values_list("name", flat=True))

    def has_platform_role(self, role: str) -> bool:
        return self.is_active and role in self.platform_roles

    @cached_property
    def has_mfa(self) -> bool:
        return _second_factors(self).exists()

    @cached_property
    def is_org_admin(self) -> bool:
        return _org_admin_memberships(self).exists()

    @cached_property
    def holds_mfa_required_role(self) -> bool:
        return bool(MFA_REQUIRED_PLATFORM_ROLES & self.platform_roles) or self.is_org_admin

    @property
    def needs_mfa(self) -> bool:
        return self.is_authenticated and not self.has_mfa and self.holds_mfa_required_role
