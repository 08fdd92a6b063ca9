"""The places list's cards, written in Python.

`centers/includes/center_card.html` (with `where.html` inside) wrote each card through the
template engine: two included templates, a dozen tags and some thirty variables per card, twenty
cards a page. That was about a fifth of the list's time. `card_html` writes the same HTML,
byte for byte, from the same values (the view's `card()`), with the same translated texts
(`core_tags.translated`, `tristate`) and escaping; `tests/centers/test_cards.py` compares it
with the templates' rendering, which stay the reference for what a card says.
"""

from html import escape as html_escape

from django.utils.html import conditional_escape, format_html, strip_spaces_between_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.models import TriState
from core.templatetags.core_tags import PageTranslated, tristate

from .models import Center


def _e(value):
    """conditional_escape(value)'s text, without its checks for lazy texts and its SafeString:
    some 200 times a page (escape() alone cost a tenth of the cards' time). A value with
    __html__ (a SafeString, a lazy one) is as it says; any other is escaped as Django's
    escape() does (html.escape of its text)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def where_html(center, translate):
    """`centers/includes/where.html`: the place in words, "Lyon, Rhône (69)", "Ain (01)".
    `translate`: the page's PageTranslated."""
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
        text += " – " + translate(territory, "name")
    # {% spaceless %}: the text stripped, no white space left between two tags.
    return mark_safe(strip_spaces_between_tags(str(text).strip()))  # noqa: S308 - escaped above


def _kind_labels():
    """{kind: its label}, as get_kind_display() reads them (translated when written)."""
    return dict(Center._meta.get_field("kind").flatchoices)


def _texts():
    """The words every card writes, translated and escaped, and the page's way of writing a
    translated field (PageTranslated): once for a page's cards."""
    e = conditional_escape
    return {
        "translated": PageTranslated(),
        "where": e(_("Where")),
        "area_served": e(_("Area served")),
        "welcome": e(_("Who is welcome")),
        "free": e(_("Free of charge")),
        "run_by": e(_("Run by")),
        "unknown": f'<span class="unknown">{e(_("not stated by the source"))}</span>',
        "tristate": {value: tristate(value) for value in TriState.values},
        "in_selection": e(_("In your selection")),
        "remove": e(_("Remove from the selection")),
        "add": e(_("Add to the selection")),
        "full": e(_("The selection is full.")),
    }


def card_html(center, state, url, audiences, age, selected, toggle, *, kinds=None, texts=None):
    """`centers/includes/center_card.html` for one place (see the view's `card()`).
    `kinds`: `_kind_labels()`, `texts`: `_texts()`, read once for a page's cards."""
    e = _e
    t = texts or _texts()
    translate = t["translated"]
    pk = center.pk
    name = translate(center, "name")
    kind = (kinds or _kind_labels()).get(center.kind, center.kind)
    parts = [
        f'<li class="card center-card" id="place-{pk}"><h3><a href="{e(url)}">{name}</a></h3>'
        f'<p class="center-kind">{e(capfirst(str(kind)))} '
        f'<span class="tag {e(state.css)}">{e(state.label)}</span>'
    ]
    if state.detail:
        parts.append(f' <span class="opening-detail">{e(state.detail)}</span>')
    parts.append("</p>")
    if center.summary:
        parts.append(f"<p>{translate(center, 'summary')}</p>")
    parts.append(f'<dl class="facts"><dt>{t["where"]}</dt><dd>{where_html(center, translate)}</dd>')
    if center.area_served:
        parts.append(f"<dt>{t['area_served']}</dt><dd>{translate(center, 'area_served')}</dd>")
    if audiences:
        welcome = f"{e(audiences)} – {e(age)}" if age else e(audiences)
    elif age:
        welcome = e(age)
    else:
        welcome = t["unknown"]
    free = t["tristate"].get(center.free_of_charge)
    if free is None:
        free = tristate(center.free_of_charge)
    parts.append(
        f"<dt>{t['welcome']}</dt><dd>{welcome}</dd>"
        f"<dt>{t['free']}</dt><dd>{free}</dd>"
        f"<dt>{t['run_by']}</dt><dd>{translate(center.operator, 'name')}</dd></dl>"
        '<p class="select-place no-print">'
    )
    if selected:
        parts.append(
            f'<strong>{t["in_selection"]}</strong> <a href="?{e(toggle)}#place-{pk}">'
            f'{t["remove"]}<span class="visually-hidden">: {name}</span></a>'
        )
    elif toggle:
        parts.append(
            f'<a href="?{e(toggle)}#place-{pk}">{t["add"]}'
            f'<span class="visually-hidden">: {name}</span></a>'
        )
    else:
        parts.append(t["full"])
    parts.append("</p></li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def cards_html(cards):
    """The cards of a page, as the list's loop wrote them: a space after each."""
    kinds, texts = _kind_labels(), _texts()
    html = "".join(card_html(**card, kinds=kinds, texts=texts) + " " for card in cards)
    return mark_safe(html)  # noqa: S308 - written by card_html
