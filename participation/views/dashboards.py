from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from participation.models import Activity, Organisation, Project
from participation.services.charts import bar_chart, column_chart, paired_bar_chart
from participation.services.dashboards import Figures, cached_engagement_figures
from participation.services.reports import request_report

# The organisation dashboard lists this many of its latest published projects for evidence reports.
DASHBOARD_PROJECTS = 20
# The years offered for an organisation's annual report: this one and the few before it.
ANNUAL_REPORT_YEARS = 3


def chart_context(figures: Figures) -> dict:
    return {
        "figures": figures,
        "quarter_chart": column_chart(label=_("Activities started each quarter"), rows=figures.by_quarter),
        "level_chart": paired_bar_chart(
            label=_("Participation levels promised and achieved"),
            rows=figures.levels,
            series=(_("Promised"), _("Achieved")),
        ),
        "method_chart": bar_chart(label=_("Methods used"), rows=figures.methods),
    }


@login_not_required
@require_GET
def platform_dashboard(request):
    figures = cached_engagement_figures(
        key="platform", activities=Activity.objects.published(), with_guidance_adoption=True
    )
    organisations = Organisation.objects.order_by("name_en").only("slug", "name_en", "name_cy")
    return render(
        request,
        "participation/dashboards/dashboard_platform.html",
        {**chart_context(figures), "organisations": organisations},
    )


@login_not_required
@require_GET
def organisation_dashboard(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    figures = cached_engagement_figures(
        key=f"organisation:{organisation.pk}", activities=Activity.objects.published().filter(organisation=organisation)
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "participation/dashboards/dashboard_organisation.html",
        {
            **chart_context(figures),
            "organisation": organisation,
            "projects": Project.objects.published()
            .filter(organisation=organisation)
            .only("slug", "title_en", "title_cy", "published_at")[:DASHBOARD_PROJECTS],
            "years": range(this_year, this_year - ANNUAL_REPORT_YEARS, -1),
        },
    )


@require_POST
def project_report_request(request, slug):
    # Anyone signed in may ask for the evidence of a project they can see; the report holds only
    # the activities the requester can see.
    project = get_object_or_404(Project.objects.visible_to(request.user), slug=slug)
    report = request_report(
        kind="project_evidence",
        subject_id=str(project.pk),
        title=_("Evidence report: %(project)s") % {"project": project.title},
        requested_by=request.user,
        organisation=project.organisation,
    )
    return redirect(report)


@require_POST
def organisation_report_request(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    this_year = timezone.localdate().year
    try:
        year = int(request.POST.get("year", this_year))
    except ValueError:
        year = this_year
    if not this_year - ANNUAL_REPORT_YEARS < year <= this_year:
        year = this_year
    report = request_report(
        kind="organisation_annual",
        subject_id=f"{organisation.pk}:{year}",
        title=_("Annual engagement report %(year)s: %(organisation)s")
        % {"year": year, "organisation": organisation.name},
        requested_by=request.user,
        organisation=organisation,
    )
    return redirect(report)
