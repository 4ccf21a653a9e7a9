"""Pilots, feedback per section and adoption: the organisations' side of the guidance loop."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from guidance.models import Adoption, Pilot, PilotFeedback, PilotStatus, TriageStatus
from guidance.services import feedback as feedback_service
from guidance.services import workflow
from participation.models import AuditEvent, EmailDelivery
from tests.guidance.factories import publish, revise
from tests.participation.engagement.factories import ActivityFactory, ProjectFactory

SIGNUP_POST = {
    "contact_role": "Head of data ethics",
    "starts_on_day": "1",
    "starts_on_month": "9",
    "starts_on_year": "2026",
    "ends_on_day": "1",
    "ends_on_month": "3",
    "ends_on_year": "2027",
}
FEEDBACK_POST = {
    "section_anchor": "planning-engagement",
    "feedback_type": "unclear",
    "rating": "2",
    "text": "We could not tell which decisions were open to influence.",
    "submitter_role": "Data protection officer",
    "may_publish": "on",
    "show_organisation": "on",
}


def signup_url(document):
    return reverse("guidance:pilot-signup", kwargs={"slug": document.slug})


def adopt_url(document):
    return reverse("guidance:adoption-declare", kwargs={"slug": document.slug})


def feedback_url(pilot):
    return reverse("guidance:feedback-create", kwargs={"pk": pilot.pk})


def pilot_url(pilot):
    return reverse("guidance:pilot-detail", kwargs={"pk": pilot.pk})


# Signing up


def test_an_editor_signs_their_organisation_up_to_pilot_the_live_version(
    client, editor, organisation, guidance_document
):
    project = ProjectFactory(organisation=organisation, title_en="Benefits chatbot")
    client.force_login(editor)

    response = client.post(
        signup_url(guidance_document), {**SIGNUP_POST, "organisation": organisation.pk, "projects": [project.pk]}
    )

    pilot = Pilot.objects.get()
    assert response.status_code == 302
    assert response.url == pilot_url(pilot)
    assert pilot.version == guidance_document.current_version
    assert pilot.organisation == organisation
    assert pilot.contact_role == "Head of data ethics"
    assert (pilot.starts_on, pilot.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2027, 3, 1))
    assert list(pilot.projects.all()) == [project]
    assert pilot.created_by == editor
    assert AuditEvent.objects.filter(action="guidance.pilot.created", organisation=organisation).count() == 1


def test_the_signup_form_preselects_the_only_organisation_and_offers_its_projects(
    client, editor, organisation, other_organisation, guidance_document
):
    ProjectFactory(organisation=organisation, title_en="Our project")
    ProjectFactory(organisation=other_organisation, title_en="Their project")
    client.force_login(editor)

    html = client.get(signup_url(guidance_document)).content.decode()

    assert f'value="{organisation.pk}" checked' in html
    assert "Our project" in html
    assert "Their project" not in html


def test_an_organisation_pilots_a_version_once(client, editor, organisation, pilot, guidance_document):
    client.force_login(editor)

    response = client.post(signup_url(guidance_document), {**SIGNUP_POST, "organisation": organisation.pk})

    assert response.status_code == 200
    assert "is already piloting this version of the guidance" in response.content.decode()
    assert Pilot.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on_year": "2026", "ends_on_month": "8"}, "ends_on", "The end date must be after the start date"),
        ({"starts_on_day": "", "starts_on_month": "", "starts_on_year": ""}, "starts_on", "Enter the date the pilot"),
        ({"starts_on_day": "31", "starts_on_month": "2"}, "starts_on", "Enter a real date"),
        ({"contact_role": ""}, "contact_role", "Enter the role of the pilot’s contact"),
    ],
)
def test_bad_signup_input_gives_form_errors_and_writes_nothing(
    client, editor, organisation, guidance_document, changes, field, message
):
    client.force_login(editor)

    response = client.post(signup_url(guidance_document), {**SIGNUP_POST, "organisation": organisation.pk, **changes})

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "govuk-error-summary" in response.content.decode()
    assert not Pilot.objects.exists()
    assert not AuditEvent.objects.filter(action="guidance.pilot.created").exists()


def test_projects_of_another_organisation_cannot_be_attached(
    client, editor, organisation, other_organisation, guidance_document
):
    ProjectFactory(organisation=organisation)
    theirs = ProjectFactory(organisation=other_organisation)
    client.force_login(editor)

    response = client.post(
        signup_url(guidance_document), {**SIGNUP_POST, "organisation": organisation.pk, "projects": [theirs.pk]}
    )

    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert not Pilot.objects.exists()


def test_an_organisation_the_person_does_not_edit_cannot_be_signed_up(
    client, editor, other_organisation, guidance_document
):
    client.force_login(editor)

    response = client.post(signup_url(guidance_document), {**SIGNUP_POST, "organisation": other_organisation.pk})

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Pilot.objects.exists()


def test_someone_who_edits_no_organisation_is_told_how_to_pilot(client, member, guidance_document):
    client.force_login(member)

    response = client.get(signup_url(guidance_document))

    assert response.status_code == 403
    assert "ask an administrator of your organisation to make you an editor" in response.content.decode()


def test_unpublished_guidance_cannot_be_piloted_or_adopted(client, editor, unpublished_document):
    client.force_login(editor)

    assert client.get(signup_url(unpublished_document)).status_code == 404
    assert client.get(adopt_url(unpublished_document)).status_code == 404


# The pilot page and feedback


def test_the_pilot_page_lists_sections_with_feedback_links_and_the_organisations_feedback(
    client, member, pilot, feedback
):
    feedback_service.triage(
        feedback=feedback,
        triaged_by=_editor_of_guidance(),
        status=TriageStatus.DECLINED,
        response="Out of scope for this guidance.",
    )
    client.force_login(member)

    response = client.get(pilot_url(pilot))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"{feedback_url(pilot)}?section=why-involve-the-public" in html
    assert f"{feedback_url(pilot)}?section=planning-engagement" in html
    assert "Give feedback on this section" in html
    assert "It is not clear who decides" in html
    assert "Out of scope for this guidance." in html
    assert "govuk-tag--red" in html


def _editor_of_guidance():
    from participation.models import PlatformRole
    from tests.participation.factories import UserFactory

    return UserFactory(roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)


def test_the_welsh_pilot_page_shows_welsh_headings(client, member, pilot):
    client.force_login(member)

    response = client.get("/cy" + pilot_url(pilot))

    assert response.status_code == 200
    assert "Cynllunio ymgysylltu" in response.content.decode()


def test_the_feedback_form_is_prefilled_with_the_section(client, member, pilot):
    client.force_login(member)

    response = client.get(feedback_url(pilot) + "?section=planning-engagement")

    assert response.status_code == 200
    assert response.context["form"]["section_anchor"].value() == "planning-engagement"
    assert '<option value="planning-engagement" selected>' in response.content.decode()


def test_a_pilot_member_gives_feedback_on_a_section(client, member, organisation, pilot):
    activity = ActivityFactory(organisation=organisation, title_en="Citizens’ panel on benefits")
    client.force_login(member)

    response = client.post(feedback_url(pilot), {**FEEDBACK_POST, "activity": activity.pk}, follow=True)

    item = PilotFeedback.objects.get()
    assert response.redirect_chain == [(pilot_url(pilot), 302)]
    assert "your feedback has been sent to the guidance editors" in response.content.decode()
    assert item.version == pilot.version
    assert item.section_anchor == "planning-engagement"
    assert (item.feedback_type, item.rating, item.status) == ("unclear", 2, TriageStatus.NEW)
    assert item.submitted_by == member
    assert item.activity == activity
    assert item.may_publish and item.show_organisation
    assert AuditEvent.objects.filter(action="guidance.feedback.submitted", organisation=organisation).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"section_anchor": "no-such-section"}, "section_anchor"),
        ({"rating": "9"}, "rating"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "   "}, "text"),
        ({"feedback_type": "rude"}, "feedback_type"),
    ],
)
def test_bad_feedback_input_gives_form_errors_and_writes_nothing(client, member, pilot, changes, field):
    client.force_login(member)

    response = client.post(feedback_url(pilot), {**FEEDBACK_POST, **changes})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "govuk-error-summary" in response.content.decode()
    assert not PilotFeedback.objects.exists()
    assert not AuditEvent.objects.filter(action="guidance.feedback.submitted").exists()


def test_an_activity_of_another_organisation_cannot_be_linked(client, member, other_organisation, pilot):
    theirs = ActivityFactory(organisation=other_organisation)
    client.force_login(member)

    response = client.post(feedback_url(pilot), {**FEEDBACK_POST, "activity": theirs.pk})

    assert "activity" in response.context["form"].errors
    assert not PilotFeedback.objects.exists()


@pytest.mark.parametrize("status", [PilotStatus.COMPLETED, PilotStatus.WITHDRAWN])
def test_a_finished_pilot_takes_no_feedback(client, member, pilot, status):
    Pilot.objects.filter(pk=pilot.pk).update(status=status)
    client.force_login(member)

    response = client.post(feedback_url(pilot), FEEDBACK_POST, follow=True)

    assert response.redirect_chain == [(pilot_url(pilot), 302)]
    assert "so it no longer takes feedback" in response.content.decode()
    assert "Give feedback on this section" not in response.content.decode()
    assert not PilotFeedback.objects.exists()


def test_another_organisations_member_cannot_see_the_pilot_or_give_feedback(client, other_org_admin, pilot):
    client.force_login(other_org_admin)

    assert client.get(pilot_url(pilot)).status_code == 404
    assert client.get(feedback_url(pilot)).status_code == 404
    assert client.post(feedback_url(pilot), FEEDBACK_POST).status_code == 404
    assert not PilotFeedback.objects.exists()


def test_a_guidance_editor_sees_the_pilot_but_gives_no_feedback(client, guidance_editor, pilot):
    client.force_login(guidance_editor)

    response = client.get(pilot_url(pilot))

    assert response.status_code == 200
    assert "Give feedback on this section" not in response.content.decode()
    assert client.post(feedback_url(pilot), FEEDBACK_POST).status_code == 403


@pytest.mark.parametrize("count", [1, 5])
def test_pilot_page_query_count_does_not_grow(client, member, organisation, pilot, count, django_assert_num_queries):
    activity = ActivityFactory(organisation=organisation)
    for n in range(count):
        PilotFeedback.objects.create(
            pilot=pilot,
            version=pilot.version,
            section_anchor="planning-engagement",
            submitted_by=member,
            feedback_type="missing",
            text=f"Feedback {n}",
            activity=activity,
        )
    client.force_login(member)

    # 1 session, 2 user (with its platform roles, for "is the reader a guidance editor?", and the layout's
    # MFA authenticator and org admin membership), 3 the pilot with its version, document and organisation,
    # 4 sections, 5 feedback with activity and addressing version, 6 membership (may they give feedback?),
    # 7 the pilot's projects.
    with django_assert_num_queries(7):
        response = client.get(pilot_url(pilot))

    assert len(response.context["feedback_items"]) == count


# Adoption


def test_an_editor_declares_adoption_and_declaring_again_updates_it(
    client, editor, organisation, guidance_document, guidance_editor, guidance_reviewer
):
    first = guidance_document.current_version
    second = revise(guidance_document, editor=guidance_editor, reviewer=guidance_reviewer)
    client.force_login(editor)
    form_html = client.get(adopt_url(guidance_document)).content.decode()
    assert f'<option value="{second.pk}" selected>' in form_html

    response = client.post(
        adopt_url(guidance_document),
        {
            "organisation": organisation.pk,
            "version": first.pk,
            "adopted_on_day": "3",
            "adopted_on_month": "2",
            "adopted_on_year": "2026",
            "evidence_url": "https://www.example.gov.uk/policy",
        },
    )
    assert response.status_code == 302
    client.post(
        adopt_url(guidance_document),
        {
            "organisation": organisation.pk,
            "version": second.pk,
            "adopted_on_day": "4",
            "adopted_on_month": "2",
            "adopted_on_year": "2026",
        },
    )

    adoption = Adoption.objects.get()
    assert (adoption.version, adoption.adopted_on, adoption.evidence_url) == (second, datetime.date(2026, 2, 4), "")
    assert AuditEvent.objects.filter(action="guidance.adoption.declared").count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"adopted_on_year": str(timezone.localdate().year + 1)}, "adopted_on"),
        ({"adopted_on_day": ""}, "adopted_on"),
        ({"evidence_url": "not a link"}, "evidence_url"),
        ({"version": "00000000-0000-0000-0000-000000000000"}, "version"),
    ],
)
def test_bad_adoption_input_gives_form_errors_and_writes_nothing(
    client, editor, organisation, guidance_document, changes, field
):
    client.force_login(editor)
    data = {
        "organisation": organisation.pk,
        "version": guidance_document.current_version_id,
        "adopted_on_day": "3",
        "adopted_on_month": "2",
        "adopted_on_year": "2026",
        **changes,
    }

    response = client.post(adopt_url(guidance_document), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Adoption.objects.exists()
    assert not AuditEvent.objects.filter(action="guidance.adoption.declared").exists()


def test_a_draft_version_cannot_be_declared_adopted(client, editor, organisation, guidance_document, guidance_editor):
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    client.force_login(editor)

    response = client.post(
        adopt_url(guidance_document),
        {
            "organisation": organisation.pk,
            "version": draft.pk,
            "adopted_on_day": "3",
            "adopted_on_month": "2",
            "adopted_on_year": "2026",
        },
    )

    assert "version" in response.context["form"].errors
    assert not Adoption.objects.exists()


def _adoption(document, organisation, editor):
    from guidance.services.pilots import declare_adoption

    return declare_adoption(
        document=document,
        organisation=organisation,
        version=document.current_version,
        adopted_on=datetime.date(2026, 1, 5),
        declared_by=editor,
    )


def test_withdrawing_an_adoption_asks_first_then_removes_it(client, editor, organisation, guidance_document):
    adoption = _adoption(guidance_document, organisation, editor)
    url = reverse("guidance:adoption-withdraw", kwargs={"pk": adoption.pk})
    client.force_login(editor)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert Adoption.objects.exists()
    assert "Yes, withdraw the adoption" in confirm.content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert response.url == guidance_document.get_absolute_url()
    assert not Adoption.objects.exists()
    assert AuditEvent.objects.filter(action="guidance.adoption.withdrawn", organisation=organisation).count() == 1


def test_only_the_adopting_organisations_editors_withdraw_it(
    client, editor, member, other_org_admin, organisation, guidance_document
):
    adoption = _adoption(guidance_document, organisation, editor)
    url = reverse("guidance:adoption-withdraw", kwargs={"pk": adoption.pk})

    for person in (member, other_org_admin):
        client.force_login(person)
        assert client.post(url).status_code == 403
    assert Adoption.objects.exists()


# The whole loop


def test_the_pilot_loop_from_signup_to_addressed_feedback(
    client,
    editor,
    member,
    organisation,
    guidance_document,
    guidance_editor,
    guidance_reviewer,
    django_capture_on_commit_callbacks,
):
    # An editor signs the organisation up to pilot the live version.
    client.force_login(editor)
    client.post(signup_url(guidance_document), {**SIGNUP_POST, "organisation": organisation.pk})
    pilot = Pilot.objects.get()

    # A member gives feedback on a section.
    client.force_login(member)
    client.post(feedback_url(pilot), FEEDBACK_POST)
    item = PilotFeedback.objects.get()

    # A guidance editor accepts it.
    client.force_login(guidance_editor)
    response = client.post(
        reverse("guidance_manage:feedback-triage", kwargs={"pk": item.pk}),
        {"status": "accepted", "response": "We will say who decides."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == TriageStatus.ACCEPTED

    # A new draft says it addresses the feedback, and is published.
    draft = workflow.start_draft(document=guidance_document, created_by=guidance_editor)
    workflow.update_version(
        version=draft,
        updated_by=guidance_editor,
        change_type="major",
        change_note_en="Says who decides what is open to influence.",
        addressed_feedback=[item],
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor=guidance_editor, reviewer=guidance_reviewer)

    item.refresh_from_db()
    draft.refresh_from_db()
    assert item.status == TriageStatus.ADDRESSED
    assert item.addressed_in == draft

    # Running the publication's feedback step again emails no one twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_service.mark_addressed(version=draft) == 0
        feedback_service.triage(
            feedback=item,
            triaged_by=guidance_editor,
            status=TriageStatus.ADDRESSED,
            response=item.response,
            addressed_in=draft,
        )
    addressed = [m for m in mail.outbox if member.email in m.to]
    assert len(addressed) == 1
    assert EmailDelivery.objects.filter(recipient=member, kind="feedback_addressed").count() == 1
    message = addressed[0]
    assert "has been addressed" in message.subject
    assert "Version 2.0" in message.body
    assert "We could not tell which decisions were open to influence." in message.body
    assert "We will say who decides." in message.body
    assert draft.get_absolute_url() in message.body

    # The member sees "you said, we did".
    client.force_login(member)
    html = client.get(pilot_url(pilot)).content.decode()
    assert "Addressed in version 2.0" in html
    assert "We will say who decides." in html


def test_the_addressed_email_uses_the_welsh_title_for_a_welsh_reader(member, guidance_document, pilot, feedback):
    from participation.services.email import build_message

    member.preferred_language = "cy"
    member.save()
    feedback_service._notify_submitter(feedback, guidance_document.current_version)

    delivery = EmailDelivery.objects.get(recipient=member)
    message = build_message(delivery)

    assert guidance_document.title_cy in message.subject
    assert guidance_document.title_cy in message.body
