from participation.models.audit import AppendOnlyError, AuditEvent
from participation.models.base import TimeStampedModel, bilingual
from participation.models.email import EmailDelivery, NotificationKind, NotificationPreference
from participation.models.engagement import (
    Activity,
    ActivityMethod,
    EvidenceFile,
    ParticipantGroup,
    Project,
    PublicChange,
    Recommendation,
    shown_count,
)
from participation.models.organisations import Invitation, Membership, Organisation, hash_token
from participation.models.reports import Report
from participation.models.users import Language, PlatformRole, User

__all__ = [
    "Activity",
    "ActivityMethod",
    "EvidenceFile",
    "ParticipantGroup",
    "Project",
    "PublicChange",
    "Recommendation",
    "shown_count",
    "AppendOnlyError",
    "AuditEvent",
    "EmailDelivery",
    "Invitation",
    "Language",
    "Membership",
    "NotificationKind",
    "NotificationPreference",
    "Organisation",
    "PlatformRole",
    "Report",
    "TimeStampedModel",
    "User",
    "bilingual",
    "hash_token",
]
