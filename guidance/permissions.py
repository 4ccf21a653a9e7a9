"""Named permission checks for guidance. Views scope first (404 outside reach), then ask one of these."""

from participation.models import Membership, PlatformRole
from participation.permissions import can_edit_organisation_records, is_site_admin, membership_role


def is_guidance_editor(user) -> bool:
    """Guidance editors write, review and publish guidance, once they have two-factor authentication."""
    if not user.is_authenticated:
        return False
    return (user.has_platform_role(PlatformRole.GUIDANCE_EDITOR) and user.has_mfa) or is_site_admin(user)


def can_edit_version(user, version) -> bool:
    return is_guidance_editor(user) and version.is_editable


def can_review_version(user, version) -> bool:
    """The two-person rule: whoever started a version cannot approve it."""
    return is_guidance_editor(user) and version.created_by_id != user.pk


def can_run_pilot(user, organisation) -> bool:
    """An organisation's editors and admins sign it up to pilot guidance and declare adoption."""
    return can_edit_organisation_records(user, organisation)


def can_declare_adoption(user, organisation) -> bool:
    return can_edit_organisation_records(user, organisation)


def can_give_pilot_feedback(user, pilot) -> bool:
    """Everyone in the piloting organisation may say how the guidance worked for them."""
    return membership_role(user, pilot.organisation) in set(Membership.Role.values)


def can_triage_feedback(user) -> bool:
    return is_guidance_editor(user)


def can_maintain_glossary(user) -> bool:
    return is_guidance_editor(user)


# Publications: guidance editors write and review them; the members credited as authors may edit
# their drafts and send them for review; whoever wrote one cannot approve it.


def is_publication_author(user, publication) -> bool:
    if not user.is_authenticated:
        return False
    authors = getattr(publication, "author_ids", None)
    if authors is None:
        authors = publication.author_ids = set(publication.authors.values_list("user_id", flat=True))
    return user.pk in authors


def can_create_publication(user) -> bool:
    return is_guidance_editor(user)


def can_write_publication(user, publication) -> bool:
    """Edit it while it is a draft, send it for review, comment on it."""
    return is_guidance_editor(user) or is_publication_author(user, publication)


def can_review_publication(user, publication) -> bool:
    """The two-person rule: neither whoever started it nor any of its authors may approve it."""
    return (
        is_guidance_editor(user)
        and publication.created_by_id != user.pk
        and not is_publication_author(user, publication)
    )


def can_draft_case_study(user, activity) -> bool:
    """Guidance editors, and the editors of the organisation that ran a published activity, can
    start a case study about it."""
    return activity.is_published and (
        is_guidance_editor(user) or can_edit_organisation_records(user, activity.organisation)
    )


def can_manage_outreach(user) -> bool:
    return is_guidance_editor(user)
