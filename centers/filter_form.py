"""The places list's filter form, written in Python.

`centers/includes/filter_form.html` wrote the form through the template engine: some twenty tags,
a loop over the form's nineteen fields and two `{% url %}`, on every page of the list. This
writes the same HTML, byte for byte (the template as `core.template_loaders` loads it, its
layout left out), with the same tags' functions for each field (core.templatetags.form_fields,
centers.templatetags.list_fields) and the same translated texts: `{{ value }}` escaped, a
`{% translate %}`'s text as it is. `tests/centers/test_filter_form.py` compares it with the
template's rendering, which stays the reference for what the form says.
"""

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.form_fields import field_errors, field_group, field_label, field_widget

from .templatetags.list_fields import select_group


def _typed(field):
    """A field typed in a text box, with the link to the full list of its records."""
    e = conditional_escape
    return (
        f'<div class="field">{field_group(field)}<p><a href="{e(field.field.list_url)}">'
        f"{e(field.field.list_label)}</a></p></div>"
    )


def _check(field, between=" "):
    return (
        f'<div class="check">{field_widget(field)}{between}{field_label(field)}'
        f"{field_errors(field)}</div>"
    )


def filter_form_html(form, stated, *, selection_value, filtered, clear_filters_url):
    """The form (`form`, the filterset's) with the checkboxes of `stated` (the names of the
    conditions a source states) in its fourth fieldset; `filtered`: some filter is active or
    invalid (the "Clear all filters" link, to `clear_filters_url`)."""
    e = conditional_escape
    language = form["language"]
    parts = [
        f'<form method="get" action="{e(reverse("centers:center-list"))}" class="filters-form">'
        f"<fieldset><legend>{_('Where')}</legend>"
        f'<div class="field">{field_group(form["place"])}</div>'
        f'<div class="field">{select_group(form["territory"])}</div>'
        f'<div class="field">{select_group(form["department"])}<p>'
        f'<a href="{e(reverse("centers:center-map"))}">{_("Choose a département on the map")}</a>'
        "</p></div></fieldset>"
        f"<fieldset><legend>{_('For whom')}</legend>"
        f'<div class="field">{select_group(form["audience"])}</div>'
        f'<div class="field">{field_group(form["age"])}</div></fieldset>'
        f"<fieldset><legend>{_('What')}</legend>"
        f'<div class="field">{select_group(form["kind"])}</div>'
        f'<div class="field">{select_group(form["service"])}</div>'
        f"{_typed(form['operator'])}{_typed(form['program'])}"
    ]
    if language.value() or language.field.rows:
        parts.append(f'<div class="field">{select_group(language)}</div>')
    parts.append(
        '</fieldset><fieldset aria-describedby="stated-help">'
        f"<legend>{_('Conditions a source states')}</legend>"
        '<p id="stated-help" class="helptext">'
        + _(
            "These match only places where a source says so. Most sources say nothing about "
            "them: a place left out may still be free or open to everyone."
        )
        + "</p>"
    )
    parts += [_check(form[name]) for name in form.fields if name in stated]
    parts.append(
        '</fieldset><fieldset aria-describedby="open-help">'
        f"<legend>{_('When')}</legend>"
        '<p id="open-help" class="helptext">'
        + _(
            "Open at this moment, in each place's own local time. Only places whose opening "
            "hours are known can be listed."
        )
        + f"</p>{_check(form['open_now'])}</fieldset>"
    )
    if selection_value:
        parts.append(f'<input type="hidden" name="sel" value="{e(selection_value)}">')
    parts.append(f'<p class="filter-actions"><button type="submit">{_("Show places")}</button> ')
    if filtered:
        parts.append(f'<a href="{e(clear_filters_url)}">{_("Clear all filters")}</a>')
    parts.append("</p></form>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
