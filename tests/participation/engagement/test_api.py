"""The read-only open data API: published records only, stable ids, links, pages, updated_since,
and every payload checked against the API's own OpenAPI description."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Activity
from participation.models.vocabularies import Method, ResponseStatus
from tests.participation.engagement.factories import (
    ActivityFactory,
    ParticipantGroupFactory,
    ProjectFactory,
    RecommendationFactory,
)
from tests.participation.test_markdown import XSS_VECTORS

pytestmark = pytest.mark.django_db

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SchemaMismatch(AssertionError):
    pass


def check(value, schema: dict, spec: dict, where: str = "$") -> None:
    """A small structural JSON Schema check for what django-ninja emits (jsonschema is not
    installed): $ref, anyOf, type, format, required, properties (no undocumented keys), items."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(value, spec["components"]["schemas"][name], spec, where)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                return check(value, option, spec, where)
            except SchemaMismatch as error:
                errors.append(str(error))
        raise SchemaMismatch(f"{where}: matches no option: {errors}")
    kind = schema.get("type")
    expected = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "boolean": bool,
        "null": type(None),
        "number": (int, float),
    }
    if kind is None:
        return None
    if not isinstance(value, expected[kind]) or (kind == "integer" and isinstance(value, bool)):
        raise SchemaMismatch(f"{where}: {value!r} is not {kind}")
    if kind == "string":
        pattern = {"date-time": ISO_DATETIME, "date": ISO_DATE}.get(schema.get("format"))
        if pattern and not pattern.match(value):
            raise SchemaMismatch(f"{where}: {value!r} is not {schema['format']}")
        if schema.get("format") == "uuid":
            uuid.UUID(value)
    if kind == "integer" and "minimum" in schema and value < schema["minimum"]:
        raise SchemaMismatch(f"{where}: below minimum")
    if kind == "array":
        for index, item in enumerate(value):
            check(item, schema.get("items", {}), spec, f"{where}[{index}]")
    if kind == "object":
        properties = schema.get("properties", {})
        missing = set(schema.get("required", [])) - value.keys()
        if missing:
            raise SchemaMismatch(f"{where}: missing {sorted(missing)}")
        undocumented = value.keys() - properties.keys()
        if undocumented and schema.get("additionalProperties") is not True:
            raise SchemaMismatch(f"{where}: undocumented {sorted(undocumented)}")
        for key, item in value.items():
            check(item, properties[key], spec, f"{where}.{key}")
    return None


@pytest.fixture
def records(organisation):
    project = ProjectFactory(organisation=organisation, title_cy="Prosiect", published=True)
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        methods=[Method.CITIZENS_JURY, Method.SURVEY],
        actual_start=datetime.date(2025, 3, 1),
        published=True,
    )
    return {
        "project": project,
        "activity": activity,
        "group": ParticipantGroupFactory(activity=activity, took_part_count=3, invited_count=12),
        "recommendation": RecommendationFactory(
            activity=activity, response_status=ResponseStatus.PARTLY, action_en="We changed the design."
        ),
    }


@pytest.fixture
def spec(client):
    return client.get(reverse("api:openapi-json")).json()


def test_api_openapi_description_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["version"] == "1"
    assert set(spec["paths"]) == {
        "/api/v1/projects",
        "/api/v1/projects/{pk}",
        "/api/v1/activities",
        "/api/v1/activities/{pk}",
        "/api/v1/participant-groups",
        "/api/v1/participant-groups/{pk}",
        "/api/v1/recommendations",
        "/api/v1/recommendations/{pk}",
    }


def test_api_every_operation_returns_what_its_description_says(client, spec, records):
    ids = {
        "/api/v1/projects/{pk}": records["project"].pk,
        "/api/v1/activities/{pk}": records["activity"].pk,
        "/api/v1/participant-groups/{pk}": records["group"].pk,
        "/api/v1/recommendations/{pk}": records["recommendation"].pk,
    }
    checked = 0
    for path, operations in spec["paths"].items():
        schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        url = path.replace("{pk}", str(ids.get(path, "")))

        payload = client.get(url).json()

        check(payload, schema, spec)
        if "results" in payload:
            assert len(payload["results"]) == 1, path
        checked += 1
    assert checked == 8


def test_api_activity_has_codes_links_and_welsh_fields(client, records):
    activity = records["activity"]

    data = client.get(reverse("api:activity-detail", kwargs={"pk": activity.pk})).json()

    assert data["id"] == str(activity.pk)
    assert data["methods"] == ["citizens_jury", "survey"]
    assert data["level_promised"] == "involve"
    assert data["projects"] == [f"http://testserver/api/v1/projects/{records['project'].pk}"]
    assert data["html_url"] == f"http://testserver/register/activities/{activity.slug}/"
    assert data["actual_start"] == "2025-03-01"
    assert "title_cy" in data and "summary_cy" in data
    assert "created_by" not in data
    following = client.get(data["participant_groups_url"]).json()
    assert [group["id"] for group in following["results"]] == [str(records["group"].pk)]


def test_api_suppresses_small_counts(client, records):
    data = client.get(reverse("api:participant-group-detail", kwargs={"pk": records["group"].pk})).json()

    assert data["took_part_count"] is None
    assert data["invited_count"] == 12


def test_api_recommendations_carry_their_responses(client, records):
    data = client.get(reverse("api:recommendation-list")).json()

    assert data["results"][0]["response_status"] == "partly"
    assert data["results"][0]["action_en"] == "We changed the design."


def test_api_pages_with_limit_and_offset(client, organisation):
    for _ in range(5):
        ProjectFactory(organisation=organisation, published=True)

    first = client.get(reverse("api:project-list"), {"limit": 2}).json()
    second = client.get(first["next"]).json()
    last = client.get(reverse("api:project-list"), {"limit": 2, "offset": 4}).json()

    assert len(first["results"]) == 2 and first["previous"] is None
    assert "offset=2" in first["next"]
    assert {p["id"] for p in first["results"]}.isdisjoint(p["id"] for p in second["results"])
    assert len(last["results"]) == 1 and last["next"] is None


def test_api_updated_since_returns_only_later_changes(client, organisation):
    old = ActivityFactory(organisation=organisation, title_en="Old", published=True)
    new = ActivityFactory(organisation=organisation, title_en="New", published=True)
    Activity.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))

    data = client.get(
        reverse("api:activity-list"),
        {"updated_since": (timezone.now() - datetime.timedelta(days=1)).isoformat()},
    ).json()

    assert [item["id"] for item in data["results"]] == [str(new.pk)]


@pytest.mark.parametrize(
    "query",
    [
        {"updated_since": "yesterday"},
        {"updated_since": "2025-01-01T00:00:00"},  # no time zone
        {"limit": "0"},
        {"limit": "1000"},
        {"offset": "-1"},
        {"offset": str(10**12)},
        {"limit": "abc"},
    ],
)
def test_api_bad_parameters_are_a_clear_error(client, query):
    response = client.get(reverse("api:activity-list"), query)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "detail" in response.json()


def test_api_unknown_or_draft_id_is_not_found(client, organisation):
    draft = ProjectFactory(organisation=organisation)

    assert client.get(reverse("api:project-detail", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("api:project-detail", kwargs={"pk": uuid.uuid4()})).status_code == 404
    assert client.get("/api/v1/projects/not-a-uuid").status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_api_activity_list_query_count_is_constant(client, organisation, django_assert_num_queries, count):
    for _ in range(count):
        ActivityFactory(
            organisation=organisation,
            projects=[ProjectFactory(organisation=organisation, published=True)],
            methods=[Method.SURVEY],
            published=True,
        )

    # 1 activities with their organisation, 2 their published projects, 3 their methods
    with django_assert_num_queries(3):
        data = client.get(reverse("api:activity-list")).json()

    assert len(data["results"]) == count


@pytest.mark.parametrize("vector", XSS_VECTORS[:4])
def test_api_serves_hostile_text_as_json_data(client, organisation, vector):
    ActivityFactory(organisation=organisation, title_en=vector, published=True)

    response = client.get(reverse("api:activity-list"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["results"][0]["title_en"] == vector


def test_api_schema_check_catches_mismatches(client, spec, records):
    """The checker above must be able to fail, or the contract test proves nothing."""
    schema = {"$ref": "#/components/schemas/ParticipantGroupOut"}
    good = client.get(reverse("api:participant-group-detail", kwargs={"pk": records["group"].pk})).json()

    check(good, schema, spec)
    for bad in (
        {**good, "email": "someone@example.com"},
        {key: value for key, value in good.items() if key != "label"},
        {**good, "invited_count": "12"},
        {**good, "updated_at": "21/11/2026"},
    ):
        with pytest.raises(SchemaMismatch):
            check(bad, schema, spec)
