"""Every participation URL × persona → expected status. The URL list is read from the URLconf,
so a new route without a row here fails the suite (pretix's test_permissions.py is the model)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from participation.models import Invitation, Membership, NotificationKind, Report, hash_token
from participation.services.email import unsubscribe_token
from participation.services.organisations import invite_member
from participation.services.reports import request_report
from tests.community import permission_matrix_directory as community_directory
from tests.community import permission_matrix_forum as community_forum
from tests.community import permission_matrix_home as community_home
from tests.community import permission_matrix_meetings as community_meetings
from tests.community import permission_matrix_schedule as community_schedule
from tests.community import permission_matrix_unconference as community_unconference
from tests.designlabs import permission_matrix as designlabs
from tests.guidance import permission_matrix_manage as guidance_manage
from tests.guidance import permission_matrix_pilots as guidance_pilots
from tests.guidance import permission_matrix_public as guidance_public
from tests.guidance import permission_matrix_publications as guidance_publications
from tests.participation.engagement import permission_matrix_api as api
from tests.participation.engagement import permission_matrix_dashboards as dashboards
from tests.participation.engagement import permission_matrix_register as register
from tests.participation.engagement import permission_matrix_staff as staff
from tests.participation.factories import UserFactory

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "editor",
    "org_admin_without_mfa",
    "org_admin",
    "other_org_admin",
    "site_admin",
]
LOGIN = "login"  # a redirect to the sign-in page
PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN}
MANAGERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "org_admin": 200, "site_admin": 200}
REQUESTER_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN, "org_admin": 200}

# url name → (method, expected status per persona)
MATRIX = {
    "home": ("get", PUBLIC),
    "accessibility": ("get", PUBLIC),
    "cookies": ("get", PUBLIC),
    "privacy": ("get", PUBLIC),
    "healthz": ("get", PUBLIC),
    "sitemap": ("get", PUBLIC),
    "organisation-list": ("get", PUBLIC),
    "organisation-detail": ("get", PUBLIC),
    "notifications-unsubscribe": ("get", PUBLIC),
    "account-overview": ("get", SIGNED_IN),
    "account-profile": ("get", SIGNED_IN),
    "account-notifications": ("get", SIGNED_IN),
    "account-data": ("get", SIGNED_IN),
    "account-erase": ("get", SIGNED_IN),
    "invitation-accept": ("get", SIGNED_IN),
    "organisation-edit": ("get", MANAGERS),
    "organisation-members": ("get", MANAGERS),
    "organisation-invite": ("get", MANAGERS),
    "membership-role": ("get", MANAGERS),
    "membership-remove": ("get", MANAGERS),
    "organisation-audit": ("get", MANAGERS),
    "organisation-audit-report": ("post", {**MANAGERS, "org_admin": 302, "site_admin": 302}),
    "invitation-revoke": ("post", {**MANAGERS, "org_admin": 302, "site_admin": 302}),
    "report-detail": ("get", REQUESTER_ONLY),
    "report-download": ("get", REQUESTER_ONLY),
}
OUR_NAMESPACES_EXCLUDED = {"admin"}
ALLAUTH_MODULE_PREFIX = "allauth."


def our_url_names() -> set[str]:
    """Every named route of ours, namespaced as reverse() wants it; allauth's and the admin's left out."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                module = getattr(pattern.urlconf_name, "__name__", str(pattern.urlconf_name))
                if pattern.namespace in OUR_NAMESPACES_EXCLUDED or module.startswith(ALLAUTH_MODULE_PREFIX):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_a_row_in_a_permission_matrix():
    """Each area keeps its own matrix (namespaced names) beside its tests; together they cover every route."""
    covered = (
        MATRIX.keys()
        | staff.MATRIX.keys()
        | register.MATRIX.keys()
        | dashboards.MATRIX.keys()
        | api.MATRIX.keys()
        | guidance_public.MATRIX.keys()
        | guidance_manage.MATRIX.keys()
        | guidance_pilots.MATRIX.keys()
        | guidance_publications.MATRIX.keys()
        | community_meetings.MATRIX.keys()
        | community_forum.MATRIX.keys()
        | community_directory.MATRIX.keys()
        | community_home.MATRIX.keys()
        | community_unconference.MATRIX.keys()
        | community_schedule.MATRIX.keys()
        | designlabs.MATRIX.keys()
    )
    assert our_url_names() - covered == set()


@pytest.fixture
def world(
    organisation,
    other_organisation,
    member,
    editor,
    org_admin,
    org_admin_without_mfa,
    other_org_admin,
    site_admin,
    outsider,
):
    """Every persona, and one object of each kind the URLs point at."""
    report = request_report(
        kind="organisation_audit_summary",
        subject_id=str(organisation.pk),
        title="Audit summary",
        requested_by=org_admin,
        organisation=organisation,
    )
    # Permissions do not depend on what the PDF holds: a finished job with a stored file will do.
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 placeholder"), save=False)
    report.status = Report.Status.DONE
    report.save()
    invitation = invite_member(
        organisation=organisation, email="invitee@example.gov.uk", role="member", invited_by=org_admin
    )
    users = {
        "outsider": outsider,
        "member": member,
        "editor": editor,
        "org_admin_without_mfa": org_admin_without_mfa,
        "org_admin": org_admin,
        "other_org_admin": other_org_admin,
        "site_admin": site_admin,
    }
    # An invitation link only opens for the person it was sent to: give each persona their own.
    tokens = {}
    for persona, user in users.items():
        tokens[persona] = f"token-for-{persona}"
        Invitation.objects.create(
            organisation=other_organisation,
            email=user.email,
            role=Membership.Role.MEMBER,
            token_hash=hash_token(tokens[persona]),
            invited_by=other_org_admin,
            expires_at=invitation.expires_at,
        )
    return {
        "users": users,
        "organisation": organisation,
        "report": report,
        "invitation": invitation,
        "membership": Membership.objects.get(user=member),
        "unsubscribe_token": unsubscribe_token(UserFactory(), NotificationKind.REPORT_READY),
        "tokens": tokens,
    }


def url_for(name: str, world: dict, persona: str) -> str:
    organisation = world["organisation"]
    kwargs = {
        "organisation-detail": {"slug": organisation.slug},
        "organisation-edit": {"slug": organisation.slug},
        "organisation-members": {"slug": organisation.slug},
        "organisation-invite": {"slug": organisation.slug},
        "organisation-audit": {"slug": organisation.slug},
        "organisation-audit-report": {"slug": organisation.slug},
        "membership-role": {"slug": organisation.slug, "pk": world["membership"].pk},
        "membership-remove": {"slug": organisation.slug, "pk": world["membership"].pk},
        "invitation-revoke": {"slug": organisation.slug, "pk": world["invitation"].pk},
        "invitation-accept": {"token": world["tokens"].get(persona, "token-for-outsider")},
        "report-detail": {"pk": world["report"].pk},
        "report-download": {"pk": world["report"].pk},
        "notifications-unsubscribe": {"token": world["unsubscribe_token"]},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = getattr(client, method)(url_for(name, world, persona))
    response.close()

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"
