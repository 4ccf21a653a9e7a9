import datetime

import pytest

from guidance.models import Pilot, PilotFeedback
from participation.models import PlatformRole
from tests.guidance.factories import draft_document, published_document
from tests.participation.factories import UserFactory


@pytest.fixture
def guidance_editor(db):
    return UserFactory(email="guidance.editor@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)


@pytest.fixture
def guidance_reviewer(db):
    """A second guidance editor: the two-person rule needs someone other than the author to approve."""
    return UserFactory(email="guidance.reviewer@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR], mfa=True)


@pytest.fixture
def guidance_editor_without_mfa(db):
    return UserFactory(email="guidance.nomfa@example.gov.uk", roles=[PlatformRole.GUIDANCE_EDITOR])


@pytest.fixture
def guidance_document(organisation, guidance_editor, guidance_reviewer):
    """A published document (version 1.0, two sections) maintained by `organisation`."""
    return published_document(organisation=organisation, editor=guidance_editor, reviewer=guidance_reviewer)


@pytest.fixture
def unpublished_document(organisation, guidance_editor):
    document, _version = draft_document(
        organisation=organisation, editor=guidance_editor, title_en="Unpublished guidance on data sharing"
    )
    return document


@pytest.fixture
def pilot(guidance_document, organisation, editor):
    """`organisation` piloting the live version; its members may give feedback."""
    return Pilot.objects.create(
        version=guidance_document.current_version,
        organisation=organisation,
        contact_role="Head of data ethics",
        starts_on=datetime.date(2026, 9, 1),
        created_by=editor,
    )


@pytest.fixture
def feedback(pilot, member):
    return PilotFeedback.objects.create(
        pilot=pilot,
        version=pilot.version,
        section_anchor="planning-engagement",
        submitted_by=member,
        submitter_role="Data protection officer",
        feedback_type="unclear",
        rating=3,
        text="It is not clear who decides which decisions are open to influence.",
        may_publish=True,
    )
