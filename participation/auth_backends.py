"""The sign-in backends, loading the signed-in person with what every page asks about them.

Each request's user comes from `get_user`: loading them `with_access()` answers the navigation's
and the permission checks' questions (roles, two-factor sign-in, organisation admin) in that one
query instead of three more."""

from functools import cache

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from participation.models import User


@cache
def _users_with_access():
    """Built once per process: resolving the annotations' subqueries costs more CPU than running the
    query, and a queryset is cloned, never changed, by each `filter`."""
    return User.objects.with_access()


class _LoadsAccess:
    def get_user(self, user_id):
        user = _users_with_access().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsAccess, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_LoadsAccess, allauth_backends.AuthenticationBackend):
    pass
