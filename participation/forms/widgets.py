import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year as three boxes in a fieldset."""

    template_name = "components/forms/date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__(
            {
                "day": forms.TextInput({**box, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}),
                "month": forms.TextInput({**box, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}),
                "year": forms.TextInput({**box, "class": "govuk-input govuk-date-input__input govuk-input--width-4"}),
            },
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateInput
    default_error_messages = {
        "invalid": _("Enter a real date"),
        "incomplete": _("Enter a full date, with day, month and year"),
    }

    def __init__(self, **kwargs):
        part = {"error_messages": {"incomplete": ""}}
        super().__init__(
            fields=(forms.IntegerField(**part), forms.IntegerField(**part), forms.IntegerField(**part)),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or all(value in (None, "") for value in data_list):
            return None
        if any(value in (None, "") for value in data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = data_list
        try:
            if not 1000 <= year <= 9999:
                raise ValueError
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
