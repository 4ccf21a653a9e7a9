"""Calendar files: a meeting's .ics and a member's secret feed, read back with icalendar."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from community.models import RSVP
from community.services import meetings as service
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def ics(client, meeting):
    return events(client.get(reverse("community:meeting-ics", kwargs={"slug": meeting.slug})))


def test_a_meeting_downloads_as_one_event_in_utc(client):
    meeting = MeetingFactory(venue="Cardiff")

    (event,) = ics(client, meeting)

    assert str(event["UID"]) == meeting.ical_uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == meeting.ends_at
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    assert str(event["SUMMARY"]) == meeting.title_en


def test_the_online_link_is_only_in_the_file_for_people_going(client, member, organiser):
    meeting = MeetingFactory()
    assert meeting.online_link not in client.get(reverse("community:meeting-ics", args=[meeting.slug])).text

    client.force_login(member)
    assert meeting.online_link not in client.get(reverse("community:meeting-ics", args=[meeting.slug])).text
    service.rsvp(meeting, member, "going")
    assert meeting.online_link in client.get(reverse("community:meeting-ics", args=[meeting.slug])).text

    client.force_login(organiser)
    assert meeting.online_link in client.get(reverse("community:meeting-ics", args=[meeting.slug])).text


def test_changes_keep_the_uid_and_raise_the_sequence_and_cancelling_says_cancelled(client, organiser):
    meeting = MeetingFactory()
    (before,) = ics(client, meeting)

    later = meeting.starts_at + datetime.timedelta(hours=2)
    service.update_meeting(
        meeting=meeting, updated_by=organiser, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    (moved,) = ics(client, meeting)
    service.cancel_meeting(meeting=meeting, cancelled_by=organiser)
    (cancelled,) = ics(client, meeting)

    assert str(before["UID"]) == str(moved["UID"]) == str(cancelled["UID"])
    assert before["SEQUENCE"] < moved["SEQUENCE"] < cancelled["SEQUENCE"]
    assert moved.decoded("DTSTART") == later
    assert str(cancelled["STATUS"]) == "CANCELLED"


def feed_url(token):
    return reverse("community:calendar-feed", kwargs={"token": token})


def test_the_feed_has_every_meeting_the_member_is_going_to_including_cancelled_ones(client, member, organiser):
    going, cancelled, not_going, waiting = (
        MeetingFactory(),
        MeetingFactory(),
        MeetingFactory(),
        MeetingFactory(capacity=1),
    )
    service.rsvp(going, member, "going")
    service.rsvp(cancelled, member, "going")
    service.rsvp(not_going, member, "not_going")
    service.rsvp(waiting, UserFactory(), "going")
    service.rsvp(waiting, member, "going")
    service.cancel_meeting(meeting=cancelled, cancelled_by=organiser)
    token = service.create_calendar_token(member)

    found = {str(event["UID"]): event for event in events(client.get(feed_url(token)))}

    assert set(found) == {going.ical_uid, cancelled.ical_uid}
    assert str(found[cancelled.ical_uid]["STATUS"]) == "CANCELLED"
    assert found[cancelled.ical_uid]["SEQUENCE"] == 1
    assert going.online_link in str(found[going.ical_uid]["DESCRIPTION"])


def test_an_unknown_or_revoked_token_is_a_404(client, member):
    assert client.get(feed_url("not-a-token")).status_code == 404
    old = service.create_calendar_token(member)
    new = service.create_calendar_token(member)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_the_feed_for_a_deactivated_member_is_a_404(client):
    person = UserFactory()
    token = service.create_calendar_token(person)
    person.is_active = False
    person.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_feed_is_not_cached_by_shared_caches(client, member):
    RSVP.objects.create(meeting=MeetingFactory(), user=member, status="going")
    response = client.get(feed_url(service.create_calendar_token(member)))
    assert "no-store" in response["Cache-Control"]
