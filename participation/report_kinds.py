"""The report kinds this app renders; other apps register theirs in their AppConfig.ready()."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import (
    Activity,
    AuditEvent,
    Organisation,
    ParticipantGroup,
    Project,
    Recommendation,
    Report,
)
from participation.models.engagement import shown_count
from participation.models.vocabularies import ResponseStatus
from participation.services import personal_data
from participation.services.charts import bar_chart, paired_bar_chart
from participation.services.dashboards import engagement_figures
from participation.services.personal_data import PERSONAL_DATA_EXPORT
from participation.services.reports import ReportKind, register_report_kind

AUDIT_SUMMARY_EVENTS = 500


def build_audit_summary(report: Report) -> dict:
    organisation = Organisation.objects.get(pk=report.subject_id)
    events = AuditEvent.objects.for_organisation(organisation)
    recent = list(events.select_related("actor")[:AUDIT_SUMMARY_EVENTS])
    return {
        "title": report.title,
        "organisation": organisation,
        "generated_at": timezone.localtime(),
        "total": events.count(),
        "counts": events.order_by().values("action").annotate(count=Count("id")).order_by("-count", "action"),
        "events": recent,
        "shown": len(recent),
    }


def _activities_with_detail(activities):
    """Activities with everything a report shows about them, in a fixed number of queries."""
    return list(
        activities.prefetch_related(
            "methods",
            "participant_groups",
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "created_at")),
            Prefetch("projects", queryset=Project.objects.only("pk", "slug", "title_en", "title_cy")),
        ).order_by("actual_start", "created_at")
    )


def _group_rows(activity) -> list[dict]:
    return [
        {"group": group, "shown_invited": shown_count(group.invited_count), "shown": shown_count(group.took_part_count)}
        for group in activity.participant_groups.all()
    ]


def _report_figures(activities) -> dict:
    figures = engagement_figures(activities=activities)
    return {
        "figures": figures,
        "level_chart": paired_bar_chart(
            label=_("Participation levels promised and achieved"),
            rows=figures.levels,
            series=(_("Promised"), _("Achieved")),
        ),
        "method_chart": bar_chart(label=_("Methods used"), rows=figures.methods),
    }


def build_project_evidence(report: Report) -> dict:
    project = Project.objects.select_related("organisation").get(pk=report.subject_id)
    # The requester saw the project when asking; the report holds only the activities they may see.
    activities = Activity.objects.visible_to(report.requested_by).filter(projects=project)
    detailed = _activities_with_detail(activities)
    recommendations = [r for activity in detailed for r in activity.recommendations.all()]
    responses = [
        (label, sum(1 for r in recommendations if r.response_status == status))
        for status, label in [*ResponseStatus.choices, ("", _("Awaiting response"))]
    ]
    return {
        "title": report.title,
        "project": project,
        "responses": responses,
        "overdue": sum(1 for r in recommendations if r.is_overdue),
        "organisation": project.organisation,
        "generated_at": timezone.localtime(),
        "activities": [{"activity": activity, "groups": _group_rows(activity)} for activity in detailed],
        **_report_figures(activities),
    }


def build_organisation_annual(report: Report) -> dict:
    organisation_id, year = report.subject_id.split(":")
    organisation = Organisation.objects.get(pk=organisation_id)
    year = int(year)
    activities = (
        Activity.objects.published()
        .filter(organisation=organisation)
        .filter(Q(actual_start__year=year) | Q(actual_start__isnull=True, published_at__year=year))
    )
    # One annex row per activity (an organisation may run hundreds a year), counted in subqueries so
    # the joins do not multiply each other.
    people = ParticipantGroup.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    recommendations = Recommendation.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    rows = (
        activities.annotate(
            people=Subquery(people.annotate(total=Sum("took_part_count")).values("total")),
            recommendation_count=Subquery(recommendations.annotate(total=Count("id")).values("total")),
            responded_count=Subquery(
                recommendations.exclude(response_status="").annotate(total=Count("id")).values("total")
            ),
        )
        .prefetch_related("methods", Prefetch("projects", queryset=Project.objects.only("pk", "title_en", "title_cy")))
        .order_by("actual_start", "created_at")
    )
    return {
        "title": report.title,
        "organisation": organisation,
        "year": year,
        "generated_at": timezone.localtime(),
        "rows": list(rows),
        **_report_figures(activities),
    }


def register() -> None:
    register_report_kind(
        PERSONAL_DATA_EXPORT,
        ReportKind(
            build_file=personal_data.build_export,
            filename_prefix="your-data",
            extension="zip",
            content_type="application/zip",
        ),
    )
    register_report_kind(
        "organisation_audit_summary",
        ReportKind(
            template="participation/pdf/audit_summary.html",
            build_context=build_audit_summary,
            filename_prefix="audit-summary",
        ),
    )
    register_report_kind(
        "project_evidence",
        ReportKind(
            template="participation/pdf/evidence_project.html",
            build_context=build_project_evidence,
            filename_prefix="evidence-report",
        ),
    )
    register_report_kind(
        "organisation_annual",
        ReportKind(
            template="participation/pdf/evidence_annual.html",
            build_context=build_organisation_annual,
            filename_prefix="annual-engagement-report",
        ),
    )
