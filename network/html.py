"""The long lists of an organisation's page and a program's page, written in Python.

`network/includes/organization_boxes.html` (an organisation's relationships, programs, places,
grants and timeline: some sixty lines of a dozen tags each at national size), the grants of
`network/includes/program_grants.html` (a section of twenty tags and two includes per grant)
and the places of `network/includes/place_lines.html` were most of those pages' rendering.
`organization_boxes_html`, `program_grants_html` and `place_lines_html` write
the same HTML, byte for byte (the templates as `core.template_loaders` loads them, their layout
left out), from the same records, with the same translated texts (`core_tags.PageTranslated`,
the `translated` tag's HTML) and escaping: `{{ value }}` and a `{% blocktranslate %}`'s
variables escaped (and localised), a `{% translate %}`'s text as it is.
`tests/network/test_detail_html.py` compares them with the templates' rendering, which stay the
reference for what the lists say.
"""

from urllib.parse import quote

from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centers.models import Center
from core import dates
from core.html import escape_html as _e
from core.html import source_details_html
from core.links import slug_urls, view_url
from core.templatetags.core_tags import PageTranslated
from partners.models import Organization
from programs.models import Grant, Program

from .search import kind_label

# The view of each kind of record's page (its get_absolute_url()).
DETAIL_VIEWS = {
    Organization: "partners:organization-detail",
    Program: "programs:program-detail",
    Grant: "grants:grant-detail",
    Center: "centers:center-detail",
}


class _Page:
    """What one page's lists repeat, found once: the translated texts' language, direction and
    note (core_tags.PageTranslated) and the records' addresses (core.links.slug_urls)."""

    def __init__(self):
        self.translated = PageTranslated()
        self._urls = {}

    def url(self, record):
        """record.get_absolute_url(), escaped."""
        model = type(record)
        url = self._urls.get(model)
        if url is None:
            url = self._urls[model] = slug_urls(DETAIL_VIEWS[model])
        return _e(url(record.slug))


def _query_value(slug):
    """`{{ slug|urlencode }}`, escaped."""
    return _e(quote(slug, safe="/"))


def _relationship_dates(rel):
    """`partners/includes/relationship_dates.html` (its layout leaves a space at its end)."""
    parts = []
    if rel.since:
        parts.append(", " + _("since %(date)s") % {"date": _e(rel.since_display)})
    until = rel.until_display
    if until:
        parts.append(", " + _("until %(date)s") % {"date": _e(until)})
    duration = rel.duration_display
    if duration:
        parts.append(", " + _("for %(duration)s years") % {"duration": _e(duration)})
    parts.append(" ")
    return "".join(parts)


def _all_related(organization):
    """`network/includes/all_related.html`."""
    return (
        f'<p><a href="{_e(view_url("partners:organization-list"))}?related='
        f'{_query_value(organization.slug)}">'
        + _("All the organisations linked to %(name)s") % {"name": _e(organization.name)}
        + "</a></p>"
    )


def _relationships(organization, boxes, more, page, name):
    parts = [
        f'<section aria-labelledby="relationships"><h2 id="relationships">{_("Relationships")}'
        '</h2><ul class="relationships">'
    ]
    for rel in boxes["relationships_from"]:
        target = rel.target
        parts.append(
            f"<li><p>{name} {_e(kind_label(rel))} "
            f'<a href="{page.url(target)}">{page.translated(target, "name")}</a>'
            f"{_relationship_dates(rel)}</p>"
        )
        if rel.description:
            parts.append(f'<p class="muted">{page.translated(rel, "description")}</p>')
        parts.append("</li>")
    for rel in boxes["relationships_to"]:
        source = rel.source
        parts.append(
            f'<li><p><a href="{page.url(source)}">{page.translated(source, "name")}</a> '
            f"{_e(kind_label(rel))} {name}{_relationship_dates(rel)}</p>"
        )
        if rel.description:
            parts.append(f'<p class="muted">{page.translated(rel, "description")}</p>')
        parts.append("</li>")
    parts.append("</ul>")
    if more["relationships_from"] or more["relationships_to"]:
        parts.append(_all_related(organization))
    parts.append("</section>")
    return parts


def _program_lines(programs, page):
    return "".join(
        f'<li><a href="{page.url(program)}">{page.translated(program, "title")}</a> '
        f'<span class="muted">({_e(kind_label(program))})</span></li>'
        for program in programs
    )


def _programs(organization, boxes, more, page):
    parts = [f'<section aria-labelledby="programs"><h2 id="programs">{_("Programs")}</h2>']
    if boxes["led_programs"]:
        parts.append(
            f"<h3>{_('Programs it runs')}</h3>"
            f"<ul>{_program_lines(boxes['led_programs'], page)}</ul>"
        )
    if boxes["partner_programs"]:
        parts.append(
            f"<h3>{_('Programs it takes part in')}</h3>"
            f"<ul>{_program_lines(boxes['partner_programs'], page)}</ul>"
        )
    if more["led_programs"] or more["partner_programs"]:
        parts.append(
            f'<p><a href="{_e(view_url("programs:program-list"))}?organization='
            f'{_query_value(organization.slug)}">'
            + _("All the programs of %(name)s") % {"name": _e(organization.name)}
            + "</a></p>"
        )
    parts.append("</section>")
    return parts


def _places(organization, boxes, more, page):
    parts = [
        f'<section aria-labelledby="places"><h2 id="places">{_("Places it runs")}</h2><ul>',
        _place_lines(boxes["centers"], page),
        "</ul>",
    ]
    if more["centers"]:
        parts.append(
            f'<p><a href="{_e(view_url("centers:center-list"))}?operator='
            f'{_query_value(organization.slug)}">{_("All places it runs")}</a></p>'
        )
    parts.append("</section>")
    return parts


def _grant_end(grant, page, labels):
    """What a line of the grants boxes says after the other party: the program, the duration
    and the period."""
    program = grant.program
    parts = [
        f', {labels["for"]} <a href="{page.url(program)}">{page.translated(program, "title")}</a>'
    ]
    duration = grant.duration_display
    if duration:
        parts.append(f", {_e(duration)}")
    period = grant.period_display
    if period:
        parts.append(f", {_e(period)}")
    parts.append("</li>")
    return "".join(parts)


def _grants(organization, boxes, more, page):
    labels = {"for": _("for")}
    parts = [f'<section aria-labelledby="grants"><h2 id="grants">{_("Grants")}</h2>']
    if boxes["grants_made"]:
        to = _("to")
        parts.append(f"<h3>{_('Grants it made')}</h3><ul>")
        for grant in boxes["grants_made"]:
            recipient = grant.recipient
            if recipient:
                other = f'<a href="{page.url(recipient)}">{page.translated(recipient, "name")}</a>'
            else:
                other = f'<span class="unknown">{_("a recipient not stated by the source")}</span>'
            parts.append(
                f'<li><a href="{page.url(grant)}"><strong>'
                f"{_e(grant.amount_display)}</strong></a> {to} {other}"
                + _grant_end(grant, page, labels)
            )
        parts.append("</ul>")
    if boxes["grants_received"]:
        from_ = _("from")
        parts.append(f"<h3>{_('Grants it received')}</h3><ul>")
        for grant in boxes["grants_received"]:
            funder = grant.funder
            parts.append(
                f'<li><a href="{page.url(grant)}"><strong>'
                f"{_e(grant.amount_display)}</strong></a> {from_} "
                f'<a href="{page.url(funder)}">{page.translated(funder, "name")}</a>'
                + _grant_end(grant, page, labels)
            )
        parts.append("</ul>")
    if more["grants_made"] or more["grants_received"]:
        parts.append(
            f'<p><a href="{_e(view_url("programs:program-list"))}?organization='
            f'{_query_value(organization.slug)}">'
            + _("All the programs %(name)s funds, runs or takes part in")
            % {"name": _e(organization.name)}
            + "</a></p>"
        )
    parts.append("</section>")
    return parts


def _timeline(organization, events, more, page):
    timeline = f"{_e(view_url('history:timeline'))}?organization={_query_value(organization.slug)}"
    planned = f'<strong class="planned-label">{_("planned")}</strong>'
    parts = [
        f'<section aria-labelledby="timeline"><h2 id="timeline">{_("Timeline")}</h2>'
        '<ol class="mini-timeline">'
    ]
    for event in events:
        when = dates.period_html(
            event.starts_on,
            event.starts_precision,
            event.ends_on,
            event.ends_precision,
            event.ongoing,
        )
        parts.append(
            f'<li><span class="event-when">{when}</span> '
            f'<a href="{timeline}#event-{_e(event.slug)}">{page.translated(event, "title")}</a> '
            f"{planned if event.planned else ''}</li>"
        )
    parts.append("</ol>")
    if more["events"]:
        count = len(events)
        parts.append(
            "<p>"
            + ngettext("The first %(counter)s event.", "The first %(counter)s events.", count)
            % {"counter": _e(localize(count))}
            + "</p>"
        )
    parts.append(
        f'<p><a href="{timeline}">'
        + _("The full timeline of %(name)s") % {"name": _e(organization.name)}
        + "</a></p></section>"
    )
    return parts


def organization_boxes_html(organization, boxes, more, events):
    """`network/includes/organization_boxes.html` for the organisation's page context's
    `organization`, `boxes`, `more` and `events`."""
    page = _Page()
    parts = []
    if boxes["relationships_from"] or boxes["relationships_to"]:
        name = page.translated(organization, "name")
        parts += _relationships(organization, boxes, more, page, name)
    if boxes["led_programs"] or boxes["partner_programs"]:
        parts += _programs(organization, boxes, more, page)
    if boxes["centers"]:
        parts += _places(organization, boxes, more, page)
    if boxes["grants_made"] or boxes["grants_received"]:
        parts += _grants(organization, boxes, more, page)
    if events:
        parts += _timeline(organization, events, more, page)
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def _grant_timing(grant, labels):
    """`grants/includes/grant_timing.html`."""
    unknown = f'<span class="unknown">{labels["not_stated"]}</span>'
    return "".join(
        f"<dt>{label}</dt><dd>{_e(value) if value else unknown}</dd>"
        for label, value in (
            (labels["duration"], grant.duration_display),
            (labels["period"], grant.period_display),
            (labels["awarded"], grant.awarded_display),
        )
    )


def _grant_labels():
    """The texts every grant's section repeats, translated once for a page."""
    return {
        "to": _("to"),
        "not_named": _("recipient not stated by the source"),
        "funder": _("Funder"),
        "recipient": _("Recipient"),
        "amount": _("Amount"),
        "duration": _("Duration"),
        "period": _("Period"),
        "awarded": _("Award date"),
        "not_stated": _("not stated by the source"),
        "purpose": _("Purpose"),
        "source": _("Source of this grant"),
        "staff": _("Entered by the network's staff"),
    }


def _program_grant(grant, labels, page):
    slug = _e(grant.slug)
    funder, recipient = grant.funder, grant.recipient
    funder_name = page.translated(funder, "name")
    amount = _e(grant.amount_display)
    duration = grant.duration_display
    over = " " + _("over %(duration)s") % {"duration": _e(duration)} if duration else ""
    if recipient:
        recipient_name = page.translated(recipient, "name")
        named = recipient_name
        link = f'<a href="{page.url(recipient)}">{recipient_name}</a>'
    else:
        named = labels["not_named"]
        link = f'<span class="unknown">{labels["not_named"]}</span>'
    purpose = (
        f"<dt>{labels['purpose']}</dt><dd>{page.translated(grant, 'purpose')}</dd>"
        if grant.purpose
        else ""
    )
    return (
        f'<section class="grant" id="grant-{slug}" aria-labelledby="grant-{slug}-title">'
        f'<h3 id="grant-{slug}-title">{funder_name} '
        '<span class="dir-icon" aria-hidden="true">→</span>'
        f'<span class="visually-hidden">{labels["to"]}</span> {named}</h3>'
        f'<p class="grant-amount"><strong>{amount}</strong>{over}</p>'
        f'<dl class="facts"><dt>{labels["funder"]}</dt>'
        f'<dd><a href="{page.url(funder)}">{funder_name}</a></dd>'
        f"<dt>{labels['recipient']}</dt><dd>{link}</dd>"
        f"<dt>{labels['amount']}</dt><dd>{amount}</dd>"
        f"{_grant_timing(grant, labels)}{purpose}</dl>"
        f"{source_details_html(grant, labels['source'], labels['staff'])}"
        f'<p><a href="{page.url(grant)}">'
        + _("The grant's own page, with totals for %(funder)s") % {"funder": _e(funder.name)}
        + "</a></p></section>"
    )


def program_grants_html(grants):
    """`network/includes/program_grants.html` for a program's grants (`public_grants`)."""
    if not grants:
        return mark_safe(  # noqa: S308 - a translated text, as the template writes it
            '<p><span class="unknown">'
            + _(
                "No grant is recorded for this program: the source does not state how it is funded."
            )
            + "</span></p>"
        )
    labels = _grant_labels()
    page = _Page()
    return mark_safe(  # noqa: S308 - every value is escaped by _program_grant
        "".join(_program_grant(grant, labels, page) for grant in grants)
    )


def _place_lines(centers, page):
    return "".join(
        f'<li><a href="{page.url(center)}">{page.translated(center, "name")}</a> — '
        f"{_e(kind_label(center))}{f', {_e(center.city)}' if center.city else ''}</li>"
        for center in centers
    )


def place_lines_html(centers):
    """`network/includes/place_lines.html`: a list's places, each in its `<li>` (a program's
    page, the places box of an organisation's)."""
    return mark_safe(_place_lines(centers, _Page()))  # noqa: S308 - escaped by _place_lines
