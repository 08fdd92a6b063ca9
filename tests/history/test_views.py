"""The timeline: grouped by decade, each date at its real precision, planned events marked."""

import datetime
import re
from decimal import Decimal

import pytest

from core.dates import DatePrecision
from core.models import KeyFigureUnit, Status
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from history.models import ReferenceKind
from tests.factories import EventFactory, KeyFigureFactory, OrganizationFactory, ReferenceFactory
from tests.helpers import count_queries, page

pytestmark = pytest.mark.django_db


D = datetime.date


def article(html, slug):
    start = html.index(f'<article id="event-{slug}"')
    return html[start : html.index("</article>", start)]


@pytest.fixture
def msf():
    """Migrations Santé France's timeline, as its page tells it (a sample)."""
    msf = OrganizationFactory(
        name="Migrations Santé France",
        name_fr="Migrations Santé France",
        name_en="Migrations Santé France",
        slug="migrations-sante-france",
    )
    mrap = OrganizationFactory(name="MRAP", name_fr="MRAP", name_en="MRAP", slug="mrap")
    book = ReferenceFactory(
        kind=ReferenceKind.BOOK,
        title="The Health of Migrants",
        title_en="The Health of Migrants",
        title_fr="La Santé des migrants",
        dated=D(1972, 1, 1),
    )
    hpst = ReferenceFactory(
        kind=ReferenceKind.LAW,
        title="HPST law",
        title_en="HPST law",
        title_fr="Loi HPST",
        dated=D(2009, 7, 21),
        dated_precision=DatePrecision.DAY,
    )
    events = {
        "1968": EventFactory(
            organization=msf, slug="1968", title_en="Recognition of a need", starts_on=D(1968, 1, 1)
        ),
        "cmmsam": EventFactory(
            organization=msf,
            slug="cmmsam",
            title_en="Creation of the CMMSAM",
            title_fr="Création du CMMSAM",
            starts_on=D(1970, 2, 19),
            starts_precision=DatePrecision.DAY,
            text_en="Declaration of the association.",
            source_document=SourceDocument.MSF_PAGE,
            source_passage="Declaration of the association of Law 1901 on February 19, 1970",
        ),
        "1970s": EventFactory(
            organization=msf,
            slug="1970s",
            title_en="Some fifteen affiliated associations",
            starts_on=D(1970, 1, 1),
            starts_precision=DatePrecision.DECADE,
        ),
        "book": EventFactory(
            organization=msf,
            slug="book",
            title_en="Publication of the book",
            starts_on=D(1972, 1, 1),
        ),
        "hpst": EventFactory(
            organization=msf,
            slug="hpst",
            title_en="Reduction of financial means",
            starts_on=D(2010, 1, 1),
        ),
        "today": EventFactory(
            organization=msf,
            slug="today",
            title_en="A question of commitment",
            starts_on=D(2016, 1, 1),
            ongoing=True,
        ),
        "undated": EventFactory(
            organization=msf, slug="undated", title_en="Undated event", starts_on=None
        ),
    }
    events["book"].related_organizations.add(mrap)
    events["book"].references.add(book)
    events["hpst"].references.add(hpst)
    KeyFigureFactory(
        subject=events["1970s"],
        value=Decimal("15"),
        qualifier=Qualifier.ABOUT,
        label_en="affiliated associations",
        label_fr="associations affiliées",
        period_en="in the 1970s",
        period_fr="dans les années 1970",
    )
    KeyFigureFactory(
        subject=events["hpst"],
        value=Decimal("300"),
        qualifier=Qualifier.EXACT,
        unit=KeyFigureUnit.SQUARE_METRES,
        label_en="of premises given up",
        label_fr="de locaux abandonnés",
    )
    return {"msf": msf, "mrap": mrap, **events}


class TestTimeline:
    def test_grouped_by_decade_in_order_with_undated_events_last(self, client, msf):
        html = page(client, "/en/history/")
        headings = re.findall(r'<h2 id="decade-[^"]+">([^<]+)</h2>', html)
        assert headings == ["1960s", "1970s", "2010s", "Date not stated by the source"]
        assert (
            html.index("Recognition of a need")
            < html.index("Creation of the CMMSAM")
            < html.index("Undated event")
        )
        assert "7 events" in html

    def test_each_event_is_an_article_in_an_ordered_list(self, client, msf):
        html = page(client, "/en/history/")
        assert re.search(r'<ol class="timeline">\s*<li><article id="event-1968"', html)
        assert html.count("<article id=") == 7

    def test_dates_at_their_real_precision(self, client, msf):
        html = page(client, "/en/history/")
        assert '<time datetime="1970-02-19">19 February 1970</time>' in article(html, "cmmsam")
        assert '<time datetime="1972">1972</time>' in article(html, "book")
        decade = article(html, "1970s")
        assert '<p class="event-when">the 1970s</p>' in decade
        assert "<time" not in decade
        assert 'from <time datetime="2016">2016</time> to today' in article(html, "today")
        assert '<p class="event-when">date not stated</p>' in article(html, "undated")

    def test_french_dates(self, client, msf):
        html = page(client, "/fr/history/")
        assert '<html lang="fr"' in html
        assert '<time datetime="1970-02-19">19 février 1970</time>' in html
        assert "Création du CMMSAM" in html
        assert "Loi HPST" in html and "21 juillet 2009" in html

    def test_organisations_laws_publications_key_figures_and_source(self, client, msf):
        html = page(client, "/en/history/")
        book = article(html, "book")
        assert '<a href="/en/partners/migrations-sante-france/">Migrations Santé France</a>' in book
        assert (
            '<dt>Also involved</dt><dd><ul class="inline-list">'
            '<li><a href="/en/partners/mrap/">MRAP</a>'
        ) in book
        assert "<cite>The Health of Migrants</cite> — book, 1972" in book
        hpst = article(html, "hpst")
        assert "<cite>HPST law</cite> — law, 21 July 2009" in hpst
        assert (
            '<strong class="kf-value">300\N{NO-BREAK SPACE}m²</strong> of premises given up' in hpst
        )
        assert (
            '<strong class="kf-value">about 15</strong> affiliated associations in the 1970s'
            in article(html, "1970s")
        )
        cmmsam = article(html, "cmmsam")
        assert '<details class="source-details">' in cmmsam
        assert "“Declaration of the association of Law 1901 on February 19, 1970”" in cmmsam
        assert "Declaration of the association." in cmmsam

    def test_a_planned_event_is_marked_in_words(self, client, msf):
        EventFactory(
            organization=msf["msf"],
            slug="planned",
            title_en="ENFAMS lessons",
            starts_on=D(2014, 1, 1),
            planned=True,
        )
        html = page(client, "/en/history/")
        planned = article(html, "planned")
        assert 'class="event planned"' in planned
        assert (
            '<p class="planned-label"><strong>Planned</strong> — announced by the undated source, '
            "which does not say whether it happened.</p>"
        ) in planned
        assert "Planned" not in article(html, "hpst")

    def test_filter_by_organisation_keeps_its_own_and_shared_events(self, client, msf):
        EventFactory(organization=msf["mrap"], slug="mrap-only", title_en="MRAP on its own")
        html = page(client, "/en/history/?organization=mrap")
        assert "Publication of the book" in html  # MRAP took part
        assert "MRAP on its own" in html
        assert "Recognition of a need" not in html
        assert "<h1>History of MRAP</h1>" in html
        assert 'Organisation: <strong>MRAP</strong> <a href="/en/history/">remove' in html
        assert 'name="organization" value="MRAP"' in html

    def test_the_filter_form_is_a_plain_get_form(self, client, msf):
        html = page(client, "/en/history/")
        assert '<form class="filters" method="get" action="/en/history/">' in html
        assert '<label for="filter-organization">Organisation</label>' in html
        assert "csrfmiddlewaretoken" not in html

    @pytest.mark.parametrize("value", ["nobody", "draft-org", "%22%3E%3Cb%3E"])
    def test_an_unknown_organisation_gives_a_clear_message(self, client, msf, value):
        OrganizationFactory(slug="draft-org", status=Status.DRAFT)
        html = page(client, f"/en/history/?organization={value}", status=400)
        assert "A filter was not understood" in html
        assert "with events on this site." in html
        assert "<b>" not in html
        assert "Recognition of a need" in html

    def test_drafts_never_appear(self, client, msf):
        EventFactory(organization=msf["msf"], title_en="Draft event", status=Status.DRAFT)
        EventFactory(
            organization=msf["msf"],
            title_en="Scheduled event",
            publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
        )
        hidden = OrganizationFactory(name_en="Hidden org", slug="hidden-org", status=Status.DRAFT)
        EventFactory(
            organization=hidden, title_en="Event of a hidden org"
        ).related_organizations.add(
            OrganizationFactory(name_en="Only in a hidden org's event", slug="only-related")
        )
        msf["book"].related_organizations.add(hidden)
        msf["book"].references.add(
            ReferenceFactory(title_en="Draft reference", status=Status.DRAFT)
        )
        KeyFigureFactory(subject=msf["book"], value=Decimal("4242"), status=Status.DRAFT)
        html = page(client, "/en/history/")
        for text in (
            "Draft event",
            "Scheduled event",
            "Hidden org",
            "hidden-org",
            "Event of a hidden org",
            "only-related",
            "Draft reference",
            "4,242",
        ):
            assert text not in html, text

    def test_an_empty_result_says_so(self, client):
        OrganizationFactory(slug="quiet")
        html = page(client, "/en/history/")
        assert "No event matches these filters." in html

    def test_the_page_stays_small_with_the_seed_sized_timeline(self, client, msf):
        for _ in range(15):
            EventFactory(organization=msf["msf"], text_en="A paragraph of text. " * 20)
        response = client.get("/en/history/")
        assert len(response.content) < 100_000


class TestQueryCounts:
    @staticmethod
    def build(n):
        for i in range(n):
            organization = OrganizationFactory()
            event = EventFactory(
                organization=organization, starts_on=D(1960 + i % 60, 1, 1) if i % 7 else None
            )
            event.related_organizations.add(OrganizationFactory(), organization)
            event.references.add(ReferenceFactory(), ReferenceFactory())
            KeyFigureFactory(subject=event)
            KeyFigureFactory(subject=event)

    def test_the_timeline_costs_the_same_with_2_or_50_events(self, client):
        self.build(2)
        few = count_queries(client, "/en/history/")
        self.build(48)
        assert count_queries(client, "/en/history/") == few

    def test_the_filtered_timeline_costs_the_same_with_2_or_50_events(self, client):
        organization = OrganizationFactory(slug="subject")
        url = "/en/history/?organization=subject"
        for _ in range(2):
            EventFactory(organization=organization).references.add(ReferenceFactory())
        few = count_queries(client, url)
        for _ in range(48):
            EventFactory(organization=organization).references.add(ReferenceFactory())
            EventFactory().related_organizations.add(organization)
        assert count_queries(client, url) == few
