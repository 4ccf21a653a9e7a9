"""Staff journeys of the engagement log: editors register projects, log activities through a task
list, record who took part and what they said, respond, upload evidence and publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guidance.permissions import can_draft_case_study
from participation.forms.engagement import (
    SECTION_FORMS,
    ActivityCreateForm,
    EvidenceFileForm,
    ParticipantGroupForm,
    ProjectForm,
    PublishForm,
    RecommendationForm,
    ResponseForm,
    WithdrawForm,
)
from participation.models import Activity, EvidenceFile, Project
from participation.permissions import can_edit_activity, can_edit_project, can_view_evidence_file
from participation.services import engagement as engagement_service
from participation.services import uploads as upload_service

ACTIVITIES_PER_PAGE = 50


def _posted(request, files=False):
    """The submitted data on POST (even when empty, so the form is bound and validated), else None."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, so the error summary shows it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def record_list(request):
    organisations = list(engagement_service.editor_organisations(request.user))
    projects = (
        Project.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name_en", "title_en")
    )
    activities = (
        Activity.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name_en", "-created_at")
    )
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/staff/record_list.html",
        {"organisations": organisations, "projects": projects, "activities": page.object_list, "page": page},
    )


# Projects


def _editable_project(request, slug) -> Project:
    project = get_object_or_404(Project.objects.visible_to(request.user).select_related("organisation"), slug=slug)
    if not can_edit_project(request.user, project):
        raise PermissionDenied
    return project


@require_http_methods(["GET", "POST"])
def project_create(request):
    organisations = list(engagement_service.editor_organisations(request.user))
    if not organisations:
        raise PermissionDenied
    organisation = organisations[0]
    if len(organisations) > 1:
        chosen = request.POST.get("for_organisation") or request.GET.get("organisation")
        organisation = next((o for o in organisations if o.slug == chosen), organisation)
    form = ProjectForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = engagement_service.create_project(
                organisation=organisation, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Project created"))
            return redirect("staff:project-detail", slug=project.slug)
    return render(
        request,
        "participation/staff/project_form.html",
        {"form": form, "organisation": organisation, "organisations": organisations, "project": None},
    )


def project_detail(request, slug):
    project = _editable_project(request, slug)
    activities = project.activities.order_by("-created_at")
    return render(
        request,
        "participation/staff/project_detail.html",
        {
            "project": project,
            "activities": activities,
            "missing": engagement_service.missing_for_project(project),
            "changes": project.changes.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, slug):
    project = _editable_project(request, slug)
    form = ProjectForm(_posted(request), instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.update_project(project=project, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Project saved"))
            return redirect("staff:project-detail", slug=project.slug)
    return render(
        request,
        "participation/staff/project_form.html",
        {"form": form, "organisation": project.organisation, "project": project},
    )


@require_http_methods(["GET", "POST"])
def project_publish(request, slug):
    project = _editable_project(request, slug)
    form = PublishForm(_posted(request), is_republish=project.published_at is not None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.publish_project(
                project=project, published_by=request.user, change_summary=form.cleaned_data.get("change_summary", "")
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Project published"))
            return redirect("staff:project-detail", slug=project.slug)
    return render(
        request,
        "participation/staff/record_publish.html",
        {
            "form": form,
            "record": project,
            "missing": engagement_service.missing_for_project(project),
            "back_url": reverse("staff:project-detail", kwargs={"slug": project.slug}),
        },
    )


@require_http_methods(["GET", "POST"])
def project_withdraw(request, slug):
    project = _editable_project(request, slug)
    return _withdraw(request, project, reverse("staff:project-detail", kwargs={"slug": project.slug}))


def _withdraw(request, record, back_url):
    form = WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.withdraw(record=record, withdrawn_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Withdrawn from the public register"))
            return redirect(back_url)
    return render(
        request, "participation/staff/record_withdraw.html", {"form": form, "record": record, "back_url": back_url}
    )


# Activities


def _editable_activity(request, slug, queryset=None) -> Activity:
    queryset = queryset if queryset is not None else Activity.objects.all()
    activity = get_object_or_404(queryset.visible_to(request.user).select_related("organisation"), slug=slug)
    if not can_edit_activity(request.user, activity):
        raise PermissionDenied
    return activity


def _task_list_url(activity) -> str:
    return reverse("staff:activity-tasks", kwargs={"slug": activity.slug})


@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    project = _editable_project(request, slug)
    form = ActivityCreateForm(_posted(request), organisation=project.organisation, initial={"projects": [project]})
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data}
        projects = fields.pop("projects")
        try:
            activity = engagement_service.create_activity(
                organisation=project.organisation, projects=projects, created_by=request.user, **fields
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Activity created. Complete each section when you can."))
            return redirect(_task_list_url(activity))
    return render(request, "participation/staff/activity_create.html", {"form": form, "project": project})


def _activity_with_related(request, slug) -> Activity:
    return _editable_activity(
        request,
        slug,
        Activity.objects.prefetch_related("methods", "participant_groups", "recommendations", "projects"),
    )


def activity_tasks(request, slug):
    activity = _activity_with_related(request, slug)
    sections = engagement_service.activity_sections(activity)
    return render(
        request,
        "participation/staff/activity_tasks.html",
        {
            "activity": activity,
            "sections": sections,
            "completed_count": sum(1 for s in sections if s["status"] == engagement_service.COMPLETED),
            "evidence_files": activity.evidence_files.all(),
            "can_draft_case_study": can_draft_case_study(request.user, activity),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_section(request, slug, section):
    if section not in SECTION_FORMS:
        raise Http404
    activity = _activity_with_related(request, slug)
    form_class = SECTION_FORMS[section]
    initial = {"methods": [m.method for m in activity.methods.all()]} if section == "plan" else {}
    for name in form_class.declared_fields:
        if name != "methods":
            initial[name] = getattr(activity, name)
    form = form_class(_posted(request), instance=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.update_activity(activity=activity, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Section saved"))
            return redirect(_task_list_url(activity))
    return render(
        request,
        "participation/staff/activity_section.html",
        {
            "form": form,
            "activity": activity,
            "section": section,
            "section_label": engagement_service.SECTION_LABELS[section],
        },
    )


@require_http_methods(["GET", "POST"])
def activity_check(request, slug):
    activity = _activity_with_related(request, slug)
    form = PublishForm(_posted(request), is_republish=activity.published_at is not None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.publish_activity(
                activity=activity, published_by=request.user, change_summary=form.cleaned_data.get("change_summary", "")
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Activity published on the public register"))
            return redirect(_task_list_url(activity))
    return render(
        request,
        "participation/staff/activity_check.html",
        {
            "form": form,
            "activity": activity,
            "missing": engagement_service.missing_for_activity(activity),
            "changes": activity.changes.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def activity_withdraw(request, slug):
    activity = _editable_activity(request, slug)
    return _withdraw(request, activity, _task_list_url(activity))


# Participant groups


@require_http_methods(["GET", "POST"])
def group_add(request, slug):
    activity = _editable_activity(request, slug)
    form = ParticipantGroupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.add_participant_group(activity=activity, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Participant group added"))
            return redirect(_task_list_url(activity))
    return render(request, "participation/staff/group_form.html", {"form": form, "activity": activity, "group": None})


@require_http_methods(["GET", "POST"])
def group_edit(request, slug, pk):
    activity = _editable_activity(request, slug)
    group = get_object_or_404(activity.participant_groups, pk=pk)
    form = ParticipantGroupForm(_posted(request), instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.update_participant_group(group=group, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Participant group saved"))
            return redirect(_task_list_url(activity))
    return render(request, "participation/staff/group_form.html", {"form": form, "activity": activity, "group": group})


@require_http_methods(["GET", "POST"])
def group_delete(request, slug, pk):
    activity = _editable_activity(request, slug)
    group = get_object_or_404(activity.participant_groups, pk=pk)
    if request.method == "POST":
        engagement_service.delete_participant_group(group=group, deleted_by=request.user)
        messages.success(request, _("Participant group removed"))
        return redirect(_task_list_url(activity))
    return render(
        request,
        "participation/staff/confirm_removal.html",
        {
            "activity": activity,
            "title": _("Remove a participant group"),
            "question": _("Are you sure you want to remove “%(label)s”?") % {"label": group.label},
            "confirm_label": _("Yes, remove it"),
        },
    )


# Recommendations and responses


@require_http_methods(["GET", "POST"])
def recommendation_add(request, slug):
    activity = _editable_activity(request, slug)
    form = RecommendationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = engagement_service.add_recommendation(
                activity=activity, added_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Recommendation %(reference)s added") % {"reference": recommendation.reference})
            return redirect(_task_list_url(activity))
    return render(request, "participation/staff/recommendation_form.html", {"form": form, "activity": activity})


@require_http_methods(["GET", "POST"])
def recommendation_response(request, slug, pk):
    activity = _editable_activity(request, slug)
    recommendation = get_object_or_404(activity.recommendations, pk=pk)
    initial = {"due_on": recommendation.due_on, "done_on": recommendation.done_on}
    form = ResponseForm(_posted(request), instance=recommendation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            engagement_service.record_response(
                recommendation=recommendation, responded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Response to %(reference)s saved") % {"reference": recommendation.reference})
            return redirect(_task_list_url(activity))
    return render(
        request,
        "participation/staff/recommendation_response.html",
        {"form": form, "activity": activity, "recommendation": recommendation},
    )


# Evidence files


@require_http_methods(["GET", "POST"])
def evidence_upload(request, slug):
    activity = _editable_activity(request, slug)
    form = EvidenceFileForm(_posted(request), _posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            upload_service.upload_evidence_file(
                activity=activity,
                uploaded_by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                is_public=form.cleaned_data["is_public"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("File uploaded"))
            return redirect(_task_list_url(activity))
    return render(request, "participation/staff/evidence_upload.html", {"form": form, "activity": activity})


@require_http_methods(["GET", "POST"])
def evidence_delete(request, slug, pk):
    activity = _editable_activity(request, slug)
    evidence_file = get_object_or_404(activity.evidence_files, pk=pk)
    if request.method == "POST":
        upload_service.delete_evidence_file(evidence_file=evidence_file, deleted_by=request.user)
        messages.success(request, _("File deleted"))
        return redirect(_task_list_url(activity))
    return render(
        request,
        "participation/staff/confirm_removal.html",
        {
            "activity": activity,
            "title": _("Delete an evidence file"),
            "question": _("Are you sure you want to delete “%(title)s”?") % {"title": evidence_file.title},
            "confirm_label": _("Yes, delete it"),
        },
    )


@login_not_required
def evidence_download(request, pk):
    activities = Activity.objects.visible_to(request.user)
    evidence_file = get_object_or_404(
        EvidenceFile.objects.select_related("activity__organisation").filter(activity__in=activities), pk=pk
    )
    if not can_view_evidence_file(request.user, evidence_file):
        raise PermissionDenied
    extension = evidence_file.file.name.rsplit(".", 1)[-1]
    stem = (
        evidence_file.original_name.rsplit(".", 1)[0]
        if "." in evidence_file.original_name
        else evidence_file.original_name
    )
    response = FileResponse(
        evidence_file.file.open("rb"),
        as_attachment=True,
        filename=f"{stem}.{extension}",
        content_type=evidence_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
