"""The read-only open data API (/api/v1/): published projects, activities, participant groups and
recommendations with their responses. Stable UUID ids, vocabularies as codes, related records as
URLs, limit/offset pages without a COUNT, `updated_since` for incremental copies. No personal data."""

import datetime
import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field

from participation.models import Activity, ParticipantGroup, Project, Recommendation
from participation.services import opendata

api = NinjaAPI(
    title="Engagement register API",
    version="1",
    description="Published records of public engagement in public-sector data and AI projects. "
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    urls_namespace="api",
    # The interactive docs page loads scripts from a CDN, which the Content Security Policy forbids.
    docs_url=None,
)

MAX_LIMIT = 100
MAX_OFFSET = 10_000


class PageParams(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many records to return.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many records to skip.")
    updated_since: datetime.datetime | None = Field(
        None, description="Only records changed at or after this ISO 8601 time (with a time zone)."
    )


class Organisation(Schema):
    slug: str
    name_en: str
    name_cy: str


class ProjectOut(Schema):
    id: uuid.UUID
    url: str
    html_url: str
    slug: str
    organisation: Organisation
    title_en: str
    title_cy: str
    summary_en: str
    summary_cy: str
    description_en: str
    description_cy: str
    project_type: str
    lifecycle_phase: str
    procurement_stage: str
    planned_level: str
    engagement_intent: str
    decisions_open_en: str
    decisions_open_cy: str
    decisions_fixed_en: str
    decisions_fixed_cy: str
    atrs_url: str
    impact_assessment_url: str
    website: str
    activities_url: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    version: int
    licence: str


class ActivityOut(Schema):
    id: uuid.UUID
    url: str
    html_url: str
    slug: str
    organisation: Organisation
    projects: list[str]
    title_en: str
    title_cy: str
    summary_en: str
    summary_cy: str
    status: str
    methods: list[str]
    lifecycle_stage: str
    modality: str
    level_promised: str
    level_achieved: str
    delivery_language: str
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    findings_en: str
    findings_cy: str
    what_changed_en: str
    what_changed_cy: str
    participants_told_on: datetime.date | None
    report_url: str
    participant_groups_url: str
    recommendations_url: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    version: int
    licence: str


class ParticipantGroupOut(Schema):
    id: uuid.UUID
    url: str
    activity: str
    label: str
    representation_type: str
    recruitment: str
    invited_count: int | None = Field(description="Blank when fewer than 5, so no one can be identified.")
    took_part_count: int | None = Field(description="Blank when fewer than 5.")
    completed_count: int | None = Field(description="Blank when fewer than 5.")
    includes_under_18s: bool
    updated_at: datetime.datetime


class RecommendationOut(Schema):
    id: uuid.UUID
    url: str
    activity: str
    reference: str
    text_en: str
    text_cy: str
    response_status: str
    explanation_en: str
    explanation_cy: str
    action_en: str
    action_cy: str
    owner_role: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    evidence_url: str
    updated_at: datetime.datetime


class ProjectPage(Schema):
    next: str | None
    previous: str | None
    results: list[ProjectOut]


class ActivityPage(Schema):
    next: str | None
    previous: str | None
    results: list[ActivityOut]


class ParticipantGroupPage(Schema):
    next: str | None
    previous: str | None
    results: list[ParticipantGroupOut]


class RecommendationPage(Schema):
    next: str | None
    previous: str | None
    results: list[RecommendationOut]


def _link(request, name: str, pk) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs={"pk": pk}))


def _organisation(organisation) -> dict:
    return {"slug": organisation.slug, "name_en": organisation.name_en, "name_cy": organisation.name_cy}


def _project(request, project: Project) -> dict:
    row = opendata.project_row(project)
    return {
        **row,
        "id": project.pk,
        "url": _link(request, "project-detail", project.pk),
        "html_url": request.build_absolute_uri(project.get_absolute_url()),
        "organisation": _organisation(project.organisation),
        "description_en": project.description_en,
        "description_cy": project.description_cy,
        "activities_url": request.build_absolute_uri(reverse("api:activity-list") + f"?project={project.pk}"),
    }


def _activity(request, activity: Activity) -> dict:
    row = opendata.activity_row(activity)
    return {
        **row,
        "id": activity.pk,
        "url": _link(request, "activity-detail", activity.pk),
        "html_url": request.build_absolute_uri(activity.get_absolute_url()),
        "organisation": _organisation(activity.organisation),
        "projects": [_link(request, "project-detail", project.pk) for project in activity.projects.all()],
        "methods": [method.method for method in activity.methods.all()],
        "delivery_language": activity.delivery_language,
        "participant_groups_url": request.build_absolute_uri(
            reverse("api:participant-group-list") + f"?activity={activity.pk}"
        ),
        "recommendations_url": request.build_absolute_uri(
            reverse("api:recommendation-list") + f"?activity={activity.pk}"
        ),
    }


def _participant_group(request, group: ParticipantGroup) -> dict:
    return {
        **opendata.participant_group_row(group),
        "id": group.pk,
        "url": _link(request, "participant-group-detail", group.pk),
        "activity": _link(request, "activity-detail", group.activity_id),
    }


def _recommendation(request, recommendation: Recommendation) -> dict:
    return {
        **opendata.recommendation_row(recommendation),
        "id": recommendation.pk,
        "url": _link(request, "recommendation-detail", recommendation.pk),
        "activity": _link(request, "activity-detail", recommendation.activity_id),
    }


def _page(request, queryset: QuerySet, params: PageParams, build) -> dict:
    """A stable page: ordered by (updated_at, id) so a client can copy everything changed since its
    last visit. One row more than asked for tells whether there is a next page: no COUNT."""
    if params.updated_since is not None:
        if params.updated_since.tzinfo is None:
            raise HttpError(422, "updated_since needs a time zone, for example 2026-01-31T09:00:00Z")
        queryset = queryset.filter(updated_at__gte=params.updated_since)
    rows = list(queryset.order_by("updated_at", "id")[params.offset : params.offset + params.limit + 1])

    def link(offset):
        query = request.GET.copy()
        query["offset"] = offset
        query["limit"] = params.limit
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    has_next = len(rows) > params.limit and params.offset + params.limit <= MAX_OFFSET
    return {
        "next": link(params.offset + params.limit) if has_next else None,
        "previous": link(max(params.offset - params.limit, 0)) if params.offset else None,
        "results": [build(request, row) for row in rows[: params.limit]],
    }


@api.get("/projects", response=ProjectPage, url_name="project-list", tags=["projects"])
def list_projects(request, params: Query[PageParams]):
    return _page(request, opendata.published_projects(), params, _project)


@api.get("/projects/{uuid:pk}", response=ProjectOut, url_name="project-detail", tags=["projects"])
def get_project(request, pk: uuid.UUID):
    return _project(request, get_object_or_404(opendata.published_projects(), pk=pk))


@api.get("/activities", response=ActivityPage, url_name="activity-list", tags=["activities"])
def list_activities(request, params: Query[PageParams], project: uuid.UUID | None = None):
    queryset = opendata.published_activities()
    if project is not None:
        queryset = queryset.filter(projects=project)
    return _page(request, queryset, params, _activity)


@api.get("/activities/{uuid:pk}", response=ActivityOut, url_name="activity-detail", tags=["activities"])
def get_activity(request, pk: uuid.UUID):
    return _activity(request, get_object_or_404(opendata.published_activities(), pk=pk))


@api.get("/participant-groups", response=ParticipantGroupPage, url_name="participant-group-list", tags=["participants"])
def list_participant_groups(request, params: Query[PageParams], activity: uuid.UUID | None = None):
    queryset = opendata.published_participant_groups()
    if activity is not None:
        queryset = queryset.filter(activity=activity)
    return _page(request, queryset, params, _participant_group)


@api.get(
    "/participant-groups/{uuid:pk}",
    response=ParticipantGroupOut,
    url_name="participant-group-detail",
    tags=["participants"],
)
def get_participant_group(request, pk: uuid.UUID):
    return _participant_group(request, get_object_or_404(opendata.published_participant_groups(), pk=pk))


@api.get("/recommendations", response=RecommendationPage, url_name="recommendation-list", tags=["recommendations"])
def list_recommendations(request, params: Query[PageParams], activity: uuid.UUID | None = None):
    queryset = opendata.published_recommendations()
    if activity is not None:
        queryset = queryset.filter(activity=activity)
    return _page(request, queryset, params, _recommendation)


@api.get(
    "/recommendations/{uuid:pk}",
    response=RecommendationOut,
    url_name="recommendation-detail",
    tags=["recommendations"],
)
def get_recommendation(request, pk: uuid.UUID):
    return _recommendation(request, get_object_or_404(opendata.published_recommendations(), pk=pk))
