"""The community front page is public; see tests/participation/test_permissions.py."""

from tests.community.personas import PERSONAS

MATRIX: dict = {"community:home": ("get", dict.fromkeys(PERSONAS, 200))}
