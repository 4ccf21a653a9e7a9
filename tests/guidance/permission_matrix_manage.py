"""URL name → (method, expected status per persona) for the guidance manage URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.

Every editors' page is for guidance editors with two-factor authentication (and site admins):
everyone else signed in gets a 403, a guidance editor without MFA included. POSTs that work
redirect (302) back to the version or document."""

from tests.guidance.personas import LOGIN, PERSONAS

EDITORS_ONLY = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": LOGIN,
    "guidance_editor": 200,
    "guidance_reviewer": 200,
    "site_admin": 200,
}
EDITORS_POST = {**EDITORS_ONLY, "guidance_editor": 302, "guidance_reviewer": 302, "site_admin": 302}

MATRIX: dict = {
    "guidance_manage:dashboard": ("get", EDITORS_ONLY),
    "guidance_manage:document-create": ("get", EDITORS_ONLY),
    "guidance_manage:document-detail": ("get", EDITORS_ONLY),
    "guidance_manage:document-edit": ("get", EDITORS_ONLY),
    "guidance_manage:version-create": ("post", EDITORS_POST),
    "guidance_manage:version-detail": ("get", EDITORS_ONLY),
    "guidance_manage:version-edit": ("get", EDITORS_ONLY),
    "guidance_manage:section-add": ("get", EDITORS_ONLY),
    "guidance_manage:section-edit": ("get", EDITORS_ONLY),
    "guidance_manage:section-delete": ("get", EDITORS_ONLY),
    "guidance_manage:section-move": ("post", EDITORS_POST),
    "guidance_manage:version-submit": ("post", EDITORS_POST),
    "guidance_manage:version-approve": ("post", EDITORS_POST),
    # The test world's approved version was started by guidance_editor: the two-person rule sends
    # its author back to the version page.
    "guidance_manage:version-request-changes": ("get", {**EDITORS_ONLY, "guidance_editor": 302}),
    "guidance_manage:version-publish": ("get", EDITORS_ONLY),
    "guidance_manage:version-unschedule": ("post", EDITORS_POST),
    # Posted empty, the comment form comes back with its error.
    "guidance_manage:version-comment": ("post", EDITORS_ONLY),
    "guidance_manage:version-compare": ("get", EDITORS_ONLY),
    "guidance_manage:version-delete": ("get", EDITORS_ONLY),
}
