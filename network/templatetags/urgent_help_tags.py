"""{% urgent_help %}: the national numbers for urgent help (network.urgent_help), a compact
block for every page, sheet and error page. It needs no context: the 500 page has none."""

from django import template

from network.urgent_help import NUMBERS, SOURCE_NAME, SOURCE_URL

register = template.Library()


@register.inclusion_tag("includes/urgent_help.html")
def urgent_help(heading=True):
    return {
        "numbers": NUMBERS,
        "source_url": SOURCE_URL,
        "source_name": SOURCE_NAME,
        "heading": heading,
    }
