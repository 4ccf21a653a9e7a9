"""URL name → (method, expected status per persona) for the guidance pilots URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.

The world (tests/guidance/test_pilots_permissions.py): `organisation` maintains a published
document, pilots its live version (with one feedback item) and has adopted it; `member` and
`editor` belong to it, `other_org_admin` runs another organisation. Someone signed in who edits
no organisation gets a 403 page that explains who can sign up or declare adoption."""

from tests.guidance.personas import LOGIN, PERSONAS

# Sign up or declare adoption: editors and admins of any organisation (for their own).
ORGANISATION_EDITORS = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": LOGIN,
    "editor": 200,
    "other_org_admin": 200,
}
# A pilot is seen by the piloting organisation's members and by guidance editors; to anyone else it does not exist.
PILOT_READERS = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": LOGIN,
    "member": 200,
    "editor": 200,
    "guidance_editor": 200,
    "guidance_reviewer": 200,
    "site_admin": 200,
}
# Feedback comes from the piloting organisation's members; guidance editors see the pilot but do not give it.
PILOT_MEMBERS = {
    **PILOT_READERS,
    "guidance_editor": 403,
    "guidance_reviewer": 403,
    "site_admin": 403,
}
# Withdrawing an adoption (public information): only the adopting organisation's editors.
ADOPTING_EDITORS = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "editor": 200}
# The triage queue and the glossary: guidance editors with MFA (and site admins).
GUIDANCE_EDITORS = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": LOGIN,
    "guidance_editor": 200,
    "guidance_reviewer": 200,
    "site_admin": 200,
}

MATRIX: dict = {
    "guidance:pilot-signup": ("get", ORGANISATION_EDITORS),
    "guidance:pilot-detail": ("get", PILOT_READERS),
    "guidance:feedback-create": ("get", PILOT_MEMBERS),
    "guidance:adoption-declare": ("get", ORGANISATION_EDITORS),
    "guidance:adoption-withdraw": ("get", ADOPTING_EDITORS),
    "guidance_manage:feedback-queue": ("get", GUIDANCE_EDITORS),
    "guidance_manage:feedback-triage": ("get", GUIDANCE_EDITORS),
    "guidance_manage:glossary-list": ("get", GUIDANCE_EDITORS),
    "guidance_manage:glossary-create": ("get", GUIDANCE_EDITORS),
    "guidance_manage:glossary-edit": ("get", GUIDANCE_EDITORS),
    "guidance_manage:glossary-delete": ("get", GUIDANCE_EDITORS),
}
