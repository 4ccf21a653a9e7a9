"""Forms participants fill in themselves: validation only; designlabs.services.participants writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Language


class MyDetailsForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose English or Welsh"), "invalid_choice": _("Choose English or Welsh")},
    )
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Tell the facilitators anything they should arrange so you can take part, for example step-free "
            "access, a hearing loop, captions or breaks. Only the facilitators see this."
        ),
    )
    dietary_notes = forms.CharField(
        label=_("Dietary requirements (optional)"),
        required=False,
        max_length=500,
        help_text=_("For in-person sessions. Only the facilitators see this."),
    )


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the information sheet and agree to take part"),
        error_messages={"required": _("Tick the box to say you have read the information sheet and agree")},
    )
