"""Helpers for tests of pages drawn from `page_cache.cached_each` parts."""

import re

import redis
from django.conf import settings

UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}
NO_SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _keys(name: str) -> tuple:
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    return client, list(client.scan_iter(f"*part:{name}:*"))


def count_parts(name: str) -> int:
    return len(_keys(name)[1])


def clear_parts(name: str) -> None:
    client, keys = _keys(name)
    if keys:
        client.delete(*keys)


def page_html(client, url) -> str:
    """The page without what changes on every response (the CSRF token, the CSP nonce)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    html = re.sub(r"nonce=\"[^\"]+\"", "nonce", html)
    return re.sub(r"hx-headers='[^']+'", "hx-headers", html)
