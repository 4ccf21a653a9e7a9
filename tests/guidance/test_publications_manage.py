"""The editors' and authors' publication pages and the outreach events pages: journeys, validation,
state errors and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from guidance.models import OutreachEvent, Publication, PublicationAuthor
from guidance.services import publications, review
from participation.models import Membership
from tests.guidance.factories import draft_publication, published_publication
from tests.participation.engagement.factories import ActivityFactory, ProjectFactory
from tests.participation.factories import MembershipFactory, UserFactory
from tests.participation.test_markdown import XSS_VECTORS, assert_inert

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"


def manage_url(name: str, publication=None) -> str:
    if publication is None:
        return reverse(f"guidance_manage:{name}")
    return reverse(f"guidance_manage:{name}", kwargs={"pk": publication.pk})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.org")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_data(**overrides) -> dict:
    data = {
        "kind": "blog_post",
        "title_en": "Why we asked the public about AI marking",
        "title_cy": "",
        "summary_en": "What parents and teachers told us.",
        "summary_cy": "",
        "body_en": "## What we heard\n\nTeachers want the **final say**.",
        "body_cy": "",
        "topics": ["procurement"],
        "publication_date_day": "",
        "publication_date_month": "",
        "publication_date_year": "",
    }
    return {**data, **overrides}


# The list


def test_list_shows_editors_everything_and_what_waits_for_their_review(
    client, guidance_editor, guidance_reviewer, author
):
    mine = draft_publication(editor=guidance_reviewer, title_en="Reviewer’s own draft")
    waiting = draft_publication(editor=guidance_editor, authors=[author], title_en="Waiting for review")
    review.submit(waiting, by=author)
    client.force_login(guidance_reviewer)

    response = client.get(manage_url("publication-list"))

    assert [item.title_en for item in response.context["waiting"]] == ["Waiting for review"]
    assert {item.title_en for item in response.context["publications"]} == {mine.title_en, waiting.title_en}
    assert b"Write a publication" in response.content


def test_list_shows_an_author_only_their_own(client, guidance_editor, author):
    draft_publication(editor=guidance_editor, authors=[author], title_en="By the author")
    draft_publication(editor=guidance_editor, title_en="Someone else’s")
    client.force_login(author)

    response = client.get(manage_url("publication-list"))

    assert [item.title_en for item in response.context["publications"]] == ["By the author"]
    assert response.context["waiting"] == []
    assert b"Write a publication" not in response.content


def test_list_filters_by_kind_and_status_and_ignores_nonsense(client, guidance_editor, guidance_reviewer):
    draft_publication(editor=guidance_editor, kind="commentary", title_en="Commentary draft")
    published_publication(editor=guidance_editor, reviewer=guidance_reviewer, title_en="Published blog")
    client.force_login(guidance_editor)

    by_kind = client.get(manage_url("publication-list"), {"kind": "commentary"})
    by_status = client.get(manage_url("publication-list"), {"status": "published"})
    nonsense = client.get(manage_url("publication-list"), {"kind": "<script>", "status": "x", "page": "999"})

    assert [item.title_en for item in by_kind.context["publications"]] == ["Commentary draft"]
    assert [item.title_en for item in by_status.context["publications"]] == ["Published blog"]
    assert nonsense.status_code == 200
    assert len(nonsense.context["publications"]) == 2


def test_list_empty_state(client, guidance_editor):
    client.force_login(guidance_editor)

    response = client.get(manage_url("publication-list"))

    assert b"There are no publications yet." in response.content
    assert b"Nothing is waiting for your review." in response.content


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count_does_not_grow(
    client, guidance_editor, guidance_reviewer, author, django_assert_num_queries, count
):
    for n in range(count):
        publication = draft_publication(editor=guidance_editor, authors=[guidance_editor, author], title_en=f"P {n}")
        review.submit(publication, by=guidance_editor)
    client.force_login(guidance_reviewer)
    url = manage_url("publication-list")
    client.get(url)

    # 1 session, 2 user (with platform roles and MFA authenticator), 3 count of publications (paginator),
    # 4 publications waiting for review, 5 the page of publications, 6 their authors with users
    # (prefetched)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["publications"]) == count


# Creating and editing


def test_create_asks_the_kind_first(client, guidance_editor):
    client.force_login(guidance_editor)

    first = client.get(manage_url("publication-create"))
    bad = client.get(manage_url("publication-create"), {"kind": "novel"})
    blog = client.get(manage_url("publication-create"), {"kind": "blog_post"})
    consultation = client.get(manage_url("publication-create"), {"kind": "consultation_response"})

    assert first.templates[0].name == "guidance/manage/publication_kind.html"
    assert bad.context["form"].errors == {"kind": ["Choose what you are writing"]}
    assert b"There is a problem" in bad.content
    assert "consultation_title" not in blog.context["form"].fields
    assert blog.context["form"]["kind"].value() == "blog_post"
    assert "consultation_title" in consultation.context["form"].fields


def test_create_a_case_study_linked_to_the_register(client, guidance_editor, guidance_document, organisation):
    activity = ActivityFactory(organisation=organisation, published=True)
    project = ProjectFactory(organisation=organisation, published=True)
    client.force_login(guidance_editor)

    response = client.post(
        manage_url("publication-create") + "?kind=case_study",
        form_data(
            kind="case_study",
            activities=[activity.pk],
            projects=[project.pk],
            related_guidance=[guidance_document.pk],
            publication_date_day="3",
            publication_date_month="2",
            publication_date_year="2027",
        ),
    )

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response.url == manage_url("publication-detail", publication)
    assert (publication.kind, publication.topics) == ("case_study", ["procurement"])
    assert publication.publication_date == datetime.date(2027, 2, 3)
    assert list(publication.activities.all()) == [activity]
    assert list(publication.projects.all()) == [project]
    assert list(publication.related_guidance.all()) == [guidance_document]
    assert list(publication.authors.values_list("user", flat=True)) == [guidance_editor.pk]


def test_create_shows_what_is_missing_and_refuses_unpublished_records(client, guidance_editor, organisation):
    unpublished = ActivityFactory(organisation=organisation)
    client.force_login(guidance_editor)

    response = client.post(
        manage_url("publication-create"),
        form_data(
            title_en="",
            summary_en="",
            activities=[unpublished.pk],
            publication_date_day="31",
            publication_date_month="2",
            publication_date_year="2027",
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title_en": ["Enter the title in English"],
        "summary_en": ["Enter a summary in English"],
        "activities": ["Choose published engagement activities"],
        "publication_date": ["Enter a real date"],
    }
    assert b"There is a problem" in response.content
    assert Publication.objects.count() == 0


def test_an_author_edits_their_draft_but_not_once_it_is_in_review(client, guidance_editor, author):
    publication = draft_publication(editor=guidance_editor, authors=[author])
    client.force_login(author)

    saved = client.post(
        manage_url("publication-edit", publication), form_data(title_en="Edited by the author"), follow=True
    )
    review.submit(publication, by=author)
    refused = client.get(manage_url("publication-edit", publication), follow=True)

    assert messages_of(saved) == ["Draft saved"]
    publication.refresh_from_db()
    assert publication.title_en == "Edited by the author"
    assert messages_of(refused) == ["That cannot be done now: its status is in review."]


def test_editing_a_consultation_response_asks_about_the_consultation(client, guidance_editor):
    publication = draft_publication(editor=guidance_editor, kind="consultation_response")
    client.force_login(guidance_editor)

    response = client.post(
        manage_url("publication-edit", publication),
        form_data(
            kind="consultation_response",
            consultation_title="Shaping the National Data Library",
            consultation_department="DSIT",
            consultation_url="https://www.gov.uk/consultation",
            consultation_closes_on_day="30",
            consultation_closes_on_month="6",
            consultation_closes_on_year="2026",
        ),
    )
    review.submit(publication, by=guidance_editor)

    assert response.status_code == 302
    publication.refresh_from_db()
    assert (publication.consultation_title, publication.consultation_closes_on, publication.status) == (
        "Shaping the National Data Library",
        datetime.date(2026, 6, 30),
        "in_review",
    )


# The manage page


def test_detail_previews_the_body_and_offers_the_review_buttons(client, guidance_editor, author):
    publication = draft_publication(editor=guidance_editor, authors=[author])
    client.force_login(author)

    response = client.get(manage_url("publication-detail", publication))

    content = response.content.decode()
    assert "<h2>The first thing</h2>" in content
    assert "Submit for review" in content
    assert "Name me as an author on the public page" in content
    assert response.context["actions"]["can_submit"] is True
    assert response.context["actions"]["can_set_authors"] is False


def test_detail_tells_an_editor_who_wrote_it_that_another_must_approve(client, guidance_editor):
    publication = draft_publication(editor=guidance_editor)
    review.submit(publication, by=guidance_editor)
    client.force_login(guidance_editor)

    response = client.get(manage_url("publication-detail", publication))

    assert b"You wrote this, so another editor must approve it." in response.content
    assert response.context["actions"]["can_approve"] is False


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_detail_renders_hostile_text_inert(client, guidance_editor, vector):
    publication = draft_publication(editor=guidance_editor, title_en=vector[:200], body_en=vector, summary_en=vector)
    client.force_login(guidance_editor)

    response = client.get(manage_url("publication-detail", publication))

    content = response.content.decode()
    assert_inert(response.context["body_html"])
    assert str(escape(vector)) in content
    assert vector not in content or escape(vector) == vector


@pytest.mark.parametrize("count", [1, 5])
def test_detail_query_count_does_not_grow(
    client, guidance_editor, guidance_document, organisation, django_assert_num_queries, count
):
    authors = [guidance_editor, *(UserFactory() for _ in range(count))]
    publication = draft_publication(editor=guidance_editor, authors=authors)
    activities = [ActivityFactory(organisation=organisation, published=True) for _ in range(count)]
    publications.update_publication(
        publication=publication, updated_by=guidance_editor, activities=activities, related_guidance=[guidance_document]
    )
    for n in range(count):
        review.add_comment(publication, by=guidance_editor, body=f"Comment {n}")
    client.force_login(guidance_editor)
    url = manage_url("publication-detail", publication)
    client.get(url)

    # 1 session, 2 user (with platform roles and MFA authenticator), 3 the publication with its people,
    # 4 authors with users, 5 activities with organisations, 6 projects, 7 related guidance,
    # 8 comments with authors
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["authors"]) == count + 1


def test_an_author_chooses_not_to_be_named(client, guidance_editor, author):
    publication = draft_publication(editor=guidance_editor, authors=[author])
    client.force_login(author)

    response = client.post(manage_url("publication-naming", publication), {"is_named": "no"}, follow=True)

    assert PublicationAuthor.objects.get(user=author).is_named is False
    assert messages_of(response) == ["The public page will not name you"]


def test_editors_set_the_authors_by_email(client, guidance_editor, author):
    publication = draft_publication(editor=guidance_editor)
    client.force_login(guidance_editor)

    unknown = client.post(
        manage_url("publication-authors", publication), {"emails": "nobody@example.org\nnot an address"}
    )
    saved = client.post(
        manage_url("publication-authors", publication), {"emails": " AUTHOR@example.org \nauthor@example.org"}
    )

    assert unknown.context["form"].errors == {
        "emails": [
            "“not an address” is not an email address",
            "No one with an account has the address “nobody@example.org”",
        ]
    }
    assert saved.status_code == 302
    assert list(publication.authors.values_list("user", flat=True)) == [author.pk]


def test_delete_asks_first_then_deletes(client, guidance_editor):
    publication = draft_publication(editor=guidance_editor)
    client.force_login(guidance_editor)

    confirm = client.get(manage_url("publication-delete", publication))
    deleted = client.post(manage_url("publication-delete", publication), follow=True)

    assert b"Are you sure you want to delete" in confirm.content
    assert Publication.objects.count() == 1 or not Publication.objects.filter(pk=publication.pk).exists()
    assert not Publication.objects.filter(pk=publication.pk).exists()
    assert messages_of(deleted) == [f"“{publication.title_en}” deleted"]


def test_a_published_publication_is_taken_down_not_deleted(client, guidance_editor, guidance_reviewer):
    publication = published_publication(editor=guidance_editor, reviewer=guidance_reviewer)
    client.force_login(guidance_reviewer)

    page = client.get(manage_url("publication-detail", publication))
    refused = client.post(manage_url("publication-delete", publication), follow=True)
    confirm = client.get(manage_url("publication-unpublish", publication))
    taken_down = client.post(manage_url("publication-unpublish", publication), follow=True)

    assert b"Take down to correct it" in page.content
    assert b"Delete this publication" not in page.content
    assert messages_of(refused) == ["That cannot be done now: its status is published."]
    assert b"Are you sure you want to take down" in confirm.content
    assert messages_of(taken_down) == ["Taken down. Correct it, then send it for review again."]
    assert Publication.objects.get(pk=publication.pk).status == "draft"


def test_review_journey_through_the_shared_buttons(client, guidance_editor, guidance_reviewer, author):
    publication = draft_publication(editor=guidance_editor, authors=[author])
    client.force_login(author)
    client.post(manage_url("publication-submit", publication))
    client.force_login(guidance_reviewer)
    client.post(manage_url("publication-approve", publication))

    response = client.post(manage_url("publication-publish", publication), {"when": "now"}, follow=True)

    publication.refresh_from_db()
    assert publication.status == "published"
    assert messages_of(response)[-1] == f"“{publication.title_en}” is published"


# Case studies from the register


@pytest.fixture
def activity(organisation):
    return ActivityFactory(organisation=organisation, published=True, findings_en="People wanted a say.")


def test_an_organisation_editor_starts_a_case_study_from_the_activity_page(client, activity, editor):
    client.force_login(editor)

    page = client.get(reverse("staff:activity-tasks", kwargs={"slug": activity.slug}))
    response = client.post(reverse("guidance_manage:publication-from-activity", kwargs={"activity_pk": activity.pk}))

    publication = Publication.objects.get()
    assert page.context["can_draft_case_study"] is True
    assert b"Write a case study about this activity" in page.content
    assert response.url == manage_url("publication-detail", publication)
    assert list(publication.authors.values_list("user", flat=True)) == [editor.pk]
    detail = client.get(response.url)
    assert detail.context["actions"]["can_submit"] is True


def test_a_second_editor_is_told_a_case_study_is_already_being_written(client, activity, editor, organisation):
    publications.draft_case_study(activity=activity, created_by=editor)
    colleague = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user
    client.force_login(colleague)

    response = client.post(
        reverse("guidance_manage:publication-from-activity", kwargs={"activity_pk": activity.pk}), follow=True
    )

    assert Publication.objects.count() == 1
    assert messages_of(response) == ["A case study about this activity is already being written by someone else."]


def test_no_case_study_from_an_unpublished_activity_or_on_get(client, organisation, editor):
    unpublished = ActivityFactory(organisation=organisation)
    client.force_login(editor)
    url = reverse("guidance_manage:publication-from-activity", kwargs={"activity_pk": unpublished.pk})

    page = client.get(reverse("staff:activity-tasks", kwargs={"slug": unpublished.slug}))

    assert page.context["can_draft_case_study"] is False
    assert b"Write a case study about this activity" not in page.content
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert Publication.objects.count() == 0


# Outreach events


def event_data(**overrides) -> dict:
    data = {
        "title_en": "Public participation in AI procurement",
        "title_cy": "",
        "description_en": "",
        "description_cy": "",
        "starts_on_day": "4",
        "starts_on_month": "3",
        "starts_on_year": "2027",
        "ends_on_day": "",
        "ends_on_month": "",
        "ends_on_year": "",
        "host": "Local Government Association",
        "location": "Online",
        "role": "speaker",
        "url": "",
        "slides_url": "",
        "is_listed": "on",
    }
    return {**data, **overrides}


def test_add_an_event_with_slides(client, guidance_editor, media):
    client.force_login(guidance_editor)

    response = client.post(
        manage_url("event-create"), {**event_data(), "slides_upload": SimpleUploadedFile("talk.pdf", PDF)}
    )

    event = OutreachEvent.objects.get()
    assert response.url == manage_url("event-list")
    assert (event.starts_on, event.role, event.is_listed) == (datetime.date(2027, 3, 4), "speaker", True)
    assert event.slides_file.name.endswith(".pdf")


def test_event_form_errors(client, guidance_editor, media):
    client.force_login(guidance_editor)

    response = client.post(
        manage_url("event-create"),
        {
            **event_data(title_en="", role="", ends_on_day="1", ends_on_month="3", ends_on_year="2027"),
            "slides_url": "https://www.example.org/slides",
            "slides_upload": SimpleUploadedFile("talk.pdf", PDF),
        },
    )
    bad_file = client.post(
        manage_url("event-create"), {**event_data(), "slides_upload": SimpleUploadedFile("talk.pdf", b"<html>")}
    )

    assert response.context["form"].errors == {
        "title_en": ["Enter the title in English"],
        "role": ["Choose our role at the event"],
        "ends_on": ["The last day must be the same as or after the first day"],
        "slides_url": ["Give either a link to the slides or a file, not both"],
    }
    assert bad_file.context["form"].errors == {
        "slides_upload": ["The file contains web page code and cannot be uploaded"]
    }
    assert OutreachEvent.objects.count() == 0


def test_event_list_splits_upcoming_and_past(client, guidance_editor):
    today = datetime.date.today()
    for title, starts_on in (
        ("Past", today - datetime.timedelta(days=30)),
        ("Soon", today + datetime.timedelta(days=3)),
    ):
        publications.create_event(
            created_by=guidance_editor, title_en=title, starts_on=starts_on, host="ODI", role="panel"
        )
    client.force_login(guidance_editor)

    response = client.get(manage_url("event-list"))

    assert [event.title_en for event in response.context["upcoming"]] == ["Soon"]
    assert [event.title_en for event in response.context["past"]] == ["Past"]


def test_edit_and_delete_an_event(client, guidance_editor):
    event = publications.create_event(
        created_by=guidance_editor, title_en="Old title", starts_on=datetime.date(2027, 3, 4), host="ODI", role="panel"
    )
    client.force_login(guidance_editor)

    edit_page = client.get(reverse("guidance_manage:event-edit", kwargs={"pk": event.pk}))
    client.post(reverse("guidance_manage:event-edit", kwargs={"pk": event.pk}), event_data(title_en="New title"))
    confirm = client.get(reverse("guidance_manage:event-delete", kwargs={"pk": event.pk}))
    client.post(reverse("guidance_manage:event-delete", kwargs={"pk": event.pk}))

    assert edit_page.context["form"]["title_en"].value() == "Old title"
    assert b"Are you sure you want to delete" in confirm.content
    assert OutreachEvent.objects.count() == 0


def test_dashboard_links_to_publications_and_events(client, guidance_editor):
    client.force_login(guidance_editor)

    response = client.get(reverse("guidance_manage:dashboard"))

    assert manage_url("publication-list").encode() in response.content
    assert manage_url("event-list").encode() in response.content


@pytest.mark.parametrize("name", ["publication-list", "publication-create", "publication-detail", "event-list"])
def test_pages_work_in_welsh(client, guidance_editor, name):
    publication = draft_publication(editor=guidance_editor)
    client.force_login(guidance_editor)
    with translation.override("cy"):
        url = manage_url(name, publication if name == "publication-detail" else None)

    response = client.get(url)

    assert url.startswith("/cy/")
    assert response.status_code == 200
    assert b'<html lang="cy"' in response.content
