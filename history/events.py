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

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.html import source_details_html
from core.links import slug_urls
from core.templatetags.core_tags import PageTranslated, period_html


def _labels():
    """The texts every event repeats, translated once for a page, its `translated`, and the
    texts found once a page for a value (`_once`)."""
    return {
        "translated": PageTranslated(),
        "once": {},
        # Organization.get_absolute_url(), its address found once a page.
        "organization_url": slug_urls("partners:organization-detail"),
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


def _once(labels, key, text):
    """`text()`, found once a page for `key`: the dates, the sources' and kinds' names and the
    figures' values, which the events of a page (in date order, from a few sources) repeat;
    formatting a date or looking a choice's label up for each of them was a fifth of the
    events' writing."""
    once = labels["once"]
    found = once.get(key)
    if found is None:
        found = once[key] = text()
    return found


def key_figure_html(figure, labels):
    """`includes/key_figure.html` (`labels`: the page's, with its `translated`)."""
    translated = labels["translated"]
    key = ("figure", str(figure.value), figure.qualifier, figure.unit)  # 15 and 15.0 differ
    value = _once(labels, key, lambda: conditional_escape(figure.display_value))
    html = f'<strong class="kf-value">{value}</strong> {translated(figure, "label")}'
    # A text translated() writes is empty when the field is (its `if` in the template).
    if period := translated(figure, "period"):
        html += f" {period}"
    if scope := translated(figure, "scope"):
        html += f' <span class="scope">{scope}</span>'
    return html + " "


def source_html(record, labels):
    """`includes/source_details.html`, its summary and the staff's sentence translated, the
    names and dates its events repeat made once a page."""
    return source_details_html(
        record, labels["source"], labels["staff"], once=lambda key, make: _once(labels, key, make)
    )


def _period(event, labels):
    key = (
        "period",
        event.starts_on,
        event.starts_precision,
        event.ends_on,
        event.ends_precision,
        event.ongoing,
    )
    return _once(labels, key, lambda: conditional_escape(period_html(event)))


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
        f'<p class="event-when">{_period(event, labels)}</p>'
        f'<h3 id="event-{slug}-title">{translated(event, "title")}</h3>'
    ]
    if event.planned:
        parts.append(
            f'<p class="planned-label"><strong>{labels["planned"]}</strong> — '
            f"{labels['planned_note']}</p>"
        )
    if text := translated(event, "text", "linebreaks"):  # empty when the text is
        parts.append(text)
    organization = event.organization
    organization_url = labels["organization_url"]
    parts.append(
        f'<dl class="facts compact"><dt>{labels["organisation"]}</dt>'
        f'<dd><a href="{e(organization_url(organization.slug))}">'
        f"{translated(organization, 'name')}</a></dd>"
    )
    if event.public_related_organizations:
        parts.append(f'<dt>{labels["involved"]}</dt><dd><ul class="inline-list">')
        parts += [
            f'<li><a href="{e(organization_url(org.slug))}">{translated(org, "name")}</a></li>'
            for org in event.public_related_organizations
        ]
        parts.append("</ul></dd>")
    if event.public_references:
        parts.append(f"<dt>{labels['references']}</dt><dd><ul>")
        for reference in event.public_references:
            kind = _once(
                labels, ("kind", reference.kind), lambda r=reference: e(r.get_kind_display())
            )
            dated = _once(
                labels,
                ("dated", reference.dated, reference.dated_precision),
                lambda r=reference: e(r.date_display),
            )
            parts.append(
                f"<li><cite>{translated(reference, 'title')}</cite> — {kind}"
                + (f", {dated}" if dated else "")
                + "</li>"
            )
        parts.append("</ul></dd>")
    if event.public_key_figures:
        parts.append(f'<dt>{labels["figures"]}</dt><dd><ul class="key-figures">')
        parts += [f"<li>{key_figure_html(f, labels)}</li>" for f in event.public_key_figures]
        parts.append("</ul></dd>")
    parts.append("</dl>")
    parts.append(source_html(event, labels))
    parts.append("</article></li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def events_html(events):
    """A decade's events, in its `<ol class="timeline">`."""
    labels = _labels()
    return mark_safe("".join(event_html(event, labels) for event in events))  # noqa: S308
