"""Forms for adjusting and publishing the unconference schedule: validation only;
community.services.schedule writes.

The room and time choices are built from lists the view loads once, so a page with a form per
session runs no query per form."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


def slot_label(slot) -> str:
    starts, ends = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{formats.date_format(starts, 'D j M, H:i')}–{formats.date_format(ends, 'H:i')}"


class PlaceForm(forms.Form):
    """Where a session goes: a room and a time. Used to move a scheduled session (swapping with the
    one there, if any) and to place an unscheduled one."""

    room = forms.TypedChoiceField(label=_("Room"), coerce=int, error_messages={"required": _("Choose a room")})
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int, error_messages={"required": _("Choose a time")})

    def __init__(self, *args, rooms, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.rooms = {room.pk: room for room in rooms}
        self.slots = {slot.pk: slot for slot in slots}
        self.fields["room"].choices = [("", _("Choose a room"))] + [(room.pk, room.name) for room in rooms]
        self.fields["slot"].choices = [("", _("Choose a time"))] + [(slot.pk, slot_label(slot)) for slot in slots]
        self.fields["room"].error_messages["invalid_choice"] = _("Choose a room from the list")
        self.fields["slot"].error_messages["invalid_choice"] = _("Choose a time from the list")

    def clean(self):
        data = super().clean()
        if "room" in data:
            data["room"] = self.rooms[data["room"]]
        if "slot" in data:
            data["slot"] = self.slots[data["slot"]]
        return data


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("What changed"),
        help_text=_("This goes in the public changelog and in the email to people who planned to attend."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, republishing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if republishing:
            self.fields["summary"].required = True
            self.fields["summary"].error_messages["required"] = _("Enter a summary of what changed")
        else:
            del self.fields["summary"]
