"""HTML written in Python for the many records of a page, as the templates write it.

`escape_html` is conditional_escape() for a page that escapes hundreds of values; a key figure's
HTML (`includes/key_figure.html`) is shared by the pages that list them (a program's, a grant's,
an organisation's: network/html.py writes their other lists).
`tests/network/test_detail_html.py` compares each with its template.
"""

from html import escape

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
