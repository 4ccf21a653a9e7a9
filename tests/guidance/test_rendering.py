"""Guidance text as readers see it: sanitised Markdown with glossary terms linked."""

import pytest

from guidance.services.rendering import forget_glossary, link_glossary_terms, render_section
from tests.guidance.factories import GlossaryTermFactory

TERMS = [("data sharing agreement", "/guidance/glossary/#dsa"), ("data sharing", "/guidance/glossary/#ds")]


def test_the_first_use_of_each_term_links_to_its_definition():
    html = "<p>Data sharing needs a data sharing agreement. Data sharing again.</p>"

    linked = link_glossary_terms(html, TERMS)

    assert linked == (
        '<p><a class="govuk-link app-glossary-term" href="/guidance/glossary/#ds">Data sharing</a> needs a '
        '<a class="govuk-link app-glossary-term" href="/guidance/glossary/#dsa">data sharing agreement</a>. '
        "Data sharing again.</p>"
    )


def test_terms_in_links_code_and_headings_are_left_alone():
    html = '<h2>Data sharing</h2><p><a href="https://example.org">data sharing</a> <code>data sharing</code></p>'

    assert link_glossary_terms(html, TERMS) == html


def test_a_term_with_markup_characters_cannot_inject_html():
    terms = [('<img src=x onerror="alert(1)">', "/guidance/glossary/#x")]
    html = "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; is text here.</p>"

    linked = link_glossary_terms(html, terms)

    assert "<img" not in linked
    assert 'href="/guidance/glossary/#x"' in linked


@pytest.mark.django_db
def test_a_section_renders_safely_with_glossary_links(guidance_document):
    GlossaryTermFactory(slug="specification", term_en="specification", term_cy="manyleb")
    forget_glossary()
    section = guidance_document.current_version.sections.get(anchor="why-involve-the-public")
    section.body_en += "\n\n<script>alert(1)</script> [x](javascript:alert(1))"

    html, language = render_section(section, "en")

    assert language == "en"
    assert '<a class="govuk-link app-glossary-term" href="/guidance/glossary/#specification">specification</a>' in html
    assert "<script>" not in html
    assert 'href="javascript' not in html


@pytest.mark.django_db
def test_welsh_falls_back_to_english_when_a_section_has_no_welsh(guidance_document):
    section = guidance_document.current_version.sections.first()
    section.body_cy = ""

    _html, language = render_section(section, "cy")

    assert language == "en"
