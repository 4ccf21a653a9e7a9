"""URL name → (method, expected status per persona) for the api URLs; see test_permissions.py.

The API is open data: the same published records for everyone. Its root has no page (django-ninja
uses the route only to find the API's own address), so it is a 404 for everyone."""

from tests.participation.engagement.permission_matrix_register import PERSONAS, PUBLIC

MATRIX: dict = {
    "api:api-root": ("get", dict.fromkeys(PERSONAS, 404)),
    "api:openapi-json": ("get", PUBLIC),
    "api:project-list": ("get", PUBLIC),
    "api:project-detail": ("get", PUBLIC),
    "api:activity-list": ("get", PUBLIC),
    "api:activity-detail": ("get", PUBLIC),
    "api:participant-group-list": ("get", PUBLIC),
    "api:participant-group-detail": ("get", PUBLIC),
    "api:recommendation-list": ("get", PUBLIC),
    "api:recommendation-detail": ("get", PUBLIC),
}
