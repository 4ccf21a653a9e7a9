"""Forms readers use on the public guidance pages: validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import Audience, Topic


class DocumentFilterForm(forms.Form):
    """The guidance list's GET filters. Invalid values are reported and ignored."""

    q = forms.CharField(label=_("Search guidance"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices])
    audience = forms.ChoiceField(
        label=_("Who it is for"), required=False, choices=[("", _("Everyone")), *Audience.choices]
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if "\x00" in text:
            raise forms.ValidationError(_("Search words cannot contain that character"), code="null")
        return text.strip()


class CompareForm(forms.Form):
    """Two published versions of one document, chosen by number. Its fields are `from` and `to`,
    a Python keyword, so they are added here rather than declared."""

    def __init__(self, *args, numbers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, number) for number in numbers]
        self.fields["from"] = forms.ChoiceField(
            label=_("Compare version"),
            choices=choices,
            error_messages={"invalid_choice": _("Choose a published version to compare from")},
        )
        self.fields["to"] = forms.ChoiceField(
            label=_("with version"),
            choices=choices,
            error_messages={"invalid_choice": _("Choose a published version to compare with")},
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", _("Choose two different versions"))
        return cleaned
