"""Every staff URL × persona against a draft project and activity of the personas' organisation."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from participation.models import EvidenceFile
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.engagement.permission_matrix_staff import LOGIN, MATRIX, PERSONAS


@pytest.fixture
def world(
    organisation,
    member,
    editor,
    org_admin,
    org_admin_without_mfa,
    other_org_admin,
    site_admin,
    outsider,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory(organisation=organisation)
    activity = ActivityFactory(organisation=organisation, projects=[project])
    evidence = EvidenceFile(
        activity=activity, title="Notes", original_name="notes.pdf", content_type="application/pdf", size=9
    )
    evidence.file.save("f.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
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
        "project": project,
        "activity": activity,
        "group": ParticipantGroupFactory(activity=activity),
        "recommendation": RecommendationFactory(activity=activity),
        "evidence": evidence,
    }


def url_for(name: str, world: dict) -> str:
    project, activity = world["project"].slug, world["activity"].slug
    kwargs = {
        "staff:record-list": {},
        "staff:project-create": {},
        "staff:activity-section": {"slug": activity, "section": "plan"},
        "staff:group-edit": {"slug": activity, "pk": world["group"].pk},
        "staff:group-delete": {"slug": activity, "pk": world["group"].pk},
        "staff:recommendation-response": {"slug": activity, "pk": world["recommendation"].pk},
        "staff:evidence-delete": {"slug": activity, "pk": world["evidence"].pk},
        "staff:evidence-download": {"pk": world["evidence"].pk},
    }
    if name in kwargs:
        return reverse(name, kwargs=kwargs[name])
    if name.startswith("staff:project") or name == "staff:activity-create":
        return reverse(name, kwargs={"slug": project})
    return reverse(name, kwargs={"slug": activity})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_staff_permission_matrix(client, world, name, persona):
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
