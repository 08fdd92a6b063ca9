"""The places list's <select> filters, written with their options kept between pages.

`core.templatetags.form_fields.field_group` writes a field from what its widget computes: for a
<select>, one dictionary per option (Django's `optgroups`), then one `format_html` per option.
The list has six selects and some 250 options (the 101 départements), the same on every page
but for the one selected: `select_group` writes the same HTML, keeping each list of options
written (by its values and labels, which hold the page's language) and marking the selected one.
`tests/centers/test_list_fields.py` compares it with `field_group`.
"""

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.templatetags.form_fields import _attrs, field_errors, field_group, field_label

register = template.Library()

# {(value, label) pairs: their <option>s written, unselected}; a handful of lists per language.
_WRITTEN = {}
_WRITTEN_MAX = 256
_OPTION = '\n  <option value="{}"{}>{}</option>'


# {a field's options_key without its anchor, the anchor's id: (anchor, pairs, options)}
_KEYED = {}


def _options(choices, key=None):
    """(the (value, label) pairs, their <option>s written unselected).

    `key`: the field's `options_key` (centers.filters.CenterFilter), (name, language, anchor):
    options that are the same whenever the key is, `anchor` (None, or the list of rows they
    are made of, kept here so that its id names it) included. Found by the key, the options
    are neither listed nor labelled again (each label of a record is its name in the page's
    language, read through modeltranslation)."""
    if key is not None:
        *names, anchor = key
        keyed = _KEYED.get((*names, id(anchor)))
        if keyed is not None and keyed[0] is anchor:
            return keyed[1], keyed[2]
    pairs = tuple(("" if value is None else str(value), str(label)) for value, label in choices)
    written = _WRITTEN.get(pairs)
    if written is None:
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            raise TypeError("option groups are not written by centers.templatetags.list_fields")
        written = [format_html(_OPTION, value, "", label) for value, label in pairs]
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        _WRITTEN[pairs] = written
    if key is not None:
        if len(_KEYED) >= _WRITTEN_MAX:
            _KEYED.clear()
        _KEYED[(*names, id(anchor))] = (anchor, pairs, written)
    return pairs, written


def select_widget(field):
    """The field's <select>, as `field_widget` writes it."""
    widget = field.field.widget
    if type(widget) is not forms.Select:
        raise TypeError(f"{type(widget).__name__} is not written by select_widget")
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    value = widget.format_value(field.value())
    pairs, written = _options(widget.choices, getattr(field.field, "options_key", None))
    options = list(written)
    for index, (option_value, label) in enumerate(pairs):
        if option_value in value:  # the first one only, as a single <select> marks it
            options[index] = format_html(_OPTION, option_value, _attrs({"selected": True}), label)
            break
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        field.html_name,
        _attrs(attrs),
        mark_safe("".join(options)),  # noqa: S308 - each option is built by format_html
    )


@register.simple_tag
def select_group(field):
    """`field_group` (label, help text, errors, widget) for a <select>."""
    if field.help_text:  # none of the list's selects has one
        return field_group(field)
    parts = [field_label(field) if field.label else "", field_errors(field), select_widget(field)]
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 - built above
