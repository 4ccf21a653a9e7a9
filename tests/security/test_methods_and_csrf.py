"""I16: no state change by GET, and no POST (htmx or not) without a CSRF token.

Every route of the URLconf either declares the methods it takes (`require_POST`,
`require_http_methods`) or is a read-only page listed below; a new view that does neither fails
`test_every_route_declares_its_methods_or_is_read_only` until someone has looked at it."""

import re
import uuid

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from tests.security.urlconf import our_routes

# Views that declare no methods: pages, feeds, the sitemap and the read-only API (django-ninja
# routes only the GET operations it was given). Each was read and changes nothing.
READ_ONLY_WITHOUT_DECLARED_METHODS = {
    "home", "accessibility", "cookies", "privacy", "sitemap", "account-overview",
    "organisation-list", "organisation-detail", "organisation-members", "organisation-audit",
    "register:feed", "guidance:document-feed", "publications:feed", "guidance:pilot-detail",
    "guidance_manage:glossary-list", "staff:record-list", "staff:project-detail", "staff:activity-tasks",
    "staff:evidence-download", "api:api-root", "api:openapi-json", "api:activity-detail", "api:activity-list",
    "api:participant-group-detail", "api:participant-group-list", "api:project-detail", "api:project-list",
    "api:recommendation-detail", "api:recommendation-list",
}  # fmt: skip
ROUTES = our_routes()
POST_ONLY = [route for route in ROUTES if route.methods == {"POST"}]
# Views that opt out of CSRF, and why: each must authenticate the request some other way.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST with no cookie; the signed token is the credential.
    "notifications-unsubscribe",
}
ACCEPTING_POST = [
    route
    for route in ROUTES
    if (route.methods is None or "POST" in route.methods)
    and route.name not in CSRF_EXEMPT
    and not route.name.startswith("api:")
]
API = [route for route in ROUTES if route.name.startswith("api:")]
# Values for URL parameters that name nothing in the database; the first a converter accepts is used.
DUMMY_VALUES = [str(uuid.uuid4()), "999999", "999.999", "no-such-thing"]


def dummy_kwargs(route) -> dict:
    return {
        name: next(value for value in DUMMY_VALUES if re.fullmatch(converter.regex, value))
        for name, converter in route.parameters.items()
    }


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and issubclass(model, models.Model)
    }


def test_every_route_declares_its_methods_or_is_read_only():
    undeclared = {route.name for route in ROUTES if route.methods is None}

    assert undeclared - READ_ONLY_WITHOUT_DECLARED_METHODS == set()
    assert READ_ONLY_WITHOUT_DECLARED_METHODS - undeclared == set(), "stale entries: tidy the list"


def test_no_route_accepts_a_method_beyond_get_head_and_post():
    unusual = {
        route.name: route.methods for route in ROUTES if route.methods and route.methods - {"GET", "HEAD", "POST"}
    }

    assert unusual == {}


@pytest.mark.parametrize("route", POST_ONLY, ids=lambda route: route.name)
def test_a_post_only_route_refuses_get_and_changes_nothing(client, site_admin, route):
    client.force_login(site_admin)
    before = row_counts()

    response = client.get(reverse(route.name, kwargs=dummy_kwargs(route)))

    # Signed in as the most powerful persona, so only the method can be the reason.
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert row_counts() == before


def test_a_get_to_every_route_changes_no_rows(client, site_admin):
    """With made-up objects most routes are 404s; the point is that nothing a GET reaches writes."""
    client.force_login(site_admin)
    before = row_counts()
    statuses = {}

    for route in ROUTES:
        response = client.get(reverse(route.name, kwargs=dummy_kwargs(route)))
        statuses[route.name] = response.status_code

    assert {name: status for name, status in statuses.items() if status >= 500} == {}
    after = row_counts()
    # Signing in touches the session and the sign-in record only.
    changed = {label for label in before if before[label] != after[label]}
    assert changed == set()


@pytest.mark.parametrize("route", ACCEPTING_POST, ids=lambda route: route.name)
def test_an_htmx_post_without_a_csrf_token_is_refused(site_admin, route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site_admin)
    before = row_counts()

    response = client.post(
        reverse(route.name, kwargs=dummy_kwargs(route)), {"body": "x"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 403
    assert row_counts() == before


@pytest.mark.parametrize("route", API, ids=lambda route: route.name)
def test_the_read_only_api_refuses_a_post(site_admin, route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site_admin)

    before = row_counts()

    response = client.post(reverse(route.name, kwargs=dummy_kwargs(route)), {"title_en": "x"})

    # django-ninja answers 405 for a method it has no operation for; the root and schema views are
    # plain Django views, refused by the CSRF check.
    assert response.status_code in {403, 405}
    assert row_counts() == before


def test_a_form_post_without_a_csrf_token_changes_nothing(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    name = member.display_name

    response = client.post(reverse("account-profile"), {"display_name": "Changed", "preferred_language": "cy"})

    assert response.status_code == 403
    member.refresh_from_db()
    assert (member.display_name, member.preferred_language) == (name, "en")


# Routes that show a confirmation page on GET and act on POST, opened for real objects by the one
# person the action is for: the GET must leave the database as it was.
def test_opening_an_unsubscribe_link_asks_first(client, member):
    from participation.models import NotificationKind
    from participation.services.email import unsubscribe_token

    before = row_counts()

    response = client.get(
        reverse("notifications-unsubscribe", kwargs={"token": unsubscribe_token(member, "report_ready")})
    )

    assert response.status_code == 200
    assert row_counts() == before
    assert not member.notification_preferences.filter(kind=NotificationKind.REPORT_READY).exists()


def test_opening_an_invitation_asks_first(client, organisation, org_admin, outsider):
    from participation.models import Invitation, Membership, hash_token
    from participation.services.organisations import invite_member

    invitation = invite_member(organisation=organisation, email=outsider.email, role="member", invited_by=org_admin)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token("known-token"))
    client.force_login(outsider)
    before = row_counts()

    response = client.get(reverse("invitation-accept", kwargs={"token": "known-token"}))

    assert response.status_code == 200
    assert row_counts() == before
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_opening_the_rsvp_page_does_not_rsvp(client, member):
    from tests.community.factories import MeetingFactory

    meeting = MeetingFactory()
    client.force_login(member)
    before = row_counts()

    response = client.get(reverse("community:meeting-rsvp", kwargs={"slug": meeting.slug}))

    assert response.status_code == 200
    assert row_counts() == before


def test_opening_the_publish_page_does_not_publish(client, organisation, editor):
    from tests.participation.engagement.factories import ProjectFactory

    project = ProjectFactory(organisation=organisation)
    client.force_login(editor)
    before = row_counts()

    response = client.get(reverse("staff:project-publish", kwargs={"slug": project.slug}))

    project.refresh_from_db()
    assert response.status_code in {200, 302}
    assert project.published_at is None
    assert row_counts() == before
