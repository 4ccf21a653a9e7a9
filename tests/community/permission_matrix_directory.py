"""URL name → (method, expected status per persona) for the community directory URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.

The world (tests/community/test_directory_permissions.py): `member` has a listed profile, which is
the one `community:member-profile` shows. The directory and profiles are for signed-in people only."""

from tests.community.personas import LOGIN, PERSONAS

SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN}

MATRIX: dict = {
    "community:member-directory": ("get", SIGNED_IN),
    "community:member-profile": ("get", SIGNED_IN),
    "community:profile-edit": ("get", SIGNED_IN),
}
