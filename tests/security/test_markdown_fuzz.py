"""Fuzz targets (hypothesis) for the two writers every user's text goes through: the Markdown
renderer (I1, I2) and the open data CSV writer (I8). Whatever the input, they never raise, the
HTML is inert, and the CSV reads back to the same cells."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from participation.services.markdown import render_markdown, validate_markdown_size
from participation.services.opendata import FORMULA_PREFIXES, csv_safe
from tests.participation.test_markdown import XSS_VECTORS, assert_inert

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments that matter to an HTML sanitiser or a Markdown parser, glued together at random.
FRAGMENTS = [
    "<", ">", "</", "/>", "=", '"', "'", "`", "&", "&#", "&#x", ";", "(", ")", "[", "]", "!", "\n", "\n\n",
    " ", "\t", "\x00", "\u200b", "\u202e", "\ufeff", "script", "svg", "iframe", "img", "a", "style", "math",
    "onload", "onerror", "onclick", "hx-get", "hx-on:click", "data-x", "href", "src", "srcdoc",
    "javascript:", "jav&#x09;ascript:", "java\tscript:", "data:text/html,", "vbscript:", "JaVaScRiPt:",
    "alert(1)", "<!--", "-->", "<![CDATA[", "]]>", "# ", "- ", "> ", "1. ", "|", "---", "```", "    ",
    "**", "_", "~~", "](", ")[", "<http://x>", "<javascript:alert(1)>", "\\", "%0a",
]  # fmt: skip
markup = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60).map("".join)


@FUZZ
@given(text=markup)
@example(text="".join(XSS_VECTORS))
@example(text="[a](<javascript:alert(1)>)")
@example(text="<a href='jav&#x09;ascript:alert(1)'>x</a>")
def test_markdown_built_from_hostile_fragments_renders_inert(text):
    assert_inert(render_markdown(text))


@FUZZ
@given(text=st.text(max_size=300))
def test_any_unicode_text_renders_inert(text):
    assert_inert(render_markdown(text))


@pytest.mark.parametrize("opener", ["- ", "> ", "1. ", "* ", "    ", "[", "*", "<div>"])
def test_deep_nesting_of_every_kind_is_rendered_and_stays_inert(opener):
    html = render_markdown(opener * 20_000 + "<script>alert(1)</script>")

    assert_inert(html)


def test_text_past_the_size_limit_is_refused_by_forms_and_cut_by_the_renderer(settings):
    settings.MARKDOWN_MAX_CHARS = 10_000
    text = "word " * 5_000 + "TAIL"

    with pytest.raises(ValidationError):
        validate_markdown_size(text)
    assert "TAIL" not in render_markdown(text)


# CSV --------------------------------------------------------------------------------------------


def write_row(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_safe(cell) for cell in cells])
    return buffer.getvalue()


@FUZZ
@given(
    cells=st.lists(st.text(max_size=40) | st.sampled_from(["=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"]), max_size=8)
)
def test_any_text_round_trips_through_the_csv_writer(cells):
    written = write_row(cells)

    [row] = list(csv.reader(io.StringIO(written, newline="")))
    expected = ["'" + cell if cell.startswith(FORMULA_PREFIXES) else cell for cell in cells]
    if cells == [""]:
        expected = [""]  # a row of one empty cell is written as a quoted empty string
    assert row == expected if cells else row == []
    assert not any(cell.startswith(FORMULA_PREFIXES) for cell in row)


@FUZZ
@given(
    value=st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.dates()
    | st.datetimes()
    | st.text()
)
def test_csv_safe_takes_any_value_and_never_starts_a_formula(value):
    cell = csv_safe(value)

    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_PREFIXES)
