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
    "participation.project.created": _("Project created"),
    "participation.project.updated": _("Project changed"),
    "participation.project.published": _("Project published"),
    "participation.project.withdrawn": _("Project withdrawn"),
    "participation.activity.created": _("Activity created"),
    "participation.activity.updated": _("Activity changed"),
    "participation.activity.published": _("Activity published"),
    "participation.activity.withdrawn": _("Activity withdrawn"),
    "participation.participant_group.added": _("Participant group added"),
    "participation.participant_group.updated": _("Participant group changed"),
    "participation.participant_group.deleted": _("Participant group removed"),
    "participation.recommendation.added": _("Recommendation added"),
    "participation.recommendation.updated": _("Recommendation changed"),
    "participation.recommendation.responded": _("Response recorded"),
    "participation.evidence_file.uploaded": _("Evidence file uploaded"),
    "participation.evidence_file.deleted": _("Evidence file deleted"),
}


def action_label(action: str) -> str:
    """The plain-language name, or the action code itself for an action not listed yet."""
    return str(ACTION_LABELS.get(action, action))
