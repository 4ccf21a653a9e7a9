"""Pages for the people taking part: their labs, the invitation from the email, and their own
details and consent. A participant only ever sees their own record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from designlabs.forms.participants import ConsentForm, MyDetailsForm
from designlabs.models import Lab, Participant, ParticipantStatus
from designlabs.permissions import can_create_lab, lab_access
from designlabs.services import participants as participant_service
from designlabs.views.manage import add_errors
from participation.models import Membership
from participation.sessions import rotate_session_key


@require_http_methods(["GET"])
def my_labs(request):
    user = request.user
    organisations = Membership.objects.filter(user=user).values("organisation")
    participations = list(
        Participant.objects.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .exclude(status=ParticipantStatus.WITHDRAWN)
        .select_related("lab")
        .order_by("-lab__created_at")
    )
    return render(
        request,
        "designlabs/participants/my_labs.html",
        {
            "facilitating": list(Lab.objects.filter(facilitators=user)),
            "participations": participations,
            "organisation_labs": list(
                Lab.objects.filter(Q(department__in=organisations) | Q(partners__in=organisations))
                .select_related("department")
                .distinct()
            ),
            "can_create": can_create_lab(user),
        },
    )


def _answer(request, participant: Participant):
    """Accept or decline; returns a response when done, or None to show the page again."""
    action = request.POST.get("action")
    try:
        if action == "accept":
            participant = participant_service.accept_invitation(participant=participant, user=request.user)
            rotate_session_key(request)
            messages.success(
                request,
                _("You have accepted your place. Please check your details and read the information sheet."),
            )
            return redirect("designlabs:my-details", slug=participant.lab.slug)
        if action == "decline":
            participant_service.decline_invitation(participant=participant, user=request.user)
            messages.success(request, _("You have declined the invitation. Thank you for letting us know."))
            return redirect("designlabs:my-labs")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    return None


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    participant = participant_service.find_invitation(token)
    if participant is None:
        return render(request, "designlabs/participants/invitation_invalid.html", status=404)
    if request.method == "POST":
        response = _answer(request, participant)
        if response is not None:
            return response
    return render(
        request,
        "designlabs/participants/invitation.html",
        {
            "participant": participant,
            "lab": participant.lab,
            "sheet": participant_service.latest_sheet(participant.lab),
            "email_matches": participant_service.is_own(participant, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def my_details(request, slug):
    lab = get_object_or_404(Lab.objects.select_related("department").with_access(request.user), slug=slug)
    participant = participant_service.own_participation(request.user, lab)
    if participant is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    here = reverse("designlabs:my-details", kwargs={"slug": lab.slug})
    details_form = MyDetailsForm(
        request.POST if action == "details" else None,
        initial={
            "preferred_language": participant.preferred_language,
            "access_needs": participant.access_needs,
            "dietary_notes": participant.dietary_notes,
        },
        prefix="details",
    )
    consent_form = ConsentForm(request.POST if action == "consent" else None, prefix="consent")
    sheet = participant_service.latest_sheet(lab)
    try:
        if action in ("accept", "decline") and participant.status == ParticipantStatus.INVITED:
            response = _answer(request, participant)
            return response or redirect(here)
        if action == "details" and details_form.is_valid():
            participant_service.update_own_details(
                participant=participant, user=request.user, **details_form.cleaned_data
            )
            messages.success(request, _("Your details have been saved"))
            return redirect(here)
        if action == "consent" and consent_form.is_valid() and sheet is not None:
            participant_service.give_consent(participant=participant, sheet=sheet, recorded_by=request.user)
            messages.success(request, _("Thank you. Your consent has been recorded."))
            return redirect(here)
        if action == "withdraw-consent":
            participant_service.withdraw_consent(participant=participant, withdrawn_by=request.user)
            messages.success(request, _("Your consent has been withdrawn"))
            return redirect(here)
    except ValidationError as error:
        add_errors(consent_form if action in ("consent", "withdraw-consent") else details_form, error)
    consents = list(participant.consents.select_related("sheet"))
    current = consents[0] if consents and consents[0].withdrawn_at is None else None
    submitted = consent_form if action in ("consent", "withdraw-consent") else details_form
    return render(
        request,
        "designlabs/participants/my_details.html",
        {
            "lab": lab,
            "access": lab_access(request.user, lab),
            "participant": participant,
            "form": submitted,
            "details_form": details_form,
            "consent_form": consent_form,
            "sheet": sheet,
            "consents": consents,
            "current_consent": current,
            "needs_consent": sheet is not None and (current is None or current.sheet_id != sheet.pk),
            "confirm_withdrawal": request.method == "GET" and request.GET.get("withdraw") == "1" and current,
        },
    )
