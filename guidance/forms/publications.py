"""Forms for the editors' and authors' publication pages and the outreach events: validation only;
guidance.services.publications writes."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guidance.forms.manage import MARKDOWN_HINT, _radios_without_blank
from guidance.models import (
    GuidanceDocument,
    OutreachEvent,
    Publication,
    PublicationKind,
    ReviewStatus,
    Topic,
)
from guidance.services.publications import EVENT_FIELDS
from participation.forms.base import ServiceModelForm
from participation.forms.widgets import GovukDateField
from participation.models import Activity, Project
from participation.services.markdown import validate_markdown_size

CONSULTATION_FIELDS = ("consultation_title", "consultation_department", "consultation_url", "consultation_closes_on")
LINK_HINT = _("Hold Ctrl (or Cmd on a Mac) to choose more than one.")


class PublicationFilterForm(forms.Form):
    """The list's filters: a GET form, every field optional; an unknown value is ignored."""

    kind = forms.ChoiceField(choices=[("", _("All kinds")), *PublicationKind.choices], required=False, label=_("Kind"))
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *ReviewStatus.choices], required=False, label=_("Status")
    )

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("kind", "status") if data.get(name)}


class KindForm(forms.Form):
    """The first question when creating a publication: what kind it is decides the questions after."""

    kind = forms.ChoiceField(
        choices=PublicationKind.choices,
        widget=forms.RadioSelect,
        label=_("What are you writing?"),
        error_messages={
            "required": _("Choose what you are writing"),
            "invalid_choice": _("Choose what you are writing"),
        },
    )


class RecordChoiceField(forms.ModelMultipleChoiceField):
    """A register record named with its organisation, so two records with one title can be told apart."""

    def label_from_instance(self, record):
        return f"{record.title_en} ({record.organisation.name_en})"


class PublicationForm(ServiceModelForm):
    topics = forms.MultipleChoiceField(
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Topics"),
        help_text=_("The guidance topics it is about. Select all that apply."),
    )
    publication_date = GovukDateField(
        label=_("Publication date (optional)"),
        required=False,
        help_text=_("Leave blank to use the day it is published. For example, 27 3 2027"),
    )
    activities = RecordChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label=_("Engagement activities it describes"),
        help_text=LINK_HINT,
        error_messages={"invalid_choice": _("Choose published engagement activities")},
    )
    projects = RecordChoiceField(
        queryset=Project.objects.none(),
        required=False,
        label=_("Projects it describes"),
        help_text=LINK_HINT,
        error_messages={"invalid_choice": _("Choose published projects")},
    )
    related_guidance = forms.ModelMultipleChoiceField(
        queryset=GuidanceDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Related guidance"),
        help_text=_("Published guidance documents readers should see beside it."),
        error_messages={"invalid_choice": _("Choose published guidance documents")},
    )
    consultation_closes_on = GovukDateField(
        label=_("Consultation closing date"), required=False, help_text=_("For example, 27 3 2027")
    )

    class Meta:
        model = Publication
        fields = [
            "kind",
            "title_en",
            "title_cy",
            "summary_en",
            "summary_cy",
            "body_en",
            "body_cy",
            "topics",
            "publication_date",
            "activities",
            "projects",
            "related_guidance",
            *CONSULTATION_FIELDS,
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_cy": forms.Textarea(attrs={"rows": 3}),
            "body_en": forms.Textarea(attrs={"rows": 15}),
            "body_cy": forms.Textarea(attrs={"rows": 15}),
        }
        labels = {"kind": _("Kind of publication")}
        help_texts = {
            "title_cy": _("Leave blank if there is no Welsh translation yet."),
            "summary_en": _("One or two sentences in plain English, shown in lists and search results."),
            "summary_cy": _("Leave blank if there is no Welsh translation yet."),
            "body_en": MARKDOWN_HINT,
            "body_cy": MARKDOWN_HINT,
            "consultation_url": _("The consultation’s page on GOV.UK or the department’s website."),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of publication")},
            "title_en": {"required": _("Enter the title in English")},
            "summary_en": {"required": _("Enter a summary in English")},
            "body_en": {"required": _("Enter the text in English")},
            "consultation_url": {"invalid": _("Enter a web address, like https://www.gov.uk/")},
        }

    def __init__(self, *args, kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _radios_without_blank(self.fields["kind"])
        for name in ("body_en", "body_cy"):
            self.fields[name].validators.append(validate_markdown_size)
        linked = self.instance.pk is not None
        # Published records to choose from, and whatever is already linked (even if withdrawn since).
        self.fields["activities"].queryset = self._records(
            Activity, self.instance.activities.all() if linked else Activity.objects.none()
        )
        self.fields["projects"].queryset = self._records(
            Project, self.instance.projects.all() if linked else Project.objects.none()
        )
        self.fields["activities"].widget.attrs["size"] = 8
        self.fields["projects"].widget.attrs["size"] = 8
        self.fields["related_guidance"].queryset = GuidanceDocument.objects.published().order_by("title_en")
        self.fields["related_guidance"].label_from_instance = lambda document: document.title_en
        # The kind is chosen first; consultation details are asked only of consultation responses.
        kind = kind or self.instance.kind or None
        if kind:
            self.initial.setdefault("kind", kind)
        if kind and kind != PublicationKind.CONSULTATION_RESPONSE:
            for name in CONSULTATION_FIELDS:
                del self.fields[name]

    @staticmethod
    def _records(model, linked):
        published = model.objects.published().values("pk")
        return (
            model.objects.filter(Q(pk__in=published) | Q(pk__in=linked.values("pk")))
            .select_related("organisation")
            .order_by("title_en")
        )

    @property
    def asks_consultation(self) -> bool:
        return "consultation_title" in self.fields

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != PublicationKind.CONSULTATION_RESPONSE:
            # Details of a consultation belong only to a consultation response.
            for name in CONSULTATION_FIELDS:
                if name in cleaned:
                    cleaned[name] = None if name == "consultation_closes_on" else ""
        return cleaned


class AuthorsForm(forms.Form):
    emails = forms.CharField(
        label=_("Authors’ email addresses"),
        help_text=_(
            "One on each line, in the order they should be credited. Each must be the address of "
            "someone with an account. Authors can edit the draft and send it for review, but cannot approve it."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
        max_length=5000,
        error_messages={"required": _("Enter the email address of at least one author")},
    )

    def clean_emails(self):
        lines, seen = [], set()
        for line in self.cleaned_data["emails"].splitlines():
            email = line.strip().strip(",;").strip()
            if email and email.lower() not in seen:
                seen.add(email.lower())
                lines.append(email)
        if not lines:
            raise forms.ValidationError(_("Enter the email address of at least one author"))
        if len(lines) > 20:
            raise forms.ValidationError(_("A publication can have at most 20 authors"))
        problems, valid = [], []
        for email in lines:
            try:
                validate_email(email)
            except forms.ValidationError:
                problems.append(_("“%(email)s” is not an email address") % {"email": email})
            else:
                valid.append(email)
        matching = Q(pk__in=[])
        for email in valid:
            matching |= Q(email__iexact=email)
        users = {user.email.lower(): user for user in get_user_model().objects.filter(matching, is_active=True)}
        problems += [
            _("No one with an account has the address “%(email)s”") % {"email": email}
            for email in valid
            if email.lower() not in users
        ]
        if problems:
            raise forms.ValidationError(problems)
        self.cleaned_data["users"] = [users[email.lower()] for email in lines]
        return lines


class NamingForm(forms.Form):
    is_named = forms.TypedChoiceField(
        choices=[("yes", _("Yes, name me")), ("no", _("No, do not name me"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label=_("Name me as an author on the public page"),
        error_messages={"required": _("Choose whether to be named")},
    )


class WriteUpChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, publication):
        return f"{publication.title_en} ({publication.get_status_display()})"


class OutreachEventForm(ServiceModelForm):
    starts_on = GovukDateField(
        label=_("Date"),
        help_text=_("The first day, if it ran over more than one. For example, 27 3 2027"),
        error_messages={"required": _("Enter the date of the event")},
    )
    ends_on = GovukDateField(
        label=_("Last day (if more than one)"), required=False, help_text=_("For example, 28 3 2027")
    )
    topics = forms.MultipleChoiceField(
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Topics"),
        help_text=_("Select all that apply."),
    )
    slides_upload = forms.FileField(
        label=_("Upload the slides"),
        required=False,
        help_text=_("A PDF, PowerPoint (PPTX) or OpenDocument (ODP) file, smaller than 20 MB. Or give a link above."),
    )
    remove_slides = forms.BooleanField(label=_("Remove the uploaded slides"), required=False)
    write_up = WriteUpChoiceField(
        queryset=Publication.objects.none(),
        required=False,
        label=_("Write-up (optional)"),
        help_text=_("An event write-up publication about it. The events page links to it once it is published."),
        empty_label=_("None"),
    )

    class Meta:
        model = OutreachEvent
        fields = EVENT_FIELDS
        widgets = {
            "role": forms.RadioSelect,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_cy": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"host": _("Who hosts it"), "location": _("Where (optional)")}
        help_texts = {
            "title_cy": _("Leave blank if there is no Welsh translation yet."),
            "description_cy": _("Leave blank if there is no Welsh translation yet."),
            "host": _("The organisation running the event."),
            "location": _("A place, or “Online”."),
            "slides_url": _("A link to the slides, if they are online."),
        }
        error_messages = {
            "title_en": {"required": _("Enter the title in English")},
            "host": {"required": _("Enter who hosts the event")},
            "role": {"required": _("Choose our role at the event")},
            "url": {"invalid": _("Enter a web address, like https://www.example.org/")},
            "slides_url": {"invalid": _("Enter a web address, like https://www.example.org/slides")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radios_without_blank(self.fields["role"])
        self.fields["write_up"].queryset = Publication.objects.filter(kind=PublicationKind.EVENT_WRITE_UP).order_by(
            "title_en"
        )
        if not self.instance.slides_file:
            del self.fields["remove_slides"]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day must be the same as or after the first day"))
        has_file = cleaned.get("slides_upload") or (self.instance.slides_file and not cleaned.get("remove_slides"))
        if cleaned.get("slides_url") and has_file:
            self.add_error("slides_url", _("Give either a link to the slides or a file, not both"))
        return cleaned
