"""URL name → (method, expected status per persona) for the register URLs; see test_permissions.py."""

MATRIX: dict = {}
