"""The shared search helpers: search_newest ranks the newest matches only, best first, and
CappedPaginator counts a queryset or search_newest's list up to its cap."""

import datetime

import pytest
from django.utils import timezone

from participation.models import Activity
from participation.services.search import CappedPaginator, search_newest
from tests.participation.engagement.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def make(title: str, *, days_old: int, summary: str = "A workshop.") -> Activity:
    activity = ActivityFactory(title_en=title, summary_en=summary)
    Activity.objects.filter(pk=activity.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_old))
    return activity


def test_search_newest_puts_the_best_match_first_then_the_newest():
    once_old = make("Budget jury", days_old=3)
    twice = make("Budget jury on the budget", days_old=2, summary="Budget choices.")
    once_new = make("Budget jury again", days_old=1)
    make("Transport panel", days_old=0)

    found = search_newest(Activity.objects.all(), "budget", limit=10)

    assert found == [twice.pk, once_new.pk, once_old.pk]


def test_search_newest_ranks_only_the_newest_matches():
    make("Budget budget budget, the best match", days_old=9, summary="Budget budget.")
    newer = [make(f"Budget jury {n}", days_old=n) for n in range(3)]

    found = search_newest(Activity.objects.all(), "budget", limit=3)

    assert sorted(found) == sorted(activity.pk for activity in newer)


def test_search_newest_finds_welsh_words_and_nothing_for_blank_text():
    make("Cyllideb gyfranogol", days_old=1)

    assert len(search_newest(Activity.objects.all(), "cyllideb", limit=10)) == 1
    assert search_newest(Activity.objects.all(), "   ", limit=10) == []


def test_capped_paginator_counts_a_list_or_a_queryset_up_to_the_cap():
    for n in range(5):
        make(f"Jury {n}", days_old=n)

    from_queryset = CappedPaginator(Activity.objects.order_by("pk"), 2, cap=3)
    from_list = CappedPaginator(list(range(4)), 2, cap=3)
    few = CappedPaginator(list(range(2)), 2, cap=3)

    assert (from_queryset.count, from_queryset.is_capped) == (4, True)
    assert (from_list.count, from_list.is_capped, from_list.num_pages) == (4, True, 2)
    assert (few.count, few.is_capped) == (2, False)
