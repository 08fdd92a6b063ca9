"""The program list's cards, written in Python.

`programs/includes/program_card.html` wrote each card through the template engine: a dozen tags
and some twenty variables per card, plus a loop over its grants (about a hundred grants at twenty
programs a page), which was most of the list's rendering. `cards_html` writes the same HTML, byte
for byte (the template as `core.template_loaders` loads it, its layout left out), from the same
records, with the same translated texts (`core_tags.translated`) and escaping: `{{ value }}` and
a `{% blocktranslate %}`'s variables escaped, a `{% translate %}`'s text as it is.
`tests/programs/test_cards.py` compares it with the template's rendering, which stays the
reference for what a card says.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.templatetags.core_tags import translated


def _labels():
    """The texts every card repeats, translated once for a page."""
    return {
        "run_by": _("Run by"),
        "not_stated": _("not stated by the source"),
        "where": _("Where"),
        "funding": _("Funding"),
        "from": _("from %(funder)s"),
        "over": _("over %(duration)s"),
    }


def _grants_html(grants, labels):
    e = conditional_escape
    if not grants:
        return f'<span class="unknown">{labels["not_stated"]}</span>'
    parts = []
    last = len(grants) - 1
    for index, grant in enumerate(grants):
        parts.append(
            f'<a href="{e(grant.get_absolute_url())}"><strong>{e(grant.amount_display)}</strong>'
            f"</a> {labels['from'] % {'funder': e(grant.funder.name)}}"
        )
        duration = grant.duration_display
        if duration:
            parts.append(f" {labels['over'] % {'duration': e(duration)}}")
        if index != last:
            parts.append("; ")
    return "".join(parts)


def card_html(program, labels=None):
    """`programs/includes/program_card.html` for one program (with `public_grants`, and
    `lead_organization` read with it)."""
    e = conditional_escape
    labels = labels or _labels()
    parts = [
        f'<h3><a href="{e(program.get_absolute_url())}">{translated(program, "title")}</a></h3>'
        f'<p class="meta">{e(capfirst(program.get_kind_display()))}</p>'
    ]
    if program.summary:
        parts.append(f"<p>{translated(program, 'summary')}</p>")
    parts.append('<dl class="facts compact">')
    lead = program.lead_organization if program.lead_organization_id else None
    if lead and lead.is_public:
        parts.append(
            f'<dt>{labels["run_by"]}</dt><dd><a href="{e(lead.get_absolute_url())}">'
            f"{translated(lead, 'name')}</a></dd>"
        )
    elif not program.lead_organization_id:
        parts.append(
            f"<dt>{labels['run_by']}</dt>"
            f'<dd><span class="unknown">{labels["not_stated"]}</span></dd>'
        )
    area = (
        translated(program, "area")
        if program.area
        else f'<span class="unknown">{labels["not_stated"]}</span>'
    )
    parts.append(
        f"<dt>{labels['where']}</dt><dd>{area}</dd>"
        f"<dt>{labels['funding']}</dt><dd>{_grants_html(program.public_grants, labels)}</dd>"
        "</dl>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def cards_html(programs):
    """The cards of a page, each in the list's `<li class="card">`."""
    labels = _labels()
    html = "".join(f'<li class="card">{card_html(p, labels)}</li>' for p in programs)
    return mark_safe(html)  # noqa: S308 - written by card_html
