"""`plain_text`: the words a reader sees in Markdown, for excerpts in lists and emails."""

from community.services.forum import excerpt
from participation.services.markdown import plain_text


def test_inline_markup_is_dropped_and_the_words_kept():
    assert plain_text("Some **bold**, _emphasis_, `code` and [a link](https://example.org).") == (
        "Some bold, emphasis, code and a link."
    )


def test_blocks_become_words_separated_by_spaces():
    text = "# A heading\n\nA paragraph\nover two lines.\n\n> A quote\n\n- one\n- two\n\n```\nprint(1)\n```"

    assert plain_text(text) == "A heading A paragraph over two lines. A quote one two print(1)"


def test_underscores_inside_words_are_kept():
    assert plain_text("Set _max_rows_ in the file_name field") == "Set max_rows in the file_name field"


def test_html_is_text_not_markup():
    """Markdown here takes no HTML, so a tag stays as the characters typed; templates escape it."""
    assert plain_text("a <b>bold</b> claim & more") == "a <b>bold</b> claim & more"


def test_an_excerpt_is_cut_at_its_length_with_an_ellipsis():
    assert excerpt("**word** " * 100, 20) == "word word word word…"
    assert excerpt("Short *and* sweet", 20) == "Short and sweet"
