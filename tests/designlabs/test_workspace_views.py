"""The lab workspace pages: sessions, quick capture (htmx and plain POST), the outputs board with
dot-voting and themes, output editing, themes and priorities; bad input and query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from designlabs.models import Dot, LabStatus, Output, Theme
from designlabs.services import outputs as service
from tests.designlabs.factories import MaterialFactory, OutputFactory, SessionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, lab, **kwargs):
    return reverse(f"designlabs:{name}", kwargs={"slug": lab.slug, **kwargs})


def signed_in(client, world, persona):
    client.force_login(world["users"][persona])
    return client


# The workspace and sessions


def test_workspace_shows_joining_details_only_to_people_taking_part(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]

    participant_page = signed_in(client, lab_world, "participant").get(url("lab-workspace", lab)).content.decode()
    partner_page = signed_in(client, lab_world, "partner_staff").get(url("lab-workspace", lab)).content.decode()

    assert session.venue in participant_page and session.online_link in participant_page
    assert session.venue not in partner_page and session.online_link not in partner_page
    assert session.title_en in partner_page


def test_workspace_shows_the_participants_own_status_and_lab_materials(client, lab_world):
    lab = lab_world["lab"]
    material = MaterialFactory(lab=lab, title="Lab-wide pre-reading")

    page = signed_in(client, lab_world, "participant").get(url("lab-workspace", lab)).content.decode()

    assert "You have not given your consent to take part yet." in page
    assert url("my-details", lab) in page
    assert url("material-download", lab, pk=material.pk) in page
    assert url("session-create", lab) not in page


def test_workspace_gives_facilitators_shortcuts(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]

    page = signed_in(client, lab_world, "facilitator").get(url("lab-workspace", lab)).content.decode()

    for href in (
        url("session-create", lab),
        url("session-edit", lab, pk=session.pk),
        url("attendance", lab, pk=session.pk),
    ):
        assert href in page


def test_session_detail_shows_the_capture_form_only_to_people_taking_part(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]
    add_url = url("output-add", lab, pk=session.pk)

    participant_page = signed_in(client, lab_world, "participant").get(url("session-detail", lab, pk=session.pk))
    partner_page = signed_in(client, lab_world, "partner_staff").get(url("session-detail", lab, pk=session.pk))

    assert add_url in participant_page.content.decode()
    assert add_url not in partner_page.content.decode()
    assert lab_world["output"].text in partner_page.content.decode()


def test_session_of_another_lab_is_not_found(client, lab_world):
    foreign = SessionFactory(lab=lab_world["other_lab"])

    response = signed_in(client, lab_world, "facilitator").get(url("session-detail", lab_world["lab"], pk=foreign.pk))

    assert response.status_code == 404


# Quick capture


def test_capture_with_htmx_returns_the_new_output_and_an_empty_form(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]

    response = signed_in(client, lab_world, "participant").post(
        url("output-add", lab, pk=session.pk), {"kind": "question", "text": "Who <b>checks</b>?"}, headers=HTMX
    )

    html = response.content.decode()
    output = Output.objects.get(text="Who <b>checks</b>?")
    assert response.status_code == 200
    assert 'hx-swap-oob="afterbegin:#session-outputs"' in html
    assert f'id="output-{output.pk}"' in html
    assert "Who &lt;b&gt;checks&lt;/b&gt;?" in html
    assert "autofocus" in html and '<textarea name="text"' in html
    assert 'value="question" checked' in html  # the type is kept for the next one
    assert "Captured by" not in html  # participants never see who captured what


def test_capture_errors_come_back_inline_in_the_fragment(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]

    response = signed_in(client, lab_world, "participant").post(
        url("output-add", lab, pk=session.pk), {"kind": "nonsense", "text": "x" * 1001}, headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-message" in html
    assert "Select the type of output" in html
    assert "1,000 characters or fewer" in html
    assert not Output.objects.filter(session=session).exclude(pk=lab_world["output"].pk).exists()


def test_capture_without_javascript_redirects_back(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]

    response = signed_in(client, lab_world, "participant").post(
        url("output-add", lab, pk=session.pk), {"kind": "idea", "text": "Tell parents"}, follow=True
    )

    assert response.redirect_chain[-1][0] == url("session-detail", lab, pk=session.pk) + "#capture"
    assert "Output added." in response.content.decode()
    assert Output.objects.filter(text="Tell parents").count() == 1


def test_capture_without_javascript_shows_errors_on_the_page(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]

    response = signed_in(client, lab_world, "participant").post(
        url("output-add", lab, pk=session.pk), {"kind": "idea", "text": "\x00"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "<title>Error:" in html


def test_capture_ignores_forged_fields(client, lab_world, facilitator):
    lab, session = lab_world["lab"], lab_world["session"]

    signed_in(client, lab_world, "participant").post(
        url("output-add", lab, pk=session.pk),
        {"kind": "idea", "text": "Forged", "author": facilitator.pk, "is_public": "on", "dot_count": "99"},
        headers=HTMX,
    )

    output = Output.objects.get(text="Forged")
    assert (output.author, output.is_public, output.dot_count) == (lab_world["users"]["participant"], False, 0)


def test_capture_in_a_closed_lab_says_so(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]
    lab.status = LabStatus.CLOSED
    lab.save(update_fields=["status"])

    response = signed_in(client, lab_world, "participant").post(
        url("output-add", lab, pk=session.pk), {"kind": "idea", "text": "Late"}, headers=HTMX
    )

    assert "This lab is closed" in response.content.decode()
    assert not Output.objects.filter(text="Late").exists()


# The board and dots


def test_board_hides_authors_from_everyone_but_facilitators(client, lab_world):
    lab = lab_world["lab"]
    service.capture_output(lab_world["session"], lab_world["users"]["participant"], "idea", "Plain words please")

    participant_page = signed_in(client, lab_world, "participant").get(url("output-board", lab)).content.decode()
    facilitator_page = signed_in(client, lab_world, "facilitator").get(url("output-board", lab)).content.decode()

    assert "Plain words please" in participant_page
    assert "Captured by" not in participant_page
    assert "Captured by: Public participant" in facilitator_page
    assert lab_world["participant"].name not in facilitator_page


def test_board_groups_by_theme_then_ungrouped(client, lab_world):
    lab, session = lab_world["lab"], lab_world["session"]
    OutputFactory(session=session, text="Loose idea")

    html = signed_in(client, lab_world, "participant").get(url("output-board", lab)).content.decode()

    assert html.index(lab_world["theme"].title) < html.index(lab_world["output"].text) < html.index("Not yet grouped")
    assert html.index("Not yet grouped") < html.index("Loose idea")


def test_board_filters_by_session_and_type(client, lab_world):
    lab = lab_world["lab"]
    other_session = SessionFactory(lab=lab)
    OutputFactory(session=other_session, kind="question", text="A question elsewhere")

    client = signed_in(client, lab_world, "participant")
    by_session = client.get(url("output-board", lab), {"session": other_session.pk}).content.decode()
    by_kind = client.get(url("output-board", lab), {"kind": "idea"}).content.decode()

    assert "A question elsewhere" in by_session and lab_world["output"].text not in by_session
    assert "A question elsewhere" not in by_kind and lab_world["output"].text in by_kind


@pytest.mark.parametrize(
    "query",
    [
        {"session": "not-a-uuid"},
        {"session": "00000000-0000-0000-0000-000000000000"},
        {"kind": "<script>"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": str(10**12)},
        {"kind": ["question", "idea"], "session": ["", "x"]},
    ],
)
def test_board_ignores_bad_filters(client, lab_world, query):
    response = signed_in(client, lab_world, "participant").get(url("output-board", lab_world["lab"]), query)

    assert response.status_code == 200
    assert lab_world["output"].text in response.content.decode()


@pytest.mark.parametrize("query", [{"page": "-1"}, {"page": "abc"}, {"page": str(10**12)}])
def test_priorities_ignore_bad_pages(client, lab_world, query):
    response = signed_in(client, lab_world, "participant").get(url("priorities", lab_world["lab"]), query)

    assert response.status_code == 200


def test_dot_with_htmx_swaps_the_control_and_the_counter(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]

    response = signed_in(client, lab_world, "participant").post(url("output-dot", lab, pk=output.pk), headers=HTMX)

    html = response.content.decode()
    assert f'id="dots-{output.pk}"' in html
    assert "1 dot" in html
    assert 'id="dots-left"' in html and 'hx-swap-oob="true"' in html and "4 of 5 dots left" in html
    assert response["Vary"].count("HX-Request") == 1


def test_dot_without_javascript_redirects_back_to_the_board(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    board = url("output-board", lab) + "?kind=idea"

    response = signed_in(client, lab_world, "participant").post(url("output-dot", lab, pk=output.pk), {"next": board})

    assert response.status_code == 302 and response.url == board
    output.refresh_from_db()
    assert output.dot_count == 1


def test_dot_refuses_off_site_next(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]

    response = signed_in(client, lab_world, "participant").post(
        url("output-dot", lab, pk=output.pk), {"next": "https://evil.example/"}
    )

    assert response.url == url("output-board", lab)


def test_dot_past_the_limit_explains_why(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    voter = lab_world["users"]["participant"]
    for _ in range(5):
        service.add_dot(output, voter)

    response = signed_in(client, lab_world, "participant").post(url("output-dot", lab, pk=output.pk), headers=HTMX)

    assert "You have used all 5 of your dots" in response.content.decode()
    assert Dot.objects.count() == 5


def test_dot_when_voting_is_closed_says_so_without_javascript(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    lab.voting_open = False
    lab.save(update_fields=["voting_open"])

    response = signed_in(client, lab_world, "participant").post(url("output-dot", lab, pk=output.pk), follow=True)

    assert "Dot-voting is closed for this lab." in response.content.decode()
    assert not Dot.objects.exists()


def test_undot_with_htmx(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    service.add_dot(output, lab_world["users"]["participant"])

    response = signed_in(client, lab_world, "participant").post(url("output-undot", lab, pk=output.pk), headers=HTMX)

    assert "0 dots" in response.content.decode() and "5 of 5 dots left" in response.content.decode()
    assert not Dot.objects.exists()


def test_dot_on_another_labs_output_is_not_found(client, lab_world):
    foreign = OutputFactory(session=SessionFactory(lab=lab_world["other_lab"]))

    response = signed_in(client, lab_world, "participant").post(url("output-dot", lab_world["lab"], pk=foreign.pk))

    assert response.status_code == 404


def test_dot_by_get_is_refused(client, lab_world):
    response = signed_in(client, lab_world, "participant").get(
        url("output-dot", lab_world["lab"], pk=lab_world["output"].pk)
    )

    assert response.status_code == 405


# Facilitators: editing and themes


def test_board_theme_select_with_htmx_and_without(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    other = ThemeFactory(lab=lab, title="Fairness")
    client = signed_in(client, lab_world, "facilitator")

    response = client.post(url("output-edit", lab, pk=output.pk), {"action": "theme", "theme": other.pk}, headers=HTMX)
    assert "Moved to Fairness" in response.content.decode()
    output.refresh_from_db()
    assert output.theme == other

    response = client.post(url("output-edit", lab, pk=output.pk), {"action": "theme", "theme": ""})
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.theme is None

    response = client.post(
        url("output-edit", lab, pk=output.pk), {"action": "theme", "theme": "nonsense"}, headers=HTMX
    )
    assert "Select a theme from the list" in response.content.decode()


def test_output_edit_saves_and_offers_readable_guidance_choices(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    client = signed_in(client, lab_world, "facilitator")

    page = client.get(url("output-edit", lab, pk=output.pk)).content.decode()
    response = client.post(
        url("output-edit", lab, pk=output.pk),
        {
            "kind": "recommendation",
            "text": "Publish the model cards",
            "theme": lab_world["theme"].pk,
            "is_public": "on",
        },
    )

    assert "Not yet grouped" in page and "Guidance version it fed into" in page
    assert response.status_code == 302
    output.refresh_from_db()
    assert (output.kind, output.text, output.is_public) == ("recommendation", "Publish the model cards", True)


def test_output_edit_shows_errors(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]

    response = signed_in(client, lab_world, "facilitator").post(
        url("output-edit", lab, pk=output.pk), {"kind": "idea", "text": "", "guidance_version": "not-a-uuid"}
    )

    assert response.status_code == 200
    assert "Enter what was said or suggested" in response.content.decode()


def test_output_delete_asks_first(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    client = signed_in(client, lab_world, "facilitator")

    confirm = client.get(url("output-edit", lab, pk=output.pk), {"delete": "1"})
    assert "Delete this output?" in confirm.content.decode()
    assert Output.objects.filter(pk=output.pk).exists()

    response = client.post(url("output-edit", lab, pk=output.pk), {"action": "delete"})
    assert response.status_code == 302
    assert not Output.objects.filter(pk=output.pk).exists()


def test_themes_add_rename_move_and_delete(client, lab_world):
    lab, first = lab_world["lab"], lab_world["theme"]
    client = signed_in(client, lab_world, "facilitator")
    themes_url = url("theme-list", lab)

    assert client.post(themes_url, {"title": "Fairness"}).status_code == 302
    second = Theme.objects.get(title="Fairness")
    assert client.post(themes_url, {"title": "fairness"}).status_code == 200  # duplicate: form error
    assert client.post(themes_url, {"rename": second.pk, "title": "Fair use"}).status_code == 302
    assert client.post(themes_url, {"theme": second.pk, "move": "up"}).status_code == 302
    assert list(Theme.objects.filter(lab=lab).values_list("title", flat=True)) == ["Fair use", first.title]

    confirm = client.get(themes_url, {"delete": first.pk})
    assert "1 output will not be deleted" in confirm.content.decode()
    assert client.post(themes_url, {"delete": first.pk}).status_code == 302
    assert not Theme.objects.filter(pk=first.pk).exists()
    assert Output.objects.get(pk=lab_world["output"].pk).theme is None


@pytest.mark.parametrize(
    "query", [{"rename": "nonsense"}, {"delete": "nonsense"}, {"rename": "00000000-0000-0000-0000-000000000000"}]
)
def test_themes_bad_ids_are_not_found(client, lab_world, query):
    response = signed_in(client, lab_world, "facilitator").get(url("theme-list", lab_world["lab"]), query)

    assert response.status_code == 404


def test_another_labs_theme_cannot_be_deleted(client, lab_world):
    foreign = ThemeFactory(lab=lab_world["other_lab"])

    response = signed_in(client, lab_world, "facilitator").post(
        url("theme-list", lab_world["lab"]), {"delete": foreign.pk}
    )

    assert response.status_code == 404
    assert Theme.objects.filter(pk=foreign.pk).exists()


# Priorities


def test_priorities_show_a_chart_and_a_table(client, lab_world):
    lab, output = lab_world["lab"], lab_world["output"]
    service.add_dot(output, lab_world["users"]["participant"])

    html = signed_in(client, lab_world, "partner_staff").get(url("priorities", lab)).content.decode()

    assert '<svg class="app-chart" role="img"' in html
    assert "<table" in html and output.text in html
    assert "Captured by" not in html


def test_priorities_empty_state(client, lab_world):
    Output.objects.all().delete()

    html = signed_in(client, lab_world, "participant").get(url("priorities", lab_world["lab"])).content.decode()

    assert "Nothing has been captured yet" in html
    assert "<svg" not in html.split("main-content")[1]


def test_workspace_pages_work_in_welsh(client, lab_world):
    lab = lab_world["lab"]
    client = signed_in(client, lab_world, "participant")

    with translation.override("cy"):
        path = url("output-board", lab)
    response = client.get(path)

    assert path.startswith("/cy/")
    assert response.status_code == 200
    assert lab.title_cy in response.content.decode()


def test_workspace_lists_sessions_in_time_order_whatever_order_they_were_added(client, lab_world):
    lab, first = lab_world["lab"], lab_world["session"]
    # Added later but earlier in time, and later in time: counted sessions drop the model's ordering.
    earlier = SessionFactory(lab=lab, starts_at=first.starts_at - datetime.timedelta(days=3),
                             ends_at=first.starts_at - datetime.timedelta(days=3, hours=-2))  # fmt: skip
    later = SessionFactory(lab=lab, starts_at=first.starts_at + datetime.timedelta(days=3),
                           ends_at=first.starts_at + datetime.timedelta(days=3, hours=2))  # fmt: skip

    response = signed_in(client, lab_world, "participant").get(url("lab-workspace", lab))

    assert [session.pk for session in response.context["sessions"]] == [earlier.pk, first.pk, later.pk]


def test_theme_list_follows_the_order_facilitators_set(client, lab_world):
    lab, first = lab_world["lab"], lab_world["theme"]
    second = ThemeFactory(lab=lab, position=first.position + 1)
    service.move_theme(theme=second, direction="up", moved_by=lab_world["users"]["facilitator"])

    response = signed_in(client, lab_world, "facilitator").get(url("theme-list", lab))

    assert [theme.pk for theme in response.context["themes"]] == [second.pk, first.pk]
