"""The unconference schedule: the public grid (and list view), the organisers' page for running the
scheduler, moving, locking and publishing, and members' personal agendas with an `.ics` download.

The public pages show the *published* version; organisers work on the schedule as it stands and
publish when ready. Moving works by drag-and-drop (static/js/schedule.mjs) and, with or without
JavaScript, through a form per session. Writes go through community.services.schedule.
"""

import datetime

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from community.forms.schedule import PlaceForm, PublishForm
from community.models import AgendaItem, Proposal, Room, ScheduleChange, ScheduledSession, TimeSlot, Unconference
from community.permissions import is_meeting_organiser
from community.services import schedule as service
from community.services.calendar import PRODID
from participation.redirects import next_url

# Helpers


def _unconference(slug) -> Unconference:
    return get_object_or_404(Unconference, slug=slug)


def _require_organiser(request) -> None:
    if not is_meeting_organiser(request.user):
        raise PermissionDenied


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _manage_url(unconference) -> str:
    return reverse("community:schedule-manage", kwargs={"slug": unconference.slug})


def _session(unconference, pk) -> ScheduledSession:
    return get_object_or_404(
        ScheduledSession.objects.select_related("proposal", "room", "slot", "unconference"),
        unconference=unconference,
        pk=pk,
    )


def _place_options(unconference):
    return (
        list(Room.objects.filter(unconference=unconference)),
        list(TimeSlot.objects.filter(unconference=unconference).order_by("starts_at", "pk")),
    )


# Public pages


@login_not_required
@require_http_methods(["GET"])
def schedule(request, slug):
    unconference = _unconference(slug)
    is_organiser = is_meeting_organiser(request.user)
    view = "list" if request.GET.get("view") == "list" else "grid"
    context = {"unconference": unconference, "is_organiser": is_organiser, "view": view, "preview": False}
    if unconference.is_schedule_published:
        rooms, rows, _mine = service.published_grid(unconference, request.user)
        context["changes"] = list(ScheduleChange.objects.filter(unconference=unconference))
    elif is_organiser:
        rooms, _slots, rows, _sessions = service.working_grid(unconference)
        context["preview"] = True
    else:
        rooms, rows = [], []
    context.update(rooms=rooms, rows=rows)
    return render(request, "community/schedule/schedule.html", context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def agenda_toggle(request, slug, pk):
    mine = AgendaItem.objects.filter(user=request.user, proposal=OuterRef("pk"))
    proposal = get_object_or_404(
        Proposal.objects.select_related("unconference").annotate(on_agenda=Exists(mine)),
        unconference__slug=slug,
        pk=pk,
    )
    unconference, on_agenda = proposal.unconference, proposal.on_agenda
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                service.remove_from_agenda(request.user, proposal)
                on_agenda, message = False, _("“%(title)s” is no longer on your agenda.") % {"title": proposal.title}
            else:
                service.add_to_agenda(request.user, proposal)
                on_agenda, message = True, _("“%(title)s” is on your agenda.") % {"title": proposal.title}
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if not request.htmx:
                messages.success(request, message)
                return redirect(next_url(request, _schedule_url(unconference)))
    context = {"unconference": unconference, "proposal": proposal, "on_agenda": on_agenda, "error": error}
    if request.htmx:
        return render(request, "community/schedule/agenda_toggle.html#agenda-toggle", context)
    return render(request, "community/schedule/agenda_toggle.html", context, status=400 if error else 200)


def _schedule_url(unconference) -> str:
    return reverse("community:schedule", kwargs={"slug": unconference.slug})


@require_http_methods(["GET"])
def my_agenda(request, slug):
    unconference = _unconference(slug)
    cells = service.my_agenda(unconference, request.user)
    return render(request, "community/schedule/my_agenda.html", {"unconference": unconference, "cells": cells})


@require_http_methods(["GET"])
def my_agenda_ics(request, slug):
    unconference = _unconference(slug)
    cells = service.my_agenda(unconference, request.user)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", unconference.title)
    now = timezone.now()
    for cell in cells:
        url = settings.SITE_URL + reverse(
            "community:proposal-detail", kwargs={"slug": unconference.slug, "pk": cell.proposal.pk}
        )
        event = icalendar.Event()
        event.add("uid", f"unconference-session-{cell.proposal.pk}@participation")
        event.add("sequence", unconference.schedule_version)
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", cell.starts_at.astimezone(datetime.UTC))
        event.add("dtend", cell.ends_at.astimezone(datetime.UTC))
        event.add("summary", cell.proposal.title)
        event.add("location", cell.room.name)
        event.add("description", f"{unconference.title}\n\n{url}")
        event.add("url", url)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{unconference.slug}-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# Organisers' pages


@require_http_methods(["GET", "POST"])
def schedule_manage(request, slug):
    """The working grid. A POST places an unscheduled proposal (the no-JavaScript "Place" form)."""
    unconference = _unconference(slug)
    _require_organiser(request)
    rooms, slots, rows, sessions = service.working_grid(unconference)
    proposals = list(service.eligible_proposals(unconference).select_related("facilitator"))
    placed = {session.proposal_id for session in sessions}
    failed_form = None
    if request.method == "POST":
        proposal = next((p for p in proposals if str(p.pk) == request.POST.get("proposal")), None)
        if proposal is None or proposal.pk in placed:
            messages.error(request, _("That session cannot be placed. It may already be on the schedule."))
            return redirect(_manage_url(unconference))
        form = PlaceForm(request.POST, rooms=rooms, slots=slots, prefix=f"place-{proposal.pk}")
        if form.is_valid():
            try:
                service.place_proposal(
                    unconference, proposal, form.cleaned_data["room"], form.cleaned_data["slot"], request.user
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("“%(title)s” is on the schedule and locked in place.") % {"title": proposal.title}
                )
                return redirect(_manage_url(unconference))
        failed_form = (proposal.pk, form)
    for session in sessions:
        session.move_form = PlaceForm(
            initial={"room": session.room_id, "slot": session.slot_id},
            rooms=rooms,
            slots=slots,
            prefix=f"move-{session.pk}",
        )
    unscheduled = [proposal for proposal in proposals if proposal.pk not in placed]
    for proposal in unscheduled:
        proposal.unconference = unconference
        if failed_form and failed_form[0] == proposal.pk:
            proposal.place_form = failed_form[1]
        else:
            proposal.place_form = PlaceForm(rooms=rooms, slots=slots, prefix=f"place-{proposal.pk}")
    quality = service.quality(unconference, sessions, proposals)
    context = {
        "unconference": unconference,
        "rooms": rooms,
        "rows": rows,
        "sessions": sessions,
        "unscheduled": unscheduled,
        "quality": quality,
        "changed": _changed_since_published(unconference, sessions),
    }
    if failed_form:
        context["form"] = failed_form[1]
    return render(request, "community/schedule/manage.html", context, status=400 if failed_form else 200)


def _changed_since_published(unconference, sessions) -> int | None:
    if not unconference.is_schedule_published:
        return None
    before = service.published_snapshot(unconference)
    changed = 0
    for session in sessions:
        old = before.get(str(session.proposal_id))
        if old is None or (old["room"], old["starts_at"], old["ends_at"]) != (
            session.room_id,
            session.slot.starts_at.isoformat(),
            session.slot.ends_at.isoformat(),
        ):
            changed += 1
    return changed + len(set(before) - {str(session.proposal_id) for session in sessions})


@require_http_methods(["GET", "POST"])
def schedule_run(request, slug):
    unconference = _unconference(slug)
    _require_organiser(request)
    if request.method == "POST":
        result = service.run_scheduler(unconference, request.user)
        messages.success(
            request,
            _("The scheduler placed %(placed)s sessions. Locked sessions stayed where they were.")
            % {"placed": len(result.placements)},
        )
        if result.locked_conflicts:
            titles = dict(Proposal.objects.filter(pk__in=result.locked_conflicts).values_list("pk", "title")).values()
            messages.warning(
                request,
                _("Some locked sessions break a rule (a facilitator in two places, or steps): %(titles)s")
                % {"titles": "; ".join(titles)},
            )
        return redirect(_manage_url(unconference))
    locked = ScheduledSession.objects.filter(unconference=unconference, is_locked=True).count()
    return render(request, "community/schedule/run.html", {"unconference": unconference, "locked": locked})


@require_http_methods(["GET", "POST"])
def session_move(request, slug, pk):
    unconference = _unconference(slug)
    _require_organiser(request)
    session = _session(unconference, pk)
    rooms, slots = _place_options(unconference)
    form = PlaceForm(
        _posted(request),
        initial={"room": session.room_id, "slot": session.slot_id},
        rooms=rooms,
        slots=slots,
        prefix=f"move-{session.pk}",
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                service.move_session(session, form.cleaned_data["room"], form.cleaned_data["slot"], request.user)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                message = _("“%(title)s” moved to %(room)s and locked there.") % {
                    "title": session.proposal.title,
                    "room": form.cleaned_data["room"].name,
                }
                if _wants_json(request):
                    return JsonResponse({"ok": True, "message": message})
                messages.success(request, message)
                return redirect(_manage_url(unconference))
        if _wants_json(request):
            errors = [str(error) for errors in form.errors.values() for error in errors]
            return JsonResponse({"ok": False, "errors": errors}, status=400)
    return render(
        request,
        "community/schedule/move.html",
        {"unconference": unconference, "session": session, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_lock(request, slug, pk):
    unconference = _unconference(slug)
    _require_organiser(request)
    session = _session(unconference, pk)
    if request.method == "POST":
        session = service.toggle_lock(session, request.user)
        if session.is_locked:
            message = _("“%(title)s” is locked in place.")
        else:
            message = _("“%(title)s” is unlocked. The scheduler may move it.")
        messages.success(request, message % {"title": session.proposal.title})
        return redirect(_manage_url(unconference))
    return render(request, "community/schedule/lock.html", {"unconference": unconference, "session": session})


@require_http_methods(["GET", "POST"])
def schedule_publish(request, slug):
    unconference = _unconference(slug)
    _require_organiser(request)
    republishing = unconference.is_schedule_published
    form = PublishForm(_posted(request), republishing=republishing)
    if request.method == "POST" and form.is_valid():
        try:
            unconference = service.publish(unconference, request.user, form.cleaned_data.get("summary", ""))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the schedule is published.") % {"version": unconference.schedule_version},
            )
            return redirect(_schedule_url(unconference))
    sessions = ScheduledSession.objects.filter(unconference=unconference).count()
    return render(
        request,
        "community/schedule/publish.html",
        {"unconference": unconference, "form": form, "republishing": republishing, "session_count": sessions},
        status=400 if form.errors else 200,
    )
