from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from guidance.sitemaps import GuidanceSitemap, PublicationSitemap
from participation.models import Activity, Organisation, Project


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


class RegisterPagesSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["register:activity-list", "register:project-list", "register:data"]

    def location(self, item):
        return reverse(item)


class RegisterProjectSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Project.objects.published().order_by("slug")

    def lastmod(self, project):
        return project.updated_at


class RegisterActivitySitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Activity.objects.published().order_by("slug")

    def lastmod(self, activity):
        return activity.updated_at


class DesignLabSitemap(Sitemap):
    """The Design Labs list and each lab's public page."""

    i18n = True
    alternates = True

    def items(self):
        from designlabs.models import Lab

        return ["designlabs:lab-list", *Lab.objects.order_by("slug").only("slug", "updated_at")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "register": RegisterPagesSitemap,
    "register-projects": RegisterProjectSitemap,
    "register-activities": RegisterActivitySitemap,
    "guidance": GuidanceSitemap,
    "publications": PublicationSitemap,
    "design-labs": DesignLabSitemap,
}
