"""URL name → (method, expected status per persona) for the dashboards URLs; see test_permissions.py."""

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
# Asking for a report of published records: anyone signed in, then a redirect to the job's page.
SIGNED_IN_REDIRECT = {**dict.fromkeys(PERSONAS, 302), "anonymous": "login"}

MATRIX: dict = {
    "dashboards:platform": ("get", PUBLIC),
    "dashboards:organisation": ("get", PUBLIC),
    "dashboards:project-report-request": ("post", SIGNED_IN_REDIRECT),
    "dashboards:organisation-report-request": ("post", SIGNED_IN_REDIRECT),
}
