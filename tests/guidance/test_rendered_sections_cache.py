"""Rendered sections are kept per content version: a draft's edit shows as soon as it commits."""

from guidance.services import workflow
from guidance.services.rendering import rendered_sections


def test_an_edited_draft_section_is_rendered_afresh(
    guidance_document, guidance_editor, django_capture_on_commit_callbacks
):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    section = draft.sections.first()
    before = rendered_sections(draft, "en")[0]["html"]

    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_section(
            section=section,
            updated_by=guidance_editor,
            heading_en=section.heading_en,
            heading_cy=section.heading_cy,
            body_en="Brand new words about consent.",
            body_cy=section.body_cy,
        )

    after = rendered_sections(draft, "en")[0]["html"]
    assert "Brand new words about consent." not in before
    assert "Brand new words about consent." in after


def test_the_same_version_is_rendered_once(guidance_document, django_assert_num_queries):
    version = guidance_document.current_version
    rendered_sections(version, "en")

    with django_assert_num_queries(0):
        again = rendered_sections(version, "en")

    assert [section["anchor"] for section in again] == list(version.sections.values_list("anchor", flat=True))
