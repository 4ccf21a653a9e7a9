"""The unconference pages end to end, in English and Welsh: set-up, proposals, review, notes and
votes (htmx and plain POST), windows, forged input, escaping and query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.models import Proposal, Room, ScheduledSession, TimeSlot, Unconference, Vote
from community.services import unconference as service
from participation.models import AuditEvent
from tests.community.unconference_factories import (
    DAY,
    ProposalFactory,
    RoomFactory,
    TimeSlotFactory,
    UnconferenceFactory,
)
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'
HTMX = {"HX-Request": "true"}


def url(name, unconference=None, proposal=None, **kwargs):
    if proposal is not None:
        kwargs.update(slug=proposal.unconference.slug, pk=proposal.pk)
    elif unconference is not None:
        kwargs["slug"] = unconference.slug
    return reverse(f"community:{name}", kwargs=kwargs or None)


def date_fields(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def unconference_form(day: datetime.date, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title_en": "Participation unconference",
        "title_cy": "Anghynhadledd",
        "description_en": "Sessions by members.",
        **date_fields("date", day),
        **date_fields("proposals_open_date", today),
        "proposals_open_time": "09:00",
        **date_fields("proposals_close_date", today + 10 * DAY),
        "proposals_close_time": "17:00",
        **date_fields("voting_open_date", today + 5 * DAY),
        "voting_open_time": "09:00",
        **date_fields("voting_close_date", day),
        "voting_close_time": "08:00",
        "votes_per_member": "5",
    }
    data.update(overrides)
    return data


# Public pages


def test_the_list_shows_upcoming_and_past(client):
    UnconferenceFactory(title_en="Next year")
    UnconferenceFactory(
        title_en="Last year",
        date=timezone.localdate() - 300 * DAY,
        proposals_open_at=timezone.now() - 400 * DAY,
        proposals_close_at=timezone.now() - 350 * DAY,
        voting_open_at=timezone.now() - 360 * DAY,
        voting_close_at=timezone.now() - 320 * DAY,
    )
    response = client.get(url("unconference-list"))
    text = response.text
    assert text.index("Next year") < text.index("Past unconferences") < text.index("Last year")


def test_the_detail_page_explains_the_windows_in_uk_time(client):
    unconference = UnconferenceFactory()
    response = client.get(unconference.get_absolute_url())
    assert response.status_code == 200
    assert "Open now" in response.text
    assert "Closes in" in response.text
    assert url("proposal-list", unconference) in response.text
    assert url("schedule", unconference) in response.text
    assert url("my-agenda", unconference) not in response.text  # signed-in only


def test_the_welsh_detail_page_uses_welsh_text_and_marks_english_fallbacks(client):
    unconference = UnconferenceFactory(title_cy="Anghynhadledd", description_en="English only description")
    response = client.get("/cy" + unconference.get_absolute_url())
    assert response.status_code == 200
    assert "Anghynhadledd" in response.text
    assert 'lang="en"' in response.text


def test_detail_query_count(client, member, django_assert_num_queries):
    unconference = UnconferenceFactory()
    client.force_login(member)
    # session, user, unconference (with meeting), my roles, MFA (organiser check), org-admin membership (banner)
    with django_assert_num_queries(3):
        response = client.get(unconference.get_absolute_url())
    assert response.status_code == 200


# Organisers: set-up


def test_an_organiser_creates_an_unconference_through_the_form(client, organiser):
    client.force_login(organiser)
    day = timezone.localdate() + 30 * DAY
    response = client.post(url("unconference-create"), unconference_form(day))
    unconference = Unconference.objects.get()
    assert response.url == unconference.get_absolute_url()
    assert timezone.localtime(unconference.voting_close_at).time() == datetime.time(8, 0)
    assert AuditEvent.objects.filter(action="community.unconference.created").count() == 1


def test_the_form_refuses_unordered_windows(client, organiser):
    client.force_login(organiser)
    day = timezone.localdate() + 30 * DAY
    data = unconference_form(day, **date_fields("voting_close_date", day + DAY))
    response = client.post(url("unconference-create"), data)
    assert response.status_code == 200
    assert "Voting must close before the end of the unconference day" in response.text
    assert not Unconference.objects.exists()


def test_the_form_refuses_too_many_votes(client, organiser):
    client.force_login(organiser)
    response = client.post(
        url("unconference-create"), unconference_form(timezone.localdate() + 30 * DAY, votes_per_member="50")
    )
    assert "Enter a number of votes from 1 to 20" in response.text
    assert not Unconference.objects.exists()


def test_an_organiser_edits_an_unconference(client, organiser):
    unconference = UnconferenceFactory()
    client.force_login(organiser)
    form = client.get(url("unconference-edit", unconference))
    assert unconference.title_en in form.text
    data = unconference_form(unconference.date, title_en="Renamed")
    response = client.post(url("unconference-edit", unconference), data)
    assert response.status_code == 302
    unconference.refresh_from_db()
    assert unconference.title_en == "Renamed"


def test_rooms_are_added_changed_and_removed_with_confirmation(client, organiser):
    unconference = UnconferenceFactory()
    client.force_login(organiser)
    rooms_url = url("rooms-edit", unconference)

    client.post(rooms_url, {"name": "Hall", "capacity": "80", "location": "Ground floor", "is_step_free": "on"})
    room = Room.objects.get()
    duplicate = client.post(rooms_url, {"name": "hall", "capacity": "8"})
    client.post(rooms_url, {"room": room.pk, "name": "Main hall", "capacity": "70"})
    slot = TimeSlotFactory(unconference=unconference)
    proposal = ProposalFactory(unconference=unconference, title="Scheduled one")
    ScheduledSession.objects.create(unconference=unconference, proposal=proposal, room=room, slot=slot)
    confirm = client.get(rooms_url, {"remove": room.pk})
    response = client.post(rooms_url, {"remove": room.pk})

    assert "There is already a room with this name" in duplicate.text
    assert "Scheduled one" in confirm.text and "unschedules" in confirm.text
    assert response.status_code == 302
    assert not Room.objects.exists()
    assert not ScheduledSession.objects.exists()
    assert list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True)) == [
        "community.room.created",
        "community.room.updated",
        "community.room.removed",
    ]


def test_a_room_of_another_unconference_is_a_404(client, organiser):
    unconference = UnconferenceFactory()
    other_room = RoomFactory()
    client.force_login(organiser)
    assert client.post(url("rooms-edit", unconference), {"remove": other_room.pk}).status_code == 404
    assert client.get(url("rooms-edit", unconference), {"room": "nonsense"}).status_code == 404
    assert Room.objects.filter(pk=other_room.pk).exists()


def test_slots_are_added_in_uk_time_without_overlaps(client, organiser):
    unconference = UnconferenceFactory()
    client.force_login(organiser)
    slots_url = url("slots-edit", unconference)

    client.post(slots_url, {"start_time": "10:00", "end_time": "11:00"})
    overlap = client.post(slots_url, {"start_time": "10:30", "end_time": "11:30"})
    backwards = client.post(slots_url, {"start_time": "12:00", "end_time": "11:00"})
    nonsense = client.post(slots_url, {"start_time": "25:00", "end_time": "soon"})

    slot = TimeSlot.objects.get()
    assert timezone.localtime(slot.starts_at).time() == datetime.time(10)
    assert "This slot overlaps another slot" in overlap.text
    assert "The slot must end after it starts" in backwards.text
    assert "Enter a time on the 24-hour clock" in nonsense.text

    assert "Are you sure" in client.get(slots_url, {"remove": slot.pk}).text
    client.post(slots_url, {"remove": slot.pk})
    assert not TimeSlot.objects.exists()


# Members: proposals


def test_a_member_proposes_a_session(client, member):
    unconference = UnconferenceFactory()
    partner = UserFactory(email="partner@example.org", display_name="Partner")
    client.force_login(member)

    response = client.post(
        url("proposal-create", unconference),
        {
            "title": "Paying participants",
            "description": "How we pay.",
            "format": "workshop",
            "co_facilitators": "PARTNER@example.org",
            "needs": "Flip charts",
        },
    )

    proposal = Proposal.objects.get()
    assert response.url == proposal.get_absolute_url()
    assert list(proposal.co_facilitators.all()) == [partner]
    page = client.get(proposal.get_absolute_url())
    assert "Partner" in page.text and "Flip charts" in page.text


def test_an_unknown_co_facilitator_is_a_form_error(client, member):
    unconference = UnconferenceFactory()
    client.force_login(member)
    response = client.post(
        url("proposal-create", unconference),
        {"title": "T", "description": "D", "format": "talk", "co_facilitators": "stranger@example.org"},
    )
    assert response.status_code == 200
    assert "We could not find a member with the email address stranger@example.org" in response.text
    assert "govuk-error-summary" in response.text
    assert not Proposal.objects.exists()


def test_proposals_outside_the_window_are_refused_clearly(client, member):
    unconference = UnconferenceFactory(proposals_open_at=timezone.now() + DAY)
    client.force_login(member)
    page = client.get(url("proposal-create", unconference))
    response = client.post(
        url("proposal-create", unconference), {"title": "T", "description": "D", "format": "talk"}, follow=True
    )
    assert "Proposals are not open" in page.text
    assert "Proposals for this unconference are closed." in response.text
    assert not Proposal.objects.exists()


def test_the_facilitator_edits_until_voting_opens(client, member):
    unconference = UnconferenceFactory(voting_open_at=timezone.now() + DAY)
    proposal = ProposalFactory(unconference=unconference, facilitator=member)
    client.force_login(member)
    data = {"title": "Renamed", "description": "D", "format": "talk"}
    assert client.post(url("proposal-edit", proposal=proposal), data).status_code == 302

    Unconference.objects.filter(pk=unconference.pk).update(voting_open_at=timezone.now() - DAY)
    page = client.get(url("proposal-edit", proposal=proposal))
    late = client.post(url("proposal-edit", proposal=proposal), {**data, "title": "Too late"}, follow=True)

    proposal.refresh_from_db()
    assert proposal.title == "Renamed"
    assert "can no longer be changed" in page.text
    assert "can no longer be changed" in late.text


def test_withdrawing_asks_first_then_takes_the_proposal_and_its_votes_away(client, member, outsider):
    proposal = ProposalFactory(facilitator=member, title="Going away")
    service.cast_vote(proposal, outsider)
    client.force_login(member)

    confirm = client.get(url("proposal-withdraw", proposal=proposal))
    response = client.post(url("proposal-withdraw", proposal=proposal))

    assert "Are you sure" in confirm.text
    assert response.url == url("proposal-list", proposal.unconference)
    assert not Vote.objects.exists()
    assert "Going away" not in client.get(response.url).text
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_an_organiser_reviews_with_htmx(client, organiser):
    unconference = UnconferenceFactory(proposals_need_approval=True)
    proposal = ProposalFactory(unconference=unconference, status="submitted", title="Waiting")
    assert "Waiting" not in client.get(url("proposal-list", unconference)).text
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(organiser)
    assert "Waiting" in client.get(url("proposal-list", unconference), {"status": "submitted"}).text

    response = client.post(url("proposal-review", proposal=proposal), {"decision": "approve"}, headers=HTMX)

    assert f'id="review-{proposal.pk}"' in response.text
    assert "<html" not in response.text
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    client.logout()
    assert "Waiting" in client.get(url("proposal-list", unconference)).text


def test_a_plain_review_post_redirects_and_a_bad_decision_changes_nothing(client, organiser):
    proposal = ProposalFactory(status="submitted", unconference__proposals_need_approval=True)
    client.force_login(organiser)
    bad = client.post(url("proposal-review", proposal=proposal), {"decision": "explode"}, follow=True)
    assert "Choose approve or decline" in bad.text
    response = client.post(url("proposal-review", proposal=proposal), {"decision": "decline"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "declined"


def test_facilitators_write_notes_on_the_day_and_everyone_reads_them(client, member):
    proposal = ProposalFactory(
        facilitator=member,
        unconference__date=timezone.localdate(),
        unconference__voting_close_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    client.force_login(member)
    response = client.post(url("proposal-notes", proposal=proposal), {"notes": f"## Outcome\n\n{XSS}"})
    assert response.status_code == 302
    client.logout()
    page = client.get(proposal.get_absolute_url())
    assert "<h2>Outcome</h2>" in page.text or "Outcome</h" in page.text
    assert XSS not in page.text


def test_notes_before_the_day_are_not_offered(client, member):
    proposal = ProposalFactory(facilitator=member)
    client.force_login(member)
    assert "You can add notes from the day" in client.get(url("proposal-notes", proposal=proposal)).text
    client.post(url("proposal-notes", proposal=proposal), {"notes": "Early"})
    proposal.refresh_from_db()
    assert proposal.notes == ""


def test_titles_and_descriptions_are_escaped_everywhere(client, member, organiser):
    unconference = UnconferenceFactory(title_en=XSS, description_en=XSS)
    proposal = ProposalFactory(unconference=unconference, title=XSS, description=XSS, needs=XSS)
    client.force_login(organiser)
    pages = [
        client.get(unconference.get_absolute_url()),
        client.get(url("unconference-list")),
        client.get(url("proposal-list", unconference)),
        client.get(proposal.get_absolute_url()),
        client.get(url("proposal-review", proposal=proposal)),
        client.get(url("proposal-withdraw", proposal=proposal)),
    ]
    for page in pages:
        assert page.status_code == 200
        assert XSS not in page.text


# Voting


def test_the_list_shows_counts_my_votes_and_votes_left(client, member):
    unconference = UnconferenceFactory(votes_per_member=5)
    chosen, other = ProposalFactory(unconference=unconference), ProposalFactory(unconference=unconference)
    service.cast_vote(chosen, member)
    service.cast_vote(chosen, UserFactory())
    client.force_login(member)

    response = client.get(url("proposal-list", unconference))

    assert "4 of 5 votes left" in response.text
    assert "2 votes" in response.text and "0 votes" in response.text
    assert response.text.count("You voted for this") == 1
    assert response.text.index(chosen.title) < response.text.index(other.title)  # most votes first


def test_the_welsh_list_renders(client, member):
    unconference = UnconferenceFactory()
    ProposalFactory(unconference=unconference)
    client.force_login(member)
    response = client.get("/cy" + url("proposal-list", unconference))
    assert response.status_code == 200
    assert 'lang="cy"' in response.text


def test_a_member_proposes_and_votes_on_the_welsh_pages(client, member):
    unconference = UnconferenceFactory()
    other = ProposalFactory(unconference=unconference)
    client.force_login(member)

    with translation.override("cy"):
        create_url, vote_url = url("proposal-create", unconference), url("proposal-vote", proposal=other)
        response = client.post(create_url, {"title": "Sesiwn", "description": "D", "format": "talk"})
        vote = client.post(vote_url, {"action": "add"}, headers=HTMX)
        proposal = Proposal.objects.get(title="Sesiwn")
        assert create_url.startswith("/cy/")
        assert response.url == proposal.get_absolute_url()
        assert response.url.startswith("/cy/")
        assert client.get(response.url).status_code == 200

    assert vote.status_code == 200 and 'id="votes-left"' in vote.text
    assert Vote.objects.get().proposal == other


def test_hidden_counts_stay_hidden_from_members_but_not_organisers(client, member, organiser):
    unconference = UnconferenceFactory(hide_counts_until_closed=True)
    proposal = ProposalFactory(unconference=unconference)
    service.cast_vote(proposal, UserFactory())
    client.force_login(member)
    hidden = client.get(url("proposal-list", unconference), {"sort": "votes"})
    detail = client.get(proposal.get_absolute_url())
    client.force_login(organiser)
    shown = client.get(url("proposal-list", unconference))
    assert "1 vote<" not in hidden.text and "Vote count hidden until voting closes" in hidden.text
    assert "Vote count hidden until voting closes" in detail.text
    assert "1 vote<" in shown.text


def test_filters_and_sorting(client):
    unconference = UnconferenceFactory()
    talk = ProposalFactory(unconference=unconference, format="talk", title="A talk")
    ProposalFactory(unconference=unconference, format="workshop", title="A workshop")
    response = client.get(url("proposal-list", unconference), {"format": "talk", "sort": "newest"})
    assert talk.title in response.text and "A workshop" not in response.text
    ignored = client.get(url("proposal-list", unconference), {"format": "nonsense", "sort": "nonsense", "page": "x"})
    assert ignored.status_code == 200 and "A workshop" in ignored.text


def test_the_list_paginates_at_25(client):
    unconference = UnconferenceFactory()
    for _ in range(26):
        ProposalFactory(unconference=unconference)
    response = client.get(url("proposal-list", unconference))
    assert response.text.count('class="app-vote-control"') == 25
    assert "govuk-pagination" in response.text


def test_an_htmx_vote_swaps_the_control_and_the_counter(client, member):
    unconference = UnconferenceFactory(votes_per_member=3)
    proposal = ProposalFactory(unconference=unconference)
    client.force_login(member)

    response = client.post(url("proposal-vote", proposal=proposal), {"action": "add"}, headers=HTMX)

    assert response.status_code == 200
    assert f'id="vote-{proposal.pk}"' in response.text
    assert 'id="votes-left"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "2 of 3 votes left" in response.text
    assert "1 vote<" in response.text
    assert "HX-Request" in response["Vary"]

    removed = client.post(url("proposal-vote", proposal=proposal), {"action": "remove"}, headers=HTMX)
    assert "3 of 3 votes left" in removed.text
    assert not Vote.objects.exists()


def test_an_htmx_vote_over_the_limit_shows_why(client, member):
    unconference = UnconferenceFactory(votes_per_member=1)
    first, second = ProposalFactory(unconference=unconference), ProposalFactory(unconference=unconference)
    client.force_login(member)
    client.post(url("proposal-vote", proposal=first), {"action": "add"}, headers=HTMX)
    response = client.post(url("proposal-vote", proposal=second), {"action": "add"}, headers=HTMX)
    assert "You have used all 1 of your votes" in response.text
    assert Vote.objects.count() == 1


def test_a_plain_vote_redirects_back_with_a_message(client, member):
    proposal = ProposalFactory()
    client.force_login(member)
    list_url = url("proposal-list", proposal.unconference) + "?sort=newest"
    response = client.post(url("proposal-vote", proposal=proposal), {"action": "add", "next": list_url})
    assert response.url == list_url
    assert "Your vote has been counted." in client.get(response.url).text
    evil = client.post(url("proposal-vote", proposal=proposal), {"action": "remove", "next": "https://evil.example"})
    assert evil.url == url("proposal-list", proposal.unconference)


def test_forged_votes_are_refused_and_change_nothing(client, member):
    unconference = UnconferenceFactory()
    withdrawn = ProposalFactory(unconference=unconference, status="withdrawn")
    declined = ProposalFactory(unconference=unconference, status="declined")
    elsewhere = ProposalFactory()
    ok = ProposalFactory(unconference=unconference)
    client.force_login(member)

    other = client.post(
        reverse("community:proposal-vote", kwargs={"slug": unconference.slug, "pk": elsewhere.pk}), {"action": "add"}
    )
    gone = client.post(url("proposal-vote", proposal=withdrawn), {"action": "add"}, follow=True)
    no = client.post(url("proposal-vote", proposal=declined), {"action": "add"}, headers=HTMX)
    foo = client.post(url("proposal-vote", proposal=ok), {"action": "foo"})
    missing = client.post(url("proposal-vote", proposal=ok))
    get = client.get(url("proposal-vote", proposal=ok))

    assert other.status_code == 404
    assert "You cannot vote for this proposal." in gone.text
    assert "You cannot vote for this proposal." in no.text
    assert (foo.status_code, missing.status_code, get.status_code) == (400, 400, 405)
    assert not Vote.objects.exists()
    assert set(Proposal.objects.values_list("vote_count", flat=True)) == {0}


def test_votes_outside_the_window_are_refused_clearly(client, member):
    proposal = ProposalFactory(unconference__voting_open_at=timezone.now() + DAY)
    client.force_login(member)
    response = client.post(url("proposal-vote", proposal=proposal), {"action": "add"}, follow=True)
    assert "Voting is not open for this unconference." in response.text
    assert not Vote.objects.exists()
    assert "Vote<" not in client.get(url("proposal-list", proposal.unconference)).text


# Query counts


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_query_count_does_not_grow(client, member, count, django_assert_num_queries):
    unconference = UnconferenceFactory(votes_per_member=5)
    proposals = [ProposalFactory(unconference=unconference) for _ in range(count)]
    for proposal in proposals:
        service.cast_vote(proposal, member)
        proposal.co_facilitators.add(UserFactory())
    client.force_login(member)
    # session, user (with their roles), unconference with my votes, count, page of proposals (with
    # facilitators)
    with django_assert_num_queries(5):
        response = client.get(url("proposal-list", unconference))
    assert response.text.count("You voted for this") == count


@pytest.mark.parametrize("count", [1, 5])
def test_the_anonymous_list_query_count_does_not_grow(client, count, django_assert_num_queries):
    unconference = UnconferenceFactory()
    for _ in range(count):
        ProposalFactory(unconference=unconference)
    # unconference, count, page of proposals
    with django_assert_num_queries(3):
        client.get(url("proposal-list", unconference))


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("action", ["add", "remove"])
def test_the_htmx_vote_query_count_does_not_grow(client, member, action, count, django_assert_num_queries):
    unconference = UnconferenceFactory(votes_per_member=10, hide_counts_until_closed=True)
    proposals = [ProposalFactory(unconference=unconference) for _ in range(count + 1)]
    for proposal in proposals[:count]:
        service.cast_vote(proposal, member)
    for _ in range(count):
        service.cast_vote(proposals[-1], UserFactory())
    if action == "remove":
        service.cast_vote(proposals[-1], member)
    client.force_login(member)
    # session, user (with their roles, for the hidden counts); savepoint, the member's advisory lock,
    # the proposal with its unconference (FOR UPDATE), the member's votes, insert or delete the vote,
    # the count (UPDATE ... RETURNING), release. The fragment is drawn from those: no reads after.
    with django_assert_num_queries(9):
        response = client.post(url("proposal-vote", proposal=proposals[-1]), {"action": action}, headers=HTMX)
    votes_left = 10 - count - (action == "add")
    assert f"{votes_left} of 10 votes left" in response.text
    assert response.text.count("You voted for this") == (action == "add")
    assert "Vote count hidden until voting closes" in response.text
    proposals[-1].refresh_from_db()
    assert proposals[-1].vote_count == count + (action == "add")


def test_the_htmx_vote_shows_the_exact_count(client, member):
    unconference = UnconferenceFactory()
    proposal = ProposalFactory(unconference=unconference)
    for _ in range(3):
        service.cast_vote(proposal, UserFactory())
    client.force_login(member)
    added = client.post(url("proposal-vote", proposal=proposal), {"action": "add"}, headers=HTMX)
    removed = client.post(url("proposal-vote", proposal=proposal), {"action": "remove"}, headers=HTMX)
    again = client.post(url("proposal-vote", proposal=proposal), {"action": "remove"}, headers=HTMX)
    assert ("4 votes<" in added.text, "3 votes<" in removed.text, "3 votes<" in again.text) == (True, True, True)
    assert ("You voted for this" in added.text, "You voted for this" in removed.text) == (True, False)
