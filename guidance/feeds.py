"""An Atom feed per guidance document: one entry per published version, with its change note."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from guidance.models import GuidanceDocument, GuidanceVersion, Publication, PublicationAuthor, ReviewStatus
from guidance.services.pdfs import named_authors


class DocumentFeed(Feed):
    feed_type = Atom1Feed
    # LoginRequiredMiddleware reads this attribute from the view: the feed is public.
    login_required = False

    def get_object(self, request, slug):
        return get_object_or_404(GuidanceDocument.objects.published().select_related("organisation"), slug=slug)

    def title(self, document):
        return _("Changes to “%(title)s”") % {"title": document.title}

    def subtitle(self, document):
        return document.summary

    def link(self, document):
        return document.get_absolute_url()

    def feed_copyright(self):
        return _("Contains public sector information licensed under the Open Government Licence v3.0.")

    def items(self, document):
        versions = document.versions.filter(status=ReviewStatus.PUBLISHED).order_by("-major", "-minor")
        for version in versions:
            version.document = document
            yield version

    def item_title(self, version):
        if version.is_major:
            return _("Version %(number)s: a major change") % {"number": version.number}
        return _("Version %(number)s: a minor change") % {"number": version.number}

    def item_description(self, version):
        # Atom sends the summary as type="html": escape it so readers show the text, never run it.
        return escape(version.change_note or _("No change note."))

    def item_link(self, version):
        return version.get_absolute_url()

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        return version.published_at

    def item_guid(self, version):
        return f"urn:uuid:{version.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, version):
        return version.document.organisation.name


class PublicationFeed(Feed):
    """Everything the programme publishes, newest first: publications of every kind and published
    guidance versions, in one Atom feed."""

    feed_type = Atom1Feed
    login_required = False
    limit = 50

    def title(self):
        return _("Publications and guidance updates")

    def subtitle(self):
        return _(
            "Case studies, blog posts, commentary, consultation responses, event write-ups and new guidance versions."
        )

    def link(self):
        return reverse("publications:list")

    def feed_copyright(self):
        return _("Contains public sector information licensed under the Open Government Licence v3.0.")

    def items(self):
        named = PublicationAuthor.objects.filter(is_named=True).select_related("user")
        publications = (
            Publication.objects.published()
            .prefetch_related(Prefetch("authors", queryset=named))
            .order_by("-published_at")[: self.limit]
        )
        versions = (
            GuidanceVersion.objects.filter(
                status=ReviewStatus.PUBLISHED, document__in=GuidanceDocument.objects.published()
            )
            .select_related("document__organisation")
            .order_by("-published_at")[: self.limit]
        )
        items = [*publications, *versions]
        items.sort(key=lambda item: item.published_at, reverse=True)
        return items[: self.limit]

    def item_title(self, item):
        if isinstance(item, GuidanceVersion):
            return _("Guidance: %(title)s, version %(number)s") % {"title": item.document.title, "number": item.number}
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        # Atom sends the summary as type="html": escape it so readers show the text, never run it.
        if isinstance(item, GuidanceVersion):
            return escape(item.change_note or item.document.summary)
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_guid(self, item):
        return f"urn:uuid:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        if isinstance(item, GuidanceVersion):
            return item.document.organisation.name
        return ", ".join(named_authors(item)) or _("The Connected by Data programme")
