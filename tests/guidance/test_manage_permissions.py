"""Every guidance editors' URL × persona, against a live document with a draft and another
document with an approved version."""

import pytest
from django.urls import reverse

from guidance.services import review
from tests.guidance.factories import revise
from tests.guidance.permission_matrix_manage import LOGIN, MATRIX, PERSONAS


@pytest.fixture
def world(
    guidance_document,
    unpublished_document,
    guidance_editor,
    guidance_reviewer,
    guidance_editor_without_mfa,
    member,
    editor,
    other_org_admin,
    site_admin,
    outsider,
):
    draft = revise(guidance_document, editor=guidance_editor)
    approved = unpublished_document.versions.get()
    review.submit(approved, by=guidance_editor)
    review.approve(approved, by=guidance_reviewer)
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "editor": editor,
            "other_org_admin": other_org_admin,
            "guidance_editor": guidance_editor,
            "guidance_reviewer": guidance_reviewer,
            "guidance_editor_without_mfa": guidance_editor_without_mfa,
            "site_admin": site_admin,
        },
        "document": guidance_document,
        "draft": draft,
        "section": draft.sections.first(),
        "approved": approved,
    }


APPROVED_VERSION_URLS = {
    "guidance_manage:version-request-changes",
    "guidance_manage:version-publish",
    "guidance_manage:version-unschedule",
}


def url_for(name: str, world: dict) -> str:
    if name in {"guidance_manage:dashboard", "guidance_manage:document-create"}:
        return reverse(name)
    if name.startswith("guidance_manage:document") or name == "guidance_manage:version-create":
        return reverse(name, kwargs={"slug": world["document"].slug})
    version = world["approved"] if name in APPROVED_VERSION_URLS else world["draft"]
    if name.startswith("guidance_manage:section") and name != "guidance_manage:section-add":
        return reverse(name, kwargs={"pk": version.pk, "section_pk": world["section"].pk})
    return reverse(name, kwargs={"pk": version.pk})


def test_the_matrix_covers_every_persona():
    assert all(set(expected) == set(PERSONAS) for _method, expected in MATRIX.values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_manage_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = getattr(client, method)(url_for(name, world))
    response.close()

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"


@pytest.mark.parametrize("persona", ["member", "editor", "other_org_admin", "guidance_editor_without_mfa", "outsider"])
def test_a_forbidden_post_changes_nothing(client, world, persona):
    client.force_login(world["users"][persona])
    approved = world["approved"]

    response = client.post(reverse("guidance_manage:version-publish", kwargs={"pk": approved.pk}), {"when": "now"})

    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.status == "approved"
