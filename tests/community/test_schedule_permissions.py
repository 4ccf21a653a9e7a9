"""Every schedule URL × persona, against a published unconference schedule."""

import pytest
from django.urls import reverse

from community.models import ScheduledSession
from community.services import schedule as service
from tests.community.permission_matrix_schedule import LOGIN, MATRIX, PERSONAS
from tests.community.unconference_factories import ProposalFactory, RoomFactory, TimeSlotFactory, UnconferenceFactory


@pytest.fixture
def world(organiser, moderator, member, outsider, site_admin):
    unconference = UnconferenceFactory()
    RoomFactory(unconference=unconference)
    TimeSlotFactory(unconference=unconference)
    proposal = ProposalFactory(unconference=unconference)
    service.run_scheduler(unconference, organiser)
    unconference = service.publish(unconference, organiser)
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
        "session": ScheduledSession.objects.get(proposal=proposal),
    }


def url_for(name: str, world: dict) -> str:
    slug = world["unconference"].slug
    if name == "community:agenda-toggle":
        return reverse(name, kwargs={"slug": slug, "pk": world["proposal"].pk})
    if name in {"community:session-move", "community:session-lock"}:
        return reverse(name, kwargs={"slug": slug, "pk": world["session"].pk})
    return reverse(name, kwargs={"slug": slug})


def test_the_matrix_covers_every_persona():
    assert all(set(expected) == set(PERSONAS) for _method, expected in MATRIX.values())


def test_the_matrix_covers_every_schedule_url():
    from community.urls import urlpatterns

    views = {p.name for p in urlpatterns if p.callback.__module__ == "community.views.schedule"}
    assert {f"community:{name}" for name in views} == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_schedule_permission_matrix(client, world, name, persona):
    method, expected_by_persona = MATRIX[name]
    expected = expected_by_persona[persona]
    if persona != "anonymous":
        client.force_login(world["users"][persona])

    response = getattr(client, method)(url_for(name, world))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {persona}"


@pytest.mark.parametrize("persona", ["outsider", "member", "moderator"])
def test_forbidden_organiser_posts_change_nothing(client, world, persona):
    client.force_login(world["users"][persona])
    slug, session = world["unconference"].slug, world["session"]

    responses = [
        client.post(reverse("community:schedule-run", kwargs={"slug": slug})),
        client.post(reverse("community:session-lock", kwargs={"slug": slug, "pk": session.pk})),
        client.post(reverse("community:schedule-publish", kwargs={"slug": slug}), {"summary": "x"}),
        client.post(reverse("community:schedule-manage", kwargs={"slug": slug}), {"proposal": "x"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    session.refresh_from_db()
    assert not session.is_locked
    world["unconference"].refresh_from_db()
    assert world["unconference"].schedule_version == 1


def test_a_session_of_another_unconference_is_a_404(client, world):
    client.force_login(world["users"]["organiser"])
    other = UnconferenceFactory()
    url = reverse("community:session-lock", kwargs={"slug": other.slug, "pk": world["session"].pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("community:schedule-manage", kwargs={"slug": "nope"})).status_code == 404
