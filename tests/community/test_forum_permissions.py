"""Every forum URL × persona against a topic and post written by someone else."""

import pytest
from django.urls import reverse

from community.services import forum
from tests.community.factories import CategoryFactory
from tests.community.permission_matrix_forum import LOGIN, MATRIX, PERSONAS
from tests.participation.factories import UserFactory

# What a POST sends, so the request gets past validation to the permission check's outcome.
DATA = {
    "community:markdown-preview": {"body": "**Hello**"},
    "community:topic-subscribe": {"mode": "daily"},
    "community:topic-moderate": {"action": "pin"},
}


@pytest.fixture
def world(member, outsider, organiser, moderator, site_admin, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    author = UserFactory()
    category = CategoryFactory()
    topic = forum.start_topic(category=category, author=author, title="Running a citizens’ jury", body="Tips?")
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "organiser": organiser,
            "moderator": moderator,
            "site_admin": site_admin,
        },
        "author": author,
        "category": category,
        "topic": topic,
        "post": topic.posts.get(),
    }


def url_for(name: str, world: dict) -> str:
    if name.startswith("community:post-"):
        return reverse(name, kwargs={"pk": world["post"].pk})
    if name.startswith("community:topic-") and name != "community:topic-create":
        return reverse(name, kwargs={"pk": world["topic"].pk})
    if name in {"community:category-detail", "community:topic-create"}:
        return reverse(name, kwargs={"slug": world["category"].slug})
    if name == "community:member-suspend":
        return reverse(name, kwargs={"pk": world["author"].pk})
    return reverse(name)


def test_every_forum_url_has_a_row():
    from community import urls

    names = {f"community:{p.name}" for p in urls.urlpatterns if "forum" in str(p.pattern)}
    assert names == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_forum_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = getattr(client, method)(url_for(name, world), DATA.get(name, {}))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"


def test_a_topic_waiting_for_approval_is_a_404_for_other_members(client, member, moderator, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    topic = forum.start_topic(category=CategoryFactory(), author=UserFactory(), title="Spam?", body="Buy now")
    post = topic.posts.get()

    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(reverse("community:post-history", kwargs={"pk": post.pk})).status_code == 404
    assert client.get(reverse("community:post-flag", kwargs={"pk": post.pk})).status_code == 404
    client.force_login(moderator)
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_the_author_can_edit_their_post(client, settings, db):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    author = UserFactory()
    topic = forum.start_topic(category=CategoryFactory(), author=author, title="Mine", body="Mine")
    client.force_login(author)

    assert client.get(reverse("community:post-edit", kwargs={"pk": topic.posts.get().pk})).status_code == 200
    # ...but not report it
    assert client.get(reverse("community:post-flag", kwargs={"pk": topic.posts.get().pk})).status_code == 403


def test_get_is_refused_on_post_only_urls(client, member, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    topic = forum.start_topic(category=CategoryFactory(), author=UserFactory(), title="T", body="B")
    client.force_login(member)

    assert client.get(reverse("community:topic-subscribe", kwargs={"pk": topic.pk})).status_code == 405
    assert client.get(reverse("community:markdown-preview")).status_code == 405
