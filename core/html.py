"""HTML written in Python for the many records of a page, as the templates write it.

`escape_html` is conditional_escape() for a page that escapes hundreds of values; a key figure's
HTML (`includes/key_figure.html`) is shared by the pages that list them (a program's, a grant's,
an organisation's: network/html.py writes their other lists), and so is a record's source
(`includes/source_details.html`: those pages' grants, the timeline's events).
`tests/network/test_detail_html.py` compares each with its template.
"""

from html import escape

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

from core.templatetags.core_tags import PageTranslated


def escape_html(value):
    """conditional_escape(value), the same text, without its check for lazy arguments at every
    call (keep_lazy's)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def key_figures_html(figures):
    """`includes/key_figure.html` for each key figure, each in its `<li>` (a program's, a
    grant's and an organisation's pages)."""
    translated = PageTranslated()
    parts = []
    for figure in figures:
        parts.append(
            f'<li><strong class="kf-value">{escape_html(figure.display_value)}</strong> '
            f"{translated(figure, 'label')}"
        )
        if figure.period:
            parts.append(f" {translated(figure, 'period')}")
        if figure.scope:
            parts.append(f' <span class="scope">{translated(figure, "scope")}</span>')
        parts.append(" </li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def _made(_key, make):
    return make()


def source_details_html(record, summary, staff, once=_made):
    """`includes/source_details.html`: a record's source folded under `summary`; `staff` is the
    sentence of a source the network's staff entered (both translated texts, as they are).
    `once(key, make)` gives `make()`, or the text a page already made for `key` (a source
    document's name, a date: the timeline's events repeat them, history/events.py)."""
    parts = [f'<details class="source-details"><summary>{summary}</summary>']
    if record.is_seed_source:
        name = once(
            ("source", record.source_document),
            lambda: escape_html(record.get_source_document_display()),
        )
        parts.append(
            f"<p>{name}.</p>"
            '<blockquote lang="en" dir="ltr">'
            + "".join(f"<p>“{escape_html(fragment)}”</p>" for fragment in record.source_fragments)
            + "</blockquote>"
        )
    else:
        parts.append(f"<p>{staff}")
        if entered := record.source_entered_on:
            day = once(
                ("entered", entered), lambda: escape_html(date_format(entered, "DATE_FORMAT"))
            )
            parts.append(f", {day}")
        parts.append(".")
        if record.source_verification:
            parts.append(f" {escape_html(record.source_verification)}")
        parts.append("</p>")
    parts.append("</details>")
    return "".join(parts)
