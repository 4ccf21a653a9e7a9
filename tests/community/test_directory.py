"""The member directory and profiles: opt-in, searchable, and never showing more than the member chose."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.forms import directory as directory_forms
from community.models import Interest, Profile
from community.services import profiles as profile_service
from community.services.profiles import parse_interests, save_profile
from participation.models import AuditEvent, Membership, NotificationKind
from tests.participation.factories import MembershipFactory, OrganisationFactory, UserFactory

EDIT_URL = reverse("community:profile-edit")
DIRECTORY_URL = reverse("community:member-directory")
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def profile_url(user):
    return reverse("community:member-profile", kwargs={"pk": user.pk})


def listed(user, **values):
    values.setdefault("is_listed", True)
    return save_profile(user=user, **values)


def form_post(**overrides):
    data = {
        "is_listed": "on",
        "role_title": "Head of public engagement",
        "interests": "Citizens’ juries, official statistics",
        "bio": "I run **deliberative** work.",
        "contact": "@priya on the cross-government Slack",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Editing your profile


def test_the_edit_page_explains_that_nothing_is_shown_without_opting_in(client, member):
    client.force_login(member)

    response = client.get(EDIT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing on this page is shown to anyone unless you tick" in content
    assert "Your email address is never shown unless you tick" in content
    assert content.count("<h1") == 1


def test_a_member_creates_a_listed_profile_with_interests(client, member, organisation):
    client.force_login(member)

    response = client.post(EDIT_URL, form_post(organisation=str(organisation.pk)))

    assert response.status_code == 302
    assert response.url == profile_url(member)
    profile = Profile.objects.get(user=member)
    assert profile.is_listed and not profile.show_email
    assert profile.organisation == organisation
    assert profile.role_title == "Head of public engagement"
    assert sorted(profile.interests.values_list("slug", flat=True)) == ["citizens-juries", "official-statistics"]
    event = AuditEvent.objects.get(action="community.profile.updated")
    assert event.actor == member
    assert event.target_id == str(profile.pk)
    assert event.changes["interests"] == ["", "Citizens’ juries, official statistics"]
    assert "I run" not in str(event.changes)  # the bio's text stays out of the log


def test_editing_shows_the_saved_values_and_reuses_existing_interests(client, member, outsider):
    listed(outsider, interests="Official statistics, Welsh language")
    listed(member, interests="official statistics")
    client.force_login(member)

    page = client.get(EDIT_URL).content.decode()
    assert 'value="Official statistics"' in page  # the existing interest's own wording

    client.post(EDIT_URL, form_post(interests="OFFICIAL   statistics, welsh language, Official statistics"))

    assert Interest.objects.count() == 2  # both reused: no new row for a different spelling
    assert sorted(Profile.objects.get(user=member).interests.values_list("slug", flat=True)) == [
        "official-statistics",
        "welsh-language",
    ]


def test_unticking_the_box_takes_the_profile_out_of_the_directory(client, member, outsider):
    listed(member, role_title="Statistician")
    client.force_login(member)

    response = client.post(EDIT_URL, form_post(is_listed=None), follow=True)

    assert "It is not shown in the member directory" in response.content.decode()
    assert not Profile.objects.get(user=member).is_listed
    client.force_login(outsider)
    assert client.get(profile_url(member)).status_code == 404
    assert "Statistician" not in client.get(DIRECTORY_URL).content.decode()


def test_organisation_choice_is_limited_to_the_members_own_organisations(client, member, other_organisation):
    client.force_login(member)

    page = client.get(EDIT_URL).content.decode()
    response = client.post(EDIT_URL, form_post(organisation=str(other_organisation.pk)))

    assert other_organisation.name_en not in page
    assert response.status_code == 200
    assert "Choose an organisation you are a member of" in response.content.decode()
    assert not Profile.objects.filter(user=member).exists()


def test_someone_in_no_organisation_is_told_why_there_is_no_organisation_choice(client, outsider):
    client.force_login(outsider)

    response = client.get(EDIT_URL)

    assert "organisation" not in response.context["form"].fields
    assert "You are not a member of any organisation" in response.content.decode()


def test_the_service_refuses_an_organisation_the_person_does_not_belong_to(member, other_organisation):
    with pytest.raises(ValidationError) as error:
        save_profile(user=member, is_listed=True, organisation=other_organisation)

    assert "organisation" in error.value.error_dict


def test_an_organisation_can_be_removed_from_the_profile(client, member, organisation):
    listed(member, organisation=organisation)
    client.force_login(member)

    client.post(EDIT_URL, form_post(organisation=""))

    assert Profile.objects.get(user=member).organisation is None


# Bad input


def test_eleven_interests_are_refused_with_a_clear_message(client, member):
    client.force_login(member)
    eleven = ", ".join(f"topic {n}" for n in range(11))

    response = client.post(EDIT_URL, form_post(interests=eleven))

    assert response.status_code == 200
    assert "Enter 10 interests or fewer: you entered 11" in response.content.decode()
    assert not Profile.objects.exists()
    assert not Interest.objects.exists()


def test_ten_interests_are_fine_and_repeats_count_once(member):
    ten = ", ".join(f"topic {n}" for n in range(10)) + ", Topic 0"

    profile = save_profile(user=member, is_listed=True, interests=ten)

    assert profile.interests.count() == 10


@pytest.mark.parametrize(
    ("interests", "message"),
    [
        ("x" * 41, "Each interest must be 40 characters or fewer"),
        ("procurement, !!!", "Each interest must contain letters or numbers"),
        ("a, " * 300, "Enter 10 interests or fewer, each 40 characters or fewer"),
    ],
)
def test_bad_interests_are_refused(client, member, interests, message):
    client.force_login(member)

    response = client.post(EDIT_URL, form_post(interests=interests))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Interest.objects.exists()


def test_interest_parsing_tidies_spaces_and_drops_empty_pieces():
    assert parse_interests("  Welsh   language ,, ,procurement,") == [
        ("welsh-language", "Welsh language"),
        ("procurement", "procurement"),
    ]
    assert parse_interests("Citizens' juries, citizens’ juries") == [("citizens-juries", "Citizens' juries")]


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("role_title", 201, "Your role title must be 200 characters or fewer"),
        ("contact", 301, "How to contact you must be 300 characters or fewer"),
        ("bio", 5001, "About you must be 5,000 characters or fewer"),
    ],
)
def test_over_long_fields_are_refused(client, member, field, length, message):
    client.force_login(member)

    response = client.post(EDIT_URL, form_post(**{field: "a" * length}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Profile.objects.exists()


def test_null_characters_are_refused(client, member):
    client.force_login(member)

    response = client.post(EDIT_URL, form_post(role_title="Lead\x00"))

    assert response.status_code == 200
    assert not Profile.objects.exists()


def test_the_form_limits_match_the_service():
    assert profile_service.MAX_INTERESTS == 10
    assert profile_service.INTEREST_MAX_LENGTH == 40
    assert (directory_forms.ROLE_MAX, directory_forms.CONTACT_MAX, directory_forms.BIO_MAX) == (200, 300, 5000)


def test_script_in_a_profile_is_shown_as_text_everywhere(client, member, outsider):
    member.display_name = XSS
    member.save(update_fields=["display_name"])
    listed(
        member,
        role_title=XSS,
        contact=XSS,
        bio=f"{XSS}\n\n[click](javascript:alert(1))\n\n<iframe src=//evil.example></iframe>",
        interests="procurement",
    )
    client.force_login(outsider)

    for url in (profile_url(member), DIRECTORY_URL, f"{DIRECTORY_URL}?q=script"):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content
        assert "<img src=x" not in content
        assert 'href="javascript' not in content
        assert "<iframe" not in content
        assert "&lt;script&gt;" in content


def test_script_in_an_interest_is_escaped(client, member, outsider):
    listed(member, interests="<b>bold</b> claims")
    client.force_login(outsider)

    content = client.get(DIRECTORY_URL).content.decode()

    assert "<b>bold</b>" not in content
    assert "&lt;b&gt;bold&lt;/b&gt; claims" in content


# A profile page


def test_a_profile_shows_the_bio_as_markdown_and_the_contact_text(client, member, organisation, outsider):
    listed(member, role_title="Statistician", organisation=organisation, bio="## Work\n\nI **count** things.")
    client.force_login(outsider)

    response = client.get(profile_url(member))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Work</h2>" in content
    assert "<strong>count</strong>" in content
    assert "Statistician" in content
    assert organisation.name_en in content
    assert member.email not in content


def test_the_email_address_is_shown_only_when_the_member_chose_to(client, member, outsider):
    listed(member, show_email=True)
    client.force_login(outsider)

    assert f"mailto:{member.email}" in client.get(profile_url(member)).content.decode()
    assert member.email not in client.get(DIRECTORY_URL).content.decode()


def test_an_unlisted_profile_is_visible_to_its_owner_with_a_note(client, member):
    save_profile(user=member, is_listed=False, role_title="Statistician")
    client.force_login(member)

    response = client.get(profile_url(member))

    assert response.status_code == 200
    assert "Only you can see this page" in response.content.decode()


def test_a_deactivated_members_profile_disappears(client, member, outsider):
    listed(member, role_title="Statistician")
    member.is_active = False
    member.save(update_fields=["is_active"])
    client.force_login(outsider)

    assert client.get(profile_url(member)).status_code == 404
    assert "Statistician" not in client.get(DIRECTORY_URL).content.decode()


def test_a_profile_page_in_welsh_shows_the_welsh_organisation_name(client, member, organisation, outsider):
    organisation.name_cy = "Yr Adran Gwyddoniaeth"
    organisation.save(update_fields=["name_cy"])
    listed(member, organisation=organisation)
    client.force_login(outsider)

    response = client.get(f"/cy{profile_url(member)}")

    assert response.status_code == 200
    assert "Yr Adran Gwyddoniaeth" in response.content.decode()


def test_profile_page_query_count(client, django_assert_num_queries, member, organisation, outsider):
    listed(member, organisation=organisation, interests="procurement, official statistics")
    client.force_login(outsider)
    client.get(profile_url(member))

    # 1 session, 2 user (with the layout's MFA check: authenticators, platform roles, org admin
    # memberships), 3 profile with user and organisation, 4 interests
    with django_assert_num_queries(4):
        client.get(profile_url(member))


# The directory


def test_the_directory_lists_only_listed_profiles(client, member, editor, outsider):
    listed(member, role_title="Listed lead")
    save_profile(user=editor, is_listed=False, role_title="Hidden lead")
    client.force_login(outsider)

    response = client.get(DIRECTORY_URL)

    content = response.content.decode()
    assert "Listed lead" in content
    assert "Hidden lead" not in content
    assert [profile.user for profile in response.context["profiles"]] == [member]


def test_the_directory_has_an_empty_state(client, outsider):
    client.force_login(outsider)

    response = client.get(DIRECTORY_URL)

    assert "No one has added themselves to the directory yet" in response.content.decode()


@pytest.fixture
def people(organisation, other_organisation):
    """Three listed members with different names, roles, organisations and interests."""
    amira = MembershipFactory(organisation=organisation, user__display_name="Amira Hassan").user
    gareth = MembershipFactory(organisation=other_organisation, user__display_name="Gareth Jones").user
    lowri = UserFactory(display_name="Lowri Davies")
    listed(amira, role_title="Policy adviser", organisation=organisation, interests="procurement")
    listed(
        gareth,
        role_title="Statistician",
        organisation=other_organisation,
        interests="Official statistics, Welsh language",
    )
    listed(lowri, role_title="Facilitator", interests="Citizens’ juries, Welsh language")
    return {"amira": amira, "gareth": gareth, "lowri": lowri}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=amira", ["amira"]),
        ("q=STATISTICIAN", ["gareth"]),
        ("q=national+statistics", ["gareth"]),  # organisation name
        ("q=welsh", ["gareth", "lowri"]),  # interest, and one row each despite the join
        ("q=juries", ["lowri"]),
        ("q=nobody", []),
        ("organisation=dsit", ["amira"]),
        ("interest=welsh-language", ["gareth", "lowri"]),
        ("interest=welsh-language&q=lowri", ["lowri"]),
        ("interest=welsh-language&q=welsh", ["gareth", "lowri"]),
        ("organisation=ons&interest=procurement", []),
    ],
)
def test_the_directory_searches_and_filters(client, outsider, people, query, expected):
    client.force_login(outsider)

    response = client.get(f"{DIRECTORY_URL}?{query}")

    found = [profile.user for profile in response.context["profiles"]]
    assert found == [people[name] for name in expected]
    assert response.context["page"].paginator.count == len(expected)
    if not expected:
        assert "No members match your search or filters" in response.content.decode()


def test_unknown_filter_values_are_reported_and_ignored(client, outsider, people):
    client.force_login(outsider)

    response = client.get(f"{DIRECTORY_URL}?organisation=nowhere&interest=%3Cscript%3E&q={'x' * 201}")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose an organisation from the list" in content
    assert "Choose an interest from the list" in content
    assert "Search words must be 200 characters or fewer" in content
    assert len(response.context["profiles"]) == 3


def test_search_text_is_harmless(client, outsider, people):
    client.force_login(outsider)

    for text in ("%", "_", "'; drop table community_profile; --", "\\", "&<>"):
        response = client.get(DIRECTORY_URL, {"q": text})
        assert response.status_code == 200
    assert client.get(DIRECTORY_URL, {"q": "a\x00b"}).status_code == 200
    assert Profile.objects.count() == 3


def test_the_directory_paginates_at_25(client, outsider):
    for number in range(27):
        listed(UserFactory(display_name=f"Member {number:02d}"))
    client.force_login(outsider)

    first = client.get(DIRECTORY_URL)
    second = client.get(DIRECTORY_URL, {"page": 2})

    assert len(first.context["profiles"]) == 25
    assert [str(profile.user) for profile in second.context["profiles"]] == ["Member 25", "Member 26"]
    assert 'rel="next"' in first.content.decode()


def test_directory_query_count_stays_the_same_as_members_join(
    client, django_assert_num_queries, organisation, outsider
):
    counts = {}
    for size in (1, 5):
        Profile.objects.all().delete()
        for number in range(size):
            person = MembershipFactory(organisation=organisation).user
            listed(person, organisation=organisation, interests=f"interest {number}, procurement, Welsh language")
        client.force_login(outsider)
        # 1 session, 2 user (with the layout's MFA check: authenticators, platform roles, org admin
        # memberships), 3 organisations and 4 interests to filter by, 5 count, 6 the reader's own
        # profile, 7 the page of profiles with user and organisation, 8 their interests
        with django_assert_num_queries(8):
            response = client.get(DIRECTORY_URL, {"q": "o"})
        counts[size] = len(response.context["profiles"])
    assert counts == {1: 1, 5: 5}


def test_the_directory_invites_you_to_add_yourself_or_edit(client, member, outsider):
    listed(member)
    client.force_login(outsider)
    assert "Add yourself to the directory" in client.get(DIRECTORY_URL).content.decode()

    client.force_login(member)
    assert "Edit your profile" in client.get(DIRECTORY_URL).content.decode()


def test_the_directory_in_welsh(client, outsider, people):
    client.force_login(outsider)

    response = client.get(f"/cy{DIRECTORY_URL}")

    assert response.status_code == 200
    assert len(response.context["profiles"]) == 3


# Email preferences


def test_the_email_preferences_page_lists_every_kind_of_email(client, member):
    client.force_login(member)

    response = client.get(reverse("account-notifications"))

    content = response.content.decode()
    values = set()
    for kind in NotificationKind:
        values.add(kind.value)
        assert f'value="{kind.value}"' in content, kind
        assert str(kind.label).replace("’", "&#x27;") in content or str(kind.label) in content, kind
    for kind in ("meeting_reminders", "meeting_changes", "meeting_notes"):
        assert kind in values
    for kind in ("forum_replies", "forum_mentions", "forum_moderation"):
        assert kind in values


def test_membership_role_does_not_matter_for_naming_an_organisation(member, organisation):
    Membership.objects.filter(user=member).update(role=Membership.Role.EDITOR)
    other = OrganisationFactory()
    MembershipFactory(user=member, organisation=other)

    profile = save_profile(user=member, is_listed=True, organisation=other)

    assert profile.organisation == other


def test_pathological_markdown_in_a_bio_renders_quickly_and_safely(client, member, outsider):
    bio = ("> " * 1000 + "x\n") + ("[" * 1000) + ("*a " * 500) + "\n" + "- " * 500
    listed(member, bio=bio[:5000])
    client.force_login(outsider)

    started = time.monotonic()
    response = client.get(profile_url(member))

    assert response.status_code == 200
    assert time.monotonic() - started < 2
