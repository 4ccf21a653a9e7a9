"""URL name → (method, expected status per persona) for every Design Labs URL; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.

A lab's public page is public, so being refused its workspace is a 403, not a 404; objects inside a
lab (a participant, someone else's details) are 404 outside reach."""

from tests.designlabs.personas import LOGIN, PERSONAS

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
REFUSED = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN}
FACILITATORS = {**REFUSED, "facilitator": 200, "site_admin": 200}
WORKSPACE = {**FACILITATORS, "participant": 200, "partner_staff": 200}
TAKING_PART = {**FACILITATORS, "participant": 200}
# POSTs answered with a redirect when they work.
REDIRECTED_FOR_WORKSPACE = {
    **REFUSED,
    **dict.fromkeys(["participant", "partner_staff", "facilitator", "site_admin"], 302),
}

MATRIX: dict = {
    "designlabs:lab-list": ("get", PUBLIC),
    "designlabs:lab-detail": ("get", PUBLIC),
    # A participants-only material: its people may download it; to anyone else it does not exist.
    "designlabs:material-download": (
        "get",
        {
            **dict.fromkeys(PERSONAS, 404),
            **dict.fromkeys(["participant", "partner_staff", "facilitator", "site_admin"], 200),
        },
    ),
    # The write-up is not yet published in the world: only the lab's people may ask for its PDF.
    "designlabs:write-up-pdf": ("post", REDIRECTED_FOR_WORKSPACE),
    "designlabs:my-labs": ("get", SIGNED_IN),
    # The link in the email is the credential; accepting checks the address (see the invitation tests).
    "designlabs:invitation": ("get", SIGNED_IN),
    "designlabs:my-details": (
        "get",
        {**dict.fromkeys(PERSONAS, 404), "anonymous": LOGIN, "invitee": 200, "participant": 200},
    ),
    "designlabs:lab-create": ("get", {**REFUSED, "facilitator": 200, "other_facilitator": 200, "site_admin": 200}),
    "designlabs:lab-edit": ("get", FACILITATORS),
    "designlabs:session-create": ("get", FACILITATORS),
    "designlabs:session-edit": ("get", FACILITATORS),
    "designlabs:material-add": ("get", FACILITATORS),
    "designlabs:material-delete": ("get", FACILITATORS),
    "designlabs:sheet-create": ("get", FACILITATORS),
    "designlabs:participant-list": ("get", FACILITATORS),
    "designlabs:participant-invite": ("get", FACILITATORS),
    "designlabs:participant-edit": ("get", FACILITATORS),
    "designlabs:attendance": ("get", FACILITATORS),
    "designlabs:attendance-mark": ("post", FACILITATORS),
    "designlabs:lab-workspace": ("get", WORKSPACE),
    "designlabs:session-detail": ("get", WORKSPACE),
    "designlabs:output-board": ("get", WORKSPACE),
    "designlabs:priorities": ("get", WORKSPACE),
    "designlabs:output-add": ("post", TAKING_PART),
    # Without htmx a dot is a POST answered with a redirect back to the board.
    "designlabs:output-dot": ("post", {**REFUSED, "participant": 302, "facilitator": 302, "site_admin": 302}),
    "designlabs:output-undot": ("post", {**REFUSED, "participant": 302, "facilitator": 302, "site_admin": 302}),
    "designlabs:output-edit": ("get", FACILITATORS),
    "designlabs:theme-list": ("get", FACILITATORS),
    "designlabs:write-up-edit": ("get", FACILITATORS),
    "designlabs:record-activity": ("get", FACILITATORS),
    "designlabs:impact-add": ("get", FACILITATORS),
}
