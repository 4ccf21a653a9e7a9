"""I12, I13, I15: odd query strings on every GET route of the URLconf that takes no URL parameter
(lists, search pages, dashboards, feeds, exports) → a page or a refusal, never a server error.

The test client re-raises any exception a view lets escape, so "never a 500" is checked by the
request completing and by its status."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.urlconf import our_routes

# Read by one view or another: page numbers, keyset cursors, search boxes, sorts and filters.
PARAMETERS = [
    "page", "q", "after", "before", "sort", "organisation", "topic", "category", "status", "view",
    "format", "language", "section", "quote", "changed", "action",
]  # fmt: skip
# Raw, already percent-encoded, so NUL and invalid UTF-8 (a lone surrogate's bytes) reach the view.
ODD_VALUES = [
    "-1",
    "0",
    str(10**12),
    "9" * 40,
    "abc",
    "1.5",
    "1e3",
    "",
    "%00",
    "a%00b",
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded the way Python refuses to decode
    "%FF%FE",
    "%22",  # "
    "%22unbalanced",
    "a+%26+b",  # a & b
    "%21x",  # !x
    "x%3A*",  # x:*
    "a+%7C+%21b+%3C-%3E+(c",  # a | !b <-> (c
    "%27%3B+DROP+TABLE+x%3B--",
    "%5C",
    "x" * 10_000,
]
# 403 for a signed-in persona without the right (the site admin belongs to no organisation).
EXPECTED = {200, 302, 400, 403, 404}


def parameterless_get_routes() -> list[str]:
    return [
        route.name
        for route in our_routes()
        if not route.parameters and (route.methods is None or "GET" in route.methods)
    ]


def query(value: str) -> str:
    return "&".join(f"{name}={value}" for name in PARAMETERS)


@pytest.fixture
def signed_in_client(client, site_admin):
    client.force_login(site_admin)
    return client


@pytest.mark.parametrize("persona", ["anonymous", "site_admin"])
@pytest.mark.parametrize("name", parameterless_get_routes())
def test_odd_query_values_never_break_a_page(client, site_admin, name, persona):
    if persona == "site_admin":
        client.force_login(site_admin)
    url = reverse(name)
    statuses = {}

    for value in ODD_VALUES:
        response = client.get(f"{url}?{query(value)}")
        statuses[value[:20]] = response.status_code
    repeated = client.get(f"{url}?page=1&page=2&page=abc&q=a&q=b&sort=title&sort=nonsense")
    statuses["repeated"] = repeated.status_code

    assert {value: status for value, status in statuses.items() if status not in EXPECTED} == {}


SEARCH_BOXES = ["register:activity-list", "register:project-list", "guidance:document-list", "publications:list"]
SIGNED_IN_SEARCH_BOXES = ["community:forum-search", "community:member-directory", "staff:record-list"]
TSQUERY_ALPHABET = list("\"'&|!:*()<->\\ %_abcé1\t") + ["\x00", "\u200f", "\ufffd"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(TSQUERY_ALPHABET), max_size=40))
def test_search_syntax_never_breaks_a_search_box(signed_in_client, text):
    for name in SEARCH_BOXES + SIGNED_IN_SEARCH_BOXES:
        response = signed_in_client.get(reverse(name), {"q": text})

        assert response.status_code in {200, 400}, (name, text)
