"""designlabs.services.outputs: capture, edits, themes and dot-voting rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from designlabs.models import Dot, LabStatus, Output, OutputKind, ParticipantRole, Theme
from designlabs.services import outputs as service
from participation.models import AuditEvent
from tests.designlabs.factories import LabFactory, OutputFactory, ParticipantFactory, SessionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def assert_counts_match_rows(lab):
    for output in Output.objects.filter(lab=lab):
        assert output.dot_count == Dot.objects.filter(output=output).count(), output.text


@pytest.fixture
def voter(lab_world):
    return lab_world["users"]["participant"]


# Capture


def test_capture_output_records_author_and_participant_role(lab_world, voter):
    participant = lab_world["participant"]
    participant.role = ParticipantRole.LIVED_EXPERIENCE
    participant.save(update_fields=["role"])

    output = service.capture_output(lab_world["session"], voter, OutputKind.QUESTION, "  Who checks the AI?  ")

    assert (output.author, output.author_role, output.text, output.kind) == (
        voter,
        ParticipantRole.LIVED_EXPERIENCE,
        "Who checks the AI?",
        OutputKind.QUESTION,
    )
    assert output.lab == lab_world["lab"]
    event = AuditEvent.objects.get(action="designlabs.output.created")
    assert (event.actor, event.target_id, event.organisation) == (voter, str(output.pk), lab_world["lab"].department)


def test_capture_output_by_a_facilitator_records_the_facilitator_role(lab_world, facilitator):
    output = service.capture_output(lab_world["session"], facilitator, OutputKind.INSIGHT, "Parents want notice")

    assert output.author_role == ParticipantRole.FACILITATOR


def test_capture_output_refuses_people_not_taking_part(lab_world):
    with pytest.raises(PermissionDenied):
        service.capture_output(lab_world["session"], lab_world["users"]["partner_staff"], OutputKind.IDEA, "Hi")


def test_capture_output_refuses_a_closed_lab(lab_world, voter):
    lab = lab_world["lab"]
    lab.status = LabStatus.CLOSED
    lab.save(update_fields=["status"])

    with pytest.raises(ValidationError, match="closed"):
        service.capture_output(lab_world["session"], voter, OutputKind.IDEA, "Too late")
    assert not Output.objects.filter(text="Too late").exists()


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [("idea", "   ", "text"), ("idea", "x" * 1001, "text"), ("opinion", "Fine", "kind")],
)
def test_capture_output_validates_kind_and_text(lab_world, voter, kind, text, field):
    with pytest.raises(ValidationError) as raised:
        service.capture_output(lab_world["session"], voter, kind, text)

    assert list(raised.value.error_dict) == [field]


# Editing and deleting


def test_update_output_records_what_changed(lab_world, facilitator):
    output, theme = lab_world["output"], ThemeFactory(lab=lab_world["lab"], title="Trust")

    service.update_output(output=output, updated_by=facilitator, theme=theme, is_public=True, text=output.text)

    output.refresh_from_db()
    assert (output.theme, output.is_public) == (theme, True)
    event = AuditEvent.objects.get(action="designlabs.output.updated")
    assert set(event.changes) == {"theme", "is_public"}


def test_update_output_without_changes_records_nothing(lab_world, facilitator):
    output = lab_world["output"]

    service.update_output(output=output, updated_by=facilitator, text=output.text, kind=output.kind)

    assert not AuditEvent.objects.filter(action="designlabs.output.updated").exists()


def test_update_output_refuses_another_labs_theme(lab_world, facilitator):
    foreign = ThemeFactory(lab=lab_world["other_lab"])

    with pytest.raises(ValidationError):
        service.update_output(output=lab_world["output"], updated_by=facilitator, theme=foreign)


def test_delete_output_returns_its_dots(lab_world, facilitator, voter):
    output = lab_world["output"]
    service.add_dot(output, voter)
    service.add_dot(output, voter)

    service.delete_output(output=output, deleted_by=facilitator)

    assert not Dot.objects.exists()
    assert service.dots_left(lab_world["lab"], voter) == 5
    assert AuditEvent.objects.get(action="designlabs.output.deleted").changes["dots"] == 2


# Themes


def test_add_theme_appends_and_refuses_duplicate_names(lab_world, facilitator):
    lab = lab_world["lab"]  # already has one theme

    theme = service.add_theme(lab=lab, title="  Trust and transparency ", added_by=facilitator)

    assert (theme.title, theme.position) == ("Trust and transparency", lab_world["theme"].position + 1)
    with pytest.raises(ValidationError):
        service.add_theme(lab=lab, title="TRUST AND TRANSPARENCY", added_by=facilitator)
    assert AuditEvent.objects.filter(action="designlabs.theme.created").count() == 1


def test_rename_theme(lab_world, facilitator):
    theme = lab_world["theme"]
    old = theme.title

    service.rename_theme(theme=theme, title="Fairness", renamed_by=facilitator)

    theme.refresh_from_db()
    assert theme.title == "Fairness"
    assert AuditEvent.objects.get(action="designlabs.theme.updated").changes == {"title": [old, "Fairness"]}


def test_move_theme_swaps_with_its_neighbour_and_stops_at_the_ends(lab_world, facilitator):
    lab = lab_world["lab"]
    first = lab_world["theme"]
    second = service.add_theme(lab=lab, title="Second", added_by=facilitator)
    third = service.add_theme(lab=lab, title="Third", added_by=facilitator)

    service.move_theme(theme=third, direction="up", moved_by=facilitator)
    service.move_theme(theme=first, direction="up", moved_by=facilitator)  # already first: no change

    assert list(Theme.objects.filter(lab=lab)) == [first, third, second]
    with pytest.raises(ValidationError):
        service.move_theme(theme=first, direction="sideways", moved_by=facilitator)


def test_delete_theme_ungroups_its_outputs(lab_world, facilitator):
    theme, output = lab_world["theme"], lab_world["output"]

    ungrouped = service.delete_theme(theme=theme, deleted_by=facilitator)

    output.refresh_from_db()
    assert (ungrouped, output.theme) == (1, None)
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert AuditEvent.objects.get(action="designlabs.theme.deleted").changes["outputs_ungrouped"] == 1


# Dots


def test_dots_stack_on_one_output_up_to_the_limit(lab_world, voter):
    lab, output = lab_world["lab"], lab_world["output"]

    for _ in range(5):
        service.add_dot(output, voter)
        assert_counts_match_rows(lab)

    output.refresh_from_db()
    assert output.dot_count == 5
    assert service.dots_left(lab, voter) == 0
    with pytest.raises(ValidationError) as raised:
        service.add_dot(OutputFactory(session=lab_world["session"]), voter)
    assert raised.value.code == "limit"
    assert "You have used all 5 of your dots" in raised.value.messages[0]
    assert_counts_match_rows(lab)


def test_the_limit_counts_dots_across_the_whole_lab(lab_world, voter):
    lab = lab_world["lab"]
    lab.dots_per_participant = 2
    lab.save(update_fields=["dots_per_participant"])
    second_session = SessionFactory(lab=lab)
    outputs = [lab_world["output"], OutputFactory(session=second_session), OutputFactory(session=second_session)]

    service.add_dot(outputs[0], voter)
    service.add_dot(outputs[1], voter)
    with pytest.raises(ValidationError):
        service.add_dot(outputs[2], voter)

    assert Dot.objects.filter(user=voter).count() == 2
    assert_counts_match_rows(lab)


def test_dots_in_another_lab_do_not_count(lab_world, voter):
    other_lab = LabFactory(dots_per_participant=1)
    ParticipantFactory(lab=other_lab, user=voter)
    service.add_dot(OutputFactory(session=SessionFactory(lab=other_lab)), voter)

    service.add_dot(lab_world["output"], voter)

    assert service.dots_left(lab_world["lab"], voter) == 4


def test_remove_dot_takes_back_one_dot(lab_world, voter):
    lab, output = lab_world["lab"], lab_world["output"]
    service.add_dot(output, voter)
    service.add_dot(output, voter)

    service.remove_dot(output, voter)

    output.refresh_from_db()
    assert output.dot_count == 1
    assert service.dots_left(lab, voter) == 4
    assert_counts_match_rows(lab)


def test_remove_dot_without_one_is_refused(lab_world, voter, facilitator):
    output = lab_world["output"]
    service.add_dot(output, facilitator)

    with pytest.raises(ValidationError) as raised:
        service.remove_dot(output, voter)

    assert raised.value.code == "none"
    output.refresh_from_db()
    assert output.dot_count == 1
    assert_counts_match_rows(lab_world["lab"])


@pytest.mark.parametrize("change", [{"voting_open": False}, {"status": LabStatus.CLOSED}])
def test_dots_are_refused_when_voting_is_closed(lab_world, voter, change):
    lab, output = lab_world["lab"], lab_world["output"]
    service.add_dot(output, voter)
    for name, value in change.items():
        setattr(lab, name, value)
    lab.save()

    for call in (service.add_dot, service.remove_dot):
        with pytest.raises(ValidationError) as raised:
            call(output, voter)
        assert raised.value.code == "closed"
    assert_counts_match_rows(lab)
    assert Dot.objects.count() == 1


@pytest.mark.parametrize("persona", ["partner_staff", "outsider", "other_participant", "invitee"])
def test_dots_are_refused_to_people_not_taking_part(lab_world, persona):
    with pytest.raises(PermissionDenied):
        service.add_dot(lab_world["output"], lab_world["users"][persona])
    assert not Dot.objects.exists()


def test_dots_are_not_audited(lab_world, voter):
    service.add_dot(lab_world["output"], voter)
    service.remove_dot(lab_world["output"], voter)

    assert not AuditEvent.objects.filter(action__startswith="designlabs.dot").exists()


def test_ranked_outputs_share_ranks_on_equal_dots(lab_world, voter, facilitator):
    lab, session = lab_world["lab"], lab_world["session"]
    first, second, third = lab_world["output"], OutputFactory(session=session), OutputFactory(session=session)
    service.add_dot(second, voter)
    service.add_dot(second, voter)
    service.add_dot(third, facilitator)
    service.add_dot(first, facilitator)

    ranked = [(output.pk, output.rank, output.dot_count) for output in service.ranked_outputs(lab)]

    assert ranked == [(second.pk, 1, 2), (first.pk, 2, 1), (third.pk, 2, 1)]
