"""The session engine: Django's database sessions, read with SQL compiled once per process.

Every signed-in request reads its session; Django's store compiles that query each time, which
costs more CPU than Postgres takes to answer (`participation.services.prepared`).
"""

import uuid
from datetime import UTC, datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from participation.services.prepared import PreparedQuery

_LIVE_SESSION = PreparedQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
    f"placeholder-{uuid.uuid4()}",
    datetime(1, 1, 1, tzinfo=UTC),
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        session = _LIVE_SESSION.first(self.session_key, timezone.now())
        if session is None:
            self._session_key = None
        return session
