"""guidance.services.publications: drafts, authors, case studies from the register, taking down,
and outreach events with their slides."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from guidance.models import OutreachEvent, Publication, PublicationAuthor
from guidance.services import publications, review
from participation.models import AuditEvent, Membership
from tests.guidance.factories import draft_publication, published_publication
from tests.participation.engagement.factories import ActivityFactory, ProjectFactory, RecommendationFactory
from tests.participation.factories import MembershipFactory, UserFactory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PPTX = _zip({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p:presentation/>"})
ODP = _zip({"mimetype": "application/vnd.oasis.opendocument.presentation", "content.xml": "<office/>"})
DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def _actions(publication) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(publication.pk)).order_by("created_at").values_list("action", flat=True)
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Drafts and authors


def test_create_publication_credits_the_creator_and_records_it(guidance_editor):
    publication = draft_publication(editor=guidance_editor)

    assert publication.status == "draft"
    assert publication.slug == "what-we-heard-at-the-procurement-workshops"
    assert list(publication.authors.values_list("user", flat=True)) == [guidance_editor.pk]
    assert publication.search_text.startswith("## The first thing")
    assert _actions(publication) == ["guidance.publication.created"]


def test_create_publication_refuses_someone_who_is_not_a_guidance_editor(editor, guidance_editor_without_mfa):
    for user in (editor, guidance_editor_without_mfa):
        with pytest.raises(PermissionDenied):
            draft_publication(editor=user)
    assert Publication.objects.count() == 0


def test_update_publication_only_while_it_is_a_draft(guidance_editor, guidance_reviewer):
    publication = draft_publication(editor=guidance_editor)
    publications.update_publication(publication=publication, updated_by=guidance_editor, title_en="A new title")
    review.submit(publication, by=guidance_editor)

    with pytest.raises(ValidationError) as error:
        publications.update_publication(publication=publication, updated_by=guidance_editor, title_en="Later")

    assert error.value.code == "wrong_status"
    publication.refresh_from_db()
    assert publication.title_en == "A new title"
    assert publication.slug == "what-we-heard-at-the-procurement-workshops"


def test_an_author_who_is_not_an_editor_may_edit_and_submit_but_not_approve(guidance_editor, guidance_reviewer, member):
    publication = draft_publication(editor=guidance_editor, authors=[member])

    publications.update_publication(publication=publication, updated_by=member, summary_en="Shorter.")
    review.submit(publication, by=member)
    with pytest.raises(PermissionDenied):
        review.approve(publication, by=member)

    publication.refresh_from_db()
    assert (publication.summary_en, publication.status) == ("Shorter.", "in_review")


def test_a_guidance_editor_credited_as_author_cannot_approve_it(guidance_editor, guidance_reviewer):
    publication = draft_publication(editor=guidance_editor, authors=[guidance_reviewer])
    review.submit(publication, by=guidance_editor)

    with pytest.raises(ValidationError) as error:
        review.approve(publication, by=guidance_reviewer)

    assert error.value.code == "two_person"


def test_change_authors_keeps_each_remaining_authors_naming_choice(guidance_editor, member, outsider):
    publication = draft_publication(editor=guidance_editor, authors=[guidance_editor, member])
    author = publication.authors.get(user=member)
    publications.set_named(author=author, user=member, is_named=False)

    publications.change_authors(publication=publication, users=[member, outsider], changed_by=guidance_editor)

    rows = list(publication.authors.order_by("position").values_list("user__email", "position", "is_named"))
    assert rows == [(member.email, 0, False), (outsider.email, 1, True)]
    event = AuditEvent.objects.filter(action="guidance.publication.updated").get()
    assert event.changes == {
        "authors": [f"{guidance_editor.email}, {member.email}", f"{member.email}, {outsider.email}"]
    }


def test_change_authors_is_for_editors_and_drafts_only(guidance_editor, member):
    publication = draft_publication(editor=guidance_editor, authors=[member])
    with pytest.raises(PermissionDenied):
        publications.change_authors(publication=publication, users=[member], changed_by=member)
    with pytest.raises(ValidationError):
        publications.change_authors(publication=publication, users=[], changed_by=guidance_editor)
    review.submit(publication, by=member)
    with pytest.raises(ValidationError) as error:
        publications.change_authors(publication=publication, users=[guidance_editor], changed_by=guidance_editor)

    assert error.value.code == "wrong_status"
    assert list(publication.authors.values_list("user", flat=True)) == [member.pk]


def test_only_the_author_chooses_whether_they_are_named(guidance_editor, member):
    publication = draft_publication(editor=guidance_editor, authors=[member])
    author = publication.authors.get()

    with pytest.raises(PermissionDenied):
        publications.set_named(author=author, user=guidance_editor, is_named=False)
    publications.set_named(author=author, user=member, is_named=False)

    assert PublicationAuthor.objects.get(pk=author.pk).is_named is False


def test_delete_draft_removes_it_but_not_a_published_one(guidance_editor, guidance_reviewer):
    draft = draft_publication(editor=guidance_editor)
    live = published_publication(editor=guidance_editor, reviewer=guidance_reviewer, title_en="Live")

    publications.delete_draft(publication=draft, deleted_by=guidance_editor)
    with pytest.raises(ValidationError):
        publications.delete_draft(publication=live, deleted_by=guidance_editor)

    assert list(Publication.objects.values_list("title_en", flat=True)) == ["Live"]
    assert AuditEvent.objects.filter(action="guidance.publication.deleted", target_id=str(draft.pk)).count() == 1


def test_unpublish_takes_it_back_to_draft_for_another_review(guidance_editor, guidance_reviewer, member):
    publication = published_publication(editor=guidance_editor, reviewer=guidance_reviewer, authors=[member])
    with pytest.raises(PermissionDenied):
        publications.unpublish(publication=publication, unpublished_by=member)

    publications.unpublish(publication=publication, unpublished_by=guidance_reviewer)

    publication.refresh_from_db()
    assert (publication.status, publication.approved_by, publication.published_at is not None) == ("draft", None, True)
    assert "guidance.publication.unpublished" in _actions(publication)


def test_submitting_checks_what_each_kind_needs(guidance_editor):
    case_study = draft_publication(editor=guidance_editor, kind="case_study")
    response = draft_publication(editor=guidance_editor, kind="consultation_response", title_en="Our response")

    with pytest.raises(ValidationError) as case_error:
        review.submit(case_study, by=guidance_editor)
    with pytest.raises(ValidationError) as response_error:
        review.submit(response, by=guidance_editor)

    assert set(case_error.value.message_dict) == {"activities"}
    assert set(response_error.value.message_dict) == {
        "consultation_title",
        "consultation_department",
        "consultation_closes_on",
    }


# Case studies from the register


@pytest.fixture
def activity(organisation):
    project = ProjectFactory(organisation=organisation, published=True)
    activity = ActivityFactory(
        organisation=organisation,
        published=True,
        projects=[project],
        methods=["workshop"],
        method_description="Three evening workshops in Cardiff and online.",
        findings_en="Parents wanted teachers to have the final say.",
        what_changed_en="Teachers now confirm every mark.",
    )
    RecommendationFactory(activity=activity, text_en="Let teachers overrule the tool", action_en="Done in beta")
    return activity


def test_draft_case_study_is_prefilled_from_the_register(activity, guidance_editor):
    publication = publications.draft_case_study(activity=activity, created_by=guidance_editor)

    assert (publication.kind, publication.status, publication.title_en) == ("case_study", "draft", activity.title_en)
    assert list(publication.activities.all()) == [activity]
    assert list(publication.projects.all()) == list(activity.projects.all())
    assert "## What people said\n\nParents wanted teachers to have the final say." in publication.body_en
    assert "## What changed\n\nTeachers now confirm every mark." in publication.body_en
    assert "- **You said:** Let teachers overrule the tool" in publication.body_en
    assert "**We did:** Done in beta" in publication.body_en


def test_draft_case_study_twice_returns_the_same_draft(activity, guidance_editor):
    first = publications.draft_case_study(activity=activity, created_by=guidance_editor)
    second = publications.draft_case_study(activity=activity, created_by=guidance_editor)

    assert first.pk == second.pk
    assert Publication.objects.count() == 1


def test_an_organisation_editor_starts_a_case_study_as_its_author(activity, editor, guidance_reviewer):
    publication = publications.draft_case_study(activity=activity, created_by=editor)
    review.submit(publication, by=editor)
    review.approve(publication, by=guidance_reviewer)

    assert list(publication.authors.values_list("user", flat=True)) == [editor.pk]
    assert Publication.objects.get().status == "approved"


def test_draft_case_study_is_refused_to_members_and_for_unpublished_activities(activity, organisation, member):
    other_editor = MembershipFactory(role=Membership.Role.EDITOR).user
    unpublished = ActivityFactory(organisation=organisation)
    org_editor = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user

    for user, record in ((member, activity), (other_editor, activity), (org_editor, unpublished)):
        with pytest.raises(PermissionDenied):
            publications.draft_case_study(activity=record, created_by=user)
    assert Publication.objects.count() == 0


# Outreach events


def event_fields(**overrides) -> dict:
    fields = {
        "title_en": "Public participation in AI procurement",
        "title_cy": "",
        "description_en": "A talk on involving the public when buying AI.",
        "starts_on": datetime.date(2027, 3, 4),
        "ends_on": None,
        "host": "Local Government Association",
        "location": "Online",
        "role": "speaker",
        "url": "https://www.example.org/event",
        "topics": ["procurement"],
        "is_listed": True,
    }
    return {**fields, **overrides}


@pytest.mark.parametrize(("data", "extension"), [(PDF, "pdf"), (PPTX, "pptx"), (ODP, "odp")])
def test_create_event_stores_slides_under_a_generated_name(guidance_editor, media, data, extension):
    upload = SimpleUploadedFile("Our <talk>.bin", data)

    event = publications.create_event(created_by=guidance_editor, slides_upload=upload, **event_fields())

    assert event.slug == "public-participation-in-ai-procurement-2027-03-04"
    assert event.slides_file.name.startswith("guidance/slides/")
    assert event.slides_file.name.endswith(f".{extension}")
    with event.slides_file.open("rb") as stored:
        assert stored.read() == data
    assert AuditEvent.objects.filter(action="guidance.event.created", target_id=str(event.pk)).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (DOCX, "The file must be a PDF, PPTX, ODP file"),
        (b"%PDF-1.7 <script>alert(1)</script>", "The file contains web page code and cannot be uploaded"),
        (b"<html><body>hi</body></html>", "The file contains web page code and cannot be uploaded"),
        (b"PK\x03\x04 not really a zip", "The file is damaged or is not a document we accept"),
    ],
)
def test_create_event_refuses_files_that_are_not_slides(guidance_editor, media, data, message):
    with pytest.raises(ValidationError) as error:
        publications.create_event(
            created_by=guidance_editor, slides_upload=SimpleUploadedFile("slides.pdf", data), **event_fields()
        )

    assert error.value.message_dict == {"slides_file": [message]}
    assert OutreachEvent.objects.count() == 0
    assert not (media / "guidance" / "slides").exists() or list((media / "guidance" / "slides").iterdir()) == []


def test_slides_over_the_size_limit_are_refused(guidance_editor, media):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * publications.SLIDES_MAX_BYTES)

    with pytest.raises(ValidationError) as error:
        publications.create_event(created_by=guidance_editor, slides_upload=upload, **event_fields())

    assert error.value.message_dict == {"slides_file": ["The file must be smaller than 20 MB"]}


def test_update_event_replaces_the_slides_and_deletes_the_old_file(
    guidance_editor, media, django_capture_on_commit_callbacks
):
    event = publications.create_event(
        created_by=guidance_editor, slides_upload=SimpleUploadedFile("a.pdf", PDF), **event_fields()
    )
    old_path = media / event.slides_file.name

    with django_capture_on_commit_callbacks(execute=True):
        event = publications.update_event(
            event=event, updated_by=guidance_editor, slides_upload=SimpleUploadedFile("b.pptx", PPTX), host="ODI"
        )

    assert not old_path.exists()
    assert event.slides_file.name.endswith(".pptx")
    assert event.host == "ODI"
    audit = AuditEvent.objects.get(action="guidance.event.updated")
    assert audit.changes["host"] == ["Local Government Association", "ODI"]


def test_delete_event_removes_it_and_its_slides(guidance_editor, media, django_capture_on_commit_callbacks):
    event = publications.create_event(
        created_by=guidance_editor, slides_upload=SimpleUploadedFile("a.pdf", PDF), **event_fields()
    )
    path = media / event.slides_file.name

    with django_capture_on_commit_callbacks(execute=True):
        publications.delete_event(event=event, deleted_by=guidance_editor)

    assert OutreachEvent.objects.count() == 0
    assert not path.exists()
    assert AuditEvent.objects.filter(action="guidance.event.deleted").count() == 1


def test_events_are_for_guidance_editors_only(editor, guidance_editor_without_mfa):
    for user in (editor, guidance_editor_without_mfa, UserFactory()):
        with pytest.raises(PermissionDenied):
            publications.create_event(created_by=user, **event_fields())


def test_an_event_write_up_must_be_an_event_write_up_and_end_after_it_starts(guidance_editor):
    blog = draft_publication(editor=guidance_editor)
    with pytest.raises(ValidationError) as kind_error:
        publications.create_event(created_by=guidance_editor, write_up=blog, **event_fields())
    with pytest.raises(ValidationError) as date_error:
        publications.create_event(created_by=guidance_editor, **event_fields(ends_on=datetime.date(2027, 3, 1)))

    assert set(kind_error.value.message_dict) == {"write_up"}
    assert set(date_error.value.message_dict) == {"ends_on"}
    assert OutreachEvent.objects.count() == 0
