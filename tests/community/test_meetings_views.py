"""The meetings pages end to end, in English and Welsh: lists, the meeting page, RSVPs with and
without htmx, the organisers' forms, bad input, and query counts."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import RSVP, CalendarToken, Meeting, MeetingSeries
from community.services import meetings as service
from participation.models import EmailDelivery, hash_token
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
XSS = '<script>alert("x")</script>'


def detail_url(meeting, prefix=""):
    return prefix + reverse("community:meeting-detail", kwargs={"slug": meeting.slug})


def rsvp_url(meeting):
    return reverse("community:meeting-rsvp", kwargs={"slug": meeting.slug})


def summer_meeting(**fields):
    return MeetingFactory(
        starts_at=datetime.datetime(2031, 7, 1, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2031, 7, 1, 11, 30, tzinfo=LONDON),
        **fields,
    )


# Public pages


def test_the_list_shows_upcoming_meetings_in_uk_time_with_places(client):
    meeting = summer_meeting(capacity=2)
    MeetingFactory(
        title_en="Long gone",
        starts_at=datetime.datetime(2020, 1, 1, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2020, 1, 1, 11, tzinfo=LONDON),
    )
    service.rsvp(meeting, UserFactory(), "going")

    page = client.get(reverse("community:meeting-list")).text

    assert meeting.title_en in page
    assert "Tuesday 1 July 2031, 10:00" in page  # 09:00 UTC, shown in BST
    assert "(UK time)" in page
    assert "1 place left" in page
    assert "Long gone" not in page


def test_a_full_meeting_says_so_with_the_waiting_list(client):
    meeting = MeetingFactory(capacity=1)
    service.rsvp(meeting, UserFactory(), "going")
    service.rsvp(meeting, UserFactory(), "going")

    page = client.get(reverse("community:meeting-list")).text
    assert "Full" in page
    assert "1 person on the waiting list" in page


def test_the_list_shows_your_own_answer(client, member):
    meeting = MeetingFactory()
    service.rsvp(meeting, member, "going")
    client.force_login(member)
    assert "You’re going" in client.get(reverse("community:meeting-list")).text


def test_an_empty_list_says_so(client):
    assert "There are no meetings coming up" in client.get(reverse("community:meeting-list")).text


def test_the_welsh_list_uses_welsh_titles(client):
    meeting = summer_meeting(title_cy="Cyfarfod yr haf")
    page = client.get("/cy" + reverse("community:meeting-list")).text
    assert "Cyfarfod yr haf" in page
    assert meeting.title_en not in page


def test_the_welsh_page_falls_back_to_english_marked_as_english(client):
    meeting = summer_meeting(title_cy="")
    page = client.get(detail_url(meeting, "/cy")).text
    assert f'<span lang="en">{meeting.title_en}</span>' in page


def test_the_meeting_page_shows_everything_public_but_not_the_link(client):
    meeting = summer_meeting(
        provisions=["captions", "bsl"], agenda_en="## Welcome\n\n* Introductions", venue="Pierhead, Cardiff Bay"
    )

    page = client.get(detail_url(meeting)).text

    assert meeting.description_en in page
    assert "<h2>Welcome</h2>" in page or "Welcome</h2>" in page
    assert "Live captions" in page
    assert "British Sign Language interpretation" in page
    assert "Pierhead, Cardiff Bay" in page
    assert "(UK time)" in page
    assert reverse("community:meeting-ics", kwargs={"slug": meeting.slug}) in page
    assert meeting.online_link not in page
    assert "Sign in to say you’re going" in page


def test_the_link_shows_only_once_you_are_going(client, member, organiser):
    meeting = MeetingFactory()
    client.force_login(member)
    assert meeting.online_link not in client.get(detail_url(meeting)).text
    service.rsvp(meeting, member, "going")
    assert meeting.online_link in client.get(detail_url(meeting)).text
    client.force_login(organiser)
    assert meeting.online_link in client.get(detail_url(meeting)).text


def test_the_waiting_list_does_not_see_the_link(client, member):
    meeting = MeetingFactory(capacity=1)
    service.rsvp(meeting, UserFactory(), "going")
    service.rsvp(meeting, member, "going")
    client.force_login(member)
    page = client.get(detail_url(meeting)).text
    assert "You’re on the waiting list" in page
    assert meeting.online_link not in page


def test_a_cancelled_meeting_is_clearly_marked_and_takes_no_replies(client, member, organiser):
    meeting = MeetingFactory()
    service.cancel_meeting(meeting=meeting, cancelled_by=organiser)
    client.force_login(member)

    page = client.get(detail_url(meeting)).text

    assert "This meeting has been cancelled." in page
    assert "Replies to this meeting are closed." in page
    response = client.post(rsvp_url(meeting), {"rsvp-status": "going", "rsvp-language": "en"})
    assert response.status_code == 200
    assert "You can no longer reply to this meeting." in response.text
    assert not RSVP.objects.exists()


def test_notes_follow_can_read_notes(client, member, organiser):
    private = MeetingFactory(notes_public=False)
    public = MeetingFactory(notes_public=True)
    for meeting in (private, public):
        service.save_notes(
            meeting=meeting, saved_by=organiser, notes_en="## Minutes\n\nWe agreed things.", publish=True
        )

    assert "We agreed things." not in client.get(detail_url(private)).text
    assert "Sign in to read the notes" in client.get(detail_url(private)).text
    assert "We agreed things." in client.get(detail_url(public)).text
    client.force_login(member)
    assert "We agreed things." in client.get(detail_url(private)).text


def test_the_archive_lists_past_meetings_with_notes_links(client, organiser):
    past = MeetingFactory(
        title_en="The January meeting",
        notes_public=True,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-1),
    )
    service.save_notes(meeting=past, saved_by=organiser, notes_en="Minutes", publish=True)
    future = MeetingFactory()

    page = client.get(reverse("community:meeting-archive")).text

    assert "The January meeting" in page
    assert "Read the notes" in page
    assert future.title_en not in page


def test_an_unknown_meeting_is_a_404(client):
    assert client.get(reverse("community:meeting-detail", kwargs={"slug": "nope"})).status_code == 404


# RSVPs


def test_rsvp_without_javascript_posts_and_redirects(client, member):
    meeting = MeetingFactory()
    client.force_login(member)

    response = client.post(
        rsvp_url(meeting), {"rsvp-status": "going", "rsvp-access_needs": "BSL please", "rsvp-language": "cy"}
    )

    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    answer = RSVP.objects.get(meeting=meeting, user=member)
    assert (answer.status, answer.access_needs, answer.language) == ("going", "BSL please", "cy")
    assert "You’re going" in client.get(response.url).text


def test_rsvp_with_htmx_swaps_the_panel_in_place(client, member):
    meeting = MeetingFactory()
    client.force_login(member)

    response = client.post(
        rsvp_url(meeting), {"rsvp-status": "going", "rsvp-language": "en"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="rsvp-panel"')
    assert "<html" not in response.text
    assert meeting.online_link in response.text
    assert "19 places left" in response.text


def test_the_rsvp_page_shows_the_form(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    page = client.get(rsvp_url(meeting)).text
    assert "Reply to the meeting" in page
    assert 'name="rsvp-status"' in page


@pytest.mark.parametrize("status", ["waitlisted", "maybe", "", "going'; DROP TABLE"])
def test_a_forged_rsvp_status_is_refused(client, member, status):
    meeting = MeetingFactory()
    client.force_login(member)
    response = client.post(rsvp_url(meeting), {"rsvp-status": status, "rsvp-language": "en"})
    assert response.status_code == 200
    assert "Choose whether you are going" in response.text
    assert "govuk-error-summary" in response.text
    assert "<title>Error:" in response.text
    assert not RSVP.objects.exists()


def test_rsvp_in_welsh(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    response = client.post("/cy" + rsvp_url(meeting), {"rsvp-status": "going", "rsvp-language": "cy"})
    assert response.status_code == 302
    assert response.url.startswith("/cy/")
    assert RSVP.objects.get().status == "going"


# Organisers


def meeting_form(**overrides):
    data = {
        "title_en": "Summer meeting",
        "title_cy": "Cyfarfod yr haf",
        "description_en": "We meet in summer.",
        "date_day": "1",
        "date_month": "7",
        "date_year": "2031",
        "start_time": "10:00",
        "end_time": "11:30",
        "online_link": "https://meet.example.org/summer",
        "venue": "",
        "capacity": "25",
        "provisions": ["captions", "welsh"],
        "agenda_en": "* Welcome",
    }
    return {**data, **overrides}


def test_an_organiser_creates_a_meeting_in_uk_time(client, organiser):
    client.force_login(organiser)

    response = client.post(reverse("community:meeting-create"), meeting_form())

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime(2031, 7, 1, 9, 0, tzinfo=datetime.UTC)
    assert meeting.ends_at == datetime.datetime(2031, 7, 1, 10, 30, tzinfo=datetime.UTC)
    assert meeting.provisions == ["captions", "welsh"]
    assert meeting.capacity == 25


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "The meeting must end after it starts"),
        ({"end_time": "10:00"}, "The meeting must end after it starts"),
        ({"capacity": "0"}, "Enter at least 1 place"),
        ({"capacity": "-5"}, "Enter at least 1 place"),
        ({"capacity": "lots"}, "Enter a whole number"),
        ({"start_time": "25:00"}, "Enter a time on the 24-hour clock"),
        ({"date_month": "13"}, "Enter a real date"),
        ({"online_link": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"online_link": "http://insecure.example.org"}, "starting with https://"),
        ({"provisions": ["teleportation"]}, "Select a valid choice"),
        ({"title_en": ""}, "This field is required"),
    ],
)
def test_bad_meeting_input_is_shown_on_the_form(client, organiser, overrides, message):
    client.force_login(organiser)
    response = client.post(reverse("community:meeting-create"), meeting_form(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert not Meeting.objects.exists()


def test_html_in_titles_descriptions_and_agendas_is_escaped(client, organiser):
    client.force_login(organiser)
    client.post(
        reverse("community:meeting-create"),
        meeting_form(title_en=f"Title {XSS}", description_en=f"About {XSS}", agenda_en=f"Agenda {XSS}"),
    )
    meeting = Meeting.objects.get()

    for url in (detail_url(meeting), reverse("community:meeting-list")):
        page = client.get(url).text
        assert XSS not in page
    assert "&lt;script&gt;" in client.get(detail_url(meeting)).text


def test_an_organiser_edits_a_meeting_and_people_going_are_told(client, organiser, django_capture_on_commit_callbacks):
    meeting = summer_meeting()
    service.rsvp(meeting, UserFactory(), "going")
    client.force_login(organiser)
    form_page = client.get(reverse("community:meeting-edit", kwargs={"slug": meeting.slug})).text
    assert 'value="10:00"' in form_page

    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("community:meeting-edit", kwargs={"slug": meeting.slug}),
            meeting_form(title_en=meeting.title_en, start_time="14:00", end_time="15:00", capacity="20"),
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at.astimezone(LONDON).hour == 14
    assert meeting.sequence == 1
    assert EmailDelivery.objects.filter(subject_key=f"meeting:{meeting.pk}:changed-1").count() == 1


def test_cancelling_asks_first(client, organiser):
    meeting = MeetingFactory()
    client.force_login(organiser)
    url = reverse("community:meeting-cancel", kwargs={"slug": meeting.slug})

    assert "Are you sure you want to cancel this meeting?" in client.get(url).text
    meeting.refresh_from_db()
    assert not meeting.is_cancelled

    assert client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_publishing_notes_from_the_page(client, organiser):
    meeting = MeetingFactory()
    service.rsvp(meeting, UserFactory(), "going")
    client.force_login(organiser)

    response = client.post(
        reverse("community:meeting-notes", kwargs={"slug": meeting.slug}),
        {
            "notes_en": "## Minutes",
            "slides_url": "https://slides.example.org/1",
            "recording_url": "",
            "attendance_count": "14",
            "publish": "on",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes_published_at is not None
    assert meeting.attendance_count == 14
    assert EmailDelivery.objects.filter(subject_key=f"meeting:{meeting.pk}:notes").count() == 1


def test_negative_attendance_is_refused(client, organiser):
    meeting = MeetingFactory()
    client.force_login(organiser)
    response = client.post(
        reverse("community:meeting-notes", kwargs={"slug": meeting.slug}), {"notes_en": "x", "attendance_count": "-1"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text


def test_the_attendee_list_shows_needs_and_language(client, organiser):
    meeting = MeetingFactory(capacity=1)
    service.rsvp(meeting, UserFactory(email="going@example.gov.uk"), "going", access_needs="Step-free", language="cy")
    service.rsvp(meeting, UserFactory(email="waiting@example.gov.uk"), "going")
    client.force_login(organiser)

    page = client.get(reverse("community:meeting-attendees", kwargs={"slug": meeting.slug})).text

    assert "going@example.gov.uk" in page
    assert "waiting@example.gov.uk" in page
    assert "Step-free" in page
    assert "Welsh" in page
    assert "On the waiting list" in page


def test_an_organiser_creates_and_edits_a_series(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("community:series-create"),
        {
            "title_en": "Monthly",
            "description_en": "Every month",
            "week_of_month": "-1",
            "weekday": "1",
            "start_time": "10:00",
            "duration_minutes": "60",
            "months_ahead": "3",
            "capacity": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.week_of_month == -1
    assert series.meetings.count() >= 3
    assert all(m.starts_at.astimezone(LONDON).weekday() == 1 for m in series.meetings.all())

    page = client.get(reverse("community:series-list")).text
    assert "Last Tuesday of each month" in page

    edit = reverse("community:series-edit", kwargs={"pk": series.pk})
    assert "Scheduled meetings" in client.get(edit).text
    response = client.post(
        edit,
        {
            "title_en": "Monthly (renamed)",
            "description_en": "Every month",
            "week_of_month": "-1",
            "weekday": "1",
            "start_time": "10:00",
            "duration_minutes": "60",
            "months_ahead": "0",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text


# Calendar settings


def test_the_feed_address_is_shown_once_and_reset_revokes_it(client, member):
    client.force_login(member)
    url = reverse("community:calendar-settings")
    assert "Create your calendar address" in client.get(url).text

    page = client.post(url, {"action": "create"}).text
    token = re.search(r"/calendar/([A-Za-z0-9_-]+)\.ics", page).group(1)
    assert CalendarToken.objects.get(user=member).token_hash == hash_token(token)
    assert token not in client.get(url).text
    assert client.get(reverse("community:calendar-feed", kwargs={"token": token})).status_code == 200

    client.post(url, {"action": "reset"})
    assert client.get(reverse("community:calendar-feed", kwargs={"token": token})).status_code == 404

    client.post(url, {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=member).exists()


# Query counts


def list_queries(client, member, count, django_assert_num_queries, expected):
    meetings = [MeetingFactory() for _ in range(count)]
    for meeting in meetings:
        service.rsvp(meeting, member, "going")
    client.force_login(member)
    with django_assert_num_queries(expected):
        response = client.get(reverse("community:meeting-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_query_count_does_not_grow(client, member, count, django_assert_num_queries):
    # session, user (with roles and MFA facts), count, page of meetings, my answers for the page
    list_queries(client, member, count, django_assert_num_queries, 5)


@pytest.mark.parametrize("count", [1, 5])
def test_the_anonymous_list_query_count_does_not_grow(client, count, django_assert_num_queries):
    for _ in range(count):
        MeetingFactory()
    # count, page of meetings
    with django_assert_num_queries(2):
        response = client.get(reverse("community:meeting-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_the_detail_query_count_does_not_grow_with_rsvps(client, member, count, django_assert_num_queries):
    meeting = MeetingFactory(capacity=3)
    for _ in range(count):
        service.rsvp(meeting, UserFactory(), "going")
    service.rsvp(meeting, member, "going")
    client.force_login(member)
    # meeting, session, user (with roles and MFA facts), my answer
    with django_assert_num_queries(4):
        response = client.get(detail_url(meeting))
    assert 'id="rsvp-panel"' in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_the_htmx_rsvp_query_count_does_not_grow(client, member, count, django_assert_num_queries):
    meeting = MeetingFactory(capacity=count)
    for _ in range(count):
        service.rsvp(meeting, UserFactory(), "going")
    client.force_login(member)
    # session, user (with roles and MFA facts), meeting, my answer; savepoint, meeting locked, my answer
    # again under the lock, insert the answer, update the counts, audit event, release
    with django_assert_num_queries(11):
        response = client.post(
            rsvp_url(meeting), {"rsvp-status": "going", "rsvp-language": "en"}, headers={"HX-Request": "true"}
        )
    assert "You’re on the waiting list" in response.text


def test_the_rsvp_response_varies_on_htmx(client, member):
    client.force_login(member)
    response = client.get(rsvp_url(MeetingFactory()), headers={"HX-Request": "true"})
    assert "HX-Request" in response["Vary"]
    assert "<html" not in response.text


@pytest.mark.parametrize("name", ["community:meeting-list", "community:meeting-archive", "community:calendar-settings"])
def test_welsh_pages_render_in_welsh(client, member, name):
    client.force_login(member)
    response = client.get("/cy" + reverse(name))
    assert response.status_code == 200
    assert '<html lang="cy"' in response.text


def test_dropping_out_emails_the_promoted_person(client, member, mailoutbox, django_capture_on_commit_callbacks):
    meeting = summer_meeting(capacity=1)
    waiting = UserFactory(email="waiting@example.gov.uk")
    service.rsvp(meeting, member, "going")
    service.rsvp(meeting, waiting, "going")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(rsvp_url(meeting), {"rsvp-status": "not_going", "rsvp-language": "en"})

    assert [message.to for message in mailoutbox] == [["waiting@example.gov.uk"]]
    assert "you’re going to" in mailoutbox[0].subject
    assert "Tuesday 1 July 2031, 10:00" in mailoutbox[0].body
    assert meeting.online_link in mailoutbox[0].body
