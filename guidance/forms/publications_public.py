"""The public publications list's GET filters: validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import PublicationKind, Topic


class PublicationFilterForm(forms.Form):
    """Invalid values are reported on the form and left out of the filters."""

    q = forms.CharField(label=_("Search publications"), required=False, max_length=200)
    kind = forms.MultipleChoiceField(
        label=_("Type"),
        required=False,
        choices=PublicationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose a type from the list")},
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[("", _("All topics")), *Topic.choices],
        error_messages={"invalid_choice": _("Choose a topic from the list")},
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if "\x00" in text:
            raise forms.ValidationError(_("Search words cannot contain that character"), code="null")
        return text.strip()
