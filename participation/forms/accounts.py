from django import forms
from django.utils.translation import gettext_lazy as _

from participation.forms.base import ServiceModelForm
from participation.models import Language, Membership, NotificationKind, Organisation


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.gov.uk"),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Editors write the organisation’s records. Organisation admins also manage its members."),
        error_messages={"required": _("Select a role")},
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a role")},
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=120,
        required=False,
        help_text=_("How your name appears to other people on the platform."),
    )
    preferred_language = forms.ChoiceField(label=_("Language for emails"), choices=Language, widget=forms.RadioSelect)


class NotificationPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me an email when"),
        choices=NotificationKind,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. Emails about signing in and invitations are always sent."),
    )


class OrganisationDetailsForm(ServiceModelForm):
    """What an organisation's own admins may change; its English name, slug and type are set
    by site admins."""

    class Meta:
        model = Organisation
        fields = ["name_cy", "website", "contact_email", "welsh_language_regime"]
        widgets = {"welsh_language_regime": forms.RadioSelect}
        help_texts = {
            "name_cy": _("Shown on Welsh pages. Leave empty to show the English name."),
            "contact_email": _("A team mailbox the public can write to, not a person’s address."),
        }


class EraseAccountForm(forms.Form):
    email = forms.CharField(
        label=_("Type your email address to confirm"),
        max_length=254,
        error_messages={"required": _("Type your email address to confirm")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.user.email.lower():
            message = _("Type the email address you sign in with: %(email)s")
            raise forms.ValidationError(message % {"email": self.user.email})
        return email
