"""Forms for the unconference, its rooms and slots, proposals, reviews and notes: validation only;
community.services.unconference writes. Times are entered in UK time."""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forms.meetings import MARKDOWN_HINT, WELSH_HINT, TimeField
from community.models import Meeting, SessionFormat
from community.services.unconference import MAX_VOTES, MIN_VOTES
from participation.forms.widgets import GovukDateField

LONDON = ZoneInfo("Europe/London")
# (date field, time field, model field, label of the moment)
WINDOW_FIELDS = (
    ("proposals_open_date", "proposals_open_time", "proposals_open_at"),
    ("proposals_close_date", "proposals_close_time", "proposals_close_at"),
    ("voting_open_date", "voting_open_time", "voting_open_at"),
    ("voting_close_date", "voting_close_time", "voting_close_at"),
)
# Where a service error on a model field shows on the form.
ERROR_FIELDS = {
    "proposals_open_at": "proposals_open_date",
    "proposals_close_at": "proposals_close_date",
    "voting_open_at": "voting_open_date",
    "voting_close_at": "voting_close_date",
}


def _number(**kwargs):
    return forms.IntegerField(
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}), **kwargs
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title_en} ({timezone.localtime(obj.starts_at, LONDON):%d/%m/%Y})"


class UnconferenceForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_cy = forms.CharField(label=_("Title (Welsh)"), max_length=200, required=False, help_text=WELSH_HINT)
    description_en = forms.CharField(
        label=_("Description (English)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text=MARKDOWN_HINT,
    )
    description_cy = forms.CharField(
        label=_("Description (Welsh)"), max_length=5000, required=False, widget=forms.Textarea, help_text=WELSH_HINT
    )
    meeting = MeetingChoiceField(
        label=_("Community meeting (optional)"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not tied to a meeting"),
        help_text=_("The meeting or event the unconference is part of."),
    )
    date = GovukDateField(label=_("Date of the unconference"), help_text=_("For example, 27 3 2027"))
    proposals_open_date = GovukDateField(label=_("Proposals open: date"))
    proposals_open_time = TimeField(label=_("Proposals open: time"))
    proposals_close_date = GovukDateField(label=_("Proposals close: date"))
    proposals_close_time = TimeField(label=_("Proposals close: time"))
    voting_open_date = GovukDateField(label=_("Voting opens: date"))
    voting_open_time = TimeField(label=_("Voting opens: time"))
    voting_close_date = GovukDateField(
        label=_("Voting closes: date"), help_text=_("Voting must close before the end of the unconference day.")
    )
    voting_close_time = TimeField(label=_("Voting closes: time"))
    votes_per_member = _number(
        label=_("Votes per member"),
        initial=5,
        validators=[
            MinValueValidator(MIN_VOTES, message=_("Enter a number of votes from 1 to 20")),
            MaxValueValidator(MAX_VOTES, message=_("Enter a number of votes from 1 to 20")),
        ],
        help_text=_("From 1 to 20."),
    )
    proposals_need_approval = forms.BooleanField(
        label=_("Proposals need an organiser’s approval before members can vote for them"), required=False
    )
    hide_counts_until_closed = forms.BooleanField(label=_("Hide vote counts until voting closes"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            starts_at__gte=timezone.now() - datetime.timedelta(days=365)
        ).order_by("starts_at")

    @classmethod
    def initial_for(cls, unconference) -> dict:
        initial = {
            name: getattr(unconference, name)
            for name in cls.base_fields
            if hasattr(unconference, name) and name != "meeting"
        }
        initial["meeting"] = unconference.meeting_id
        for date_field, time_field, model_field in WINDOW_FIELDS:
            moment = timezone.localtime(getattr(unconference, model_field), LONDON)
            initial[date_field], initial[time_field] = moment.date(), moment.time()
        return initial

    def clean(self):
        cleaned = super().clean()
        for date_field, time_field, model_field in WINDOW_FIELDS:
            if self.errors.get(date_field) is None and cleaned.get(date_field) is None:
                self.add_error(date_field, _("Enter the date"))
            if self.errors.get(time_field) is None and cleaned.get(time_field) is None:
                self.add_error(time_field, _("Enter the time"))
            day, time = cleaned.get(date_field), cleaned.get(time_field)
            if day is not None and time is not None:
                cleaned[model_field] = datetime.datetime.combine(day, time, tzinfo=LONDON)
        return cleaned

    def service_values(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if not name.endswith(("_date", "_time"))}
        return data


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    capacity = _number(
        label=_("How many people it holds"),
        validators=[MinValueValidator(1, message=_("Enter how many people the room holds, 1 or more"))],
    )
    location = forms.CharField(
        label=_("Where it is, or its online link"),
        max_length=300,
        required=False,
        help_text=_("For example, Second floor, or https://meet.example.org/room-1"),
    )
    is_step_free = forms.BooleanField(label=_("The room has step-free access"), required=False, initial=True)
    accessibility_notes = forms.CharField(
        label=_("Accessibility notes"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, hearing loop, nearest accessible toilet, lift."),
    )


class SlotForm(forms.Form):
    start_time = TimeField(label=_("Starts"))
    end_time = TimeField(label=_("Ends"))

    def __init__(self, *args, unconference, **kwargs):
        self.unconference = unconference
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("start_time") is None and cleaned.get("start_time") is None:
            self.add_error("start_time", _("Enter the start time"))
        if self.errors.get("end_time") is None and cleaned.get("end_time") is None:
            self.add_error("end_time", _("Enter the end time"))
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start is not None and end is not None:
            cleaned["starts_at"] = datetime.datetime.combine(self.unconference.date, start, tzinfo=LONDON)
            cleaned["ends_at"] = datetime.datetime.combine(self.unconference.date, end, tzinfo=LONDON)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("end_time", _("The slot must end after it starts"))
        return cleaned


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("What the session is about and who it is for."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=SessionFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a format"), "invalid_choice": _("Choose a format from the list")},
    )
    co_facilitators = forms.CharField(
        label=_("Co-facilitators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The email addresses of members running the session with you, one per line."),
    )
    needs = forms.CharField(
        label=_("What the session needs (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, a projector, flip charts, or a room for 10."),
    )
    needs_step_free = forms.BooleanField(label=_("A facilitator needs step-free access"), required=False)

    def clean_co_facilitators(self):
        text = self.cleaned_data.get("co_facilitators") or ""
        emails = [part.strip() for part in text.replace(",", "\n").replace(";", "\n").splitlines() if part.strip()]
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(_("Enter email addresses like name@example.org, one per line")) from None
        return emails


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Session notes"), required=False, max_length=50000, widget=forms.Textarea, help_text=MARKDOWN_HINT
    )
