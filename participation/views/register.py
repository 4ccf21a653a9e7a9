"""The public register: published projects and activities, their pages, and the open data
downloads. No sign-in; only published records; never personal data."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from participation.forms.widgets import GovukDateField
from participation.models import (
    Activity,
    EvidenceFile,
    Organisation,
    ParticipantGroup,
    PublicChange,
    Recommendation,
    bilingual,
    shown_count,
)
from participation.models.vocabularies import LifecyclePhase, Method, ParticipationLevel, ProjectType, ResponseStatus
from participation.services import opendata, page_cache

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The parts of a register list page that depend only on the data, the language and the query.
LIST_PARTS = ("register-filters", "register-results")


def _choices(empty_label, choices):
    return [("", empty_label), *choices]


class RegisterFilterForm(forms.Form):
    """The register's GET filters: validation only. Invalid values are reported and ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    project_type = forms.ChoiceField(
        label=_("Type of project"), required=False, choices=_choices(_("Any type"), ProjectType.choices)
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first")), ("title", _("Title (A to Z)"))],
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _choices(
            _("All organisations"), [(o.slug, o.name) for o in organisations]
        )


class ActivityFilterForm(RegisterFilterForm):
    lifecycle_stage = forms.ChoiceField(
        label=_("Lifecycle phase"), required=False, choices=_choices(_("Any phase"), LifecyclePhase.choices)
    )
    method = forms.ChoiceField(label=_("Method"), required=False, choices=_choices(_("Any method"), Method.choices))
    level_promised = forms.ChoiceField(
        label=_("Participation level promised"),
        required=False,
        choices=_choices(_("Any level"), ParticipationLevel.choices),
    )
    level_achieved = forms.ChoiceField(
        label=_("Participation level achieved"),
        required=False,
        choices=_choices(_("Any level"), ParticipationLevel.choices),
    )
    started_from = GovukDateField(label=_("Started on or after"), required=False)
    started_to = GovukDateField(label=_("Started on or before"), required=False)
    has_responses = forms.BooleanField(label=_("Only activities with published responses"), required=False)
    field_order = [
        "q",
        "organisation",
        "project_type",
        "lifecycle_stage",
        "method",
        "level_promised",
        "level_achieved",
        "started_from",
        "started_to",
        "has_responses",
        "sort",
    ]


class ProjectFilterForm(RegisterFilterForm):
    lifecycle_phase = forms.ChoiceField(
        label=_("Lifecycle phase"), required=False, choices=_choices(_("Any phase"), LifecyclePhase.choices)
    )
    field_order = ["q", "organisation", "project_type", "lifecycle_phase", "sort"]


def _page_number(value: str) -> int:
    """page=abc, page=-1 or a page past the search cap is a 404, never a 500."""
    try:
        number = int(value or 1)
    except ValueError:
        raise Http404 from None
    if not 1 <= number <= opendata.MAX_SEARCH_PAGE:
        raise Http404
    return number


def _valid_filters(form) -> dict:
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _results(request, queryset, filters: dict):
    text = filters.get("q", "")
    if text:
        return opendata.search_page(queryset, text=text, page=_page_number(request.GET.get("page")))
    return opendata.keyset_page(
        queryset,
        sort=filters.get("sort") or "newest",
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )


def _page_links(request, page) -> dict:
    """Previous/next links that keep every filter, so a page of results can be bookmarked."""
    links = {}
    for name, extra in (("previous_url", page.previous_query), ("next_url", page.next_query)):
        if extra is not None:
            query = request.GET.copy()
            for key in ("page", "after", "before"):
                query.pop(key, None)
            query.update(extra)
            links[name] = f"?{query.urlencode()}"
    return links


def _render_list(request, template: str, build_context) -> HttpResponse:
    """The filters and the results are rendered once per content version, language and query
    (`page_cache`); the page around them, with its nonce and navigation, every time. A query
    with invalid filters is not kept: its page reports them in the error summary."""
    page_context = {"ogl_url": OGL_URL}

    def render_parts() -> tuple[dict, bool]:
        context = build_context()
        page_context["form"] = context["form"]
        parts = {part: render_to_string(f"{template}#{part}", context, request) for part in LIST_PARTS}
        return parts, not context["form"].errors

    parts = page_cache.cached(template, f"{get_language()}?{request.GET.urlencode()}", render_parts)
    if request.htmx:
        response = HttpResponse(parts["register-results"])
    else:
        page_context.update(filters_html=parts["register-filters"], results_html=parts["register-results"])
        response = render(request, template, page_context)
    response["Vary"] = "HX-Request"
    return response


@login_not_required
@require_GET
def activity_list(request):
    def build_context():
        form = ActivityFilterForm(request.GET or None, organisations=Organisation.objects.order_by("name_en"))
        filters = _valid_filters(form)
        queryset = opendata.filter_activities(opendata.published_activities(), filters=filters)
        page = _results(request, queryset, filters)
        return {"form": form, "page": page, "activities": page.items, "ogl_url": OGL_URL, **_page_links(request, page)}

    return _render_list(request, "participation/register/activity_list.html", build_context)


@login_not_required
@require_GET
def project_list(request):
    def build_context():
        form = ProjectFilterForm(request.GET or None, organisations=Organisation.objects.order_by("name_en"))
        filters = _valid_filters(form)
        queryset = opendata.filter_projects(opendata.published_projects(), filters=filters)
        page = _results(request, queryset, filters)
        return {"form": form, "page": page, "projects": page.items, "ogl_url": OGL_URL, **_page_links(request, page)}

    return _render_list(request, "participation/register/project_list.html", build_context)


@login_not_required
@require_GET
def project_detail(request, slug):
    project = get_object_or_404(opendata.published_projects(), slug=slug)
    activities = Activity.objects.published().filter(projects=project).order_by("-actual_start", "-published_at")
    context = {
        "project": project,
        "texts": _texts(project, "description", "decisions_open", "decisions_fixed"),
        "activities": activities,
        "changes": PublicChange.objects.filter(project=project),
        "ogl_url": OGL_URL,
    }
    return render(request, "participation/register/project_detail.html", context)


@login_not_required
@require_GET
def activity_detail(request, slug):
    """The page's content is rendered once per content version and language (`page_cache`)."""
    template = "participation/register/activity_detail.html"

    def render_parts() -> tuple[dict, bool]:
        activity = get_object_or_404(
            opendata.published_activities().prefetch_related(
                Prefetch("participant_groups", queryset=ParticipantGroup.objects.order_by("created_at")),
                Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "created_at")),
                Prefetch("changes", queryset=PublicChange.objects.order_by("-changed_at")),
                Prefetch(
                    "evidence_files",
                    queryset=EvidenceFile.objects.filter(is_public=True).order_by("created_at"),
                    to_attr="public_evidence",
                ),
            ),
            slug=slug,
        )
        groups = list(activity.participant_groups.all())
        for group in groups:
            group.shown_invited = shown_count(group.invited_count)
            group.shown_took_part = shown_count(group.took_part_count)
        recommendations = [
            {
                "recommendation": recommendation,
                "tag_colour": RESPONSE_TAG_COLOURS.get(recommendation.response_status, "grey"),
                **_texts(recommendation, "text", "action", "explanation"),
            }
            for recommendation in activity.recommendations.all()
        ]
        context = {
            "activity": activity,
            "texts": _texts(activity, "findings", "what_changed"),
            "groups": groups,
            "recommendations": recommendations,
            "changes": activity.changes.all(),
            "ogl_url": OGL_URL,
        }
        content = render_to_string(f"{template}#activity-content", context, request)
        return {"title": str(activity.title), "content": content}, True

    parts = page_cache.cached("activity", f"{get_language()}:{slug}", render_parts)
    context = {"title": parts["title"], "content_html": parts["content"], "ogl_url": OGL_URL}
    return render(request, template, context)


RESPONSE_TAG_COLOURS = {
    ResponseStatus.ACCEPTED: "green",
    ResponseStatus.PARTLY: "yellow",
    ResponseStatus.NOT_ACCEPTED: "red",
    ResponseStatus.UNDER_CONSIDERATION: "blue",
}


def _texts(record, *fields) -> dict:
    """Bilingual long text in the active language, with the language it is really in (for lang=)."""
    texts = {}
    for field in fields:
        text, language = bilingual(record, field)
        texts[field] = {"text": text, "lang": language}
    return texts


@login_not_required
@require_GET
def data(request):
    datasets = [(name, _dataset_label(name)) for name in opendata.DATASETS]
    return render(request, "participation/register/data.html", {"datasets": datasets, "ogl_url": OGL_URL})


def _dataset_label(name: str) -> str:
    return {
        "projects": _("Projects"),
        "activities": _("Engagement activities"),
        "participant-groups": _("Participant groups"),
        "recommendations": _("Recommendations and responses"),
    }[name]


@login_not_required
@require_GET
def data_csv(request, dataset):
    if dataset not in opendata.DATASETS:
        raise Http404
    response = StreamingHttpResponse(opendata.iter_csv(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="engagement-{dataset}.csv"'
    return response


@login_not_required
@require_GET
def data_json(request):
    response = StreamingHttpResponse(opendata.iter_bulk_json(licence_url=OGL_URL), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="engagement-register.json"'
    return response
