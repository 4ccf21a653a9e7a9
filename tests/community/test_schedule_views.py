"""The schedule pages end to end, in English and Welsh: the public grid and list view, the agenda
toggle with and without htmx, personal agendas and their .ics, and the organisers' page with the
no-JavaScript move, place and lock forms, the drag-and-drop endpoint, publishing and query counts."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from community.models import AgendaItem, ScheduleChange, ScheduledSession
from community.services import schedule as service
from tests.community.unconference_factories import ProposalFactory, RoomFactory, TimeSlotFactory, UnconferenceFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def build(organiser, sessions=1, publish=True, **fields):
    """An unconference on a summer day (BST) with 5 rooms, 2 slots and `sessions` proposals, scheduled."""
    unconference = UnconferenceFactory(date=datetime.date(2031, 7, 1), **fields)
    rooms = [RoomFactory(unconference=unconference, name=f"Room {n}", capacity=30 - n, position=n) for n in range(5)]
    slots = [
        TimeSlotFactory(
            unconference=unconference,
            starts_at=datetime.datetime(2031, 7, 1, 10 + n, 0, tzinfo=LONDON),
            ends_at=datetime.datetime(2031, 7, 1, 10 + n, 50, tzinfo=LONDON),
        )
        for n in range(2)
    ]
    proposals = [ProposalFactory(unconference=unconference, title=f"Session {n}") for n in range(sessions)]
    service.run_scheduler(unconference, organiser)
    if publish:
        unconference = service.publish(unconference, organiser)
    return unconference, rooms, slots, proposals


def url(name, unconference, prefix="", **kwargs):
    return prefix + reverse(f"community:{name}", kwargs={"slug": unconference.slug, **kwargs})


# The public grid


def test_an_unpublished_schedule_says_so_and_organisers_see_a_preview(client, organiser):
    unconference, *_rest = build(organiser, publish=False)

    page = client.get(url("schedule", unconference)).text
    assert "The schedule has not been published yet" in page
    assert "Session 0" not in page

    client.force_login(organiser)
    page = client.get(url("schedule", unconference)).text
    assert "Preview: the schedule is not published yet" in page
    assert "Session 0" in page


def test_the_grid_is_an_accessible_table_in_uk_time(client, organiser):
    unconference, rooms, _slots, proposals = build(organiser, sessions=2)

    page = client.get(url("schedule", unconference)).text

    assert 'class="app-table-scroll" role="region"' in page
    assert '<th scope="col" class="govuk-table__header">Room 0' in page
    assert '<th scope="row" class="govuk-table__header">10:00–10:50</th>' in page  # 09:00 UTC in BST
    assert url("proposal-detail", unconference, pk=proposals[0].pk) in page
    assert "Add to my agenda" not in page  # signed out


def test_the_list_view_shows_slots_in_order_with_rooms(client, organiser):
    unconference, *_rest = build(organiser, sessions=2)
    page = client.get(url("schedule", unconference) + "?view=list").text
    assert "<table" not in page
    assert page.index("Tuesday 1 July, 10:00") < page.index("Tuesday 1 July, 11:00")
    assert "Room 0" in page and "Session 0" in page


def test_the_welsh_grid_uses_the_welsh_title(client, organiser):
    unconference, *_rest = build(organiser, title_cy="Anghynhadledd prawf")
    page = client.get(url("schedule", unconference, prefix="/cy")).text
    assert 'lang="cy"' in page
    assert "Anghynhadledd prawf" in page
    assert "Session 0" in page


def test_the_changelog_is_public(client, organiser):
    unconference, rooms, slots, proposals = build(organiser, sessions=1)
    session = ScheduledSession.objects.get()
    target = next(room for room in rooms if room.pk != session.room_id)
    service.move_session(session, target, session.slot, organiser)
    service.publish(unconference, organiser, "Moved to a bigger room")

    page = client.get(url("schedule", unconference)).text
    assert "Changes to the schedule" in page
    assert "Version 2" in page and "Moved to a bigger room" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_grid_runs_the_same_queries_for_1_and_5_sessions(client, organiser, django_assert_num_queries, signed_in):
    member = UserFactory()
    counts = []
    for sessions in (1, 5):
        unconference, *_rest, proposals = build(organiser, sessions=sessions)
        if signed_in:
            for proposal in proposals:
                AgendaItem.objects.create(user=member, proposal=proposal)
            client.force_login(member)
        page_url = url("schedule", unconference)
        client.get(page_url)
        # unconference (with its published schedule), rooms, proposals, changelog; signed in also session,
        # user (with roles and MFA facts), my agenda
        expected = 7 if signed_in else 4
        with django_assert_num_queries(expected):
            response = client.get(page_url)
        assert response.text.count("Session ") >= sessions
        counts.append(expected)
    assert counts[0] == counts[1]


# Agenda


def test_adding_and_removing_without_javascript(client, member, organiser):
    unconference, _rooms, _slots, proposals = build(organiser)
    client.force_login(member)
    toggle = url("agenda-toggle", unconference, pk=proposals[0].pk)

    response = client.post(toggle, {"action": "add", "next": url("schedule", unconference)})
    assert response.status_code == 302 and response.url == url("schedule", unconference)
    assert AgendaItem.objects.filter(user=member).count() == 1
    assert "On your agenda" in client.get(url("schedule", unconference)).text

    response = client.post(toggle, {"action": "remove", "next": "https://evil.example/"})
    assert response.url == url("schedule", unconference)
    assert not AgendaItem.objects.exists()


def test_a_session_not_on_the_published_schedule_cannot_be_added(client, member, organiser):
    unconference, _rooms, _slots, proposals = build(organiser, publish=False)
    client.force_login(member)
    response = client.post(url("agenda-toggle", unconference, pk=proposals[0].pk), {"action": "add"})
    assert response.status_code == 400
    assert "not on the published schedule" in response.text
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("sessions", [1, 5])
def test_the_htmx_toggle_returns_the_fragment_with_constant_queries(
    client, member, organiser, django_assert_num_queries, sessions
):
    unconference, _rooms, _slots, proposals = build(organiser, sessions=sessions)
    for proposal in proposals[1:]:
        AgendaItem.objects.create(user=member, proposal=proposal)
    client.force_login(member)
    client.get(url("schedule", unconference))

    # session, user, the proposal with its unconference (and published schedule) and whether it is
    # on my agenda, get_or_create (select + savepoint + insert + release)
    with django_assert_num_queries(7):
        response = client.post(
            url("agenda-toggle", unconference, pk=proposals[0].pk), {"action": "add"}, headers={"HX-Request": "true"}
        )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<div id="agenda-{proposals[0].pk}"')
    assert "<html" not in response.text
    assert "On your agenda" in response.text


def test_my_agenda_lists_my_sessions_in_time_order_and_the_ics_parses(client, member, organiser):
    unconference, _rooms, _slots, proposals = build(organiser, sessions=3)
    for proposal in proposals:
        AgendaItem.objects.create(user=member, proposal=proposal)
    client.force_login(member)

    page = client.get(url("my-agenda", unconference)).text
    times = [page.index(f"Tuesday 1 July, {hour}:00") for hour in (10, 11)]
    assert times == sorted(times)
    for proposal in proposals:
        assert proposal.title in page

    response = client.get(url("my-agenda-ics", unconference))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"unconference-session-{p.pk}@participation" for p in proposals}
    for event in events.values():
        assert int(event["sequence"]) == 1
        assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
        assert event.decoded("dtstart").hour in (9, 10)  # 10:00 and 11:00 BST


def test_an_empty_agenda_says_so(client, member, organiser):
    unconference, *_rest = build(organiser)
    client.force_login(member)
    with translation.override("en"):
        english = client.get(url("my-agenda", unconference)).text
    welsh = client.get(url("my-agenda", unconference, prefix="/cy"))

    assert "You have not added any sessions" in english
    assert welsh.status_code == 200
    assert 'lang="cy"' in welsh.text


# The organisers' page


@pytest.mark.parametrize("sessions", [1, 5])
def test_the_manage_page_shows_quality_and_runs_constant_queries(
    client, organiser, django_assert_num_queries, sessions
):
    unconference, *_rest = build(organiser, sessions=sessions)
    ProposalFactory(unconference=unconference, title="Late idea")  # unscheduled
    client.force_login(organiser)
    client.get(url("schedule-manage", unconference))

    # session, user (with roles and MFA facts), unconference (with its published schedule), rooms, slots,
    # sessions, proposals, co-votes
    with django_assert_num_queries(8):
        page = client.get(url("schedule-manage", unconference)).text

    assert "Serves 0 of 0 votes." in page
    assert "1 not scheduled." in page and "Late idea" in page
    assert page.count("data-move-url=") == sessions
    assert "js/schedule.mjs" in page and 'type="module"' in page
    assert "Run the scheduler" in page


def test_running_the_scheduler_from_the_page(client, organiser):
    unconference, *_rest = build(organiser, sessions=2, publish=False)
    ScheduledSession.objects.all().delete()
    client.force_login(organiser)
    assert "Run the scheduler?" in client.get(url("schedule-run", unconference)).text
    response = client.post(url("schedule-run", unconference))
    assert response.status_code == 302
    assert ScheduledSession.objects.count() == 2


def test_moving_with_the_no_javascript_form(client, organiser):
    unconference, rooms, slots, _proposals = build(organiser, sessions=1, publish=False)
    session = ScheduledSession.objects.get()
    target = next(room for room in rooms if room.pk != session.room_id)
    client.force_login(organiser)
    move = url("session-move", unconference, pk=session.pk)
    prefix = f"move-{session.pk}"

    response = client.post(move, {f"{prefix}-room": "999999", f"{prefix}-slot": slots[1].pk})
    assert response.status_code == 400
    assert "Choose a room from the list" in response.text
    assert "govuk-error-summary" in response.text

    response = client.post(move, {f"{prefix}-room": target.pk, f"{prefix}-slot": slots[1].pk})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.room_id, session.slot_id, session.is_locked) == (target.pk, slots[1].pk, True)


def test_the_drag_and_drop_endpoint_answers_json(client, organiser):
    unconference, rooms, slots, _proposals = build(organiser, sessions=1, publish=False)
    session = ScheduledSession.objects.get()
    needs = ProposalFactory(unconference=unconference, needs_step_free=True, title="Step-free please")
    step_free_session = ScheduledSession.objects.create(
        unconference=unconference, proposal=needs, room=rooms[4], slot=slots[1]
    )
    rooms[3].is_step_free = False
    rooms[3].save()
    client.force_login(organiser)
    headers = {"X-Requested-With": "fetch"}

    prefix = f"move-{session.pk}"
    ok = client.post(
        url("session-move", unconference, pk=session.pk),
        {f"{prefix}-room": rooms[2].pk, f"{prefix}-slot": slots[0].pk},
        headers=headers,
    )
    assert ok.status_code == 200 and ok.json()["ok"]

    prefix = f"move-{step_free_session.pk}"
    refused = client.post(
        url("session-move", unconference, pk=step_free_session.pk),
        {f"{prefix}-room": rooms[3].pk, f"{prefix}-slot": slots[0].pk},
        headers=headers,
    )
    assert refused.status_code == 400
    assert "needs a step-free room" in refused.json()["errors"][0]


def test_placing_and_locking_from_the_page(client, organiser):
    unconference, rooms, slots, _proposals = build(organiser, sessions=1, publish=False)
    late = ProposalFactory(unconference=unconference, title="Late idea")
    taken = ScheduledSession.objects.get()
    client.force_login(organiser)
    prefix = f"place-{late.pk}"

    response = client.post(
        url("schedule-manage", unconference),
        {"proposal": str(late.pk), f"{prefix}-room": taken.room_id, f"{prefix}-slot": taken.slot_id},
    )
    assert response.status_code == 400
    assert "Another session is already in that room" in response.text

    free_room = next(room for room in rooms if room.pk != taken.room_id)
    response = client.post(
        url("schedule-manage", unconference),
        {"proposal": str(late.pk), f"{prefix}-room": free_room.pk, f"{prefix}-slot": taken.slot_id},
    )
    assert response.status_code == 302
    assert ScheduledSession.objects.get(proposal=late).is_locked

    assert "Lock this session in place?" in client.get(url("session-lock", unconference, pk=taken.pk)).text
    client.post(url("session-lock", unconference, pk=taken.pk))
    taken.refresh_from_db()
    assert taken.is_locked


def test_publishing_and_republishing_from_the_page(client, organiser):
    unconference, rooms, _slots, _proposals = build(organiser, sessions=1, publish=False)
    client.force_login(organiser)
    publish = url("schedule-publish", unconference, prefix="/cy")

    assert client.post(publish).status_code == 302
    unconference.refresh_from_db()
    assert unconference.schedule_version == 1

    session = ScheduledSession.objects.get()
    service.move_session(session, next(r for r in rooms if r.pk != session.room_id), session.slot, organiser)
    with translation.override("en"):
        response = client.post(url("schedule-publish", unconference), {"summary": ""})
    assert response.status_code == 400
    assert "Enter a summary of what changed" in response.text

    assert client.post(url("schedule-publish", unconference), {"summary": "Room change"}).status_code == 302
    assert ScheduleChange.objects.get().version == 2
