from django import forms
from django.utils.translation import gettext_lazy as _

from designlabs.models import Impact, Lab
from guidance.models import GuidanceDocument, GuidanceVersion, ReviewStatus
from participation.forms.base import ServiceModelForm
from participation.models import Project


class WriteUpForm(ServiceModelForm):
    guidance_documents = forms.ModelMultipleChoiceField(
        label=_("Resulting guidance"),
        help_text=_("Guidance documents the lab shaped. They are listed on the public write-up."),
        queryset=GuidanceDocument.objects.published().order_by("title_en"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Lab
        fields = ["summary_en", "summary_cy", "next_steps_en", "next_steps_cy"]
        help_texts = {
            "summary_en": _("Markdown. What the sessions did and found, for the public page and the PDF."),
            "next_steps_en": _("Markdown. What the department will do with the outputs, and when."),
        }


class GuidanceVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return _("%(document)s, version %(number)s") % {"document": version.document.title, "number": version.number}


class ImpactForm(ServiceModelForm):
    guidance_version = GuidanceVersionChoiceField(
        label=_("Guidance version (optional)"),
        help_text=_("If a published guidance version came of the lab, choose it."),
        queryset=GuidanceVersion.objects.filter(status=ReviewStatus.PUBLISHED)
        .select_related("document")
        .order_by("document__title_en", "-major", "-minor"),
        required=False,
        empty_label=_("None"),
    )

    class Meta:
        model = Impact
        fields = ["happened_on", "description_en", "description_cy", "url", "guidance_version"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"description_en": _("For example “Guidance version 2.0 published citing this lab”.")}


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, project):
        return f"{project.title} ({project.organisation.name})"


class RecordActivityForm(forms.Form):
    project = ProjectChoiceField(
        label=_("Which project is the lab part of?"),
        help_text=_("The activity is recorded as a draft in the project’s organisation."),
        queryset=Project.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
