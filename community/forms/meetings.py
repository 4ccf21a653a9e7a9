"""Forms for meetings, series, RSVPs and notes: validation only; community.services.meetings writes."""

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import AccessProvision, RSVPStatus, Weekday, WeekOfMonth
from participation.forms.widgets import GovukDateField
from participation.models import Language

LONDON = ZoneInfo("Europe/London")
MARKDOWN_HINT = _("You can use Markdown: ## for a subheading, * for a bulleted list, [text](address) for a link.")
WELSH_HINT = _("Leave blank if there is no Welsh translation yet.")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_time(text: str) -> datetime.time | None:
    match = _TIME.match(text or "")
    if not match:
        return None
    try:
        return datetime.time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


class TimeField(forms.CharField):
    """A 24-hour clock time typed as 09:30."""

    default_error_messages = {"invalid": _("Enter a time on the 24-hour clock, like 09:30 or 14:00")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}))
        kwargs.setdefault("help_text", _("UK time, on the 24-hour clock. For example, 09:30 or 14:00"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def _capacity_field():
    return forms.IntegerField(
        label=_("Places"),
        required=False,
        validators=[MinValueValidator(1, message=_("Enter at least 1 place, or leave it empty for no limit"))],
        help_text=_("Leave empty for no limit."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )


def _provisions_field():
    return forms.MultipleChoiceField(
        label=_("Access provisions"),
        choices=AccessProvision.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select all that apply."),
    )


class _SharedFields(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_cy = forms.CharField(label=_("Title (Welsh)"), max_length=200, required=False, help_text=WELSH_HINT)
    description_en = forms.CharField(label=_("Description (English)"), max_length=5000, widget=forms.Textarea)
    description_cy = forms.CharField(
        label=_("Description (Welsh)"), max_length=5000, required=False, widget=forms.Textarea, help_text=WELSH_HINT
    )
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Shown only to people who are going."),
    )
    venue = forms.CharField(
        label=_("Venue"), max_length=300, required=False, help_text=_("Leave empty if online only.")
    )
    capacity = _capacity_field()
    provisions = _provisions_field()
    notes_public = forms.BooleanField(
        label=_("Anyone can read the notes, without signing in"),
        required=False,
    )

    def clean_online_link(self):
        link = self.cleaned_data.get("online_link", "")
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError(_("Enter an online link starting with https://"))
        return link


class MeetingForm(_SharedFields):
    """Date with start and end times, entered in UK time."""

    date = GovukDateField(label=_("Date"), help_text=_("For example, 27 3 2027"))
    start_time = TimeField(label=_("Start time"))
    end_time = TimeField(label=_("End time"))
    agenda_en = forms.CharField(
        label=_("Agenda (English)"), required=False, max_length=20000, widget=forms.Textarea, help_text=MARKDOWN_HINT
    )
    agenda_cy = forms.CharField(
        label=_("Agenda (Welsh)"), required=False, max_length=20000, widget=forms.Textarea, help_text=WELSH_HINT
    )

    field_order = [
        "title_en",
        "title_cy",
        "description_en",
        "description_cy",
        "date",
        "start_time",
        "end_time",
        "online_link",
        "venue",
        "capacity",
        "provisions",
        "agenda_en",
        "agenda_cy",
        "notes_public",
    ]

    @classmethod
    def initial_for(cls, meeting) -> dict:
        starts, ends = timezone.localtime(meeting.starts_at, LONDON), timezone.localtime(meeting.ends_at, LONDON)
        initial = {name: getattr(meeting, name) for name in cls.base_fields if hasattr(meeting, name)}
        initial.update(date=starts.date(), start_time=starts.time(), end_time=ends.time())
        return initial

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
            self.add_error("end_time", _("The meeting must end after it starts"))
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("date", "start_time", "end_time"):
            data.pop(name, None)
        return data


class SeriesForm(_SharedFields):
    week_of_month = forms.TypedChoiceField(
        label=_("Which week of the month?"), choices=WeekOfMonth.choices, coerce=int, widget=forms.RadioSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=Weekday.choices, coerce=int, widget=forms.RadioSelect
    )
    start_time = TimeField(label=_("Start time"))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        initial=60,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    months_ahead = forms.IntegerField(
        label=_("Months to schedule ahead"),
        initial=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Meetings are created this many months ahead, and topped up every day."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    is_active = forms.BooleanField(label=_("Keep creating meetings in this series"), required=False, initial=True)

    field_order = [
        "title_en",
        "title_cy",
        "description_en",
        "description_cy",
        "week_of_month",
        "weekday",
        "start_time",
        "duration_minutes",
        "months_ahead",
        "online_link",
        "venue",
        "capacity",
        "provisions",
        "notes_public",
        "is_active",
    ]

    def clean_start_time(self):
        value = self.cleaned_data.get("start_time")
        if value is None:
            raise forms.ValidationError(_("Enter the start time"))
        return value


class RSVPForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Are you going?"),
        choices=[(RSVPStatus.GOING, _("Yes, I’m going")), (RSVPStatus.NOT_GOING, _("No, I’m not going"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you are going"),
            "invalid_choice": _("Choose whether you are going"),
        },
    )
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tell the organisers anything they should arrange so you can take part. Only organisers see this."),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        initial="en",
        error_messages={"invalid_choice": _("Choose English or Welsh")},
    )


class NotesForm(forms.Form):
    notes_en = forms.CharField(
        label=_("Notes (English)"), required=False, max_length=50000, widget=forms.Textarea, help_text=MARKDOWN_HINT
    )
    notes_cy = forms.CharField(
        label=_("Notes (Welsh)"), required=False, max_length=50000, widget=forms.Textarea, help_text=WELSH_HINT
    )
    slides_url = forms.URLField(label=_("Link to the slides"), required=False, max_length=200, assume_scheme="https")
    recording_url = forms.URLField(
        label=_("Link to the recording"), required=False, max_length=200, assume_scheme="https"
    )
    attendance_count = forms.IntegerField(
        label=_("How many attended"),
        required=False,
        validators=[MinValueValidator(0)],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    notes_public = forms.BooleanField(label=_("Anyone can read the notes, without signing in"), required=False)
    publish = forms.BooleanField(
        label=_("Publish the notes and email everyone who was going"),
        required=False,
        help_text=_("They are emailed once, the first time the notes are published."),
    )
