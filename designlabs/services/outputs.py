"""The lab's outputs: capturing them in sessions, grouping them into themes, and dot-voting.

Every write except a dot is one transaction with its audit event. Dots are not audited one by one
(a lab has hundreds, and a dot is not an administrative act); the Dot rows themselves are the record,
with their timestamps.

Dot limits hold under concurrent requests: `add_dot` takes a transaction-scoped advisory lock keyed
on (lab, person), then counts the person's dots and inserts. Two requests from one person queue on
the lock, so the second sees the first's dot; different people never wait for each other.
`Output.dot_count` is changed with an F() expression in the same transaction as the Dot row, so it
always equals the rows.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet, Window
from django.db.models.functions import Lower, Rank
from django.utils.translation import gettext as _

from designlabs.models import Dot, Lab, LabStatus, Output, OutputKind, ParticipantRole, Session, Theme
from designlabs.permissions import LabAccess, can_capture_outputs, can_dot_vote, lab_access
from guidance.models import ReviewStatus
from participation.services.audit import changed_fields, record_audit
from participation.services.locks import lock_until_commit

MAX_TEXT = 1000
OUTPUT_FIELDS = ("kind", "text", "theme", "is_public", "guidance_feedback", "guidance_version")


def _plain(values: dict) -> dict:
    return {name: None if value is None else str(value) for name, value in values.items()}


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter what was said or suggested")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("The output must be 1,000 characters or fewer")})
    return text


def _check_kind(kind: str) -> None:
    if kind not in OutputKind.values:
        raise ValidationError({"kind": _("Select the type of output")})


# Capturing and editing outputs


def author_role_for(access: LabAccess) -> str:
    """What the output records about who captured it: the participant's role, or facilitator."""
    if access.accepted and not access.facilitator:
        return access.participant.role
    return ParticipantRole.FACILITATOR


def capture_output(session: Session, author, kind: str, text: str, *, access: LabAccess | None = None) -> Output:
    """Record what someone captured in a session. `access` saves working out the author's standing
    again when the view already has it."""
    lab = session.lab
    access = access if access is not None else lab_access(author, lab)
    if not can_capture_outputs(access, lab):
        if lab.status == LabStatus.CLOSED:
            raise ValidationError(_("This lab is closed, so nothing more can be captured."), code="closed")
        raise PermissionDenied
    _check_kind(kind)
    text = _clean_text(text)
    with transaction.atomic():
        output = Output.objects.create(
            lab=lab, session=session, kind=kind, text=text, author=author, author_role=author_role_for(access)
        )
        record_audit(
            actor=author,
            action="designlabs.output.created",
            target=output,
            organisation=lab.department,
            changes={"session": str(session.pk), "kind": kind},
        )
    return output


def update_output(*, output: Output, updated_by, **values) -> Output:
    """Change an output (facilitators): its type, text, theme, whether it goes in the public
    write-up, and the guidance it fed into."""
    values = {name: values[name] for name in OUTPUT_FIELDS if name in values}
    if "kind" in values:
        _check_kind(values["kind"])
    if "text" in values:
        values["text"] = _clean_text(values["text"])
    theme = values.get("theme")
    if theme is not None and theme.lab_id != output.lab_id:
        raise ValidationError({"theme": _("Select a theme from this lab")})
    version = values.get("guidance_version")
    if version is not None and version.status != ReviewStatus.PUBLISHED:
        raise ValidationError({"guidance_version": _("Select a published guidance version")})
    with transaction.atomic():
        changes = changed_fields(output, values)
        if not changes:
            return output
        for name, value in values.items():
            setattr(output, name, value)
        output.save(update_fields=[*values, "updated_at"])
        record_audit(
            actor=updated_by,
            action="designlabs.output.updated",
            target=output,
            organisation=output.lab.department,
            changes=changes,
        )
    return output


def delete_output(*, output: Output, deleted_by) -> None:
    """Remove an output and its dots (the dots go back to the people who gave them)."""
    with transaction.atomic():
        record_audit(
            actor=deleted_by,
            action="designlabs.output.deleted",
            target=output,
            organisation=output.lab.department,
            changes={"text": output.text, "kind": output.kind, "dots": Dot.objects.filter(output=output).count()},
        )
        output.delete()


# Themes


def _clean_title(lab: Lab, title: str, *, exclude: Theme | None = None) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Enter a name for the theme")})
    if len(title) > 200:
        raise ValidationError({"title": _("The theme’s name must be 200 characters or fewer")})
    same = Theme.objects.filter(lab=lab).annotate(lower=Lower("title")).filter(lower=title.lower())
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError({"title": _("This lab already has a theme with that name")})
    return title


def add_theme(*, lab: Lab, title: str, added_by) -> Theme:
    with transaction.atomic():
        lock_until_commit(f"designlabs.themes:{lab.pk}")
        title = _clean_title(lab, title)
        last = Theme.objects.filter(lab=lab).aggregate(last=Max("position"))["last"]
        theme = Theme.objects.create(lab=lab, title=title, position=0 if last is None else last + 1)
        record_audit(
            actor=added_by,
            action="designlabs.theme.created",
            target=theme,
            organisation=lab.department,
            changes={"title": title},
        )
    return theme


def rename_theme(*, theme: Theme, title: str, renamed_by) -> Theme:
    with transaction.atomic():
        lock_until_commit(f"designlabs.themes:{theme.lab_id}")
        title = _clean_title(theme.lab, title, exclude=theme)
        if title == theme.title:
            return theme
        changes = {"title": [theme.title, title]}
        theme.title = title
        theme.save(update_fields=["title", "updated_at"])
        record_audit(
            actor=renamed_by,
            action="designlabs.theme.updated",
            target=theme,
            organisation=theme.lab.department,
            changes=changes,
        )
    return theme


def move_theme(*, theme: Theme, direction: str, moved_by) -> Theme:
    """Swap a theme with its neighbour above or below. Positions are renumbered 0, 1, 2… as it
    goes, so gaps and ties left by deletions never stop a move."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the theme up or down"))
    with transaction.atomic():
        lock_until_commit(f"designlabs.themes:{theme.lab_id}")
        themes = list(Theme.objects.filter(lab_id=theme.lab_id).order_by("position", "created_at"))
        index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(themes):
            return theme
        themes[index], themes[other] = themes[other], themes[index]
        changed = []
        for position, item in enumerate(themes):
            if item.position != position:
                item.position = position
                changed.append(item)
        Theme.objects.bulk_update(changed, ["position"])
        theme.position = other
        record_audit(
            actor=moved_by,
            action="designlabs.theme.moved",
            target=theme,
            organisation=theme.lab.department,
            changes={"position": [str(index), str(other)]},
        )
    return theme


def delete_theme(*, theme: Theme, deleted_by) -> int:
    """Remove a theme; its outputs become ungrouped. Returns how many there were."""
    with transaction.atomic():
        ungrouped = Output.objects.filter(theme=theme).update(theme=None)
        record_audit(
            actor=deleted_by,
            action="designlabs.theme.deleted",
            target=theme,
            organisation=theme.lab.department,
            changes={"title": theme.title, "outputs_ungrouped": ungrouped},
        )
        theme.delete()
    return ungrouped


# Dot-voting (not audited: see the module docstring)


def _lock_dots(lab_id, user_id) -> None:
    lock_until_commit(f"designlabs.dot:{lab_id}:{user_id}")


def _check_voting(lab: Lab, access: LabAccess) -> None:
    if not lab.voting_open or lab.status == LabStatus.CLOSED:
        raise ValidationError(_("Dot-voting is closed for this lab."), code="closed")
    if not can_dot_vote(access, lab):
        raise PermissionDenied


def add_dot(output: Output, user, *, access: LabAccess | None = None) -> Dot:
    """Put one of `user`'s dots on `output`. Dots may stack on one output, up to the lab's limit."""
    with transaction.atomic():
        _lock_dots(output.lab_id, user.pk)
        # Read the lab after the lock: voting may have closed while this request waited.
        lab = Lab.objects.get(pk=output.lab_id)
        _check_voting(lab, access if access is not None else lab_access(user, lab))
        used = Dot.objects.filter(lab=lab, user=user).count()
        if used >= lab.dots_per_participant:
            raise ValidationError(
                _("You have used all %(count)s of your dots. Remove a dot to add one here.")
                % {"count": lab.dots_per_participant},
                code="limit",
            )
        dot = Dot.objects.create(lab=lab, output=output, user=user)
        Output.objects.filter(pk=output.pk).update(dot_count=F("dot_count") + 1)
    return dot


def remove_dot(output: Output, user, *, access: LabAccess | None = None) -> None:
    """Take back one of `user`'s dots from `output` (the latest, if they put several there)."""
    with transaction.atomic():
        _lock_dots(output.lab_id, user.pk)
        lab = Lab.objects.get(pk=output.lab_id)
        _check_voting(lab, access if access is not None else lab_access(user, lab))
        dot = Dot.objects.filter(output=output, user=user).order_by("-created_at", "-pk").first()
        if dot is None:
            raise ValidationError(_("You have no dots on this output to remove."), code="none")
        dot.delete()
        Output.objects.filter(pk=output.pk).update(dot_count=F("dot_count") - 1)


def dots_left(lab: Lab, user) -> int:
    if not user.is_authenticated:
        return 0
    return max(lab.dots_per_participant - Dot.objects.filter(lab=lab, user=user).count(), 0)


def my_dots(lab: Lab, user) -> dict:
    """{output id: how many of `user`'s dots are on it}, in one query."""
    if not user.is_authenticated:
        return {}
    counts: dict = {}
    for output_id in Dot.objects.filter(lab=lab, user=user).values_list("output_id", flat=True):
        counts[output_id] = counts.get(output_id, 0) + 1
    return counts


def ranked_outputs(lab: Lab) -> QuerySet[Output]:
    """Every output, most dots first, each with `rank` (equal dots share a rank: 1, 2, 2, 4)."""
    return (
        Output.objects.filter(lab=lab)
        .select_related("theme", "session")
        .annotate(rank=Window(Rank(), order_by=F("dot_count").desc()))
        .order_by("-dot_count", "created_at", "pk")
    )
