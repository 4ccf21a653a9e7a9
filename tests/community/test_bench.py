"""The community part of the benchmark data set (seed_bench): counters that match the rows."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q

from community.models import RSVP, Category, Flag, Interest, Meeting, Post, Profile, RSVPStatus, Topic

SCALE = "0.002"  # 4 topics, 100 posts, 1 meeting, 40 RSVPs wanted (20 users, so 20)


@pytest.fixture
def seeded(db):
    out = io.StringIO()
    call_command("seed_bench", "--scale", SCALE, stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    return {
        "posts": list(Post.objects.order_by("id").values_list("id", "topic_id", "number", "body", "created_at")),
        "topics": list(
            Topic.objects.order_by("id").values_list("id", "post_count", "last_post_at", "last_post_author_id")
        ),
        "rsvps": list(RSVP.objects.order_by("id").values_list("id", "meeting_id", "user_id", "status")),
        "profiles": sorted(Profile.objects.values_list("user__email", "interests__slug")),
    }


def test_seed_bench_forum_counters_match_the_visible_posts(seeded):
    assert "community took" in seeded
    topics = Topic.objects.filter(category__slug__startswith="bench-")
    assert topics.count() == 4
    assert Post.objects.filter(topic__in=topics).count() == 100
    counted = topics.annotate(
        visible=Count("posts", filter=Q(posts__is_hidden=False, posts__is_held=False)),
        last=Max("posts__created_at", filter=Q(posts__is_hidden=False, posts__is_held=False)),
        rows=Count("posts"),
        top=Max("posts__number"),
    )
    for topic in counted:
        assert topic.post_count == topic.visible > 0
        assert topic.last_post_at == topic.last
        assert topic.top == topic.rows  # numbered 1..n
        last = topic.posts.filter(is_hidden=False, is_held=False).order_by("-number").first()
        assert topic.last_post_author_id == last.author_id
        first = topic.posts.get(number=1)
        assert (topic.author_id, topic.created_at) == (first.author_id, first.created_at)
        times = list(topic.posts.order_by("number").values_list("created_at", flat=True))
        assert times == sorted(set(times))
    for category in Category.objects.filter(slug__startswith="bench-"):
        mine = topics.filter(category=category, post_count__gt=0)
        assert category.topic_count == mine.count()
        assert category.last_post_at == mine.aggregate(last=Max("last_post_at"))["last"]


def test_seed_bench_longest_topic_has_at_least_fifty_posts_all_visible(seeded):
    longest = Topic.objects.order_by("-post_count").first()

    assert longest.post_count == longest.posts.count() == 50
    assert not Topic.objects.exclude(pk=longest.pk).filter(post_count__gte=50).exists()
    assert not longest.posts.filter(is_hidden=True).exists()


def test_seed_bench_hidden_posts_have_resolved_flags(seeded):
    for post in Post.objects.filter(is_hidden=True):
        assert post.hidden_reason and post.number > 1
        assert post.flags.exists() and not post.flags.filter(resolved_at__isnull=True).exists()
    assert not Flag.objects.filter(resolved_at__isnull=False, post__is_hidden=False).exists()


def test_seed_bench_meeting_counts_match_the_rsvps(seeded):
    meetings = Meeting.objects.filter(slug__startswith="bench-").annotate(
        going=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.GOING)),
        waiting=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.WAITLISTED)),
        answers=Count("rsvps"),
        people=Count("rsvps__user", distinct=True),
    )
    assert meetings.count() == 1
    for meeting in meetings:
        assert (meeting.going_count, meeting.waitlist_count) == (meeting.going, meeting.waiting)
        assert meeting.answers == meeting.people == 20  # one answer per member, as many as there are members
        if meeting.waitlist_count:
            assert meeting.going_count == meeting.capacity
        if meeting.capacity is not None:
            assert meeting.going_count <= meeting.capacity
        assert meeting.ends_at > meeting.starts_at
    waiting = RSVP.objects.filter(status=RSVPStatus.WAITLISTED)
    assert not waiting.filter(waitlisted_at__isnull=True).exists()
    assert not RSVP.objects.exclude(status=RSVPStatus.WAITLISTED).filter(waitlisted_at__isnull=False).exists()


def test_seed_bench_meetings_at_a_larger_scale_include_full_ones_over_twenty_years(db):
    call_command("seed_bench", "--scale", "0.05", stdout=io.StringIO())

    meetings = Meeting.objects.filter(slug__startswith="bench-")
    assert meetings.count() == 12
    assert RSVP.objects.count() == 1000
    assert meetings.filter(waitlist_count__gt=0).exists()
    assert meetings.filter(capacity__isnull=True).exists()
    starts = sorted(meetings.values_list("starts_at", flat=True))
    assert (starts[-1] - starts[0]).days > 18 * 365  # every 20 months over the 20 years of monthly meetings


def test_seed_bench_lists_a_tenth_of_the_members_with_interests(seeded):
    profiles = Profile.objects.filter(user__email__startswith="bench-")

    assert profiles.count() == 2
    assert all(profile.is_listed and profile.interests.exists() for profile in profiles)
    assert Interest.objects.filter(slug__startswith="bench-").count() == 12


def test_seed_bench_reset_rebuilds_the_same_community(seeded):
    first = _snapshot()

    call_command("seed_bench", "--scale", SCALE, "--reset", stdout=io.StringIO())

    assert _snapshot() == first
    assert Topic.objects.count() == 4
    assert Meeting.objects.count() == 1
    assert Interest.objects.count() == 12
