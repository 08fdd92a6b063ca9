"""{% site_url "network:home" %}: the address of a page that takes no argument, as `{% url %}`
gives it, reversed once per process, language, script prefix and URLconf.

The header and footer of every page link to thirteen such pages: thirteen reverse() calls a
request (a resolver walk and a translated pattern each) for addresses that never change while
the process runs.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()

_reversed = {}
_footers = {}


@register.simple_tag
def site_url(name):
    key = (name, get_language(), get_script_prefix(), get_urlconf())
    url = _reversed.get(key)
    if url is None:
        url = _reversed[key] = reverse(name)
    return url


@register.simple_tag
def site_footer():
    """`includes/footer.html`, written once per process, language, script prefix and URLconf:
    it reads nothing of the page (its links are site_url's, its texts translations and the
    urgent numbers of network.urgent_help), and its twenty tags were a tenth of a detail
    page's rendering."""
    key = (get_language(), get_script_prefix(), get_urlconf())
    html = _footers.get(key)
    if html is None:
        html = _footers[key] = get_template("includes/footer.html").render({})
    return html


@receiver(setting_changed)
def _forget(setting, **kwargs):
    """A test's own URLconf, languages or templates: reverse and write again."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME", "TEMPLATES"}:
        _reversed.clear()
        _footers.clear()
