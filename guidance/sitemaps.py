"""Public guidance pages for search engines: the list, the glossary, every published document and
every published version's permanent address."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from guidance.models import GuidanceDocument, GuidanceVersion, VersionStatus

PAGES = ["guidance:document-list", "guidance:glossary"]


class GuidanceSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        documents = GuidanceDocument.objects.published().order_by("slug")
        versions = (
            GuidanceVersion.objects.filter(status=VersionStatus.PUBLISHED, document__in=documents)
            .select_related("document")
            .order_by("document__slug", "-major", "-minor")
        )
        return [*PAGES, *documents, *versions]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        return item.get_absolute_url()

    def lastmod(self, item):
        if isinstance(item, GuidanceDocument):
            return item.published_at
        if isinstance(item, GuidanceVersion):
            return item.published_at
        return None
