"""A controlled clock for in-process tests: `django.utils.timezone.now` (which the services, the
outbox and auto_now fields call) and the outbox's `next_attempt_at` default (which holds the
function itself) both read the test's time, so the sweep sees rows written "now" as due."""

import datetime
from contextlib import ExitStack, contextmanager
from unittest import mock

from participation.models import EmailDelivery


class Clock:
    def __init__(self, at: datetime.datetime):
        self.at = at

    def now(self) -> datetime.datetime:
        return self.at

    def advance(self, by: datetime.timedelta) -> datetime.datetime:
        self.at += by
        return self.at


@contextmanager
def controlled_clock(at: datetime.datetime):
    clock = Clock(at)
    field = EmailDelivery._meta.get_field("next_attempt_at")
    with ExitStack() as stack:
        # Field caches its default callable; drop the cache after the patch is undone, too.
        stack.callback(field.__dict__.pop, "_get_default", None)
        stack.enter_context(mock.patch("django.utils.timezone.now", clock.now))
        stack.enter_context(mock.patch.object(field, "default", clock.now))
        field.__dict__.pop("_get_default", None)
        yield clock
