"""The editors' triage queue of pilot feedback, deciding on each item, and the glossary editor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.models import GlossaryTerm, Pilot, PilotFeedback, TriageStatus
from guidance.services import workflow
from guidance.services.rendering import glossary_terms
from participation.models import AuditEvent
from tests.guidance.factories import GlossaryTermFactory, published_document
from tests.participation.engagement.factories import ActivityFactory

QUEUE = reverse("guidance_manage:feedback-queue")


def triage_url(item):
    return reverse("guidance_manage:feedback-triage", kwargs={"pk": item.pk})


def make_feedback(pilot, submitted_by, *, count=1, **fields):
    items = []
    for n in range(count):
        values = {
            "section_anchor": "planning-engagement",
            "feedback_type": "unclear",
            "text": f"Feedback number {n}",
            "rating": 3,
            **fields,
        }
        items.append(
            PilotFeedback.objects.create(pilot=pilot, version=pilot.version, submitted_by=submitted_by, **values)
        )
    return items


@pytest.fixture
def other_pilot(other_organisation, guidance_editor, guidance_reviewer, other_org_admin):
    """`other_organisation` piloting a second document."""
    document = published_document(
        organisation=other_organisation,
        editor=guidance_editor,
        reviewer=guidance_reviewer,
        title_en="Public participation in developing official statistics",
    )
    return Pilot.objects.create(
        version=document.current_version,
        organisation=other_organisation,
        contact_role="Head of statistics",
        starts_on=datetime.date(2026, 9, 1),
        created_by=other_org_admin,
    )


# The queue


def test_the_queue_lists_feedback_newest_first_with_counts_per_status(
    client, guidance_editor, pilot, member, other_pilot, other_org_admin
):
    older = make_feedback(pilot, member, text="The older item")[0]
    PilotFeedback.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    make_feedback(pilot, member, text="The declined item", status=TriageStatus.DECLINED, response="No.")
    make_feedback(other_pilot, other_org_admin, text="The newest item", feedback_type="impact", section_anchor="")
    client.force_login(guidance_editor)

    response = client.get(QUEUE)

    html = response.content.decode()
    assert response.status_code == 200
    texts = [item.text for item in response.context["items"]]
    assert texts == ["The newest item", "The declined item", "The older item"]
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {"new": 2, "accepted": 0, "declined": 1, "deferred": 0, "addressed": 0}
    assert "Planning engagement" in html
    assert "Office for National Statistics" in html
    assert triage_url(older) in html
    assert "govuk-tag--red" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "declined"}, ["declined"]),
        ({"feedback_type": "impact"}, ["theirs"]),
        ({"section": "why-involve-the-public"}, ["why"]),
        ({"organisation": "OTHER"}, ["theirs"]),
        ({"document": "OURS"}, ["declined", "why", "plain"]),
        ({"status": "not-a-status"}, ["theirs", "declined", "why", "plain"]),
    ],
)
def test_the_queue_filters(client, guidance_editor, pilot, member, other_pilot, other_org_admin, params, expected):
    make_feedback(pilot, member, text="plain")
    make_feedback(pilot, member, text="why", section_anchor="why-involve-the-public")
    make_feedback(pilot, member, text="declined", status=TriageStatus.DECLINED, response="No.")
    make_feedback(other_pilot, other_org_admin, text="theirs", feedback_type="impact")
    substitutes = {"OURS": str(pilot.version.document_id), "OTHER": str(other_pilot.organisation_id)}
    params = {key: substitutes.get(value, value) for key, value in params.items()}
    client.force_login(guidance_editor)

    response = client.get(QUEUE, params)

    assert [item.text for item in response.context["items"]] == expected


def test_the_queue_shows_25_a_page(client, guidance_editor, pilot, member):
    make_feedback(pilot, member, count=26)
    client.force_login(guidance_editor)

    first = client.get(QUEUE)
    second = client.get(QUEUE, {"page": 2})

    assert len(first.context["items"]) == 25
    assert len(second.context["items"]) == 1
    assert 'rel="next"' in first.content.decode()


def test_the_queue_answers_htmx_with_the_results_only(client, guidance_editor, pilot, member):
    make_feedback(pilot, member)
    client.force_login(guidance_editor)

    response = client.get(QUEUE, {"status": "new"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue-results"')
    assert "<h1" not in html


def test_the_queue_empty_state(client, guidance_editor):
    client.force_login(guidance_editor)

    assert "No feedback yet" in client.get(QUEUE).content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_queue_query_count_does_not_grow(
    client, guidance_editor, pilot, member, other_pilot, other_org_admin, count, django_assert_num_queries
):
    make_feedback(pilot, member, count=count)
    make_feedback(other_pilot, other_org_admin, count=count)
    client.force_login(guidance_editor)

    # 1 session, 2 user (with platform roles and MFA authenticator: guidance editor check), 3 counts per
    # status, 4 page count, 5 the page of feedback with document, organisation and submitter,
    # 6 their sections' headings, 7 the guidance and 8 the organisations for the filters.
    with django_assert_num_queries(8):
        response = client.get(QUEUE)

    assert len(response.context["items"]) == 2 * count


# Triage


def test_the_triage_page_shows_the_item_in_full(client, guidance_editor, organisation, feedback):
    activity = ActivityFactory(organisation=organisation, title_en="Citizens’ panel on benefits")
    PilotFeedback.objects.filter(pk=feedback.pk).update(activity=activity)
    client.force_login(guidance_editor)

    response = client.get(triage_url(feedback))

    html = response.content.decode()
    assert response.status_code == 200
    assert feedback.text in html
    assert "Citizens’ panel on benefits" in html
    assert "Data protection officer" in html
    assert feedback.submitted_by.email in html
    assert "Planning engagement" in html


def test_an_editor_accepts_feedback_with_a_response(client, guidance_editor, feedback):
    client.force_login(guidance_editor)

    response = client.post(triage_url(feedback), {"status": "accepted", "response": "We will fix this."})

    assert response.status_code == 302
    assert response.url == QUEUE
    feedback.refresh_from_db()
    assert (feedback.status, feedback.response, feedback.triaged_by) == (
        "accepted",
        "We will fix this.",
        guidance_editor,
    )
    assert AuditEvent.objects.filter(action="guidance.feedback.triaged").count() == 1


def test_linking_feedback_to_a_draft_keeps_it_open(client, guidance_editor, guidance_document, feedback):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    client.force_login(guidance_editor)

    client.post(triage_url(feedback), {"status": "accepted", "response": "", "addressed_in": draft.pk})

    feedback.refresh_from_db()
    assert (feedback.status, feedback.addressed_in) == ("accepted", draft)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "declined", "response": ""}, "response", "Say why it was declined"),
        ({"status": "addressed", "response": "Done"}, "addressed_in", "Choose the published version"),
        ({"status": "addressed", "response": "Done", "addressed_in": "DRAFT"}, "addressed_in", "Choose the published"),
        ({"status": "addressed", "addressed_in": "OTHER"}, "addressed_in", "Choose a version of the same guidance"),
        ({"status": "finished"}, "status", "Choose a status"),
    ],
)
def test_triage_errors_are_shown_on_the_form(
    client, guidance_editor, guidance_document, feedback, other_pilot, data, field, message
):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    substitutes = {"DRAFT": str(draft.pk), "OTHER": str(other_pilot.version_id)}
    data = {key: substitutes.get(value, value) for key, value in data.items()}
    client.force_login(guidance_editor)

    response = client.post(triage_url(feedback), data)

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "govuk-error-summary" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == TriageStatus.NEW
    assert not AuditEvent.objects.filter(action="guidance.feedback.triaged").exists()


def test_addressing_with_a_published_version_emails_the_submitter_once(
    client, guidance_editor, guidance_document, feedback, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(guidance_editor)
    data = {"status": "addressed", "response": "Rewritten.", "addressed_in": guidance_document.current_version_id}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(triage_url(feedback), data)
        client.post(triage_url(feedback), data)

    feedback.refresh_from_db()
    assert feedback.status == TriageStatus.ADDRESSED
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [feedback.submitted_by.email]


# Glossary


GLOSSARY_LIST = reverse("guidance_manage:glossary-list")
TERM_POST = {
    "term_en": "Deliberative polling",
    "term_cy": "Pleidleisio trafodol",
    "definition_en": "A poll taken after people have discussed the issue.",
    "definition_cy": "Arolwg ar ôl trafod.",
}


def test_an_editor_adds_a_term_with_a_slug_from_the_english_term(client, guidance_editor):
    glossary_terms("en")
    client.force_login(guidance_editor)

    response = client.post(reverse("guidance_manage:glossary-create"), TERM_POST)

    term = GlossaryTerm.objects.get()
    assert response.status_code == 302
    assert term.slug == "deliberative-polling"
    assert term.term_cy == "Pleidleisio trafodol"
    assert ("Deliberative polling", reverse("guidance:glossary") + "#deliberative-polling") in glossary_terms("en")
    assert AuditEvent.objects.filter(action="guidance.glossary.created").count() == 1


def test_slugs_stay_unique(client, guidance_editor):
    GlossaryTermFactory(slug="deliberative-polling", term_en="Deliberative polling (old)")
    client.force_login(guidance_editor)

    client.post(reverse("guidance_manage:glossary-create"), TERM_POST)

    assert GlossaryTerm.objects.get(term_en="Deliberative polling").slug == "deliberative-polling-2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"term_en": "deliberative POLLING"}, "term_en"),
        ({"term_en": ""}, "term_en"),
        ({"term_en": "!!!"}, "term_en"),
        ({"definition_en": ""}, "definition_en"),
    ],
)
def test_bad_terms_give_form_errors(client, guidance_editor, changes, field):
    GlossaryTermFactory(term_en="Deliberative polling")
    client.force_login(guidance_editor)

    response = client.post(reverse("guidance_manage:glossary-create"), {**TERM_POST, **changes})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert GlossaryTerm.objects.count() == 1


def test_an_editor_changes_a_term_and_its_slug_stays(client, guidance_editor):
    term = GlossaryTermFactory(slug="citizens-jury", term_en="Citizens jury")
    other = GlossaryTermFactory(term_en="Mini-public")
    client.force_login(guidance_editor)
    url = reverse("guidance_manage:glossary-edit", kwargs={"pk": term.pk})

    duplicate = client.post(url, {**TERM_POST, "term_en": "mini-public"})
    response = client.post(url, {**TERM_POST, "term_en": "Citizens’ jury"})

    assert "term_en" in duplicate.context["form"].errors
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.term_en, term.slug) == ("Citizens’ jury", "citizens-jury")
    other.refresh_from_db()
    assert other.term_en == "Mini-public"


def test_deleting_a_term_asks_first(client, guidance_editor):
    term = GlossaryTermFactory(term_en="Mini-public")
    glossary_terms("en")
    url = reverse("guidance_manage:glossary-delete", kwargs={"pk": term.pk})
    client.force_login(guidance_editor)

    confirm = client.get(url)
    assert "Are you sure you want to remove “Mini-public”?" in confirm.content.decode()
    assert GlossaryTerm.objects.exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not GlossaryTerm.objects.exists()
    assert glossary_terms("en") == []
    assert AuditEvent.objects.filter(action="guidance.glossary.deleted").count() == 1


def test_the_glossary_list(client, guidance_editor):
    GlossaryTermFactory(term_en="Mini-public", term_cy="")
    client.force_login(guidance_editor)

    html = client.get(GLOSSARY_LIST).content.decode()

    assert "Mini-public" in html
    assert "Not translated" in html
