"""The guidance editors' pages: documents, drafts written as sections, the two-person review that
publishes them, scheduling, comments between editor and reviewer, and comparing versions.

Every page is for guidance editors (with two-factor authentication) only: anyone else gets a 403.
Writes go through guidance.services.workflow, which checks the state of the version and records
the audit trail; its ValidationErrors are shown on the form, or as a message on the version page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from guidance.forms.manage import (
    DocumentForm,
    NewVersionForm,
    SectionForm,
    VersionForm,
)
from guidance.models import GuidanceDocument, GuidanceSection, GuidanceVersion, ReviewStatus
from guidance.permissions import is_guidance_editor
from guidance.services import review, workflow
from guidance.services.compare import compare_versions
from guidance.services.rendering import render_section
from guidance.views import review as review_views
from guidance.views.common import add_errors, error_text, is_state_error, posted, state_error

PER_PAGE = 25
LANGUAGES = ("en", "cy")


# Helpers


def _require_editor(request) -> None:
    if not is_guidance_editor(request.user):
        raise PermissionDenied


def _version(pk, queryset=None) -> GuidanceVersion:
    queryset = queryset if queryset is not None else GuidanceVersion.objects.all()
    return get_object_or_404(queryset.select_related("document"), pk=pk)


def _version_url(version) -> str:
    return reverse("guidance_manage:version-detail", kwargs={"pk": version.pk})


def _back_to_version(request, version, error: ValidationError | None = None):
    """An action that cannot be done in the version's state: say why on the version page."""
    if error is not None:
        messages.error(request, error_text(error))
    return redirect(_version_url(version))


def _caption(version) -> str:
    return _("%(title)s, version %(number)s") % {"title": version.document.title_en, "number": version.number}


def _confirm_context(version) -> dict:
    return {"caption": _caption(version), "back_url": _version_url(version)}


def _section(version, section_pk) -> GuidanceSection:
    return get_object_or_404(GuidanceSection.objects.filter(version=version), pk=section_pk)


# Dashboard and documents


@require_http_methods(["GET"])
def dashboard(request):
    _require_editor(request)
    open_versions = GuidanceVersion.objects.exclude(status=ReviewStatus.PUBLISHED)
    documents = GuidanceDocument.objects.select_related("current_version", "organisation").prefetch_related(
        Prefetch("versions", queryset=open_versions, to_attr="open_versions")
    )
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    waiting = (
        GuidanceVersion.objects.filter(status=ReviewStatus.IN_REVIEW)
        .exclude(created_by=request.user)
        .select_related("document", "created_by")
        .order_by("submitted_at")
    )
    scheduled = (
        GuidanceVersion.objects.filter(status=ReviewStatus.APPROVED, publish_at__isnull=False)
        .select_related("document")
        .order_by("publish_at")
    )
    return render(
        request,
        "guidance/manage/dashboard.html",
        {
            "documents": page.object_list,
            "page": page,
            "waiting": list(waiting),
            "scheduled": list(scheduled),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def document_create(request):
    _require_editor(request)
    form = DocumentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            document = workflow.create_document(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Guidance document created. Start its first draft."))
            return redirect("guidance_manage:document-detail", slug=document.slug)
    return render(request, "guidance/manage/document_form.html", {"form": form, "document": None})


@require_http_methods(["GET", "POST"])
def document_edit(request, slug):
    _require_editor(request)
    document = get_object_or_404(GuidanceDocument, slug=slug)
    form = DocumentForm(posted(request), instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_document(document=document, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Guidance document saved"))
            return redirect("guidance_manage:document-detail", slug=document.slug)
    return render(request, "guidance/manage/document_form.html", {"form": form, "document": document})


@require_http_methods(["GET"])
def document_detail(request, slug):
    _require_editor(request)
    document = get_object_or_404(GuidanceDocument.objects.select_related("organisation", "current_version"), slug=slug)
    versions = document.versions.select_related("created_by").order_by("-major", "-minor")
    page = Paginator(versions, PER_PAGE).get_page(request.GET.get("page"))
    open_version = document.versions.exclude(status=ReviewStatus.PUBLISHED).first()
    return render(
        request,
        "guidance/manage/document_detail.html",
        {
            "document": document,
            "partners": list(document.partners.order_by("name_en")),
            "versions": page.object_list,
            "page": page,
            "open_version": open_version,
            "new_version_form": NewVersionForm(initial={"change_type": "major"}),
            "today": timezone.localdate(),
        },
    )


@require_POST
def version_create(request, slug):
    _require_editor(request)
    document = get_object_or_404(GuidanceDocument, slug=slug)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether this is a minor or a major change"))
        return redirect("guidance_manage:document-detail", slug=document.slug)
    version = workflow.start_draft(
        document=document, created_by=request.user, change_type=form.cleaned_data["change_type"]
    )
    messages.success(request, _("Draft %(number)s is ready to edit") % {"number": version.number})
    return redirect(_version_url(version))


# Versions


def _actions(user, version) -> dict:
    """Which buttons this person sees on this version, the review ones first."""
    return {**review.actions(user, version), "can_delete": version.status != ReviewStatus.PUBLISHED}


def _version_detail_response(request, version, comment_form=None, status=200):
    sections = list(version.sections.all())
    previews = []
    for section in sections:
        html, _language = render_section(section, "en")
        welsh = render_section(section, "cy") if section.body_cy.strip() else None
        previews.append({"section": section, "html": html, "welsh_html": welsh[0] if welsh else None})
    document = version.document
    return render(
        request,
        "guidance/manage/version_detail.html",
        {
            "document": document,
            "version": version,
            "previews": previews,
            "addressed": list(version.addressed_feedback.select_related("pilot__organisation", "version")),
            "actions": _actions(request.user, version),
            "can_compare": bool(document.current_version_id and document.current_version_id != version.pk)
            or version.based_on_id is not None,
            **review_views.comments_context(request, version, comment_form),
            # A comment that did not go through: the error summary reads `form`.
            **({"form": comment_form} if comment_form is not None else {}),
        },
        status=status,
    )


def _reviewed_version(request, pk) -> GuidanceVersion:
    _require_editor(request)
    return _version(pk, GuidanceVersion.objects.select_related("based_on", "created_by", "approved_by"))


review_views.register_pages(
    "version",
    review_views.ReviewedPages(
        get=_reviewed_version,
        detail_url=_version_url,
        url_prefix="guidance_manage:version",
        caption=lambda version: (
            _("%(title)s, version %(number)s") % {"title": version.document.title_en, "number": version.number}
        ),
        detail_response=lambda request, version, form: _version_detail_response(request, version, comment_form=form),
    ),
)


@require_http_methods(["GET"])
def version_detail(request, pk):
    _require_editor(request)
    version = _version(pk, GuidanceVersion.objects.select_related("based_on", "created_by", "approved_by"))
    return _version_detail_response(request, version)


@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    _require_editor(request)
    version = _version(pk)
    if not version.is_editable:
        return _back_to_version(request, version, state_error(version))
    feedback = workflow.addressable_feedback(version.document).select_related("pilot__organisation", "version")
    form = VersionForm(posted(request), instance=version, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_version(
                version=version,
                updated_by=request.user,
                change_type=form.cleaned_data["change_type"],
                change_note_en=form.cleaned_data["change_note_en"],
                change_note_cy=form.cleaned_data["change_note_cy"],
                addressed_feedback=form.cleaned_data["addressed_feedback"],
            )
        except ValidationError as error:
            if is_state_error(error):
                return _back_to_version(request, version, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Version details saved"))
            return redirect(_version_url(version))
    return render(
        request,
        "guidance/manage/version_form.html",
        {"form": form, "version": version, "document": version.document},
    )


# Sections


def _section_form_page(request, version, section=None):
    form = SectionForm(posted(request), instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            if section is None:
                workflow.add_section(version=version, added_by=request.user, **form.cleaned_data)
            else:
                workflow.update_section(section=section, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if is_state_error(error):
                return _back_to_version(request, version, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Section added") if section is None else _("Section saved"))
            return redirect(_version_url(version))
    return render(
        request,
        "guidance/manage/section_form.html",
        {"form": form, "version": version, "document": version.document, "section": section},
    )


@require_http_methods(["GET", "POST"])
def section_add(request, pk):
    _require_editor(request)
    version = _version(pk)
    if not version.is_editable:
        return _back_to_version(request, version, state_error(version))
    return _section_form_page(request, version)


@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section_pk):
    _require_editor(request)
    version = _version(pk)
    section = _section(version, section_pk)
    if not version.is_editable:
        return _back_to_version(request, version, state_error(version))
    return _section_form_page(request, version, section)


@require_http_methods(["GET", "POST"])
def section_delete(request, pk, section_pk):
    _require_editor(request)
    version = _version(pk)
    section = _section(version, section_pk)
    if not version.is_editable:
        return _back_to_version(request, version, state_error(version))
    if request.method == "POST":
        try:
            workflow.delete_section(section=section, deleted_by=request.user)
        except ValidationError as error:
            return _back_to_version(request, version, error)
        messages.success(request, _("Section deleted"))
        return redirect(_version_url(version))
    return render(
        request,
        "guidance/manage/confirm.html",
        {
            **_confirm_context(version),
            "title": _("Delete this section?"),
            "question": _("Are you sure you want to delete the section “%(heading)s”?")
            % {"heading": section.heading_en},
            "explanation": _("Its text is removed from this draft. Published versions keep their copy."),
            "confirm_label": _("Delete section"),
        },
    )


@require_POST
def section_move(request, pk, section_pk):
    _require_editor(request)
    version = _version(pk)
    section = _section(version, section_pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, _("Choose whether to move the section up or down"))
        return redirect(_version_url(version))
    try:
        workflow.move_section(section=section, moved_by=request.user, direction=direction)
    except ValidationError as error:
        return _back_to_version(request, version, error)
    return redirect(f"{_version_url(version)}#section-{section.anchor}")


@require_http_methods(["GET", "POST"])
def version_delete(request, pk):
    _require_editor(request)
    version = _version(pk)
    document = version.document
    if version.is_published:
        return _back_to_version(request, version, state_error(version))
    if request.method == "POST":
        try:
            workflow.delete_draft(version=version, deleted_by=request.user)
        except ValidationError as error:
            return _back_to_version(request, version, error)
        messages.success(request, _("Version %(number)s deleted") % {"number": version.number})
        return redirect("guidance_manage:document-detail", slug=document.slug)
    return render(
        request,
        "guidance/manage/confirm.html",
        {
            **_confirm_context(version),
            "title": _("Delete this version?"),
            "question": _("Are you sure you want to delete version %(number)s?") % {"number": version.number},
            "explanation": _(
                "Its sections, comments and links to feedback are removed. This cannot be undone. "
                "Published versions are not affected."
            ),
            "confirm_label": _("Delete version"),
        },
    )


# Comparing


def _parse_number(text: str) -> tuple[int, int] | None:
    major, _dot, minor = (text or "").partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)


def _summary(changes) -> str:
    counts = {status: sum(change.status == status for change in changes) for status in ("changed", "added", "removed")}
    parts = []
    if counts["changed"]:
        parts.append(ngettext("%(count)d section changed", "%(count)d sections changed", counts["changed"]))
    if counts["added"]:
        parts.append(ngettext("%(count)d added", "%(count)d added", counts["added"]))
    if counts["removed"]:
        parts.append(ngettext("%(count)d removed", "%(count)d removed", counts["removed"]))
    if not parts:
        return _("No sections changed")
    values = [counts[key] for key in ("changed", "added", "removed") if counts[key]]
    return ", ".join(part % {"count": value} for part, value in zip(parts, values, strict=True))


@require_http_methods(["GET"])
def version_compare(request, pk):
    _require_editor(request)
    version = _version(pk)
    document = version.document
    language = request.GET.get("language", "en")
    if language not in LANGUAGES:
        language = "en"
    others = [other for other in document.versions.order_by("-major", "-minor") if other.pk != version.pk]
    other = None
    if "with" in request.GET:
        number = _parse_number(request.GET["with"])
        other = next((o for o in others if number and (o.major, o.minor) == number), None)
        if other is None:
            raise Http404
    elif document.current_version_id and document.current_version_id != version.pk:
        other = next((o for o in others if o.pk == document.current_version_id), None)
    elif version.based_on_id:
        other = next((o for o in others if o.pk == version.based_on_id), None)
    changes, summary = [], ""
    old = new = None
    if other is not None:
        old, new = sorted([other, version], key=lambda v: (v.major, v.minor))
        changes = compare_versions(old, new, language=language)
        summary = _summary(changes)
    only_changed = request.GET.get("changed") == "1"
    shown = [change for change in changes if change.is_changed] if only_changed else changes
    return render(
        request,
        "guidance/manage/compare.html",
        {
            "document": document,
            "version": version,
            "other": other,
            "others": others,
            "old": old,
            "new": new,
            "changes": shown,
            "all_changes": changes,
            "summary": summary,
            "language": language,
            "only_changed": only_changed,
        },
    )
