"""URL name → (method, expected status per persona) for the register URLs; see test_permissions.py.

The register is public: every persona, signed in or not, gets the same published records.
test_register_permissions.py checks every cell, and that drafts are a 404 for everyone."""

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "editor",
    "org_admin_without_mfa",
    "org_admin",
    "other_org_admin",
    "site_admin",
]
PUBLIC = dict.fromkeys(PERSONAS, 200)

MATRIX: dict = {
    "register:activity-list": ("get", PUBLIC),
    "register:project-list": ("get", PUBLIC),
    "register:project-detail": ("get", PUBLIC),
    "register:activity-detail": ("get", PUBLIC),
    "register:data": ("get", PUBLIC),
    "register:data-csv": ("get", PUBLIC),
    "register:data-json": ("get", PUBLIC),
    "register:feed": ("get", PUBLIC),
}
