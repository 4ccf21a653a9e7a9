import pytest
from django.urls import reverse
from django.utils import translation

from tests.participation.engagement.factories import ActivityFactory, ProjectFactory
from tests.participation.engagement.permission_matrix_dashboards import MATRIX, PERSONAS


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Welsh (a /cy/ page, or a persona who prefers Welsh) leaves Welsh active on this
    thread; put English back so later tests start from the default."""
    yield
    translation.activate("en")


@pytest.fixture
def world(organisation, member, editor, org_admin, org_admin_without_mfa, other_org_admin, site_admin, outsider):
    project = ProjectFactory(organisation=organisation, published=True)
    ActivityFactory(organisation=organisation, projects=[project], published=True)
    users = {
        "outsider": outsider,
        "member": member,
        "editor": editor,
        "org_admin_without_mfa": org_admin_without_mfa,
        "org_admin": org_admin,
        "other_org_admin": other_org_admin,
        "site_admin": site_admin,
    }
    return {"users": users, "organisation": organisation, "project": project}


def url_for(name: str, world: dict) -> str:
    kwargs = {
        "dashboards:organisation": {"slug": world["organisation"].slug},
        "dashboards:organisation-report-request": {"slug": world["organisation"].slug},
        "dashboards:project-report-request": {"slug": world["project"].slug},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_dashboard_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = getattr(client, method)(url_for(name, world))

    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"
        if expected == 302:
            assert "/reports/" in response.url
