"""Forms for the lab workspace: quick capture, editing an output, themes, and the board's filters.
They validate only; designlabs.services.outputs writes."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from designlabs.models import Lab, Output, OutputKind, Session, Theme
from designlabs.services.outputs import MAX_TEXT
from guidance.models import GuidanceVersion, PilotFeedback, ReviewStatus
from participation.forms.base import ServiceModelForm

TEXT_ERRORS = {
    "required": _("Enter what was said or suggested"),
    "max_length": _("The output must be 1,000 characters or fewer"),
}


class CaptureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=OutputKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the type of output"), "invalid_choice": _("Select the type of output")},
    )
    text = forms.CharField(
        label=_("What was said or suggested"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=TEXT_ERRORS,
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return f"{version.document.title_en} {version.number}"


class FeedbackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, feedback):
        section = feedback.section_anchor or _("whole document")
        words = Truncator(feedback.text).words(8)
        return f"{feedback.version.document.title_en} {feedback.version.number} – {section} – “{words}”"


class OutputEditForm(ServiceModelForm):
    """Choices for guidance come from the lab's resulting guidance documents when it has any, so the
    lists stay short; otherwise from all guidance."""

    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("Not yet grouped")
    )
    guidance_feedback = FeedbackChoiceField(
        label=_("Guidance feedback it relates to"), queryset=PilotFeedback.objects.none(), required=False
    )
    guidance_version = VersionChoiceField(
        label=_("Guidance version it fed into"), queryset=GuidanceVersion.objects.none(), required=False
    )

    class Meta:
        model = Output
        fields = ["kind", "text", "theme", "is_public", "guidance_feedback", "guidance_version"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": TEXT_ERRORS, "kind": {"required": _("Select the type of output")}}

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OutputKind.choices
        self.fields["theme"].queryset = Theme.objects.filter(lab=lab)
        documents = lab.guidance_documents.values("pk")
        versions = GuidanceVersion.objects.filter(status=ReviewStatus.PUBLISHED).select_related("document")
        feedback = PilotFeedback.objects.select_related("version__document")
        if lab.guidance_documents.exists():
            versions = versions.filter(document__in=documents)
            feedback = feedback.filter(version__document__in=documents)
        self.fields["guidance_version"].queryset = versions.order_by("document__title_en", "-major", "-minor")
        self.fields["guidance_feedback"].queryset = feedback.order_by("version__document__title_en", "-created_at")
        self.fields["guidance_version"].empty_label = _("None")
        self.fields["guidance_feedback"].empty_label = _("None")
        self.fields["guidance_version"].help_text = _("Only published versions are listed.")


class ThemeForm(forms.Form):
    title = forms.CharField(
        label=_("Theme"),
        max_length=200,
        error_messages={
            "required": _("Enter a name for the theme"),
            "max_length": _("The theme’s name must be 200 characters or fewer"),
        },
    )


class ThemeAssignForm(forms.Form):
    """The board's per-output theme select (facilitators). Choices come from the themes the page
    already loaded, so checking one costs no query."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, themes: list[Theme], **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {str(theme.pk): theme for theme in themes}
        self.fields["theme"].choices = [("", _("Not yet grouped")), *((pk, t.title) for pk, t in self.themes.items())]
        self.fields["theme"].error_messages["invalid_choice"] = _("Select a theme from the list")

    def chosen_theme(self) -> Theme | None:
        return self.themes.get(self.cleaned_data["theme"])


class BoardFilterForm(forms.Form):
    """GET filters: a value that is not one of the choices is ignored, never an error page."""

    session = forms.ChoiceField(label=_("Session"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, sessions: list[Session], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("All sessions")), *((str(s.pk), s.title) for s in sessions)]
        self.fields["kind"].choices = [("", _("All types")), *OutputKind.choices]

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
