"""Forum forms: validation only; community.services.forum writes."""

import datetime

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import FlagReason, SubscriptionMode
from participation.forms.widgets import GovukDateField

BODY_HINT = _(
    "You can use Markdown: **bold**, *italic*, [a link](https://example.org), lists and quotes. "
    "To mention a member, write @ and their name in square brackets, like @[Sam Jones]."
)


def markdown_textarea() -> forms.Textarea:
    """A message box that asks for a live preview (htmx) as the member types."""
    return forms.Textarea(
        attrs={
            "rows": 10,
            "hx-post": reverse_lazy("community:markdown-preview"),
            "hx-trigger": "input changed delay:600ms",
            "hx-target": "#markdown-preview",
            "hx-swap": "innerHTML",
        }
    )


def _body_field(label=None):
    return forms.CharField(
        label=label or _("Message"),
        help_text=BODY_HINT,
        widget=markdown_textarea(),
        strip=True,
        error_messages={"required": _("Enter your message")},
    )


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("The title can have at most 200 characters"),
        },
    )
    body = _body_field()


class ReplyForm(forms.Form):
    quote = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    body = _body_field(_("Your reply"))


class PostEditForm(forms.Form):
    body = _body_field()


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are reporting this post")},
    )
    details = forms.CharField(
        label=_("Anything else the moderators should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Details can have at most 2,000 characters")},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this post being hidden?"),
        help_text=_("The author will see this in an email."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the post is hidden: its author will see this"),
            "max_length": _("The reason can have at most 500 characters"),
        },
    )


SUBSCRIPTION_CHOICES = [*SubscriptionMode.choices, ("none", _("No emails"))]


class SubscribeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Emails about new replies"),
        choices=SUBSCRIPTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to hear about replies")},
    )


class TopicModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("lock", "unlock", "pin", "unpin")])


class SuspendForm(forms.Form):
    until = GovukDateField(
        label=_("Suspended until"),
        help_text=_("They can post again from the start of this day. For example, 27 3 2027"),
        error_messages={"required": _("Enter the date the suspension ends")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The member will see this in an email."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say why: the member will see this"),
            "max_length": _("The reason can have at most 2,000 characters"),
        },
    )

    def clean_until(self):
        day = self.cleaned_data["until"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The date must be in the future"))
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forum"), max_length=200, required=False)
