"""URL name → (method, expected status per persona) for the community unconference URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.

The world (tests/community/test_unconference_permissions.py): an unconference with both windows
open, one room, one slot, and an approved proposal facilitated by `member`. POSTs send
`{"action": "add"}` (a vote)."""

from tests.community.personas import LOGIN, PERSONAS

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
ORGANISERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "organiser": 200, "site_admin": 200}
# The proposal's facilitator (member) and organisers.
FACILITATOR = {**ORGANISERS, "member": 200}

MATRIX: dict = {
    "community:unconference-list": ("get", PUBLIC),
    "community:unconference-detail": ("get", PUBLIC),
    "community:proposal-list": ("get", PUBLIC),
    "community:proposal-detail": ("get", PUBLIC),
    "community:unconference-create": ("get", ORGANISERS),
    "community:unconference-edit": ("get", ORGANISERS),
    "community:rooms-edit": ("get", ORGANISERS),
    "community:slots-edit": ("get", ORGANISERS),
    "community:proposal-review": ("get", ORGANISERS),
    "community:proposal-create": ("get", SIGNED_IN),
    "community:proposal-edit": ("get", FACILITATOR),
    "community:proposal-withdraw": ("get", FACILITATOR),
    "community:proposal-notes": ("get", FACILITATOR),
    # Any signed-in member may vote in the window: a plain POST redirects back.
    "community:proposal-vote": ("post", {**dict.fromkeys(PERSONAS, 302), "anonymous": LOGIN}),
}
