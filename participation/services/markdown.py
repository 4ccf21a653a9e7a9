"""The one way user-written Markdown becomes HTML: markdown-it renders, nh3 sanitises."""

import re

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
# Deep nesting costs time in the parser and means nothing to a reader.
MAX_NESTING = 20

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "maxNesting": MAX_NESTING}).enable("table")


def validate_markdown_size(text: str) -> None:
    if len(text) > settings.MARKDOWN_MAX_CHARS:
        raise ValidationError(
            _("This text is too long: it can have at most %(limit)s characters."),
            code="too_long",
            params={"limit": f"{settings.MARKDOWN_MAX_CHARS:,}"},
        )


def render_markdown(text: str) -> SafeString:
    """Headings start at h2 because the page's own title is the h1."""
    text = text[: settings.MARKDOWN_MAX_CHARS]
    html = _parser.render(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it against the allow-list  # nosec


# The marks plain_text drops: a link or image keeps its text; emphasis, code and strike marks go
# (an underscore only at a word's edge, so snake_case survives); so do heading, quote and list
# markers at the start of a line.
_MARKUP = re.compile(
    r"!?\[([^\]]*)\]\([^)]*\)|[*~`]+|(?<!\w)_+|_+(?!\w)|^[ \t]{0,3}(?:#{1,6}|>[> ]*|[-+*]|\d+[.)])[ \t]+",
    re.MULTILINE,
)


def plain_text(text: str) -> str:
    """The words of Markdown without its markup, on one line: for excerpts in lists and emails,
    where `**bold**` or `> quote` would show as typed. Marks are stripped by pattern, not parsed: an
    excerpt needs no more, and a search page shows 25 of them (a parse costs ten times as much)."""
    return " ".join(_MARKUP.sub(lambda match: match.group(1) or "", text).split())
