"""`make bench` end to end at a tiny scale, so the harness cannot rot. Timings are not asserted
(QUALITY.md: the benchmark reports, the tests do not time); that every bar and page has numbers is."""

import json

import pytest
from django.conf import settings

from bench import run


@pytest.mark.timeout(900)
def test_harness_tiny_run_reports_every_bar_and_page(tmp_path):
    # --tiny seeds its own throwaway databases and drops them afterwards.
    run.main(["--tiny", "--results", str(tmp_path), "--redis-url", settings.REDIS_URL])

    results = json.loads((tmp_path / "latest.json").read_text())
    text = (tmp_path / "latest.md").read_text()
    assert [row["bar"] for row in results["bars"]] == [bar for bar, _required, _goal in run.BARS.values()]
    for row in results["bars"]:
        assert row["required_met"] in ("pass", "FAIL")
        assert f"| {row['bar']} |" in text
    for scale in ("small", "full"):
        rows = {row["name"]: row for row in results[scale]["pages"]}
        assert rows["bare view"]["rps"] > 0
        pages = [row for name, row in rows.items() if name != "bare view"]
        assert len(pages) >= 10
        for row in pages:
            assert row["status"] == 200, row
            assert isinstance(row["queries"], int) and row["queries"] > 0, row
            assert row["db_ms"] >= 0
            assert row["rps"] >= 0
            assert f"| {row['name']} |" in text
    assert results["fanout"]["messages"] == 200
    assert results["fanout"]["accepted"] == 200
    assert results["pdf"]["annex"]["pages"] > 0
    assert results["scheduler"]["placed"] > 0
    assert not [
        name for name in results["settings"] if name.endswith("_db") and "tiny" not in results["settings"][name]
    ]
