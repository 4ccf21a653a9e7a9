import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.services.markdown import ALLOWED_TAGS, render_markdown, validate_markdown_size

XSS_VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a hx-get="/admin/" hx-trigger="load">x</a>',
    '<div hx-post="/x" hx-trigger="load"></div>',
    "![x](javascript:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](vbscript:msgbox(1))",
    "<object data=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit>',
]
SAFE_SCHEMES = {"", "http", "https", "mailto"}  # "" is a relative link to this site


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """Inert means: only allow-listed tags, no event, style or htmx attributes, and links
    only to safe schemes. Escaped text such as "&lt;script&gt;" is inert by construction."""
    collector = ElementCollector()
    collector.feed(html)
    for tag, attrs in collector.elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith(("on", "hx-", "data-")), f"{name} survived in {html!r}"
            assert name not in {"style", "src", "srcdoc", "action", "formaction"}, f"{name} survived in {html!r}"
            if name == "href":
                # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
                compact = "".join(ch for ch in value if ch > " ")
                scheme = urlsplit(compact).scheme.lower()
                assert scheme in SAFE_SCHEMES, f"href={value!r} survived in {html!r}"


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_known_xss_vectors_render_inert(vector):
    assert_inert(render_markdown(vector))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/:;()[]!#*-_`&abcjvsxrptonlegdhf \n")), max_size=200))
def test_any_markdown_renders_inert(text):
    assert_inert(render_markdown(text))


def test_markdown_keeps_ordinary_formatting_and_marks_links_nofollow():
    html = render_markdown("# Title\n\nSome **bold** text and [a link](https://www.gov.uk).\n\n- one\n- two")

    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://www.gov.uk" rel="noopener noreferrer nofollow">a link</a>' in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "text",
    ["- " * 10_000 + "deep", "> " * 10_000 + "quote", "a" * 100_000, ("word " * 20 + "\n") * 10_000],
    ids=["10k nested lists", "10k nested quotes", "100k-character line", "1 MB post"],
)
def test_pathological_markdown_renders_quickly(text):
    started = time.perf_counter()
    render_markdown(text)
    # Not a benchmark: a guard against super-linear blow-ups, with a wide margin for a busy machine.
    assert time.perf_counter() - started < 2


def test_markdown_over_the_size_limit_is_refused(settings):
    settings.MARKDOWN_MAX_CHARS = 1000

    with pytest.raises(ValidationError, match="at most 1,000 characters"):
        validate_markdown_size("x" * 1001)
    validate_markdown_size("x" * 1000)
