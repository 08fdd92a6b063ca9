"""The grants index's totals, cards and charts' tables, written in Python.

`grants/includes/total.html` (twenty totals on the index: a dozen tags each, four plural
messages, loops over the grants a total names) and `grants/includes/grant_card.html` (twenty
cards, with `grant_timing.html` inside) were two thirds of the index's rendering, and
`grants/includes/chart.html` (two charts' tables) half of what was left. `total_html`,
`card_html` and `chart_html` write the same HTML, byte for byte (the templates as
`core.template_loaders` loads them, their layout left out), from the same values, with the same
translated texts (`core_tags.translated`, `fallback_lang`, `untranslated_note`) and escaping:
`{{ value }}` and a `{% blocktranslate %}`'s variables escaped (and localised), a
`{% translate %}`'s text as it is.
`tests/grants/test_html.py` compares them with the templates' rendering, which stay the
reference for what a total, a card or a chart's table says; the grant's page still includes the
total's template.
"""

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, ngettext
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.html import escape_html
from core.links import slug_urls
from core.templatetags.core_tags import fallback_lang, translated, untranslated_note
from programs.models import Program


def _e(value):
    return conditional_escape(value)


def _count(singular, plural, count):
    """A `{% blocktranslate trimmed count counter=… %}` whose message has only the counter."""
    return ngettext(singular, plural, count) % {"counter": _e(localize(count))}


def _title_link(grant, titles_noted):
    program = grant.program
    html = (
        f'<a href="{_e(grant.get_absolute_url())}"{fallback_lang(program, "title")}>'
        f"{_e(program.title)}</a>"
    )
    if not titles_noted:
        html += untranslated_note("title", program)
    return html


class TitleLinks:
    """`_title_link` for the many grants of one page, the same HTML: the page's language,
    direction, grants' address and "not yet translated" note found once, and each title read
    from its columns once (fallback_lang, the title's descriptor, untranslated_note and
    slug_url each looked the language up again, ~800 times on the index)."""

    def __init__(self):
        language = get_language()
        codes = resolution_order(language, Program.title.fallback_languages)
        # The title shown is the first of these that is not empty (the descriptor's reading),
        # in a language other than the page's marked as such (fallback_language's): the same
        # language when both read the same languages in the same order.
        self.fast = list(codes) == list(
            dict.fromkeys((language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES))
        )
        self.columns = [(code, build_localized_fieldname("title", code)) for code in codes]
        self.language = language
        self.dir = ' dir="ltr"' if get_language_bidi() else ""
        # untranslated_note's note (as core_tags.PageTranslated writes it).
        self.note = format_html(' <span class="untranslated">({})</span>', _("not yet translated"))
        self.url = slug_urls("grants:grant-detail")

    def __call__(self, grant, titles_noted):
        code, title = self._title(grant.program)
        if self.fast and title:
            # conditional_escape's escaping, without its test for lazy texts.
            url, title = escape_html(self.url(grant.slug)), escape_html(title)
            if code == self.language:
                return f'<a href="{url}">{title}</a>'
            link = f'<a href="{url}" lang="{code}"{self.dir}>{title}</a>'
            return link if titles_noted else link + self.note
        return _title_link(grant, titles_noted)

    def _title(self, program):
        """The program's title and its language (None: none is written)."""
        for code, column in self.columns:
            title = getattr(program, column, None)
            if title:
                return code, title
        return None, None


def total_html(total, titles_noted=False, links=None):
    """`grants/includes/total.html` for one total (a charts.Total or a figures.GroupTotal);
    `links`: the page's TitleLinks."""
    e = _e
    title_link = links or TitleLinks()
    organization = total.organization
    label = e(total.label)
    if organization:
        head = f'<a href="{e(organization.get_absolute_url())}">{label}</a>'
    else:
        head = f'<span class="unknown">{label}</span>'
    parts = [
        f'<p class="total-head"><strong>{head}</strong>: '
        f"{_count('%(counter)s grant', '%(counter)s grants', total.count)}</p>"
    ]
    stated_count = total.stated_count
    if total.can_add:
        parts.append('<p class="total-amount">')
        if stated_count == 1:
            parts.append(f"{_('Amount stated:')} <strong>{e(total.display)}</strong>")
        else:
            if total.stated_more:
                sum_of = _count(
                    "the sum of %(counter)s stated amount",
                    "the sum of %(counter)s stated amounts",
                    stated_count,
                )
            else:
                sum_of = " + ".join(str(e(g.amount_display)) for g in total.stated_named)
            parts.append(
                f"{_('Stated amounts, added:')} <strong>{e(total.display)}</strong> "
                f'<span class="parts">({sum_of})</span>'
            )
        parts.append("</p>")
    elif total.cannot_add:
        parts.append(
            '<p class="total-amount">'
            + _(
                "These stated amounts cannot be added: some are upper bounds (“up to”, "
                "“almost”) and others lower bounds or estimates, so no honest total exists. "
                "They are:"
            )
            + '</p><ul class="parts-list">'
        )
        parts += [
            f"<li><strong>{e(grant.amount_display)}</strong> – "
            f"{title_link(grant, titles_noted)}</li>"
            for grant in total.stated_named
        ]
        if total.stated_more:
            parts.append(
                "<li>" + _count("and %(counter)s more", "and %(counter)s more", total.stated_more)
            )
            if total.list_url:
                parts.append(f' – <a href="{e(total.list_url)}">{_("list them all")}</a>')
            parts.append("</li>")
        parts.append("</ul>")
    undisclosed = total.undisclosed_count
    if undisclosed:
        if stated_count:
            intro = _count(
                "And %(counter)s grant whose amount is not disclosed:",
                "And %(counter)s grants whose amount is not disclosed:",
                undisclosed,
            )
        else:
            intro = _count(
                "The amount of its grant is not disclosed:",
                "The amounts of its %(counter)s grants are not disclosed:",
                undisclosed,
            )
        parts.append(f'<p class="total-undisclosed">{intro} ')
        parts.append("; ".join(title_link(g, titles_noted) for g in total.undisclosed_named))
        if total.undisclosed_more:
            parts.append(
                "; "
                + _count("and %(counter)s more", "and %(counter)s more", total.undisclosed_more)
            )
            if total.list_url:
                parts.append(f' (<a href="{e(total.list_url)}">{_("list them all")}</a>)')
        parts.append(".</p>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def totals_html(totals):
    """The index's list of totals, each in its `<li>` (its page notes untranslated titles once)."""
    links = TitleLinks()
    return mark_safe(  # noqa: S308 - written by total_html
        "".join(f"<li>{total_html(t, titles_noted=True, links=links)}</li>" for t in totals)
    )


def _labels():
    return {
        "to": _("to"),
        "not_named": _("recipient not stated by the source"),
        "program": _("Program"),
        "duration": _("Duration"),
        "period": _("Period"),
        "awarded": _("Award date"),
        "not_stated": _("not stated by the source"),
    }


def card_html(grant, labels=None):
    """`grants/includes/grant_card.html` (with `grant_timing.html`) for one grant."""
    e = _e
    labels = labels or _labels()
    funder, recipient = grant.funder, grant.recipient
    parts = [
        f'<h3><a href="{e(grant.get_absolute_url())}">{translated(funder, "name", noted=True)} '
        '<span class="dir-icon" aria-hidden="true">→</span>'
        f'<span class="visually-hidden">{labels["to"]}</span> '
    ]
    if recipient:
        parts.append(
            f"{translated(recipient, 'name', noted=True)}"
            f"{untranslated_note('name', funder, recipient)} "
        )
    else:
        parts.append(f"{labels['not_named']}{untranslated_note('name', funder)} ")
    program = grant.program
    parts.append(
        f'</a></h3><p class="grant-amount"><strong>{e(grant.amount_display)}</strong></p>'
        f'<dl class="facts compact"><dt>{labels["program"]}</dt>'
        f'<dd><a href="{e(program.get_absolute_url())}">{translated(program, "title")}</a></dd>'
    )
    unknown = f'<span class="unknown">{labels["not_stated"]}</span>'
    for label, value in (
        (labels["duration"], grant.duration_display),
        (labels["period"], grant.period_display),
        (labels["awarded"], grant.awarded_display),
    ):
        parts.append(f"<dt>{label}</dt><dd>{e(value) if value else unknown}</dd>")
    parts.append("</dl>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def cards_html(grants):
    """A page's cards, each in the list's `<li class="card">`."""
    labels = _labels()
    return mark_safe(  # noqa: S308 - written by card_html
        "".join(f'<li class="card">{card_html(g, labels)}</li>' for g in grants)
    )


# The keys of the kinds of bars a chart draws (`grants/includes/chart.html`): a swatch each.
_SWATCH = (
    '<li><svg class="key-swatch" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true"'
    ' focusable="false"> {} </svg> {}</li>'
)


def _keys():
    """(kind, drawing, text) of each kind of bar."""
    return (
        (
            "upper",
            '<rect class="bar bar-upper" x="1" y="1" width="26" height="12" fill="#dce8f5"'
            ' stroke="#0a4f8f" stroke-width="1.5" stroke-dasharray="5 3"></rect>',
            _(
                "A dashed bar is an upper bound: the source says “up to” or “almost”, so the "
                "amount may be lower."
            ),
        ),
        (
            "lower",
            '<rect class="bar bar-lower" x="1" y="1" width="18" height="12" fill="#0a4f8f"'
            ' stroke="#0a4f8f" stroke-width="1.5"></rect> <path class="bar-arrow"'
            ' d="M20 1 l7 6 l-7 6 z" fill="#0a4f8f"></path>',
            _(
                "A bar with an arrow is a lower bound: the source says “more than” or “at "
                "least”, so the amount may be higher."
            ),
        ),
        (
            "estimate",
            '<rect class="bar bar-estimate" x="1" y="1" width="26" height="12" fill="#dce8f5"'
            ' stroke="#0a4f8f" stroke-width="1.5" stroke-dasharray="2 2"></rect>',
            _("A dotted bar is an estimate: the source says “about”."),
        ),
    )


def chart_html(chart, label_heading, titles_noted=False, links=None):
    """`grants/includes/chart.html` for a chart (views.chart's dictionary): its drawing, key,
    table and the grants it leaves out. `label_heading`: the table's first heading, a
    translated text (written as it is, as the template's `{% translate … as … %}` gives it);
    `links`: the page's TitleLinks."""
    e = _e
    title_link = links or TitleLinks()
    kinds = chart["kinds"]
    parts = ['<div class="chart-figure">', str(e(chart["svg"]))]
    keys = [(drawing, text) for kind, drawing, text in _keys() if kind in kinds]
    if keys:
        parts.append('<ul class="chart-key">')
        parts += [_SWATCH.format(drawing, text) for drawing, text in keys]
        parts.append("</ul>")
    caption = _("%(title)s: the figures of the chart") % {"title": e(chart["title"])}
    parts.append(
        f'</div><table class="chart-table"><caption>{caption}</caption><thead><tr>'
        f'<th scope="col">{label_heading}</th><th scope="col">{_("Amount stated")}</th>'
        "</tr></thead><tbody>"
    )
    for bar in chart["bars"]:
        if bar.grant_count == 1:
            grants = title_link(bar.grants[0], titles_noted)
        else:
            grants = _count(
                "%(counter)s grant with a stated amount",
                "%(counter)s grants with a stated amount",
                bar.grant_count,
            )
            if bar.list_url:
                grants = f'<a href="{e(bar.list_url)}">{grants}</a>'
        parts.append(
            f'<tr><th scope="row">{e(bar.label)}<span class="table-grants">{grants}</span></th>'
            f'<td class="amount">{e(bar.text)}</td></tr>'
        )
    parts.append("</tbody></table>")
    if chart["more"]:
        more = _count(
            "Only the largest amounts are drawn: %(counter)s more is left out of the chart and "
            "its table. Filter the grants to see it.",
            "Only the largest amounts are drawn: %(counter)s more are left out of the chart and "
            "its table. Filter the grants to see them.",
            chart["more"],
        )
        parts.append(f"<p>{more}</p>")
    if chart["left_out"]:
        intro = _count(
            "Not in the chart: %(counter)s grant whose amount is not disclosed:",
            "Not in the chart: %(counter)s grants whose amount is not disclosed:",
            chart["left_out_count"],
        )
        parts.append(f'<p class="chart-left-out">{intro} ')
        parts.append("; ".join(title_link(g, titles_noted) for g in chart["left_out"]))
        if chart["left_out_more"]:
            parts.append(
                "; "
                + _count("and %(counter)s more", "and %(counter)s more", chart["left_out_more"])
            )
        parts.append(".</p>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
