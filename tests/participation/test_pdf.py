import pytest
from weasyprint import HTML

from participation.services.pdf import BlockedFetch, StaticOnlyURLFetcher, static_base_url

HOSTILE_HTML = """
<html><head>
<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">
<style>@import url("file:///etc/passwd"); body { background: url("http://127.0.0.1:9/bg.png"); }</style>
</head><body>
<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"><img src="../../../../etc/passwd">
<a rel="attachment" href="file:///etc/passwd">attachment</a>
<p>Safe text</p>
</body></html>
"""


class RecordingFetcher(StaticOnlyURLFetcher):
    def __init__(self):
        super().__init__()
        self.allowed, self.blocked = [], []

    def fetch(self, url, headers=None):
        try:
            response = super().fetch(url, headers)
        except BlockedFetch:
            self.blocked.append(url)
            raise
        self.allowed.append(url)
        return response


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "https://example.com/x.css",
        "file:///etc/passwd",
        static_base_url() + "../pyproject.toml",
        static_base_url() + "%2e%2e/pyproject.toml",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_anything_outside_static_files(url):
    with pytest.raises(BlockedFetch):
        StaticOnlyURLFetcher().fetch(url)


def test_fetcher_serves_our_own_static_files_and_data_uris():
    stylesheet = StaticOnlyURLFetcher().fetch(static_base_url() + "pdf/report.css")
    pixel = StaticOnlyURLFetcher().fetch("data:text/plain;base64,aGk=")

    assert b"@page" in stylesheet.read()
    assert pixel.read() == b"hi"


def test_hostile_html_renders_with_zero_outside_fetches_and_no_attachments():
    fetcher = RecordingFetcher()

    pdf = HTML(string=HOSTILE_HTML, base_url=static_base_url(), url_fetcher=fetcher).write_pdf()

    assert fetcher.allowed == []
    assert any("passwd" in url for url in fetcher.blocked)
    assert b"/EmbeddedFile" not in pdf
    assert b"root:" not in pdf
