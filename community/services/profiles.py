"""Member profiles for the directory: opt-in, with interests anyone can add.

A profile is shown to other signed-in members only when its owner ticks "show me in the member
directory"; the email address only when they also tick "show my email address". Interests are a
shared vocabulary: typing "Citizens' juries" reuses the row someone else created as "citizens’ juries"
because both have the same slug.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.models import Interest, Profile
from participation.models import Organisation
from participation.services.audit import changed_fields, record_audit
from participation.services.markdown import validate_markdown_size

MAX_INTERESTS = 10
INTEREST_MAX_LENGTH = 40
_SPACES = re.compile(r"\s+")


def member_organisations(user):
    """The organisations a person may name on their profile: the ones they belong to."""
    return Organisation.objects.filter(memberships__user=user).order_by("name_en")


def interest_slug(name: str) -> str:
    return slugify(name.replace("’", "").replace("'", ""), allow_unicode=True)[:80]


def parse_interests(text: str) -> list[tuple[str, str]]:
    """(slug, name) for each comma-separated interest, in the order typed, without repeats.
    Raises ValidationError saying what is wrong, so the form can show it."""
    pieces = [_SPACES.sub(" ", piece).strip() for piece in (text or "").split(",")]
    interests: dict[str, str] = {}
    for name in pieces:
        if not name:
            continue
        if len(name) > INTEREST_MAX_LENGTH:
            raise ValidationError(
                _("Each interest must be %(limit)s characters or fewer: “%(name)s…” is too long")
                % {"limit": INTEREST_MAX_LENGTH, "name": name[:INTEREST_MAX_LENGTH]},
                code="interest_too_long",
            )
        slug = interest_slug(name)
        if not slug:
            raise ValidationError(
                _("Each interest must contain letters or numbers: “%(name)s” does not") % {"name": name},
                code="interest_invalid",
            )
        interests.setdefault(slug, name)
    if len(interests) > MAX_INTERESTS:
        raise ValidationError(
            _("Enter %(limit)s interests or fewer: you entered %(count)s")
            % {"limit": MAX_INTERESTS, "count": len(interests)},
            code="too_many_interests",
        )
    return list(interests.items())


def interests_text(profile: Profile | None) -> str:
    if profile is None or profile.pk is None:
        return ""
    return ", ".join(interest.name for interest in profile.interests.all())


def get_or_create_interests(parsed: list[tuple[str, str]]) -> list[Interest]:
    """The Interest rows for (slug, name) pairs, creating the missing ones. Two people adding the same
    new interest at once both end up with the one row (get_or_create retries on the unique slug)."""
    existing = {interest.slug: interest for interest in Interest.objects.filter(slug__in=[s for s, _n in parsed])}
    interests = []
    for slug, name in parsed:
        interest = existing.get(slug)
        if interest is None:
            interest, _created = Interest.objects.get_or_create(slug=slug, defaults={"name": name[:80]})
        interests.append(interest)
    return interests


@transaction.atomic
def save_profile(
    *,
    user,
    is_listed: bool,
    role_title: str = "",
    organisation: Organisation | None = None,
    interests: list[tuple[str, str]] | str = (),
    bio: str = "",
    contact: str = "",
    show_email: bool = False,
) -> Profile:
    """Create or update the person's own profile and record `community.profile.updated`."""
    if isinstance(interests, str):
        interests = parse_interests(interests)
    if organisation is not None and not member_organisations(user).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choose an organisation you are a member of")})
    validate_markdown_size(bio)
    profile, created = Profile.objects.select_for_update().get_or_create(user=user)
    values = {
        "is_listed": bool(is_listed),
        "role_title": role_title.strip(),
        "organisation": organisation,
        "contact": contact.strip(),
        "show_email": bool(show_email),
    }
    changes = changed_fields(profile, values)
    if profile.bio != bio:
        # The text itself is the member's to change; the log only says that it changed.
        changes["bio"] = [f"{len(profile.bio)} characters", f"{len(bio)} characters"]
    for name, value in values.items():
        setattr(profile, name, value)
    profile.bio = bio
    for field in ("role_title", "contact", "bio"):
        if len(getattr(profile, field)) > Profile._meta.get_field(field).max_length:
            raise ValidationError({field: _("This is too long")})
    profile.save()
    old_names = [interest.name for interest in profile.interests.all()] if not created else []
    chosen = get_or_create_interests(list(interests))
    profile.interests.set(chosen)
    new_names = [interest.name for interest in chosen]
    if sorted(old_names) != sorted(new_names):
        changes["interests"] = [", ".join(old_names), ", ".join(new_names)]
    record_audit(actor=user, action="community.profile.updated", target=profile, changes=changes)
    return profile
