"""Forms for the guidance editors' pages: validation only; guidance.services.workflow writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import (
    Audience,
    ChangeType,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    Phase,
    PilotFeedback,
    Topic,
)
from participation.forms.base import ServiceModelForm
from participation.forms.widgets import GovukDateField
from participation.models import Organisation
from participation.services.markdown import validate_markdown_size

MARKDOWN_HINT = _("You can use Markdown: ## for a subheading, * for a bulleted list, [text](address) for a link.")


def _radios_without_blank(field) -> None:
    """GOV.UK radios have no "---------" option: no answer is simply no radio chosen."""
    field.choices = [(value, label) for value, label in field.choices if value != ""]


class DocumentForm(ServiceModelForm):
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Who is it for?"),
        help_text=_("Select all that apply."),
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Partner organisations"),
        help_text=_("Organisations that wrote the guidance with the maintaining organisation."),
    )
    review_due = GovukDateField(
        label=_("Review due"),
        required=False,
        help_text=_("When the guidance should next be reviewed. For example, 27 3 2027"),
    )

    class Meta:
        model = GuidanceDocument
        fields = [
            "title_en",
            "title_cy",
            "summary_en",
            "summary_cy",
            "topic",
            "audiences",
            "organisation",
            "partners",
            "phase",
            "review_due",
        ]
        widgets = {
            "topic": forms.RadioSelect,
            "phase": forms.RadioSelect,
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_cy": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title_cy": _("Leave blank if there is no Welsh translation yet."),
            "summary_en": _("One or two sentences in plain English, shown in lists and search results."),
            "organisation": _("The organisation responsible for keeping the guidance up to date."),
        }
        error_messages = {
            "title_en": {"required": _("Enter the title in English")},
            "summary_en": {"required": _("Enter a summary in English")},
            "topic": {"required": _("Choose the topic")},
            "organisation": {"required": _("Choose the maintaining organisation")},
            "phase": {"required": _("Choose the phase")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("name_en")
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("Choose an organisation")
        self.fields["partners"].queryset = organisations
        self.fields["topic"].choices = Topic.choices
        self.fields["phase"].choices = Phase.choices
        if self.instance.pk:
            self.initial["partners"] = [partner.pk for partner in self.instance.partners.all()]

    def clean(self):
        cleaned = super().clean()
        organisation, partners = cleaned.get("organisation"), cleaned.get("partners")
        if organisation and partners and organisation in partners:
            self.add_error("partners", _("The maintaining organisation cannot also be a partner"))
        return cleaned


class NewVersionForm(forms.Form):
    change_type = forms.ChoiceField(
        choices=ChangeType.choices,
        widget=forms.RadioSelect,
        label=_("What kind of change will this be?"),
        error_messages={"required": _("Choose whether this is a minor or a major change")},
    )


class VersionForm(ServiceModelForm):
    addressed_feedback = forms.ModelMultipleChoiceField(
        queryset=PilotFeedback.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Feedback this version addresses"),
        help_text=_("The public page says which feedback prompted the change."),
    )

    class Meta:
        model = GuidanceVersion
        fields = ["change_type", "change_note_en", "change_note_cy"]
        widgets = {
            "change_type": forms.RadioSelect,
            "change_note_en": forms.Textarea(attrs={"rows": 4}),
            "change_note_cy": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "change_note_en": _(
                "Shown publicly on the guidance page and its history. Say what changed and why. "
                "A major change needs a change note."
            ),
            "change_note_cy": _("Leave blank if there is no Welsh translation yet."),
        }
        error_messages = {"change_type": {"required": _("Choose whether this is a minor or a major change")}}

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        _radios_without_blank(self.fields["change_type"])
        self.fields["addressed_feedback"].queryset = feedback
        self.initial.setdefault(
            "addressed_feedback", [item.pk for item in feedback if item.addressed_in_id == self.instance.pk]
        )


class SectionForm(ServiceModelForm):
    class Meta:
        model = GuidanceSection
        fields = ["heading_en", "heading_cy", "body_en", "body_cy"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 15}),
            "body_cy": forms.Textarea(attrs={"rows": 15}),
        }
        help_texts = {
            "heading_en": _(
                "The heading also becomes the section’s link anchor; it stays the same if you change the heading later."
            ),
            "heading_cy": _("Leave blank if there is no Welsh translation yet."),
            "body_en": MARKDOWN_HINT,
            "body_cy": MARKDOWN_HINT,
        }
        error_messages = {
            "heading_en": {"required": _("Enter the section’s heading in English")},
            "body_en": {"required": _("Enter the section’s text in English")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("body_en", "body_cy"):
            self.fields[name].validators.append(validate_markdown_size)
