"""Personas shared by every app's tests: anonymous, member, editor and org admin of one
organisation, an org admin of another organisation, and a site admin."""

import pytest
from django.utils import translation

from participation.celery import app as celery_app
from participation.models import Membership, PlatformRole
from participation.services import page_cache
from tests.participation.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.support.smtp import start_smtp_sink
from tests.support.worker import CeleryWorker


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request to a /cy/ page leaves Welsh active on the thread; the next test must not inherit it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """The cache outlives each test's database: start every test at a new content version, so a
    part cached by an earlier test (whose rows are gone) is never served."""
    page_cache.content_changed()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="dsit", name_en="Department for Science, Innovation and Technology")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(slug="ons", name_en="Office for National Statistics")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user


@pytest.fixture
def editor(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user


@pytest.fixture
def org_admin(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.ORG_ADMIN, user__mfa=True).user


@pytest.fixture
def org_admin_without_mfa(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.ORG_ADMIN).user


@pytest.fixture
def other_org_admin(other_organisation):
    return MembershipFactory(organisation=other_organisation, role=Membership.Role.ORG_ADMIN, user__mfa=True).user


@pytest.fixture
def site_admin(db):
    return UserFactory(mfa=True, roles=[PlatformRole.SITE_ADMIN], is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """Signed in, verified, and a member of nothing."""
    return UserFactory()


@pytest.fixture
def smtp_sink():
    sink, controller = start_smtp_sink()
    yield sink
    controller.stop()


@pytest.fixture
def celery_worker(transactional_db, smtp_sink, tmp_path):
    """A real worker process. Tasks leave this process through Redis, as in production."""
    celery_app.conf.task_always_eager = False
    worker = CeleryWorker(smtp_port=smtp_sink.port, log_path=tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
    celery_app.conf.task_always_eager = True
