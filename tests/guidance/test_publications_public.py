"""The public publications pages, the events page, the combined feed and the sitemap, in English and
Welsh, through the client."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.models import OutreachEvent, Publication, PublicationAuthor
from participation.services import page_cache
from tests.guidance.factories import draft_publication, published_document, published_publication
from tests.participation.engagement.factories import ActivityFactory, ProjectFactory
from tests.participation.engagement.test_register_security import assert_page_inert
from tests.participation.factories import UserFactory
from tests.participation.test_markdown import XSS_VECTORS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LIST_URL = "/publications/"


def welsh(url: str) -> str:
    return f"/cy{url}"


def publish(editor, reviewer, **fields) -> Publication:
    publication = published_publication(editor=editor, reviewer=reviewer, **fields)
    publication.refresh_from_db()
    return publication


@pytest.fixture
def blog(guidance_editor, guidance_reviewer):
    return publish(guidance_editor, guidance_reviewer, publication_date=datetime.date(2026, 3, 1))


def event(**fields) -> OutreachEvent:
    values = {
        "slug": "data-ethics-summit",
        "title_en": "Data ethics summit",
        "starts_on": datetime.date(2026, 5, 1),
        "host": "Open Data Institute",
        "role": "speaker",
        "location": "Online",
        **fields,
    }
    return OutreachEvent.objects.create(**values)


# The list


def test_list_shows_published_publications_newest_first(client, guidance_editor, guidance_reviewer):
    old = publish(guidance_editor, guidance_reviewer, title_en="Older post", publication_date=datetime.date(2025, 1, 1))
    new = publish(
        guidance_editor,
        guidance_reviewer,
        title_en="Newer commentary",
        kind="commentary",
        publication_date=datetime.date(2026, 1, 1),
    )
    draft_publication(editor=guidance_editor, title_en="A draft nobody sees")

    response = client.get(LIST_URL)

    assert [p.pk for p in response.context["page"].object_list] == [new.pk, old.pk]
    assert "2 publications" in response.text
    assert "A draft nobody sees" not in response.text
    assert "Commentary" in response.text
    assert new.get_absolute_url() in response.text
    assert "1 January 2026" in response.text


def test_list_filters_by_kind_and_topic(client, guidance_editor, guidance_reviewer):
    publish(guidance_editor, guidance_reviewer, title_en="Procurement blog", topics=["procurement"])
    case = publish(
        guidance_editor,
        guidance_reviewer,
        title_en="Statistics case study",
        kind="case_study",
        topics=["official_statistics"],
        activities=[ActivityFactory(published=True)],
    )
    publish(
        guidance_editor,
        guidance_reviewer,
        title_en="Statistics commentary",
        kind="commentary",
        topics=["official_statistics"],
    )

    by_kind = client.get(f"{LIST_URL}?kind=case_study")
    by_topic = client.get(f"{LIST_URL}?topic=official_statistics")
    both = client.get(f"{LIST_URL}?kind=case_study&kind=blog_post&topic=official_statistics")

    assert [p.pk for p in by_kind.context["page"].object_list] == [case.pk]
    assert sorted(p.title_en for p in by_topic.context["page"].object_list) == [
        "Statistics case study",
        "Statistics commentary",
    ]
    assert [p.pk for p in both.context["page"].object_list] == [case.pk]
    assert 'value="case_study" checked' in both.text


def test_list_searches_titles_and_bodies(client, guidance_editor, guidance_reviewer):
    publish(guidance_editor, guidance_reviewer, title_en="Buying AI", body_en="Involve citizens in tenders.")
    publish(guidance_editor, guidance_reviewer, title_en="Counting people", body_en="Census methods.")

    by_body = client.get(f"{LIST_URL}?q=tenders")
    by_title = client.get(f"{LIST_URL}?q=counting")

    assert [p.title_en for p in by_body.context["page"].object_list] == ["Buying AI"]
    assert [p.title_en for p in by_title.context["page"].object_list] == ["Counting people"]


def test_list_empty_state(client):
    response = client.get(f"{LIST_URL}?q=nothing+like+this")

    assert "0 publications" in response.text
    assert "No publications match your search or filters." in response.text


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        f"page={10**12}",
        "page=1&page=2",
        "kind=nonsense",
        "topic=nonsense",
        "q=%22unbalanced",
        "q=a%20%26%20!b%20:*",
        "q=%00",
        "q=" + "x" * 300,
        "kind=",
    ],
)
def test_list_survives_bad_parameters(client, blog, query):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Publications</h1>' in response.text


def test_list_reports_an_invalid_filter(client, blog):
    response = client.get(f"{LIST_URL}?topic=nonsense")

    assert "There is a problem" in response.text
    assert "Choose a topic from the list" in response.text
    assert [p.pk for p in response.context["page"].object_list] == [blog.pk]


def test_list_paginates(client, guidance_editor, guidance_reviewer):
    for number in range(21):
        publish(
            guidance_editor,
            guidance_reviewer,
            title_en=f"Post {number:02}",
            publication_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
        )

    first = client.get(LIST_URL)
    second = client.get(f"{LIST_URL}?page=2")

    assert len(first.context["page"].object_list) == 20
    assert [p.title_en for p in second.context["page"].object_list] == ["Post 00"]
    assert "21 publications" in second.text
    assert 'rel="next"' in first.text


def test_list_in_welsh_falls_back_to_english(client, guidance_editor, guidance_reviewer):
    publish(guidance_editor, guidance_reviewer, title_en="English only", title_cy="", summary_cy="")
    publish(guidance_editor, guidance_reviewer, title_en="Both", title_cy="Y ddau")

    response = client.get(welsh(LIST_URL))

    assert '<span lang="en">English only</span>' in response.text
    assert "Y ddau" in response.text


def test_list_is_served_from_the_cache_until_content_changes(client, blog, django_assert_num_queries):
    client.get(LIST_URL)

    with django_assert_num_queries(0):
        cached = client.get(LIST_URL)

    assert blog.title_en in cached.text


def test_list_query_count_stays_the_same(client, guidance_editor, guidance_reviewer, django_assert_num_queries):
    counts = {}
    for size in (1, 5):
        while Publication.objects.count() < size:
            publish(guidance_editor, guidance_reviewer, title_en=f"Item {Publication.objects.count()}")
        page_cache.content_changed()  # the service's on-commit hook never runs inside the test transaction
        # 1 count of matching publications, 2 the page of publications
        with django_assert_num_queries(2):
            response = client.get(LIST_URL)
        counts[size] = len(response.context["page"].object_list)
    assert counts == {1: 1, 5: 5}


# A publication's page


def test_detail_shows_the_publication(client, blog):
    response = client.get(blog.get_absolute_url())

    assert "What we heard at the procurement workshops" in response.text
    assert "<strong>before</strong>" in response.text
    assert "Blog post" in response.text
    assert "1 March 2026" in response.text
    assert "Public participation in procurement of data and AI systems" in response.text


def test_detail_names_only_authors_who_agreed(client, guidance_editor, guidance_reviewer):
    named = UserFactory(display_name="Ada Lovelace")
    hidden = UserFactory(display_name="Charles Babbage")
    no_name = UserFactory(display_name="", email="secret.person@example.gov.uk")
    publication = draft_publication(editor=guidance_editor, authors=[named, hidden, no_name])
    PublicationAuthor.objects.filter(user=hidden).update(is_named=False)
    from guidance.services import review

    review.submit(publication, by=guidance_editor)
    review.approve(publication, by=guidance_reviewer)
    review.publish_now(publication, by=guidance_reviewer)

    response = client.get(publication.get_absolute_url())

    assert "Ada Lovelace" in response.text
    assert "Charles Babbage" not in response.text
    assert "secret.person@example.gov.uk" not in response.text


def test_detail_without_named_authors_credits_the_programme(client, guidance_editor, guidance_reviewer):
    publication = publish(guidance_editor, guidance_reviewer)
    PublicationAuthor.objects.filter(publication=publication).update(is_named=False)
    page_cache.content_changed()

    response = client.get(publication.get_absolute_url())

    assert "The Connected by Data programme" in response.text


def test_detail_in_welsh_uses_welsh_text_and_marks_english_fallback(client, guidance_editor, guidance_reviewer):
    both = publish(guidance_editor, guidance_reviewer, title_en="Both languages")
    english = publish(guidance_editor, guidance_reviewer, title_en="English only", title_cy="", body_cy="")

    both_url, english_url = welsh(both.get_absolute_url()), welsh(english.get_absolute_url())
    welsh_page = client.get(both_url)
    fallback = client.get(english_url)

    assert "Y peth cyntaf" in welsh_page.text
    assert "<strong>cyn</strong>" in welsh_page.text
    assert '<div class="govuk-body app-prose" lang="en">' in fallback.text
    assert '<span lang="en">English only</span>' in fallback.text


def test_detail_of_a_consultation_response_shows_the_consultation(client, guidance_editor, guidance_reviewer):
    response_ = publish(
        guidance_editor,
        guidance_reviewer,
        kind="consultation_response",
        title_en="Our response on data sharing",
        consultation_title="Data sharing in the public sector",
        consultation_department="Cabinet Office",
        consultation_url="https://www.gov.uk/consultations/data-sharing",
        consultation_closes_on=datetime.date(2026, 2, 28),
    )

    page = client.get(response_.get_absolute_url())

    assert "Data sharing in the public sector" in page.text
    assert "Cabinet Office" in page.text
    assert "28 February 2026" in page.text
    assert 'href="https://www.gov.uk/consultations/data-sharing"' in page.text
    assert reverse("publications:pdf", args=[response_.slug]) in page.text


def test_detail_shows_related_guidance_case_studies_and_register_records(
    client, organisation, guidance_editor, guidance_reviewer
):
    linked = published_document(
        organisation=organisation,
        editor=guidance_editor,
        reviewer=guidance_reviewer,
        title_en="Linked guidance",
        topic="data_sharing",
    )
    same_topic = published_document(
        organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, title_en="Topic guidance"
    )
    activity = ActivityFactory(organisation=organisation, title_en="Citizens' jury", published=True)
    hidden_activity = ActivityFactory(organisation=organisation, title_en="Unpublished activity", published=False)
    project = ProjectFactory(organisation=organisation, title_en="Procurement project", published=True)
    publication = publish(
        guidance_editor,
        guidance_reviewer,
        kind="case_study",
        title_en="The jury",
        related_guidance=[linked],
        activities=[activity, hidden_activity],
        projects=[project],
    )
    other = publish(
        guidance_editor, guidance_reviewer, kind="case_study", title_en="Another jury", topics=[], activities=[activity]
    )
    publish(guidance_editor, guidance_reviewer, kind="blog_post", title_en="Not a case study")

    response = client.get(publication.get_absolute_url())

    assert linked.get_absolute_url() in response.text
    assert same_topic.get_absolute_url() in response.text
    assert response.text.index("Linked guidance") < response.text.index("Topic guidance")
    assert other.get_absolute_url() in response.text
    assert "Not a case study" not in response.text
    assert activity.get_absolute_url() in response.text
    assert "Unpublished activity" not in response.text
    assert project.get_absolute_url() in response.text


def test_draft_is_not_found_for_the_public_and_other_members(client, guidance_editor, member):
    draft = draft_publication(editor=guidance_editor)

    anonymous = client.get(draft.get_absolute_url())
    client.force_login(member)
    other_member = client.get(draft.get_absolute_url())

    assert (anonymous.status_code, other_member.status_code) == (404, 404)


def test_draft_is_shown_to_its_author_as_a_draft(client, guidance_editor, member):
    draft = draft_publication(editor=guidance_editor, authors=[member])
    client.force_login(member)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft: not published" in response.text
    assert draft.title_en in response.text


def test_unknown_publication_is_not_found(client):
    response = client.get("/publications/no-such-thing/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_detail_query_count_stays_the_same(
    client, organisation, guidance_editor, guidance_reviewer, django_assert_num_queries
):
    counts = {}
    for size in (1, 5):
        activities = [ActivityFactory(organisation=organisation, published=True) for _ in range(size)]
        projects = [ProjectFactory(organisation=organisation, published=True) for _ in range(size)]
        authors = [UserFactory(display_name=f"Author {size}-{n}") for n in range(size)]
        documents = [
            published_document(
                organisation=organisation,
                editor=guidance_editor,
                reviewer=guidance_reviewer,
                title_en=f"Guidance {size}-{n}",
            )
            for n in range(size)
        ]
        publication = publish(
            guidance_editor,
            guidance_reviewer,
            kind="case_study",
            title_en=f"Case {size}",
            authors=authors,
            activities=activities,
            projects=projects,
            related_guidance=documents,
        )
        for n in range(size):
            publish(
                guidance_editor,
                guidance_reviewer,
                kind="case_study",
                title_en=f"Other {size}-{n}",
                activities=activities,
            )
        page_cache.content_changed()
        # 1 the publication, 2 its named authors with their users, 3 related guidance,
        # 4 related case studies, 5 published activities, 6 published projects
        with django_assert_num_queries(6):
            response = client.get(publication.get_absolute_url())
        counts[size] = response.text.count("Author ")
        # 1 the publication: the rest comes from the cache
        with django_assert_num_queries(1):
            client.get(publication.get_absolute_url())
    assert counts == {1: 1, 5: 5}


# Hostile text


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_hostile_text_is_inert_on_the_list_and_detail(client, guidance_editor, guidance_reviewer, vector):
    publication = publish(
        guidance_editor,
        guidance_reviewer,
        kind="consultation_response",
        title_en=vector[:200],
        title_cy=vector[:200],
        summary_en=vector,
        body_en=vector,
        body_cy=vector,
        consultation_title=vector[:300],
        consultation_department=vector[:200],
        consultation_closes_on=datetime.date(2026, 1, 1),
    )

    for url in (
        LIST_URL,
        f"{LIST_URL}?q={vector}",
        publication.get_absolute_url(),
        welsh(publication.get_absolute_url()),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_inert(response.text)


def test_feed_escapes_hostile_titles_and_summaries(client, guidance_editor, guidance_reviewer):
    publish(
        guidance_editor,
        guidance_reviewer,
        title_en="<script>alert(1)</script>",
        summary_en="<img src=x onerror=alert(1)>",
    )

    body = client.get(reverse("publications:feed")).text

    assert "<script>" not in body
    assert "&amp;lt;img src=x onerror=alert(1)&amp;gt;" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# The events page


def test_events_page_splits_upcoming_and_past(client, guidance_editor, guidance_reviewer):
    today = timezone.localdate()
    write_up = publish(guidance_editor, guidance_reviewer, kind="event_write_up", title_en="What we said at the summit")
    past = event(
        slug="past",
        title_en="Past summit",
        starts_on=today - datetime.timedelta(days=30),
        write_up=write_up,
        slides_url="https://example.org/slides",
    )
    ongoing = event(
        slug="ongoing",
        title_en="Ongoing festival",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
    )
    upcoming = event(
        slug="upcoming", title_en="Upcoming panel", starts_on=today + datetime.timedelta(days=10), role="panel"
    )
    event(slug="hidden", title_en="Unlisted meeting", starts_on=today, is_listed=False)

    response = client.get(reverse("publications:event-list"))

    assert [e.slug for e in response.context["upcoming"]] == [ongoing.slug, upcoming.slug]
    assert [e.slug for e in response.context["past"]] == [past.slug]
    assert "Unlisted meeting" not in response.text
    assert "Panel member" in response.text
    assert "https://example.org/slides" in response.text
    assert write_up.get_absolute_url() in response.text


def test_events_page_empty_and_bad_page(client):
    response = client.get(reverse("publications:event-list") + "?page=abc")

    assert response.status_code == 200
    assert "No upcoming events are listed at the moment." in response.text
    assert "No past events are listed yet." in response.text


def test_events_page_query_count_stays_the_same(client, django_assert_num_queries):
    today = timezone.localdate()
    for size in (1, 5):
        OutreachEvent.objects.all().delete()
        for n in range(size):
            event(slug=f"up-{n}", starts_on=today + datetime.timedelta(days=n + 1))
            event(slug=f"past-{n}", starts_on=today - datetime.timedelta(days=n + 1))
        # 1 upcoming events with their write-ups, 2 count of past events, 3 the page of past events
        with django_assert_num_queries(3):
            response = client.get(reverse("publications:event-list"))
        assert (len(response.context["upcoming"]), len(response.context["past"])) == (size, size)


def test_event_detail_and_unlisted_event(client):
    listed = event(description_en="We spoke about juries.", topics=["procurement"])
    unlisted = event(slug="private", is_listed=False)

    response = client.get(listed.get_absolute_url())
    missing = client.get(unlisted.get_absolute_url())

    assert "Data ethics summit" in response.text
    assert "We spoke about juries." in response.text
    assert "Open Data Institute" in response.text
    assert "Public participation in procurement of data and AI systems" in response.text
    assert missing.status_code == 404


def test_event_write_up_links_back_to_its_event(client, guidance_editor, guidance_reviewer):
    write_up = publish(guidance_editor, guidance_reviewer, kind="event_write_up", title_en="Our summit write-up")
    summit = event(write_up=write_up)
    page_cache.content_changed()

    response = client.get(write_up.get_absolute_url())

    assert summit.get_absolute_url() in response.text


def test_unpublished_write_up_is_not_linked_from_its_event(client, guidance_editor):
    write_up = draft_publication(editor=guidance_editor, kind="event_write_up")
    summit = event(write_up=write_up)

    response = client.get(summit.get_absolute_url())

    assert write_up.get_absolute_url() not in response.text


# The feed and the sitemap


def test_feed_combines_publications_and_guidance_versions(
    client, organisation, guidance_editor, guidance_reviewer, blog
):
    document = published_document(organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer)
    draft_publication(editor=guidance_editor, title_en="Draft stays out")

    response = client.get(reverse("publications:feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, built from test data)
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        f"Guidance: {document.title_en}, version 1.0",
        f"Blog post: {blog.title_en}",
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[1].endswith(blog.get_absolute_url())
    assert root.find(f"{ATOM}title").text == "Publications and guidance updates"
    assert [entry.find(f"{ATOM}id").text for entry in entries][1] == f"urn:uuid:{blog.pk}"


def test_feed_is_limited_to_fifty_entries(client, guidance_editor, guidance_reviewer, django_assert_num_queries):
    for number in range(51):
        published_publication(editor=guidance_editor, reviewer=guidance_reviewer, title_en=f"Post {number}")

    # 1 publications, 2 their named authors with users, 3 guidance versions with document and organisation
    with django_assert_num_queries(3):
        response = client.get(reverse("publications:feed"))

    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, built from test data)
    assert len(root.findall(f"{ATOM}entry")) == 50


def test_sitemap_lists_published_publications_and_listed_events(client, guidance_editor, blog):
    draft = draft_publication(editor=guidance_editor, title_en="Draft for the sitemap")
    listed = event()
    unlisted = event(slug="unlisted", is_listed=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert f"http://testserver{blog.get_absolute_url()}" in response.text
    assert f"http://testserver/cy{blog.get_absolute_url()}" in response.text
    assert f"http://testserver{listed.get_absolute_url()}" in response.text
    assert f"http://testserver{reverse('publications:list')}" in response.text
    assert f"http://testserver{reverse('publications:event-list')}" in response.text
    assert draft.get_absolute_url() not in response.text
    assert unlisted.get_absolute_url() not in response.text


def test_navigation_links_to_publications(client):
    response = client.get("/")

    assert f'href="{reverse("publications:list")}">Publications</a>' in response.text


# The guidance document page


def test_guidance_page_lists_related_publications(client, guidance_document, guidance_editor, guidance_reviewer):
    linked = publish(
        guidance_editor,
        guidance_reviewer,
        title_en="Links the guidance",
        topics=[],
        related_guidance=[guidance_document],
    )
    same_topic = publish(guidance_editor, guidance_reviewer, title_en="Same topic", topics=[guidance_document.topic])
    publish(guidance_editor, guidance_reviewer, title_en="Other topic", topics=["official_statistics"])
    draft_publication(editor=guidance_editor, title_en="Unpublished", related_guidance=[guidance_document])

    response = client.get(guidance_document.get_absolute_url())

    assert sorted(p.pk for p in response.context["related_publications"]) == sorted([linked.pk, same_topic.pk])
    assert "Related publications" in response.text
    assert "Other topic" not in response.text
    assert "Unpublished" not in response.text


def test_guidance_page_shows_at_most_five_related_publications(
    client, guidance_document, guidance_editor, guidance_reviewer
):
    for number in range(7):
        publish(guidance_editor, guidance_reviewer, title_en=f"Related {number}", topics=[guidance_document.topic])

    response = client.get(guidance_document.get_absolute_url())

    assert len(response.context["related_publications"]) == 5
