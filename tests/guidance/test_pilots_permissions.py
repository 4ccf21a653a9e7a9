"""Every pilots, adoption, triage and glossary URL × persona (see permission_matrix_pilots.py)."""

import datetime

import pytest
from django.urls import reverse

from guidance.services.pilots import declare_adoption
from tests.guidance.factories import GlossaryTermFactory
from tests.guidance.permission_matrix_pilots import LOGIN, MATRIX, PERSONAS


@pytest.fixture
def world(
    organisation,
    guidance_document,
    pilot,
    feedback,
    member,
    editor,
    other_org_admin,
    outsider,
    guidance_editor,
    guidance_reviewer,
    guidance_editor_without_mfa,
    site_admin,
):
    adoption = declare_adoption(
        document=guidance_document,
        organisation=organisation,
        version=guidance_document.current_version,
        adopted_on=datetime.date(2026, 1, 5),
        declared_by=editor,
    )
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
        "pilot": pilot,
        "feedback": feedback,
        "adoption": adoption,
        "term": GlossaryTermFactory(),
    }


def url_for(name: str, world: dict) -> str:
    kwargs = {
        "guidance:pilot-signup": {"slug": world["document"].slug},
        "guidance:adoption-declare": {"slug": world["document"].slug},
        "guidance:pilot-detail": {"pk": world["pilot"].pk},
        "guidance:feedback-create": {"pk": world["pilot"].pk},
        "guidance:adoption-withdraw": {"pk": world["adoption"].pk},
        "guidance_manage:feedback-triage": {"pk": world["feedback"].pk},
        "guidance_manage:glossary-edit": {"pk": world["term"].pk},
        "guidance_manage:glossary-delete": {"pk": world["term"].pk},
    }
    return reverse(name, kwargs=kwargs.get(name, {}))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_pilots_permission_matrix(client, world, name, persona):
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


def test_the_matrix_covers_every_persona():
    for name, (_method, expected) in MATRIX.items():
        assert set(expected) == set(PERSONAS), name
