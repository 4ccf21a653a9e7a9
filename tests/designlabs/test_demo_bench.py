"""The Design Labs part of the benchmark data set (seed_bench): counters that match the rows."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from designlabs.models import Dot, Lab, Output

SCALE = "0.02"  # 2 labs


@pytest.fixture
def seeded(db):
    out = io.StringIO()
    call_command("seed_bench", "--scale", SCALE, stdout=out)
    return out.getvalue()


def test_seed_bench_design_labs_have_sessions_participants_outputs_and_matching_dots(seeded):
    assert "design labs took" in seeded
    labs = Lab.objects.filter(slug__startswith="bench-")
    assert labs.count() == 2
    for lab in labs.annotate(sessions_n=Count("sessions", distinct=True), people=Count("participants", distinct=True)):
        assert (lab.sessions_n, lab.people) == (3, 20)
        assert lab.outputs.count() == 50
    for output in Output.objects.filter(lab__in=labs).annotate(rows=Count("dots")):
        assert output.dot_count == output.rows
    per_user = Dot.objects.filter(lab__in=labs).values("lab", "user").annotate(n=Count("id"))
    assert max(row["n"] for row in per_user) <= 5


def test_seed_bench_reset_replaces_the_design_labs(seeded):
    call_command("seed_bench", "--scale", SCALE, "--reset", stdout=io.StringIO())

    assert Lab.objects.filter(slug__startswith="bench-").count() == 2
