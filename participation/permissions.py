"""Named permission checks. Views scope first (404 outside reach), then ask one of these."""

from participation.models import Membership, Organisation, PlatformRole, Report, User


def membership_role(user: User, organisation: Organisation) -> str | None:
    """The user's role in the organisation, remembered on the user object for this request."""
    if not user.is_authenticated or not user.is_active:
        return None
    cache = getattr(user, "_membership_roles", None)
    if cache is None:
        cache = {}
        user._membership_roles = cache  # request.user is a lazy proxy: setattr reaches the real user
    if organisation.pk not in cache:
        roles = Membership.objects.filter(user=user, organisation=organisation).order_by()
        cache[organisation.pk] = roles.values_list("role", flat=True).first()
    return cache[organisation.pk]


def is_site_admin(user: User) -> bool:
    return user.is_authenticated and user.has_platform_role(PlatformRole.SITE_ADMIN) and user.has_mfa


def can_manage_organisation(user: User, organisation: Organisation) -> bool:
    """Org admins (and site admins) manage members and see the audit log, once they have MFA."""
    if not user.is_authenticated:
        return False
    if is_site_admin(user):
        return True
    return membership_role(user, organisation) == Membership.Role.ORG_ADMIN and user.has_mfa


def can_view_audit_log(user: User, organisation: Organisation) -> bool:
    return can_manage_organisation(user, organisation)


def can_request_audit_report(user: User, organisation: Organisation) -> bool:
    return can_manage_organisation(user, organisation)


def can_edit_organisation_records(user: User, organisation: Organisation) -> bool:
    """Editors and org admins write their organisation's records (projects, activities...)."""
    return membership_role(user, organisation) in {Membership.Role.EDITOR, Membership.Role.ORG_ADMIN}


def can_view_report(user: User, report: Report) -> bool:
    return user.is_authenticated and report.requested_by_id == user.pk


def can_edit_project(user: User, project) -> bool:
    return can_edit_organisation_records(user, project.organisation)


def can_edit_activity(user: User, activity) -> bool:
    return can_edit_organisation_records(user, activity.organisation)


def can_view_evidence_file(user: User, evidence_file) -> bool:
    """Editors of the organisation always; everyone else only a public file of a published activity."""
    activity = evidence_file.activity
    if can_edit_organisation_records(user, activity.organisation):
        return True
    return evidence_file.is_public and activity.is_published
