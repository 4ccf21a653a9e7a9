import pytest
from django.urls import reverse

from community.models import Post
from tests.community.factories import MeetingFactory, TopicFactory
from tests.community.permission_matrix_home import MATRIX
from tests.community.personas import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_can_open_the_community_page(client, persona, outsider, member, organiser, moderator, site_admin):
    users = {"outsider": outsider, "member": member, "organiser": organiser, "moderator": moderator}
    users["site_admin"] = site_admin
    if persona != "anonymous":
        client.force_login(users[persona])
    method, expected = MATRIX["community:home"]

    response = getattr(client, method)(reverse("community:home"))

    assert response.status_code == expected[persona]


def test_it_lists_the_next_meetings_and_hides_the_forum_from_anonymous_visitors(client, member):
    meeting = MeetingFactory()
    cancelled = MeetingFactory(status="cancelled")
    topic = TopicFactory(post_count=1)
    Post.objects.create(topic=topic, number=1, author=member, body="Hello")

    anonymous = client.get(reverse("community:home")).text
    client.force_login(member)
    signed_in = client.get(reverse("community:home")).text

    assert meeting.title_en in anonymous
    assert cancelled.title_en not in anonymous
    assert topic.title not in anonymous
    assert topic.title in signed_in


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_costs_the_same_queries_however_much_there_is(client, member, count, django_assert_num_queries):
    for _ in range(count):
        MeetingFactory()
        TopicFactory(post_count=1)
    client.force_login(member)
    client.get(reverse("community:home"))

    # session, user (with the MFA banner's facts: roles, authenticator, org admin), meetings, topics
    with django_assert_num_queries(4):
        client.get(reverse("community:home"))
