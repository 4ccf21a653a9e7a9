"""Forms for the editors' triage queue and the glossary: validation only; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import FeedbackType, GlossaryTerm, GuidanceDocument, GuidanceVersion, TriageStatus
from participation.forms.base import ServiceModelForm
from participation.models import Organisation


class FeedbackFilterForm(forms.Form):
    """The queue's filters: a GET form, every field optional; an unknown value is simply ignored."""

    document = forms.ModelChoiceField(
        queryset=GuidanceDocument.objects.none(), required=False, label=_("Guidance"), empty_label=_("All guidance")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *TriageStatus.choices], required=False, label=_("Status")
    )
    feedback_type = forms.ChoiceField(
        choices=[("", _("Any type")), *FeedbackType.choices], required=False, label=_("Type of feedback")
    )
    section = forms.SlugField(required=False, max_length=80, label=_("Section (its anchor)"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = GuidanceDocument.objects.only("pk", "title_en").order_by("title_en")
        self.fields["document"].label_from_instance = lambda document: document.title_en
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(pilots__isnull=False).distinct().only("pk", "name_en").order_by("name_en")
        )
        self.fields["organisation"].label_from_instance = lambda organisation: organisation.name_en

    def filters(self) -> dict:
        """The valid filters, each as a queryset lookup."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        lookups = {
            "version__document": data.get("document"),
            "status": data.get("status"),
            "feedback_type": data.get("feedback_type"),
            "section_anchor": data.get("section"),
            "pilot__organisation": data.get("organisation"),
        }
        return {lookup: value for lookup, value in lookups.items() if value}


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        choices=TriageStatus.choices,
        widget=forms.RadioSelect,
        label=_("Status"),
        error_messages={"required": _("Choose a status"), "invalid_choice": _("Choose a status")},
    )
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        label=_("Response"),
        help_text=_("What we did, or why not. The person who gave the feedback sees this."),
    )
    addressed_in = forms.ModelChoiceField(
        queryset=GuidanceVersion.objects.none(),
        required=False,
        label=_("Version that addresses it"),
        empty_label=_("None yet"),
        help_text=_("Choosing a draft links it to that draft: it becomes addressed when the draft is published."),
        error_messages={"invalid_choice": _("Choose a version of the same guidance")},
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_in"].queryset = document.versions.all()
        self.fields["addressed_in"].label_from_instance = lambda version: (
            _("Version %(number)s (%(status)s)")
            % {
                "number": version.number,
                "status": version.get_status_display().lower(),
            }
        )


class GlossaryTermForm(ServiceModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term_en", "term_cy", "definition_en", "definition_cy"]
        widgets = {
            "definition_en": forms.Textarea(attrs={"rows": 4}),
            "definition_cy": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "term_en": {"required": _("Enter the term in English")},
            "definition_en": {"required": _("Enter the definition in English")},
        }
