"""Forms for the facilitators' pages: validation only; designlabs.services.labs and
designlabs.services.participants write."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forms.meetings import LONDON, MARKDOWN_HINT, WELSH_HINT, TimeField
from designlabs.models import (
    InformationSheet,
    Lab,
    MaterialVisibility,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    SessionLanguage,
    SessionMode,
)
from participation.forms.base import ServiceModelForm
from participation.forms.widgets import GovukDateField
from participation.models import Language, Organisation


def _radios_without_blank(field) -> None:
    """GOV.UK radios have no "---------" option: no answer is simply no radio chosen."""
    field.choices = [(value, label) for value, label in field.choices if value != ""]


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _money_field(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": _("Enter an amount in pounds, like 150 or 75.50")},
    )


class LabForm(ServiceModelForm):
    department = OrganisationChoiceField(
        queryset=Organisation.objects.order_by("name_en"),
        label=_("Department"),
        help_text=_("The public body the lab works with."),
        error_messages={"required": _("Choose the department")},
    )
    partners = OrganisationsField(
        queryset=Organisation.objects.order_by("name_en"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Partner organisations"),
        help_text=_("Staff of partner organisations can open the lab’s workspace. Select all that apply."),
    )
    retention_date = GovukDateField(
        label=_("Delete personal data on"),
        help_text=_(
            "Participants’ names, contact details, access needs and payments are removed on this date. "
            "It must be in the future. For example, 27 3 2027"
        ),
        error_messages={"required": _("Enter the date to delete personal data")},
    )
    cost = _money_field(_("Cost (£, optional)"))
    dots_per_participant = forms.IntegerField(
        label=_("Dots per participant"),
        min_value=1,
        max_value=50,
        initial=5,
        help_text=_("How many dots each person has to prioritise outputs."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    class Meta:
        model = Lab
        fields = [
            "title_en",
            "title_cy",
            "brief_en",
            "brief_cy",
            "policy_question_en",
            "policy_question_cy",
            "public_description_en",
            "public_description_cy",
            "department",
            "partners",
            "intended_output",
            "status",
            "invitation_only",
            "chatham_house",
            "sectors_represented",
            "dots_per_participant",
            "voting_open",
            "retention_date",
            "cost",
        ]
        widgets = {
            "intended_output": forms.RadioSelect,
            "status": forms.RadioSelect,
            "brief_en": forms.Textarea(attrs={"rows": 5}),
            "brief_cy": forms.Textarea(attrs={"rows": 5}),
            "public_description_en": forms.Textarea(attrs={"rows": 4}),
            "public_description_cy": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title_cy": WELSH_HINT,
            "brief_en": MARKDOWN_HINT,
            "brief_cy": WELSH_HINT,
            "policy_question_cy": WELSH_HINT,
            "public_description_cy": WELSH_HINT,
        }
        error_messages = {
            "title_en": {"required": _("Enter the lab’s title")},
            "brief_en": {"required": _("Enter the brief")},
            "policy_question_en": {"required": _("Enter the policy question")},
            "public_description_en": {"required": _("Enter the public description")},
            "intended_output": {"required": _("Choose the intended output")},
            "status": {"required": _("Choose the lab’s status")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radios_without_blank(self.fields["intended_output"])
        _radios_without_blank(self.fields["status"])
        self.fields["invitation_only"].label = _("Invitation only")
        self.fields["voting_open"].label = _("Dot-voting is open")

    def clean_retention_date(self):
        value = self.cleaned_data.get("retention_date")
        changed = self.instance.pk is None or value != self.instance.retention_date
        if value is not None and changed and value <= timezone.localdate():
            raise forms.ValidationError(
                _(
                    "The date to delete personal data must be in the future: participants’ names, contact "
                    "details, access needs and payments are removed on that date"
                )
            )
        return value


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the co-facilitator"),
        max_length=254,
        help_text=_("They need an account with this address and the lab facilitator role."),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.gov.uk"),
        },
    )


class SessionForm(forms.Form):
    """Date with start and end times, entered in UK time."""

    title_en = forms.CharField(
        label=_("Title (English)"), max_length=200, error_messages={"required": _("Enter the session’s title")}
    )
    title_cy = forms.CharField(label=_("Title (Welsh)"), max_length=200, required=False, help_text=WELSH_HINT)
    date = GovukDateField(
        label=_("Date"),
        help_text=_("For example, 27 3 2027"),
        error_messages={"required": _("Enter the date of the session")},
    )
    start_time = TimeField(label=_("Start time"))
    end_time = TimeField(label=_("End time"))
    mode = forms.ChoiceField(
        label=_("In person or online"),
        choices=SessionMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose in person, online or hybrid")},
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("Needed for in-person and hybrid sessions. Shown only to participants."),
    )
    online_link = forms.URLField(
        label=_("Online link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Needed for online and hybrid sessions. Shown only to participants."),
    )
    agenda_en = forms.CharField(
        label=_("Agenda (English)"), required=False, max_length=10000, widget=forms.Textarea, help_text=MARKDOWN_HINT
    )
    agenda_cy = forms.CharField(
        label=_("Agenda (Welsh)"), required=False, max_length=10000, widget=forms.Textarea, help_text=WELSH_HINT
    )
    access_provision = forms.CharField(
        label=_("Access provision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example step-free access, captions, BSL."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=SessionLanguage.choices, widget=forms.RadioSelect, initial=SessionLanguage.ENGLISH
    )
    summary_en = forms.CharField(
        label=_("What happened (English)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("After the session: a short account for the write-up."),
    )
    summary_cy = forms.CharField(
        label=_("What happened (Welsh)"), required=False, max_length=5000, widget=forms.Textarea, help_text=WELSH_HINT
    )

    @classmethod
    def initial_for(cls, session) -> dict:
        starts, ends = timezone.localtime(session.starts_at, LONDON), timezone.localtime(session.ends_at, LONDON)
        initial = {name: getattr(session, name) for name in cls.base_fields if hasattr(session, name)}
        initial.update(date=starts.date(), start_time=starts.time(), end_time=ends.time())
        return initial

    def clean_online_link(self):
        link = self.cleaned_data.get("online_link", "")
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError(_("Enter an online link starting with https://"))
        return link

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("start_time") is None and cleaned.get("start_time") is None:
            self.add_error("start_time", _("Enter the start time"))
        if self.errors.get("end_time") is None and cleaned.get("end_time") is None:
            self.add_error("end_time", _("Enter the end time"))
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date is None or start is None or end is None:
            return cleaned
        starts_at = datetime.datetime.combine(date, start, tzinfo=LONDON)
        ends_at = datetime.datetime.combine(date, end, tzinfo=LONDON)
        if ends_at <= starts_at:
            self.add_error("end_time", _("The session must end after it starts"))
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("date", "start_time", "end_time"):
            data.pop(name, None)
        return data


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")})
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A web address. Give a link or a file, not both."),
        error_messages={"invalid": _("Enter a web address, like https://example.org/pre-reading")},
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), CSV, PNG or JPEG, up to 10 MB."),
    )
    session = SessionChoiceField(
        queryset=None,
        required=False,
        label=_("Session (optional)"),
        empty_label=_("The whole lab"),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=MaterialVisibility.choices,
        widget=forms.RadioSelect,
        initial=MaterialVisibility.PARTICIPANTS,
        error_messages={"required": _("Choose who can see it")},
    )

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = lab.sessions.all()

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter a web address starting with https://"))
        return url

    def clean(self):
        cleaned = super().clean()
        if "url" in self.errors or "file" in self.errors:
            return cleaned
        url, upload = cleaned.get("url"), cleaned.get("file")
        if url and upload:
            self.add_error("url", _("Give either a link or a file, not both"))
        elif not url and not upload:
            self.add_error("url", _("Give a link or choose a file"))
        return cleaned


class InformationSheetForm(ServiceModelForm):
    class Meta:
        model = InformationSheet
        fields = ["version", "body_en", "body_cy"]
        widgets = {"body_en": forms.Textarea(attrs={"rows": 12}), "body_cy": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "version": _("For example, 1.0 or 2025-06. Participants consent to the newest version."),
            "body_en": MARKDOWN_HINT,
            "body_cy": WELSH_HINT,
        }
        error_messages = {
            "version": {"required": _("Enter a version label")},
            "body_en": {"required": _("Enter the information sheet’s text")},
        }

    def validate_unique(self):
        # The service checks the version is new to this lab (the form has no lab field).
        pass


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.gov.uk"),
        },
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        initial="en",
        help_text=_("The invitation email is sent in this language."),
    )


class ParticipantForm(ServiceModelForm):
    honorarium = _money_field(_("Honorarium (£)"))
    expenses = _money_field(_("Expenses (£)"))

    class Meta:
        model = Participant
        fields = [
            "role",
            "status",
            "preferred_language",
            "access_needs",
            "adjustments",
            "dietary_notes",
            "honorarium",
            "expenses",
            "payment_status",
        ]
        widgets = {
            "role": forms.RadioSelect,
            "status": forms.RadioSelect,
            "preferred_language": forms.RadioSelect,
            "payment_status": forms.RadioSelect,
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "adjustments": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("role", "status", "preferred_language", "payment_status"):
            _radios_without_blank(self.fields[name])


class RecordConsentForm(forms.Form):
    sheet = forms.ModelChoiceField(
        queryset=None,
        label=_("Information sheet version"),
        empty_label=None,
        error_messages={"required": _("Choose the information sheet version")},
    )
    given_on = GovukDateField(
        label=_("Date consent was given"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date consent was given")},
    )

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = lab.information_sheets.order_by("-created_at")
        self.fields["sheet"].label_from_instance = lambda sheet: sheet.version

    def clean_given_on(self):
        value = self.cleaned_data.get("given_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date consent was given must be today or in the past"))
        return value

    def given_at(self) -> datetime.datetime:
        """Midday UK time on the day given, or now if that was today."""
        day = self.cleaned_data["given_on"]
        if day == timezone.localdate():
            return timezone.now()
        return datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON)


class ParticipantFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ParticipantStatus.choices], required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role")), *ParticipantRole.choices], required=False)
