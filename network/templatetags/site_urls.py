"""{% site_url "network:home" %}: the address of a page that takes no argument, as `{% url %}`
gives it, reversed once per process, language, script prefix and URLconf.

The header and footer of every page link to thirteen such pages: thirteen reverse() calls a
request (a resolver walk and a translated pattern each) for addresses that never change while
the process runs.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()

_reversed = {}


@register.simple_tag
def site_url(name):
    key = (name, get_language(), get_script_prefix(), get_urlconf())
    url = _reversed.get(key)
    if url is None:
        url = _reversed[key] = reverse(name)
    return url


@receiver(setting_changed)
def _forget(setting, **kwargs):
    """A test's own URLconf or languages: reverse again."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _reversed.clear()
