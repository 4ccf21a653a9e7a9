"""The register's lists are kept in the cache per content version: a repeat visit costs no
queries, and any audited write moves the version once it commits, so nobody sees a stale list."""

import pytest
from django.test import override_settings
from django.urls import reverse

from participation.services import engagement
from tests.participation.engagement.factories import ActivityFactory
from tests.participation.engagement.test_staff_services import complete_activity

pytestmark = pytest.mark.django_db

LIST = reverse("register:activity-list")


def test_a_repeat_visit_is_served_from_the_cache_without_queries(client, organisation, django_assert_num_queries):
    ActivityFactory(organisation=organisation, title_en="Published workshop", published=True)
    first = client.get(LIST, {"organisation": organisation.slug})

    with django_assert_num_queries(0):
        again = client.get(LIST, {"organisation": organisation.slug})

    assert "Published workshop" in first.text and "Published workshop" in again.text
    # Only the cached parts are shared: each page still has its own nonce.
    assert first.headers["Content-Security-Policy"] != again.headers["Content-Security-Policy"]


def test_publishing_moves_the_version_so_the_list_shows_the_new_record(
    client, organisation, editor, django_capture_on_commit_callbacks
):
    client.get(LIST)
    activity = complete_activity(organisation, title_en="Citizens’ panel on data sharing")

    with django_capture_on_commit_callbacks(execute=True):
        engagement.publish_activity(activity=activity, published_by=editor)

    assert "Citizens’ panel on data sharing" in client.get(LIST).text


def test_withdrawing_takes_the_record_off_the_cached_list(
    client, organisation, editor, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(organisation=organisation, title_en="Published workshop", published=True)
    assert "Published workshop" in client.get(LIST).text

    with django_capture_on_commit_callbacks(execute=True):
        engagement.withdraw(record=activity, withdrawn_by=editor, reason="Published by mistake")

    assert "Published workshop" not in client.get(LIST).text


def test_a_change_not_yet_committed_is_not_announced(client, organisation, editor, django_capture_on_commit_callbacks):
    """The version moves on commit: a rolled-back write leaves the cached list as it was."""
    activity = ActivityFactory(organisation=organisation, title_en="Published workshop", published=True)
    client.get(LIST)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        engagement.withdraw(record=activity, withdrawn_by=editor, reason="Published by mistake")

    assert len(callbacks) == 1
    assert "Published workshop" in client.get(LIST).text


def test_each_language_and_query_is_kept_apart(client, organisation):
    ActivityFactory(organisation=organisation, title_en="Workshop", title_cy="Gweithdy", published=True)

    assert "Workshop" in client.get(LIST).text
    assert "Gweithdy" in client.get(f"/cy{LIST}").text
    assert "No published activities match" in client.get(LIST, {"q": "nothing-matches-this"}).text
    assert "Workshop" in client.get(LIST).text


def test_a_page_reporting_bad_filters_is_not_kept(client, organisation):
    ActivityFactory(organisation=organisation, title_en="Workshop", published=True)

    for _ in range(2):
        response = client.get(LIST, {"method": "nonsense"})
        assert "govuk-error-summary" in response.text
        assert response.text.count("Error:") >= 1


def test_htmx_gets_the_cached_results_alone(client, organisation):
    ActivityFactory(organisation=organisation, title_en="Workshop", published=True)
    client.get(LIST)

    response = client.get(LIST, headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<div id="register-results"')
    assert "Workshop" in response.text
    assert "HX-Request" in response.headers["Vary"]


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_the_register_still_works_when_the_cache_is_down(client, organisation):
    """Port 1 refuses connections: the page is rendered as if nothing were cached."""
    ActivityFactory(organisation=organisation, title_en="Workshop", published=True)

    response = client.get(LIST)

    assert response.status_code == 200
    assert "Workshop" in response.text


def test_an_activity_page_is_kept_until_the_activity_changes(
    client, organisation, editor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(organisation=organisation, title_en="Workshop on data sharing", published=True)
    client.get(activity.get_absolute_url())

    with django_assert_num_queries(0):
        assert "Workshop on data sharing" in client.get(activity.get_absolute_url()).text

    with django_capture_on_commit_callbacks(execute=True):
        engagement.update_activity(activity=activity, changed_by=editor, title_en="Workshop on sharing health data")

    page = client.get(activity.get_absolute_url()).text
    assert "Workshop on sharing health data" in page
    assert "<title>Workshop on sharing health data" in page


def test_an_unknown_activity_is_a_404_each_time(client):
    for _ in range(2):
        assert client.get(reverse("register:activity-detail", kwargs={"slug": "no-such-activity"})).status_code == 404


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_an_in_memory_cache_is_not_used_for_pages(client, organisation, django_assert_num_queries):
    """The embedded defaults' cache lives in each process: a worker's write could not move the web
    process's version, so pages are built every time."""
    ActivityFactory(organisation=organisation, title_en="Workshop", published=True)
    client.get(LIST)

    with django_assert_num_queries(4):
        assert "Workshop" in client.get(LIST).text
