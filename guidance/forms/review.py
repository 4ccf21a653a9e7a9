"""The review forms shared by guidance versions and publications (guidance.views.review)."""

import datetime
import re
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.forms.widgets import GovukDateField

LONDON = zoneinfo.ZoneInfo("Europe/London")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Add a comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Enter a comment")},
    )


class RequestChangesForm(forms.Form):
    body = forms.CharField(
        label=_("What needs to change?"),
        help_text=_("The author sees this in the comments."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Say what needs to change")},
    )


class PublishForm(forms.Form):
    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        choices=[(NOW, _("Publish now")), (LATER, _("At a date and time"))],
        widget=forms.RadioSelect,
        label=_("When should it be published?"),
        error_messages={"required": _("Choose when to publish")},
    )
    publish_date = GovukDateField(label=_("Date"), required=False, help_text=_("For example, 27 3 2027"))
    publish_time = forms.CharField(
        label=_("Time"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        help_text=_("UK time, on the 24-hour clock. For example, 09:30 or 14:00"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") != self.LATER:
            cleaned["publish_at"] = None
            return cleaned
        date, time_text = cleaned.get("publish_date"), cleaned.get("publish_time", "")
        if date is None and "publish_date" not in self.errors:
            self.add_error("publish_date", _("Enter the date to publish it"))
        time = self._parse_time(time_text)
        if time is None:
            self.add_error("publish_time", _("Enter a time on the 24-hour clock, like 09:30 or 14:00"))
        if date is None or time is None:
            return cleaned
        publish_at = datetime.datetime.combine(date, time, tzinfo=LONDON)
        if publish_at <= timezone.now():
            self.add_error("publish_date", _("The date and time must be in the future"))
        cleaned["publish_at"] = publish_at
        return cleaned

    @staticmethod
    def _parse_time(text: str) -> datetime.time | None:
        match = _TIME.match(text or "")
        if not match:
            return None
        try:
            return datetime.time(int(match.group(1)), int(match.group(2)))
        except ValueError:
            return None
