"""An Atom feed per guidance document: one entry per published version, with its change note."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from guidance.models import GuidanceDocument, VersionStatus


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
        versions = document.versions.filter(status=VersionStatus.PUBLISHED).order_by("-major", "-minor")
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
