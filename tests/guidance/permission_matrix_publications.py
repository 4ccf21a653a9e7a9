"""URL name → (method, expected status per persona) for the publication pages, public and manage,
and the outreach events pages; see tests/participation/test_permissions.py, which checks that every
route has a row somewhere.

The test world (tests/guidance/test_publications_permissions.py): `guidance_editor` started every
publication and `author` (a member of no organisation's editors, not a guidance editor) is credited
beside them. Drafts are out of reach (404) for everyone but their authors and guidance editors; a
publication someone can see but not manage is a 403. The review actions act on an item in the
state they need: submit and comment on the draft, approve on the one in review, request changes,
publish and unschedule on the approved one; unpublish on the published one."""

LOGIN = "login"  # a redirect to the sign-in page
PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "author",
    "guidance_editor",
    "guidance_reviewer",
    "guidance_editor_without_mfa",
    "site_admin",
]

PUBLIC = dict.fromkeys(PERSONAS, 200)
EDITORS_ONLY = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": LOGIN,
    "guidance_editor": 200,
    "guidance_reviewer": 200,
    "site_admin": 200,
}
EDITORS_POST = {**EDITORS_ONLY, "guidance_editor": 302, "guidance_reviewer": 302, "site_admin": 302}
# A draft (or an item in review) is out of reach of anyone who did not write it and is not a
# guidance editor: a 404, as if it did not exist.
WRITERS = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": LOGIN,
    "author": 200,
    "guidance_editor": 200,
    "guidance_reviewer": 200,
    "site_admin": 200,
}
WRITERS_POST = {**WRITERS, "author": 302, "guidance_editor": 302, "guidance_reviewer": 302, "site_admin": 302}
# Reviewing: authors may see the item but not review it.
REVIEW_POST = {**WRITERS_POST, "author": 403}

MATRIX: dict = {
    # Public pages: a published publication is for everyone.
    "publications:list": ("get", PUBLIC),
    "publications:feed": ("get", PUBLIC),
    "publications:event-list": ("get", PUBLIC),
    "publications:event-detail": ("get", PUBLIC),
    "publications:detail": ("get", PUBLIC),
    # A published consultation response: its PDF, or the page saying it is being prepared.
    "publications:pdf": ("get", PUBLIC),
    # Managing: authors see their own; editors see all.
    "guidance_manage:publication-list": ("get", {**EDITORS_ONLY, "author": 200}),
    "guidance_manage:publication-create": ("get", EDITORS_ONLY),
    # Guidance editors and the editors of the organisation that ran the activity; `member` is a
    # plain member of that organisation.
    "guidance_manage:publication-from-activity": ("post", EDITORS_POST),
    "guidance_manage:publication-detail": ("get", WRITERS),
    "guidance_manage:publication-edit": ("get", WRITERS),
    "guidance_manage:publication-authors": ("get", {**WRITERS, "author": 403}),
    # Posted empty: back to the page with an error, for the draft's two authors only.
    "guidance_manage:publication-naming": ("post", {**WRITERS_POST, "guidance_reviewer": 403, "site_admin": 403}),
    "guidance_manage:publication-delete": ("get", WRITERS),
    # The published one is visible to all, so managing it is a 403 rather than a 404.
    "guidance_manage:publication-unpublish": ("get", EDITORS_ONLY),
    "guidance_manage:publication-submit": ("post", WRITERS_POST),
    # guidance_editor started it: the two-person rule sends them back to the page (302).
    "guidance_manage:publication-approve": ("post", REVIEW_POST),
    # Not a reviewer, or the two-person rule: back to the page with a message.
    "guidance_manage:publication-request-changes": ("get", {**WRITERS, "author": 302, "guidance_editor": 302}),
    "guidance_manage:publication-publish": ("get", {**WRITERS, "author": 302}),
    "guidance_manage:publication-unschedule": ("post", REVIEW_POST),
    # Posted empty, the comment form comes back with its error.
    "guidance_manage:publication-comment": ("post", WRITERS),
    "guidance_manage:event-list": ("get", EDITORS_ONLY),
    "guidance_manage:event-create": ("get", EDITORS_ONLY),
    "guidance_manage:event-edit": ("get", EDITORS_ONLY),
    "guidance_manage:event-delete": ("get", EDITORS_ONLY),
}
