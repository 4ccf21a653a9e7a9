"""URL name → (method, expected status per persona) for the api URLs; see test_permissions.py."""

MATRIX: dict = {}
