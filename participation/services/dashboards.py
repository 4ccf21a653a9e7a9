"""Figures for the dashboards and the evidence reports, from published (or otherwise scoped)
activities, in a fixed number of queries whatever the number of records."""

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Case, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, When
from django.db.models.functions import TruncQuarter
from django.urls import reverse
from django.utils.translation import get_language

from participation.models import Activity, ActivityMethod, ParticipantGroup, Recommendation
from participation.models.vocabularies import Method, ParticipationLevel


class Median(Aggregate):
    """Postgres's exact median of an interval or number."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass
class Figures:
    activities: int = 0
    by_quarter: list[tuple[str, int]] = field(default_factory=list)
    levels: list[tuple[str, int, int]] = field(default_factory=list)  # label, promised, achieved
    methods: list[tuple[str, int]] = field(default_factory=list)
    people_reached: int = 0
    recommendations: int = 0
    responded: int = 0
    median_days_to_respond: int | None = None
    # Platform dashboard only: adoptions per published guidance document.
    guidance_adoption: list["GuidanceAdoption"] = field(default_factory=list)

    @property
    def responded_percent(self) -> int | None:
        if not self.recommendations:
            return None
        return round(100 * self.responded / self.recommendations)


@dataclass
class GuidanceAdoption:
    """One published guidance document and how many organisations have adopted it."""

    slug: str
    title_en: str
    title_cy: str
    adoptions: int

    def get_absolute_url(self) -> str:
        return reverse("guidance:document-detail", kwargs={"slug": self.slug})


def guidance_adoption() -> list[GuidanceAdoption]:
    """Adoptions per published guidance document, most adopted first: one query."""
    from guidance.models import GuidanceDocument

    rows = (
        GuidanceDocument.objects.published()
        .annotate(adoption_count=Count("adoptions"))
        .order_by("-adoption_count", "title_en")
        .values_list("slug", "title_en", "title_cy", "adoption_count")
    )
    return [GuidanceAdoption(*row) for row in rows]


def quarter_label(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _response_time():
    days = F("responded_at__date") - F("activity__findings_reported_on")
    return ExpressionWrapper(days, output_field=DurationField())


def engagement_figures(*, activities: QuerySet[Activity]) -> Figures:
    """Five queries: quarters, levels, methods, people reached, recommendations (six on SQLite,
    which has no median aggregate)."""
    figures = Figures()
    activities = activities.order_by()
    quarters = (
        activities.filter(actual_start__isnull=False)
        .annotate(quarter=TruncQuarter("actual_start"))
        .values("quarter")
        .annotate(count=Count("id"))
        .order_by("quarter")
    )
    figures.by_quarter = [(quarter_label(row["quarter"]), row["count"]) for row in quarters]

    level_counts = activities.aggregate(
        total=Count("id"),
        **{f"promised_{level}": Count("id", filter=Q(level_promised=level)) for level in ParticipationLevel.values},
        **{f"achieved_{level}": Count("id", filter=Q(level_achieved=level)) for level in ParticipationLevel.values},
    )
    figures.activities = level_counts["total"]
    figures.levels = [
        (str(label), level_counts[f"promised_{level}"], level_counts[f"achieved_{level}"])
        for level, label in ParticipationLevel.choices
    ]

    methods = (
        ActivityMethod.objects.filter(activity__in=activities)
        .values("method")
        .annotate(count=Count("id"))
        .order_by("-count", "method")
    )
    figures.methods = [(str(Method(row["method"]).label), row["count"]) for row in methods]

    reached = ParticipantGroup.objects.filter(activity__in=activities).aggregate(total=Sum("took_part_count"))
    figures.people_reached = reached["total"] or 0

    recommendations = Recommendation.objects.filter(activity__in=activities).order_by()
    answered = Q(response_status__gt="", responded_at__isnull=False, activity__findings_reported_on__isnull=False)
    totals = {"total": Count("id"), "responded": Count("id", filter=~Q(response_status=""))}
    if connection.vendor == "postgresql":
        # NULLs (unanswered) are left out of the median.
        totals["median"] = Median(Case(When(answered, then=_response_time()), output_field=DurationField()))
        counts = recommendations.aggregate(**totals)
        median = counts["median"]
        figures.median_days_to_respond = None if median is None else round(median.total_seconds() / 86400)
    else:  # SQLite (the embedded development default) has no median: take it in Python
        counts = recommendations.aggregate(**totals)
        days = [d.days for d in recommendations.filter(answered).values_list(_response_time(), flat=True)]
        figures.median_days_to_respond = round(statistics.median(days)) if days else None
    figures.recommendations, figures.responded = counts["total"], counts["responded"]
    return figures


# Aggregates over every published activity take about a second at benchmark scale (100,000
# activities), so public dashboards reuse them for a few minutes.
FIGURES_CACHE_SECONDS = 300


def cached_engagement_figures(
    *, key: str, activities: QuerySet[Activity], with_guidance_adoption: bool = False
) -> Figures:
    """engagement_figures for a named scope, kept in the cache; labels are per language. The
    platform dashboard also asks for adoptions of each published guidance document (one more query)."""
    cache_key = f"dashboards:figures:{key}:{get_language()}"
    figures = cache.get(cache_key)
    if figures is None:
        figures = engagement_figures(activities=activities)
        if with_guidance_adoption:
            figures.guidance_adoption = guidance_adoption()
        cache.set(cache_key, figures, FIGURES_CACHE_SECONDS)
    return figures
