"""The unconference: organisers set it up (details, rooms, time slots) and review proposals;
members propose sessions and vote; everyone can read the proposals and their vote counts (unless
the organisers hide counts until voting closes).

Scope first (a thing outside your reach is a 404), then a named check (403). Writes go through
community.services.unconference. Votes work with htmx (the vote control and the remaining-votes
counter swap in place) or a plain POST and redirect.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from community.forms.unconference import (
    ERROR_FIELDS,
    NotesForm,
    ProposalForm,
    RoomForm,
    SlotForm,
    UnconferenceForm,
)
from community.models import Proposal, ProposalStatus, Room, SessionFormat, TimeSlot, Unconference, Vote
from community.permissions import can_edit_proposal, can_propose, can_vote, is_meeting_organiser
from community.services import unconference as service
from participation.models.base import bilingual
from participation.redirects import next_url
from participation.services import page_cache
from participation.services.prepared import PreparedQuery

PER_PAGE = 25
SORTS = ("votes", "newest")

# The proposals list's read of the unconference and the reader's votes, compiled once per process:
# compiling costs more CPU than Postgres takes to answer. Its texts and schedule are not shown.
_UNCONFERENCE_WITH_VOTES = PreparedQuery(
    lambda slug, user_id: (
        Unconference.objects.filter(slug=slug)
        .defer("description_en", "description_cy", "published_schedule")
        .with_votes_of(user_id)
    ),
    f"placeholder-{uuid.uuid4()}",
    uuid.uuid4(),
)
# No one's id (user ids are random, version 4 UUIDs): an anonymous reader's votes.
NO_ONE = uuid.UUID(int=0)

# What a proposal card shows of the proposal (and of its facilitator, their display name).
CARD_FIELDS = ("title", "description", "format", "status", "vote_count", "facilitator")

# What a proposal card takes from the request, left as holes in the cached HTML (which readers and
# pages share) and filled in for each page. Escaped text never holds a "<", so neither can a title.
CSRF_HOLE = mark_safe("<csrf-token>")  # nosec - a fixed marker
NEXT_HOLE = mark_safe("<next-url>")  # nosec - a fixed marker


# Helpers


def _require_organiser(request) -> None:
    if not is_meeting_organiser(request.user):
        raise PermissionDenied


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError, field_map: dict | None = None) -> None:
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = field_map.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _unconference(slug) -> Unconference:
    return get_object_or_404(Unconference.objects.select_related("meeting"), slug=slug)


def _proposal(unconference: Unconference, pk, *, co_facilitators: bool = False) -> Proposal:
    queryset = Proposal.objects.select_related("facilitator")
    if co_facilitators:
        queryset = queryset.prefetch_related("co_facilitators")
    proposal = get_object_or_404(queryset, unconference=unconference, pk=pk)
    proposal.unconference = unconference
    return proposal


def _is_facilitator(user, proposal) -> bool:
    """The facilitator or a co-facilitator (co_facilitators prefetched)."""
    if not user.is_authenticated:
        return False
    return proposal.facilitator_id == user.pk or any(p.pk == user.pk for p in proposal.co_facilitators.all())


def _can_see(user, proposal) -> bool:
    """Visible proposals are public; others only to their facilitators and organisers."""
    return service.is_visible(proposal) or _is_facilitator(user, proposal) or is_meeting_organiser(user)


def _my_votes(request, unconference) -> list:
    if not request.user.is_authenticated:
        return []
    return list(Vote.objects.filter(unconference=unconference, user=request.user).values_list("proposal_id", flat=True))


def _vote_context(request, unconference, my_votes, now) -> dict:
    return {
        "unconference": unconference,
        "my_votes": set(my_votes),
        "votes_used": len(my_votes),
        "votes_left": max(unconference.votes_per_member - len(my_votes), 0),
        "voting_open": can_vote(request.user, unconference, now),
        "counts_hidden": service.counts_hidden(unconference, request.user, now),
    }


def _windows(unconference, now) -> list[dict]:
    def window(name, opens, closes):
        return {"name": name, "opens": opens, "closes": closes, "open": opens <= now < closes, "past": closes <= now}

    return [
        window(_("Proposals"), unconference.proposals_open_at, unconference.proposals_close_at),
        window(_("Voting"), unconference.voting_open_at, unconference.voting_close_at),
    ]


# Public pages


@login_not_required
@require_http_methods(["GET"])
def unconference_list(request):
    today = timezone.localdate()
    upcoming = list(Unconference.objects.filter(date__gte=today).order_by("date"))
    page = Paginator(Unconference.objects.filter(date__lt=today).order_by("-date"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/unconference/unconference_list.html",
        {
            "upcoming": upcoming,
            "past": page.object_list,
            "page": page,
            "is_organiser": is_meeting_organiser(request.user),
        },
    )


@login_not_required
@require_http_methods(["GET"])
def unconference_detail(request, slug):
    unconference = _unconference(slug)
    now = timezone.now()
    description, language = bilingual(unconference, "description")
    return render(
        request,
        "community/unconference/unconference_detail.html",
        {
            "unconference": unconference,
            "description": description,
            "description_lang": language if language != get_language() else "",
            "windows": _windows(unconference, now),
            "can_propose": can_propose(request.user, unconference, now),
            "proposals_open": unconference.proposals_open_at <= now < unconference.proposals_close_at,
            "voting_open": unconference.voting_open_at <= now < unconference.voting_close_at,
            "is_organiser": is_meeting_organiser(request.user),
        },
    )


@login_not_required
@require_http_methods(["GET"])
def proposal_list(request, slug):
    unconference = _UNCONFERENCE_WITH_VOTES.first(slug, request.user.pk or NO_ONE)
    if unconference is None:
        raise Http404
    my_votes = [uuid.UUID(pk) for pk in (unconference.my_vote_ids or "").split(",") if pk]
    now = timezone.now()
    is_organiser = is_meeting_organiser(request.user)
    context = _vote_context(request, unconference, my_votes, now)
    proposals = (
        Proposal.objects.filter(unconference=unconference)
        .select_related("facilitator")
        .only(*CARD_FIELDS, "facilitator__display_name")
    )
    status = request.GET.get("status", "")
    if is_organiser and status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    elif is_organiser and status == "all":
        pass
    else:
        status = ""
        proposals = proposals.filter(status__in=service.visible_statuses(unconference))
    format_ = request.GET.get("format", "")
    if format_ in SessionFormat.values:
        proposals = proposals.filter(format=format_)
    else:
        format_ = ""
    sort = request.GET.get("sort", "")
    if sort not in SORTS or (sort == "votes" and context["counts_hidden"]):
        sort = "newest" if context["counts_hidden"] else "votes"
    proposals = (
        proposals.order_by("-created_at", "pk")
        if sort == "newest"
        else proposals.order_by("-vote_count", "created_at", "pk")
    )
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        cards=_proposal_cards(request, list(page.object_list), context, is_organiser=is_organiser),
        page=page,
        is_organiser=is_organiser,
        format=format_,
        formats=SessionFormat.choices,
        sort=sort,
        status=status,
        statuses=ProposalStatus.choices,
        can_propose=can_propose(request.user, unconference, now),
    )
    return render(request, "community/unconference/proposal_list.html", context)


def _proposal_cards(request, proposals: list, vote_context: dict, *, is_organiser: bool) -> list[str]:
    """Each proposal's card on the list, drawn once for everyone who would see the same HTML."""
    language, slug = get_language(), vote_context["unconference"].slug
    my_votes, counts_hidden = vote_context["my_votes"], vote_context["counts_hidden"]
    voting_open, votes_left = vote_context["voting_open"], vote_context["votes_left"]
    card_context = {**vote_context, "is_organiser": is_organiser, "csrf_token": CSRF_HOLE, "list_url": NEXT_HOLE}

    def variant(proposal) -> str:
        # Everything the card is drawn from; the count only where it is shown, so that votes do
        # not split the entries of readers who cannot see them.
        voted = proposal.pk in my_votes
        return repr(
            (
                language,
                slug,
                str(proposal.pk),
                proposal.title,
                proposal.format,
                proposal.description,
                proposal.status,
                proposal.facilitator.display_name,
                None if counts_hidden else proposal.vote_count,
                is_organiser,
                counts_hidden,
                voted,
                voting_open,
                voting_open and not voted and votes_left > 0,
            )
        )

    def draw(proposal) -> str:
        return render_to_string(
            "community/unconference/proposal_list.html#proposal-card", {**card_context, "proposal": proposal}
        )

    cards = page_cache.cached_each("proposal-card", proposals, variant, draw)
    if not voting_open:  # no vote forms, so no holes
        return cards
    token, next_ = get_token(request), escape(request.get_full_path())
    # Our own HTML, with the token (letters and digits) and the escaped address in its holes.
    return [mark_safe(card.replace(CSRF_HOLE, token).replace(NEXT_HOLE, next_)) for card in cards]  # noqa: S308  # nosec


@login_not_required
@require_http_methods(["GET"])
def proposal_detail(request, slug, pk):
    unconference = _unconference(slug)
    proposal = _proposal(unconference, pk, co_facilitators=True)
    if not _can_see(request.user, proposal):
        raise Http404
    now = timezone.now()
    context = _vote_context(request, unconference, _my_votes(request, unconference), now)
    is_facilitator = _is_facilitator(request.user, proposal)
    is_organiser = is_meeting_organiser(request.user)
    context.update(
        proposal=proposal,
        is_visible=service.is_visible(proposal),
        is_organiser=is_organiser,
        can_edit=proposal.status != ProposalStatus.WITHDRAWN
        and request.user.is_authenticated
        and (proposal.facilitator_id == request.user.pk or is_organiser),
        can_write_notes=is_facilitator or is_organiser,
        list_url=proposal.get_absolute_url(),
    )
    return render(request, "community/unconference/proposal_detail.html", context)


# Organisers: the unconference, rooms and slots


@require_http_methods(["GET", "POST"])
def unconference_create(request):
    _require_organiser(request)
    form = UnconferenceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            unconference = service.create_unconference(created_by=request.user, **form.service_values())
        except ValidationError as error:
            _add_errors(form, error, ERROR_FIELDS)
        else:
            messages.success(request, _("Unconference created. Now add its rooms and time slots."))
            return redirect(unconference.get_absolute_url())
    return render(request, "community/unconference/unconference_form.html", {"form": form, "unconference": None})


@require_http_methods(["GET", "POST"])
def unconference_edit(request, slug):
    unconference = _unconference(slug)
    _require_organiser(request)
    form = UnconferenceForm(_posted(request), initial=UnconferenceForm.initial_for(unconference))
    if request.method == "POST" and form.is_valid():
        try:
            service.update_unconference(unconference=unconference, updated_by=request.user, **form.service_values())
        except ValidationError as error:
            _add_errors(form, error, ERROR_FIELDS)
        else:
            messages.success(request, _("Unconference updated."))
            return redirect(unconference.get_absolute_url())
    return render(
        request, "community/unconference/unconference_form.html", {"form": form, "unconference": unconference}
    )


def _room_initial(room: Room) -> dict:
    return {name: getattr(room, name) for name in service.ROOM_FIELDS}


@require_http_methods(["GET", "POST"])
def rooms_edit(request, slug):
    """The rooms: a list, a form to add one, `?room=<id>` to change one and `?remove=<id>` to confirm removing one."""
    unconference = _unconference(slug)
    _require_organiser(request)
    rooms = Room.objects.filter(unconference=unconference).prefetch_related("sessions__proposal")
    source = request.POST if request.method == "POST" else request.GET
    editing = removing = None
    if source.get("room"):
        editing = get_object_or_404(rooms, pk=_int(source["room"]))
    if source.get("remove"):
        removing = get_object_or_404(rooms, pk=_int(source["remove"]))
    if removing is not None:
        if request.method == "POST":
            unscheduled = service.remove_room(room=removing, removed_by=request.user)
            if unscheduled:
                messages.success(
                    request,
                    _("Room removed. %(count)s session in it is now unscheduled.") % {"count": len(unscheduled)}
                    if len(unscheduled) == 1
                    else _("Room removed. %(count)s sessions in it are now unscheduled.") % {"count": len(unscheduled)},
                )
            else:
                messages.success(request, _("Room removed."))
            return redirect("community:rooms-edit", slug=unconference.slug)
        return render(
            request,
            "community/unconference/room_remove.html",
            {"unconference": unconference, "room": removing, "sessions": list(removing.sessions.all())},
        )
    initial = _room_initial(editing) if editing else None
    form = RoomForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if editing:
                service.update_room(room=editing, updated_by=request.user, **form.cleaned_data)
            else:
                service.add_room(unconference=unconference, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Room saved.") if editing else _("Room added."))
            return redirect("community:rooms-edit", slug=unconference.slug)
    return render(
        request,
        "community/unconference/rooms_edit.html",
        {"unconference": unconference, "rooms": rooms, "form": form, "editing": editing},
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@require_http_methods(["GET", "POST"])
def slots_edit(request, slug):
    """The time slots on the day: a list, a form to add one, and `?remove=<id>` to confirm removing one."""
    unconference = _unconference(slug)
    _require_organiser(request)
    slots = TimeSlot.objects.filter(unconference=unconference).prefetch_related("sessions__proposal")
    source = request.POST if request.method == "POST" else request.GET
    if source.get("remove"):
        removing = get_object_or_404(slots, pk=_int(source["remove"]))
        if request.method == "POST":
            unscheduled = service.remove_slot(slot=removing, removed_by=request.user)
            messages.success(
                request,
                _("Time slot removed. Sessions unscheduled: %(count)s.") % {"count": len(unscheduled)}
                if unscheduled
                else _("Time slot removed."),
            )
            return redirect("community:slots-edit", slug=unconference.slug)
        return render(
            request,
            "community/unconference/slot_remove.html",
            {"unconference": unconference, "slot": removing, "sessions": list(removing.sessions.all())},
        )
    form = SlotForm(_posted(request), unconference=unconference)
    if request.method == "POST" and form.is_valid():
        try:
            service.add_slot(
                unconference=unconference,
                added_by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Time slot added."))
            return redirect("community:slots-edit", slug=unconference.slug)
    return render(
        request, "community/unconference/slots_edit.html", {"unconference": unconference, "slots": slots, "form": form}
    )


# Members: proposals


def _proposal_values(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("co_facilitators", None)
    return data


@require_http_methods(["GET", "POST"])
def proposal_create(request, slug):
    unconference = _unconference(slug)
    now = timezone.now()
    open_now = can_propose(request.user, unconference, now)
    form = ProposalForm(_posted(request))
    if request.method == "POST" and not open_now:
        messages.error(request, _("Proposals for this unconference are closed."))
        return redirect(unconference.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        try:
            people = service.find_members(form.cleaned_data["co_facilitators"])
            proposal = service.create_proposal(
                unconference=unconference,
                facilitator=request.user,
                co_facilitators=people,
                now=now,
                **_proposal_values(form),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if proposal.status == ProposalStatus.SUBMITTED:
                messages.success(request, _("Proposal sent. The organisers will review it before members can vote."))
            else:
                messages.success(request, _("Proposal sent. Members can now see it and vote for it."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "community/unconference/proposal_form.html",
        {"form": form, "unconference": unconference, "proposal": None, "open_now": open_now},
    )


@require_http_methods(["GET", "POST"])
def proposal_edit(request, slug, pk):
    unconference = _unconference(slug)
    proposal = _proposal(unconference, pk, co_facilitators=True)
    if proposal.facilitator_id != request.user.pk and not is_meeting_organiser(request.user):
        raise PermissionDenied
    now = timezone.now()
    open_now = proposal.status != ProposalStatus.WITHDRAWN and can_edit_proposal(request.user, proposal, now)
    initial = {name: getattr(proposal, name) for name in service.PROPOSAL_FIELDS}
    initial["co_facilitators"] = "\n".join(person.email for person in proposal.co_facilitators.all())
    form = ProposalForm(_posted(request), initial=initial)
    if request.method == "POST" and not open_now:
        messages.error(request, _("This proposal can no longer be changed."))
        return redirect(proposal.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        try:
            people = service.find_members(form.cleaned_data["co_facilitators"])
            service.update_proposal(
                proposal=proposal, updated_by=request.user, co_facilitators=people, now=now, **_proposal_values(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Proposal updated."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "community/unconference/proposal_form.html",
        {"form": form, "unconference": unconference, "proposal": proposal, "open_now": open_now},
    )


@require_http_methods(["GET", "POST"])
def proposal_withdraw(request, slug, pk):
    unconference = _unconference(slug)
    proposal = _proposal(unconference, pk)
    if proposal.facilitator_id != request.user.pk and not is_meeting_organiser(request.user):
        raise PermissionDenied
    if proposal.status == ProposalStatus.WITHDRAWN:
        messages.info(request, _("This proposal has already been withdrawn."))
        return redirect(proposal.get_absolute_url())
    if request.method == "POST":
        service.withdraw_proposal(proposal=proposal, withdrawn_by=request.user)
        messages.success(request, _("Proposal withdrawn. Its votes have been given back to the members."))
        return redirect("community:proposal-list", slug=unconference.slug)
    return render(
        request, "community/unconference/proposal_withdraw.html", {"unconference": unconference, "proposal": proposal}
    )


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def proposal_review(request, slug, pk):
    unconference = _unconference(slug)
    proposal = _proposal(unconference, pk, co_facilitators=True)
    _require_organiser(request)
    error = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            proposal = service.review_proposal(proposal=proposal, reviewed_by=request.user, decision=decision)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            proposal.unconference = unconference
            message = _("Proposal approved.") if decision == "approve" else _("Proposal declined.")
            if not request.htmx:
                messages.success(request, message)
                return redirect(next_url(request, reverse("community:proposal-list", kwargs={"slug": slug})))
        if not request.htmx and error:
            messages.error(request, error)
            return redirect(next_url(request, reverse("community:proposal-review", kwargs={"slug": slug, "pk": pk})))
    context = {"unconference": unconference, "proposal": proposal, "review_error": error}
    if request.htmx:
        return render(request, "community/unconference/_review_control.html", context)
    return render(request, "community/unconference/proposal_review.html", context)


@require_http_methods(["POST"])
@vary_on_headers("HX-Request")
def proposal_vote(request, slug, pk):
    # The service looks the proposal up in this scope inside its transaction, and hands back what
    # the vote control shows, so the fragment needs no reads of its own.
    scope = Proposal.objects.filter(unconference__slug=slug).select_related("unconference")
    action = request.POST.get("action")
    if action not in ("add", "remove"):
        get_object_or_404(scope, pk=pk)  # an unknown proposal is a 404 whatever was posted
        return HttpResponseBadRequest(_("Choose to add or remove your vote."))
    now = timezone.now()
    ballot = error = None
    try:
        ballot = service.change_vote(proposals=scope, pk=pk, user=request.user, add=action == "add", now=now)
    except Proposal.DoesNotExist:
        raise Http404 from None
    except ValidationError as exc:
        error = exc.messages[0]
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif action == "add":
            messages.success(request, _("Your vote has been counted."))
        else:
            messages.success(request, _("Your vote has been removed."))
        return redirect(next_url(request, reverse("community:proposal-list", kwargs={"slug": slug})))
    if ballot is not None:
        proposal, my_votes = ballot.proposal, ballot.voted_for
    else:  # refused, so nothing changed: show the control as it stands
        proposal = get_object_or_404(scope, pk=pk)
        my_votes = _my_votes(request, proposal.unconference)
    context = _vote_context(request, proposal.unconference, my_votes, now)
    context.update(proposal=proposal, vote_error=error, oob=True, list_url=next_url(request, ""))
    return render(request, "community/unconference/_vote_response.html", context)


@require_http_methods(["GET", "POST"])
def proposal_notes(request, slug, pk):
    unconference = _unconference(slug)
    proposal = _proposal(unconference, pk, co_facilitators=True)
    if not (_is_facilitator(request.user, proposal) or is_meeting_organiser(request.user)):
        raise PermissionDenied
    open_now = service.notes_open(proposal)
    form = NotesForm(_posted(request), initial={"notes": proposal.notes})
    if request.method == "POST" and form.is_valid():
        try:
            service.save_notes(proposal=proposal, saved_by=request.user, notes=form.cleaned_data["notes"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Session notes saved."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "community/unconference/proposal_notes.html",
        {"form": form, "unconference": unconference, "proposal": proposal, "open_now": open_now},
    )
