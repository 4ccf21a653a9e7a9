"""Template helpers for GOV.UK markup: widget classes, error anchors, bilingual text, Markdown."""

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import get_language

from participation.audit_labels import action_label
from participation.models import bilingual
from participation.services.markdown import render_markdown

register = template.Library()

WIDGET_CLASSES = {
    "checkbox": "govuk-checkboxes__input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
CHOICE_WIDGETS = {"radioselect", "checkboxselectmultiple"}


@register.filter
def govuk_widget(field):
    """Render the field's widget with the GOV.UK class (and its error modifier)."""
    base = WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors and field.widget_type != "checkbox":
        classes.append(f"{base.split()[0]}--error")
    # GOV.UK asks for no placeholders: they vanish as people type and read as filled-in values.
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c), "placeholder": False})


@register.filter
def error_anchor(field) -> str:
    """The id an error summary link should focus: the first box or option for grouped inputs."""
    if field.widget_type in CHOICE_WIDGETS or field.use_fieldset:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def is_choice_group(field) -> bool:
    return field.widget_type in CHOICE_WIDGETS


@register.simple_tag
def bi(obj, field: str):
    """Bilingual text in the active language; an English fallback on a Welsh page is marked lang="en"."""
    text, language = bilingual(obj, field)
    if language != get_language():
        return format_html('<span lang="{}">{}</span>', language, text)
    return text


@register.filter
def markdown(text: str):
    return render_markdown(text or "")


@register.filter
def audit_action(action: str) -> str:
    return action_label(action)


@register.filter
def from_iso(value: str):
    """An ISO 8601 timestamp (as emails keep them in their JSON context) as a datetime, so
    `|date` shows it in the reader's language and the active time zone."""
    return parse_datetime(value) if value else None


@register.filter
def starts_with(text: str, prefix: str) -> bool:
    """Whether the path is in the section at `prefix` (the navigation's current item)."""
    return str(text).startswith(str(prefix))
