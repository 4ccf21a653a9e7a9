"""Forms for pilots, pilot feedback and adoption: validation only; guidance.services.pilots writes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance.models import FeedbackType, GuidanceVersion
from guidance.services.pilots import FEEDBACK_MAX_LENGTH
from participation.forms.widgets import GovukDateField
from participation.models import Activity, Organisation, Project


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, show_organisation=False, **kwargs):
        self.show_organisation = show_organisation
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if self.show_organisation:
            return f"{obj.title} ({obj.organisation.name})"
        return obj.title


class PilotSignupForm(forms.Form):
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Which organisation will pilot the guidance?"),
        error_messages={
            "required": _("Choose the organisation that will pilot the guidance"),
            "invalid_choice": _("Choose an organisation you can sign up"),
        },
    )
    contact_role = forms.CharField(
        max_length=200,
        label=_("Contact for the pilot (role title)"),
        help_text=_("A role title, not a person’s name. For example, Head of data ethics."),
        error_messages={"required": _("Enter the role of the pilot’s contact")},
    )
    starts_on = GovukDateField(
        label=_("Start date"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the pilot starts")},
    )
    ends_on = GovukDateField(label=_("End date (optional)"), required=False, help_text=_("For example, 27 9 2026"))
    projects = ProjectChoiceField(
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Projects it is applied to (optional)"),
        error_messages={"invalid_choice": _("Choose projects of your organisation")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name_en")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["projects"].queryset = (
            Project.objects.filter(organisation__in=organisations)
            .select_related("organisation")
            .order_by("organisation__name_en", "title_en")
        )
        self.fields["projects"].show_organisation = len(organisations) > 1
        if not self.fields["projects"].queryset.exists():
            del self.fields["projects"]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The end date must be after the start date"))
        organisation, projects = cleaned.get("organisation"), cleaned.get("projects") or []
        if organisation and any(project.organisation_id != organisation.pk for project in projects):
            self.add_error("projects", _("Choose projects of the organisation that will pilot the guidance"))
        return cleaned


RATING_CHOICES = [
    (1, _("1 – not useful")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – very useful")),
]


class FeedbackForm(forms.Form):
    section_anchor = forms.ChoiceField(
        label=_("Which section is your feedback about?"),
        error_messages={
            "required": _("Choose the section your feedback is about"),
            "invalid_choice": _("Choose a section of this guidance"),
        },
    )
    feedback_type = forms.ChoiceField(
        choices=FeedbackType.choices,
        widget=forms.RadioSelect,
        label=_("What kind of feedback is it?"),
        error_messages={
            "required": _("Choose the type of feedback"),
            "invalid_choice": _("Choose the type of feedback"),
        },
    )
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("How useful is this section? (optional)"),
        error_messages={"invalid_choice": _("Choose a rating from 1 to 5")},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=FEEDBACK_MAX_LENGTH,
        label=_("Your feedback"),
        help_text=_("What happened when you applied this section? Up to 5,000 characters."),
        error_messages={
            "required": _("Enter your feedback"),
            "max_length": _("Your feedback must be 5,000 characters or fewer"),
        },
    )
    submitter_role = forms.CharField(
        max_length=200,
        required=False,
        label=_("Your role (optional)"),
        help_text=_("For example, Data protection officer. Shown to the guidance editors, not your name."),
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label=_("Engagement activity that applied it (optional)"),
        help_text=_("Linking the activity where you used the guidance shows it was tried for real."),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose an activity of your organisation")},
    )
    may_publish = forms.BooleanField(required=False, label=_("You may publish this feedback"))
    show_organisation = forms.BooleanField(
        required=False, initial=True, label=_("Name our organisation when publishing it")
    )

    def __init__(self, *args, pilot, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_anchor"].choices = [("", _("Choose a section"))] + [
            (section.anchor, section.heading) for section in sections
        ]
        self.fields["activity"].queryset = Activity.objects.filter(organisation_id=pilot.organisation_id).order_by(
            "title_en"
        )
        self.fields["activity"].label_from_instance = lambda activity: activity.title_en


class AdoptionForm(forms.Form):
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Which organisation has adopted the guidance?"),
        error_messages={
            "required": _("Choose the organisation that adopted the guidance"),
            "invalid_choice": _("Choose an organisation you can declare adoption for"),
        },
    )
    version = forms.ModelChoiceField(
        queryset=GuidanceVersion.objects.none(),
        empty_label=None,
        label=_("Which version did you adopt?"),
        error_messages={
            "required": _("Choose the version you adopted"),
            "invalid_choice": _("Choose a published version of this guidance"),
        },
    )
    adopted_on = GovukDateField(
        label=_("Date adopted"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date you adopted it")},
    )
    evidence_url = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label=_("Link to evidence (optional)"),
        help_text=_("A public page that shows you adopted it, such as a policy or a board paper."),
        error_messages={"invalid": _("Enter a web address, like https://www.example.gov.uk/policy")},
    )

    def __init__(self, *args, organisations, versions, current_version=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name_en")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda version: (
            _("Version %(number)s") % {"number": version.number}
        )
        if current_version is not None:
            self.fields["version"].initial = current_version.pk

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data.get("adopted_on")
        if adopted_on and adopted_on > timezone.localdate():
            raise forms.ValidationError(_("The date adopted must be today or in the past"))
        return adopted_on
