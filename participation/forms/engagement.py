"""Forms for the staff journeys of the engagement log: validation only; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.forms.base import ServiceModelForm
from participation.forms.widgets import GovukDateField
from participation.models import Activity, ParticipantGroup, Project, Recommendation
from participation.models.vocabularies import Method
from participation.services.engagement import PROJECT_FIELDS
from participation.services.markdown import validate_markdown_size

MARKDOWN_FIELDS = {
    "summary_en",
    "summary_cy",
    "description_en",
    "description_cy",
    "decisions_open_en",
    "decisions_open_cy",
    "decisions_fixed_en",
    "decisions_fixed_cy",
    "planned_level_rationale",
    "purpose",
    "decisions_informed",
    "method_description",
    "reflection",
    "findings_en",
    "findings_cy",
    "what_changed_en",
    "what_changed_cy",
    "demographic_summary",
    "access_adjustments",
    "text_en",
    "text_cy",
    "explanation_en",
    "explanation_cy",
    "action_en",
    "action_cy",
}
MARKDOWN_HINT = _("You can use Markdown for lists and links.")


def date_field(label):
    return GovukDateField(label=label, required=False, help_text=_("For example, 27 3 2026"))


class EngagementForm(ServiceModelForm):
    """A ModelForm that never saves: its cleaned data goes to a service, which writes only the
    fields it allows. Long text is Markdown with a size limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in MARKDOWN_FIELDS:
                field.validators.append(validate_markdown_size)
                if not field.help_text:
                    field.help_text = MARKDOWN_HINT
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
            if type(field.widget) is forms.RadioSelect and isinstance(field, forms.TypedChoiceField):
                # GOV.UK radios have no "---------" option: no answer is simply no radio chosen.
                field.choices = [(value, label) for value, label in field.choices if value != ""]


class ProjectForm(EngagementForm):
    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        widgets = {
            "project_type": forms.RadioSelect,
            "lifecycle_phase": forms.RadioSelect,
            "planned_level": forms.RadioSelect,
            "engagement_intent": forms.RadioSelect,
        }
        help_texts = {
            "summary_en": _("Two or three sentences in plain English."),
            "procurement_stage": _("Only for the procurement of a data or AI system."),
            "sro_role": _("A role title, not a person’s name."),
            "contact_email": _("A team mailbox the public can write to, not a person’s address."),
        }
        error_messages = {
            "title_en": {"required": _("Enter the project’s title in English")},
            "summary_en": {"required": _("Enter a short description in English")},
            "project_type": {"required": _("Choose the type of project")},
            "lifecycle_phase": {"required": _("Choose the lifecycle phase")},
        }


class ActivityCreateForm(EngagementForm):
    projects = forms.ModelMultipleChoiceField(
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Which projects is it for?"),
        error_messages={"required": _("Choose at least one project")},
    )

    class Meta:
        model = Activity
        fields = ["title_en", "title_cy", "summary_en", "summary_cy"]
        error_messages = {
            "title_en": {"required": _("Enter the activity’s title in English")},
            "summary_en": {"required": _("Enter a summary in English")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(organisation=organisation).order_by("title_en")


class ActivityPlanForm(EngagementForm):
    methods = forms.MultipleChoiceField(
        choices=Method.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Methods used")
    )
    planned_start = date_field(_("Planned start"))
    planned_end = date_field(_("Planned end"))

    class Meta:
        model = Activity
        fields = ["purpose", "decisions_informed", "decision_maker_role", "lifecycle_stage", "level_promised"]
        widgets = {"lifecycle_stage": forms.RadioSelect, "level_promised": forms.RadioSelect}

    field_order = [*Meta.fields[:4], "methods", "level_promised", "planned_start", "planned_end"]


class ActivityRunForm(EngagementForm):
    actual_start = date_field(_("Start date"))
    actual_end = date_field(_("End date"))

    class Meta:
        model = Activity
        fields = [
            "status",
            "modality",
            "method_description",
            "locations",
            "session_count",
            "contact_hours",
            "delivery_language",
            "interpretation_provided",
            "delivery_partner",
            "cost_total",
            "cost_includes_vat",
            "funding_source",
        ]
        widgets = {"status": forms.RadioSelect, "modality": forms.RadioSelect, "delivery_language": forms.RadioSelect}

    field_order = ["status", "modality", "actual_start", "actual_end", *Meta.fields[2:]]


class ActivityReportForm(EngagementForm):
    findings_reported_on = date_field(_("Date findings were reported"))

    class Meta:
        model = Activity
        fields = ["findings_en", "findings_cy", "level_achieved", "reflection", "report_url"]
        widgets = {"level_achieved": forms.RadioSelect}


class ActivityRespondForm(EngagementForm):
    participants_told_on = date_field(_("Date participants were told"))
    response_published_on = date_field(_("Date the response was published"))

    class Meta:
        model = Activity
        fields = ["what_changed_en", "what_changed_cy", "participants_told_how"]
        help_texts = {"participants_told_how": _("For example, by email to everyone who took part.")}


SECTION_FORMS = {
    "plan": ActivityPlanForm,
    "run": ActivityRunForm,
    "report": ActivityReportForm,
    "respond": ActivityRespondForm,
}


class ParticipantGroupForm(EngagementForm):
    class Meta:
        model = ParticipantGroup
        fields = [
            "label",
            "representation_type",
            "recruitment",
            "recruiter",
            "invited_count",
            "took_part_count",
            "completed_count",
            "demographic_summary",
            "payment_per_person",
            "expenses_covered",
            "access_adjustments",
            "includes_under_18s",
        ]
        widgets = {"representation_type": forms.RadioSelect, "recruitment": forms.RadioSelect}
        help_texts = {
            "label": _("For example, “Young people aged 16 to 24”."),
            "demographic_summary": _("Totals only: never details about one person."),
        }
        error_messages = {
            "label": {"required": _("Enter who they are")},
            "representation_type": {"required": _("Choose whom they represent")},
            "recruitment": {"required": _("Choose how they were recruited")},
        }


class RecommendationForm(EngagementForm):
    class Meta:
        model = Recommendation
        fields = ["reference", "text_en", "text_cy"]
        help_texts = {"reference": _("Leave empty to number it for you, for example R3.")}
        error_messages = {"text_en": {"required": _("Enter what participants said")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False


class ResponseForm(EngagementForm):
    due_on = date_field(_("Response due"))
    done_on = date_field(_("Done on"))

    class Meta:
        model = Recommendation
        fields = [
            "response_status",
            "explanation_en",
            "explanation_cy",
            "action_en",
            "action_cy",
            "owner_role",
            "evidence_url",
        ]
        widgets = {"response_status": forms.RadioSelect}
        help_texts = {"owner_role": _("A role title, not a person’s name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_status"].required = True
        self.fields["response_status"].error_messages["required"] = _("Choose a response")


class PublishForm(forms.Form):
    change_summary = forms.CharField(
        label=_("What changed since the last published version?"),
        help_text=_("Shown in the public change history."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, is_republish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_republish:
            del self.fields["change_summary"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing it?"),
        help_text=_("Shown in the public change history."),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you are withdrawing it")},
    )


class EvidenceFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")})
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), CSV, PNG or JPEG, up to 10 MB."),
        error_messages={"required": _("Choose a file")},
    )
    is_public = forms.BooleanField(label=_("Publish it with the record"), required=False)
