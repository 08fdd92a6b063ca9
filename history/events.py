"""The timeline's events, written in Python.

`history/timeline.html` wrote each event through the template engine: some fifteen tags and
thirty variables per event, two included templates (its key figures, its source) and three loops,
forty events a page; that was most of the page's rendering. `events_html` writes the same HTML,
byte for byte (`history/includes/event.html` as `core.template_loaders` loads it, its layout
left out), from the same records, with the same translated texts (`core_tags.PageTranslated`,
`period_html`) and escaping: `{{ value }}` escaped, a `{% translate %}`'s text as it is.
`tests/history/test_events.py` compares it with the template's rendering, which stays the
reference for what an event says.
"""

from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.core_tags import PageTranslated, period_html


def _labels():
    """The texts every event repeats, translated once for a page, and its `translated`."""
    return {
        "translated": PageTranslated(),
        "planned": _("Planned"),
        "planned_note": _(
            "announced by the undated source, which does not say whether it happened."
        ),
        "organisation": _("Organisation"),
        "involved": _("Also involved"),
        "references": _("Laws and publications"),
        "figures": _("Key figures"),
        "source": _("Source"),
        "staff": _("Entered by the network's staff"),
    }


def key_figure_html(figure, translated):
    """`includes/key_figure.html` (`translated`: the page's core_tags.PageTranslated)."""
    e = conditional_escape
    html = (
        f'<strong class="kf-value">{e(figure.display_value)}</strong> {translated(figure, "label")}'
    )
    if figure.period:
        html += f" {translated(figure, 'period')}"
    if figure.scope:
        html += f' <span class="scope">{translated(figure, "scope")}</span>'
    return html + " "


def source_html(record, summary, staff):
    """`includes/source_details.html`, its summary and the staff's sentence translated."""
    e = conditional_escape
    parts = [f'<details class="source-details"><summary>{summary}</summary>']
    if record.is_seed_source:
        parts.append(
            f"<p>{e(record.get_source_document_display())}.</p>"
            '<blockquote lang="en" dir="ltr">'
            + "".join(f"<p>“{e(fragment)}”</p>" for fragment in record.source_fragments)
            + "</blockquote>"
        )
    else:
        parts.append(f"<p>{staff}")
        if record.source_entered_on:
            parts.append(f", {e(date_filter(record.source_entered_on, 'DATE_FORMAT'))}")
        parts.append(".")
        if record.source_verification:
            parts.append(f" {e(record.source_verification)}")
        parts.append("</p>")
    parts.append("</details>")
    return "".join(parts)


def event_html(event, labels=None):
    """`history/includes/event.html` for one event (read with its organisation and the
    timeline view's prefetches: `public_related_organizations`, `public_references`,
    `public_key_figures`)."""
    e = conditional_escape
    labels = labels or _labels()
    translated = labels["translated"]
    slug = e(event.slug)
    planned = " planned" if event.planned else ""
    parts = [
        f'<li><article id="event-{slug}" class="event{planned}" '
        f'aria-labelledby="event-{slug}-title">'
        f'<p class="event-when">{e(period_html(event))}</p>'
        f'<h3 id="event-{slug}-title">{translated(event, "title")}</h3>'
    ]
    if event.planned:
        parts.append(
            f'<p class="planned-label"><strong>{labels["planned"]}</strong> — '
            f"{labels['planned_note']}</p>"
        )
    if event.text:
        parts.append(translated(event, "text", "linebreaks"))
    organization = event.organization
    parts.append(
        f'<dl class="facts compact"><dt>{labels["organisation"]}</dt>'
        f'<dd><a href="{e(organization.get_absolute_url())}">'
        f"{translated(organization, 'name')}</a></dd>"
    )
    if event.public_related_organizations:
        parts.append(f'<dt>{labels["involved"]}</dt><dd><ul class="inline-list">')
        parts += [
            f'<li><a href="{e(org.get_absolute_url())}">{translated(org, "name")}</a></li>'
            for org in event.public_related_organizations
        ]
        parts.append("</ul></dd>")
    if event.public_references:
        parts.append(f"<dt>{labels['references']}</dt><dd><ul>")
        for reference in event.public_references:
            dated = reference.date_display
            parts.append(
                f"<li><cite>{translated(reference, 'title')}</cite> — "
                f"{e(reference.get_kind_display())}" + (f", {e(dated)}" if dated else "") + "</li>"
            )
        parts.append("</ul></dd>")
    if event.public_key_figures:
        parts.append(f'<dt>{labels["figures"]}</dt><dd><ul class="key-figures">')
        parts += [f"<li>{key_figure_html(f, translated)}</li>" for f in event.public_key_figures]
        parts.append("</ul></dd>")
    parts.append("</dl>")
    parts.append(source_html(event, labels["source"], labels["staff"]))
    parts.append("</article></li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def events_html(events):
    """A decade's events, in its `<ol class="timeline">`."""
    labels = _labels()
    return mark_safe("".join(event_html(event, labels) for event in events))  # noqa: S308
