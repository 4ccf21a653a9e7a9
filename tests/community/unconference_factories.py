"""Unconference test data. By default both windows are open now: proposals and votes are accepted."""

import datetime

import factory
from django.utils import timezone

from community.models import Proposal, Room, TimeSlot, Unconference
from tests.participation.factories import UserFactory

DAY = datetime.timedelta(days=1)


class UnconferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unconference

    slug = factory.Sequence(lambda n: f"unconference-{n}")
    title_en = factory.Sequence(lambda n: f"Participation unconference {n}")
    title_cy = factory.Sequence(lambda n: f"Anghynhadledd cyfranogiad {n}")
    description_en = "A day of sessions proposed and chosen by members."
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    proposals_open_at = factory.LazyFunction(lambda: timezone.now() - 7 * DAY)
    proposals_close_at = factory.LazyFunction(lambda: timezone.now() + 7 * DAY)
    voting_open_at = factory.LazyFunction(lambda: timezone.now() - DAY)
    voting_close_at = factory.LazyFunction(lambda: timezone.now() + 14 * DAY)
    votes_per_member = 5


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    unconference = factory.SubFactory(UnconferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 30
    location = "Ground floor"


class TimeSlotFactory(factory.django.DjangoModelFactory):
    """Hour-long slots on the unconference day, 10:00 onwards, one per sequence number."""

    class Meta:
        model = TimeSlot

    unconference = factory.SubFactory(UnconferenceFactory)
    starts_at = factory.LazyAttributeSequence(
        lambda slot, n: timezone.make_aware(
            datetime.datetime.combine(slot.unconference.date, datetime.time(10)) + datetime.timedelta(hours=n % 8)
        )
    )
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + datetime.timedelta(minutes=50))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    unconference = factory.SubFactory(UnconferenceFactory)
    title = factory.Sequence(lambda n: f"Session idea {n}: paying people for their time")
    description = "Let’s compare how we pay and thank participants."
    format = "discussion"
    facilitator = factory.SubFactory(UserFactory)
    status = "approved"
