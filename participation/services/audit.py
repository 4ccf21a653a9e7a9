from django.db import models, transaction

from participation.models import AuditEvent
from participation.services import page_cache


def record_audit(
    *,
    actor,
    action: str,
    target: models.Model,
    organisation=None,
    changes: dict | None = None,
) -> AuditEvent:
    """Append one audit event. Call it inside the service's transaction so both land or neither.
    The change also moves the version of cached public pages, once it commits (`page_cache`)."""
    transaction.on_commit(page_cache.content_changed)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=changes or {},
    )


def changed_fields(instance: models.Model, cleaned_data: dict) -> dict:
    """{field: [old, new]} for each value the form would change, as strings for the log."""
    changes = {}
    for name, new in cleaned_data.items():
        old = getattr(instance, name, None)
        if old != new:
            changes[name] = [None if old is None else str(old), None if new is None else str(new)]
    return changes
