"""No overbooking: people answering "going" at the same moment for the last places."""

import threading

import pytest
from django.db import close_old_connections, connection

from community.models import RSVP, RSVPStatus
from community.services import meetings as service
from tests.community.factories import MeetingFactory
from tests.participation.factories import UserFactory

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_rsvps_never_overbook():
    meeting = MeetingFactory(capacity=3)
    service.rsvp(meeting, UserFactory(), "going")
    service.rsvp(meeting, UserFactory(), "going")  # one place left
    people = [UserFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def answer(person):
        try:
            barrier.wait(timeout=10)
            service.rsvp(meeting, person, "going")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=answer, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()

    assert errors == []
    meeting.refresh_from_db()
    going = RSVP.objects.filter(meeting=meeting, status=RSVPStatus.GOING).count()
    waiting = RSVP.objects.filter(meeting=meeting, status=RSVPStatus.WAITLISTED).count()
    assert going == 3
    assert waiting == THREADS - 1
    assert (meeting.going_count, meeting.waitlist_count) == (going, waiting)
    # The waiting list has a strict order with no ties lost.
    assert RSVP.objects.filter(meeting=meeting, status=RSVPStatus.WAITLISTED, waitlisted_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_drop_outs_promote_exactly_as_many_as_left():
    meeting = MeetingFactory(capacity=3)
    going = [UserFactory() for _ in range(3)]
    waiting = [UserFactory() for _ in range(5)]
    for person in going + waiting:
        service.rsvp(meeting, person, "going")
    barrier = threading.Barrier(3)
    errors = []

    def drop_out(person):
        try:
            barrier.wait(timeout=10)
            service.rsvp(meeting, person, "not_going")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=drop_out, args=(person,)) for person in going]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()

    assert errors == []
    meeting.refresh_from_db()
    assert set(RSVP.objects.filter(meeting=meeting, status="going").values_list("user", flat=True)) == {
        p.pk for p in waiting[:3]
    }
    assert (meeting.going_count, meeting.waitlist_count) == (3, 2)
