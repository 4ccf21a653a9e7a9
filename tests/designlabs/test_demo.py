"""The Design Labs demo data: both labs, consistent dot counts, idempotent, no email."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from designlabs.demo import seed_design_labs
from designlabs.models import Consent, Dot, Lab, Output, Participant, Session
from participation.models import EmailDelivery


@pytest.fixture
def seeded_demo(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Lab, Session, Participant, Consent, Output, Dot)}


def test_seed_demo_creates_both_labs_and_is_idempotent(seeded_demo):
    first = _counts()

    assert "Design Labs:" in seeded_demo
    assert seed_design_labs() == 0
    assert _counts() == first
    assert not EmailDelivery.objects.exists()


def test_demo_closed_lab_has_a_published_write_up_with_dots_that_add_up(seeded_demo):
    lab = Lab.objects.get(slug="next-stage-of-digital-transformation")

    assert (lab.status, lab.department.slug, lab.is_write_up_published) == ("closed", "dsit", True)
    assert lab.sessions.count() == 3 and lab.outputs.count() == 20
    assert lab.outputs.filter(is_public=True).exists() and lab.outputs.filter(is_public=False).exists()
    for output in lab.outputs.annotate(rows=Count("dots")):
        assert output.dot_count == output.rows
    per_user = Dot.objects.filter(lab=lab).values("user").annotate(n=Count("id"))
    assert max(row["n"] for row in per_user) <= lab.dots_per_participant
    assert lab.guidance_documents.exists()
    assert lab.impacts.get().guidance_version.number == "2.0"


def test_demo_running_lab_has_participants_in_every_state(seeded_demo):
    lab = Lab.objects.get(slug="ai-tools-in-schools")

    assert lab.status == "running" and lab.voting_open
    assert set(lab.participants.values_list("status", flat=True)) == {"invited", "accepted", "declined"}
    demo = lab.participants.get(user__email="public@example.org")
    assert demo.status == "accepted" and demo.has_consented
    assert lab.participants.filter(consents__withdrawn_at__isnull=False).count() == 1
    assert lab.participants.filter(status="accepted", consents__isnull=True).count() == 1
    assert set(lab.materials.values_list("visibility", flat=True)) == {"public", "participants"}
    assert lab.facilitators.filter(email="facilitator@example.org").exists()
