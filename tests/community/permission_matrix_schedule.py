"""URL name → (method, expected status per persona) for the community schedule URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere."""

from tests.community.personas import LOGIN, PERSONAS

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
ORGANISERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "organiser": 200, "site_admin": 200}

MATRIX: dict = {
    "community:schedule": ("get", PUBLIC),
    "community:agenda-toggle": ("get", SIGNED_IN),
    "community:my-agenda": ("get", SIGNED_IN),
    "community:my-agenda-ics": ("get", SIGNED_IN),
    "community:schedule-manage": ("get", ORGANISERS),
    "community:schedule-run": ("get", ORGANISERS),
    "community:session-move": ("get", ORGANISERS),
    "community:session-lock": ("get", ORGANISERS),
    "community:schedule-publish": ("get", ORGANISERS),
}
