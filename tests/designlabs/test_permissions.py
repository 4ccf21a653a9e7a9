"""Every Design Labs URL × persona, against the lab in `lab_world`."""

import pytest
from django.urls import reverse

from participation.models import hash_token
from tests.designlabs.permission_matrix import LOGIN, MATRIX, PERSONAS

INVITATION_TOKEN = "invitation-token-for-the-matrix"


def url_for(name: str, world: dict) -> str:
    slug = world["lab"].slug
    kwargs = {
        "designlabs:lab-list": {},
        "designlabs:my-labs": {},
        "designlabs:lab-create": {},
        "designlabs:invitation": {"token": INVITATION_TOKEN},
        "designlabs:session-edit": {"slug": slug, "pk": world["session"].pk},
        "designlabs:session-detail": {"slug": slug, "pk": world["session"].pk},
        "designlabs:attendance": {"slug": slug, "pk": world["session"].pk},
        "designlabs:attendance-mark": {
            "slug": slug,
            "pk": world["session"].pk,
            "participant": world["participant"].pk,
        },
        "designlabs:output-add": {"slug": slug, "pk": world["session"].pk},
        "designlabs:material-download": {"slug": slug, "pk": world["material"].pk},
        "designlabs:material-delete": {"slug": slug, "pk": world["material"].pk},
        "designlabs:participant-edit": {"slug": slug, "pk": world["participant"].pk},
        "designlabs:output-edit": {"slug": slug, "pk": world["output"].pk},
        "designlabs:output-dot": {"slug": slug, "pk": world["output"].pk},
        "designlabs:output-undot": {"slug": slug, "pk": world["output"].pk},
    }.get(name, {"slug": slug})
    return reverse(name, kwargs=kwargs)


def test_the_matrix_covers_every_persona():
    assert all(set(expected) == set(PERSONAS) for _method, expected in MATRIX.values())


def test_the_matrix_covers_every_design_labs_url():
    from designlabs.urls import urlpatterns

    assert {f"designlabs:{pattern.name}" for pattern in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_design_labs_permission_matrix(client, lab_world, name, persona):
    invitee = lab_world["invitee"]
    invitee.token_hash = hash_token(INVITATION_TOKEN)
    invitee.save(update_fields=["token_hash"])
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(lab_world["users"][persona])

    response = getattr(client, method)(url_for(name, lab_world))
    response.close()

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"
