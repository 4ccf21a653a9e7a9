"""The one way user-written Markdown becomes HTML: markdown-it renders, nh3 sanitises."""

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
