"""URL name → (method, expected status per persona) for the dashboards URLs; see test_permissions.py."""

MATRIX: dict = {}
