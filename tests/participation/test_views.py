from unittest import mock

import pytest
from django.urls import reverse

from participation.models import AuditEvent, Invitation, Membership, Report
from participation.services.audit import record_audit
from participation.services.reports import request_report
from tests.participation.factories import MembershipFactory, OrganisationFactory


def test_home_page_explains_the_platform_in_english(client, db):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Engagement log" in html
    assert (
        '<a class="govuk-language-navigation__link" href="/cy/" rel="alternate" lang="cy" hreflang="cy">Cymraeg</a>'
        in html
    )


def test_welsh_home_page_is_in_welsh_and_links_back_to_english(client, db):
    response = client.get("/cy/")

    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert "Cofnod ymgysylltu" in html
    assert 'href="/" rel="alternate" lang="en" hreflang="en">English</a>' in html


def test_language_navigation_keeps_the_page_and_query(client, organisation):
    response = client.get(f"/organisations/{organisation.slug}/?ref=x")

    assert f'href="/cy/organisations/{organisation.slug}/?ref=x"' in response.content.decode()


def test_welsh_page_falls_back_to_english_text_marked_as_english(client, organisation):
    organisation.name_cy = ""
    organisation.save()

    response = client.get(f"/cy/organisations/{organisation.slug}/")

    assert f'<span lang="en">{organisation.name_en}</span>' in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/cy/", "/organisations/", "/accounts/login/", "/nope/"])
def test_pages_send_strict_security_headers(client, db, path):
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "style-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"].startswith("camera=()")
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client, db):
    html = client.get("/").content.decode()

    assert "style=" not in html
    assert "<style" not in html
    for script in html.split("<script")[1:]:
        assert 'src="' in script.split(">")[0]


def test_missing_page_uses_the_service_layout(client, db):
    response = client.get("/cy/does-not-exist/")

    assert response.status_code == 404
    assert "Heb ddod o hyd i’r dudalen" in response.content.decode()


def test_healthz_reports_both_services_up(client, db):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok", "broker": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_unavailable_when_the_broker_is_down(client, db):
    with mock.patch("participation.views.pages.broker_is_up", return_value=False):
        response = client.get("/healthz")

    assert (response.status_code, response.json()["broker"]) == (503, "down")


def test_healthz_is_unavailable_when_the_database_is_down(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=Exception("connection refused")):
        response = client.get("/healthz")

    assert (response.status_code, response.json()["database"]) == (503, "down")


def test_sitemap_lists_pages_in_both_languages(client, organisation):
    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/accessibility/</loc>" in xml
    assert "<loc>http://testserver/cy/accessibility/</loc>" in xml
    assert f"<loc>http://testserver/organisations/{organisation.slug}/</loc>" in xml


def test_invite_form_shows_errors_in_the_gov_uk_pattern(client, organisation, org_admin):
    client.force_login(org_admin)

    response = client.post(reverse("organisation-invite", args=[organisation.slug]), {"email": "not an email"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Invite someone" in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_email">Enter an email address in the correct format, like name@example.gov.uk</a>' in html
    assert '<a href="#id_role_0">Select a role</a>' in html
    assert 'aria-describedby="id_email_error"' in html
    assert '<p id="id_email_error" class="govuk-error-message">' in html
    assert "govuk-input--error" in html
    assert Invitation.objects.count() == 0


def test_org_admin_invites_someone_and_sees_them_waiting(
    client, organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisation-invite", args=[organisation.slug]),
            {"email": "new.editor@example.gov.uk", "role": "editor", "organisation": "other", "invited_by": "x"},
            follow=True,
        )

    html = response.content.decode()
    assert "Invitation sent to new.editor@example.gov.uk" in html
    assert "new.editor@example.gov.uk" in html.split(">Invitations waiting for a reply</h2>")[1]
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.invited_by, invitation.role) == (organisation, org_admin, "editor")
    assert len(mailoutbox) == 1


def test_invited_person_accepts_and_joins(
    client, organisation, org_admin, outsider, django_capture_on_commit_callbacks
):
    from participation.services.organisations import invite_member

    with django_capture_on_commit_callbacks(execute=True):
        invite_member(organisation=organisation, email=outsider.email, role="editor", invited_by=org_admin)
    from django.core import mail

    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    client.force_login(outsider)

    response = client.post(link.replace("http://127.0.0.1:8000", ""), follow=True)

    assert f"You have joined {organisation.name_en}" in response.content.decode()
    assert Membership.objects.get(user=outsider).role == "editor"


def test_removing_a_member_asks_for_confirmation_first(client, organisation, org_admin, member):
    client.force_login(org_admin)
    membership = Membership.objects.get(user=member)
    url = reverse("membership-remove", args=[organisation.slug, membership.pk])

    confirm = client.get(url)
    removed = client.post(url, follow=True)

    assert "Are you sure you want to remove" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists() is False
    assert "has been removed from the organisation" in removed.content.decode()


def test_report_status_fragment_polls_until_done(client, organisation, org_admin):
    client.force_login(org_admin)
    report = request_report(
        kind="organisation_audit_summary",
        subject_id=str(organisation.pk),
        title="Audit summary",
        requested_by=org_admin,
        organisation=organisation,
    )

    page = client.get(report.get_absolute_url())
    fragment = client.get(report.get_absolute_url(), headers={"HX-Request": "true"})

    assert "<h1" in page.content.decode()
    fragment_html = fragment.content.decode()
    assert fragment_html.lstrip().startswith('<div id="report-status"')
    assert 'hx-trigger="every 2s"' in fragment_html
    assert '<progress id="report-progress"' in fragment_html
    assert "<h1" not in fragment_html
    assert "HX-Request" in fragment["Vary"]

    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.FAILED, error="The report took too long to prepare."
    )
    failed = client.get(report.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in failed
    assert "The report took too long to prepare." in failed


def test_requesting_the_audit_report_redirects_to_its_status_page(client, organisation, org_admin):
    client.force_login(org_admin)

    response = client.post(reverse("organisation-audit-report", args=[organisation.slug]))

    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.requested_by == org_admin


@pytest.mark.parametrize("page", ["-1", "10000000000000", "abc", "1&page=2"])
def test_audit_log_handles_odd_page_numbers(client, organisation, org_admin, page):
    client.force_login(org_admin)

    response = client.get(reverse("organisation-audit", args=[organisation.slug]) + f"?page={page}")

    assert response.status_code == 200
    assert "Audit log" in response.content.decode()


def add_events(organisation, actor, count):
    for number in range(count):
        record_audit(
            actor=actor, action=f"participation.thing.changed{number}", target=organisation, organisation=organisation
        )


@pytest.mark.parametrize("count", [1, 5])
def test_audit_log_query_count_does_not_grow_with_events(
    client, organisation, org_admin, count, django_assert_num_queries
):
    add_events(organisation, org_admin, count)
    client.force_login(org_admin)
    url = reverse("organisation-audit", args=[organisation.slug])
    # 1 session, 2 user (with platform roles and MFA check), 3 organisation, 4 membership role,
    # 5 count events, 6 events with their actors
    with django_assert_num_queries(6):
        response = client.get(url)

    assert response.content.decode().count("participation.thing.changed") == count


@pytest.mark.parametrize("count", [1, 5])
def test_member_list_query_count_does_not_grow_with_members(
    client, organisation, org_admin, count, django_assert_num_queries
):
    for _ in range(count):
        MembershipFactory(organisation=organisation)
    client.force_login(org_admin)
    url = reverse("organisation-members", args=[organisation.slug])
    # 1 session, 2 user (with platform roles and MFA check), 3 organisation, 4 membership role,
    # 5 memberships with their users, 6 open invitations
    with django_assert_num_queries(6):
        response = client.get(url)

    assert response.content.decode().count("Change role") == count + 1


@pytest.mark.parametrize("count", [1, 5])
def test_organisation_list_query_count_does_not_grow(client, db, count, django_assert_num_queries):
    for _ in range(count):
        OrganisationFactory()

    # 1 organisations
    with django_assert_num_queries(1):
        response = client.get(reverse("organisation-list"))

    assert response.content.decode().count("Department of Example Affairs") == count


def test_audit_log_shows_only_this_organisations_events(client, organisation, other_organisation, org_admin):
    record_audit(actor=org_admin, action="participation.mine.x", target=organisation, organisation=organisation)
    record_audit(
        actor=org_admin, action="participation.theirs.y", target=other_organisation, organisation=other_organisation
    )
    client.force_login(org_admin)

    html = client.get(reverse("organisation-audit", args=[organisation.slug])).content.decode()

    assert "participation.mine.x" in html
    assert "participation.theirs.y" not in html
    assert AuditEvent.objects.count() == 2


def test_unsubscribe_link_confirms_then_turns_the_kind_off(client, member):
    from participation.services.email import unsubscribe_token, wants_notification

    url = reverse("notifications-unsubscribe", args=[unsubscribe_token(member, "report_ready")])

    confirm = client.get(url)
    assert wants_notification(member, "report_ready") is True
    done = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert "Stop emails about: A report I asked for is ready" in confirm.content.decode()
    assert "You have unsubscribed" in done.content.decode()
    assert wants_notification(member, "report_ready") is False


def test_profile_change_saves_language_and_is_audited(client, member):
    client.force_login(member)

    response = client.post(
        reverse("account-profile"), {"display_name": "Amira H", "preferred_language": "cy", "is_staff": "on"}
    )

    member.refresh_from_db()
    assert response.status_code == 302
    assert (member.display_name, member.preferred_language, member.is_staff) == ("Amira H", "cy", False)
    assert AuditEvent.objects.filter(action="participation.user.profile_updated", actor=member).count() == 1


def test_staff_role_without_mfa_sees_a_banner_and_a_way_to_set_it_up(client, org_admin_without_mfa, organisation):
    client.force_login(org_admin_without_mfa)

    response = client.get(reverse("organisation-members", args=[organisation.slug]))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your role needs two-factor authentication" in html
    assert reverse("mfa_activate_totp") in html


def test_django_admin_needs_staff_with_two_factor_authentication(client, site_admin, db):
    from tests.participation.factories import UserFactory

    staff_without_mfa = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff_without_mfa)
    refused = client.get("/admin/")
    client.force_login(site_admin)
    allowed = client.get("/admin/participation/auditevent/")

    assert refused.status_code == 302
    assert allowed.status_code == 200
    assert "Participation platform admin" in allowed.content.decode()


def test_org_admin_changes_details_and_the_change_is_audited(client, organisation, org_admin):
    client.force_login(org_admin)

    response = client.post(
        reverse("organisation-edit", args=[organisation.slug]),
        {
            "name_cy": "Yr Adran Gwyddoniaeth",
            "website": "https://www.gov.uk/dsit",
            "contact_email": "engage@dsit.gov.uk",
            "welsh_language_regime": "scheme",
            "name_en": "Hijacked",
            "slug": "hijacked",
        },
        follow=True,
    )

    organisation.refresh_from_db()
    assert "The organisation’s details have been saved" in response.content.decode()
    assert (organisation.name_cy, organisation.contact_email) == ("Yr Adran Gwyddoniaeth", "engage@dsit.gov.uk")
    assert (organisation.name_en, organisation.slug) == ("Department for Science, Innovation and Technology", "dsit")
    event = AuditEvent.objects.get(action="participation.organisation.updated")
    assert event.changes["contact_email"] == ["", "engage@dsit.gov.uk"]


def test_organisation_details_form_explains_a_bad_website(client, organisation, org_admin):
    client.force_login(org_admin)

    response = client.post(
        reverse("organisation-edit", args=[organisation.slug]),
        {"website": "not a web address", "welsh_language_regime": "none"},
    )

    assert response.status_code == 200
    assert '<a href="#id_website">' in response.content.decode()
    assert AuditEvent.objects.filter(action="participation.organisation.updated").count() == 0
