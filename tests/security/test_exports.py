"""I8 and I1 for the open data downloads: every free-text field of every exported model is filled
with a formula or an XSS vector; no CSV cell starts a formula, and the JSON carries the text as
data, character for character. The fields are read from the models, so a new text field is
covered without editing this file."""

import csv
import io
import json

import pytest
from django.db import models
from django.urls import reverse

from participation.models import Activity, ParticipantGroup, Project, Recommendation
from participation.services.opendata import COLUMNS, FORMULA_PREFIXES
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.test_markdown import XSS_VECTORS

pytestmark = pytest.mark.django_db
FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
NOT_FREE_TEXT = {"slug", "licence", "organisation", "status"}


def free_text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField | models.EmailField | models.SlugField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
    ]


def hostile(model, value: str) -> dict:
    return {field.name: value[: field.max_length] if field.max_length else value for field in free_text_fields(model)}


def download(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def published_world(organisation, value: str):
    project = ProjectFactory(organisation=organisation, published=True, **hostile(Project, value))
    activity = ActivityFactory(
        organisation=organisation, projects=[project], published=True, **hostile(Activity, value)
    )
    ParticipantGroupFactory(activity=activity, **hostile(ParticipantGroup, value))
    RecommendationFactory(activity=activity, **hostile(Recommendation, value))


def test_every_exported_model_has_free_text_to_attack():
    counts = {
        model.__name__: len(free_text_fields(model)) for model in (Project, Activity, ParticipantGroup, Recommendation)
    }

    assert all(count >= 1 for count in counts.values()), counts


@pytest.mark.parametrize("value", FORMULAS)
@pytest.mark.parametrize("dataset", sorted(COLUMNS))
def test_no_cell_of_any_csv_starts_a_formula(client, organisation, dataset, value):
    published_world(organisation, value)

    rows = list(
        csv.reader(io.StringIO(download(client, reverse("register:data-csv", kwargs={"dataset": dataset})), newline=""))
    )

    assert rows[0] == COLUMNS[dataset]
    escaped = [cell for cell in rows[1] if cell.startswith("'")]
    assert [cell for cell in rows[1] if cell.startswith(FORMULA_PREFIXES)] == []
    assert escaped and all(cell[1:] == value[: len(cell) - 1] for cell in escaped)


@pytest.mark.parametrize("vector", XSS_VECTORS[:6])
def test_the_json_download_carries_hostile_text_as_data(client, organisation, vector):
    published_world(organisation, vector)

    data = json.loads(download(client, reverse("register:data-json")))

    for dataset, model in {"projects": Project, "activities": Activity, "recommendations": Recommendation}.items():
        [record] = data[dataset]
        for field in free_text_fields(model):
            if field.name in record:
                assert record[field.name] == (vector[: field.max_length] if field.max_length else vector)


@pytest.mark.parametrize("vector", XSS_VECTORS[:6])
def test_csv_and_json_are_served_as_downloads_browsers_will_not_render(client, organisation, vector):
    published_world(organisation, vector)

    csv_response = client.get(reverse("register:data-csv", kwargs={"dataset": "activities"}))
    json_response = client.get(reverse("register:data-json"))

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"].startswith("attachment;")
    assert json_response["Content-Type"].startswith("application/json")
    assert csv_response["X-Content-Type-Options"] == json_response["X-Content-Type-Options"] == "nosniff"
