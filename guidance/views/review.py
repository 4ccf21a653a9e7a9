"""The review buttons shared by guidance versions and publications: send for review, approve,
request changes, publish now or schedule, unschedule, comment. Each URL names which kind of item
it acts on (`reviewed="version"` or `"publication"`); `REVIEWED` says how to find one within the
person's reach and where its page is. Writes go through guidance.services.review."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guidance.forms.review import CommentForm, PublishForm, RequestChangesForm
from guidance.models import ReviewStatus
from guidance.services import review
from guidance.views.common import add_errors, error_text, is_state_error, posted, state_error


@dataclass(frozen=True)
class ReviewedPages:
    get: callable  # (request, pk) -> the item, scoped: 404 or 403 outside the person's reach
    detail_url: callable  # (item) -> its manage page
    url_prefix: str  # "guidance_manage:version": the review URLs are "<prefix>-submit" and so on
    caption: callable  # (item) -> what the review pages call it
    detail_response: callable  # (request, item, comment_form) -> the manage page with a failed comment


REVIEWED: dict[str, ReviewedPages] = {}


def register_pages(name: str, pages: ReviewedPages) -> None:
    REVIEWED[name] = pages


def comments_context(request, item, form=None) -> dict:
    """What `guidance/manage/_review_comments.html` needs."""
    return {
        "item": item,
        "comments": list(review.flow_for(item).comment_set(item).select_related("author")),
        "comment_form": form or CommentForm(),
        "can_comment": review.actions(request.user, item)["can_comment"],
    }


def _back(request, pages, item, error: ValidationError | None = None):
    """An action that cannot be done in the item's state: say why on its page."""
    if error is not None:
        messages.error(request, error_text(error))
    return redirect(pages.detail_url(item))


def _page_context(pages, item, form) -> dict:
    return {"form": form, "item": item, "caption": pages.caption(item), "back_url": pages.detail_url(item)}


@require_POST
def submit(request, pk, reviewed):
    pages = REVIEWED[reviewed]
    item = pages.get(request, pk)
    try:
        review.submit(item, by=request.user)
    except ValidationError as error:
        return _back(request, pages, item, error)
    messages.success(request, _("Sent for review. Another guidance editor must approve it."))
    return redirect(pages.detail_url(item))


@require_POST
def approve(request, pk, reviewed):
    pages = REVIEWED[reviewed]
    item = pages.get(request, pk)
    try:
        review.approve(item, by=request.user)
    except ValidationError as error:
        return _back(request, pages, item, error)
    messages.success(request, _("Approved. You can now publish it or schedule it."))
    return redirect(pages.detail_url(item))


@require_http_methods(["GET", "POST"])
def request_changes(request, pk, reviewed):
    pages = REVIEWED[reviewed]
    item = pages.get(request, pk)
    if not review.actions(request.user, item)["can_request_changes"]:
        error = ValidationError(_("You cannot send this back to draft now."))
        if item.status not in {ReviewStatus.IN_REVIEW, ReviewStatus.APPROVED}:
            error = state_error(item)
        elif review.flow_for(item).can_publish(request.user):
            error = ValidationError(_("You wrote this, so another editor must review it"))
        return _back(request, pages, item, error)
    form = RequestChangesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            review.request_changes(item, by=request.user, comment=form.cleaned_data["body"])
        except ValidationError as error:
            if is_state_error(error):
                return _back(request, pages, item, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Sent back to draft with your comment"))
            return redirect(pages.detail_url(item))
    return render(request, "guidance/manage/request_changes.html", _page_context(pages, item, form))


@require_http_methods(["GET", "POST"])
def publish(request, pk, reviewed):
    pages = REVIEWED[reviewed]
    item = pages.get(request, pk)
    if not review.actions(request.user, item)["can_publish"]:
        return _back(request, pages, item, state_error(item))
    form = PublishForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = review.schedule(item, by=request.user, publish_at=form.cleaned_data["publish_at"])
        except ValidationError as error:
            if is_state_error(error):
                return _back(request, pages, item, error)
            add_errors(form, error)
        else:
            if item.is_published:
                messages.success(request, _("“%(title)s” is published") % {"title": pages.caption(item)})
            else:
                messages.success(
                    request,
                    _("“%(title)s” will be published at %(time)s")
                    % {
                        "title": pages.caption(item),
                        "time": timezone.localtime(item.publish_at).strftime("%H:%M, %d/%m/%Y"),
                    },
                )
            return redirect(pages.detail_url(item))
    context = _page_context(pages, item, form)
    # Versions tell subscribers of a major change; publications have no subscribers (None).
    context["notifies_subscribers"] = getattr(item, "is_major", None)
    return render(request, "guidance/manage/publish.html", context)


@require_POST
def unschedule(request, pk, reviewed):
    pages = REVIEWED[reviewed]
    item = pages.get(request, pk)
    try:
        review.unschedule(item, by=request.user)
    except ValidationError as error:
        return _back(request, pages, item, error)
    messages.success(request, _("Scheduled publication cancelled. It is still approved."))
    return redirect(pages.detail_url(item))


@require_POST
def comment(request, pk, reviewed):
    pages = REVIEWED[reviewed]
    item = pages.get(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            review.add_comment(item, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            form = None
    if request.htmx:
        context = {**comments_context(request, item, form), "comment_url_prefix": pages.url_prefix}
        response = render(request, "guidance/manage/_review_comments.html", context)
        response["Vary"] = "HX-Request"
        return response
    if form is not None:
        return pages.detail_response(request, item, form)
    messages.success(request, _("Comment added"))
    return redirect(f"{pages.detail_url(item)}#comments")
