"""Template helpers shared by every app: JSON-LD blocks, qualified numbers, tri-state facts,
dates."""

import json

from django import template
from django.conf import settings
from django.template import defaultfilters
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from core import dates
from core.models import TriState
from core.qualifiers import format_qualified

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data):
    """A schema.org JSON-LD data block (a data block is not a script: the CSP allows it)."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.simple_tag
def qualified(value, qualifier, money=False):
    """'almost €600,000', 'more than 6,000', or 'not disclosed'."""
    return format_qualified(value, qualifier, money=money)


@register.simple_tag
def tristate(value):
    """Yes / No / not stated by the source, with a class a stylesheet can use
    (never colour alone)."""
    if value == TriState.YES:
        return format_html('<span class="yes">{}</span>', _("Yes"))
    if value == TriState.NO:
        return format_html('<span class="no">{}</span>', _("No"))
    return format_html('<span class="unknown">{}</span>', _("not stated by the source"))


@register.simple_tag
def time_html(date, precision):
    """A date at its precision in a <time datetime> element:
    {% time_html org.founded_on org.founded_precision %}."""
    return dates.time_html(date, precision)


@register.simple_tag
def period_html(record):
    """The date or period of a record with starts_on, starts_precision, ends_on, ends_precision
    and ongoing (an event, a program, a grant), each date in a <time> element:
    {% period_html event %}."""
    return dates.period_html(
        record.starts_on,
        record.starts_precision,
        record.ends_on,
        record.ends_precision,
        record.ongoing,
    )


@register.filter(is_safe=True)
def strip(value):
    """The text without the white space around it: for a block that fills an attribute or
    a title."""
    return str(value).strip()


_TEXT_FILTERS = {
    "linebreaks": defaultfilters.linebreaks_filter,
    "linebreaksbr": defaultfilters.linebreaksbr,
}


@register.simple_tag
def translated(record, field, text_filter=""):
    """A translated field in the visitor's language; where it has no translation yet, the text
    modeltranslation falls back to (French, then English), marked with its language and a
    visible "not yet translated" note, never an empty space:
    {% translated center "name" %}, {% translated center "description" "linebreaksbr" %}."""
    value = getattr(record, field)
    text = _TEXT_FILTERS[text_filter](value, autoescape=True) if text_filter else value
    if not value:
        return ""
    if getattr(record, build_localized_fieldname(field, get_language()), None):
        return conditional_escape(text)
    source = next(
        (
            code
            for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES
            if getattr(record, build_localized_fieldname(field, code), None)
        ),
        settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
    )
    tag = "div" if text_filter == "linebreaks" else "span"
    # French and English read left to right, also inside an Arabic, Dari or Pashto page.
    return format_html(
        '<{tag} lang="{source}" dir="ltr">{text}</{tag}>'
        ' <span class="untranslated">({note})</span>',
        tag=tag,
        source=source,
        text=text,
        note=_("not yet translated"),
    )


@register.filter
def ltr(value):
    """Text that reads left to right whatever the page's direction (an address, a phone
    number), isolated from the text around it: {{ url|ltr }}."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
