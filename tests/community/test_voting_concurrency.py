"""Vote limits hold when one member's votes arrive at the same moment (real Postgres, one
connection per thread): QUALITY.md I10, 20 parallel votes by one user count once."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from community.models import Proposal, Vote
from community.services import unconference as service
from tests.community.unconference_factories import ProposalFactory, UnconferenceFactory
from tests.participation.factories import UserFactory

THREADS = 8
PARALLEL = 20  # I10's figure


def run_at_once(calls):
    barrier = threading.Barrier(len(calls))
    errors, refused = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except service.ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return errors, refused


def assert_counts_match_rows(unconference):
    for proposal in Proposal.objects.filter(unconference=unconference):
        assert proposal.vote_count == Vote.objects.filter(proposal=proposal).count()


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_for_more_proposals_than_the_limit_record_exactly_the_limit():
    unconference = UnconferenceFactory(votes_per_member=3)
    proposals = [ProposalFactory(unconference=unconference) for _ in range(THREADS)]
    voter = UserFactory()

    errors, refused = run_at_once([lambda p=p: service.cast_vote(p, voter) for p in proposals])

    assert errors == []
    assert len(refused) == THREADS - 3
    assert all(exc.code == "limit" for exc in refused)
    assert Vote.objects.filter(user=voter).count() == 3
    assert_counts_match_rows(unconference)


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_for_one_proposal_count_once():
    unconference = UnconferenceFactory()
    proposal = ProposalFactory(unconference=unconference)
    voter = UserFactory()

    errors, refused = run_at_once([lambda: service.cast_vote(proposal, voter) for _ in range(PARALLEL)])

    assert (errors, refused) == ([], [])
    proposal.refresh_from_db()
    assert proposal.vote_count == 1 == Vote.objects.count()


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_htmx_votes_by_one_member_count_once_and_each_answer_says_so():
    unconference = UnconferenceFactory(votes_per_member=3)
    proposal = ProposalFactory(unconference=unconference)
    voter = UserFactory()
    signed_in = Client(headers={"HX-Request": "true"})
    signed_in.force_login(voter)
    vote_url = reverse("community:proposal-vote", kwargs={"slug": unconference.slug, "pk": proposal.pk})
    answers = []

    def vote():
        client = Client(headers={"HX-Request": "true"})
        client.cookies = signed_in.cookies
        answers.append(client.post(vote_url, {"action": "add"}))

    errors, refused = run_at_once([vote] * PARALLEL)

    assert (errors, refused) == ([], [])
    assert [answer.status_code for answer in answers] == [200] * PARALLEL
    assert all("1 vote<" in a.text and "2 of 3 votes left" in a.text for a in answers)
    proposal.refresh_from_db()
    assert proposal.vote_count == 1 == Vote.objects.count()


@pytest.mark.django_db(transaction=True)
def test_many_members_voting_at_once_all_count():
    unconference = UnconferenceFactory(votes_per_member=1)
    proposal = ProposalFactory(unconference=unconference)
    voters = [UserFactory() for _ in range(PARALLEL)]

    errors, refused = run_at_once([lambda v=v: service.cast_vote(proposal, v) for v in voters])

    assert (errors, refused) == ([], [])
    proposal.refresh_from_db()
    assert proposal.vote_count == PARALLEL == Vote.objects.count()


@pytest.mark.django_db(transaction=True)
def test_many_members_taking_back_votes_at_once_all_count():
    unconference = UnconferenceFactory(votes_per_member=1)
    proposal = ProposalFactory(unconference=unconference)
    voters = [UserFactory() for _ in range(PARALLEL)]
    for voter in voters:
        service.cast_vote(proposal, voter)
    keep = voters.pop()

    errors, refused = run_at_once([lambda v=v: service.remove_vote(proposal, v) for v in voters])

    assert (errors, refused) == ([], [])
    proposal.refresh_from_db()
    assert proposal.vote_count == 1 == Vote.objects.filter(user=keep).count() == Vote.objects.count()


@pytest.mark.django_db(transaction=True)
def test_adding_and_removing_at_once_keeps_the_counts_true():
    unconference = UnconferenceFactory(votes_per_member=2)
    proposals = [ProposalFactory(unconference=unconference) for _ in range(4)]
    voter = UserFactory()
    service.cast_vote(proposals[0], voter)
    service.cast_vote(proposals[1], voter)

    calls = [lambda: service.remove_vote(proposals[0], voter), lambda: service.remove_vote(proposals[1], voter)]
    calls += [lambda p=p: service.cast_vote(p, voter) for p in proposals[2:]] * 2
    errors, _refused = run_at_once(calls)

    assert errors == []
    assert Vote.objects.filter(user=voter).count() <= 2
    assert_counts_match_rows(unconference)
