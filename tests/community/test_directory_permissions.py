"""Every community directory URL × persona, against a listed profile belonging to `member`."""

import pytest
from django.urls import reverse

from community.services.profiles import save_profile
from tests.community.permission_matrix_directory import LOGIN, MATRIX, PERSONAS


@pytest.fixture
def world(member, outsider, organiser, moderator, site_admin):
    profile = save_profile(user=member, is_listed=True, role_title="Data ethics lead", interests="procurement")
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "organiser": organiser,
            "moderator": moderator,
            "site_admin": site_admin,
        },
        "profile": profile,
    }


def url_for(name: str, world: dict) -> str:
    kwargs = {"community:member-profile": {"pk": world["profile"].user_id}}.get(name, {})
    return reverse(name, kwargs=kwargs)


def test_the_matrix_covers_every_persona():
    assert all(set(row) == set(PERSONAS) for _method, row in MATRIX.values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_directory_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = getattr(client, method)(url_for(name, world))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"


@pytest.mark.parametrize("persona", ["outsider", "organiser", "moderator", "site_admin"])
def test_an_unlisted_profile_is_not_found_for_anyone_but_its_owner(client, world, persona):
    save_profile(user=world["users"]["member"], is_listed=False)
    client.force_login(world["users"][persona])

    assert client.get(url_for("community:member-profile", world)).status_code == 404


def test_a_member_without_a_profile_has_no_profile_page(client, world):
    client.force_login(world["users"]["member"])

    response = client.get(reverse("community:member-profile", kwargs={"pk": world["users"]["outsider"].pk}))

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_directory_pages_refuse_other_methods(client, world, method):
    client.force_login(world["users"]["member"])

    for name in ("community:member-directory", "community:member-profile"):
        assert getattr(client, method)(url_for(name, world)).status_code == 405
