"""Publications and outreach events on the public site: the list with its filters and search, each
publication with what it relates to, a consultation response's PDF, and the events page. Only
published publications appear; a draft is a 404 except to those who may see it (its authors and
guidance editors), who see it marked as a draft."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, Value, When, prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from guidance.forms.publications_public import PublicationFilterForm
from guidance.models import (
    GuidanceDocument,
    OutreachEvent,
    Publication,
    PublicationAuthor,
    PublicationKind,
    PublicationPDF,
    any_topic,
)
from guidance.services import pdfs
from participation.services import page_cache
from participation.services.markdown import render_markdown
from participation.services.search import search

PAGE_SIZE = 20
EVENTS_PAGE_SIZE = 20
RELATED_LIMIT = 5
# While a PDF is being prepared, htmx asks for its status this often.
POLL_SECONDS = 2
SEARCH_FIELDS = ("title_en", "title_cy", "summary_en", "summary_cy", "search_text")
LIST_TEMPLATE = "guidance/publications/publication_list.html"
LIST_PARTS = ("publication-filters", "publication-results")
DETAIL_TEMPLATE = "guidance/publications/publication_detail.html"


def _filtered(filters: dict):
    publications = Publication.objects.published()
    if filters.get("kind"):
        publications = publications.filter(kind__in=filters["kind"])
    if filters.get("topic"):
        publications = publications.filter(any_topic([filters["topic"]]))
    if filters.get("q"):
        return search(publications, filters["q"], fallback_fields=SEARCH_FIELDS, tie_break="-publication_date")
    return publications.order_by("-publication_date", "-published_at")


@login_not_required
@require_GET
def publication_list(request):
    """The filters and results are rendered once per content version, language and query
    (`page_cache`); a query with invalid filters is rendered each time, reporting them."""
    page_context = {}

    def render_parts() -> tuple[dict, bool]:
        form = PublicationFilterForm(request.GET or None)
        filters = {}
        if form.is_bound:
            form.is_valid()  # invalid values are reported on the form and left out of the filters
            filters = form.cleaned_data
        page = Paginator(_filtered(filters), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"form": form, "page": page, "publications": page.object_list}
        page_context["form"] = form
        parts = {part: render_to_string(f"{LIST_TEMPLATE}#{part}", context, request) for part in LIST_PARTS}
        return parts, not form.errors

    parts = page_cache.cached("publication-list", f"{get_language()}?{request.GET.urlencode()}", render_parts)
    page_context.update(filters_html=parts["publication-filters"], results_html=parts["publication-results"])
    return render(request, LIST_TEMPLATE, page_context)


def _related_guidance(publication: Publication) -> list[GuidanceDocument]:
    """Published guidance the publication links to, then guidance on its topics."""
    linked = publication.related_guidance.values("pk")
    return list(
        GuidanceDocument.objects.published()
        .filter(Q(pk__in=linked) | Q(topic__in=publication.topics))
        .annotate(linked=Case(When(pk__in=linked, then=Value(0)), default=Value(1)))
        .order_by("linked", "title_en")[: RELATED_LIMIT * 2]
    )


def _related_case_studies(publication: Publication) -> list[Publication]:
    """Other published case studies about one of the same engagement activities, or on a shared topic."""
    shares_activity = Q(
        pk__in=Publication.activities.through.objects.filter(activity__in=publication.activities.values("pk")).values(
            "publication"
        )
    )
    return list(
        Publication.objects.published()
        .filter(kind=PublicationKind.CASE_STUDY)
        .exclude(pk=publication.pk)
        .filter(shares_activity | any_topic(publication.topics))
        .order_by("-publication_date", "-published_at")[:RELATED_LIMIT]
    )


def _detail_context(publication: Publication) -> dict:
    body, body_language = publication.body
    return {
        "publication": publication,
        "authors": pdfs.named_authors(publication),
        "topics": publication.topic_labels,
        "body_html": render_markdown(body),
        "body_language": body_language,
        "related_guidance": _related_guidance(publication),
        "case_studies": _related_case_studies(publication),
        "activities": list(publication.activities.published().order_by("title_en")),
        "projects": list(publication.projects.published().order_by("title_en")),
        "write_up_events": list(publication.outreach_events.listed())
        if publication.kind == PublicationKind.EVENT_WRITE_UP
        else [],
    }


@login_not_required
@require_GET
def publication_detail(request, slug):
    """A published publication's content is rendered once per content version and language
    (`page_cache`); a draft, seen only by its authors and guidance editors, every time."""
    publication = get_object_or_404(Publication.objects.visible_to(request.user), slug=slug)

    def render_parts() -> tuple[dict, bool]:
        named = PublicationAuthor.objects.filter(is_named=True).select_related("user")
        prefetch_related_objects([publication], Prefetch("authors", queryset=named))
        content = render_to_string(f"{DETAIL_TEMPLATE}#publication-content", _detail_context(publication), request)
        return {"title": str(publication.title), "content": content}, True

    if publication.is_published:
        parts = page_cache.cached("publication", f"{get_language()}:{publication.pk}", render_parts)
    else:
        parts = render_parts()[0]
    context = {
        "title": parts["title"],
        "content_html": parts["content"],
        "is_draft": not publication.is_published,
        "publication": publication,
    }
    return render(request, DETAIL_TEMPLATE, context)


def _pdf_language(publication: Publication) -> str:
    """The Welsh PDF when there is Welsh text to put in it; otherwise the English one."""
    return publication.body[1]


@login_not_required
@require_GET
def publication_pdf(request, slug):
    publication = get_object_or_404(
        Publication.objects.published().filter(kind=PublicationKind.CONSULTATION_RESPONSE), slug=slug
    )
    pdf = pdfs.request_publication_pdf(publication=publication, language=_pdf_language(publication))
    if pdf.status == PublicationPDF.Status.DONE and pdf.file and not request.htmx:
        filename = pdfs.PUBLICATION.filename(publication, pdf.language)
        return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    template = "guidance/publications/publication_pdf.html"
    context = {"publication": publication, "pdf": pdf, "poll_seconds": POLL_SECONDS}
    response = render(request, f"{template}#pdf-status" if request.htmx else template, context)
    response["Vary"] = "HX-Request"
    return response


@login_not_required
@require_GET
def event_list(request):
    today = timezone.localdate()
    events = OutreachEvent.objects.listed().select_related("write_up")
    is_upcoming = Q(starts_on__gte=today) | Q(ends_on__gte=today)
    upcoming = list(events.filter(is_upcoming).order_by("starts_on", "title_en"))
    past = Paginator(events.exclude(is_upcoming).order_by("-starts_on", "title_en"), EVENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"upcoming": upcoming, "page": past, "past": past.object_list}
    return render(request, "guidance/publications/event_list.html", context)


@login_not_required
@require_GET
def event_detail(request, slug):
    event = get_object_or_404(OutreachEvent.objects.listed().select_related("write_up"), slug=slug)
    context = {"event": event, "topics": event.topic_labels, "is_past": _is_past(event)}
    return render(request, "guidance/publications/event_detail.html", context)


def _is_past(event: OutreachEvent) -> bool:
    return (event.ends_on or event.starts_on) < timezone.localdate()
