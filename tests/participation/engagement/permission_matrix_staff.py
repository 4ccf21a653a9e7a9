"""URL name → (method, expected status per persona) for the staff URLs; see test_permissions.py.

The objects are a draft project and activity of the personas' organisation, so people outside it
get a 404 (they cannot see drafts) and its plain members a 403."""

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
LOGIN = "login"
EDITORS_OF_DRAFT = {
    "anonymous": LOGIN,
    "outsider": 404,
    "member": 403,
    "editor": 200,
    "org_admin_without_mfa": 200,
    "org_admin": 200,
    "other_org_admin": 404,
    "site_admin": 404,
}

MATRIX: dict = {
    "staff:record-list": ("get", {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN}),
    # Anyone who edits for some organisation may register a project for it.
    "staff:project-create": (
        "get",
        {**EDITORS_OF_DRAFT, "outsider": 403, "member": 403, "other_org_admin": 200, "site_admin": 403},
    ),
    "staff:project-detail": ("get", EDITORS_OF_DRAFT),
    "staff:project-edit": ("get", EDITORS_OF_DRAFT),
    "staff:project-publish": ("get", EDITORS_OF_DRAFT),
    "staff:project-withdraw": ("get", EDITORS_OF_DRAFT),
    "staff:activity-create": ("get", EDITORS_OF_DRAFT),
    "staff:activity-tasks": ("get", EDITORS_OF_DRAFT),
    "staff:activity-section": ("get", EDITORS_OF_DRAFT),
    "staff:activity-check": ("get", EDITORS_OF_DRAFT),
    "staff:activity-withdraw": ("get", EDITORS_OF_DRAFT),
    "staff:group-add": ("get", EDITORS_OF_DRAFT),
    "staff:group-edit": ("get", EDITORS_OF_DRAFT),
    "staff:group-delete": ("get", EDITORS_OF_DRAFT),
    "staff:recommendation-add": ("get", EDITORS_OF_DRAFT),
    "staff:recommendation-response": ("get", EDITORS_OF_DRAFT),
    "staff:evidence-upload": ("get", EDITORS_OF_DRAFT),
    "staff:evidence-delete": (
        "post",
        {**EDITORS_OF_DRAFT, "editor": 302, "org_admin_without_mfa": 302, "org_admin": 302},
    ),
    # Downloads are open to the public for public files; this one is private to the organisation's editors.
    "staff:evidence-download": ("get", {**EDITORS_OF_DRAFT, "anonymous": 404}),
}
