"""The guidance editors' pages end to end: documents, drafts, the two-person review, scheduling,
comments, comparing versions, and what happens with bad input or in the wrong state."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.forms.review import LONDON
from guidance.models import GuidanceDocument, GuidanceVersion, ReviewStatus, VersionComment
from guidance.services import review, workflow
from participation.models import AuditEvent, EmailDelivery
from participation.services.email import build_message
from tests.guidance.factories import draft_document, publish, revise

pytestmark = pytest.mark.django_db

DOCUMENT_POST = {
    "title_en": "Public participation in developing official statistics",
    "title_cy": "Cyfranogiad y cyhoedd wrth ddatblygu ystadegau swyddogol",
    "summary_en": "How statistics producers involve the public.",
    "summary_cy": "",
    "topic": "official_statistics",
    "audiences": ["statistics_producers", "data_owners"],
    "phase": "beta",
    "review_due_day": "1",
    "review_due_month": "3",
    "review_due_year": "2027",
}


def version_url(name, version, **kwargs):
    return reverse(f"guidance_manage:{name}", kwargs={"pk": version.pk, **kwargs})


def open_version(document) -> GuidanceVersion:
    return document.versions.exclude(status=ReviewStatus.PUBLISHED).get()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_editor_writes_a_document_and_a_second_editor_approves_and_publishes_it(
    client, guidance_editor, guidance_reviewer, organisation, other_organisation, django_capture_on_commit_callbacks
):
    client.force_login(guidance_editor)

    response = client.post(
        reverse("guidance_manage:document-create"),
        {**DOCUMENT_POST, "organisation": organisation.pk, "partners": [other_organisation.pk]},
    )
    document = GuidanceDocument.objects.get(title_en=DOCUMENT_POST["title_en"])
    assert response.url == reverse("guidance_manage:document-detail", kwargs={"slug": document.slug})
    assert document.audiences == ["statistics_producers", "data_owners"]
    assert list(document.partners.all()) == [other_organisation]
    assert document.review_due == datetime.date(2027, 3, 1)

    response = client.post(
        reverse("guidance_manage:version-create", kwargs={"slug": document.slug}), {"change_type": "major"}
    )
    version = open_version(document)
    assert response.url == version_url("version-detail", version)
    assert version.number == "1.0"

    for heading, body in [("Why involve the public", "Statistics serve **everyone**."), ("Planning", "Start early.")]:
        response = client.post(
            version_url("section-add", version),
            {"heading_en": heading, "heading_cy": "", "body_en": body, "body_cy": ""},
        )
        assert response.status_code == 302
    assert list(version.sections.values_list("anchor", flat=True)) == ["why-involve-the-public", "planning"]

    response = client.post(
        version_url("version-edit", version),
        {"change_type": "major", "change_note_en": "First published.", "change_note_cy": ""},
    )
    assert response.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(version_url("version-submit", version), follow=True)
    version.refresh_from_db()
    assert version.status == ReviewStatus.IN_REVIEW
    assert "Sent for review" in messages_of(response)[-1]
    assert EmailDelivery.objects.get(to_email=guidance_reviewer.email).template == "guidance/emails/review_requested"

    client.force_login(guidance_reviewer)
    detail = client.get(version_url("version-detail", version)).content.decode()
    assert ">Approve<" in detail
    assert "<strong>everyone</strong>" in detail

    client.post(version_url("version-approve", version))
    version.refresh_from_db()
    assert version.status == ReviewStatus.APPROVED
    assert version.approved_by == guidance_reviewer

    response = client.post(version_url("version-publish", version), {"when": "now"}, follow=True)
    version.refresh_from_db()
    document.refresh_from_db()
    assert version.status == ReviewStatus.PUBLISHED
    assert document.current_version == version
    assert "version 1.0” is published" in messages_of(response)[-1]
    # The public page (another part of the app) is where the document now lives.
    assert document.get_absolute_url() == reverse("guidance:document-detail", kwargs={"slug": document.slug})
    assert AuditEvent.objects.filter(action="guidance.version.published").exists()


def test_the_review_requested_email_says_what_and_links_back(
    guidance_editor, guidance_reviewer, organisation, settings
):
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)

    review.submit(version, by=guidance_editor)

    message = build_message(EmailDelivery.objects.get(to_email=guidance_reviewer.email))
    assert (
        message.subject == "Guidance to review: Public participation in procurement of data and AI systems, version 1.0"
    )
    assert f"/manage/guidance/versions/{version.pk}/" in message.body
    assert "has just sent version 1.0" in message.body
    html = message.alternatives[0].content
    assert f"/manage/guidance/versions/{version.pk}/" in html
    assert "Review the version" in html


def test_the_author_sees_no_approve_button_and_cannot_approve_by_posting(client, guidance_editor, organisation):
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)
    review.submit(version, by=guidance_editor)
    client.force_login(guidance_editor)

    content = client.get(version_url("version-detail", version)).content.decode()
    assert ">Approve<" not in content
    assert "You started this version, so another editor must approve it" in content

    response = client.post(version_url("version-approve", version), follow=True)

    assert response.redirect_chain[-1][0] == version_url("version-detail", version)
    assert "another editor must approve it" in messages_of(response)[0]
    version.refresh_from_db()
    assert version.status == ReviewStatus.IN_REVIEW
    assert version.approved_by is None


@pytest.fixture
def approved(organisation, guidance_editor, guidance_reviewer):
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)
    review.submit(version, by=guidance_editor)
    return review.approve(version, by=guidance_reviewer)


def test_scheduling_in_the_future_shows_the_time_and_unscheduling_cancels_it(client, guidance_reviewer, approved):
    client.force_login(guidance_reviewer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        version_url("version-publish", approved),
        {
            "when": "later",
            "publish_date_day": tomorrow.day,
            "publish_date_month": tomorrow.month,
            "publish_date_year": tomorrow.year,
            "publish_time": "14:30",
        },
        follow=True,
    )

    approved.refresh_from_db()
    assert approved.status == ReviewStatus.APPROVED
    assert approved.publish_at == datetime.datetime.combine(tomorrow, datetime.time(14, 30), tzinfo=LONDON)
    content = response.content.decode()
    assert "14:30" in content
    assert "Scheduled" in content
    dashboard = client.get(reverse("guidance_manage:dashboard")).content.decode()
    assert "14:30" in dashboard

    response = client.post(version_url("version-unschedule", approved), follow=True)

    approved.refresh_from_db()
    assert approved.publish_at is None
    assert approved.status == ReviewStatus.APPROVED
    assert "Scheduled publication cancelled" in messages_of(response)[0]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "when": "later",
                "publish_date_day": "1",
                "publish_date_month": "1",
                "publish_date_year": "2020",
                "publish_time": "10:00",
            },
            "publish_date",
            "must be in the future",
        ),
        (
            {
                "when": "later",
                "publish_date_day": "1",
                "publish_date_month": "1",
                "publish_date_year": "2099",
                "publish_time": "25:00",
            },
            "publish_time",
            "24-hour clock",
        ),
        ({"when": "later", "publish_time": "10:00"}, "publish_date", "Enter the date"),
        ({}, "when", "Choose when to publish"),
    ],
)
def test_bad_publication_times_are_form_errors(client, guidance_reviewer, approved, data, field, message):
    client.force_login(guidance_reviewer)

    response = client.post(version_url("version-publish", approved), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "govuk-error-summary" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == ReviewStatus.APPROVED
    assert approved.publish_at is None


def test_request_changes_needs_a_comment_then_sends_the_version_back_to_draft(client, guidance_reviewer, approved):
    client.force_login(guidance_reviewer)
    url = version_url("version-request-changes", approved)
    assert client.get(url).status_code == 200

    response = client.post(url, {"body": "  "})
    assert "Say what needs to change" in response.context["form"].errors["body"][0]

    response = client.post(url, {"body": "The planning section needs an example."}, follow=True)

    approved.refresh_from_db()
    assert approved.status == ReviewStatus.DRAFT
    assert approved.approved_by is None
    assert "The planning section needs an example." in response.content.decode()
    assert VersionComment.objects.get(version=approved).author == guidance_reviewer


def test_the_author_cannot_request_changes_to_their_own_version(client, guidance_editor, approved):
    client.force_login(guidance_editor)

    response = client.post(version_url("version-request-changes", approved), {"body": "Never mind"}, follow=True)

    assert "another editor must review it" in messages_of(response)[-1]
    approved.refresh_from_db()
    assert approved.status == ReviewStatus.APPROVED


def test_the_publish_page_of_a_draft_sends_you_back(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.get(version_url("version-publish", draft), follow=True)

    assert response.redirect_chain[-1][0] == version_url("version-detail", draft)
    assert "That cannot be done now: its status is draft." in messages_of(response)


def test_editing_a_published_versions_section_is_refused_without_an_error_page(
    client, guidance_editor, guidance_document
):
    version = guidance_document.current_version
    section = version.sections.first()
    client.force_login(guidance_editor)
    url = version_url("section-edit", version, section_pk=section.pk)

    for response in (
        client.get(url, follow=True),
        client.post(url, {"heading_en": "Changed", "body_en": "Changed"}, follow=True),
        client.post(version_url("section-add", version), {"heading_en": "New", "body_en": "New"}, follow=True),
        client.post(version_url("section-move", version, section_pk=section.pk), {"direction": "down"}, follow=True),
        client.post(version_url("section-delete", version, section_pk=section.pk), follow=True),
        client.post(version_url("version-edit", version), {"change_type": "minor", "change_note_en": "x"}, follow=True),
        client.post(version_url("version-delete", version), follow=True),
    ):
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == version_url("version-detail", version)
        assert "That cannot be done now: its status is published." in messages_of(response)

    section.refresh_from_db()
    assert section.heading_en == "Why involve the public"
    assert version.sections.count() == 2


def test_the_version_page_of_a_draft_has_its_sections_and_editing_links(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    content = client.get(version_url("version-detail", draft)).content.decode()

    assert "#why-involve-the-public" in content
    assert "Move down" in content
    assert "Submit for review" in content
    assert "Compare with the live version" in content
    assert "Delete this version" in content


def test_sections_move_up_and_down_and_are_deleted_after_confirmation(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    first, second = draft.sections.all()
    client.force_login(guidance_editor)

    client.post(version_url("section-move", draft, section_pk=first.pk), {"direction": "down"})
    assert [s.pk for s in draft.sections.all()] == [second.pk, first.pk]

    delete_url = version_url("section-delete", draft, section_pk=first.pk)
    assert "Are you sure" in client.get(delete_url).content.decode()
    client.post(delete_url)
    assert list(draft.sections.all()) == [second]


def test_a_section_of_another_version_is_not_found(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    live_section = guidance_document.current_version.sections.first()
    client.force_login(guidance_editor)

    response = client.get(version_url("section-edit", draft, section_pk=live_section.pk))

    assert response.status_code == 404


def test_an_empty_heading_and_an_over_long_change_note_are_form_errors(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.post(version_url("section-add", draft), {"heading_en": "", "body_en": "Text"})
    assert response.status_code == 200
    assert "Enter the section’s heading in English" in response.context["form"].errors["heading_en"][0]

    response = client.post(version_url("version-edit", draft), {"change_type": "major", "change_note_en": "x" * 2001})
    assert response.status_code == 200
    assert "change_note_en" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.change_note_en == "Revised."


def test_submitting_without_a_change_note_shows_why(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor, note="")
    client.force_login(guidance_editor)

    response = client.post(version_url("version-submit", draft), follow=True)

    assert "Write a change note" in messages_of(response)[0]
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT


def test_a_version_links_the_feedback_it_addresses(client, guidance_editor, guidance_document, feedback):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)
    url = version_url("version-edit", draft)

    form_page = client.get(url).content.decode()
    assert "who decides which decisions" in form_page
    assert "#planning-engagement" in form_page

    client.post(
        url, {"change_type": "major", "change_note_en": "Clearer planning.", "addressed_feedback": [feedback.pk]}
    )

    feedback.refresh_from_db()
    assert feedback.addressed_in == draft
    detail = client.get(version_url("version-detail", draft)).content.decode()
    assert "who decides which decisions" in detail


def test_the_compare_page_marks_a_changed_word(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    section = draft.sections.get(anchor="planning-engagement")
    workflow.update_section(
        section=section,
        updated_by=guidance_editor,
        heading_en=section.heading_en,
        heading_cy=section.heading_cy,
        body_en="Decide which choices are open to influence and say so plainly.",
        body_cy=section.body_cy,
    )
    client.force_login(guidance_editor)

    response = client.get(version_url("version-compare", draft))

    content = response.content.decode()
    assert response.context["old"] == guidance_document.current_version
    assert "decisions " in content
    assert '<del><span class="govuk-visually-hidden">Removed: </span>decisions ' in content
    assert '<ins><span class="govuk-visually-hidden">Added: </span>choices ' in content
    assert "2 sections changed" in content


def test_the_compare_page_can_show_only_changed_sections_and_welsh(client, guidance_editor, guidance_document):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    workflow.add_section(
        version=draft,
        added_by=guidance_editor,
        heading_en="Evidence",
        heading_cy="Tystiolaeth",
        body_en="Keep notes.",
        body_cy="Cadwch nodiadau.",
    )
    client.force_login(guidance_editor)
    url = version_url("version-compare", draft)

    response = client.get(url, {"changed": "1"})
    assert "1 added" in response.context["summary"]
    assert [change.anchor for change in response.context["changes"]] == ["evidence"]
    assert "Show all sections" in response.content.decode()

    response = client.get(url, {"language": "cy", "with": "1.0"})
    assert "Cadwch nodiadau." in response.content.decode()
    assert client.get(url, {"with": "9.9"}).status_code == 404


def test_the_compare_page_of_a_first_draft_says_there_is_nothing_to_compare(client, guidance_editor, organisation):
    _document, version = draft_document(organisation=organisation, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.get(version_url("version-compare", version))

    assert response.status_code == 200
    assert "There is nothing to compare this version with" in response.content.decode()


def test_an_htmx_comment_returns_the_thread_fragment(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.post(
        version_url("version-comment", draft), {"body": "Is the example right?"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert '<section id="comments"' in content
    assert "Is the example right?" in content
    assert "<html" not in content
    assert VersionComment.objects.get(version=draft).author == guidance_editor

    response = client.post(version_url("version-comment", draft), {"body": ""}, headers={"HX-Request": "true"})
    assert "Enter a comment" in response.content.decode()
    assert VersionComment.objects.count() == 1


def test_a_comment_without_htmx_redirects_to_the_thread(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.post(version_url("version-comment", draft), {"body": "Looks good."})

    assert response.url == version_url("version-detail", draft) + "#comments"
    assert VersionComment.objects.get().body == "Looks good."


def test_an_empty_comment_without_htmx_shows_the_error_summary(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.post(version_url("version-comment", draft), {"body": " "})

    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Enter a comment" in content
    assert not VersionComment.objects.exists()


def test_deleting_a_draft_asks_first_then_frees_the_document_for_a_new_one(
    client, guidance_editor, guidance_document, feedback
):
    draft = revise(guidance_document, editor=guidance_editor)
    workflow.update_version(
        version=draft,
        updated_by=guidance_editor,
        change_type="major",
        change_note_en="x",
        addressed_feedback=[feedback],
    )
    client.force_login(guidance_editor)
    url = version_url("version-delete", draft)

    assert "Are you sure you want to delete version 2.0?" in client.get(url).content.decode()
    response = client.post(url)

    assert response.url == reverse("guidance_manage:document-detail", kwargs={"slug": guidance_document.slug})
    assert not GuidanceVersion.objects.filter(pk=draft.pk).exists()
    feedback.refresh_from_db()
    assert feedback.addressed_in is None


def test_document_detail_lists_versions_and_offers_a_new_draft(client, guidance_editor, guidance_document):
    client.force_login(guidance_editor)
    url = reverse("guidance_manage:document-detail", kwargs={"slug": guidance_document.slug})

    content = client.get(url).content.decode()
    assert "Start a new draft" in content
    assert reverse("guidance:document-detail", kwargs={"slug": guidance_document.slug}) in content

    client.post(
        reverse("guidance_manage:version-create", kwargs={"slug": guidance_document.slug}), {"change_type": "minor"}
    )
    draft = open_version(guidance_document)
    assert draft.number == "1.1"
    assert draft.sections.count() == 2
    content = client.get(url).content.decode()
    assert "Start a new draft" not in content
    assert "1.1" in content


def test_document_edit_saves_and_a_bad_form_shows_errors(
    client, guidance_editor, guidance_document, other_organisation
):
    client.force_login(guidance_editor)
    url = reverse("guidance_manage:document-edit", kwargs={"slug": guidance_document.slug})
    assert client.get(url).status_code == 200

    response = client.post(url, {**DOCUMENT_POST, "title_en": "", "organisation": guidance_document.organisation_id})
    assert "Enter the title in English" in response.context["form"].errors["title_en"][0]

    client.post(url, {**DOCUMENT_POST, "organisation": other_organisation.pk, "phase": "live"})
    guidance_document.refresh_from_db()
    assert guidance_document.phase == "live"
    assert guidance_document.organisation == other_organisation


def test_the_dashboard_shows_documents_reviews_and_overdue(client, guidance_editor, guidance_reviewer, organisation):
    document, version = draft_document(
        organisation=organisation, editor=guidance_editor, review_due=datetime.date(2020, 1, 1)
    )
    review.submit(version, by=guidance_editor)

    client.force_login(guidance_reviewer)
    content = client.get(reverse("guidance_manage:dashboard")).content.decode()
    assert document.title_en in content
    assert "Overdue" in content
    assert "Nothing is waiting for your review" not in content
    assert reverse("guidance_manage:feedback-queue") in content
    assert reverse("guidance_manage:glossary-list") in content

    client.force_login(guidance_editor)
    content = client.get(reverse("guidance_manage:dashboard")).content.decode()
    assert "Nothing is waiting for your review" in content


def test_pages_work_in_welsh(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    for url in (reverse("guidance_manage:dashboard"), version_url("version-detail", draft)):
        response = client.get(url.replace("/manage/", "/cy/manage/", 1))
        assert response.status_code == 200


# Query counts


def _seed_documents(count, organisation, guidance_editor, guidance_reviewer):
    for n in range(count):
        document, version = draft_document(
            organisation=organisation,
            editor=guidance_editor,
            title_en=f"Guidance {n}",
            review_due=datetime.date(2020, 1, 1),
        )
        publish(version, editor=guidance_editor, reviewer=guidance_reviewer)
        draft = revise(document, editor=guidance_editor)
        if n % 2:
            review.submit(draft, by=guidance_editor)


@pytest.mark.parametrize("count", [1, 5])
def test_dashboard_query_count_does_not_grow(
    client, guidance_editor, guidance_reviewer, organisation, django_assert_num_queries, count
):
    _seed_documents(count, organisation, guidance_editor, guidance_reviewer)
    client.force_login(guidance_reviewer)
    url = reverse("guidance_manage:dashboard")
    client.get(url)

    # 1 session, 2 user (with platform roles and MFA authenticator), 3 count of documents (paginator),
    # 4 versions waiting for review, 5 scheduled versions, 6 documents with live version and
    # organisation, 7 their open versions (prefetched)
    with django_assert_num_queries(7):
        client.get(url)


@pytest.mark.parametrize("count", [1, 5])
def test_version_detail_query_count_does_not_grow(
    client, guidance_editor, guidance_document, feedback, django_assert_num_queries, count
):
    draft = revise(guidance_document, editor=guidance_editor)
    for n in range(count):
        workflow.add_section(
            version=draft,
            added_by=guidance_editor,
            heading_en=f"Extra {n}",
            heading_cy="",
            body_en="More text.",
            body_cy="Mwy.",
        )
        review.add_comment(draft, by=guidance_editor, body=f"Comment {n}")
    workflow.update_version(
        version=draft,
        updated_by=guidance_editor,
        change_type="major",
        change_note_en="x",
        addressed_feedback=[feedback],
    )
    client.force_login(guidance_editor)
    url = version_url("version-detail", draft)
    client.get(url)

    # 1 session, 2 user (with platform roles and MFA authenticator), 3 version with document, based-on and
    # people, 4 sections (glossary terms come from the cache), 5 addressed feedback with pilot organisation,
    # 6 comments with authors
    with django_assert_num_queries(6):
        client.get(url)


@pytest.mark.parametrize("count", [1, 5])
def test_version_compare_query_count_does_not_grow(
    client, guidance_editor, guidance_reviewer, guidance_document, django_assert_num_queries, count
):
    for _ in range(count):
        revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)
    url = version_url("version-compare", draft)
    client.get(url)

    # 1 session, 2 user (with platform roles and MFA authenticator), 3 version with document,
    # 4 the document's versions, 5-6 sections of the two versions
    with django_assert_num_queries(6):
        client.get(url, {"with": "1.0"})


# Bad input


@pytest.mark.parametrize(
    "data",
    [
        {"heading_en": "Nul\x00byte", "body_en": "Text"},
        {"heading_en": "x" * 10_000, "body_en": "Text"},
        {"heading_en": "Fine", "body_en": "x" * 2_000_000},
        {"heading_en": "Fine", "body_en": "Nul\x00byte"},
    ],
)
def test_bad_section_input_is_a_form_error(client, guidance_editor, guidance_document, data):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.post(version_url("section-add", draft), {"heading_cy": "", "body_cy": "", **data})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert draft.sections.count() == 2


def test_extra_post_fields_are_ignored(client, guidance_editor, guidance_document, guidance_reviewer):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    client.post(
        version_url("version-edit", draft),
        {
            "change_type": "major",
            "change_note_en": "Note",
            "status": "published",
            "approved_by": guidance_reviewer.pk,
            "created_by": guidance_reviewer.pk,
        },
    )

    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT
    assert draft.approved_by is None
    assert draft.created_by == guidance_editor


@pytest.mark.parametrize("query", [{"page": "-1"}, {"page": "abc"}, {"page": str(10**12)}, {"page": ["1", "2"]}])
def test_odd_page_numbers_do_not_break_the_lists(client, guidance_editor, guidance_document, query):
    client.force_login(guidance_editor)

    for url in (
        reverse("guidance_manage:dashboard"),
        reverse("guidance_manage:document-detail", kwargs={"slug": guidance_document.slug}),
    ):
        assert client.get(url, query).status_code == 200


@pytest.mark.parametrize("query", [{"with": "abc"}, {"with": "1."}, {"with": "99.0"}, {"language": "xx"}])
def test_odd_compare_parameters_are_not_found_or_ignored(client, guidance_editor, guidance_document, query):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    response = client.get(version_url("version-compare", draft), query)

    assert response.status_code == (200 if "language" in query else 404)


def test_a_bad_move_direction_and_change_type_are_refused_politely(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    section = draft.sections.first()
    client.force_login(guidance_editor)

    response = client.post(
        version_url("section-move", draft, section_pk=section.pk), {"direction": "sideways"}, follow=True
    )
    assert "Choose whether to move the section up or down" in messages_of(response)

    response = client.post(
        reverse("guidance_manage:version-create", kwargs={"slug": guidance_document.slug}), {"change_type": "huge"}
    )
    assert response.status_code == 302
    assert GuidanceVersion.objects.filter(document=guidance_document).count() == 2


def test_state_changes_refuse_get(client, guidance_editor, guidance_document):
    draft = revise(guidance_document, editor=guidance_editor)
    client.force_login(guidance_editor)

    for name in ("version-submit", "version-approve", "version-unschedule", "version-comment"):
        assert client.get(version_url(name, draft)).status_code == 405
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT


def test_a_post_without_a_csrf_token_is_refused(guidance_editor, guidance_document):
    from django.test import Client

    draft = revise(guidance_document, editor=guidance_editor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(guidance_editor)

    response = client.post(version_url("version-comment", draft), {"body": "Hi"}, headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert not VersionComment.objects.exists()
