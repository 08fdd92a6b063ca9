"""The places list's cards, written in Python.

`centers/includes/center_card.html` (with `where.html` inside) wrote each card through the
template engine: two included templates, a dozen tags and some thirty variables per card, twenty
cards a page. That was about a fifth of the list's time. `card_html` writes the same HTML,
byte for byte, from the same values (the view's `card()`), with the same translated texts
(`core_tags.translated`, `tristate`) and escaping; `tests/centers/test_cards.py` compares it
with the templates' rendering, which stay the reference for what a card says.
"""

from django.utils.html import conditional_escape, format_html, strip_spaces_between_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.templatetags.core_tags import translated, tristate


def _e(value):
    return conditional_escape(value)


def where_html(center):
    """`centers/includes/where.html`: the place in words, "Lyon, Rhône (69)", "Ain (01)"."""
    city, department, code, region = (
        center.city,
        center.department,
        center.department_code,
        center.region,
    )
    if city:
        text = _e(city)
        if department and department != city:
            text += ", " + _e(department)
        if code:
            text += f" ({_e(code)})"
        text += " "
    elif department:
        text = _e(department)
        if code:
            text += f" ({_e(code)})"
        if region and region != department:
            text += ", " + _e(region)
        text += " "
    elif region:
        text = _e(region) + " "
    else:
        text = format_html('<span class="unknown">{}</span>', _("not stated by the source"))
    territory = center.territory
    if territory.overseas and territory.name != department:
        text += " – " + translated(territory, "name")
    # {% spaceless %}: the text stripped, no white space left between two tags.
    return mark_safe(strip_spaces_between_tags(str(text).strip()))  # noqa: S308 - escaped above


def card_html(center, state, url, audiences, age, selected, toggle):
    """`centers/includes/center_card.html` for one place (see the view's `card()`)."""
    pk = center.pk
    name = translated(center, "name")
    parts = [
        format_html(
            '<li class="card center-card" id="place-{}"><h3><a href="{}">{}</a></h3>'
            '<p class="center-kind">{} <span class="tag {}">{}</span>',
            pk,
            url,
            name,
            capfirst(center.get_kind_display()),
            state.css,
            state.label,
        )
    ]
    if state.detail:
        parts.append(format_html(' <span class="opening-detail">{}</span>', state.detail))
    parts.append("</p>")
    if center.summary:
        parts.append(format_html("<p>{}</p>", translated(center, "summary")))
    parts.append(
        format_html('<dl class="facts"><dt>{}</dt><dd>{}</dd>', _("Where"), where_html(center))
    )
    if center.area_served:
        parts.append(
            format_html(
                "<dt>{}</dt><dd>{}</dd>", _("Area served"), translated(center, "area_served")
            )
        )
    if audiences:
        welcome = format_html("{} – {}", audiences, age) if age else _e(audiences)
    elif age:
        welcome = _e(age)
    else:
        welcome = format_html('<span class="unknown">{}</span>', _("not stated by the source"))
    parts.append(
        format_html(
            "<dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
            _("Who is welcome"),
            welcome,
            _("Free of charge"),
            tristate(center.free_of_charge),
            _("Run by"),
            translated(center.operator, "name"),
        )
    )
    parts.append('<p class="select-place no-print">')
    if selected:
        parts.append(
            format_html(
                '<strong>{}</strong> <a href="?{}#place-{}">{}'
                '<span class="visually-hidden">: {}</span></a>',
                _("In your selection"),
                toggle,
                pk,
                _("Remove from the selection"),
                name,
            )
        )
    elif toggle:
        parts.append(
            format_html(
                '<a href="?{}#place-{}">{}<span class="visually-hidden">: {}</span></a>',
                toggle,
                pk,
                _("Add to the selection"),
                name,
            )
        )
    else:
        parts.append(_e(_("The selection is full.")))
    parts.append("</p></li>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def cards_html(cards):
    """The cards of a page, as the list's loop wrote them: a space after each."""
    return mark_safe("".join(card_html(**card) + " " for card in cards))  # noqa: S308
