"""Every meetings URL × persona, against a scheduled meeting in a series."""

import datetime

import pytest
from django.urls import reverse

from community.models import RSVP
from community.services import meetings as service
from tests.community.factories import MeetingFactory
from tests.community.permission_matrix_meetings import LOGIN, MATRIX, PERSONAS


@pytest.fixture
def world(organiser, moderator, member, outsider, site_admin):
    series = service.create_series(
        created_by=organiser,
        title_en="Monthly meeting",
        description_en="Every month.",
        week_of_month=1,
        weekday=1,
        start_time=datetime.time(10, 0),
        duration_minutes=60,
        months_ahead=2,
    )
    meeting = MeetingFactory()
    RSVP.objects.create(meeting=meeting, user=member, status="going", access_needs="Captions please")
    return {
        "users": {
            "outsider": outsider,
            "member": member,
            "organiser": organiser,
            "moderator": moderator,
            "site_admin": site_admin,
        },
        "meeting": meeting,
        "series": series,
        "token": service.create_calendar_token(member),
    }


def url_for(name: str, world: dict) -> str:
    if name in {"community:meeting-list", "community:meeting-archive", "community:meeting-create"}:
        return reverse(name)
    if name in {"community:series-list", "community:series-create", "community:calendar-settings"}:
        return reverse(name)
    if name == "community:series-edit":
        return reverse(name, kwargs={"pk": world["series"].pk})
    if name == "community:calendar-feed":
        return reverse(name, kwargs={"token": world["token"]})
    return reverse(name, kwargs={"slug": world["meeting"].slug})


def test_the_matrix_covers_every_persona():
    assert all(set(expected) == set(PERSONAS) for _method, expected in MATRIX.values())


def test_the_matrix_covers_every_meetings_url():
    from community.urls import urlpatterns

    meeting_views = {p.name for p in urlpatterns if p.callback.__module__ == "community.views.meetings"}
    assert {f"community:{name}" for name in meeting_views} == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_meetings_permission_matrix(client, world, name, persona):
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
    meeting = world["meeting"]

    responses = [
        client.post(reverse("community:meeting-cancel", kwargs={"slug": meeting.slug})),
        client.post(reverse("community:meeting-edit", kwargs={"slug": meeting.slug}), {"title_en": "Hijacked"}),
        client.post(
            reverse("community:meeting-notes", kwargs={"slug": meeting.slug}), {"notes_en": "x", "publish": "on"}
        ),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    assert meeting.title_en != "Hijacked"
    assert meeting.notes_published_at is None


def test_the_attendee_list_with_access_needs_is_for_organisers_only(client, world):
    url = reverse("community:meeting-attendees", kwargs={"slug": world["meeting"].slug})
    client.force_login(world["users"]["member"])
    assert client.get(url).status_code == 403
    client.force_login(world["users"]["organiser"])
    assert "Captions please" in client.get(url).text


def test_an_unknown_meeting_is_a_404_before_any_permission_check(client, world):
    client.force_login(world["users"]["member"])
    assert client.get(reverse("community:meeting-edit", kwargs={"slug": "no-such-meeting"})).status_code == 404
