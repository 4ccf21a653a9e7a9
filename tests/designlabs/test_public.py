"""The public lab pages: what shows, what never shows, and constant query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from designlabs.models import LabStatus, MaterialVisibility, ParticipantRole, ParticipantStatus
from tests.designlabs.factories import (
    LabFactory,
    MaterialFactory,
    OutputFactory,
    ParticipantFactory,
    SessionFactory,
    ThemeFactory,
)
from tests.participation.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _published(lab):
    lab.summary_en = "We met **three times**."
    lab.next_steps_en = "The department will publish guidance in the spring."
    lab.write_up_published_at = timezone.now()
    lab.save()
    return lab


def _fill(lab, n):
    theme = ThemeFactory(lab=lab)
    for i in range(n):
        session = SessionFactory(lab=lab, summary_en=f"Session summary {i}")
        OutputFactory(session=session, theme=theme if i % 2 else None, is_public=True, text=f"Public output {i}")
        ParticipantFactory(lab=lab, role=ParticipantRole.EXPERT)
        MaterialFactory(lab=lab, visibility=MaterialVisibility.PUBLIC, title=f"Public material {i}")
    lab.partners.add(OrganisationFactory())


def test_lab_list_shows_each_lab_with_department_partners_status_and_dates(client):
    partner = OrganisationFactory(name_en="Wales TUC")
    lab = LabFactory(title_en="AI tools in schools", partners=[partner])
    SessionFactory(lab=lab)

    response = client.get(reverse("designlabs:lab-list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "AI tools in schools" in page
    assert "Wales TUC" in page
    assert lab.department.name_en in page
    assert "Running" in page
    assert "Guidance" in page


def test_lab_list_filters_by_status_and_has_an_empty_state(client):
    LabFactory(title_en="A running lab", status=LabStatus.RUNNING)
    LabFactory(title_en="A closed lab", status=LabStatus.CLOSED)

    closed = client.get(reverse("designlabs:lab-list"), {"status": "closed"}).content.decode()
    planning = client.get(reverse("designlabs:lab-list"), {"status": "planning"}).content.decode()
    nonsense = client.get(reverse("designlabs:lab-list"), {"status": "nonsense", "page": "abc"})

    assert "A closed lab" in closed and "A running lab" not in closed
    assert "No labs have this status." in planning
    assert nonsense.status_code == 200
    assert "A running lab" in nonsense.content.decode()


@pytest.mark.parametrize("page", ["-1", "10000000000000", "abc"])
def test_lab_list_survives_odd_page_numbers(client, page):
    LabFactory()

    assert client.get(reverse("designlabs:lab-list"), {"page": page}).status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_lab_list_query_count_is_constant(client, django_assert_num_queries, n):
    for _ in range(n):
        lab = LabFactory(partners=[OrganisationFactory()])
        SessionFactory(lab=lab)

    # 1 count for the paginator, 2 the labs with department and session dates, 3 their partners.
    with django_assert_num_queries(3):
        response = client.get(reverse("designlabs:lab-list"))

    assert response.status_code == 200


def test_lab_detail_never_shows_venue_link_names_or_unpublished_write_up(client, lab_world):
    lab = lab_world["lab"]
    lab.summary_en = "Secret draft summary"
    lab.save()

    page = client.get(lab.get_absolute_url()).content.decode()

    session = lab_world["session"]
    assert session.title_en in page
    assert session.venue not in page
    assert session.online_link not in page
    assert lab_world["participant"].name not in page
    assert lab_world["participant"].email not in page
    assert "Secret draft summary" not in page
    assert lab_world["output"].text not in page
    assert "Public page" not in page  # no lab navigation for anonymous visitors
    assert "Download the write-up (PDF)" not in page


def test_lab_detail_counts_accepted_participants_by_role(client, lab_world):
    lab = lab_world["lab"]
    ParticipantFactory(lab=lab, role=ParticipantRole.EXPERT)
    ParticipantFactory(lab=lab, role=ParticipantRole.EXPERT, status=ParticipantStatus.DECLINED)

    response = client.get(lab.get_absolute_url())

    assert response.context["taking_part"] == {
        "roles": [("Public participant", 1), ("Expert", 1)],
        "total": 2,
    }


def test_published_write_up_shows_public_outputs_by_dots_never_authors(client, lab_world):
    lab = _published(lab_world["lab"])
    session = lab_world["session"]
    author = lab_world["participant"].user
    top = OutputFactory(session=session, is_public=True, text="Most dots", dot_count=4, author=author,
                        author_role=ParticipantRole.EXPERT)  # fmt: skip
    OutputFactory(session=session, is_public=True, text="Fewer dots", dot_count=1, theme=top.theme)
    OutputFactory(session=session, is_public=False, text="Private output")
    session.summary_en = "What happened in the session"
    session.save()

    page = client.get(lab.get_absolute_url()).content.decode()

    assert "We met <strong>three times</strong>." in page
    assert "What happened in the session" in page
    assert page.index("Most dots") < page.index("Fewer dots")
    assert "Private output" not in page
    assert author.email not in page and lab_world["participant"].name not in page
    assert "Expert" in page  # the contributor's role, outside the Chatham House rule
    assert "The department will publish guidance in the spring." in page


def test_under_chatham_house_not_even_the_role_is_shown(client, lab_world):
    lab = _published(lab_world["lab"])
    lab.chatham_house = True
    lab.save()
    OutputFactory(session=lab_world["session"], is_public=True, author_role=ParticipantRole.CIVIL_SERVANT)

    page = client.get(lab.get_absolute_url()).content.decode()

    assert "Civil servant" not in page
    assert "Contributor’s role" not in page
    assert "Chatham House rule" in page


def test_lab_detail_shows_nav_and_pdf_button_to_the_labs_people(client, lab_world):
    client.force_login(lab_world["users"]["participant"])

    page = client.get(lab_world["lab"].get_absolute_url()).content.decode()

    assert "Public page" in page
    assert "Download the write-up (PDF)" in page


def test_lab_detail_works_in_welsh(client, lab_world):
    response = client.get(f"/cy{lab_world['lab'].get_absolute_url()}")

    assert response.status_code == 200
    assert lab_world["lab"].title_cy in response.content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_lab_detail_query_count_anonymous(client, django_assert_num_queries, n):
    lab = _published(LabFactory())
    _fill(lab, n)

    # lab with department; partners; sessions; public materials; participants by role;
    # public outputs with themes; guidance documents; impacts.
    with django_assert_num_queries(8):
        response = client.get(lab.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_lab_detail_query_count_signed_in(client, django_assert_num_queries, facilitator, n):
    lab = _published(LabFactory(facilitators=[facilitator]))
    _fill(lab, n)
    client.force_login(facilitator)

    # session, user (with roles and MFA facts); lab (with facilitating and partner flags); lab_access:
    # participation; then the 7 page queries of the anonymous page.
    with django_assert_num_queries(11):
        response = client.get(lab.get_absolute_url())

    assert response.status_code == 200
