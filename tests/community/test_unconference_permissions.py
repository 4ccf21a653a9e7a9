"""Every unconference URL × persona, against an unconference with both windows open."""

import pytest
from django.urls import reverse

from community.models import Proposal, Room, TimeSlot, Unconference, Vote
from tests.community.permission_matrix_unconference import LOGIN, MATRIX, PERSONAS
from tests.community.unconference_factories import (
    ProposalFactory,
    RoomFactory,
    TimeSlotFactory,
    UnconferenceFactory,
)


@pytest.fixture
def world(organiser, moderator, member, outsider, site_admin):
    unconference = UnconferenceFactory()
    RoomFactory(unconference=unconference)
    TimeSlotFactory(unconference=unconference)
    proposal = ProposalFactory(unconference=unconference, facilitator=member)
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "organiser": organiser,
            "moderator": moderator,
            "site_admin": site_admin,
        },
        "unconference": unconference,
        "proposal": proposal,
    }


def url_for(name: str, world: dict) -> str:
    if name in {"community:unconference-list", "community:unconference-create"}:
        return reverse(name)
    slug = world["unconference"].slug
    if name in {
        "community:proposal-detail",
        "community:proposal-edit",
        "community:proposal-withdraw",
        "community:proposal-review",
        "community:proposal-vote",
        "community:proposal-notes",
    }:
        return reverse(name, kwargs={"slug": slug, "pk": world["proposal"].pk})
    return reverse(name, kwargs={"slug": slug})


def test_the_matrix_covers_every_persona():
    assert all(set(expected) == set(PERSONAS) for _method, expected in MATRIX.values())


def test_the_matrix_covers_every_unconference_url():
    from community.urls import urlpatterns

    names = {p.name for p in urlpatterns if p.callback.__module__ == "community.views.unconference"}
    assert {f"community:{name}" for name in names} == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_unconference_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    if method == "post":
        response = client.post(url_for(name, world), {"action": "add"})
    else:
        response = client.get(url_for(name, world))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"


@pytest.mark.parametrize("persona", ["outsider", "member", "moderator"])
def test_forbidden_organiser_posts_change_nothing(client, world, persona):
    client.force_login(world["users"][persona])
    unconference = world["unconference"]
    slug = unconference.slug
    room = Room.objects.get(unconference=unconference)
    slot = TimeSlot.objects.get(unconference=unconference)
    proposal = world["proposal"]

    responses = [
        client.post(reverse("community:unconference-create"), {"title_en": "Hijacked"}),
        client.post(reverse("community:unconference-edit", kwargs={"slug": slug}), {"title_en": "Hijacked"}),
        client.post(reverse("community:rooms-edit", kwargs={"slug": slug}), {"name": "Cupboard", "capacity": "3"}),
        client.post(reverse("community:rooms-edit", kwargs={"slug": slug}), {"remove": room.pk}),
        client.post(reverse("community:slots-edit", kwargs={"slug": slug}), {"remove": slot.pk}),
        client.post(
            reverse("community:proposal-review", kwargs={"slug": slug, "pk": proposal.pk}), {"decision": "decline"}
        ),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    unconference.refresh_from_db()
    proposal.refresh_from_db()
    assert unconference.title_en != "Hijacked"
    assert Unconference.objects.count() == 1
    assert list(Room.objects.all()) == [room]
    assert list(TimeSlot.objects.all()) == [slot]
    assert proposal.status == "approved"


@pytest.mark.parametrize("persona", ["outsider", "moderator"])
def test_others_cannot_edit_withdraw_or_annotate_a_proposal(client, world, persona):
    client.force_login(world["users"][persona])
    proposal = world["proposal"]
    kwargs = {"slug": world["unconference"].slug, "pk": proposal.pk}

    responses = [
        client.post(reverse("community:proposal-edit", kwargs=kwargs), {"title": "Hijacked"}),
        client.post(reverse("community:proposal-withdraw", kwargs=kwargs)),
        client.post(reverse("community:proposal-notes", kwargs=kwargs), {"notes": "Hijacked"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    proposal.refresh_from_db()
    assert (proposal.title != "Hijacked", proposal.status, proposal.notes) == (True, "approved", "")


def test_an_unknown_unconference_is_a_404_before_any_permission_check(client, world):
    client.force_login(world["users"]["member"])
    assert client.get(reverse("community:unconference-edit", kwargs={"slug": "no-such-thing"})).status_code == 404


def test_a_proposal_of_another_unconference_is_a_404(client, world):
    client.force_login(world["users"]["member"])
    other = ProposalFactory()
    url = reverse("community:proposal-vote", kwargs={"slug": world["unconference"].slug, "pk": other.pk})
    assert client.post(url, {"action": "add"}).status_code == 404
    assert not Vote.objects.exists()
    assert Proposal.objects.get(pk=other.pk).vote_count == 0
