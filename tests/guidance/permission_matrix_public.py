"""URL name → (method, expected status per persona) for the guidance public URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.
The subscription in the test world belongs to `member`."""

from tests.guidance.personas import LOGIN, PERSONAS

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN}
SIGNED_IN_POST = {**dict.fromkeys(PERSONAS, 302), "anonymous": LOGIN}
OWNER_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN, "member": 200}

MATRIX: dict = {
    "guidance:document-list": ("get", PUBLIC),
    "guidance:glossary": ("get", PUBLIC),
    "guidance:document-detail": ("get", PUBLIC),
    "guidance:document-history": ("get", PUBLIC),
    "guidance:document-compare": ("get", PUBLIC),
    "guidance:document-feed": ("get", PUBLIC),
    "guidance:version-detail": ("get", PUBLIC),
    "guidance:version-pdf": ("get", PUBLIC),
    "guidance:subscriptions": ("get", SIGNED_IN),
    "guidance:subscription-delete": ("get", OWNER_ONLY),
    "guidance:topic-subscribe": ("post", SIGNED_IN_POST),
    "guidance:document-subscribe": ("post", SIGNED_IN_POST),
}
