"""PDF rendering with WeasyPrint, allowed to read nothing but our own static files and data: URIs."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class BlockedFetch(ValueError):
    pass


class StaticOnlyURLFetcher(URLFetcher):
    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=2)
        self.roots = [Path(root).resolve() for root in (roots or settings.PDF_STATIC_ROOTS)]

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise BlockedFetch(f"Blocked fetch: {url}")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise BlockedFetch(f"Blocked fetch: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def static_base_url() -> str:
    return (Path(settings.PDF_STATIC_ROOTS[0]).resolve().as_uri()) + "/"


def render_pdf(*, template: str, context: dict, language: str = "en") -> tuple[bytes, int]:
    """Render a template to a tagged PDF (PDF/UA-1). Returns the bytes and the page count."""
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyURLFetcher()).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf, len(document.pages)
