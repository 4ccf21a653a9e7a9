"""The community part of the demo data (seed_demo, community/demo.py): profiles, the monthly call, the forum."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone

from community import demo
from community.models import (
    RSVP,
    Category,
    Flag,
    Interest,
    Meeting,
    MeetingSeries,
    Post,
    Profile,
    ReminderRun,
    RSVPStatus,
    Topic,
    TopicSubscription,
)
from participation.models import EmailDelivery

SEEDED_MODELS = (
    Profile,
    Interest,
    MeetingSeries,
    Meeting,
    RSVP,
    ReminderRun,
    Category,
    Topic,
    Post,
    Flag,
    TopicSubscription,
    EmailDelivery,
)


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_says_how_many_community_records_it_made(seeded):
    line = next(line for line in seeded.splitlines() if line.startswith("Community:"))

    assert int(line.split()[1]) > 50


def test_seed_demo_twice_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = {model: model.objects.count() for model in SEEDED_MODELS}
    counters = {
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "going_count", "waitlist_count")),
        "topics": list(Topic.objects.order_by("pk").values_list("pk", "post_count", "last_post_at")),
        "categories": list(Category.objects.order_by("pk").values_list("pk", "topic_count", "last_post_at")),
    }

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)

    assert {model: model.objects.count() for model in SEEDED_MODELS} == before
    assert "Community: 0 new records." in out.getvalue()
    assert (
        list(Meeting.objects.order_by("pk").values_list("pk", "going_count", "waitlist_count")) == counters["meetings"]
    )
    assert list(Topic.objects.order_by("pk").values_list("pk", "post_count", "last_post_at")) == counters["topics"]
    assert (
        list(Category.objects.order_by("pk").values_list("pk", "topic_count", "last_post_at")) == counters["categories"]
    )


def test_seeding_sends_no_email(seeded):
    assert not EmailDelivery.objects.exists()


def test_most_demo_people_have_a_listed_profile_with_interests(seeded):
    listed = Profile.objects.filter(is_listed=True)

    assert listed.count() >= 8
    assert Profile.objects.filter(is_listed=False).exists()
    assert not listed.filter(interests__isnull=True).exists()
    names = set(Interest.objects.values_list("name", flat=True))
    assert {"citizens' juries", "official statistics", "procurement", "Welsh language"} <= names
    # Every organisation named is one the person belongs to.
    for profile in Profile.objects.exclude(organisation=None):
        assert profile.user.memberships.filter(organisation=profile.organisation).exists()


def test_the_monthly_series_has_three_past_and_three_upcoming_calls(seeded):
    now = timezone.now()
    series = MeetingSeries.objects.get(title_en="Community of practice monthly call")
    meetings = Meeting.objects.filter(series=series)
    past = list(meetings.past(now))
    upcoming = list(meetings.upcoming(now))

    assert (series.week_of_month, series.weekday, series.start_time.hour, series.duration_minutes) == (1, 1, 10, 60)
    assert series.capacity == 40
    assert set(series.provisions) == {"captions", "bsl"}
    assert len(past) == 3 and len(upcoming) == 3
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        assert meeting.occurrence_date == local.date()
        assert (local.weekday(), local.hour, local.minute) == (1, 10, 0)  # Tuesday 10:00 UK time, summer or winter
        assert local.day <= 7
        assert meeting.sequence == 0
    for meeting in past:
        assert meeting.notes_en and meeting.slides_url and meeting.recording_url and meeting.attendance_count
        assert meeting.notes_published_at
        assert ReminderRun.objects.filter(meeting=meeting, kind="notes").exists()
    assert sum(bool(meeting.notes_cy) for meeting in past) >= 1
    assert sum(meeting.notes_public for meeting in past) == 2


def test_one_upcoming_call_is_full_with_two_on_the_waiting_list(seeded):
    full = Meeting.objects.get(capacity=5)

    assert full.ends_at > timezone.now()
    assert full.going_count == 5 and full.places_left == 0
    assert full.waitlist_count == 2
    waiting = list(full.rsvps.filter(status=RSVPStatus.WAITLISTED).order_by("waitlisted_at"))
    assert len(waiting) == 2 and all(rsvp.waitlisted_at for rsvp in waiting)


def test_meeting_counters_agree_with_the_rsvps(seeded):
    for meeting in Meeting.objects.annotate(
        going=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.GOING)),
        waiting=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.WAITLISTED)),
    ):
        assert (meeting.going_count, meeting.waitlist_count) == (meeting.going, meeting.waiting), meeting
        if meeting.capacity is not None:
            assert meeting.going_count <= meeting.capacity
    assert RSVP.objects.filter(meeting__ends_at__gt=timezone.now()).count() >= 10


def test_the_forum_has_the_five_categories_with_topics(seeded):
    assert list(Category.objects.values_list("name_en", flat=True)) == [
        "Getting started",
        "Methods and practice",
        "Official statistics",
        "Procurement",
        "Wales",
    ]
    assert not Category.objects.filter(topic_count=0).exists()
    welcome = Topic.objects.get(is_pinned=True)
    assert welcome.category.slug == "getting-started"
    assert Topic.objects.filter(is_locked=True).count() == 1
    flag = Flag.objects.get()
    assert flag.resolved_at is None and flag.post.is_visible
    assert Post.objects.exclude(quoted=None).exists()


def test_forum_counters_agree_with_the_posts(seeded):
    for topic in Topic.objects.annotate(posts_n=Count("posts"), numbers=Max("posts__number")):
        last = topic.posts.order_by("-number").first()
        assert topic.post_count == topic.posts_n == topic.numbers
        assert list(topic.posts.values_list("number", flat=True)) == list(range(1, topic.post_count + 1))
        assert topic.last_post_at == last.created_at
        assert topic.last_post_author_id == last.author_id
        assert topic.author_id == topic.posts.get(number=1).author_id
        assert topic.last_post_at <= timezone.now()
    for category in Category.objects.all():
        topics = Topic.objects.filter(category=category)
        assert category.topic_count == topics.count()
        assert category.last_post_at == topics.aggregate(last=Max("last_post_at"))["last"]


def test_seed_community_alone_can_run_before_the_people_exist(db):
    assert demo.seed_community({}) >= 0
    assert not Profile.objects.exists()
