"""Every public guidance URL × persona, against a published document with two versions and a
subscription belonging to `member`."""

import pytest
from django.urls import reverse

from guidance.services.rendering import forget_glossary
from guidance.services.subscriptions import subscribe
from tests.guidance.factories import GlossaryTermFactory, revise
from tests.guidance.permission_matrix_public import LOGIN, MATRIX, PERSONAS


@pytest.fixture
def world(
    guidance_document,
    guidance_editor,
    guidance_reviewer,
    guidance_editor_without_mfa,
    member,
    editor,
    other_org_admin,
    site_admin,
    outsider,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    forget_glossary()
    GlossaryTermFactory(slug="engagement", term_en="engagement")
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)
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
        "subscription": subscribe(user=member, topic="official_statistics"),
    }


def url_for(name: str, world: dict) -> str:
    slug = world["document"].slug
    kwargs = {
        "guidance:document-list": {},
        "guidance:glossary": {},
        "guidance:subscriptions": {},
        "guidance:subscription-delete": {"pk": world["subscription"].pk},
        "guidance:topic-subscribe": {"topic": "procurement"},
        "guidance:version-detail": {"slug": slug, "number": "1.0"},
        "guidance:version-pdf": {"slug": slug, "number": "1.0"},
    }.get(name, {"slug": slug})
    return reverse(name, kwargs=kwargs)


def test_the_matrix_covers_every_persona():
    assert all(set(row) == set(PERSONAS) for _method, row in MATRIX.values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_public_permission_matrix(client, world, name, persona):
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


@pytest.mark.parametrize("name", ["guidance:document-detail", "guidance:document-history", "guidance:version-pdf"])
def test_public_pages_of_an_unpublished_document_are_not_found_for_anyone(
    client, unpublished_document, site_admin, name
):
    kwargs = {"slug": unpublished_document.slug}
    if name == "guidance:version-pdf":
        kwargs["number"] = "1.0"
    client.force_login(site_admin)

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
