import pytest
from django.db import IntegrityError

from participation.models import AppendOnlyError, AuditEvent
from participation.services.audit import record_audit
from tests.participation.factories import UserFactory


def test_audit_event_refuses_updates_and_deletes(organisation, org_admin):
    event = record_audit(
        actor=org_admin, action="participation.test.done", target=organisation, organisation=organisation
    )

    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "participation.test.done"


def test_user_email_is_unique_ignoring_case(db):
    UserFactory(email="Jo.Bloggs@example.gov.uk")

    with pytest.raises(IntegrityError):
        UserFactory(email="jo.bloggs@EXAMPLE.gov.uk")


def test_user_needs_mfa_only_for_staff_roles_without_it(org_admin, org_admin_without_mfa, member):
    assert org_admin.needs_mfa is False
    assert org_admin_without_mfa.needs_mfa is True
    assert member.needs_mfa is False
