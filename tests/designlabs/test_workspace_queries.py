"""Exact query counts for the workspace pages and htmx fragments, the same with 1 and 5 outputs
(and sessions, materials, themes and dots).

Every request costs a shared base: the session, the user (loaded with their roles and two-factor
facts), the lab with its department and the person's facilitating and partner flags, and
`lab_access` (their participation). The counts below list what each page adds to that."""

import pytest
from django.urls import reverse

from designlabs.services import outputs as service
from tests.designlabs.factories import MaterialFactory, OutputFactory, SessionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, lab, **kwargs):
    return reverse(f"designlabs:{name}", kwargs={"slug": lab.slug, **kwargs})


def fill(world, count):
    """`count` of each thing in the lab, with dots from the participant and the facilitator."""
    lab, session = world["lab"], world["session"]
    outputs = [world["output"]]
    for index in range(count - 1):
        SessionFactory(lab=lab)
        MaterialFactory(lab=lab)
        MaterialFactory(lab=lab, session=session)
        outputs.append(OutputFactory(session=session, theme=ThemeFactory(lab=lab) if index % 2 else None))
    for output in outputs[:count]:
        service.add_dot(output, world["users"]["participant"])
        service.add_dot(output, world["users"]["facilitator"])
    return outputs


# (persona, URL name, expected queries); see each page's list.
PAGES = [
    # + sessions with output counts, output counts by type, lab-wide materials, own consent
    ("participant", "lab-workspace", 8),
    ("facilitator", "lab-workspace", 7),
    # + session materials, recent outputs
    ("participant", "session-detail", 7),
    ("facilitator", "session-detail", 7),
    # + sessions for the filter, paginator count, page of outputs, own dots (+ themes for facilitators)
    ("participant", "output-board", 8),
    ("facilitator", "output-board", 9),
    ("partner_staff", "output-board", 7),
    # + paginator count, page of ranked outputs, top 20 for the chart
    # Themes: + themes with output counts, ungrouped count
    ("participant", "priorities", 7),
    ("facilitator", "theme-list", 6),
]


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize(("persona", "name", "expected"), PAGES)
def test_page_queries_are_constant(client, lab_world, django_assert_num_queries, count, persona, name, expected):
    fill(lab_world, count)
    client.force_login(lab_world["users"][persona])
    kwargs = {"pk": lab_world["session"].pk} if name == "session-detail" else {}

    with django_assert_num_queries(expected):
        response = client.get(url(name, lab_world["lab"], **kwargs))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_capture_fragment_queries(client, lab_world, django_assert_num_queries, count):
    fill(lab_world, count)
    client.force_login(lab_world["users"]["participant"])

    # base (4) + the session; savepoint, insert output, insert audit event, release
    with django_assert_num_queries(9):
        response = client.post(
            url("output-add", lab_world["lab"], pk=lab_world["session"].pk),
            {"kind": "idea", "text": "Hi"},
            headers=HTMX,
        )

    assert "Hi" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_dot_fragment_queries(client, lab_world, django_assert_num_queries, count):
    outputs = fill(lab_world, count)
    lab_world["lab"].dots_per_participant = 10  # so the participant still has dots left with 5
    lab_world["lab"].save(update_fields=["dots_per_participant"])
    client.force_login(lab_world["users"]["participant"])

    # base (4) + the output; savepoint, advisory lock, lab, count dots, insert dot, update count, release;
    # the new count, own dots
    with django_assert_num_queries(14):
        response = client.post(url("output-dot", lab_world["lab"], pk=outputs[-1].pk), headers=HTMX)

    assert "dots left" in response.content.decode()
