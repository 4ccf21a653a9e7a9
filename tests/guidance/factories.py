"""Guidance built through the services, so every test's data went through the same rules as real data."""

import factory

from guidance.models import GlossaryTerm, GuidanceDocument, GuidanceVersion, Topic
from guidance.services import review, workflow

SECTIONS = [
    {
        "heading_en": "Why involve the public",
        "heading_cy": "Pam cynnwys y cyhoedd",
        "body_en": "Data and AI systems affect people. Involve them **early**, before the specification is fixed.",
        "body_cy": "Mae systemau data ac AI yn effeithio ar bobl. Dylech eu cynnwys yn **gynnar**.",
    },
    {
        "heading_en": "Planning engagement",
        "heading_cy": "Cynllunio ymgysylltu",
        "body_en": "Decide which decisions are open to influence and say so plainly.",
        "body_cy": "Penderfynwch pa benderfyniadau sy'n agored i ddylanwad.",
    },
]


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    slug = factory.Sequence(lambda n: f"term-{n}")
    term_en = factory.Sequence(lambda n: f"Term {n}")
    term_cy = factory.Sequence(lambda n: f"Term Cymraeg {n}")
    definition_en = "A definition."
    definition_cy = "Diffiniad."


def document_fields(organisation, **overrides) -> dict:
    fields = {
        "title_en": "Public participation in procurement of data and AI systems",
        "title_cy": "Cyfranogiad y cyhoedd wrth gaffael systemau data ac AI",
        "summary_en": "How to involve the public when buying data and AI systems.",
        "summary_cy": "Sut i gynnwys y cyhoedd wrth brynu systemau data ac AI.",
        "topic": Topic.PROCUREMENT,
        "audiences": ["commissioners", "procurement"],
        "organisation": organisation,
        "phase": "beta",
        "review_due": None,
    }
    return {**fields, **overrides}


def draft_document(*, organisation, editor, sections=SECTIONS, **overrides) -> tuple[GuidanceDocument, GuidanceVersion]:
    """A document with a first draft (1.0) holding the given sections."""
    document = workflow.create_document(created_by=editor, **document_fields(organisation, **overrides))
    version = workflow.start_draft(document=document, created_by=editor)
    for section in sections:
        workflow.add_section(version=version, added_by=editor, **section)
    workflow.update_version(
        version=version, updated_by=editor, change_type="major", change_note_en="First published.", change_note_cy=""
    )
    return document, version


def publish(version: GuidanceVersion, *, editor, reviewer) -> GuidanceVersion:
    """Take a draft through review to publication, a different person approving it."""
    review.submit(version, by=editor)
    review.approve(version, by=reviewer)
    return review.publish_now(version, by=reviewer)


def published_document(*, organisation, editor, reviewer, **overrides) -> GuidanceDocument:
    document, version = draft_document(organisation=organisation, editor=editor, **overrides)
    publish(version, editor=editor, reviewer=reviewer)
    document.refresh_from_db()
    return document


def revise(
    document: GuidanceDocument, *, editor, reviewer=None, change_type="major", note="Revised.", body_suffix=" Revised."
) -> GuidanceVersion:
    """A new version with every section's English text changed; published when a reviewer is given."""
    version = workflow.start_draft(document=document, created_by=editor, change_type=change_type)
    for section in version.sections.all():
        workflow.update_section(
            section=section,
            updated_by=editor,
            heading_en=section.heading_en,
            heading_cy=section.heading_cy,
            body_en=section.body_en + body_suffix,
            body_cy=section.body_cy,
        )
    workflow.update_version(version=version, updated_by=editor, change_type=change_type, change_note_en=note)
    if reviewer is not None:
        publish(version, editor=editor, reviewer=reviewer)
    version.refresh_from_db()
    return version


def publication_fields(**overrides) -> dict:
    fields = {
        "kind": "blog_post",
        "title_en": "What we heard at the procurement workshops",
        "title_cy": "Yr hyn a glywsom yn y gweithdai caffael",
        "summary_en": "Five things buyers of AI systems told us about involving the public.",
        "summary_cy": "Pum peth a ddywedodd prynwyr systemau AI wrthym.",
        "body_en": "## The first thing\n\nInvolve people **before** the specification is fixed.",
        "body_cy": "## Y peth cyntaf\n\nCynnwys pobl **cyn** pennu'r fanyleb.",
        "topics": ["procurement"],
    }
    return {**fields, **overrides}


def draft_publication(*, editor, authors=(), **overrides):
    """A draft publication written through the service (its creator is its author unless others are given)."""
    from guidance.services import publications

    return publications.create_publication(created_by=editor, authors=authors, **publication_fields(**overrides))


def published_publication(*, editor, reviewer, authors=(), **overrides):
    """A publication taken through the shared review to publication, a different person approving it."""
    publication = draft_publication(editor=editor, authors=authors, **overrides)
    review.submit(publication, by=editor)
    review.approve(publication, by=reviewer)
    return review.publish_now(publication, by=reviewer)
