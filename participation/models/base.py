import uuid

from django.db import connection, models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def bilingual(obj, field: str) -> tuple[str, str]:
    """The field's text in the active language, and the language it is actually in.

    Welsh pages fall back to English when no Welsh text exists, and say so with the language.
    """
    if get_language() == "cy":
        welsh = getattr(obj, f"{field}_cy", "")
        if welsh:
            return welsh, "cy"
    return getattr(obj, f"{field}_en", ""), "en"


def json_list_has(field: str, code: str) -> models.Q:
    """Rows whose JSON list `field` holds the code (audiences, topics)."""
    if connection.features.supports_json_field_contains:
        return models.Q(**{f"{field}__contains": [code]})
    # SQLite (the embedded default) cannot look inside a JSON list; the codes are plain words,
    # so matching the quoted code in the stored text finds the same rows.
    return models.Q(**{f"{field}__icontains": f'"{code}"'})
