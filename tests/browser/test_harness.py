"""The checks every page gets must be able to fail: a check that never fails proves nothing."""

import pytest

from tests.browser.conftest import assert_no_browser_problems, axe_check, visit

pytestmark = pytest.mark.browser


def test_axe_reports_a_violation_with_its_rule_and_selector(page):
    visit(page, "/")
    page.evaluate("""() => {
        const image = document.createElement("img");
        image.id = "harness-image-without-alt";
        image.src = "/static/images/favicon.svg";
        document.querySelector("main").append(image);
    }""")

    with pytest.raises(AssertionError) as failure:
        axe_check(page)

    assert "image-alt (critical)" in str(failure.value)
    assert "#harness-image-without-alt" in str(failure.value)


def test_a_script_the_content_security_policy_refuses_fails_the_test(page):
    visit(page, "/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "document.title = 'injected'";
        document.body.append(script);
    }""")
    page.wait_for_timeout(200)

    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_no_browser_problems(page)
    assert page.title() != "injected"
    page.browser_problems.clear()
