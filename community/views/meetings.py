"""Community meetings: the public list, archive and meeting pages, RSVPs (with htmx, or a plain
POST and redirect without JavaScript), calendar downloads and feeds, and the organisers' pages.

Public pages need no sign-in; the online link shows only to people going (and organisers); the
organisers' pages answer 403 to anyone else. Writes go through community.services.meetings.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from community.forms.meetings import MeetingForm, NotesForm, RSVPForm, SeriesForm
from community.models import RSVP, Meeting, MeetingSeries, RSVPStatus
from community.permissions import can_read_notes, can_rsvp, can_see_joining_details, is_meeting_organiser
from community.services import calendar as ical
from community.services import meetings as service

PER_PAGE = 25
# The personal feed shows meetings from this far back, so recent ones stay in members' calendars.
FEED_HISTORY = datetime.timedelta(days=180)


# Helpers


def _require_organiser(request) -> None:
    if not is_meeting_organiser(request.user):
        raise PermissionDenied


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _meeting(slug) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("series"), slug=slug)


def _own_rsvp(request, meeting) -> RSVP | None:
    if not request.user.is_authenticated:
        return None
    return RSVP.objects.filter(meeting=meeting, user=request.user).first()


def _rsvp_form(request, answer: RSVP | None, data=None) -> RSVPForm:
    if answer is not None:
        initial = {
            "status": RSVPStatus.GOING if answer.status == RSVPStatus.WAITLISTED else answer.status,
            "access_needs": answer.access_needs,
            "language": answer.language,
        }
    else:
        initial = {"language": getattr(request.user, "preferred_language", None) or get_language() or "en"}
    return RSVPForm(data, initial=initial, prefix="rsvp")


def _panel_context(request, meeting, answer, form=None) -> dict:
    return {
        "meeting": meeting,
        "rsvp": answer,
        "rsvp_form": form or _rsvp_form(request, answer),
        "can_rsvp": can_rsvp(request.user, meeting),
        "can_join": request.user.is_authenticated and can_see_joining_details(request.user, meeting, answer),
    }


def _calendar_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# Public pages


@login_not_required
@require_http_methods(["GET"])
def meeting_list(request):
    now = timezone.now()
    page = Paginator(Meeting.objects.upcoming(now), PER_PAGE).get_page(request.GET.get("page"))
    meetings = list(page.object_list)
    statuses = {}
    if request.user.is_authenticated and meetings:
        statuses = dict(
            RSVP.objects.filter(user=request.user, meeting__in=meetings).values_list("meeting_id", "status")
        )
    for meeting in meetings:
        meeting.my_status = statuses.get(meeting.pk)
    return render(
        request,
        "community/meetings/meeting_list.html",
        {"meetings": meetings, "page": page, "is_organiser": is_meeting_organiser(request.user)},
    )


@login_not_required
@require_http_methods(["GET"])
def meeting_archive(request):
    page = Paginator(Meeting.objects.past(timezone.now()), PER_PAGE).get_page(request.GET.get("page"))
    meetings = list(page.object_list)
    for meeting in meetings:
        meeting.notes_readable = bool(meeting.notes_published_at) and can_read_notes(request.user, meeting)
    return render(request, "community/meetings/meeting_archive.html", {"meetings": meetings, "page": page})


@login_not_required
@require_http_methods(["GET"])
def meeting_detail(request, slug):
    meeting = _meeting(slug)
    answer = _own_rsvp(request, meeting)
    context = _panel_context(request, meeting, answer)
    context.update(
        is_organiser=is_meeting_organiser(request.user),
        notes_visible=bool(meeting.notes_published_at) and can_read_notes(request.user, meeting),
        is_past=meeting.ends_at < timezone.now(),
    )
    return render(request, "community/meetings/meeting_detail.html", context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def meeting_rsvp(request, slug):
    meeting = _meeting(slug)
    answer = _own_rsvp(request, meeting)
    form = _rsvp_form(request, answer, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            answer = service.rsvp(meeting, request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            meeting = answer.meeting
            message = {
                RSVPStatus.GOING: _("You’re going. We’ll email you a reminder before the meeting."),
                RSVPStatus.WAITLISTED: _(
                    "The meeting is full, so you’re on the waiting list. We’ll email you if a place comes up."
                ),
                RSVPStatus.NOT_GOING: _("You’ve told us you’re not going."),
            }[answer.status]
            if request.htmx:
                context = _panel_context(request, meeting, answer)
                context["confirmation"] = message
                return render(request, "community/meetings/rsvp.html#rsvp-panel", context)
            messages.success(request, message)
            return redirect(meeting.get_absolute_url())
    context = _panel_context(request, meeting, answer, form)
    if request.htmx:
        return render(request, "community/meetings/rsvp.html#rsvp-panel", context)
    # As `form` too, so the page gets the error summary and "Error:" title like every other form.
    return render(request, "community/meetings/rsvp.html", {**context, "form": form})


@login_not_required
@require_http_methods(["GET"])
def meeting_ics(request, slug):
    meeting = _meeting(slug)
    answer = _own_rsvp(request, meeting)
    include = request.user.is_authenticated and can_see_joining_details(request.user, meeting, answer)
    content = ical.calendar_bytes(
        [meeting], include_link=lambda _meeting: include, name=meeting.title_en, language=get_language()
    )
    return _calendar_response(content, filename=f"{meeting.slug}.ics")


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "reset"):
            token = service.create_calendar_token(request.user)
        elif action == "revoke":
            service.revoke_calendar_token(request.user)
            messages.success(request, _("Your calendar feed has been turned off. The old address no longer works."))
            return redirect("community:calendar-settings")
        else:
            return redirect("community:calendar-settings")
    feed_url = None
    if token:
        feed_url = request.build_absolute_uri(reverse("community:calendar-feed", kwargs={"token": token}))
    has_feed = token is not None or hasattr(request.user, "calendar_token")
    return render(request, "community/meetings/calendar_settings.html", {"feed_url": feed_url, "has_feed": has_feed})


@login_not_required
@require_http_methods(["GET"])
def calendar_feed(request, token):
    user = service.user_for_calendar_token(token)
    if user is None:
        raise Http404
    since = timezone.now() - FEED_HISTORY
    meetings = Meeting.objects.filter(rsvps__user=user, rsvps__status=RSVPStatus.GOING, ends_at__gte=since).order_by(
        "starts_at"
    )
    content = ical.calendar_bytes(
        meetings,
        include_link=lambda _meeting: True,  # every meeting here is one the member is going to
        name=_("Community meetings"),
        language=user.preferred_language or "en",
    )
    return _calendar_response(content)


# Organisers' pages


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    _require_organiser(request)
    form = MeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = service.create_meeting(created_by=request.user, **form.service_values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Meeting created."))
            return redirect(meeting.get_absolute_url())
    return render(request, "community/meetings/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug):
    meeting = _meeting(slug)
    _require_organiser(request)
    form = MeetingForm(_posted(request), initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            service.update_meeting(meeting=meeting, updated_by=request.user, **form.service_values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Meeting updated. Everyone going has been told about any change to it."))
            return redirect(meeting.get_absolute_url())
    return render(request, "community/meetings/meeting_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, slug):
    meeting = _meeting(slug)
    _require_organiser(request)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting is already cancelled."))
        return redirect(meeting.get_absolute_url())
    if request.method == "POST":
        service.cancel_meeting(meeting=meeting, cancelled_by=request.user)
        messages.success(request, _("Meeting cancelled. Everyone going or on the waiting list has been told."))
        return redirect(meeting.get_absolute_url())
    return render(request, "community/meetings/meeting_cancel.html", {"meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_notes(request, slug):
    meeting = _meeting(slug)
    _require_organiser(request)
    initial = {name: getattr(meeting, name) for name in service.NOTES_FIELDS}
    form = NotesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_notes(meeting=meeting, saved_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Notes saved."))
            return redirect(meeting.get_absolute_url())
    return render(request, "community/meetings/meeting_notes.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET"])
def meeting_attendees(request, slug):
    meeting = _meeting(slug)
    _require_organiser(request)
    answers = (
        RSVP.objects.filter(meeting=meeting, status__in=[RSVPStatus.GOING, RSVPStatus.WAITLISTED])
        .select_related("user")
        .order_by("status", "waitlisted_at", "created_at")
    )
    page = Paginator(answers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/meetings/meeting_attendees.html",
        {"meeting": meeting, "answers": page.object_list, "page": page},
    )


@require_http_methods(["GET"])
def series_list(request):
    _require_organiser(request)
    now = timezone.now()
    series = MeetingSeries.objects.annotate(
        upcoming_count=Count("meetings", filter=Q(meetings__starts_at__gte=now))
    ).order_by("title_en")
    page = Paginator(series, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/meetings/series_list.html", {"series_list": page.object_list, "page": page})


@require_http_methods(["GET", "POST"])
def series_create(request):
    _require_organiser(request)
    form = SeriesForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service.create_series(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Series created, with its next meetings."))
            return redirect("community:series-list")
    return render(request, "community/meetings/series_form.html", {"form": form, "series": None})


@require_http_methods(["GET", "POST"])
def series_edit(request, pk):
    series = get_object_or_404(MeetingSeries, pk=pk)
    _require_organiser(request)
    initial = {name: getattr(series, name) for name in service.SERIES_FIELDS}
    form = SeriesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_series(series=series, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Series updated. Meetings already scheduled keep their own details."))
            return redirect("community:series-list")
    upcoming = series.meetings.upcoming(timezone.now())[:12]
    return render(
        request, "community/meetings/series_form.html", {"form": form, "series": series, "upcoming": upcoming}
    )
