import pytest

from participation.models import PlatformRole
from tests.participation.factories import UserFactory


@pytest.fixture
def organiser(db):
    return UserFactory(email="organiser@example.gov.uk", roles=[PlatformRole.MEETING_ORGANISER])


@pytest.fixture
def moderator(db):
    return UserFactory(email="moderator@example.gov.uk", roles=[PlatformRole.FORUM_MODERATOR])
