"""The body of a sitemap file and of the index, written in Python: 20,000 <url> entries through
the template language took most of a section's time (about two thirds of its 3 s at 50,000
places)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


def _day(moment):
    """As `|date:"Y-m-d"` writes it (a date and time in the current time zone)."""
    return template_localtime(moment).strftime("%Y-%m-%d")


@register.simple_tag
def sitemap_urls(urlset):
    """Each address with its last change, change frequency and alternates (x-default: the
    French one, as base.html says)."""
    parts = []
    add = parts.append
    for url in urlset:
        add(f"<url>\n<loc>{escape(url['location'])}</loc>\n")
        if url.get("lastmod"):
            add(f"<lastmod>{_day(url['lastmod'])}</lastmod>\n")
        if url.get("changefreq"):
            add(f"<changefreq>{escape(url['changefreq'])}</changefreq>\n")
        for alternate in url.get("alternates") or ():
            code, location = escape(alternate["lang_code"]), escape(alternate["location"])
            add(f'<xhtml:link rel="alternate" hreflang="{code}" href="{location}"/>\n')
            if alternate["lang_code"] == "fr":
                add(f'<xhtml:link rel="alternate" hreflang="x-default" href="{location}"/>\n')
        add("</url>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


@register.simple_tag
def sitemap_index_entries(sitemaps):
    """The index's entries, each file's address and last change (as the template's loop wrote
    them: one per page of a section, forty-odd at national size)."""
    parts = []
    add = parts.append
    for site in sitemaps:
        add(f"<sitemap>\n<loc>{escape(site.location)}</loc>\n")
        if site.last_mod:
            add(f"<lastmod>{_day(site.last_mod)}</lastmod>\n")
        add("</sitemap>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
