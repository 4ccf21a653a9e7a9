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

import hashlib
import logging
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
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
