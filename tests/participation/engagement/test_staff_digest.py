import datetime

from participation.models import EmailDelivery, NotificationKind, NotificationPreference
from participation.services import engagement
from tests.participation.engagement.factories import ActivityFactory, RecommendationFactory

TODAY = datetime.date(2026, 11, 23)  # a Monday


def overdue(organisation, **kwargs):
    return RecommendationFactory(
        activity=ActivityFactory(organisation=organisation, title_en="Parents’ panel"),
        due_on=TODAY - datetime.timedelta(days=3),
        **kwargs,
    )


def test_digest_is_sent_once_a_week_even_when_run_twice(
    organisation, editor, org_admin, member, other_org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    recommendation = overdue(organisation, reference="R7", text_en="Let teachers override the mark")

    with django_capture_on_commit_callbacks(execute=True):
        first = engagement.send_overdue_response_digests(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        engagement.send_overdue_response_digests(today=TODAY + datetime.timedelta(days=2))

    assert first == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([editor.email, org_admin.email])
    message = mailoutbox[0]
    assert message.subject == "1 response to a recommendation is overdue"
    assert "\nR7 (Parents’ panel), due 2026-11-20\n" in message.body
    assert (
        f"/manage/activities/{recommendation.activity.slug}/recommendations/{recommendation.pk}/response/"
        in message.body
    )
    assert "List-Unsubscribe" in message.extra_headers
    assert EmailDelivery.objects.filter(kind=NotificationKind.OVERDUE_RESPONSES).count() == 2


def test_digest_is_sent_again_the_next_week(organisation, editor, mailoutbox, django_capture_on_commit_callbacks):
    overdue(organisation)

    with django_capture_on_commit_callbacks(execute=True):
        engagement.send_overdue_response_digests(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        engagement.send_overdue_response_digests(today=TODAY + datetime.timedelta(days=7))

    assert [m.to[0] for m in mailoutbox] == [editor.email, editor.email]


def test_digest_leaves_out_done_and_not_yet_due_recommendations(organisation, editor, mailoutbox):
    overdue(organisation, done_on=TODAY)
    RecommendationFactory(activity=ActivityFactory(organisation=organisation), due_on=TODAY)

    sent = engagement.send_overdue_response_digests(today=TODAY)

    assert sent == 0
    assert not EmailDelivery.objects.exists()


def test_digest_respects_the_editors_preference(organisation, editor):
    overdue(organisation)
    NotificationPreference.objects.create(user=editor, kind=NotificationKind.OVERDUE_RESPONSES, is_enabled=False)

    sent = engagement.send_overdue_response_digests(today=TODAY)

    assert sent == 0
