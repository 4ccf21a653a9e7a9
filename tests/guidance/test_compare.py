"""Word-level comparison of versions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.services import workflow
from guidance.services.compare import Piece, compare_versions, word_diff
from tests.guidance.factories import revise


def rebuild(pieces: list[Piece], keep: str) -> str:
    return "".join(piece.text for piece in pieces if piece.op in {"equal", keep})


@given(st.text(max_size=300), st.text(max_size=300))
def test_the_pieces_rebuild_both_texts_exactly(old, new):
    pieces = word_diff(old, new)

    assert rebuild(pieces, "delete") == old
    assert rebuild(pieces, "insert") == new


def test_a_changed_word_is_one_deletion_and_one_insertion():
    pieces = word_diff("Involve people early in the work.", "Involve people before the work.")

    assert [p for p in pieces if p.op != "equal"] == [Piece("delete", "early in "), Piece("insert", "before ")]


@pytest.mark.django_db
def test_sections_are_matched_by_anchor_and_classified(guidance_document, guidance_editor):
    old = guidance_document.current_version
    new = revise(guidance_document, editor=guidance_editor, body_suffix=" Now with more.")
    first, second = new.sections.all()
    workflow.update_section(
        section=second,
        updated_by=guidance_editor,
        heading_en=second.heading_en,
        heading_cy=second.heading_cy,
        body_en=old.sections.get(anchor=second.anchor).body_en,
        body_cy=second.body_cy,
    )
    workflow.delete_section(section=first, deleted_by=guidance_editor)
    workflow.add_section(
        version=new,
        added_by=guidance_editor,
        heading_en="Paying participants",
        heading_cy="",
        body_en="Pay people.",
        body_cy="",
    )

    changes = compare_versions(old, new)

    assert [(c.anchor, c.status) for c in changes] == [
        ("why-involve-the-public", "removed"),
        ("planning-engagement", "unchanged"),
        ("paying-participants", "added"),
    ]
    assert rebuild(changes[2].body, "insert") == "Pay people."


@pytest.mark.django_db
def test_welsh_comparison_reads_the_welsh_text(guidance_document, guidance_editor):
    old = guidance_document.current_version
    new = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    section = new.sections.get(anchor="planning-engagement")
    workflow.update_section(
        section=section,
        updated_by=guidance_editor,
        heading_en=section.heading_en,
        heading_cy=section.heading_cy,
        body_en=section.body_en,
        body_cy="Testun newydd.",
    )

    english = {c.anchor: c.status for c in compare_versions(old, new)}
    welsh = {c.anchor: c for c in compare_versions(old, new, language="cy")}

    assert english["planning-engagement"] == "unchanged"
    assert welsh["planning-engagement"].status == "changed"
    assert rebuild(welsh["planning-engagement"].body, "insert") == "Testun newydd."
