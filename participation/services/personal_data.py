"""Everything the platform holds about a person: the export they can download ("your data"), and
erasing their account.

Erasure keeps the account row as a pseudonym ("Former member"), so what the person did for an
organisation (records they created, guidance they approved, posts they wrote) keeps its shape and
the audit trail stays whole, but nothing in it says who they were. Rows that exist only for the
person (memberships, preferences, votes, RSVPs, emails to them...) are deleted.
"""

import io
import json
import zipfile

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from participation.models import AuditEvent, EmailDelivery, Invitation, Report
from participation.services.audit import record_audit

PERSONAL_DATA_EXPORT = "personal_data"  # the report kind that builds the export
DELETE = "delete"  # the row exists only for the person
KEEP = "keep"  # the row stays, pointing at the pseudonymised account
# Every relation to the user and what erasure does with it. A test compares this with the models,
# so a new relation without a rule fails the suite.
ERASURE_RULES = {
    "participation.AuditEvent.actor": KEEP,
    "participation.EmailDelivery.recipient": DELETE,
    "participation.NotificationPreference.user": DELETE,
    "participation.Membership.user": DELETE,
    "participation.Invitation.invited_by": KEEP,
    "participation.Invitation.accepted_by": KEEP,
    "participation.Project.created_by": KEEP,
    "participation.Activity.created_by": KEEP,
    "participation.EvidenceFile.uploaded_by": KEEP,
    "participation.Report.requested_by": DELETE,
    "guidance.GuidanceDocument.created_by": KEEP,
    "guidance.GuidanceVersion.created_by": KEEP,
    "guidance.GuidanceVersion.approved_by": KEEP,
    "guidance.GuidanceVersion.published_by": KEEP,
    "guidance.VersionComment.author": KEEP,
    "guidance.Pilot.created_by": KEEP,
    "guidance.PilotFeedback.submitted_by": KEEP,
    "guidance.PilotFeedback.triaged_by": KEEP,
    "guidance.Adoption.declared_by": KEEP,
    "guidance.Subscription.user": DELETE,
    "guidance.Publication.created_by": KEEP,
    "guidance.Publication.approved_by": KEEP,
    "guidance.Publication.published_by": KEEP,
    "guidance.PublicationAuthor.user": DELETE,
    "guidance.PublicationComment.author": KEEP,
    "guidance.OutreachEvent.created_by": KEEP,
    "designlabs.Lab.created_by": KEEP,
    "designlabs.Lab.facilitators": DELETE,
    "designlabs.Material.added_by": KEEP,
    "designlabs.Participant.user": KEEP,  # blanked below: name, email, access needs...
    "designlabs.Participant.invited_by": KEEP,
    "designlabs.Consent.recorded_by": KEEP,
    "designlabs.Attendance.recorded_by": KEEP,
    "designlabs.Output.author": KEEP,
    "designlabs.Dot.user": KEEP,
    "designlabs.Impact.recorded_by": KEEP,
    "community.Topic.author": KEEP,
    "community.Topic.last_post_author": KEEP,
    "community.Post.author": KEEP,
    "community.PostRevision.edited_by": KEEP,
    "community.Flag.reporter": DELETE,
    "community.Flag.resolved_by": KEEP,
    "community.TopicSubscription.user": DELETE,
    "community.TopicReadState.user": DELETE,
    "community.Suspension.user": DELETE,
    "community.Suspension.created_by": KEEP,
    "community.MeetingSeries.created_by": KEEP,
    "community.Meeting.created_by": KEEP,
    "community.RSVP.user": DELETE,
    "community.CalendarToken.user": DELETE,
    "community.Profile.user": DELETE,
    "community.Unconference.created_by": KEEP,
    "community.Proposal.facilitator": KEEP,
    "community.Proposal.notes_by": KEEP,
    "community.Proposal.co_facilitators": DELETE,
    "community.Vote.user": DELETE,
    "community.AgendaItem.user": DELETE,
    "admin.LogEntry.user": DELETE,
    "account.EmailAddress.user": DELETE,
    "mfa.Authenticator.user": DELETE,
    "usersessions.UserSession.user": DELETE,
}
# Secrets are never exported, even to their owner.
NOT_EXPORTED = {"password", "token_hash", "data", "session_key", "secret"}
ERASED_NAME = "Former member"


def user_relations() -> list[tuple[str, models.Model, models.Field]]:
    """(rule key, model, field) for every foreign key, one-to-one and many-to-many to the user."""
    user_model = get_user_model()
    relations = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created or not field.is_relation or field.related_model is not user_model:
                continue
            if field.many_to_one or field.one_to_one or field.many_to_many:
                relations.append((f"{model._meta.label}.{field.name}", model, field))
    return relations


def _row(instance: models.Model) -> dict:
    row = {}
    for field in instance._meta.concrete_fields:
        if field.attname not in NOT_EXPORTED:
            value = getattr(instance, field.attname)
            row[field.attname] = value.name if isinstance(value, FieldFile) else value
    return row


def collect(user) -> dict:
    """Every row about the person, grouped by record type and the relation that links it."""
    data = {"account": _row(user) | {"roles": sorted(user.platform_roles)}}
    for key, model, field in user_relations():
        if field.many_to_many:
            rows = [_row(item) for item in model.objects.filter(**{field.name: user})]
        else:
            rows = [_row(item) for item in model._default_manager.filter(**{field.name: user})]
        if rows:
            data[key] = rows
    sent_to_address = EmailDelivery.objects.filter(to_email__iexact=user.email, recipient__isnull=True)
    data["participation.EmailDelivery.to_email"] = [_row(item) for item in sent_to_address]
    invitations = Invitation.objects.filter(email__iexact=user.email)
    data["participation.Invitation.email"] = [_row(item) for item in invitations]
    participants = apps.get_model("designlabs", "Participant").objects.filter(email__iexact=user.email, user=None)
    data["designlabs.Participant.email"] = [_row(item) for item in participants]
    return {key: rows for key, rows in data.items() if rows}


README = """Everything {site} holds about you, as of {when}.

data.json has one entry per kind of record, named "app.Record.field": the records linked to you
through that field. "account" is your account itself. Passwords, sign-in secrets and tokens are
left out. Ask us if anything is unclear.
"""


def build_export(report: Report) -> tuple[bytes, None]:
    """The ZIP file for a "your data" report job (run by the worker)."""
    user = get_user_model().objects.get(pk=report.subject_id)
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        archive.writestr("README.txt", README.format(site="the participation platform", when=timezone.now()))
    return buffer.getvalue(), None


def _replace_in(value, old: list[str], new: str):
    """The value with each old text replaced, through lists and dicts (audit changes are JSON)."""
    if isinstance(value, str):
        for text in old:
            value = value.replace(text, new)
        return value
    if isinstance(value, list):
        return [_replace_in(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, old, new) for key, item in value.items()}
    return value


@transaction.atomic
def erase_account(*, user, erased_by) -> None:
    """Delete what exists only for the person and pseudonymise the rest. Only the person can ask."""
    if erased_by.pk != user.pk:
        raise PermissionDenied
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    pseudonym = f"erased-{user.pk.hex[:12]}@erased.invalid"
    personal_texts = [text for text in (user.email, user.display_name) if text]
    for report in Report.objects.filter(requested_by=user):
        report.file.delete(save=False)
    for key, model, field in user_relations():
        if ERASURE_RULES[key] != DELETE:
            continue
        if field.many_to_many:
            field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): user}).delete()
        else:
            model._default_manager.filter(**{field.name: user}).delete()
    EmailDelivery.objects.filter(to_email__iexact=user.email).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    Invitation.objects.filter(email__iexact=user.email).update(email=pseudonym)
    _blank_lab_participants(user)
    # The audit trail keeps every event, with the person's name and address replaced.
    mentions = Q()
    for text in personal_texts:
        mentions |= Q(target_repr__icontains=text) | Q(changes__icontains=text)
    for event in AuditEvent.objects.filter(mentions):
        AuditEvent.objects.pseudonymise(
            event,
            target_repr=_replace_in(event.target_repr, personal_texts, ERASED_NAME),
            changes=_replace_in(event.changes, personal_texts, ERASED_NAME),
        )
    user.email = pseudonym
    user.display_name = ERASED_NAME
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    record_audit(actor=None, action="participation.user.erased", target=user)


def _blank_lab_participants(user) -> None:
    from designlabs.services.retention import BLANKED

    participant_model = apps.get_model("designlabs", "Participant")
    participants = participant_model.objects.filter(Q(user=user) | Q(email__iexact=user.email))
    now = timezone.now()
    participants.update(**BLANKED, anonymised_at=now, updated_at=now)
