"""Subscribing to guidance and its topics, and the email a major change sends: once per person."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from guidance.models import GuidanceVersion, Subscription
from guidance.services import subscriptions as subscription_service
from guidance.services import workflow
from participation.models import EmailDelivery, NotificationKind
from participation.services import email as email_service
from tests.guidance.factories import publish, published_document, revise
from tests.participation.factories import UserFactory

pytestmark = pytest.mark.django_db


# Pages


def test_subscribing_to_a_document_from_its_page(client, guidance_document, member):
    client.force_login(member)
    url = guidance_document.get_absolute_url()

    response = client.post(
        reverse("guidance:document-subscribe", args=[guidance_document.slug]), {"action": "subscribe", "next": url}
    )

    assert response.status_code == 302
    assert response.url == url
    assert list(Subscription.objects.values_list("user", "document", "topic")) == [
        (member.pk, guidance_document.pk, "")
    ]
    page = client.get(url)
    assert "You have subscribed to" in page.text
    assert 'name="action" value="unsubscribe"' in page.text


def test_subscribing_twice_keeps_one_subscription_and_unsubscribe_removes_it(client, guidance_document, member):
    client.force_login(member)
    url = reverse("guidance:document-subscribe", args=[guidance_document.slug])

    client.post(url, {"action": "subscribe"})
    client.post(url, {"action": "subscribe"})
    assert Subscription.objects.filter(user=member).count() == 1

    response = client.post(url, {"action": "unsubscribe"})
    assert response.url == guidance_document.get_absolute_url()
    assert Subscription.objects.filter(user=member).count() == 0


def test_subscribe_redirects_only_to_our_own_pages(client, guidance_document, member):
    client.force_login(member)

    response = client.post(
        reverse("guidance:document-subscribe", args=[guidance_document.slug]), {"next": "https://evil.example/"}
    )

    assert response.url == guidance_document.get_absolute_url()


def test_subscribing_to_a_topic(client, member):
    client.force_login(member)

    response = client.post(reverse("guidance:topic-subscribe", args=["official_statistics"]), {"next": "//evil"})

    assert response.url == reverse("guidance:document-list")
    assert list(Subscription.objects.values_list("topic", flat=True)) == ["official_statistics"]
    client.post(reverse("guidance:topic-subscribe", args=["official_statistics"]), {"action": "unsubscribe"})
    assert Subscription.objects.count() == 0


def test_subscribing_to_an_unknown_topic_or_unpublished_document_is_not_found(client, member, unpublished_document):
    client.force_login(member)

    assert client.post(reverse("guidance:topic-subscribe", args=["nonsense"])).status_code == 404
    assert client.post(reverse("guidance:document-subscribe", args=[unpublished_document.slug])).status_code == 404


def test_subscribe_needs_a_post(client, member, guidance_document):
    client.force_login(member)

    response = client.get(reverse("guidance:document-subscribe", args=[guidance_document.slug]))

    assert response.status_code == 405
    assert Subscription.objects.count() == 0


def test_anonymous_subscribe_goes_to_sign_in(client, guidance_document):
    response = client.post(reverse("guidance:document-subscribe", args=[guidance_document.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Subscription.objects.count() == 0


def test_my_subscriptions_lists_mine_only(client, guidance_document, member, outsider):
    mine = subscription_service.subscribe(user=member, document=guidance_document)
    subscription_service.subscribe(user=member, topic="data_sharing")
    theirs = subscription_service.subscribe(user=outsider, topic="procurement")
    client.force_login(member)

    response = client.get(reverse("guidance:subscriptions"))

    assert guidance_document.title_en in response.text
    assert "Topic: Public participation in data sharing through the National Data Library" in response.text
    assert "Topic: Public participation in procurement" not in response.text
    assert reverse("guidance:subscription-delete", args=[mine.pk]) in response.text
    assert reverse("guidance:subscription-delete", args=[theirs.pk]) not in response.text
    assert reverse("account-notifications") in response.text


def test_my_subscriptions_empty_state(client, member):
    client.force_login(member)

    response = client.get(reverse("guidance:subscriptions"))

    assert "You have not subscribed to any guidance yet." in response.text


def test_unsubscribing_asks_first_then_removes(client, guidance_document, member):
    subscription = subscription_service.subscribe(user=member, document=guidance_document)
    client.force_login(member)
    url = reverse("guidance:subscription-delete", args=[subscription.pk])

    confirm = client.get(url)
    assert f"Stop emails about “{guidance_document.title_en}”?" in confirm.text
    assert Subscription.objects.count() == 1

    response = client.post(url)
    assert response.url == reverse("guidance:subscriptions")
    assert Subscription.objects.count() == 0


def test_someone_elses_subscription_is_not_found(client, guidance_document, member, outsider):
    subscription = subscription_service.subscribe(user=outsider, document=guidance_document)
    client.force_login(member)
    url = reverse("guidance:subscription-delete", args=[subscription.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Subscription.objects.count() == 1


def test_my_subscriptions_query_count(client, django_assert_num_queries, organisation, member, guidance_document):
    client.force_login(member)
    for size in (1, 5):
        Subscription.objects.filter(user=member).delete()
        for n in range(size):
            document = published_document(
                organisation=organisation,
                editor=guidance_document.created_by,
                reviewer=guidance_document.current_version.approved_by,
                title_en=f"Subscribed {size} {n}",
            )
            subscription_service.subscribe(user=member, document=document)
        # 1 session, 2 user (with the layout's MFA check: authenticators, platform roles, org admin
        # memberships), 3 count, 4 subscriptions with documents
        with django_assert_num_queries(4):
            response = client.get(reverse("guidance:subscriptions"))
        assert len(response.context["subscriptions"]) == size


# The email


def publish_major(document, *, editor, reviewer, note="Added a section on paying participants."):
    return revise(document, editor=editor, reviewer=reviewer, note=note)


def send_deliveries():
    """Send what is still pending, as the periodic sweep would (the review requests are not ours to test)."""
    pending = EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING, kind=NotificationKind.GUIDANCE_UPDATES)
    for delivery in pending:
        email_service.send_delivery(delivery_id=delivery.pk)


def test_major_change_emails_each_subscriber_exactly_once(
    guidance_document, guidance_editor, guidance_reviewer, member, outsider, django_capture_on_commit_callbacks
):
    subscription_service.subscribe(user=member, document=guidance_document)
    subscription_service.subscribe(user=outsider, topic=guidance_document.topic)
    version = publish_major(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        first = subscription_service.notify_subscribers(version_id=version.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second = subscription_service.notify_subscribers(version_id=version.pk)
    # As if a worker had died after queueing the emails but before recording that it had.
    GuidanceVersion.objects.filter(pk=version.pk).update(subscribers_notified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        third = subscription_service.notify_subscribers(version_id=version.pk)
    send_deliveries()

    assert (first, second) == (2, 0)  # the second run sees the notice already done
    assert third == 2  # the interrupted run finds the same two delivery rows
    deliveries = EmailDelivery.objects.filter(kind=NotificationKind.GUIDANCE_UPDATES)
    assert sorted(deliveries.values_list("to_email", flat=True)) == sorted([member.email, outsider.email])
    assert set(deliveries.values_list("status", flat=True)) == {EmailDelivery.Status.SENT}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([member.email, outsider.email])
    message = mail.outbox[0]
    assert message.subject == f"Guidance updated: {guidance_document.title_en} (version 2.0)"
    assert "Added a section on paying participants." in message.body
    assert f"http://127.0.0.1:8000/guidance/{guidance_document.slug}/" in message.body
    assert f"/guidance/{guidance_document.slug}/history/" in message.body
    assert "/unsubscribe/" in message.body
    assert "because you subscribed" in message.body
    html = message.alternatives[0].content
    assert f'href="http://127.0.0.1:8000/guidance/{guidance_document.slug}/"' in html


def test_subscriber_to_document_and_topic_gets_one_email(
    guidance_document, guidance_editor, guidance_reviewer, member, django_capture_on_commit_callbacks
):
    subscription_service.subscribe(user=member, document=guidance_document)
    subscription_service.subscribe(user=member, topic=guidance_document.topic)
    version = publish_major(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        subscription_service.notify_subscribers(version_id=version.pk)

    assert [message.to for message in mail.outbox] == [[member.email]]


def test_minor_change_emails_nobody(
    guidance_document, guidance_editor, guidance_reviewer, member, django_capture_on_commit_callbacks
):
    subscription_service.subscribe(user=member, document=guidance_document)
    version = revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer, change_type="minor")

    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_service.notify_subscribers(version_id=version.pk) == 0

    assert EmailDelivery.objects.filter(kind=NotificationKind.GUIDANCE_UPDATES).count() == 0
    assert mail.outbox == []


def test_welsh_subscriber_gets_the_welsh_title_and_note(
    guidance_document, guidance_editor, guidance_reviewer, django_capture_on_commit_callbacks
):
    reader = UserFactory(preferred_language="cy")
    subscription_service.subscribe(user=reader, document=guidance_document)
    version = workflow_major_with_welsh_note(guidance_document, guidance_editor, guidance_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        subscription_service.notify_subscribers(version_id=version.pk)

    message = mail.outbox[0]
    assert guidance_document.title_cy in message.subject
    assert "Nodyn newid yn Gymraeg." in message.body
    assert f"http://127.0.0.1:8000/cy/guidance/{guidance_document.slug}/" in message.body


def workflow_major_with_welsh_note(document, editor, reviewer) -> GuidanceVersion:
    version = workflow.start_draft(document=document, created_by=editor)
    workflow.update_version(
        version=version,
        updated_by=editor,
        change_type="major",
        change_note_en="An English change note.",
        change_note_cy="Nodyn newid yn Gymraeg.",
    )
    return publish(version, editor=editor, reviewer=reviewer)


def test_requeue_missed_notices_sends_the_lost_notice_once(
    guidance_document, guidance_editor, guidance_reviewer, member, django_capture_on_commit_callbacks
):
    subscription_service.subscribe(user=member, document=guidance_document)
    # Published, but the notice task was lost with the broker (on-commit work never ran here).
    version = publish_major(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)
    GuidanceVersion.objects.filter(pk=version.pk).update(published_at=timezone.now() - timedelta(minutes=10))

    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_service.requeue_missed_notices() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert subscription_service.requeue_missed_notices() == 0

    assert [message.to for message in mail.outbox] == [[member.email]]
    version.refresh_from_db()
    assert version.subscribers_notified_at is not None


def test_requeue_leaves_recent_versions_to_their_own_task(
    guidance_document, guidance_editor, guidance_reviewer, member
):
    subscription_service.subscribe(user=member, document=guidance_document)
    publish_major(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)

    assert subscription_service.requeue_missed_notices() == 0
