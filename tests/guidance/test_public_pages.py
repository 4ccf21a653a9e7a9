"""The public guidance pages, end to end through the client, in English and Welsh."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from guidance.models import Adoption, GuidanceDocument, Pilot, PilotFeedback
from guidance.services import pilots, subscriptions, workflow
from guidance.services.rendering import forget_glossary
from participation.services import page_cache
from tests.guidance.factories import (
    GlossaryTermFactory,
    draft_document,
    publish,
    published_document,
    published_publication,
    revise,
)
from tests.participation.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def fresh_glossary():
    """The glossary is cached in Redis, which outlives each test's database."""
    forget_glossary()
    yield
    forget_glossary()


def welsh(url: str) -> str:
    return f"/cy{url}"


def address_feedback(document, items, *, editor, reviewer, note="Clarified who decides."):
    """Publish a major revision that says it answers the given feedback."""
    version = workflow.start_draft(document=document, created_by=editor)
    for section in version.sections.all():
        workflow.update_section(
            section=section,
            updated_by=editor,
            heading_en=section.heading_en,
            heading_cy=section.heading_cy,
            body_en=section.body_en + " Clarified.",
            body_cy=section.body_cy,
        )
    workflow.update_version(
        version=version, updated_by=editor, change_type="major", change_note_en=note, addressed_feedback=items
    )
    publish(version, editor=editor, reviewer=reviewer)
    version.refresh_from_db()
    document.refresh_from_db()
    return version


def make_feedback(pilot, count, **fields):
    return [
        PilotFeedback.objects.create(
            pilot=pilot,
            version=pilot.version,
            section_anchor="planning-engagement",
            feedback_type="unclear",
            text=fields.pop("text", None) or f"Point {n}: who decides is unclear.",
            may_publish=True,
            **fields,
        )
        for n in range(count)
    ]


# The list, search and filters


def test_list_shows_published_guidance_only(client, guidance_document, unpublished_document):
    response = client.get(reverse("guidance:document-list"))

    assert response.status_code == 200
    assert guidance_document.title_en in response.text
    assert unpublished_document.title_en not in response.text
    assert "1 document" in response.text


def test_list_search_stems_english_words(client, guidance_document):
    response = client.get(reverse("guidance:document-list"), {"q": "procuring"})

    assert list(response.context["documents"]) == [guidance_document]


def test_list_search_finds_welsh_words(client, guidance_document):
    response = client.get(welsh(reverse("guidance:document-list")), {"q": "systemau"})

    assert list(response.context["documents"]) == [guidance_document]
    assert guidance_document.title_cy in response.text


def test_list_search_finds_words_in_the_sections(client, guidance_document):
    response = client.get(reverse("guidance:document-list"), {"q": "specification"})

    assert list(response.context["documents"]) == [guidance_document]


def test_list_search_with_no_match_shows_the_empty_state(client, guidance_document):
    response = client.get(reverse("guidance:document-list"), {"q": "zebra crossings"})

    assert list(response.context["documents"]) == []
    assert "No published guidance matches your search or filters." in response.text
    assert "0 documents" in response.text


@pytest.mark.parametrize("text", ['"unbalanced', "a & b | !c", "procure:*", "'); DROP TABLE x; --", "\\"])
def test_list_search_syntax_never_fails(client, guidance_document, text):
    response = client.get(reverse("guidance:document-list"), {"q": text})

    assert response.status_code == 200


def test_list_filters_by_topic_and_audience(client, organisation, guidance_editor, guidance_reviewer):
    procurement = published_document(organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer)
    statistics = published_document(
        organisation=organisation,
        editor=guidance_editor,
        reviewer=guidance_reviewer,
        title_en="Public participation in developing official statistics",
        topic="official_statistics",
        audiences=["statistics_producers"],
    )
    url = reverse("guidance:document-list")

    assert list(client.get(url, {"topic": "official_statistics"}).context["documents"]) == [statistics]
    assert list(client.get(url, {"audience": "procurement"}).context["documents"]) == [procurement]
    assert (
        list(client.get(url, {"topic": "procurement", "audience": "statistics_producers"}).context["documents"]) == []
    )


def test_list_reports_bad_filter_values_and_ignores_them(client, guidance_document):
    response = client.get(reverse("guidance:document-list"), {"topic": "nonsense", "page": "abc"})

    assert response.status_code == 200
    assert list(response.context["documents"]) == [guidance_document]
    assert "govuk-error-summary" in response.text


def test_list_paginates_25_a_page(client, organisation, guidance_editor, guidance_reviewer):
    for n in range(26):
        published_document(
            organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, title_en=f"Guidance {n:02}"
        )

    first = client.get(reverse("guidance:document-list"))
    second = client.get(reverse("guidance:document-list"), {"page": 2})

    assert len(first.context["documents"]) == 25
    assert len(second.context["documents"]) == 1
    assert "26 documents" in first.text
    assert "?page=2" in first.text


def test_list_offers_topic_subscriptions_to_signed_in_people(client, guidance_document, member):
    assert "Sign in to subscribe to a topic" in client.get(reverse("guidance:document-list")).text

    client.force_login(member)
    response = client.get(reverse("guidance:document-list"))

    assert reverse("guidance:topic-subscribe", args=["procurement"]) in response.text
    assert "Subscribe to this topic" in response.text


# The document page


def test_document_page_shows_the_live_version(client, guidance_document, organisation):
    response = client.get(guidance_document.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert guidance_document.title_en in text
    assert guidance_document.summary_en in text
    assert "govuk-phase-banner" in text
    assert "Beta" in text
    assert "version 1.0" in text
    assert reverse("guidance:document-history", args=[guidance_document.slug]) in text
    assert organisation.name_en in text
    assert "Commissioners, Procurement professionals" in text
    assert '<a class="govuk-link" href="#why-involve-the-public">Why involve the public</a>' in text
    assert '<h2 class="govuk-heading-l" id="planning-engagement">Planning engagement</h2>' in text
    assert "<strong>early</strong>" in text
    assert "First published." in text
    assert reverse("guidance:document-feed", args=[guidance_document.slug]) in text
    assert "/guidance/" + guidance_document.slug + "/versions/1.0/pdf/" in text
    assert "/cy/guidance/" + guidance_document.slug + "/versions/1.0/pdf/" in text
    assert "Sign in to subscribe to email updates" in text
    assert "Pilot this guidance" not in text


def test_document_page_in_welsh_uses_the_welsh_text(client, guidance_document):
    response = client.get(welsh(guidance_document.get_absolute_url()))

    text = response.text
    assert guidance_document.title_cy in text
    assert '<h2 class="govuk-heading-l" id="planning-engagement">Cynllunio ymgysylltu</h2>' in text
    assert "<strong>gynnar</strong>" in text
    assert "Nid yw’r fersiwn hon ar gael yn Gymraeg eto." not in text  # the notice, in Welsh


def test_welsh_page_says_when_the_version_has_no_welsh(client, organisation, guidance_editor, guidance_reviewer):
    sections = [{"heading_en": "Only English", "heading_cy": "", "body_en": "English text only.", "body_cy": ""}]
    document = published_document(
        organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, sections=sections
    )

    english = client.get(document.get_absolute_url())
    cymraeg = client.get(welsh(document.get_absolute_url()))

    notice = "This version is not available in Welsh yet."
    with translation.override("cy"):
        welsh_notice = translation.gettext(notice)
    assert welsh_notice != notice
    assert notice not in english.text
    assert welsh_notice in cymraeg.text
    assert 'aria-labelledby="only-english" lang="en"' in cymraeg.text
    assert "English text only." in cymraeg.text


def test_glossary_terms_in_a_section_link_to_the_glossary(client, guidance_document):
    GlossaryTermFactory(slug="ai-system", term_en="AI systems", term_cy="systemau AI", definition_en="Software.")
    forget_glossary()

    response = client.get(guidance_document.get_absolute_url())

    assert f'href="{reverse("guidance:glossary")}#ai-system">AI systems</a>' in response.text
    glossary = client.get(reverse("guidance:glossary"))
    assert 'id="ai-system"' in glossary.text
    assert "Software." in glossary.text


def test_glossary_lists_terms_alphabetically_in_both_languages(client):
    GlossaryTermFactory(slug="zeta", term_en="Zeta", term_cy="Alffa", definition_en="Last.", definition_cy="Cyntaf.")
    GlossaryTermFactory(slug="beta", term_en="Beta", term_cy="", definition_en="Second.", definition_cy="")

    english = client.get(reverse("guidance:glossary"))
    cymraeg = client.get(welsh(reverse("guidance:glossary")))

    assert [term.slug for term in english.context["terms"]] == ["beta", "zeta"]
    assert [term.slug for term in cymraeg.context["terms"]] == ["zeta", "beta"]
    assert "Cyntaf." in cymraeg.text
    assert '<span lang="en">Beta</span>' in cymraeg.text


def test_document_page_says_what_pilots_said(
    client, guidance_document, pilot, feedback, guidance_editor, guidance_reviewer
):
    hidden = make_feedback(pilot, 1, text="Please keep our name out of it.", show_organisation=False)[0]
    private = make_feedback(pilot, 1, text="Not for publication.")[0]
    PilotFeedback.objects.filter(pk=private.pk).update(may_publish=False)
    address_feedback(guidance_document, [feedback, hidden, private], editor=guidance_editor, reviewer=guidance_reviewer)

    response = client.get(guidance_document.get_absolute_url())

    text = response.text
    assert "Changed because pilots said…" in text
    assert "Clarified who decides." in text
    assert feedback.text in text
    assert hidden.text in text
    assert "Not for publication." not in text
    assert text.count(f"From a pilot at {pilot.organisation.name_en}") == 1
    assert "From a piloting organisation" in text
    assert (
        f'href="{guidance_document.current_version.get_absolute_url()}#planning-engagement">Planning engagement' in text
    )


def test_document_page_lists_adoptions_and_pilots(client, guidance_document, pilot, other_organisation):
    version = guidance_document.current_version
    Adoption.objects.create(
        document=guidance_document,
        organisation=other_organisation,
        version=version,
        adopted_on=datetime.date(2026, 10, 1),
    )

    response = client.get(guidance_document.get_absolute_url())

    assert "1 organisation has adopted this guidance." in response.text
    assert "It has been piloted 1 time." in response.text
    assert other_organisation.name_en in response.text
    assert "1 October 2026" in response.text


def test_document_page_offers_pilot_and_adoption_links_to_organisation_editors(client, guidance_document, editor):
    client.force_login(editor)

    response = client.get(guidance_document.get_absolute_url())

    assert reverse("guidance:pilot-signup", args=[guidance_document.slug]) in response.text
    assert reverse("guidance:adoption-declare", args=[guidance_document.slug]) in response.text


def test_unpublished_and_withdrawn_documents_are_not_found(client, guidance_document, unpublished_document, site_admin):
    client.force_login(site_admin)
    assert client.get(unpublished_document.get_absolute_url()).status_code == 404
    GuidanceDocument.objects.filter(pk=guidance_document.pk).update(is_withdrawn=True)

    for name in ("document-detail", "document-history", "document-compare", "document-feed"):
        assert client.get(reverse(f"guidance:{name}", args=[guidance_document.slug])).status_code == 404


def test_document_page_query_count_stays_the_same_as_guidance_grows(
    client, django_assert_num_queries, organisation, guidance_editor, guidance_reviewer, editor
):
    counts = {}
    for size in (1, 5):
        document = published_document(
            organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, title_en=f"Grows {size}"
        )
        document.partners.set([OrganisationFactory() for _ in range(size)])
        for _ in range(size - 1):
            revise(document, editor=guidance_editor, reviewer=guidance_reviewer)
        document.refresh_from_db()
        pilot = Pilot.objects.create(
            version=document.current_version,
            organisation=organisation,
            contact_role="Lead",
            starts_on=datetime.date(2026, 9, 1),
        )
        items = make_feedback(pilot, size)
        address_feedback(document, items, editor=guidance_editor, reviewer=guidance_reviewer)
        for _ in range(size):
            Adoption.objects.create(
                document=document,
                organisation=OrganisationFactory(),
                version=document.current_version,
                adopted_on=datetime.date(2026, 10, 1),
            )
        for number in range(size):
            published_publication(
                editor=guidance_editor,
                reviewer=guidance_reviewer,
                title_en=f"Related {size}-{number}",
                topics=[],
                related_guidance=[document],
            )
        client.get(document.get_absolute_url())  # the glossary is cached from here on
        page_cache.content_changed()  # and the page's own parts are rendered again on the next visit
        # 1 document with its organisation, live version and the one before it, 2 partners, 3 the
        # version's sections (rendered per content version too), 4 published feedback the version
        # addressed (with pilot organisation), 5 adoptions with organisation and version, 6 pilot
        # count, 7 related publications
        with django_assert_num_queries(7):
            response = client.get(document.get_absolute_url())
        # Then every visit until the content changes is served from the page cache.
        with django_assert_num_queries(0):
            again = client.get(document.get_absolute_url())
        assert again.text.count("app-guidance-feedback__item") == size
        counts[size] = (
            response.text.count("1 October 2026"),
            response.text.count("app-guidance-feedback__item"),
            response.text.count(f"Related {size}-"),
        )
    assert counts == {1: (1, 1, 1), 5: (5, 5, 5)}


def test_document_page_query_count_signed_in(client, django_assert_num_queries, guidance_document, editor):
    client.force_login(editor)
    client.get(guidance_document.get_absolute_url())

    # The document's parts come from the page cache since the first visit; then 1 session, 2 user
    # (with the facts the layout's "do you need MFA?" banner reads), 3 is this person subscribed,
    # 4 may they run pilots.
    with django_assert_num_queries(4):
        client.get(guidance_document.get_absolute_url())


def test_the_cached_page_shows_an_adoption_once_it_is_committed(
    client, guidance_document, organisation, editor, django_capture_on_commit_callbacks
):
    assert "1 October 2026" not in client.get(guidance_document.get_absolute_url()).text

    with django_capture_on_commit_callbacks(execute=True):
        pilots.declare_adoption(
            document=guidance_document,
            organisation=organisation,
            version=guidance_document.current_version,
            adopted_on=datetime.date(2026, 10, 1),
            declared_by=editor,
        )

    assert "1 October 2026" in client.get(guidance_document.get_absolute_url()).text


def test_the_cached_page_still_shows_each_reader_their_own_actions(client, guidance_document, member, editor):
    subscriptions.subscribe(user=member, document=guidance_document)
    url = guidance_document.get_absolute_url()
    client.get(url)  # the content is cached from here on

    client.force_login(member)
    as_subscriber = client.get(url).text
    client.force_login(editor)
    as_editor = client.get(url).text

    assert (
        "Unsubscribe" in as_subscriber
        and reverse("guidance:pilot-signup", args=[guidance_document.slug]) not in as_subscriber
    )
    assert "Subscribe to email updates" in as_editor
    assert reverse("guidance:pilot-signup", args=[guidance_document.slug]) in as_editor


# History, old versions, comparison


def test_history_lists_every_published_version(client, guidance_document, guidance_editor, guidance_reviewer):
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer, note="Added examples.")
    minor = revise(
        guidance_document, editor=guidance_editor, reviewer=guidance_reviewer, change_type="minor", note="Typos."
    )
    workflow.start_draft(document=guidance_document, created_by=guidance_editor)  # a draft stays private

    response = client.get(reverse("guidance:document-history", args=[guidance_document.slug]))

    assert [v.number for v in response.context["versions"]] == ["2.1", "2.0", "1.0"]
    assert "Added examples." in response.text
    assert "Minor change" in response.text
    assert minor.get_absolute_url() in response.text
    compare = reverse("guidance:document-compare", args=[guidance_document.slug])
    assert f"{compare}?from=2.0&amp;to=2.1" in response.text
    assert f"{compare}?from=1.0&amp;to=2.0" in response.text


def test_history_counts_the_feedback_behind_each_version(
    client, guidance_document, pilot, guidance_editor, guidance_reviewer
):
    address_feedback(guidance_document, make_feedback(pilot, 2), editor=guidance_editor, reviewer=guidance_reviewer)

    response = client.get(reverse("guidance:document-history", args=[guidance_document.slug]))

    assert "2 items of pilot feedback" in response.text


def test_history_query_count_stays_the_same(
    client, django_assert_num_queries, organisation, guidance_editor, guidance_reviewer
):
    for size in (1, 5):
        document = published_document(
            organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, title_en=f"History {size}"
        )
        for _ in range(size - 1):
            revise(document, editor=guidance_editor, reviewer=guidance_reviewer)
        # 1 document with organisation and live version, 2 published versions with feedback counts
        with django_assert_num_queries(2):
            response = client.get(reverse("guidance:document-history", args=[document.slug]))
        assert len(response.context["versions"]) == size


def test_old_version_has_a_permanent_page(client, guidance_document, guidance_editor, guidance_reviewer):
    first = guidance_document.current_version
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer, body_suffix=" Now longer.")

    old = client.get(first.get_absolute_url())
    current = client.get(guidance_document.versions.get(major=2).get_absolute_url())

    assert "This is version 1.0, published on" in old.text
    assert "Read the current version" in old.text
    assert "Now longer." not in old.text
    assert "Read the current version" not in current.text
    assert "Now longer." in current.text


def test_unpublished_version_numbers_are_not_found(client, guidance_document, guidance_editor):
    workflow.start_draft(document=guidance_document, created_by=guidance_editor)

    for number in ("2.0", "9.9"):
        url = reverse("guidance:version-detail", args=[guidance_document.slug, number])
        assert client.get(url).status_code == 404


def test_compare_defaults_to_previous_and_current(client, guidance_document, guidance_editor, guidance_reviewer):
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer, body_suffix=" Brand new words.")

    response = client.get(reverse("guidance:document-compare", args=[guidance_document.slug]))

    assert (response.context["old"].number, response.context["new"].number) == ("1.0", "2.0")
    assert "Changes from version 1.0 to version 2.0" in response.text
    assert "<ins>" in response.text
    assert "Brand" in response.text


def test_compare_in_welsh_uses_english_when_welsh_is_missing(client, organisation, guidance_editor, guidance_reviewer):
    sections = [{"heading_en": "Only English", "heading_cy": "", "body_en": "Old words.", "body_cy": ""}]
    document = published_document(
        organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, sections=sections
    )
    revise(document, editor=guidance_editor, reviewer=guidance_reviewer, body_suffix=" New words.")

    response = client.get(welsh(reverse("guidance:document-compare", args=[document.slug])))

    assert response.context["compare_language"] == "en"
    assert '<div lang="en">' in response.text
    assert "New" in response.text


@pytest.mark.parametrize(
    "query",
    [{"from": "9.9", "to": "1.0"}, {"from": "abc", "to": "1.0"}, {"from": "1.0", "to": "1.0"}, {"to": "2.0"}],
)
def test_compare_with_bad_numbers_shows_a_form_error(
    client, guidance_document, guidance_editor, guidance_reviewer, query
):
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)

    response = client.get(reverse("guidance:document-compare", args=[guidance_document.slug]), query)

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert response.context["changes"] is None


def test_compare_with_one_version_says_there_is_nothing_to_compare(client, guidance_document):
    response = client.get(reverse("guidance:document-compare", args=[guidance_document.slug]))

    assert response.status_code == 200
    assert "there is nothing to compare yet" in response.text


def test_compare_cannot_reach_a_draft(client, guidance_document, guidance_editor):
    workflow.start_draft(document=guidance_document, created_by=guidance_editor)

    response = client.get(
        reverse("guidance:document-compare", args=[guidance_document.slug]), {"from": "1.0", "to": "2.0"}
    )

    assert response.context["changes"] is None
    assert "govuk-error-summary" in response.text


def test_compare_query_count_stays_the_same(
    client, django_assert_num_queries, organisation, guidance_editor, guidance_reviewer
):
    for size in (1, 5):
        document = published_document(
            organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, title_en=f"Compare {size}"
        )
        for _ in range(size):
            revise(document, editor=guidance_editor, reviewer=guidance_reviewer)
        # 1 document, 2 published versions, 3 the old version's sections, 4 the new version's sections
        with django_assert_num_queries(4):
            response = client.get(reverse("guidance:document-compare", args=[document.slug]))
        assert len(response.context["changes"]) == 2


# The feed


def test_feed_has_an_entry_per_published_version_newest_first(
    client, guidance_document, guidance_editor, guidance_reviewer
):
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer, note="Added a checklist.")
    workflow.start_draft(document=guidance_document, created_by=guidance_editor)

    response = client.get(reverse("guidance:document-feed", args=[guidance_document.slug]))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, built from test data)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Version 2.0: a major change",
        "Version 1.0: a major change",
    ]
    assert entries[0].find(f"{ATOM}summary").text == "Added a checklist."
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/guidance/" + guidance_document.slug + "/versions/2.0/")


def test_feed_of_an_unpublished_document_is_not_found(client, unpublished_document):
    assert client.get(reverse("guidance:document-feed", args=[unpublished_document.slug])).status_code == 404


# Hostile text


XSS_SECTIONS = [
    {
        "heading_en": "<script>alert('heading')</script>Heading",
        "heading_cy": "",
        "body_en": "Text <script>alert('body')</script> [click](javascript:alert('link')) <img src=x onerror=alert(1)>",
        "body_cy": "",
    }
]


@pytest.fixture
def hostile_document(organisation, guidance_editor, guidance_reviewer):
    document, version = draft_document(organisation=organisation, editor=guidance_editor, sections=XSS_SECTIONS)
    workflow.update_version(
        version=version,
        updated_by=guidance_editor,
        change_type="major",
        change_note_en="<script>alert('note')</script> [x](javascript:alert(2))",
    )
    publish(version, editor=guidance_editor, reviewer=guidance_reviewer)
    document.refresh_from_db()
    return document


def test_hostile_text_is_inert_on_the_pages(client, hostile_document):
    urls = [
        hostile_document.get_absolute_url(),
        hostile_document.current_version.get_absolute_url(),
        reverse("guidance:document-history", args=[hostile_document.slug]),
        welsh(hostile_document.get_absolute_url()),
    ]
    for url in urls:
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert 'href="javascript:' not in text, url
        assert re.search(r"<[^>]*\bonerror", text) is None, url


def test_hostile_text_is_inert_in_the_feed(client, hostile_document):
    response = client.get(reverse("guidance:document-feed", args=[hostile_document.slug]))

    assert b"<script>" not in response.content
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, built from test data)
    summary = feed.find(f"{ATOM}entry").find(f"{ATOM}summary").text
    # The summary is type="html": a reader unescapes it once and must find text, not markup.
    assert "<script>" not in summary
    assert summary.startswith("&lt;script&gt;")


def test_every_page_works_in_welsh(client, guidance_document, guidance_editor, guidance_reviewer):
    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)
    slug = guidance_document.slug
    urls = [
        reverse("guidance:document-list"),
        reverse("guidance:glossary"),
        reverse("guidance:document-detail", args=[slug]),
        reverse("guidance:document-history", args=[slug]),
        reverse("guidance:document-compare", args=[slug]),
        reverse("guidance:version-detail", args=[slug, "1.0"]),
    ]
    for url in urls:
        response = client.get(welsh(url))
        assert response.status_code == 200, url
        assert '<html lang="cy"' in response.text, url
    translation.deactivate()


def test_list_search_rejects_nul_bytes_and_overlong_text(client, guidance_document):
    for text in ("procure\x00ment", "x" * 10_000):
        response = client.get(reverse("guidance:document-list"), {"q": text})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.text
        assert list(response.context["documents"]) == [guidance_document]


# The sitemap


def test_sitemap_lists_published_documents_and_every_published_version(
    guidance_document, unpublished_document, guidance_editor, guidance_reviewer
):
    from guidance.sitemaps import GuidanceSitemap

    revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)
    workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    sitemap = GuidanceSitemap()

    locations = [sitemap.location(item) for item in sitemap.items()]

    slug = guidance_document.slug
    assert locations == [
        "/guidance/",
        "/guidance/glossary/",
        f"/guidance/{slug}/",
        f"/guidance/{slug}/versions/2.0/",
        f"/guidance/{slug}/versions/1.0/",
    ]


def test_sitemap_renders_in_both_languages(rf, guidance_document):
    from django.contrib.sitemaps.views import sitemap

    from guidance.sitemaps import GuidanceSitemap

    response = sitemap(rf.get("/sitemap.xml"), sitemaps={"guidance": GuidanceSitemap})
    response.render()

    text = response.content.decode()
    assert f"/guidance/{guidance_document.slug}/versions/1.0/</loc>" in text
    assert f"/cy/guidance/{guidance_document.slug}/versions/1.0/</loc>" in text


def test_list_query_count_stays_the_same(
    client, django_assert_num_queries, organisation, guidance_editor, guidance_reviewer
):
    for total in (1, 5):
        while GuidanceDocument.objects.published().count() < total:
            published_document(
                organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer, title_en="Listed"
            )
        # 1 count, 2 the page of documents with organisation and live version
        with django_assert_num_queries(2):
            response = client.get(reverse("guidance:document-list"), {"q": "listed"})
        assert len(response.context["documents"]) == total


def test_version_page_query_count_stays_the_same(
    client, django_assert_num_queries, guidance_document, pilot, guidance_editor, guidance_reviewer
):
    for size in (1, 5):
        version = address_feedback(
            guidance_document, make_feedback(pilot, size), editor=guidance_editor, reviewer=guidance_reviewer
        )
        client.get(version.get_absolute_url())  # the glossary and the rendered sections are cached from here on
        # 1 document, 2 the version, 3 the published feedback it addressed
        with django_assert_num_queries(3):
            response = client.get(version.get_absolute_url())
        assert len(response.context["feedback_items"]) == size
