"""The editors' and authors' pages for publications, and the outreach events page's editors.

Guidance editors (with two-factor authentication) see and write every publication and review the
ones they did not write; the members credited as authors see and edit their own drafts and send
them for review. A draft outside a person's reach is a 404; a publication they can see but not
manage is a 403. Review buttons are the shared ones (guidance.views.review); writes go through
guidance.services.publications.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guidance.forms.publications import (
    AuthorsForm,
    KindForm,
    NamingForm,
    OutreachEventForm,
    PublicationFilterForm,
    PublicationForm,
)
from guidance.models import OutreachEvent, Publication, PublicationAuthor, ReviewStatus
from guidance.permissions import (
    can_create_publication,
    can_draft_case_study,
    can_manage_outreach,
    can_write_publication,
    is_guidance_editor,
)
from guidance.services import publications as publication_service
from guidance.services import review
from guidance.views import review as review_views
from guidance.views.common import add_errors, error_text, is_state_error, posted, state_error
from participation.models import Activity
from participation.services.markdown import render_markdown

PER_PAGE = 25
EVENTS_PER_PAGE = 25


# Helpers


def _publication(request, pk, queryset=None) -> Publication:
    """The publication if it is within reach (404 otherwise) and this person may manage it (403)."""
    queryset = queryset if queryset is not None else Publication.objects.all()
    publication = get_object_or_404(queryset.visible_to(request.user), pk=pk)
    if not can_write_publication(request.user, publication):
        raise PermissionDenied
    return publication


def _detail_url(publication) -> str:
    return reverse("guidance_manage:publication-detail", kwargs={"pk": publication.pk})


def _back(request, publication, error: ValidationError | None = None):
    if error is not None:
        messages.error(request, error_text(error))
    return redirect(_detail_url(publication))


def _confirm(request, publication, **context):
    context = {"caption": publication.title_en, "back_url": _detail_url(publication), **context}
    return render(request, "guidance/manage/confirm.html", context)


# The list


@require_http_methods(["GET"])
def publication_list(request):
    user = request.user
    editor = is_guidance_editor(user)
    mine = Publication.objects.filter(authors__user=user)
    if not editor and not mine.exists():
        raise PermissionDenied
    form = PublicationFilterForm(request.GET or None)
    filters = form.filters()
    publications = (
        (Publication.objects.all() if editor else mine)
        .filter(**filters)
        .prefetch_related(Prefetch("authors", queryset=PublicationAuthor.objects.select_related("user")))
        .order_by("-updated_at")
    )
    page = Paginator(publications, PER_PAGE).get_page(request.GET.get("page"))
    waiting = []
    if editor:
        waiting = list(
            Publication.objects.filter(status=ReviewStatus.IN_REVIEW)
            .exclude(Q(created_by=user) | Q(authors__user=user))
            .order_by("submitted_at")
        )
    return render(
        request,
        "guidance/manage/publication_list.html",
        {
            "form": form,
            "publications": page.object_list,
            "page": page,
            "is_filtered": bool(filters),
            "waiting": waiting,
            "is_reviewer": editor,
            "can_create": can_create_publication(user),
            "can_manage_outreach": can_manage_outreach(user),
        },
    )


# Writing


@require_http_methods(["GET", "POST"])
def publication_create(request):
    if not can_create_publication(request.user):
        raise PermissionDenied
    kind_form = KindForm(request.GET if "kind" in request.GET else None)
    kind = kind_form.cleaned_data["kind"] if kind_form.is_bound and kind_form.is_valid() else None
    if request.method == "GET" and kind is None:
        # The kind decides the questions, so ask it first.
        return render(request, "guidance/manage/publication_kind.html", {"form": kind_form})
    form = PublicationForm(posted(request), kind=kind or request.POST.get("kind"))
    if request.method == "POST" and form.is_valid():
        try:
            publication = publication_service.create_publication(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Send it for review when it is ready."))
            return redirect(_detail_url(publication))
    return render(request, "guidance/manage/publication_form.html", {"form": form, "publication": None})


@require_http_methods(["GET", "POST"])
def publication_edit(request, pk):
    publication = _publication(request, pk)
    if not publication.is_editable:
        return _back(request, publication, state_error(publication))
    form = PublicationForm(posted(request), instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            publication_service.update_publication(
                publication=publication, updated_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if is_state_error(error):
                return _back(request, publication, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Draft saved"))
            return redirect(_detail_url(publication))
    return render(request, "guidance/manage/publication_form.html", {"form": form, "publication": publication})


@require_POST
def publication_from_activity(request, activity_pk):
    activity = get_object_or_404(Activity.objects.published().select_related("organisation"), pk=activity_pk)
    if not can_draft_case_study(request.user, activity):
        raise PermissionDenied
    publication = publication_service.draft_case_study(activity=activity, created_by=request.user)
    if not can_write_publication(request.user, publication):
        # Someone else has already started one: it is theirs to finish.
        messages.info(request, _("A case study about this activity is already being written by someone else."))
        return redirect("staff:activity-tasks", slug=activity.slug)
    messages.success(request, _("Draft case study started from the register. Check it and send it for review."))
    return redirect(_detail_url(publication))


# The manage page


def _detail_response(request, publication, comment_form=None):
    user = request.user
    authors = list(publication.authors.select_related("user"))
    publication.author_ids = {author.user_id for author in authors}
    actions = review.actions(user, publication)
    editor = is_guidance_editor(user)
    my_authorship = next((author for author in authors if author.user_id == user.pk), None)
    named = "yes" if my_authorship is None or my_authorship.is_named else "no"
    return render(
        request,
        "guidance/manage/publication_detail.html",
        {
            "publication": publication,
            "authors": authors,
            "body_html": render_markdown(publication.body_en),
            "welsh_body_html": render_markdown(publication.body_cy) if publication.body_cy.strip() else None,
            "activities": list(publication.activities.select_related("organisation")),
            "projects": list(publication.projects.select_related("organisation")),
            "related_guidance": list(publication.related_guidance.all()),
            "topic_labels": publication.topic_labels,
            "actions": {
                **actions,
                "can_set_authors": editor and publication.is_editable,
                # Everyone who reaches this page writes it (can_write_publication).
                "can_delete": not publication.is_published,
                "can_unpublish": editor and publication.is_published,
            },
            "my_authorship": my_authorship,
            "naming_form": NamingForm(initial={"is_named": named}),
            **review_views.comments_context(request, publication, comment_form),
            **({"form": comment_form} if comment_form is not None else {}),
        },
    )


def _reviewed_publication(request, pk) -> Publication:
    return _publication(request, pk, Publication.objects.select_related("created_by", "approved_by"))


review_views.register_pages(
    "publication",
    review_views.ReviewedPages(
        get=_reviewed_publication,
        detail_url=_detail_url,
        url_prefix="guidance_manage:publication",
        caption=lambda publication: publication.title_en,
        detail_response=lambda request, publication, form: _detail_response(request, publication, comment_form=form),
    ),
)


@require_http_methods(["GET"])
def publication_detail(request, pk):
    return _detail_response(request, _reviewed_publication(request, pk))


@require_http_methods(["GET", "POST"])
def publication_authors(request, pk):
    publication = _publication(request, pk)
    if not is_guidance_editor(request.user):
        raise PermissionDenied
    if not publication.is_editable:
        return _back(request, publication, state_error(publication))
    emails = "\n".join(publication.authors.values_list("user__email", flat=True))
    form = AuthorsForm(posted(request), initial={"emails": emails})
    if request.method == "POST" and form.is_valid():
        try:
            publication_service.change_authors(
                publication=publication, users=form.cleaned_data["users"], changed_by=request.user
            )
        except ValidationError as error:
            if is_state_error(error):
                return _back(request, publication, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Authors saved"))
            return redirect(_detail_url(publication))
    return render(request, "guidance/manage/publication_authors.html", {"form": form, "publication": publication})


@require_POST
def publication_naming(request, pk):
    publication = _publication(request, pk)
    author = PublicationAuthor.objects.filter(publication=publication, user=request.user).first()
    if author is None:
        raise PermissionDenied
    form = NamingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to be named"))
        return redirect(_detail_url(publication))
    publication_service.set_named(author=author, user=request.user, is_named=form.cleaned_data["is_named"])
    if form.cleaned_data["is_named"]:
        messages.success(request, _("The public page will name you as an author"))
    else:
        messages.success(request, _("The public page will not name you"))
    return redirect(_detail_url(publication))


@require_http_methods(["GET", "POST"])
def publication_delete(request, pk):
    publication = _publication(request, pk)
    if publication.is_published:
        return _back(request, publication, state_error(publication))
    if request.method == "POST":
        try:
            publication_service.delete_draft(publication=publication, deleted_by=request.user)
        except ValidationError as error:
            return _back(request, publication, error)
        messages.success(request, _("“%(title)s” deleted") % {"title": publication.title_en})
        return redirect("guidance_manage:publication-list")
    return _confirm(
        request,
        publication,
        title=_("Delete this publication?"),
        question=_("Are you sure you want to delete “%(title)s”?") % {"title": publication.title_en},
        explanation=_("Its text, authors and comments are removed. This cannot be undone."),
        confirm_label=_("Delete publication"),
    )


@require_http_methods(["GET", "POST"])
def publication_unpublish(request, pk):
    publication = _publication(request, pk)
    if not is_guidance_editor(request.user):
        raise PermissionDenied
    if not publication.is_published:
        return _back(request, publication, state_error(publication))
    if request.method == "POST":
        try:
            publication_service.unpublish(publication=publication, unpublished_by=request.user)
        except ValidationError as error:
            return _back(request, publication, error)
        messages.success(request, _("Taken down. Correct it, then send it for review again."))
        return redirect(_detail_url(publication))
    return _confirm(
        request,
        publication,
        title=_("Take this publication down to correct it?"),
        question=_("Are you sure you want to take down “%(title)s”?") % {"title": publication.title_en},
        explanation=_(
            "It leaves the public site and goes back to draft. Another editor must approve it again before it returns."
        ),
        confirm_label=_("Take it down"),
    )


# Outreach events


def _require_outreach(request) -> None:
    if not can_manage_outreach(request.user):
        raise PermissionDenied


@require_http_methods(["GET"])
def event_list(request):
    _require_outreach(request)
    today = timezone.localdate()
    events = OutreachEvent.objects.select_related("write_up")
    upcoming = list(events.filter(Q(starts_on__gte=today) | Q(ends_on__gte=today)).order_by("starts_on"))
    past = events.filter(starts_on__lt=today).filter(Q(ends_on__isnull=True) | Q(ends_on__lt=today))
    page = Paginator(past.order_by("-starts_on"), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "guidance/manage/event_list.html",
        {"upcoming": upcoming, "past": page.object_list, "page": page},
    )


def _event_form_page(request, event=None):
    form = OutreachEventForm(posted(request), request.FILES or None, instance=event)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data}
        upload = fields.pop("slides_upload", None)
        remove = fields.pop("remove_slides", False)
        try:
            if event is None:
                event = publication_service.create_event(created_by=request.user, slides_upload=upload, **fields)
            else:
                event = publication_service.update_event(
                    event=event, updated_by=request.user, slides_upload=upload, remove_slides=remove, **fields
                )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "slides_file" in error.error_dict:
                error = ValidationError({"slides_upload": error.error_dict.pop("slides_file"), **error.error_dict})
            add_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” saved") % {"title": event.title_en})
            return redirect("guidance_manage:event-list")
    return render(request, "guidance/manage/event_form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
def event_create(request):
    _require_outreach(request)
    return _event_form_page(request)


@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    _require_outreach(request)
    return _event_form_page(request, get_object_or_404(OutreachEvent, pk=pk))


@require_http_methods(["GET", "POST"])
def event_delete(request, pk):
    _require_outreach(request)
    event = get_object_or_404(OutreachEvent, pk=pk)
    if request.method == "POST":
        publication_service.delete_event(event=event, deleted_by=request.user)
        messages.success(request, _("“%(title)s” deleted") % {"title": event.title_en})
        return redirect("guidance_manage:event-list")
    context = {
        "caption": event.title_en,
        "back_url": reverse("guidance_manage:event-edit", kwargs={"pk": event.pk}),
        "title": _("Delete this event?"),
        "question": _("Are you sure you want to delete “%(title)s”?") % {"title": event.title_en},
        "explanation": _(
            "It leaves the events page, with any uploaded slides. A write-up publication is not affected. "
            "This cannot be undone."
        ),
        "confirm_label": _("Delete event"),
    }
    return render(request, "guidance/manage/confirm.html", context)
