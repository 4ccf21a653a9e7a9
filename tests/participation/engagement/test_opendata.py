"""Open data downloads: CSV per entity (RFC 4180), the JSON bulk file, the Atom feed and the
dataset page. Published records only, no personal data, formula-safe cells."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from participation.models import Activity, ParticipantGroup, Project, Recommendation
from participation.models.vocabularies import Method, ResponseStatus
from participation.services import opendata
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db
OGL_NOTICE = "Contains public sector information licensed under the Open Government Licence v3.0."


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def published(organisation):
    project = ProjectFactory(organisation=organisation, published=True)
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        methods=[Method.FOCUS_GROUP],
        actual_start=datetime.date(2025, 4, 2),
        title_cy="Grŵp ffocws",
        published=True,
    )
    ParticipantGroupFactory(activity=activity, took_part_count=2)
    RecommendationFactory(activity=activity, response_status=ResponseStatus.NOT_ACCEPTED)
    return project, activity


def test_csv_is_rfc4180_utf8_with_iso_dates_and_codes(client, published):
    _, activity = published

    body = download(client, reverse("register:data-csv", kwargs={"dataset": "activities"}))

    text = body.decode("utf-8")
    assert text.count("\r\n") == 2  # header row and one record, CRLF line ends
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["id"] == str(activity.pk)
    assert rows[0]["title_cy"] == "Grŵp ffocws"
    assert rows[0]["methods"] == "focus_group"
    assert rows[0]["actual_start"] == "2025-04-02"
    assert datetime.datetime.fromisoformat(rows[0]["published_at"]) == activity.published_at
    assert "created_by" not in rows[0]


def test_csv_response_is_a_streamed_attachment(client, published):
    response = client.get(reverse("register:data-csv", kwargs={"dataset": "projects"}))

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="engagement-projects.csv"'


@pytest.mark.parametrize("dataset", sorted(opendata.DATASETS))
def test_csv_empty_dataset_still_has_its_header(client, dataset):
    body = download(client, reverse("register:data-csv", kwargs={"dataset": dataset}))

    assert body.decode().split("\r\n")[0].split(",") == opendata.COLUMNS[dataset]


def test_csv_columns_match_the_row_builders(published):
    project, activity = published
    rows = {
        "projects": opendata.project_row(project),
        "activities": opendata.activity_row(activity),
        "participant-groups": opendata.participant_group_row(ParticipantGroup.objects.get()),
        "recommendations": opendata.recommendation_row(Recommendation.objects.get()),
    }

    for dataset, row in rows.items():
        assert list(row) == opendata.COLUMNS[dataset], dataset


def test_csv_unknown_dataset_is_not_found(client):
    response = client.get(reverse("register:data-csv", kwargs={"dataset": "users"}))

    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain title", "Plain title"),
    ],
)
def test_csv_cells_that_start_like_formulas_are_escaped(client, organisation, value, cell):
    ActivityFactory(organisation=organisation, title_en=value, summary_en=value, published=True)

    body = download(client, reverse("register:data-csv", kwargs={"dataset": "activities"}))

    row = next(csv.DictReader(io.StringIO(body.decode(), newline="")))
    assert row["title_en"] == cell
    assert row["summary_en"] == cell


def test_csv_participant_counts_under_five_are_blank(client, published):
    body = download(client, reverse("register:data-csv", kwargs={"dataset": "participant-groups"}))

    row = next(csv.DictReader(io.StringIO(body.decode(), newline="")))
    assert row["took_part_count"] == ""
    assert row["invited_count"] == "40"


def test_csv_holds_only_published_records(client, organisation, published):
    draft = ActivityFactory(organisation=organisation, title_en="Draft activity")
    ParticipantGroupFactory(activity=draft, label="Draft group")
    RecommendationFactory(activity=draft, text_en="Draft recommendation")
    ProjectFactory(organisation=organisation, title_en="Draft project")

    bodies = b"".join(
        download(client, reverse("register:data-csv", kwargs={"dataset": dataset})) for dataset in opendata.DATASETS
    )

    for text in (b"Draft activity", b"Draft group", b"Draft recommendation", b"Draft project"):
        assert text not in bodies


def test_json_bulk_download_holds_every_published_dataset(client, published, editor):
    project, activity = published
    Activity.objects.filter(pk=activity.pk).update(created_by=editor)

    data = json.loads(download(client, reverse("register:data-json")))

    assert data["licence"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/")
    assert [p["id"] for p in data["projects"]] == [str(project.pk)]
    assert [a["id"] for a in data["activities"]] == [str(activity.pk)]
    assert len(data["participant-groups"]) == 1
    assert data["recommendations"][0]["response_status"] == "not_accepted"
    assert editor.email.encode() not in json.dumps(data).encode()


def test_atom_feed_lists_newly_published_records(client, published, organisation):
    project, activity = published
    ActivityFactory(organisation=organisation, title_en="Draft activity")

    response = client.get(reverse("register:feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, built from test data)
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("atom:title", namespaces=namespace) for entry in root.findall("atom:entry", namespace)]
    assert sorted(titles) == sorted([project.title_en, activity.title_en])
    assert root.findtext("atom:rights", namespaces=namespace) == OGL_NOTICE
    ids = [entry.findtext("atom:id", namespaces=namespace) for entry in root.findall("atom:entry", namespace)]
    assert f"urn:uuid:{activity.pk}" in ids


def test_data_page_lists_downloads_and_the_licence(client):
    response = client.get(reverse("register:data"))

    for dataset in opendata.DATASETS:
        assert reverse("register:data-csv", kwargs={"dataset": dataset}) in response.text
    assert reverse("register:data-json") in response.text
    assert reverse("register:feed") in response.text
    assert reverse("api:openapi-json") in response.text
    assert OGL_NOTICE in response.text


def test_sitemap_lists_published_register_records(client, published, organisation):
    project, activity = published
    draft = ActivityFactory(organisation=organisation, slug="draft-activity")

    response = client.get(reverse("sitemap"))

    assert project.get_absolute_url() in response.text
    assert activity.get_absolute_url() in response.text
    assert "/cy" + activity.get_absolute_url() in response.text
    assert draft.slug not in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_csv_query_count_is_constant(client, organisation, django_assert_num_queries, count):
    for _ in range(count):
        ActivityFactory(
            organisation=organisation,
            projects=[ProjectFactory(organisation=organisation, published=True)],
            methods=[Method.SURVEY],
            published=True,
        )

    # 1 activities with their organisation (one chunk), 2 their projects, 3 their methods
    with django_assert_num_queries(3):
        download(client, reverse("register:data-csv", kwargs={"dataset": "activities"}))


def test_published_project_row_has_no_personal_fields(published):
    project, _ = published

    row = opendata.project_row(Project.objects.get(pk=project.pk))

    assert not {"created_by", "contact_email", "sro_role"} & row.keys()
