"""sitemap.xml: every public page in both languages, with its alternates; published content only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from centers.models import Center
from partners.models import Organization
from programs.models import Grant, Program


class I18nSitemap(Sitemap):
    # The template adds x-default as the French address (as base.html does): Django's own
    # x-default drops the language prefix, which this site always has.
    i18n = True
    alternates = True


class PagesSitemap(I18nSitemap):
    """Pages that are not one record: home, the lists, the timeline, the legal pages."""

    changefreq = "weekly"

    def items(self):
        return [
            "network:home",
            "centers:center-list",
            "programs:program-list",
            "partners:organization-list",
            "history:timeline",
            "grants:grant-list",
            "grants:data-quality",
            "network:legal-notice",
            "network:privacy",
            "network:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(I18nSitemap):
    def lastmod(self, obj):
        return obj.updated_at


class CenterSitemap(ContentSitemap):
    def items(self):
        return Center.objects.public().only("slug", "updated_at").order_by("pk")


class ProgramSitemap(ContentSitemap):
    def items(self):
        return Program.objects.public().only("slug", "updated_at").order_by("pk")


class OrganizationSitemap(ContentSitemap):
    def items(self):
        return Organization.objects.public().only("slug", "updated_at").order_by("pk")


class GrantSitemap(ContentSitemap):
    def items(self):
        return Grant.objects.public().only("slug", "updated_at").order_by("pk")


SITEMAPS = {
    "pages": PagesSitemap,
    "places": CenterSitemap,
    "programs": ProgramSitemap,
    "partners": OrganizationSitemap,
    "grants": GrantSitemap,
}
