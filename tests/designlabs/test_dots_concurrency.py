"""Dot limits hold when one person's dots arrive at the same moment (real Postgres, one connection
per thread).

Without the advisory lock in `add_dot` (tried by making `_lock_dots` do nothing), the
first test fails: every thread counts 0–2 existing dots before any commits, so all 8 insert and the
person ends with 8 dots against a limit of 3.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from designlabs.models import Dot, Output
from designlabs.services import outputs as service
from tests.designlabs.factories import LabFactory, OutputFactory, ParticipantFactory, SessionFactory

THREADS = 8


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


def assert_counts_match_rows(lab):
    for output in Output.objects.filter(lab=lab):
        assert output.dot_count == Dot.objects.filter(output=output).count()


@pytest.fixture
def lab_and_voter(transactional_db):
    lab = LabFactory(dots_per_participant=3)
    voter = ParticipantFactory(lab=lab).user
    return lab, voter, SessionFactory(lab=lab)


def test_concurrent_dots_on_many_outputs_record_exactly_the_limit(lab_and_voter):
    lab, voter, session = lab_and_voter
    outputs = [OutputFactory(session=session) for _ in range(THREADS)]

    errors, refused = run_at_once([lambda o=o: service.add_dot(o, voter) for o in outputs])

    assert errors == []
    assert len(refused) == THREADS - 3
    assert all(exc.code == "limit" for exc in refused)
    assert Dot.objects.filter(user=voter).count() == 3
    assert_counts_match_rows(lab)


def test_concurrent_dots_stacked_on_one_output_stop_at_the_limit(lab_and_voter):
    lab, voter, session = lab_and_voter
    output = OutputFactory(session=session)

    errors, refused = run_at_once([lambda: service.add_dot(output, voter) for _ in range(THREADS)])

    assert errors == []
    assert len(refused) == THREADS - 3
    output.refresh_from_db()
    assert output.dot_count == 3 == Dot.objects.count()


def test_many_people_dotting_at_once_all_count(lab_and_voter):
    lab, _voter, session = lab_and_voter
    output = OutputFactory(session=session)
    voters = [ParticipantFactory(lab=lab).user for _ in range(THREADS)]

    errors, refused = run_at_once([lambda v=v: service.add_dot(output, v) for v in voters])

    assert (errors, refused) == ([], [])
    output.refresh_from_db()
    assert output.dot_count == THREADS == Dot.objects.count()


def test_adding_and_removing_at_once_keeps_the_counts_true(lab_and_voter):
    lab, voter, session = lab_and_voter
    outputs = [OutputFactory(session=session) for _ in range(4)]
    for output in outputs[:3]:
        service.add_dot(output, voter)

    calls = [lambda o=o: service.remove_dot(o, voter) for o in outputs[:2]]
    calls += [lambda o=o: service.add_dot(o, voter) for o in outputs[2:]] * 3
    errors, _refused = run_at_once(calls)

    assert errors == []
    assert Dot.objects.filter(user=voter).count() <= 3
    assert_counts_match_rows(lab)
