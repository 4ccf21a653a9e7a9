"""Published engagement records as the public sees them: register filters, keyset pages and the
open data exports (CSV per entity, JSON bulk). Never personal data: no users, no created_by, no
private evidence files; participant counts under 5 are suppressed."""

import base64
import binascii
import csv
import datetime
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from participation.models import Activity, ActivityMethod, ParticipantGroup, Project, Recommendation
from participation.models.engagement import SMALL_COUNT_THRESHOLD
from participation.services.search import in_order, search_newest

PAGE_SIZE = 25

# sort name → the fields a keyset page orders by (the last one is the unique tie-breaker)
SORTS = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "title": ("title_en", "id"),
}


def published_activities() -> QuerySet[Activity]:
    return (
        Activity.objects.published()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.published().order_by("title_en")),
            Prefetch("methods", queryset=ActivityMethod.objects.order_by("method")),
        )
    )


def published_projects() -> QuerySet[Project]:
    return Project.objects.published().select_related("organisation")


def published_participant_groups() -> QuerySet[ParticipantGroup]:
    return ParticipantGroup.objects.filter(activity__in=Activity.objects.published())


def published_recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(activity__in=Activity.objects.published())


def filter_activities(queryset: QuerySet[Activity], *, filters: dict) -> QuerySet[Activity]:
    """Apply the register's filters (already validated); unknown or empty values are ignored."""
    if filters.get("organisation"):
        queryset = queryset.filter(organisation__slug=filters["organisation"])
    if filters.get("project_type"):
        in_type = Activity.projects.through.objects.filter(
            activity=OuterRef("pk"), project__project_type=filters["project_type"]
        )
        queryset = queryset.filter(Exists(in_type))
    if filters.get("lifecycle_stage"):
        queryset = queryset.filter(lifecycle_stage=filters["lifecycle_stage"])
    if filters.get("method"):
        queryset = queryset.filter(
            Exists(ActivityMethod.objects.filter(activity=OuterRef("pk"), method=filters["method"]))
        )
    if filters.get("level_promised"):
        queryset = queryset.filter(level_promised=filters["level_promised"])
    if filters.get("level_achieved"):
        queryset = queryset.filter(level_achieved=filters["level_achieved"])
    if filters.get("started_from"):
        queryset = queryset.filter(actual_start__gte=filters["started_from"])
    if filters.get("started_to"):
        queryset = queryset.filter(actual_start__lte=filters["started_to"])
    if filters.get("has_responses"):
        responded = Recommendation.objects.filter(activity=OuterRef("pk")).exclude(response_status="")
        queryset = queryset.filter(Exists(responded))
    return queryset


def filter_projects(queryset: QuerySet[Project], *, filters: dict) -> QuerySet[Project]:
    if filters.get("organisation"):
        queryset = queryset.filter(organisation__slug=filters["organisation"])
    if filters.get("project_type"):
        queryset = queryset.filter(project_type=filters["project_type"])
    if filters.get("lifecycle_phase"):
        queryset = queryset.filter(lifecycle_phase=filters["lifecycle_phase"])
    return queryset


@dataclass
class ResultPage:
    items: list
    next_query: dict | None
    previous_query: dict | None


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list | None:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key, pk = values
        uuid.UUID(pk)
        if not isinstance(key, str):
            return None
        return [key, pk]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None


def _cursor_for(item, fields: tuple[str, str]) -> str:
    key = getattr(item, fields[0].lstrip("-"))
    return _encode([key.isoformat() if isinstance(key, datetime.datetime) else key, str(item.pk)])


def _beyond(fields: tuple[str, str], values: list, *, reverse: bool) -> Q:
    """Rows strictly after (or before, when reversing) the cursor in the given ordering."""
    key_field, pk_field = (f.lstrip("-") for f in fields)
    descending = fields[0].startswith("-") != reverse
    op = "lt" if descending else "gt"
    key, pk = values
    if key_field == "published_at":
        key = datetime.datetime.fromisoformat(key)
    return Q(**{f"{key_field}__{op}": key}) | Q(**{key_field: key, f"{pk_field}__{op}": pk})


def keyset_page(queryset: QuerySet, *, sort: str, after: str = "", before: str = "", size: int = PAGE_SIZE):
    """A page of `size` rows after or before a cursor: no COUNT and no OFFSET, so the last page
    costs what the first does. A cursor that does not decode starts from the beginning."""
    fields = SORTS.get(sort, SORTS["newest"])
    reverse_fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    cursor_before = _decode(before) if before else None
    cursor_after = _decode(after) if after and not cursor_before else None
    try:
        if cursor_before:
            rows = list(
                queryset.filter(_beyond(fields, cursor_before, reverse=True)).order_by(*reverse_fields)[: size + 1]
            )
            has_more_before = len(rows) > size
            items = rows[:size][::-1]
            has_more_after = True
        else:
            if cursor_after:
                queryset = queryset.filter(_beyond(fields, cursor_after, reverse=False))
            rows = list(queryset.order_by(*fields)[: size + 1])
            items = rows[:size]
            has_more_after = len(rows) > size
            has_more_before = cursor_after is not None
    except ValueError:  # a well-formed cursor holding a bad date
        return keyset_page(queryset, sort=sort, size=size)
    return ResultPage(
        items=items,
        next_query={"after": _cursor_for(items[-1], fields)} if has_more_after and items else None,
        previous_query={"before": _cursor_for(items[0], fields)} if has_more_before and items else None,
    )


# Search pages by number; 20 pages of 25 is more than anyone reads, and bounds the matches ranked.
MAX_SEARCH_PAGE = 20


def search_page(queryset: QuerySet, *, text: str, page: int, size: int = PAGE_SIZE) -> ResultPage:
    """Search results rank by relevance, so they page by number, up to MAX_SEARCH_PAGE pages. The
    matches ranked are the newest that many pages can show (`search_newest`): a common word costs
    the same however large the register grows."""
    ranked = search_newest(queryset, text, limit=MAX_SEARCH_PAGE * size, newest=SORTS["newest"])
    start = (page - 1) * size
    rows = in_order(queryset, ranked[start : start + size + 1])
    has_next = len(rows) > size and page < MAX_SEARCH_PAGE
    return ResultPage(
        items=rows[:size],
        next_query={"page": page + 1} if has_next else None,
        previous_query={"page": page - 1} if page > 1 else None,
    )


# Open data exports ---------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def public_count(count: int | None) -> int | None:
    """Counts under 5 are suppressed (None) in data, as the pages say "fewer than 5"."""
    if count is not None and 0 < count < SMALL_COUNT_THRESHOLD:
        return None
    return count


def project_row(project: Project) -> dict:
    return {
        "id": str(project.pk),
        "slug": project.slug,
        "title_en": project.title_en,
        "title_cy": project.title_cy,
        "summary_en": project.summary_en,
        "summary_cy": project.summary_cy,
        "organisation": project.organisation.slug,
        "project_type": project.project_type,
        "lifecycle_phase": project.lifecycle_phase,
        "procurement_stage": project.procurement_stage,
        "planned_level": project.planned_level,
        "engagement_intent": project.engagement_intent,
        "decisions_open_en": project.decisions_open_en,
        "decisions_open_cy": project.decisions_open_cy,
        "decisions_fixed_en": project.decisions_fixed_en,
        "decisions_fixed_cy": project.decisions_fixed_cy,
        "atrs_url": project.atrs_url,
        "impact_assessment_url": project.impact_assessment_url,
        "website": project.website,
        "published_at": project.published_at,
        "updated_at": project.updated_at,
        "version": project.version,
        "licence": project.licence,
    }


def activity_row(activity: Activity) -> dict:
    return {
        "id": str(activity.pk),
        "slug": activity.slug,
        "title_en": activity.title_en,
        "title_cy": activity.title_cy,
        "summary_en": activity.summary_en,
        "summary_cy": activity.summary_cy,
        "organisation": activity.organisation.slug,
        "projects": " ".join(str(project.pk) for project in activity.projects.all()),
        "methods": " ".join(method.method for method in activity.methods.all()),
        "status": activity.status,
        "lifecycle_stage": activity.lifecycle_stage,
        "modality": activity.modality,
        "level_promised": activity.level_promised,
        "level_achieved": activity.level_achieved,
        "actual_start": activity.actual_start,
        "actual_end": activity.actual_end,
        "findings_en": activity.findings_en,
        "findings_cy": activity.findings_cy,
        "what_changed_en": activity.what_changed_en,
        "what_changed_cy": activity.what_changed_cy,
        "participants_told_on": activity.participants_told_on,
        "report_url": activity.report_url,
        "published_at": activity.published_at,
        "updated_at": activity.updated_at,
        "version": activity.version,
        "licence": activity.licence,
    }


def participant_group_row(group: ParticipantGroup) -> dict:
    return {
        "id": str(group.pk),
        "activity": str(group.activity_id),
        "label": group.label,
        "representation_type": group.representation_type,
        "recruitment": group.recruitment,
        "invited_count": public_count(group.invited_count),
        "took_part_count": public_count(group.took_part_count),
        "completed_count": public_count(group.completed_count),
        "includes_under_18s": group.includes_under_18s,
        "updated_at": group.updated_at,
    }


def recommendation_row(recommendation: Recommendation) -> dict:
    return {
        "id": str(recommendation.pk),
        "activity": str(recommendation.activity_id),
        "reference": recommendation.reference,
        "text_en": recommendation.text_en,
        "text_cy": recommendation.text_cy,
        "response_status": recommendation.response_status,
        "explanation_en": recommendation.explanation_en,
        "explanation_cy": recommendation.explanation_cy,
        "action_en": recommendation.action_en,
        "action_cy": recommendation.action_cy,
        "owner_role": recommendation.owner_role,
        "due_on": recommendation.due_on,
        "done_on": recommendation.done_on,
        "evidence_url": recommendation.evidence_url,
        "updated_at": recommendation.updated_at,
    }


def export_projects() -> QuerySet[Project]:
    return published_projects().order_by("published_at", "id")


def export_activities() -> QuerySet[Activity]:
    return published_activities().order_by("published_at", "id")


def export_participant_groups() -> QuerySet[ParticipantGroup]:
    return published_participant_groups().order_by("created_at", "id")


def export_recommendations() -> QuerySet[Recommendation]:
    return published_recommendations().order_by("activity_id", "position", "created_at")


# dataset name → (rows, row builder)
DATASETS = {
    "projects": (export_projects, project_row),
    "activities": (export_activities, activity_row),
    "participant-groups": (export_participant_groups, participant_group_row),
    "recommendations": (export_recommendations, recommendation_row),
}
CHUNK_SIZE = 500


class _Echo:
    def write(self, value):
        return value


def iter_csv(dataset: str) -> Iterator[str]:
    """RFC 4180 CSV (CRLF line ends, one header row), streamed a chunk of rows at a time."""
    rows, build = DATASETS[dataset]
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(COLUMNS[dataset])
    for item in _chunked(rows()):
        yield writer.writerow([csv_safe(value) for value in build(item).values()])


def _chunked(queryset: QuerySet) -> Iterable:
    # iterator() with a chunk size keeps memory flat; prefetches run per chunk.
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


def iter_bulk_json(*, licence_url: str) -> Iterator[str]:
    """Every published record as one JSON document, written piece by piece."""
    yield '{"licence": ' + json.dumps(licence_url)
    for dataset, (rows, build) in DATASETS.items():
        yield f', "{dataset}": ['
        for index, item in enumerate(_chunked(rows())):
            yield ("," if index else "") + json.dumps(build(item), default=_json_default)
        yield "]"
    yield "}"


# The header rows, so an empty dataset still downloads with its columns (a test keeps them in step
# with the row builders).
COLUMNS = {
    "projects": [
        "id",
        "slug",
        "title_en",
        "title_cy",
        "summary_en",
        "summary_cy",
        "organisation",
        "project_type",
        "lifecycle_phase",
        "procurement_stage",
        "planned_level",
        "engagement_intent",
        "decisions_open_en",
        "decisions_open_cy",
        "decisions_fixed_en",
        "decisions_fixed_cy",
        "atrs_url",
        "impact_assessment_url",
        "website",
        "published_at",
        "updated_at",
        "version",
        "licence",
    ],
    "activities": [
        "id",
        "slug",
        "title_en",
        "title_cy",
        "summary_en",
        "summary_cy",
        "organisation",
        "projects",
        "methods",
        "status",
        "lifecycle_stage",
        "modality",
        "level_promised",
        "level_achieved",
        "actual_start",
        "actual_end",
        "findings_en",
        "findings_cy",
        "what_changed_en",
        "what_changed_cy",
        "participants_told_on",
        "report_url",
        "published_at",
        "updated_at",
        "version",
        "licence",
    ],
    "participant-groups": [
        "id",
        "activity",
        "label",
        "representation_type",
        "recruitment",
        "invited_count",
        "took_part_count",
        "completed_count",
        "includes_under_18s",
        "updated_at",
    ],
    "recommendations": [
        "id",
        "activity",
        "reference",
        "text_en",
        "text_cy",
        "response_status",
        "explanation_en",
        "explanation_cy",
        "action_en",
        "action_cy",
        "owner_role",
        "due_on",
        "done_on",
        "evidence_url",
        "updated_at",
    ],
}
