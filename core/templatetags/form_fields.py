"""A form's fields written straight from their values, for the public filter forms.

`{{ field.as_field_group }}` renders Django's form templates: the field group, its label, its
errors, its widget and, for a <select>, one included template per option. On the places list
that was a quarter of the page's time (13 ms of 55, at 50,000 places). These tags write the
same HTML in Python, from what the bound field and its widget compute (the attributes,
aria-describedby and aria-invalid, the value shown, the options and which is selected): only
the text inputs, number inputs, checkboxes and selects the filter forms use, without option
groups. `tests/core/test_form_fields.py` compares them with Django's own rendering.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SUPPORTED = (forms.TextInput, forms.NumberInput, forms.CheckboxInput, forms.Select)


def _attrs(attrs):
    """` name="value"` for each attribute; True alone, False left out (attrs.html)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _widget_context(field):
    widget = field.field.widget
    if type(widget) not in SUPPORTED or getattr(widget, "allow_multiple_selected", False):
        raise TypeError(f"{type(widget).__name__} is not written by core.templatetags.form_fields")
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


@register.simple_tag
def field_widget(field):
    """The field's <input> or <select>, as `{{ field }}` writes it."""
    context = _widget_context(field)
    if "optgroups" not in context:  # an <input>
        value = context["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            context["name"],
            format_html(' value="{}"', value) if value is not None else "",
            _attrs(context["attrs"]),
        )
    options = []
    for group_name, choices, _index in context["optgroups"]:
        if group_name:
            raise TypeError("option groups are not written by core.templatetags.form_fields")
        options += [
            format_html(
                '\n  <option value="{}"{}>{}</option>',
                option["value"],
                _attrs(option["attrs"]),
                option["label"],
            )
            for option in choices
        ]
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        context["name"],
        _attrs(context["attrs"]),
        mark_safe("".join(options)),  # noqa: S308 - each option is built by format_html
    )


@register.simple_tag
def field_label(field):
    """`{{ field.label_tag }}` for a form without a label suffix."""
    if field.form.label_suffix or field.field.label_suffix:
        raise TypeError("label suffixes are not written by core.templatetags.form_fields")
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    for_id = widget.id_for_label(id_) if id_ else ""
    if for_id:
        return format_html('<label for="{}">{}</label>', for_id, field.label)
    return format_html("<label>{}</label>", field.label)


@register.simple_tag
def field_errors(field):
    """`{{ field.errors }}`: the error list, with its id for aria-describedby."""
    errors = field.errors
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    return format_html(
        '<ul class="{}"{}>{}</ul>',
        errors.error_class,
        format_html(' id="{}_error"', field_id) if field_id else "",
        format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
    )


@register.simple_tag
def field_group(field):
    """`{{ field.as_field_group }}` (Django's field.html): label, help text, errors, widget."""
    parts = [field_label(field) if field.label else ""]
    if field.help_text:
        # Django's template writes the help text unescaped (|safe), as here.
        parts.append(
            format_html(
                '<div class="helptext"{}>{}</div>',
                format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
                mark_safe(field.help_text),  # noqa: S308 - written by us, as Django trusts it
            )
        )
    parts += [field_errors(field), field_widget(field)]
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 - built above
