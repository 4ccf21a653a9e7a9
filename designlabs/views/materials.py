"""Materials: facilitators add (a link or a checked file) and delete them; downloads go to anyone
for public materials and to the lab's people for participants-only ones. To anyone else a
participants-only material does not exist (404), so its title and existence stay private."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from designlabs.forms.manage import MaterialForm
from designlabs.models import Lab, MaterialVisibility
from designlabs.permissions import can_manage_lab, can_open_workspace, lab_access
from designlabs.services import labs as lab_service
from designlabs.views.common import lab_for
from designlabs.views.manage import add_errors


def _materials_url(lab) -> str:
    return reverse("designlabs:lab-edit", kwargs={"slug": lab.slug}) + "#materials"


@require_http_methods(["GET", "POST"])
def material_add(request, slug):
    lab, access = lab_for(request, slug, can_manage_lab)
    posted = request.method == "POST"
    form = MaterialForm(request.POST if posted else None, request.FILES if posted else None, lab=lab)
    if posted and form.is_valid():
        try:
            lab_service.add_material(
                lab=lab,
                added_by=request.user,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                upload=form.cleaned_data["file"],
                session=form.cleaned_data["session"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Material added"))
            return redirect(_materials_url(lab))
    return render(request, "designlabs/manage/material_form.html", {"lab": lab, "access": access, "form": form})


@require_http_methods(["GET", "POST"])
def material_delete(request, slug, pk):
    lab, access = lab_for(request, slug, can_manage_lab)
    material = get_object_or_404(lab.materials, pk=pk)
    if request.method == "POST":
        lab_service.delete_material(material=material, deleted_by=request.user)
        messages.success(request, _("Material deleted"))
        return redirect(_materials_url(lab))
    return render(
        request, "designlabs/manage/material_delete.html", {"lab": lab, "access": access, "material": material}
    )


@login_not_required
@require_http_methods(["GET"])
def material_download(request, slug, pk):
    lab = get_object_or_404(Lab, slug=slug)
    material = get_object_or_404(lab.materials, pk=pk)
    if material.visibility != MaterialVisibility.PUBLIC and not can_open_workspace(lab_access(request.user, lab)):
        raise Http404
    if not material.file:
        # A link: a page with the address rather than a bare redirect, so people see where they are going.
        return render(request, "designlabs/manage/material_link.html", {"lab": lab, "material": material})
    extension = material.file.name.rsplit(".", 1)[-1]
    stem = material.original_name.rsplit(".", 1)[0] if "." in material.original_name else material.original_name
    try:
        stored = material.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        stored, as_attachment=True, filename=f"{stem or 'material'}.{extension}", content_type=material.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if material.visibility != MaterialVisibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response
