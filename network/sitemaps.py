"""The sitemap: an index at /sitemap.xml and one file per section, /sitemap-<section>.xml.

Every public page in both languages, with its alternates; published content only. A file holds
at most `limit` addresses (10,000, below the protocol's 50,000; each record gives one per
language), and a longer section is split into pages, ?p=2 and on, which the index lists.
Neither the index nor a page loads a whole section: the index counts each section and reads its
latest change in one query (SQL compiled once per process, core.prepared), and a page reads only
its own records.
"""

import math

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property

from centers.models import Center
from core.prepared import AT, PreparedAggregate, prepared
from partners.models import Organization
from programs.models import Grant, Program

# A slug no record has, replaced by each record's in its address.
SLUG = "__slug__"


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
            "centers:center-map",
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


class _Addresses:
    """A section's (record, language) pairs as a sequence the paginator slices lazily: its
    length from one COUNT, a page from one query for just the records on it (`records()`, the
    queryset, built only then: the index never reads it)."""

    def __init__(self, records, count, languages):
        self.records, self.count, self.languages = records, count, languages

    def __len__(self):
        return self.count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("A sitemap section is read by pages.")
        start, stop, _step = index.indices(len(self))
        if start >= stop:
            return []
        per = len(self.languages)
        first, last = start // per, math.ceil(stop / per)
        pairs = [(record, code) for record in self.records()[first:last] for code in self.languages]
        return pairs[start - first * per : stop - first * per]


class ContentSitemap(I18nSitemap):
    """One kind of public record, in a stable order, with its last change."""

    model = None
    url_name = ""  # the one get_absolute_url() reverses
    # Below the protocol's 50,000: a file of 10,000 addresses (4 MB) takes about 0.9 s of CPU at
    # 50,000 places; one of 50,000 (20 MB) took 10 to 12 s on the busy development machine,
    # too close to a worker's timeout (30 s).
    limit = 10_000

    def items(self):
        return self.model.objects.public().only("slug", "updated_at").order_by("pk")

    def location(self, obj):
        """The record's get_absolute_url(), from one reverse() per language rather than one
        per address: 30,000 of them were a third of a file's time (a test keeps both equal)."""
        language = translation.get_language()
        if language not in self._addresses:
            self._addresses[language] = reverse(self.url_name, kwargs={"slug": SLUG})
        return self._addresses[language].replace(SLUG, obj.slug)

    @cached_property
    def _addresses(self):
        return {}

    def lastmod(self, obj):
        return obj.updated_at

    def _public_at(self):
        return self.model.objects.public(AT)

    @cached_property
    def _stats(self):
        """How many public records, and their latest change: `public().aggregate(…)`, by SQL
        compiled once per process (building the public() condition and compiling it again
        was most of the index's own time)."""
        statement = prepared(
            f"sitemap.{self.model._meta.label_lower}",
            self._public_at,
            lambda records: PreparedAggregate(records, count=Count("pk"), latest=Max("updated_at")),
        )
        return statement.run({AT: timezone.now()})

    def get_latest_lastmod(self):
        return self._stats["latest"]

    def _items(self):
        return _Addresses(self.items, self._stats["count"], self._languages())


class CenterSitemap(ContentSitemap):
    url_name = "centers:center-detail"
    model = Center


class ProgramSitemap(ContentSitemap):
    url_name = "programs:program-detail"
    model = Program


class OrganizationSitemap(ContentSitemap):
    url_name = "partners:organization-detail"
    model = Organization


class GrantSitemap(ContentSitemap):
    url_name = "grants:grant-detail"
    model = Grant


SITEMAPS = {
    "pages": PagesSitemap,
    "places": CenterSitemap,
    "programs": ProgramSitemap,
    "partners": OrganizationSitemap,
    "grants": GrantSitemap,
}
