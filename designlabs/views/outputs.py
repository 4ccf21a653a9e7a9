"""The lab workspace: sessions for the people taking part, quick capture of outputs, the outputs
board with dot-voting, themes, and the priorities.

Every view starts with `lab_for` (404 for no lab, 403 unless the named check allows), then fetches
objects scoped to the lab so another lab's are 404. Writes go through designlabs.services.outputs.
Capture, dots and the board's theme select work with htmx (fragments swap in place) or as a plain
POST and redirect.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from designlabs.forms.outputs import BoardFilterForm, CaptureForm, OutputEditForm, ThemeAssignForm, ThemeForm
from designlabs.models import Consent, Output, OutputKind, Session, Theme
from designlabs.permissions import (
    LabAccess,
    can_capture_outputs,
    can_dot_vote,
    can_manage_lab,
    can_open_workspace,
    can_see_joining_details,
)
from designlabs.services import outputs as service
from designlabs.views.common import lab_for
from participation.models.base import bilingual
from participation.redirects import next_url
from participation.services.charts import bar_chart

BOARD_PER_PAGE = 50
PRIORITIES_PER_PAGE = 50
RECENT_OUTPUTS = 50  # on a session's page; the board has them all
CHART_ROWS = 20


# Helpers


def _taking_part(access: LabAccess) -> bool:
    """Facilitators and accepted participants; whether the lab still allows it is the service's to say."""
    return access.facilitator or access.accepted


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _uuid_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _session(lab, pk) -> Session:
    session = get_object_or_404(lab.sessions, pk=pk)
    session.lab = lab
    return session


def _output(lab, pk) -> Output:
    output = get_object_or_404(Output.objects.select_related("theme", "session"), lab=lab, pk=pk)
    output.lab = output.session.lab = lab
    return output


def _theme(lab, pk) -> Theme:
    theme = get_object_or_404(Theme, lab=lab, pk=_uuid_or_404(pk))
    theme.lab = lab
    return theme


def _board_url(lab) -> str:
    return reverse("designlabs:output-board", kwargs={"slug": lab.slug})


def _vote_context(request, lab, access: LabAccess) -> dict:
    """The person's dots: how many on each output and how many left (one query)."""
    mine = service.my_dots(lab, request.user) if _taking_part(access) else {}
    return {
        "my_dots": mine,
        "dots_left": max(lab.dots_per_participant - sum(mine.values()), 0),
        "can_vote": can_dot_vote(access, lab),
        "is_voter": _taking_part(access),
    }


# The workspace and sessions


@require_GET
def workspace(request, slug):
    lab, access = lab_for(request, slug, can_open_workspace)
    sessions = list(lab.sessions.annotate(output_count=Count("outputs")).order_by("starts_at", "pk"))
    kinds = Output.objects.filter(lab=lab).aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in OutputKind.values}
    )
    participant = access.participant
    consented = None
    if participant is not None:
        latest = Consent.objects.filter(participant=participant).order_by("-given_at").first()
        consented = latest is not None and latest.withdrawn_at is None
    context = {
        "lab": lab,
        "access": access,
        "sessions": sessions,
        "materials": list(lab.materials.filter(session__isnull=True)),
        "output_total": sum(kinds.values()),
        "output_kinds": [(label, kinds[value]) for value, label in OutputKind.choices],
        "participant": participant,
        "consented": consented,
        "show_joining": can_see_joining_details(access),
    }
    return render(request, "designlabs/workspace/workspace.html", context)


def _session_context(request, lab, access, session, capture_form) -> dict:
    outputs = list(session.outputs.order_by("-created_at", "-pk")[: RECENT_OUTPUTS + 1])
    agenda, agenda_lang = bilingual(session, "agenda")
    return {
        "lab": lab,
        "access": access,
        "session": session,
        "agenda": agenda,
        "agenda_lang": agenda_lang,
        "materials": list(session.materials.all()),
        "outputs": outputs[:RECENT_OUTPUTS],
        "more_outputs": len(outputs) > RECENT_OUTPUTS,
        "show_joining": can_see_joining_details(access),
        "can_capture": can_capture_outputs(access, lab),
        "capture_form": capture_form,
    }


@require_GET
def session_detail(request, slug, pk):
    lab, access = lab_for(request, slug, can_open_workspace)
    session = _session(lab, pk)
    context = _session_context(request, lab, access, session, CaptureForm(initial={"kind": OutputKind.INSIGHT}))
    return render(request, "designlabs/workspace/session_detail.html", context)


@require_POST
@vary_on_headers("HX-Request")
def output_add(request, slug, pk):
    lab, access = lab_for(request, slug, _taking_part)
    session = _session(lab, pk)
    form = CaptureForm(request.POST)
    output = None
    if form.is_valid():
        try:
            output = service.capture_output(session, request.user, access=access, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
    if output is not None and not request.htmx:
        messages.success(request, _("Output added."))
        return redirect(reverse("designlabs:session-detail", kwargs={"slug": lab.slug, "pk": session.pk}) + "#capture")
    if request.htmx:
        if output is not None:
            # A fresh form, keeping the type (people often capture several of one kind in a row).
            form = CaptureForm(initial={"kind": output.kind})
            form.fields["text"].widget.attrs["autofocus"] = True
        context = {"lab": lab, "access": access, "session": session, "capture_form": form, "output": output}
        return render(request, "designlabs/workspace/_capture_response.html", context)
    context = _session_context(request, lab, access, session, form)
    # As `form` too, so the page gets the error summary and "Error:" title like every other form.
    return render(request, "designlabs/workspace/session_detail.html", {**context, "form": form})


# The board and dot-voting


def _board_outputs(lab, filters: dict):
    outputs = Output.objects.filter(lab=lab).select_related("theme", "session")
    if filters["session"]:
        outputs = outputs.filter(session_id=filters["session"])
    if filters["kind"]:
        outputs = outputs.filter(kind=filters["kind"])
    return outputs.order_by(
        F("theme__position").asc(nulls_last=True),
        F("theme__created_at").asc(nulls_last=True),
        "theme_id",
        "-dot_count",
        "created_at",
        "pk",
    )


@require_GET
def output_board(request, slug):
    lab, access = lab_for(request, slug, can_open_workspace)
    sessions = list(lab.sessions.all())
    filter_form = BoardFilterForm(request.GET, sessions=sessions)
    filters = filter_form.values()
    page = Paginator(_board_outputs(lab, filters), BOARD_PER_PAGE).get_page(request.GET.get("page"))
    context = _vote_context(request, lab, access)
    for output in page.object_list:
        output.mine = context["my_dots"].get(output.pk, 0)
    context.update(
        lab=lab,
        access=access,
        page=page,
        outputs=page.object_list,
        filters=filters,
        sessions=sessions,
        kinds=OutputKind.choices,
        themes=list(lab.themes.all()) if access.facilitator else [],
        list_url=request.get_full_path(),
    )
    return render(request, "designlabs/workspace/output_board.html", context)


def _dot(request, slug, pk, *, add: bool):
    lab, access = lab_for(request, slug, _taking_part)
    output = _output(lab, pk)
    error = None
    try:
        if add:
            service.add_dot(output, request.user, access=access)
        else:
            service.remove_dot(output, request.user, access=access)
    except ValidationError as exc:
        error = exc.messages[0]
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Dot added.") if add else _("Dot removed."))
        return redirect(next_url(request, _board_url(lab)))
    output.dot_count = Output.objects.filter(pk=output.pk).values_list("dot_count", flat=True).get()
    context = _vote_context(request, lab, access)
    output.mine = context["my_dots"].get(output.pk, 0)
    context.update(lab=lab, output=output, dot_error=error, list_url=next_url(request, ""))
    return render(request, "designlabs/workspace/_dot_response.html", context)


@require_POST
@vary_on_headers("HX-Request")
def output_dot(request, slug, pk):
    return _dot(request, slug, pk, add=True)


@require_POST
@vary_on_headers("HX-Request")
def output_undot(request, slug, pk):
    return _dot(request, slug, pk, add=False)


# Facilitators: editing outputs and themes


def _assign_theme(request, lab, output):
    """The board's theme select: htmx swaps the control, a plain POST goes back to the board."""
    themes = list(lab.themes.all())
    form = ThemeAssignForm(request.POST, themes=themes)
    error = saved = None
    if form.is_valid():
        try:
            service.update_output(output=output, updated_by=request.user, theme=form.chosen_theme())
            saved = True
        except ValidationError as exc:
            error = exc.messages[0]
    else:
        error = form.errors["theme"][0]
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Output moved."))
        return redirect(next_url(request, _board_url(lab)))
    context = {"lab": lab, "output": output, "themes": themes, "theme_error": error, "theme_saved": saved}
    context["list_url"] = next_url(request, "")
    return render(request, "designlabs/workspace/_theme_control.html", context)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def output_edit(request, slug, pk):
    """Edit an output; `?delete=1` asks to confirm deleting it; the board posts `action=theme`."""
    lab, access = lab_for(request, slug, can_manage_lab)
    output = _output(lab, pk)
    action = request.POST.get("action", "")
    if action == "theme":
        return _assign_theme(request, lab, output)
    if action == "delete":
        service.delete_output(output=output, deleted_by=request.user)
        messages.success(request, _("Output deleted."))
        return redirect(_board_url(lab))
    if request.method == "GET" and request.GET.get("delete"):
        context = {"lab": lab, "access": access, "output": output}
        return render(request, "designlabs/workspace/output_delete.html", context)
    form = OutputEditForm(_posted(request), instance=output, lab=lab)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_output(output=output, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Output saved."))
            return redirect(next_url(request, _board_url(lab)))
    context = {"lab": lab, "access": access, "output": output, "form": form}
    return render(request, "designlabs/workspace/output_edit.html", context)


def _theme_action(request, lab, source):
    """Delete (after confirming) or move a theme; None when the request is not one of those."""
    if source.get("delete"):
        theme = _theme(lab, source["delete"])
        if request.method == "POST":
            count = service.delete_theme(theme=theme, deleted_by=request.user)
            messages.success(
                request,
                _("Theme deleted. Its %(count)s outputs are now not yet grouped.") % {"count": count}
                if count
                else _("Theme deleted."),
            )
            return redirect("designlabs:theme-list", slug=lab.slug)
        theme.output_count = theme.outputs.count()
        return render(request, "designlabs/workspace/theme_delete.html", {"lab": lab, "theme": theme})
    if request.method == "POST" and source.get("move"):
        theme = _theme(lab, source.get("theme"))
        try:
            service.move_theme(theme=theme, direction=source["move"], moved_by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(reverse("designlabs:theme-list", kwargs={"slug": lab.slug}) + f"#theme-{theme.pk}")
    return None


@require_http_methods(["GET", "POST"])
def theme_list(request, slug):
    """The themes: a list with counts, a form to add one, `?rename=<id>` to rename one, `?delete=<id>`
    to confirm deleting one, and move up/down buttons."""
    lab, access = lab_for(request, slug, can_manage_lab)
    source = request.POST if request.method == "POST" else request.GET
    response = _theme_action(request, lab, source)
    if response is not None:
        return response
    renaming = _theme(lab, source["rename"]) if source.get("rename") else None
    form = ThemeForm(_posted(request), initial={"title": renaming.title} if renaming else None)
    if request.method == "POST" and form.is_valid():
        try:
            if renaming:
                service.rename_theme(theme=renaming, title=form.cleaned_data["title"], renamed_by=request.user)
            else:
                service.add_theme(lab=lab, title=form.cleaned_data["title"], added_by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Theme renamed.") if renaming else _("Theme added."))
            return redirect("designlabs:theme-list", slug=lab.slug)
    themes = list(lab.themes.annotate(output_count=Count("outputs")).order_by("position", "created_at"))
    ungrouped = Output.objects.filter(lab=lab, theme__isnull=True).count()
    context = {"lab": lab, "access": access, "themes": themes, "form": form, "renaming": renaming}
    context["ungrouped"] = ungrouped
    return render(request, "designlabs/workspace/theme_list.html", context)


# Priorities


@require_GET
def priorities(request, slug):
    lab, access = lab_for(request, slug, can_open_workspace)
    ranked = service.ranked_outputs(lab)
    page = Paginator(ranked, PRIORITIES_PER_PAGE).get_page(request.GET.get("page"))
    top = list(ranked.filter(dot_count__gt=0)[:CHART_ROWS])
    label = _("The %(count)s outputs with the most dots, and how many dots each has") % {"count": len(top)}
    rows, seen = [], set()
    for output in top:
        name = f"{output.rank}. {Truncator(output.text).chars(40)}"
        while name in seen:  # the chart's categories must differ, or bars merge
            name += " "
        seen.add(name)
        rows.append((name, output.dot_count))
    context = {
        "lab": lab,
        "access": access,
        "page": page,
        "outputs": page.object_list,
        "top": top,
        "chart": bar_chart(label=label, rows=rows),
    }
    return render(request, "designlabs/workspace/priorities.html", context)
