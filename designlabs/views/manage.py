"""Facilitators' pages: creating and setting up a lab (its details, co-facilitators, sessions and
information sheets), the participant list, invitations and each participant's record, and taking
attendance on the day. Every page starts with `lab_for(..., can_manage_lab)`; writes go through
designlabs.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from designlabs.forms.manage import (
    FacilitatorForm,
    InformationSheetForm,
    InviteForm,
    LabForm,
    ParticipantFilterForm,
    ParticipantForm,
    RecordConsentForm,
    SessionForm,
)
from designlabs.models import Attendance, ParticipantStatus
from designlabs.permissions import can_create_lab, can_manage_lab
from designlabs.services import labs as lab_service
from designlabs.services import participants as participant_service
from designlabs.views.common import lab_for


def _posted(request, files=False):
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _setup_url(lab, anchor: str = "") -> str:
    return reverse("designlabs:lab-edit", kwargs={"slug": lab.slug}) + (f"#{anchor}" if anchor else "")


# The lab


@require_http_methods(["GET", "POST"])
def lab_create(request):
    if not can_create_lab(request.user):
        raise PermissionDenied
    form = LabForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        partners = values.pop("partners")
        try:
            lab = lab_service.create_lab(created_by=request.user, partners=partners, **values)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Lab created. Now add its sessions and information sheet."))
            return redirect(_setup_url(lab))
    return render(request, "designlabs/manage/lab_form.html", {"form": form, "lab": None})


@require_http_methods(["GET", "POST"])
def lab_edit(request, slug):
    """The lab's details, with its facilitators, sessions, materials and information sheets below."""
    lab, access = lab_for(request, slug, can_manage_lab)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    lab_form = LabForm(_posted(request) if action == "save" else None, instance=lab)
    facilitator_form = FacilitatorForm(
        _posted(request) if action in ("add-facilitator", "remove-facilitator") else None, prefix="facilitator"
    )
    submitted = facilitator_form if action in ("add-facilitator", "remove-facilitator") else lab_form
    if action == "save" and lab_form.is_valid():
        values = dict(lab_form.cleaned_data)
        partners = values.pop("partners")
        try:
            lab_service.update_lab(lab=lab, changed_by=request.user, partners=partners, **values)
        except ValidationError as error:
            add_errors(lab_form, error)
        else:
            messages.success(request, _("The lab’s details have been saved"))
            return redirect(_setup_url(lab))
    elif action == "add-facilitator" and facilitator_form.is_valid():
        try:
            user = lab_service.add_facilitator(
                lab=lab, email=facilitator_form.cleaned_data["email"], added_by=request.user
            )
        except ValidationError as error:
            add_errors(facilitator_form, error)
        else:
            messages.success(request, _("%(email)s now facilitates this lab") % {"email": user.email})
            return redirect(_setup_url(lab, "facilitators"))
    elif action == "remove-facilitator":
        user = get_object_or_404(lab.facilitators.all(), pk=request.POST.get("user") or None)
        try:
            lab_service.remove_facilitator(lab=lab, user=user, removed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_setup_url(lab, "facilitators"))
        else:
            messages.success(request, _("%(email)s no longer facilitates this lab") % {"email": user.email})
            return redirect(_setup_url(lab, "facilitators"))
    context = {
        "lab": lab,
        "access": access,
        "form": submitted,
        "lab_form": lab_form,
        "facilitator_form": facilitator_form,
        "facilitators": lab.facilitators.order_by("email"),
        "sessions": lab.sessions.all(),
        "materials": lab.materials.select_related("session"),
        "sheets": lab.information_sheets.order_by("-created_at"),
    }
    return render(request, "designlabs/manage/lab_edit.html", context)


# Sessions and information sheets


@require_http_methods(["GET", "POST"])
def session_create(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    form = SessionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lab_service.create_session(lab=lab, created_by=request.user, **form.service_values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Session added"))
            return redirect(_setup_url(lab, "sessions"))
    return render(request, "designlabs/manage/session_form.html", {"lab": lab, "access": access, "form": form})


@require_http_methods(["GET", "POST"])
def session_edit(request, slug, pk):
    lab, access = lab_for(request, slug, can_manage_lab)
    session = get_object_or_404(lab.sessions, pk=pk)
    form = SessionForm(_posted(request), initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            lab_service.update_session(session=session, changed_by=request.user, **form.service_values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Session saved"))
            return redirect(_setup_url(lab, "sessions"))
    return render(
        request,
        "designlabs/manage/session_form.html",
        {"lab": lab, "access": access, "form": form, "session": session},
    )


@require_http_methods(["GET", "POST"])
def sheet_create(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    form = InformationSheetForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lab_service.create_information_sheet(lab=lab, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Information sheet added. Participants are now asked to agree to it."))
            return redirect(_setup_url(lab, "information-sheets"))
    return render(request, "designlabs/manage/sheet_form.html", {"lab": lab, "access": access, "form": form})


# Participants


@require_http_methods(["GET"])
def participant_list(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    filters = ParticipantFilterForm(request.GET or None)
    participants = lab.participants.prefetch_related("consents")
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            participants = participants.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["role"]:
            participants = participants.filter(role=filters.cleaned_data["role"])
    counts = dict(lab.participants.values_list("status").annotate(n=Count("pk")).order_by())
    status_counts = [(value, label, counts.get(value, 0)) for value, label in ParticipantStatus.choices]
    return render(
        request,
        "designlabs/manage/participant_list.html",
        {
            "lab": lab,
            "access": access,
            "participants": participants,
            "filters": filters,
            "status_counts": status_counts,
            "total": sum(counts.values()),
        },
    )


@require_http_methods(["GET", "POST"])
def participant_invite(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    form = InviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            participant_service.invite_participant(lab=lab, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s") % {"email": form.cleaned_data["email"]})
            return redirect("designlabs:participant-list", slug=lab.slug)
    return render(request, "designlabs/manage/participant_invite.html", {"lab": lab, "access": access, "form": form})


def _participant_action(request, lab, participant):
    """Handle the small buttons on a participant's page. Returns (message or None, failed form or None)."""
    action = request.POST.get("action")
    if action == "resend":
        participant_service.resend_invitation(participant=participant, resent_by=request.user)
        return _("The invitation has been sent again. The old link no longer works.")
    if action == "withdraw-consent":
        participant_service.withdraw_consent(participant=participant, withdrawn_by=request.user)
        return _("Consent withdrawn")
    return None


@require_http_methods(["GET", "POST"])
def participant_edit(request, slug, pk):
    lab, access = lab_for(request, slug, can_manage_lab)
    participant = get_object_or_404(lab.participants.select_related("user"), pk=pk)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    form = ParticipantForm(_posted(request) if action == "save" else None, instance=participant)
    consent_form = RecordConsentForm(
        _posted(request) if action == "record-consent" else None, lab=lab, prefix="consent"
    )
    submitted = consent_form if action == "record-consent" else form
    done_url = reverse("designlabs:participant-edit", kwargs={"slug": lab.slug, "pk": participant.pk})
    try:
        if action == "save" and form.is_valid():
            participant_service.update_participant(
                participant=participant, changed_by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Saved"))
            return redirect("designlabs:participant-list", slug=lab.slug)
        if action == "record-consent" and consent_form.is_valid():
            participant_service.give_consent(
                participant=participant,
                sheet=consent_form.cleaned_data["sheet"],
                given_at=consent_form.given_at(),
                recorded_by=request.user,
            )
            messages.success(request, _("Consent recorded"))
            return redirect(done_url)
        if action in ("resend", "withdraw-consent"):
            messages.success(request, _participant_action(request, lab, participant))
            return redirect(done_url)
    except ValidationError as error:
        if action in ("resend", "withdraw-consent"):
            messages.error(request, " ".join(error.messages))
            return redirect(done_url)
        add_errors(submitted, error)
    return render(
        request,
        "designlabs/manage/participant_edit.html",
        {
            "lab": lab,
            "access": access,
            "participant": participant,
            "form": submitted,
            "participant_form": form,
            "consent_form": consent_form,
            "consents": participant.consents.select_related("sheet", "recorded_by"),
            "has_consented": participant_service.standing_consent(participant) is not None,
        },
    )


# Attendance


def _attendance_context(lab, session) -> dict:
    present = Attendance.objects.filter(session=session, participant=OuterRef("pk"), present=True)
    people = list(
        lab.participants.filter(status=ParticipantStatus.ACCEPTED)
        .annotate(is_present=Exists(present))
        .order_by("name", "created_at")
    )
    return {"session": session, "people": people, "present_count": sum(p.is_present for p in people)}


@require_http_methods(["GET"])
def attendance(request, slug, pk):
    lab, access = lab_for(request, slug, can_manage_lab)
    session = get_object_or_404(lab.sessions, pk=pk)
    return render(
        request,
        "designlabs/manage/attendance.html",
        {"lab": lab, "access": access, **_attendance_context(lab, session)},
    )


@require_POST
@vary_on_headers("HX-Request")
def attendance_mark(request, slug, pk, participant):
    lab, access = lab_for(request, slug, can_manage_lab)
    session = get_object_or_404(lab.sessions, pk=pk)
    person = get_object_or_404(lab.participants.filter(status=ParticipantStatus.ACCEPTED), pk=participant)
    if request.POST.get("present") not in ("0", "1"):
        # Not a tap on a row (a stale or hand-made request): show the checklist as it stands.
        template = "designlabs/manage/attendance.html"
        context = {"lab": lab, "access": access, **_attendance_context(lab, session)}
        return render(request, template, context)
    present = request.POST["present"] == "1"
    participant_service.mark_attendance(session=session, participant=person, present=present, recorded_by=request.user)
    if not request.htmx:
        return redirect(
            reverse("designlabs:attendance", kwargs={"slug": lab.slug, "pk": session.pk}) + f"#person-{person.pk}"
        )
    person.is_present = present
    marked = Attendance.objects.filter(session=session, participant=OuterRef("pk"), present=True)
    counts = lab.participants.filter(status=ParticipantStatus.ACCEPTED).aggregate(
        total=Count("pk"), present=Count("pk", filter=Exists(marked))
    )
    return render(
        request,
        "designlabs/manage/attendance.html#attendance-row",
        {
            "lab": lab,
            "session": session,
            "person": person,
            "present_count": counts["present"],
            "people_count": counts["total"],
            "oob": True,
        },
    )
