"""The public lab pages: the list, each lab's page and its write-up, and asking for the write-up PDF.

What shows here is public by design: no venue or link, participants only in aggregate, outputs only
when marked public and never attributed (under the Chatham House rule not even by role)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from designlabs.models import Lab, LabStatus, Material, MaterialVisibility
from designlabs.permissions import can_manage_lab, can_open_workspace, can_request_write_up_pdf
from designlabs.report_kinds import WRITE_UP_KIND
from designlabs.services.writeup import lab_impacts, taking_part, write_up_context
from designlabs.views.common import lab_for
from participation.models import Organisation
from participation.services.reports import request_report

PER_PAGE = 20


def _anyone(access) -> bool:
    return True


@login_not_required
@require_GET
def lab_list(request):
    status = request.GET.get("status", "")
    if status not in LabStatus.values:
        status = ""
    labs = (
        Lab.objects.select_related("department")
        .prefetch_related(Prefetch("partners", queryset=Organisation.objects.order_by("name_en")))
        .annotate(first_session=Min("sessions__starts_at"), last_session=Max("sessions__starts_at"))
        .order_by("-created_at")
    )
    if status:
        labs = labs.filter(status=status)
    page = Paginator(labs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "designlabs/public/lab_list.html",
        {
            "labs": page.object_list,
            "page": page,
            "status": status,
            "statuses": LabStatus.choices,
            "query_suffix": f"&status={status}" if status else "",
        },
    )


@login_not_required
@require_GET
def lab_detail(request, slug):
    lab, access = lab_for(request, slug, _anyone)
    context = {
        "lab": lab,
        "access": access,
        "show_nav": can_open_workspace(access) or access.participant is not None,
        "partners": list(lab.partners.order_by("name_en")),
        "sessions": list(lab.sessions.all()),
        "materials": list(
            Material.objects.filter(lab=lab, visibility=MaterialVisibility.PUBLIC).order_by("created_at")
        ),
        "taking_part": taking_part(lab),
        "can_request_pdf": can_request_write_up_pdf(request.user, access, lab),
        "can_manage": can_manage_lab(access),
    }
    if lab.is_write_up_published:
        context.update(write_up_context(lab))
    else:
        context["impacts"] = lab_impacts(lab)
    return render(request, "designlabs/public/lab_detail.html", context)


@require_POST
def write_up_pdf(request, slug):
    lab, access = lab_for(request, slug, _anyone)
    if not can_request_write_up_pdf(request.user, access, lab):
        raise PermissionDenied
    report = request_report(
        kind=WRITE_UP_KIND,
        subject_id=str(lab.pk),
        title=_("Design Lab write-up: %(lab)s") % {"lab": lab.title},
        requested_by=request.user,
        organisation=lab.department,
    )
    return redirect(report)
