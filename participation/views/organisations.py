from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participation.forms.accounts import InviteForm, MemberRoleForm, OrganisationDetailsForm
from participation.models import AuditEvent, Invitation, Organisation
from participation.permissions import can_manage_organisation, can_request_audit_report, can_view_audit_log
from participation.services import organisations as organisation_service
from participation.services.reports import request_report
from participation.sessions import rotate_session_key

AUDIT_PAGE_SIZE = 50


@login_not_required
def organisation_list(request):
    return render(request, "participation/organisation_list.html", {"organisations": Organisation.objects.all()})


@login_not_required
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "participation/organisation_detail.html",
        {"organisation": organisation, "can_manage": can_manage_organisation(request.user, organisation)},
    )


def _managed_organisation(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = _managed_organisation(request, slug)
    form = OrganisationDetailsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation_service.update_organisation_details(
            organisation=organisation, changed_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The organisation’s details have been saved"))
        return redirect(organisation)
    return render(request, "participation/organisation_edit.html", {"organisation": organisation, "form": form})


def member_list(request, slug):
    organisation = _managed_organisation(request, slug)
    memberships = organisation.memberships.select_related("user").order_by("user__email")
    invitations = organisation.invitations.open().select_related("invited_by")
    return render(
        request,
        "participation/member_list.html",
        {"organisation": organisation, "memberships": memberships, "invitations": invitations},
    )


@require_http_methods(["GET", "POST"])
def member_invite(request, slug):
    organisation = _managed_organisation(request, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_service.invite_member(organisation=organisation, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation sent to %(email)s") % {"email": form.cleaned_data["email"]})
            return redirect("organisation-members", slug=organisation.slug)
    return render(request, "participation/member_invite.html", {"organisation": organisation, "form": form})


@require_http_methods(["GET", "POST"])
def member_role(request, slug, pk):
    organisation = _managed_organisation(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            organisation_service.change_member_role(
                membership=membership, role=form.cleaned_data["role"], changed_by=request.user
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("Role changed for %(name)s") % {"name": membership.user})
            return redirect("organisation-members", slug=organisation.slug)
    return render(
        request,
        "participation/member_role.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    organisation = _managed_organisation(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            organisation_service.remove_member(membership=membership, removed_by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("%(name)s has been removed from the organisation") % {"name": membership.user})
            return redirect("organisation-members", slug=organisation.slug)
    return render(
        request,
        "participation/member_remove.html",
        {"organisation": organisation, "membership": membership, "error": error},
    )


@require_POST
def invitation_revoke(request, slug, pk):
    organisation = _managed_organisation(request, slug)
    invitation = get_object_or_404(Invitation.objects.open().filter(organisation=organisation), pk=pk)
    organisation_service.revoke_invitation(invitation=invitation, revoked_by=request.user)
    messages.success(request, _("Invitation to %(email)s withdrawn") % {"email": invitation.email})
    return redirect("organisation-members", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = organisation_service.find_open_invitation(token)
    if invitation is None:
        return render(request, "participation/invitation_invalid.html", status=404)
    if request.method == "POST":
        try:
            organisation_service.accept_invitation(invitation=invitation, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            rotate_session_key(request)
            messages.success(
                request, _("You have joined %(organisation)s") % {"organisation": invitation.organisation.name}
            )
            return redirect(invitation.organisation)
    return render(
        request,
        "participation/invitation_accept.html",
        {"invitation": invitation, "email_matches": invitation.email.lower() == request.user.email.lower()},
    )


def audit_log(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_view_audit_log(request.user, organisation):
        raise PermissionDenied
    events = AuditEvent.objects.for_organisation(organisation).select_related("actor")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/audit_log.html",
        {
            "organisation": organisation,
            "page": page,
            "can_request_report": can_request_audit_report(request.user, organisation),
        },
    )


@require_POST
def audit_report_request(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_request_audit_report(request.user, organisation):
        raise PermissionDenied
    report = request_report(
        kind="organisation_audit_summary",
        subject_id=str(organisation.pk),
        title=_("Audit summary: %(organisation)s") % {"organisation": organisation.name},
        requested_by=request.user,
        organisation=organisation,
    )
    return redirect(report)
