"""`page_cache.cached_each`: parts of signed-in pages kept under a key naming all they are drawn
from, so a change shows at once without any write moving a version, and readers who would see the
same HTML share it."""

import uuid

import pytest
from django.test import override_settings

from participation.services import page_cache

pytestmark = pytest.mark.django_db


class Drawer:
    """Draws "<p>{text}</p>" and counts the drawings."""

    def __init__(self):
        self.drawn = []

    def __call__(self, item):
        self.drawn.append(item)
        return f"<p>{item['text']}</p>"


@pytest.fixture
def name():
    """Entries outlive each test (and each run) in Redis: every test keeps its parts apart."""
    return f"test-part-{uuid.uuid4()}"


def variant(item):
    return f"{item['pk']}:{item['text']}"


def test_parts_are_drawn_once_then_served_in_order_from_the_cache(name):
    items = [{"pk": 1, "text": "one"}, {"pk": 2, "text": "two"}]
    draw = Drawer()

    first = page_cache.cached_each(name, items, variant, draw)
    again = page_cache.cached_each(name, list(reversed(items)), variant, draw)

    assert first == ["<p>one</p>", "<p>two</p>"]
    assert again == ["<p>two</p>", "<p>one</p>"]
    assert [item["pk"] for item in draw.drawn] == [1, 2]


def test_a_changed_item_is_drawn_again_and_the_others_are_not(name):
    draw = Drawer()
    page_cache.cached_each(name, [{"pk": 1, "text": "one"}, {"pk": 2, "text": "two"}], variant, draw)

    parts = page_cache.cached_each(name, [{"pk": 1, "text": "one, edited"}, {"pk": 2, "text": "two"}], variant, draw)

    assert parts == ["<p>one, edited</p>", "<p>two</p>"]
    assert [item["text"] for item in draw.drawn] == ["one", "two", "one, edited"]


def test_the_release_is_part_of_every_key(name, monkeypatch):
    """A deploy that changes a template must not be served the parts the last release drew."""
    draw = Drawer()
    item = {"pk": 1, "text": "one"}
    page_cache.cached_each(name, [item], variant, draw)

    monkeypatch.setattr(page_cache, "_release", lambda: "the next release")
    page_cache.cached_each(name, [item], variant, draw)

    assert len(draw.drawn) == 2


def test_parts_come_back_safe_to_insert(name):
    [part] = page_cache.cached_each(name, [{"pk": 1, "text": "one"}], variant, Drawer())

    assert hasattr(part, "__html__")


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_with_the_cache_down_every_part_is_drawn(name):
    """Port 1 refuses connections."""
    draw = Drawer()
    items = [{"pk": 1, "text": "one"}, {"pk": 2, "text": "two"}]

    assert page_cache.cached_each(name, items, variant, draw) == ["<p>one</p>", "<p>two</p>"]
    assert page_cache.cached_each(name, items, variant, draw) == ["<p>one</p>", "<p>two</p>"]
    assert len(draw.drawn) == 4


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_an_in_memory_cache_is_not_used_for_parts(name):
    draw = Drawer()
    items = [{"pk": 1, "text": "one"}]

    page_cache.cached_each(name, items, variant, draw)
    page_cache.cached_each(name, items, variant, draw)

    assert len(draw.drawn) == 2
