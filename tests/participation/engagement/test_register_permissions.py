"""Every register and API URL × persona: public, published only. A draft is a 404 for everyone,
including the editors who wrote it (they preview it on the staff side)."""

import pytest
from django.urls import reverse

from tests.participation.engagement import permission_matrix_api, permission_matrix_register
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.engagement.permission_matrix_register import PERSONAS

MATRIX = {**permission_matrix_register.MATRIX, **permission_matrix_api.MATRIX}


def build_records(organisation, *, published: bool) -> dict:
    project = ProjectFactory(organisation=organisation, published=published)
    activity = ActivityFactory(organisation=organisation, projects=[project], published=published)
    return {
        "project": project,
        "activity": activity,
        "group": ParticipantGroupFactory(activity=activity),
        "recommendation": RecommendationFactory(activity=activity),
    }


@pytest.fixture
def world(organisation, member, editor, org_admin, org_admin_without_mfa, other_org_admin, site_admin, outsider):
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "editor": editor,
            "org_admin_without_mfa": org_admin_without_mfa,
            "org_admin": org_admin,
            "other_org_admin": other_org_admin,
            "site_admin": site_admin,
        },
        "published": build_records(organisation, published=True),
        "draft": build_records(organisation, published=False),
    }


def url_for(name: str, records: dict) -> str:
    kwargs = {
        "register:project-detail": {"slug": records["project"].slug},
        "register:activity-detail": {"slug": records["activity"].slug},
        "register:data-csv": {"dataset": "activities"},
        "api:project-detail": {"pk": records["project"].pk},
        "api:activity-detail": {"pk": records["activity"].pk},
        "api:participant-group-detail": {"pk": records["group"].pk},
        "api:recommendation-detail": {"pk": records["recommendation"].pk},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


def sign_in(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["users"][persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_register_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    sign_in(client, world, persona)

    response = getattr(client, method)(url_for(name, world["published"]))
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == expected_by_persona[persona], f"{name} as {persona}"
    if response.status_code == 200 and name in SHOWS:
        assert str(world["published"][SHOWS[name]].pk).encode() in body or (
            world["published"][SHOWS[name]].slug.encode() in body
        )


# detail URL → the record it must show
SHOWS = {
    "register:project-detail": "project",
    "register:activity-detail": "activity",
    "api:project-detail": "project",
    "api:activity-detail": "activity",
    "api:participant-group-detail": "group",
    "api:recommendation-detail": "recommendation",
}
OBJECT_URLS = sorted(name for name in MATRIX if name.endswith("-detail"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", OBJECT_URLS)
def test_register_draft_records_are_not_found_for_anyone(client, world, name, persona):
    sign_in(client, world, persona)

    response = client.get(url_for(name, world["draft"]))

    assert response.status_code == 404, f"{name} as {persona}"


@pytest.mark.parametrize("persona", ["anonymous", "editor", "other_org_admin"])
def test_register_lists_and_exports_never_include_drafts(client, world, persona):
    sign_in(client, world, persona)
    draft = world["draft"]

    bodies = []
    for name in ["register:activity-list", "register:project-list", "register:data-json", "register:feed"]:
        response = client.get(reverse(name))
        bodies.append(b"".join(response.streaming_content) if response.streaming else response.content)
    for name in ["api:project-list", "api:activity-list", "api:participant-group-list", "api:recommendation-list"]:
        bodies.append(client.get(reverse(name)).content)

    for body in bodies:
        for record in draft.values():
            assert str(record.pk).encode() not in body
        assert draft["activity"].title_en.encode() not in body
        assert draft["project"].title_en.encode() not in body
