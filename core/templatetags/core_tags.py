"""Template helpers shared by every app: JSON-LD blocks, qualified numbers, tri-state facts,
dates."""

import json

from django import template
from django.conf import settings
from django.template import defaultfilters
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from core import dates
from core.fallback import fallback_language
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
def translated(record, field, text_filter="", noted=False):
    """A translated field in the visitor's language; where it has no translation yet, the text
    modeltranslation falls back to (French, then English), marked with its language and a
    visible "not yet translated" note, never an empty space:
    {% translated center "name" %}, {% translated center "description" "linebreaksbr" %}.
    noted=True: the caller shows the note, once for several fields (untranslated_note below)
    or over a list; the text keeps its language."""
    value = getattr(record, field)
    if not value:
        return ""
    text = _TEXT_FILTERS[text_filter](value, autoescape=True) if text_filter else value
    source = fallback_language(record, field)
    if source is None:
        return conditional_escape(text)
    tag = "div" if text_filter == "linebreaks" else "span"
    # French and English read left to right, also inside an Arabic, Dari or Pashto page (a
    # left-to-right page needs no dir: it is one attribute less on every untranslated text).
    marked = format_html(
        '<{tag} lang="{source}"{dir}>{text}</{tag}>',
        tag=tag,
        source=source,
        dir=mark_safe(' dir="ltr"') if get_language_bidi() else "",
        text=text,
    )
    return marked if noted else marked + untranslated_note(field, record)


class PageTranslated:
    """`translated` for the many records of one page (a list written in Python), the same HTML:
    the page's language, direction and "not yet translated" note found once, not for each text,
    and each text's language read from its columns once (fallback_language's reading)."""

    def __init__(self):
        language = get_language()
        self.codes = (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES)
        self.dir = ' dir="ltr"' if get_language_bidi() else ""
        self.note = format_html(' <span class="untranslated">({})</span>', _("not yet translated"))
        self.columns = {}

    def __call__(self, record, field, text_filter=""):
        columns = self.columns.get(field)
        if columns is None:
            columns = [build_localized_fieldname(field, code) for code in self.codes]
            self.columns[field] = columns
        value = getattr(record, columns[0], None)
        if value:
            return conditional_escape(self._filtered(value, text_filter))
        for code, column in zip(self.codes[1:], columns[1:], strict=True):
            value = getattr(record, column, None)
            if value:
                # A text in French or English (modeltranslation's fallback, which it shows).
                text = conditional_escape(self._filtered(value, text_filter))
                tag = "div" if text_filter == "linebreaks" else "span"
                html = f'<{tag} lang="{code}"{self.dir}>{text}</{tag}>{self.note}'
                return mark_safe(html)  # noqa: S308 - the text is escaped, the rest is ours
        return translated(record, field, text_filter)  # no text in any of them: as the tag does

    @staticmethod
    def _filtered(value, text_filter):
        return _TEXT_FILTERS[text_filter](value, autoescape=True) if text_filter else value


@register.simple_tag
def fallback_lang(record, field):
    """The lang (and in a right-to-left page, dir) attributes of an element that holds nothing
    but a translated field, where the field has no translation in the visitor's language: a
    link in a long list of titles, one wrapper less on each of them; the list says once that
    they are not yet translated (untranslated_note, or a note over the list):
    <a href="…"{% fallback_lang grant.program "title" %}>{{ grant.program.title }}</a>."""
    source = fallback_language(record, field)
    if source is None:
        return ""
    return format_html(
        ' lang="{}"{}', source, mark_safe(' dir="ltr"') if get_language_bidi() else ""
    )


@register.simple_tag
def untranslated_note(field, *records):
    """The visible "not yet translated" note, once for a field of several records shown with
    translated … noted=True, when one of them at least has no translation in the visitor's
    language: a grant's funder and recipient, side by side, take one note.
    {% untranslated_note "name" grant.funder grant.recipient %} (a record may be None)."""
    if not any(record and fallback_language(record, field) for record in records):
        return ""
    return format_html(' <span class="untranslated">({})</span>', _("not yet translated"))


@register.filter
def ltr(value):
    """Text that reads left to right whatever the page's direction (an address, a phone
    number), isolated from the text around it: {{ url|ltr }}."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
