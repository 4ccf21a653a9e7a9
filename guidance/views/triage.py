"""The guidance editors' side of pilots: a triage queue of feedback, deciding what to do with
each item, and the shared glossary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guidance.forms.triage import FeedbackFilterForm, GlossaryTermForm, TriageForm
from guidance.models import GlossaryTerm, GuidanceSection, PilotFeedback, TriageStatus
from guidance.permissions import can_maintain_glossary, can_triage_feedback
from guidance.services import feedback as feedback_service
from guidance.services import pilots as pilot_service
from guidance.views.common import add_errors, posted

FEEDBACK_PER_PAGE = 25
TERMS_PER_PAGE = 50


def _require_triage(request) -> None:
    if not can_triage_feedback(request.user):
        raise PermissionDenied


def _require_glossary(request) -> None:
    if not can_maintain_glossary(request.user):
        raise PermissionDenied


def _attach_sections(items) -> None:
    """Each item's section (for its heading), in one query for the whole page."""
    version_ids = {item.version_id for item in items}
    sections = {
        (section.version_id, section.anchor): section
        for section in GuidanceSection.objects.filter(version_id__in=version_ids).only(
            "version_id", "anchor", "heading_en", "heading_cy"
        )
    }
    for item in items:
        item.section = sections.get((item.version_id, item.section_anchor))


@require_http_methods(["GET"])
def feedback_queue(request):
    _require_triage(request)
    form = FeedbackFilterForm(request.GET or None)
    filters = form.filters()
    filtered = PilotFeedback.objects.filter(**filters)
    # Counts per status for the other filters, so each count says what choosing that status would show.
    without_status = PilotFeedback.objects.filter(**{k: v for k, v in filters.items() if k != "status"}).order_by()
    totals = without_status.aggregate(
        total=Count("id"), **{status: Count("id", filter=Q(status=status)) for status in TriageStatus.values}
    )
    status_counts = [(value, label, totals[value]) for value, label in TriageStatus.choices]
    queryset = filtered.select_related(
        "version__document", "pilot__organisation", "submitted_by", "addressed_in"
    ).order_by("-created_at", "pk")
    page = Paginator(queryset, FEEDBACK_PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    _attach_sections(items)
    context = {
        "form": form,
        "page": page,
        "items": items,
        "status_counts": status_counts,
        "total": totals["total"],
        "is_filtered": bool(filters),
    }
    template = "guidance/triage/feedback_queue.html"
    response = render(request, f"{template}#queue-results" if request.htmx else template, context)
    response["Vary"] = "HX-Request"
    return response


@require_http_methods(["GET", "POST"])
def feedback_triage(request, pk):
    _require_triage(request)
    item = get_object_or_404(
        PilotFeedback.objects.select_related(
            "version__document", "pilot__organisation", "submitted_by", "activity", "addressed_in", "triaged_by"
        ),
        pk=pk,
    )
    document = item.version.document
    initial = {"status": item.status, "response": item.response, "addressed_in": item.addressed_in_id}
    form = TriageForm(posted(request), document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback_service.triage(
                feedback=item,
                triaged_by=request.user,
                status=data["status"],
                response=data.get("response") or "",
                addressed_in=data.get("addressed_in"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Feedback triaged"))
            return redirect("guidance_manage:feedback-queue")
    _attach_sections([item])
    return render(
        request,
        "guidance/triage/feedback_triage.html",
        {"form": form, "item": item, "document": document},
    )


# Glossary


def glossary_list(request):
    _require_glossary(request)
    page = Paginator(GlossaryTerm.objects.order_by("term_en"), TERMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "guidance/triage/glossary_list.html", {"page": page, "terms": page.object_list})


@require_http_methods(["GET", "POST"])
def glossary_create(request):
    _require_glossary(request)
    form = GlossaryTermForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            term = pilot_service.create_term(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("“%(term)s” added to the glossary") % {"term": term.term_en})
            return redirect("guidance_manage:glossary-list")
    return render(request, "guidance/triage/glossary_form.html", {"form": form, "term": None})


@require_http_methods(["GET", "POST"])
def glossary_edit(request, pk):
    _require_glossary(request)
    term = get_object_or_404(GlossaryTerm, pk=pk)
    form = GlossaryTermForm(posted(request), instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            term = pilot_service.update_term(term=term, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("“%(term)s” saved") % {"term": term.term_en})
            return redirect("guidance_manage:glossary-list")
    return render(request, "guidance/triage/glossary_form.html", {"form": form, "term": term})


@require_http_methods(["GET", "POST"])
def glossary_delete(request, pk):
    _require_glossary(request)
    term = get_object_or_404(GlossaryTerm, pk=pk)
    if request.method == "POST":
        pilot_service.delete_term(term=term, deleted_by=request.user)
        messages.success(request, _("“%(term)s” removed from the glossary") % {"term": term.term_en})
        return redirect("guidance_manage:glossary-list")
    return render(request, "guidance/triage/glossary_delete.html", {"term": term})
