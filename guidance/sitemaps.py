"""Public guidance pages for search engines: the list, the glossary, every published document and
every published version's permanent address."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from guidance.models import GuidanceDocument, GuidanceVersion, OutreachEvent, Publication, ReviewStatus

PAGES = ["guidance:document-list", "guidance:glossary"]
PUBLICATION_PAGES = ["publications:list", "publications:event-list"]


class GuidanceSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        documents = GuidanceDocument.objects.published().order_by("slug")
        versions = (
            GuidanceVersion.objects.filter(status=ReviewStatus.PUBLISHED, document__in=documents)
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


class PublicationSitemap(Sitemap):
    """The publications list and events page, every published publication and every listed event."""

    i18n = True
    alternates = True

    def items(self):
        publications = Publication.objects.published().only("slug", "published_at").order_by("slug")
        events = OutreachEvent.objects.listed().only("slug", "updated_at").order_by("slug")
        return [*PUBLICATION_PAGES, *publications, *events]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        return item.get_absolute_url()

    def lastmod(self, item):
        if isinstance(item, Publication):
            return item.published_at
        if isinstance(item, OutreachEvent):
            return item.updated_at
        return None
