"""Template helpers for GOV.UK markup: widget classes, error anchors, bilingual text, Markdown."""

import functools

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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


# The service navigation's links: URL name, label, and whether only the exact path is current.
NAVIGATION = (
    ("home", _("Home"), True),
    ("guidance:document-list", _("Guidance"), False),
    ("publications:list", _("Publications"), False),
    ("register:activity-list", _("Register"), False),
    ("dashboards:platform", _("Dashboards"), False),
    ("community:home", _("Community"), False),
    ("designlabs:lab-list", _("Design Labs"), False),
    ("organisation-list", _("Organisations"), False),
)
SIGNED_IN_NAVIGATION = (("account-overview", _("Your account"), False),)
SIGNED_OUT_NAVIGATION = (("account_login", _("Sign in"), False),)


@functools.cache
def _navigation(language: str, prefix: str, signed_in: bool) -> tuple:
    """(href, label, exact) for each link, reversed once per language and script prefix."""
    links = NAVIGATION + (SIGNED_IN_NAVIGATION if signed_in else SIGNED_OUT_NAVIGATION)
    return tuple((reverse(name), label, exact) for name, label, exact in links)


@functools.lru_cache(maxsize=256)
def _frame_part(
    template_name: str, language: str, prefix: str, signed_in: bool, current: str, branding: bool, name: str
):
    links = [(href, label, href == current) for href, label, _exact in _navigation(language, prefix, signed_in)]
    context = {"links": links, "signed_in": signed_in, "govuk_branding": branding, "service_name": name}
    return render_to_string(template_name, context)


@register.simple_tag(takes_context=True)
def frame_part(context, template_name: str):
    """The header, service navigation or footer. Each depends only on the language, whether the
    reader is signed in and the section they are in, so it is drawn once per process for each: drawing
    them for every request cost more than the rest of a small page."""
    request = context["request"]
    language, prefix, signed_in = get_language(), get_script_prefix(), request.user.is_authenticated
    current = next(
        (
            href
            for href, _label, exact in _navigation(language, prefix, signed_in)
            if request.path == href or (not exact and href != "/" and request.path.startswith(href))
        ),
        "",
    )
    branding, name = context["govuk_branding"], str(context["service_name"])
    return _frame_part(template_name, language, prefix, signed_in, current, branding, name)
