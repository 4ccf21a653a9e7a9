"""The sign-in backends, loading the signed-in person with what every page asks about them.

Each request's user comes from `get_user`: loading them `with_access()` answers the navigation's
and the permission checks' questions (roles, two-factor sign-in, organisation admin) in that one
query instead of three more."""

import uuid

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from participation.models import User
from participation.services.prepared import PreparedQuery

# Compiled once per process: compiling the annotations' subqueries costs more CPU than Postgres
# takes to run the query.
_USER_WITH_ACCESS = PreparedQuery(lambda pk: User.objects.with_access().filter(pk=pk), uuid.uuid4())


class _LoadsAccess:
    def get_user(self, user_id):
        user = _USER_WITH_ACCESS.first(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsAccess, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_LoadsAccess, allauth_backends.AuthenticationBackend):
    pass
