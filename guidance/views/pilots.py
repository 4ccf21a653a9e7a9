"""Organisations trying out guidance: signing up to pilot it, giving feedback per section, and
declaring adoption."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guidance.forms.pilots import AdoptionForm, FeedbackForm, PilotSignupForm
from guidance.models import Adoption, GuidanceDocument, GuidanceSection, GuidanceVersion, Pilot, ReviewStatus
from guidance.permissions import can_declare_adoption, can_give_pilot_feedback, is_guidance_editor
from guidance.services import pilots as pilot_service
from guidance.services.pilots import CLOSED_PILOT_STATUSES
from guidance.views.common import add_errors, posted
from participation.models import Membership


def _published_document(slug) -> GuidanceDocument:
    return get_object_or_404(
        GuidanceDocument.objects.published().select_related("current_version", "organisation"), slug=slug
    )


def _cannot_take_part(request, document, template):
    """Someone signed in who edits no organisation: say who can, rather than a bare 403."""
    return render(request, template, {"document": document}, status=403)


# Pilots


@require_http_methods(["GET", "POST"])
def pilot_signup(request, slug):
    document = _published_document(slug)
    organisations = list(pilot_service.pilot_organisations(request.user))
    if not organisations:
        return _cannot_take_part(request, document, "guidance/pilots/pilot_not_allowed.html")
    version = document.current_version
    form = PilotSignupForm(posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pilot = pilot_service.sign_up_pilot(
                version=version,
                organisation=data["organisation"],
                created_by=request.user,
                contact_role=data["contact_role"],
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
                projects=data.get("projects") or [],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is now piloting this guidance") % {"organisation": pilot.organisation.name},
            )
            return redirect("guidance:pilot-detail", pk=pilot.pk)
    existing = Pilot.objects.filter(version=version, organisation__in=organisations).select_related("organisation")
    return render(
        request,
        "guidance/pilots/pilot_signup.html",
        {"form": form, "document": document, "version": version, "existing_pilots": existing},
    )


def _visible_pilots(user):
    """Pilots the person may see: their own organisations', or every pilot for guidance editors."""
    pilots = Pilot.objects.select_related("version__document", "organisation")
    if is_guidance_editor(user):
        return pilots
    member_of = Membership.objects.filter(user=user).values("organisation_id")
    return pilots.filter(organisation_id__in=member_of)


def pilot_detail(request, pk):
    pilot = get_object_or_404(_visible_pilots(request.user), pk=pk)
    sections = list(
        GuidanceSection.objects.filter(version_id=pilot.version_id).only("anchor", "heading_en", "heading_cy")
    )
    headings = {section.anchor: section for section in sections}
    feedback = list(pilot.feedback.select_related("addressed_in__document", "activity").order_by("-created_at"))
    for item in feedback:
        item.section = headings.get(item.section_anchor)
    return render(
        request,
        "guidance/pilots/pilot_detail.html",
        {
            "pilot": pilot,
            "document": pilot.version.document,
            "version": pilot.version,
            "sections": sections,
            "feedback_items": feedback,
            "projects": pilot.projects.order_by("title_en"),
            "can_give_feedback": can_give_pilot_feedback(request.user, pilot)
            and pilot.status not in CLOSED_PILOT_STATUSES,
            "is_closed": pilot.status in CLOSED_PILOT_STATUSES,
        },
    )


@require_http_methods(["GET", "POST"])
def feedback_create(request, pk):
    pilot = get_object_or_404(_visible_pilots(request.user), pk=pk)
    if not can_give_pilot_feedback(request.user, pilot):
        raise PermissionDenied
    if pilot.status in CLOSED_PILOT_STATUSES:
        messages.warning(
            request,
            _("This pilot is %(status)s, so it no longer takes feedback.")
            % {"status": pilot.get_status_display().lower()},
        )
        return redirect("guidance:pilot-detail", pk=pilot.pk)
    sections = list(pilot.version.sections.only("anchor", "heading_en", "heading_cy"))
    initial = {"section_anchor": request.GET.get("section", "")}
    form = FeedbackForm(posted(request), pilot=pilot, sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pilot_service.submit_feedback(pilot=pilot, submitted_by=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you: your feedback has been sent to the guidance editors. Its status appears below."),
            )
            return redirect("guidance:pilot-detail", pk=pilot.pk)
    return render(
        request,
        "guidance/pilots/feedback_form.html",
        {"form": form, "pilot": pilot, "document": pilot.version.document, "version": pilot.version},
    )


# Adoption


@require_http_methods(["GET", "POST"])
def adoption_declare(request, slug):
    document = _published_document(slug)
    organisations = list(pilot_service.pilot_organisations(request.user))
    if not organisations:
        return _cannot_take_part(request, document, "guidance/pilots/adoption_not_allowed.html")
    versions = GuidanceVersion.objects.filter(document=document, status=ReviewStatus.PUBLISHED).order_by(
        "-major", "-minor"
    )
    existing = list(
        Adoption.objects.filter(document=document, organisation__in=organisations).select_related(
            "organisation", "version"
        )
    )
    initial = {}
    if len(existing) == 1 and len(organisations) == 1:
        adoption = existing[0]
        initial = {
            "version": adoption.version_id,
            "adopted_on": adoption.adopted_on,
            "evidence_url": adoption.evidence_url,
        }
    form = AdoptionForm(
        posted(request),
        organisations=organisations,
        versions=versions,
        current_version=document.current_version,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adoption = pilot_service.declare_adoption(
                document=document,
                organisation=data["organisation"],
                version=data["version"],
                adopted_on=data["adopted_on"],
                evidence_url=data.get("evidence_url") or "",
                declared_by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Adoption by %(organisation)s recorded") % {"organisation": adoption.organisation.name},
            )
            return redirect(document.get_absolute_url())
    return render(
        request,
        "guidance/pilots/adoption_form.html",
        {"form": form, "document": document, "existing_adoptions": existing},
    )


@require_http_methods(["GET", "POST"])
def adoption_withdraw(request, pk):
    adoption = get_object_or_404(
        Adoption.objects.select_related("document", "organisation", "version"), pk=pk, document__is_withdrawn=False
    )
    if not can_declare_adoption(request.user, adoption.organisation):
        raise PermissionDenied
    document = adoption.document
    back_url = document.get_absolute_url() if document.is_published else reverse("guidance:document-list")
    if request.method == "POST":
        pilot_service.withdraw_adoption(adoption=adoption, withdrawn_by=request.user)
        messages.success(
            request, _("Adoption by %(organisation)s withdrawn") % {"organisation": adoption.organisation.name}
        )
        return redirect(back_url)
    return render(
        request,
        "guidance/pilots/adoption_withdraw.html",
        {"adoption": adoption, "document": document, "back_url": back_url},
    )
