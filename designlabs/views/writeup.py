"""Facilitators' pages for what came of the lab: the write-up, its record in the engagement log,
and impact entries. Writes go through designlabs.services.writeup."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from designlabs.forms.writeup import ImpactForm, RecordActivityForm, WriteUpForm
from designlabs.permissions import can_manage_lab
from designlabs.services import writeup as service
from designlabs.views.common import lab_for
from participation.models import Project
from participation.services.engagement import editor_organisations


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _publish_action(request, lab) -> None:
    if request.POST["action"] == "publish":
        service.publish_write_up(lab=lab, published_by=request.user)
        messages.success(request, _("The write-up is published on the lab’s public page."))
    else:
        service.unpublish_write_up(lab=lab, unpublished_by=request.user)
        messages.success(request, _("The write-up is no longer public."))


@require_http_methods(["GET", "POST"])
def write_up_edit(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    initial = {"guidance_documents": list(lab.guidance_documents.all())}
    form = WriteUpForm(instance=lab, initial=initial)
    publish_error = None
    if request.method == "POST" and request.POST.get("action") in {"publish", "unpublish"}:
        try:
            _publish_action(request, lab)
            return redirect("designlabs:write-up-edit", slug=lab.slug)
        except ValidationError as error:
            publish_error = " ".join(error.messages)
    elif request.method == "POST":
        form = WriteUpForm(request.POST, instance=lab, initial=initial)
        if form.is_valid():
            try:
                service.update_write_up(lab=lab, changed_by=request.user, **form.cleaned_data)
                messages.success(request, _("The write-up is saved."))
                return redirect("designlabs:write-up-edit", slug=lab.slug)
            except ValidationError as error:
                _add_errors(form, error)
    counts = service.public_output_counts(lab)
    return render(
        request,
        "designlabs/writeup/write_up_form.html",
        {"lab": lab, "access": access, "form": form, "publish_error": publish_error, "counts": counts},
    )


@require_http_methods(["GET", "POST"])
def record_activity(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    context = {"lab": lab, "access": access}
    if lab.activity_id is not None:
        context["activity"] = lab.activity
        return render(request, "designlabs/writeup/record_activity.html", context)
    organisations = list(editor_organisations(request.user))
    projects = Project.objects.filter(organisation__in=organisations).select_related("organisation")
    form = RecordActivityForm(request.POST or None, projects=projects.order_by("organisation__name_en", "title_en"))
    if request.method == "POST" and organisations and form.is_valid():
        try:
            activity = service.record_in_engagement_log(
                lab=lab, project=form.cleaned_data["project"], recorded_by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The lab is recorded as a draft activity. Check it and publish it."))
            return redirect(reverse("staff:activity-tasks", kwargs={"slug": activity.slug}))
    context.update(
        form=form,
        organisations=organisations,
        has_projects=bool(organisations) and projects.exists(),
        groups=service.participant_groups(lab),
    )
    return render(request, "designlabs/writeup/record_activity.html", context)


@require_http_methods(["GET", "POST"])
def impact_add(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    form = ImpactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.add_impact(lab=lab, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The impact is recorded and shown on the lab’s public page."))
            return redirect(lab)
    return render(request, "designlabs/writeup/impact_form.html", {"lab": lab, "access": access, "form": form})
