"""Parts of public pages rendered once per version of the site's content, then kept in the cache.

The parts cached are those that depend only on the data, the language and the query (a list with
its filters, say), never on who is looking; the page around them (navigation, nonce, messages) is
rendered each time. Every write to organisation records goes through a service that records an
audit event, and `record_audit` moves the content version once the write commits: a visitor never
sees a part older than the last commit. A version starts from the clock, so a lost or flushed
version key never brings back an old number and its entries. If the cache is down, or is not
shared between processes (the embedded defaults' in-memory cache, where a worker's write could not
move the web process's version), parts are rendered as usual.
"""

import functools
import hashlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.safestring import mark_safe
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "content:version"
TIMEOUT = 60 * 60


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed() -> None:
    """Move the version: every cached part is out of date from now."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    except RedisError:
        # Nothing cached can be served while the cache is down, and the clock-based version it
        # starts with when it is back is new.
        logger.warning("Could not move the content version", exc_info=True)


def cached(name: str, variant: str, render):
    """The parts `render()` makes for this page and variant (language and query) at the current
    version. `render` returns (parts, keep): a page not worth keeping (one reporting bad filters,
    say) is rendered each time."""
    if not isinstance(caches["default"], RedisCache):
        return render()[0]
    try:
        key = f"page:{name}:{_version()}:{hashlib.sha256(variant.encode()).hexdigest()}"
        parts = cache.get(key)
    except RedisError:
        logger.warning("The page cache is unavailable", exc_info=True)
        return render()[0]
    if parts is None:
        parts, keep = render()
        if keep:
            try:
                cache.set(key, parts, TIMEOUT)
            except RedisError:
                logger.warning("The page cache is unavailable", exc_info=True)
    return parts


# What draws a part: the templates and translations, our code (Markdown rendering, labels) and the
# locked versions of the libraries it calls.
_RELEASE_SOURCES = {".html", ".txt", ".mo", ".py", ".lock"}


@functools.cache
def _release() -> str:
    """A fingerprint of what this process draws parts with: a deploy that changes how a part looks
    (a template, a translation, the Markdown allow-list, a library) must not be served the parts
    the last release drew."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    folders = [*settings.TEMPLATES[0]["DIRS"], *settings.LOCALE_PATHS]
    folders += [base / app for app in ("participation", "community", "guidance", "designlabs")]
    files = [file for folder in folders for file in Path(folder).rglob("*") if file.is_file()]
    for path in sorted([*files, base / "uv.lock"]):
        if path.suffix in _RELEASE_SOURCES and path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_each(name: str, items: list, variant_of, render) -> list[str]:
    """`render(item)` for each item, kept under a key made from `variant_of(item)`.

    For parts of signed-in pages (a forum post, a proposal card) that are drawn again and again.
    The variant must name everything the part is drawn from: the row's fields as shown, the
    language, and the reader's actions on it (may they edit, have they voted). No write then needs
    to move a version, and readers who would see the same HTML share it. The whole list costs one
    round trip; the parts not found are rendered and kept. With no shared cache, or the cache down,
    every part is rendered."""
    if not isinstance(caches["default"], RedisCache):
        return [render(item) for item in items]
    release = _release()
    keys = [f"part:{name}:{hashlib.sha256(f'{release}:{variant_of(item)}'.encode()).hexdigest()}" for item in items]
    try:
        found = cache.get_many(keys)
    except RedisError:
        logger.warning("The page cache is unavailable", exc_info=True)
        return [render(item) for item in items]
    missing = {key: render(item) for key, item in zip(keys, items, strict=True) if key not in found}
    if missing:
        try:
            cache.set_many(missing, TIMEOUT)
        except RedisError:
            logger.warning("The page cache is unavailable", exc_info=True)
    return [mark_safe(found.get(key) or missing[key]) for key in keys]  # noqa: S308 - drawn by our templates  # nosec
