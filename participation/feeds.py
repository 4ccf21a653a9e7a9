"""An Atom feed of newly published register records (activities and projects)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from participation.models import Activity, Project, bilingual

FEED_SIZE = 30


class RegisterFeed(Feed):
    feed_type = Atom1Feed
    # LoginRequiredMiddleware reads this attribute from the view: the feed is public.
    login_required = False
    title = _("Engagement register: newly published")
    subtitle = _("Data and AI projects and the public engagement activities run for them.")
    link = reverse_lazy("register:activity-list")
    feed_copyright = _("Contains public sector information licensed under the Open Government Licence v3.0.")

    def items(self):
        activities = Activity.objects.published().select_related("organisation").order_by("-published_at")
        projects = Project.objects.published().select_related("organisation").order_by("-published_at")
        newest = [*activities[:FEED_SIZE], *projects[:FEED_SIZE]]
        return sorted(newest, key=lambda record: record.published_at, reverse=True)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the summary as type="html": escape it so readers show the text, never run it.
        return escape(bilingual(item, "summary")[0])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"urn:uuid:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.organisation.name

    def item_categories(self, item):
        return [_("Engagement activity") if isinstance(item, Activity) else _("Project")]
