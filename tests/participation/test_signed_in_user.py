"""The signed-in person is loaded with what every page asks about them: their platform roles,
whether they have two-factor sign-in and whether they administer an organisation, in the one query
that loads them, whichever backend signed them in."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from participation.models import Membership, PlatformRole, User
from tests.participation.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MFA_BANNER = 'id="mfa-banner-title"'


def loaded(user: User) -> User:
    return User.objects.with_access().get(pk=user.pk)


@pytest.mark.parametrize(
    ("roles", "mfa", "org_admin", "needs_mfa"),
    [
        ([], False, False, False),
        ([PlatformRole.FORUM_MODERATOR], False, False, False),
        ([PlatformRole.GUIDANCE_EDITOR, PlatformRole.FORUM_MODERATOR], False, False, True),
        ([PlatformRole.GUIDANCE_EDITOR], True, False, False),
        ([], False, True, True),
        ([], True, True, False),
    ],
)
def test_the_access_facts_come_with_the_user_and_answer_without_a_query(
    django_assert_num_queries, roles, mfa, org_admin, needs_mfa
):
    user = UserFactory(roles=roles, mfa=mfa)
    MembershipFactory(user=user, role=Membership.Role.ORG_ADMIN if org_admin else Membership.Role.EDITOR)

    with django_assert_num_queries(1):
        person = loaded(user)
    with django_assert_num_queries(0):
        assert person.platform_roles == frozenset(roles)
        assert person.has_mfa is mfa
        assert person.is_org_admin is org_admin
        assert person.needs_mfa is needs_mfa
    # The same answers, a query each, for a user loaded any other way.
    plain = User.objects.get(pk=user.pk)
    assert (plain.platform_roles, plain.has_mfa, plain.is_org_admin, plain.needs_mfa) == (
        frozenset(roles),
        mfa,
        org_admin,
        needs_mfa,
    )


def test_groups_that_are_not_platform_roles_are_left_out(django_assert_num_queries):
    user = UserFactory(roles=["newsletter", PlatformRole.SITE_ADMIN])
    assert loaded(user).platform_roles == {PlatformRole.SITE_ADMIN}


@pytest.mark.parametrize("org_admin", [False, True])
def test_a_signed_in_page_reads_only_the_session_and_the_user(client, django_assert_num_queries, org_admin):
    user = UserFactory()
    if org_admin:
        MembershipFactory(user=user, role=Membership.Role.ORG_ADMIN)
    client.force_login(user)

    with django_assert_num_queries(2):  # the session, the user with their access facts
        response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    # An organisation admin without two-factor sign-in is asked to set it up; a member is not.
    assert (MFA_BANNER in response.text) is org_admin


def test_signing_in_with_a_password_uses_a_backend_that_loads_access(client):
    user = UserFactory(roles=[PlatformRole.MEETING_ORGANISER])

    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})

    assert client.session[BACKEND_SESSION_KEY].startswith("participation.auth_backends.")
    response = client.get(reverse("accessibility"))
    assert response.wsgi_request.user == user
    assert response.wsgi_request.user.platform_roles == {PlatformRole.MEETING_ORGANISER}


def test_a_deactivated_person_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.get(reverse("account-overview"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
