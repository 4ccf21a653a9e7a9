"""Forms for the member directory and your own profile: validation only; community.services.profiles writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.models import Profile
from community.services.profiles import INTEREST_MAX_LENGTH, MAX_INTERESTS, parse_interests
from participation.models import Organisation
from participation.services.markdown import validate_markdown_size

ROLE_MAX = Profile._meta.get_field("role_title").max_length
BIO_MAX = Profile._meta.get_field("bio").max_length
CONTACT_MAX = Profile._meta.get_field("contact").max_length
# Ten interests of forty characters, their commas and spaces: anything longer cannot be valid.
INTERESTS_MAX = MAX_INTERESTS * (INTEREST_MAX_LENGTH + 2)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProfileForm(forms.Form):
    is_listed = forms.BooleanField(
        required=False,
        label=_("Show my profile in the member directory"),
        help_text=_("Other signed-in members can then find you. Untick it at any time to hide your profile again."),
    )
    role_title = forms.CharField(
        required=False,
        max_length=ROLE_MAX,
        label=_("Role title (optional)"),
        help_text=_("For example, Head of public engagement."),
        error_messages={"max_length": _("Your role title must be 200 characters or fewer")},
    )
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("Do not show an organisation"),
        label=_("Organisation to show (optional)"),
        help_text=_("You can only choose an organisation you are a member of."),
        error_messages={"invalid_choice": _("Choose an organisation you are a member of")},
    )
    interests = forms.CharField(
        required=False,
        max_length=INTERESTS_MAX,
        label=_("Interests (optional)"),
        help_text=_(
            "Separate them with commas, for example: citizens’ juries, official statistics, procurement. "
            "Up to 10 interests of 40 characters each."
        ),
        error_messages={"max_length": _("Enter 10 interests or fewer, each 40 characters or fewer")},
    )
    bio = forms.CharField(
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("About you (optional)"),
        help_text=_(
            "What you work on and what you would like to talk about. You can use Markdown. Up to 5,000 characters."
        ),
        error_messages={"max_length": _("About you must be 5,000 characters or fewer")},
    )
    contact = forms.CharField(
        required=False,
        max_length=CONTACT_MAX,
        label=_("How to contact you (optional)"),
        help_text=_("For example a website, a team mailbox or a social media handle. Shown as plain text."),
        error_messages={"max_length": _("How to contact you must be 300 characters or fewer")},
    )
    show_email = forms.BooleanField(
        required=False,
        label=_("Show my email address on my profile"),
        help_text=_("Only if you tick this, and only to signed-in members, and only while your profile is listed."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        if organisations:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[organisation.pk for organisation in organisations]
            ).order_by("name_en")
        else:
            del self.fields["organisation"]

    def clean_interests(self):
        try:
            return parse_interests(self.cleaned_data["interests"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean_bio(self):
        bio = self.cleaned_data["bio"]
        validate_markdown_size(bio)
        return bio


class DirectoryFilterForm(forms.Form):
    """The directory's GET filters. Invalid values are reported and ignored."""

    q = forms.CharField(
        label=_("Search by name, role, organisation or interest"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Search words must be 200 characters or fewer")},
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        error_messages={"invalid_choice": _("Choose an organisation from the list")},
    )
    interest = forms.ChoiceField(
        label=_("Interest"),
        required=False,
        error_messages={"invalid_choice": _("Choose an interest from the list")},
    )

    def __init__(self, *args, organisations, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("All organisations")), *organisations]
        self.fields["interest"].choices = [("", _("All interests")), *interests]

    def clean_q(self):
        text = self.cleaned_data["q"]
        if "\x00" in text:
            raise forms.ValidationError(_("Search words cannot contain that character"), code="null")
        return text.strip()
