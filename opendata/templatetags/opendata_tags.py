from django import template

from opendata.views import download_links as links

register = template.Library()


@register.inclusion_tag("opendata/includes/download.html", takes_context=True)
def download_links(context, list_key):
    """ "Download this list" as CSV and XLSX, with the page's filters:
    {% download_links "places" %}."""
    return {"links": links(context["request"], list_key)}
