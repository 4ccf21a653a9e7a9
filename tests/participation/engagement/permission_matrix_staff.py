"""URL name → (method, expected status per persona) for the staff URLs; see test_permissions.py."""

MATRIX: dict = {}
