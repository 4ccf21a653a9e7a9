"""Guidance as readers see it: the published documents, each version at its permanent address,
history, comparison, PDF, glossary, and the subscriptions that email people about major changes.
Only published documents and versions exist here; editors preview drafts on the manage side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guidance.forms.public import CompareForm, DocumentFilterForm
from guidance.models import (
    Adoption,
    GlossaryTerm,
    GuidanceDocument,
    GuidanceVersion,
    Pilot,
    PilotFeedback,
    Publication,
    ReviewStatus,
    Subscription,
    Topic,
    VersionPDF,
    WelshStatus,
    any_topic,
)
from guidance.services import pdfs
from guidance.services import subscriptions as subscription_service
from guidance.services.compare import compare_versions
from guidance.services.rendering import rendered_sections
from participation.models.base import json_list_has
from participation.redirects import next_url
from participation.services import page_cache
from participation.services.engagement import editor_organisations
from participation.services.search import search

PAGE_SIZE = 25
# The partials of a document's page that depend only on the document and the language.
DOCUMENT_PARTS = ("banner", "summary", "links", "body")
# While a PDF is being prepared, htmx asks for its status this often.
POLL_SECONDS = 2
RELATED_PUBLICATIONS = 5
SEARCH_FIELDS = ("title_en", "title_cy", "summary_en", "summary_cy", "search_text")


def _published_document(slug: str) -> GuidanceDocument:
    """A published document, with what every page about it shows; anything else is a 404."""
    queryset = GuidanceDocument.objects.published().select_related("organisation", "current_version")
    return get_object_or_404(queryset, slug=slug)


def _published_versions(document: GuidanceDocument):
    return document.versions.filter(status=ReviewStatus.PUBLISHED).order_by("-major", "-minor")


def _published_version(document: GuidanceDocument, number: str) -> GuidanceVersion:
    major, minor = (int(part) for part in number.split("."))
    version = get_object_or_404(_published_versions(document), major=major, minor=minor)
    version.document = document
    return version


def _published_feedback(version: GuidanceVersion, sections: list[dict]) -> list[PilotFeedback]:
    """The feedback the version answers that its givers let us publish, with the section it was about."""
    headings = {section["anchor"]: section for section in sections}
    items = list(
        version.addressed_feedback.filter(may_publish=True).select_related("pilot__organisation").order_by("created_at")
    )
    for item in items:
        item.section = headings.get(item.section_anchor)
    return items


def _version_context(document: GuidanceDocument, version: GuidanceVersion, language: str) -> dict:
    sections = rendered_sections(version, language)
    return {
        "document": document,
        "version": version,
        "sections": sections,
        "feedback_items": _published_feedback(version, sections),
        "welsh_missing": language == "cy" and version.welsh_status != WelshStatus.COMPLETE,
        "change_note_lang": "cy" if language == "cy" and version.change_note_cy else "en",
    }


@login_not_required
@require_GET
def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # invalid values are reported on the form and left out of the filters
        filters = form.cleaned_data
    documents = GuidanceDocument.objects.published().select_related("organisation", "current_version")
    if filters.get("topic"):
        documents = documents.filter(topic=filters["topic"])
    if filters.get("audience"):
        documents = documents.filter(json_list_has("audiences", filters["audience"]))
    if filters.get("q"):
        documents = search(documents, filters["q"], fallback_fields=SEARCH_FIELDS)
    else:
        documents = documents.order_by("title_en")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    subscribed_topics = set()
    if request.user.is_authenticated:
        subscribed_topics = set(
            request.user.guidance_subscriptions.filter(document__isnull=True).values_list("topic", flat=True)
        )
    context = {
        "form": form,
        "page": page,
        "documents": page.object_list,
        "topics": [(value, label, value in subscribed_topics) for value, label in Topic.choices],
    }
    return render(request, "guidance/public/document_list.html", context)


@login_not_required
@require_GET
def document_detail(request, slug):
    """The document's content is rendered once per content version and language (`page_cache`);
    the subscribe and pilot actions, which depend on who is looking, every time."""
    template = "guidance/public/document_detail.html"

    def render_parts() -> tuple[dict, bool]:
        document = get_object_or_404(
            GuidanceDocument.objects.published()
            .select_related("organisation", "current_version__based_on")
            .prefetch_related("partners"),
            slug=slug,
        )
        version = document.current_version
        version.document = document
        adoptions = Adoption.objects.filter(document=document).select_related("organisation", "version")
        context = {
            **_version_context(document, version, get_language()),
            "previous": version.based_on,
            "adoptions": list(adoptions.order_by("-adopted_on")),
            "pilot_count": Pilot.objects.filter(version__document=document).count(),
            "related_publications": _related_publications(document),
        }
        parts = {name: render_to_string(f"{template}#{name}", context, request) for name in DOCUMENT_PARTS}
        return {"title": str(document.title), **parts}, True

    parts = page_cache.cached("guidance-document", f"{get_language()}:{slug}", render_parts)
    user = request.user
    context = {
        "slug": slug,
        "title": parts["title"],
        "parts": parts,
        "is_subscribed": user.is_authenticated and user.guidance_subscriptions.filter(document__slug=slug).exists(),
        "can_run_pilots": editor_organisations(user).exists(),
    }
    return render(request, template, context)


def _related_publications(document: GuidanceDocument) -> list[Publication]:
    """Published publications that link to the document or share its topic, newest first."""
    linked = Q(pk__in=document.publications.values("pk")) | any_topic([document.topic])
    return list(
        Publication.objects.published()
        .filter(linked)
        .only("slug", "kind", "title_en", "title_cy", "publication_date")
        .order_by("-publication_date", "-published_at")[:RELATED_PUBLICATIONS]
    )


@login_not_required
@require_GET
def document_history(request, slug):
    document = _published_document(slug)
    versions = list(_published_versions(document).annotate(feedback_count=Count("addressed_feedback")))
    for version, previous in zip(versions, [*versions[1:], None], strict=True):
        version.document = document
        version.previous = previous
    return render(request, "guidance/public/document_history.html", {"document": document, "versions": versions})


@login_not_required
@require_GET
def version_detail(request, slug, number):
    document = _published_document(slug)
    version = _published_version(document, number)
    context = {**_version_context(document, version, get_language()), "is_current": version == document.current_version}
    return render(request, "guidance/public/version_detail.html", context)


@login_not_required
@require_GET
def version_pdf(request, slug, number):
    document = _published_document(slug)
    version = _published_version(document, number)
    pdf = pdfs.request_version_pdf(version=version, language=get_language())
    if pdf.status == VersionPDF.Status.DONE and pdf.file and not request.htmx:
        filename = f"{document.slug}-{version.number}-{pdf.language}.pdf"
        return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    template = "guidance/public/version_pdf.html"
    context = {"document": document, "version": version, "pdf": pdf, "poll_seconds": POLL_SECONDS}
    response = render(request, f"{template}#pdf-status" if request.htmx else template, context)
    response["Vary"] = "HX-Request"
    return response


@login_not_required
@require_GET
def document_compare(request, slug):
    document = _published_document(slug)
    versions = list(_published_versions(document))
    by_number = {version.number: version for version in versions}
    data = request.GET if {"from", "to"} & set(request.GET) else None
    if data is None and len(versions) > 1:
        data = {"from": versions[1].number, "to": versions[0].number}
    form = CompareForm(data, numbers=list(by_number))
    old = new = changes = None
    language = get_language()
    if data is not None and form.is_valid():
        old, new = by_number[form.cleaned_data["from"]], by_number[form.cleaned_data["to"]]
        # Compare the Welsh text only when both versions have it all; otherwise the English.
        both_welsh = old.welsh_status == new.welsh_status == WelshStatus.COMPLETE
        language = "cy" if language == "cy" and both_welsh else "en"
        changes = compare_versions(old, new, language=language)
    context = {
        "document": document,
        "form": form,
        "old": old,
        "new": new,
        "changes": changes,
        "compare_language": language,
        "has_choice": len(versions) > 1,
    }
    return render(request, "guidance/public/document_compare.html", context)


@login_not_required
@require_GET
def glossary(request):
    terms = sorted(GlossaryTerm.objects.all(), key=lambda term: term.term.casefold())
    return render(request, "guidance/public/glossary.html", {"terms": terms})


@require_GET
def subscriptions(request):
    queryset = request.user.guidance_subscriptions.select_related("document").order_by("-created_at")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "guidance/public/subscriptions.html", {"page": page, "subscriptions": page.object_list})


@require_http_methods(["GET", "POST"])
def subscription_delete(request, pk):
    subscription = get_object_or_404(Subscription.objects.filter(user=request.user).select_related("document"), pk=pk)
    if request.method == "POST":
        subscription_service.unsubscribe(subscription=subscription)
        messages.success(request, _("You have unsubscribed. We will not email you about it any more."))
        return redirect("guidance:subscriptions")
    return render(request, "guidance/public/subscription_delete.html", {"subscription": subscription})


@require_POST
def topic_subscribe(request, topic):
    if topic not in Topic.values:
        raise Http404
    label = Topic(topic).label
    if request.POST.get("action") == "unsubscribe":
        existing = request.user.guidance_subscriptions.filter(document__isnull=True, topic=topic).first()
        if existing is not None:
            subscription_service.unsubscribe(subscription=existing)
        messages.success(request, _("You have unsubscribed from “%(topic)s”.") % {"topic": label})
    else:
        subscription_service.subscribe(user=request.user, topic=topic)
        messages.success(
            request,
            _("You have subscribed to “%(topic)s”. We will email you when guidance on it changes in a major way.")
            % {"topic": label},
        )
    return redirect(next_url(request, "guidance:document-list"))


@require_POST
def document_subscribe(request, slug):
    document = get_object_or_404(GuidanceDocument.objects.published(), slug=slug)
    if request.POST.get("action") == "unsubscribe":
        existing = request.user.guidance_subscriptions.filter(document=document).first()
        if existing is not None:
            subscription_service.unsubscribe(subscription=existing)
        messages.success(request, _("You have unsubscribed from “%(title)s”.") % {"title": document.title})
    else:
        subscription_service.subscribe(user=request.user, document=document)
        messages.success(
            request,
            _("You have subscribed to “%(title)s”. We will email you when it changes in a major way.")
            % {"title": document.title},
        )
    return redirect(next_url(request, document.get_absolute_url()))
