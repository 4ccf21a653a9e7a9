"""Your data: a member downloads everything held about them, and can erase their account. Erasure
leaves no copy of their email address or name anywhere, and organisational records intact."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.urls import reverse

from community.models import Post
from participation.models import Activity, AuditEvent, Membership, Report, User
from participation.services import personal_data
from participation.services.reports import delete_expired_reports, render_report
from tests.participation.factories import TEST_PASSWORD, MembershipFactory, UserFactory

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def test_every_relation_to_the_user_has_an_erasure_rule(db):
    """A new foreign key to the user without a rule here fails: erasure would silently miss it."""
    assert {key for key, _model, _field in personal_data.user_relations()} == set(personal_data.ERASURE_RULES)


def _rows_mentioning(*texts: str) -> dict[str, int]:
    """How many rows of each table hold any of the texts in any text column."""
    found = {}
    for model in apps.get_models():
        match = Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS):
                for text in texts:
                    match |= Q(**{f"{field.attname}__icontains": text})
        if match and (count := model._default_manager.filter(match).count()):
            found[model._meta.label] = count
    return found


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email="public@example.org")


def test_erasing_a_demo_member_leaves_no_copy_of_their_email_or_name(demo):
    email, name = demo.email, demo.display_name
    assert _rows_mentioning(email, name)  # the demo member has left traces across the apps
    activities, posts, events = Activity.objects.count(), Post.objects.count(), AuditEvent.objects.count()
    posts_by_them = Post.objects.filter(author=demo).count()

    personal_data.erase_account(user=demo, erased_by=demo)

    assert _rows_mentioning(email, name) == {}
    demo.refresh_from_db()
    assert demo.display_name == "Former member"
    assert not demo.is_active and not demo.has_usable_password()
    assert (Activity.objects.count(), Post.objects.count()) == (activities, posts)
    assert Post.objects.filter(author=demo).count() == posts_by_them
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.filter(action="participation.user.erased", target_id=str(demo.pk)).exists()


def test_erasure_deletes_what_exists_only_for_the_person(organisation):
    person = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user

    personal_data.erase_account(user=person, erased_by=person)

    for key, model, field in personal_data.user_relations():
        if personal_data.ERASURE_RULES[key] == personal_data.DELETE:
            assert not model._default_manager.filter(**{field.name: person}).exists(), key


def test_only_the_person_can_erase_their_account(organisation, member, editor):
    with pytest.raises(personal_data.PermissionDenied):
        personal_data.erase_account(user=member, erased_by=editor)

    member.refresh_from_db()
    assert member.is_active


def test_the_export_holds_their_records_and_no_secrets(organisation):
    person = MembershipFactory(
        organisation=organisation, role=Membership.Role.EDITOR, user__email="person@example.org", user__mfa=True
    ).user
    report = Report.objects.create(kind=personal_data.PERSONAL_DATA_EXPORT, subject_id=str(person.pk), title="x")

    content, pages = personal_data.build_export(report)

    archive = zipfile.ZipFile(io.BytesIO(content))
    assert sorted(archive.namelist()) == ["README.txt", "data.json"]
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "person@example.org"
    assert [row["organisation_id"] for row in data["participation.Membership.user"]] == [str(organisation.pk)]
    assert "mfa.Authenticator.user" in data
    text = archive.read("data.json").decode()
    for secret in ('"password"', '"secret"', '"token_hash"', '"data"', person.password):
        assert secret not in text
    assert pages is None


def test_a_member_asks_for_their_data_and_downloads_the_zip(client, member):
    client.force_login(member)

    response = client.post(reverse("account-data"))

    report = Report.objects.get(kind=personal_data.PERSONAL_DATA_EXPORT)
    assert response["Location"] == report.get_absolute_url()
    assert report.requested_by == member
    render_report(report=report)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Download the ZIP file" in page
    download = client.get(reverse("report-download", kwargs={"pk": report.pk}))
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"] == 'attachment; filename="your-data.zip"'
    data = json.loads(zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).read("data.json"))
    assert data["account"]["email"] == member.email


def test_erasing_needs_the_email_typed_and_then_signs_the_person_out(client, db):
    person = UserFactory(email="person@example.org")
    client.force_login(person)

    wrong = client.post(reverse("account-erase"), {"email": "someone@example.org"})

    assert "Type the email address you sign in with: person@example.org" in wrong.content.decode()
    person.refresh_from_db()
    assert person.is_active

    response = client.post(reverse("account-erase"), {"email": " Person@Example.org "})

    assert response["Location"] == reverse("home")
    person.refresh_from_db()
    assert person.email.endswith("@erased.invalid")
    assert client.get(reverse("account-overview")).status_code == 302
    assert not client.login(username="person@example.org", password=TEST_PASSWORD)


def test_an_export_is_deleted_with_its_file_once_past_retention(member, settings):
    report = Report.objects.create(
        kind=personal_data.PERSONAL_DATA_EXPORT, subject_id=str(member.pk), title="Your data", requested_by=member
    )
    render_report(report=report)
    report.refresh_from_db()
    stored = report.file.name
    assert report.file.storage.exists(stored)

    later = report.created_at + datetime.timedelta(days=settings.REPORT_RETENTION_DAYS, seconds=1)
    assert delete_expired_reports(now=later) == 1

    assert not Report.objects.filter(pk=report.pk).exists()
    assert not report.file.storage.exists(stored)
