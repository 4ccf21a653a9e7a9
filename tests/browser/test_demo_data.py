"""The public engagement log on the demo data `make run` loads: the register, a project, an
activity, the dashboards and the open data page, in English and Welsh, with axe on every page."""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import navigate, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_visitor_reads_the_demo_engagement_log(page, demo_data, prefix):
    visit(page, f"{prefix}/register/")
    assert page.get_attribute("html", "lang") == ("cy" if prefix else "en")
    assert page.locator("main a[href$='/activities/ndl-citizens-jury/']").count() == 1

    navigate(page, lambda: page.click("main a[href$='/activities/ndl-citizens-jury/']"))
    assert page.url.endswith(f"{prefix}/register/activities/ndl-citizens-jury/")
    navigate(page, lambda: page.click("main a[href$='/projects/national-data-library-health-education-share/']"))
    assert "National Data Library" in page.locator("h1").inner_text()

    visit(page, f"{prefix}/register/projects/data-for-social-care-wales/")
    visit(page, f"{prefix}/dashboards/")
    assert page.locator("main svg[role='img']").count() >= 3
    visit(page, f"{prefix}/dashboards/dsit/")
    visit(page, f"{prefix}/register/data/")
