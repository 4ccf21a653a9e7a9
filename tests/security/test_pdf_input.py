"""I3 and I4 beyond tests/participation/test_pdf.py: more ways for a document to make WeasyPrint
fetch something (inline style url(), object/embed/iframe/svg image, meta refresh, attachments),
and the denial-of-service shapes (colspan=65534, huge sizes) kept out of what users can write.

User text reaches a PDF only through `render_markdown`, so the sanitiser is the first wall and the
restrictive URL fetcher the second; both are tested."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from participation.models import Report
from participation.services.markdown import render_markdown
from participation.services.pdf import BlockedFetch, StaticOnlyURLFetcher, static_base_url
from tests.participation.engagement.factories import ActivityFactory, ProjectFactory, RecommendationFactory
from tests.participation.test_markdown import ElementCollector

HOSTILE_FRAGMENTS = [
    '<p style="background:url(http://127.0.0.1:9/bg.png)">styled</p>',
    '<div style="background-image:url(file:///etc/passwd)">x</div>',
    '<object data="file:///etc/passwd"></object>',
    '<embed src="http://127.0.0.1:9/x.swf">',
    '<iframe src="file:///etc/passwd"></iframe>',
    '<svg><image href="file:///etc/passwd" width="10" height="10"/></svg>',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<a rel="attachment" href="http://127.0.0.1:9/secret">attach</a>',
    '<style>@import "http://127.0.0.1:9/a.css"; @font-face { font-family: x; src: url(file:///etc/passwd) }</style>',
    '<img src="http://169.254.169.254/latest/meta-data/">',
    '<img src="//127.0.0.1:9/protocol-relative.png">',
]
DENIAL_OF_SERVICE = [
    '<table><tr><td colspan="65534">x</td></tr></table>',
    '<table><tr><td rowspan="65534">x</td></tr></table>',
    '<p style="font-size:100000px;width:1e9px">x</p>',
    '<ol start="999999999999999999999"><li>x</li></ol>',
]


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


def render(html: str) -> tuple[bytes, RecordingFetcher]:
    fetcher = RecordingFetcher()
    document = f"<html><head></head><body><p>Safe text</p>{html}</body></html>"
    return HTML(string=document, base_url=static_base_url(), url_fetcher=fetcher).write_pdf(), fetcher


@pytest.mark.parametrize("fragment", HOSTILE_FRAGMENTS)
def test_a_hostile_document_makes_no_outside_fetch_and_embeds_nothing(fragment):
    pdf, fetcher = render(fragment)

    assert fetcher.allowed == []
    assert b"/EmbeddedFile" not in pdf and b"/JavaScript" not in pdf and b"/Launch" not in pdf
    assert b"root:" not in pdf


@pytest.mark.parametrize("fragment", HOSTILE_FRAGMENTS + DENIAL_OF_SERVICE)
def test_user_text_reaches_a_pdf_without_any_fetching_or_sizing_markup(fragment):
    html = render_markdown(fragment)

    collector = ElementCollector()
    collector.feed(html)
    # Escaped text is harmless; as elements, only these tags and attributes reach WeasyPrint.
    assert {tag for tag, _ in collector.elements} <= {"p", "table", "thead", "tbody", "tr", "td", "th", "ol", "li", "a"}
    assert {name for _, attrs in collector.elements for name in attrs} <= {"href", "rel", "title", "align", "start"}
    pdf, fetcher = render(html)
    assert fetcher.blocked == fetcher.allowed == []
    assert pdf.startswith(b"%PDF-")


def test_markdown_images_become_no_fetch_at_all():
    html = render_markdown("![x](http://127.0.0.1:9/x.png) ![y](file:///etc/passwd)")

    pdf, fetcher = render(html)

    assert "<img" not in html
    assert fetcher.blocked == fetcher.allowed == []
    assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("fragment", DENIAL_OF_SERVICE[2:])
def test_huge_sizes_finish_with_a_pdf(fragment):
    pdf, fetcher = render(fragment)

    assert pdf.startswith(b"%PDF-")
    assert fetcher.allowed == []


# The XSS corpus through a real report: the project evidence PDF shows titles, findings and
# recommendations that editors wrote. A few vectors only: each render costs about a second.
PDF_VECTORS = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
]


@pytest.mark.parametrize("vector", PDF_VECTORS)
def test_hostile_text_in_an_evidence_report_is_printed_as_text(
    client, outsider, organisation, vector, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory(organisation=organisation, published=True, title_en=f"Project {vector}"[:200])
    activity = ActivityFactory(
        organisation=organisation,
        projects=[project],
        published=True,
        title_en=f"Activity {vector}"[:200],
        findings_en=f"Findings {vector}",
    )
    RecommendationFactory(activity=activity, reference="R1", text_en=f"Recommendation {vector}")
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboards:project-report-request", kwargs={"slug": project.slug}))

    report = Report.objects.get(kind="project_evidence")
    assert report.status == Report.Status.DONE
    with report.file.open("rb") as stored:
        data = stored.read()
    reader = PdfReader(io.BytesIO(data))
    # Compared without spaces: a long title wraps wherever the line breaks.
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert "".join(f"Project {vector}".split()) in text  # plain text: the markup is printed, not run
    assert "".join(f"Recommendation {vector}".split()) in text
    assert reader.attachments == {}
    for marker in (b"/JavaScript", b"/EmbeddedFile", b"/Launch", b"/SubmitForm", b"/ImportData"):
        assert marker not in data
    links = [
        annotation.get_object().get("/A", {}).get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert [uri for uri in links if not str(uri).startswith(("http://testserver", "https://", "http://", "#"))] == []
    assert [uri for uri in links if "javascript:" in str(uri).lower() or "file:" in str(uri).lower()] == []
