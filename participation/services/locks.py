"""Transaction-scoped advisory locks: serialise one person's changes to one thing (their votes, their
dots) without locking rows other people need."""

from django.db import connection


def lock_until_commit(key: str) -> None:
    """Wait for, then hold until the end of the current transaction, the lock named `key`."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
    # SQLite runs one writing transaction at a time, so there is nothing more to lock.
