"""Every publication and outreach events URL × persona, against a draft, one in review, an approved
one and a published consultation response, all started by `guidance_editor` with `author` credited."""

import datetime

import pytest
from django.urls import reverse

from guidance.models import Publication
from guidance.services import publications, review
from tests.guidance.factories import draft_publication, published_publication
from tests.guidance.permission_matrix_publications import LOGIN, MATRIX, PERSONAS
from tests.participation.engagement.factories import ActivityFactory
from tests.participation.factories import UserFactory

CONSULTATION = {
    "kind": "consultation_response",
    "title_en": "Our response to the consultation on the National Data Library",
    "consultation_title": "Shaping the National Data Library",
    "consultation_department": "Department for Science, Innovation and Technology",
    "consultation_url": "https://www.gov.uk/government/consultations/national-data-library",
    "consultation_closes_on": datetime.date(2026, 6, 30),
}


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.org")


@pytest.fixture
def world(
    organisation, guidance_editor, guidance_reviewer, guidance_editor_without_mfa, member, author, site_admin, outsider
):
    writers = [guidance_editor, author]
    draft = draft_publication(editor=guidance_editor, authors=writers, title_en="A draft")
    in_review = draft_publication(editor=guidance_editor, authors=writers, title_en="In review")
    review.submit(in_review, by=guidance_editor)
    approved = draft_publication(editor=guidance_editor, authors=writers, title_en="Approved")
    review.submit(approved, by=guidance_editor)
    review.approve(approved, by=guidance_reviewer)
    published = published_publication(
        editor=guidance_editor, reviewer=guidance_reviewer, authors=writers, **CONSULTATION
    )
    event = publications.create_event(
        created_by=guidance_editor,
        title_en="Data and AI in local government",
        starts_on=datetime.date(2026, 11, 5),
        host="Local Government Association",
        role="panel",
    )
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "author": author,
            "guidance_editor": guidance_editor,
            "guidance_reviewer": guidance_reviewer,
            "guidance_editor_without_mfa": guidance_editor_without_mfa,
            "site_admin": site_admin,
        },
        "draft": draft,
        "in_review": in_review,
        "approved": approved,
        "published": published,
        "event": event,
        "activity": ActivityFactory(organisation=organisation, published=True),
    }


ITEM_FOR = {
    "guidance_manage:publication-approve": "in_review",
    "guidance_manage:publication-request-changes": "approved",
    "guidance_manage:publication-publish": "approved",
    "guidance_manage:publication-unschedule": "approved",
    "guidance_manage:publication-unpublish": "published",
}
NO_ARGUMENTS = {
    "publications:list",
    "publications:feed",
    "publications:event-list",
    "guidance_manage:publication-list",
    "guidance_manage:publication-create",
    "guidance_manage:event-list",
    "guidance_manage:event-create",
}


def url_for(name: str, world: dict) -> str:
    if name in NO_ARGUMENTS:
        return reverse(name)
    if name == "publications:event-detail":
        return reverse(name, kwargs={"slug": world["event"].slug})
    if name.startswith("publications:"):
        return reverse(name, kwargs={"slug": world["published"].slug})
    if name.startswith("guidance_manage:event-"):
        return reverse(name, kwargs={"pk": world["event"].pk})
    if name == "guidance_manage:publication-from-activity":
        return reverse(name, kwargs={"activity_pk": world["activity"].pk})
    return reverse(name, kwargs={"pk": world[ITEM_FOR.get(name, "draft")].pk})


def test_the_matrix_covers_every_persona():
    assert all(set(expected) == set(PERSONAS) for _method, expected in MATRIX.values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_publications_permission_matrix(client, world, name, persona):
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


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "guidance_editor_without_mfa"])
def test_a_draft_is_not_found_on_the_public_site_outside_its_reach(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = client.get(reverse("publications:detail", kwargs={"slug": world["draft"].slug}))

    assert response.status_code == 404
    assert world["draft"].title_en.encode() not in response.content


@pytest.mark.parametrize("persona", ["outsider", "member", "author", "guidance_editor_without_mfa"])
def test_a_forbidden_publish_changes_nothing(client, world, persona):
    client.force_login(world["users"][persona])
    approved = world["approved"]

    response = client.post(reverse("guidance_manage:publication-publish", kwargs={"pk": approved.pk}), {"when": "now"})

    assert response.status_code in {302, 404}
    assert Publication.objects.get(pk=approved.pk).status == "approved"


@pytest.mark.parametrize("persona", ["outsider", "member", "author", "guidance_editor_without_mfa"])
def test_a_forbidden_unpublish_leaves_it_published(client, world, persona):
    client.force_login(world["users"][persona])
    published = world["published"]

    response = client.post(reverse("guidance_manage:publication-unpublish", kwargs={"pk": published.pk}))

    assert response.status_code == 403
    assert Publication.objects.get(pk=published.pk).status == "published"
