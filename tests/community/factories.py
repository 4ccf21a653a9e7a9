import datetime

import factory
from django.utils import timezone

from community.models import Category, Meeting, Post, Topic


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting a week from now, 10:00–11:00 UK time, 20 places."""

    class Meta:
        model = Meeting

    slug = factory.Sequence(lambda n: f"community-meeting-{n}")
    title_en = factory.Sequence(lambda n: f"Community of practice meeting {n}")
    title_cy = factory.Sequence(lambda n: f"Cyfarfod cymuned ymarfer {n}")
    description_en = "Monthly meeting of practitioners working on public participation in data and AI."
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + datetime.timedelta(hours=1))
    online_link = "https://meet.example.org/community"
    capacity = 20


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_cy = factory.Sequence(lambda n: f"Categori {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic row only: use the forum services to add posts so counters stay right."""

    class Meta:
        model = Topic

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"How do you recruit a citizens’ panel? ({n})")


__all__ = ["CategoryFactory", "MeetingFactory", "Post", "TopicFactory"]
