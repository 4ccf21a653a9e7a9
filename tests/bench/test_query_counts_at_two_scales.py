"""Every key page and htmx fragment makes the same number of queries whatever the size of the data
(QUALITY.md): measured on seed_bench at two small scales, against a fixed count per page."""

import io

import pytest
from django.core.management import call_command

from bench import pages

# Queries per request after a first visit, in the test settings (database sessions, locmem mail).
EXPECTED = {
    "register list filtered by organisation": 4,
    "register last page (keyset)": 4,
    "register search": 5,
    "activity detail": 7,
    "guidance document": 7,
    "forum topic, longest, last full page": 5,
    "meeting detail": 4,
    "unconference proposals": 5,
    "forum search": 5,
    "fragment: register results": 4,
    "fragment: project results": 2,
    "fragment: RSVP panel": 4,
    "fragment: agenda toggle": 3,
    "fragment: vote counter (POST)": 9,
}


def _counts(scale: str) -> dict[str, int]:
    call_command("seed_bench", "--scale", scale, "--reset", stdout=io.StringIO())
    user = pages.bench_user()
    counts = {}
    for page in pages.find_pages():
        measured = pages.measure_queries(page, user)
        assert measured["status"] == 200, page
        counts[page.name] = measured["queries"]
    return counts


@pytest.mark.timeout(600)
def test_query_counts_are_the_same_at_two_scales(db):
    small = _counts("0.002")
    larger = _counts("0.006")
    assert small == EXPECTED
    assert larger == EXPECTED
