from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from participation.models import Organisation


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", "accessibility", "cookies", "privacy", "organisation-list"]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Organisation.objects.order_by("slug")

    def lastmod(self, organisation):
        return organisation.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "organisations": OrganisationSitemap}
