"""I7 and I12 on the forms people fill in most: the account profile, the directory profile and a
new forum topic. Extra fields are ignored; NUL bytes, invalid UTF-8 (a lone surrogate's bytes) and
10,000-character values are form errors or stored cleanly, never a server error."""

from urllib.parse import quote_from_bytes

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import Profile, Topic
from participation.models import Membership
from tests.community.factories import CategoryFactory

FORGED = {
    "is_staff": "on",
    "is_superuser": "on",
    "email": "attacker@evil.example",
    "user": "1",
    "author": "1",
    "organisation": "1",
    "status": "published",
    "created_by": "1",
    "is_pinned": "on",
    "is_locked": "on",
    "post_count": "999",
    "groups": "1",
}
HOSTILE_FORM_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def raw_body(fields: dict[str, str]) -> bytes:
    """Form-encoded by hand, so lone surrogates go out as the invalid UTF-8 an attacker can send."""
    return b"&".join(
        quote_from_bytes(name.encode()).encode()
        + b"="
        + quote_from_bytes(value.encode("utf-8", "surrogatepass")).encode()
        for name, value in fields.items()
    )


def post_raw(client, url, fields):
    return client.post(url, raw_body(fields), content_type="application/x-www-form-urlencoded")


hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(
        alphabet=st.sampled_from(["\x00", "\ud800", "\udfff", "\u202e", "\ufeff", "a", "<", "\r", "\n"]), max_size=30
    ),
    st.sampled_from(["x" * 10_000, "\x00" * 10_000, "é" * 10_000, "a\x00b", "\ud800"]),
)


def test_account_profile_ignores_forged_fields(client, member):
    client.force_login(member)

    response = client.post(reverse("account-profile"), {"display_name": "Ann", "preferred_language": "cy", **FORGED})

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.preferred_language) == ("Ann", "cy")
    assert (member.is_staff, member.is_superuser, member.groups.count()) == (False, False, 0)
    assert member.email != FORGED["email"]


def test_a_new_topic_ignores_forged_fields(client, member, outsider):
    category = CategoryFactory()
    other_category = CategoryFactory()
    client.force_login(member)

    response = client.post(
        reverse("community:topic-create", kwargs={"slug": category.slug}),
        {"title": "Hello", "body": "First post", **FORGED, "author": str(outsider.pk), "category": other_category.pk},
    )

    assert response.status_code == 302
    topic = Topic.objects.get()
    assert (topic.author, topic.category, topic.is_pinned, topic.is_locked) == (member, category, False, False)


def test_the_directory_profile_ignores_forged_fields(client, member, outsider, other_organisation):
    client.force_login(member)

    response = client.post(
        reverse("community:profile-edit"),
        {
            "is_listed": "on",
            "role_title": "Analyst",
            **FORGED,
            "user": str(outsider.pk),
            "organisation": other_organisation.pk,
        },
    )

    assert response.status_code in {200, 302}
    assert not Profile.objects.filter(user=outsider).exists()
    assert not Profile.objects.filter(organisation=other_organisation).exists()
    assert not Membership.objects.filter(user=member, organisation=other_organisation).exists()


@HOSTILE_FORM_SETTINGS
@given(name=hostile_text)
def test_account_profile_takes_any_text_without_a_server_error(client, member, name):
    client.force_login(member)

    response = post_raw(client, reverse("account-profile"), {"display_name": name, "preferred_language": "en"})

    assert response.status_code in {200, 302}
    member.refresh_from_db()
    assert "\x00" not in member.display_name and "\ud800" not in member.display_name


@HOSTILE_FORM_SETTINGS
@given(title=hostile_text, body=hostile_text)
def test_a_new_topic_takes_any_text_without_a_server_error(client, member, title, body):
    category = CategoryFactory()
    client.force_login(member)

    response = post_raw(
        client, reverse("community:topic-create", kwargs={"slug": category.slug}), {"title": title, "body": body}
    )

    assert response.status_code in {200, 302}
    for topic in Topic.objects.filter(category=category):
        assert "\x00" not in topic.title and len(topic.title) <= 200


@HOSTILE_FORM_SETTINGS
@given(role=hostile_text, bio=hostile_text, interests=hostile_text)
def test_the_directory_profile_takes_any_text_without_a_server_error(client, member, role, bio, interests):
    client.force_login(member)

    response = post_raw(
        client,
        reverse("community:profile-edit"),
        {"is_listed": "on", "role_title": role, "bio": bio, "interests": interests, "contact": bio},
    )

    assert response.status_code in {200, 302}
