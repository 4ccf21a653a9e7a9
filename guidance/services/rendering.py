"""Guidance text as readers see it: Markdown rendered safely, with glossary terms linked to their definitions."""

import re
from html import escape

from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from guidance.models import GlossaryTerm, GuidanceSection
from participation.services import page_cache
from participation.services.markdown import render_markdown

GLOSSARY_CACHE_KEY = "guidance:glossary:{language}"
# Inside these elements a term is left alone: a link in a link, or in code or a heading, helps no one.
_SKIP_INSIDE = {"a", "code", "pre", "h2", "h3", "h4", "h5", "h6"}
_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")


def glossary_terms(language: str) -> list[tuple[str, str]]:
    """(term, link) pairs in the language, longest first so "data sharing agreement" beats "data sharing"."""
    key = GLOSSARY_CACHE_KEY.format(language=language)
    terms = cache.get(key)
    if terms is None:
        url = reverse("guidance:glossary")
        terms = []
        for term in GlossaryTerm.objects.all():
            text = (term.term_cy if language == "cy" else "") or term.term_en
            terms.append((text, f"{url}#{term.slug}"))
        terms.sort(key=lambda pair: -len(pair[0]))
        cache.set(key, terms, 3600)
    return terms


def forget_glossary() -> None:
    cache.delete_many([GLOSSARY_CACHE_KEY.format(language=language) for language in ("en", "cy")])


def link_glossary_terms(html: str, terms: list[tuple[str, str]]) -> str:
    """Link the first use of each term in the HTML's text, never inside a link, code or heading.
    The HTML is already sanitised; the terms are escaped before they go in."""
    if not terms:
        return html
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(escape(term)) for term, _ in terms) + r")(?!\w)", flags=re.IGNORECASE
    )
    links = {escape(term).lower(): link for term, link in terms}
    linked: set[str] = set()

    def link_first_use(match: re.Match) -> str:
        key = match.group(1).lower()
        if key in linked:
            return match.group(0)
        linked.add(key)
        return f'<a class="govuk-link app-glossary-term" href="{escape(links[key])}">{match.group(1)}</a>'

    out, depth, position = [], 0, 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        out.append(text if depth else pattern.sub(link_first_use, text))
        out.append(tag.group(0))
        if tag.group(2) in _SKIP_INSIDE:
            depth += -1 if tag.group(1) else 1
            depth = max(depth, 0)
        position = tag.end()
    tail = html[position:]
    out.append(tail if depth else pattern.sub(link_first_use, tail))
    return "".join(out)


_HEADING = re.compile(r"<(/?)h([2-5])>")


def demote_headings(html: str) -> str:
    """One level down (h2 → h3 ...): inside a section, whose own heading is the h2."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", html)


def render_section(section: GuidanceSection, language: str) -> tuple[SafeString, str]:
    """The section's body as HTML in the language (Welsh falls back to English), and the language it is in."""
    text, actual = (section.body_cy, "cy") if language == "cy" and section.body_cy.strip() else (section.body_en, "en")
    html = link_glossary_terms(demote_headings(str(render_markdown(text))), glossary_terms(actual))
    return mark_safe(html), actual  # noqa: S308 - sanitised by render_markdown; terms escaped above  # nosec


def rendered_sections(version, language: str) -> list[dict]:
    """Every section of a version as readers see it: anchor, heading and HTML in the language,
    and the language each really is in (Welsh falls back to English section by section).
    Rendered once per content version (`page_cache`): Markdown and glossary linking are the
    dearest part of a guidance page."""
    return page_cache.cached(
        "guidance-sections", f"{version.pk}:{language}", lambda: (_render(version, language), True)
    )


def _render(version, language: str) -> list[dict]:
    sections = []
    for section in version.sections.all():
        html, actual = render_section(section, language)
        heading = (section.heading_cy if actual == "cy" else "") or section.heading_en
        sections.append({"anchor": section.anchor, "heading": heading, "html": html, "language": actual})
    return sections
