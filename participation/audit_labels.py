"""Plain-language names for audit actions, shown in the audit log and its PDF. Apps add theirs here."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "participation.invitation.created": _("Invitation sent"),
    "participation.invitation.revoked": _("Invitation withdrawn"),
    "participation.membership.created": _("Member joined"),
    "participation.membership.role_changed": _("Member’s role changed"),
    "participation.membership.deleted": _("Member removed"),
    "participation.organisation.updated": _("Organisation details changed"),
    "participation.report.requested": _("Report requested"),
    "participation.user.profile_updated": _("Profile updated"),
}


def action_label(action: str) -> str:
    """The plain-language name, or the action code itself for an action not listed yet."""
    return str(ACTION_LABELS.get(action, action))
