"""The proposals list keeps each proposal's card in the cache (page_cache.cached_each), under a key
naming everything the card is drawn from and the reader's state (voted, votes left, organiser,
counts hidden): a cached page is the page, a change shows at once, no reader is shown another
reader's state, and the vote form carries this reader's CSRF token and this page's address."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from community.services import unconference as service
from tests.community.unconference_factories import DAY, ProposalFactory, UnconferenceFactory
from tests.participation.factories import UserFactory
from tests.support.cached_parts import NO_SHARED_CACHE, UNREACHABLE_REDIS, clear_parts, count_parts, page_html

pytestmark = pytest.mark.django_db


def list_url(unconference, query="") -> str:
    with translation.override("en"):  # a Welsh page visited before leaves Welsh active
        return reverse("community:proposal-list", kwargs={"slug": unconference.slug}) + query


def card(html, proposal) -> str:
    return re.search(rf'<li class="govuk-!-margin-bottom-6">\s*<h2 [^>]*><a [^>]*/{proposal.pk}/".*?</li>', html, re.S)[
        0
    ]


@pytest.fixture
def unconference(db):
    return UnconferenceFactory(votes_per_member=2, proposals_need_approval=True)


@pytest.fixture
def proposals(unconference):
    """An approved proposal with a vote, another, one waiting for review and a declined one."""
    facilitator = UserFactory(display_name="Fran Facilitator")
    popular = ProposalFactory(unconference=unconference, title="Paying participants", facilitator=facilitator)
    quiet = ProposalFactory(unconference=unconference, title="Citizens’ juries", format="workshop")
    waiting = ProposalFactory(unconference=unconference, title="Waiting one", status="submitted")
    declined = ProposalFactory(unconference=unconference, title="Declined one", status="declined")
    service.cast_vote(popular, UserFactory())
    return popular, quiet, waiting, declined


@pytest.mark.parametrize("language", ["", "/cy"])
def test_a_cached_page_equals_an_uncached_one(client, unconference, proposals, member, organiser, language):
    popular, quiet, *_ = proposals
    voter, spent = UserFactory(), UserFactory()
    service.cast_vote(popular, voter)
    service.cast_vote(popular, spent)
    service.cast_vote(quiet, spent)
    clear_parts("proposal-card")

    pages = {}
    for reader, query in [
        (None, ""),
        (member, ""),
        (member, "?sort=newest&format=workshop"),
        (voter, "?page=1"),
        (spent, ""),
        (organiser, "?status=all"),
        (organiser, "?status=submitted"),
    ]:
        client.logout()
        if reader:
            client.force_login(reader)
        url = language + list_url(unconference, query)
        with override_settings(CACHES=NO_SHARED_CACHE):
            uncached = page_html(client, url)
        page_html(client, ("" if language else "/cy") + list_url(unconference, query))
        first = page_html(client, url)
        kept = count_parts("proposal-card")
        again = page_html(client, url)
        assert count_parts("proposal-card") == kept
        assert first == uncached
        assert again == uncached
        pages[reader, query] = uncached

    assert len(set(pages.values())) == len(pages)


def test_a_cache_hit_makes_the_same_queries_as_a_miss(
    client, unconference, proposals, member, django_assert_num_queries
):
    client.force_login(member)
    service.cast_vote(proposals[0], member)
    clear_parts("proposal-card")

    # The session, the user (with their roles), the unconference with the reader's votes, the
    # count, and the page of proposals with their facilitators.
    with django_assert_num_queries(5):
        missed = page_html(client, list_url(unconference))
    assert count_parts("proposal-card") == 2
    with django_assert_num_queries(5):
        hit = page_html(client, list_url(unconference))
    assert hit == missed


def test_a_new_vote_shows_at_once(client, unconference, proposals, member):
    popular = proposals[0]
    client.force_login(member)
    assert "1 vote<" in card(page_html(client, list_url(unconference)), popular)

    service.cast_vote(popular, UserFactory())
    assert "2 votes<" in card(page_html(client, list_url(unconference)), popular)

    service.cast_vote(popular, member)
    html = page_html(client, list_url(unconference))
    assert "3 votes<" in card(html, popular) and "You voted for this" in card(html, popular)
    assert 'value="remove"' in card(html, popular)
    assert "1 of 2 votes left" in html


def test_using_the_last_vote_shows_on_every_card_at_once(client, unconference, proposals, member):
    popular, quiet, *_ = proposals
    client.force_login(member)
    assert 'value="add"' in card(page_html(client, list_url(unconference)), quiet)

    service.cast_vote(popular, member)
    service.cast_vote(ProposalFactory(unconference=unconference), member)

    shown = card(page_html(client, list_url(unconference)), quiet)
    assert 'value="add"' not in shown
    assert "You have used all your votes. Remove a vote to vote for this one." in shown


def test_an_edited_title_shows_at_once(client, unconference, proposals, member, organiser):
    quiet = proposals[1]
    client.force_login(member)
    assert "Citizens’ juries" in page_html(client, list_url(unconference))

    service.update_proposal(proposal=quiet, updated_by=organiser, title="Citizens’ assemblies")

    shown = card(page_html(client, list_url(unconference)), quiet)
    assert "Citizens’ assemblies</a></h2>" in shown and "juries" not in shown
    assert "for Citizens’ assemblies</span>" in shown  # the vote button's hidden text too


def test_a_status_change_shows_at_once(client, unconference, proposals, member, organiser):
    waiting = proposals[2]
    review_url = reverse("community:proposal-review", kwargs={"slug": unconference.slug, "pk": waiting.pk})
    client.force_login(organiser)
    before = card(page_html(client, list_url(unconference, "?status=all")), waiting)
    assert "Waiting for review" in before and review_url in before
    client.force_login(member)
    assert "Waiting one" not in page_html(client, list_url(unconference))

    service.review_proposal(proposal=waiting, reviewed_by=organiser, decision="approve")

    assert "Waiting one" in card(page_html(client, list_url(unconference)), waiting)
    client.force_login(organiser)
    after = card(page_html(client, list_url(unconference, "?status=all")), waiting)
    assert "Waiting for review" not in after and review_url not in after


def test_renaming_the_facilitator_shows_at_once(client, unconference, proposals, member):
    popular = proposals[0]
    client.force_login(member)
    assert "Proposed by Fran Facilitator" in card(page_html(client, list_url(unconference)), popular)

    popular.facilitator.display_name = "Fran Renamed"
    popular.facilitator.save(update_fields=["display_name"])

    shown = card(page_html(client, list_url(unconference)), popular)
    assert "Proposed by Fran Renamed" in shown and "Fran Facilitator" not in shown


def test_one_readers_vote_never_reaches_another(client, unconference, proposals, member):
    popular = proposals[0]
    voter = UserFactory()
    service.cast_vote(popular, voter)

    client.force_login(voter)
    as_voter = page_html(client, list_url(unconference))
    client.force_login(member)
    as_member = page_html(client, list_url(unconference))
    client.force_login(voter)
    as_voter_again = page_html(client, list_url(unconference))

    assert "You voted for this" in card(as_voter, popular) and 'value="remove"' in card(as_voter, popular)
    assert "You voted for this" not in as_member and 'value="remove"' not in as_member
    assert 'value="add"' in card(as_member, popular)
    assert as_voter_again == as_voter


def test_after_voting_closes_one_readers_vote_never_reaches_another(client, unconference, proposals, member):
    popular = proposals[0]
    voter = UserFactory()
    service.cast_vote(popular, voter)
    client.force_login(voter)
    assert "<form" in card(page_html(client, list_url(unconference)), popular)
    unconference.voting_open_at -= 30 * DAY
    unconference.voting_close_at = timezone.now() - DAY
    unconference.save(update_fields=["voting_open_at", "voting_close_at"])

    client.force_login(voter)
    as_voter = card(page_html(client, list_url(unconference)), popular)
    client.force_login(member)
    as_member = card(page_html(client, list_url(unconference)), popular)

    assert "You voted for this" in as_voter and "<form" not in as_voter
    assert "You voted for this" not in as_member and "<form" not in as_member


@pytest.mark.parametrize("counts_hidden", [True, False])
def test_organiser_controls_never_reach_a_member(client, member, organiser, counts_hidden):
    unconference = UnconferenceFactory(hide_counts_until_closed=counts_hidden)
    proposal = ProposalFactory(unconference=unconference, status="submitted")
    service.cast_vote(proposal, UserFactory())
    review_url = reverse("community:proposal-review", kwargs={"slug": unconference.slug, "pk": proposal.pk})

    client.force_login(organiser)
    as_organiser = card(page_html(client, list_url(unconference)), proposal)
    client.force_login(member)
    as_member = card(page_html(client, list_url(unconference)), proposal)
    client.force_login(organiser)
    as_organiser_again = card(page_html(client, list_url(unconference)), proposal)

    assert "1 vote<" in as_organiser and "Waiting for review" in as_organiser and review_url in as_organiser
    if counts_hidden:
        assert "1 vote<" not in as_member and "Vote count hidden until voting closes" in as_member
    assert "Waiting for review" not in as_member and review_url not in as_member
    assert as_organiser_again == as_organiser


def test_a_plain_vote_from_a_cached_card_carries_this_readers_token_and_page(unconference, proposals, member):
    quiet = proposals[1]
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = list_url(unconference, '?sort=newest&format=workshop&x="<a>')
    client.get(page)  # the cards are kept

    html = client.get(page).content.decode()
    form = card(html, quiet)
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', form)[1]
    assert 'name="next" value="/community/unconferences/' in form
    assert "&amp;x=%22%3Ca%3E" in form or "&amp;x=&quot;&lt;a&gt;" in form
    vote_url = reverse("community:proposal-vote", kwargs={"slug": unconference.slug, "pk": quiet.pk})
    next_url = re.search(r'name="next" value="([^"]+)"', form)[1].replace("&amp;", "&")

    response = client.post(vote_url, {"csrfmiddlewaretoken": token, "next": next_url, "action": "add"})

    assert response.status_code == 302 and response.url == next_url
    assert quiet.votes.filter(user=member).exists()


def test_text_looking_like_a_hole_stays_text(client, unconference, member):
    proposal = ProposalFactory(unconference=unconference, title="<csrf-token> and <next-url>")
    client.force_login(member)
    client.get(list_url(unconference))

    html = client.get(list_url(unconference)).content.decode()

    assert "&lt;csrf-token&gt; and &lt;next-url&gt;</a></h2>" in card(html, proposal)


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_the_page_works_with_the_cache_down(client, unconference, proposals, member):
    client.force_login(member)

    html = page_html(client, list_url(unconference))

    assert "1 vote<" in card(html, proposals[0]) and "Citizens’ juries" in card(html, proposals[1])
    assert "2 of 2 votes left" in html
