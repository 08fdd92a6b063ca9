"""The timeline's events written by history/events.py are the event template's HTML, byte for
byte."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import timezone, translation

from core.dates import DatePrecision
from core.models import KeyFigure, KeyFigureUnit, Status
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from history.events import event_html, events_html
from history.models import Event, ReferenceKind
from history.page import page_events
from history.views import TimelineView
from partners.models import Organization
from tests.factories import EventFactory, KeyFigureFactory, OrganizationFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def events():
    odd = OrganizationFactory(name="Médecins & <co>", name_en="", slug="medecins-co")
    other = OrganizationFactory(name="L'Autre", name_en="The Other")
    draft = OrganizationFactory(name="Brouillon", status=Status.DRAFT)
    book = ReferenceFactory(kind=ReferenceKind.BOOK, title="La Santé <des> migrants", title_en="")
    law = ReferenceFactory(
        kind=ReferenceKind.LAW, title="Loi HPST", dated=D(2009, 7, 21), dated_precision="day"
    )
    made = [
        EventFactory(organization=odd, starts_on=D(1968, 1, 1)),
        EventFactory(
            organization=odd,
            title="Création <du> CMMSAM & co",
            title_en="",
            text="Déclaration de l'association.\n\nDeuxième <paragraphe>.",
            text_en="",
            starts_on=D(1970, 2, 19),
            starts_precision=DatePrecision.DAY,
            source_document=SourceDocument.MSF_PAGE,
            source_passage="Declaration of the association of Law 1901 on February 19, 1970",
        ),
        EventFactory(
            organization=other,
            starts_on=D(1970, 1, 1),
            starts_precision=DatePrecision.DECADE,
            planned=True,
            text="Un texte",
            text_en="A text",
            source_entered_on=None,
            source_verification="",
        ),
        EventFactory(organization=other, starts_on=D(2016, 1, 1), ongoing=True),
        EventFactory(organization=other, starts_on=None, source_verification="Vu <ici> & là"),
    ]
    made[0].related_organizations.add(other, draft, odd)
    made[1].references.add(book, law)
    made[3].references.add(law)
    KeyFigureFactory(
        subject=made[2],
        value=Decimal("15"),
        qualifier=Qualifier.ABOUT,
        label="associations affiliées",
        label_en="",
        period="dans les années 1970",
        period_en="in the 1970s",
        scope="en France <métropolitaine>",
        scope_en="",
    )
    KeyFigureFactory(
        subject=made[2],
        value=Decimal("300"),
        qualifier=Qualifier.EXACT,
        unit=KeyFigureUnit.SQUARE_METRES,
        label="de locaux abandonnés",
        label_en="of premises given up",
    )
    KeyFigureFactory(subject=made[4], value=Decimal("1200"), unit=KeyFigureUnit.EUR)
    return made


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_an_event_is_the_event_templates_html(events, language):
    template = get_template("history/includes/event.html")
    with translation.override(language):
        view = TimelineView()
        view.setup(RequestFactory().get(f"/{language}/history/"))
        shown = list(view.page_rows().order_by("pk"))
        assert len(shown) == 5
        assert sum(len(e.public_related_organizations) for e in shown) == 2
        assert sum(len(e.public_key_figures) for e in shown) == 3
        for event in shown:
            assert event_html(event) == template.render({"event": event}), event.slug
        # A page's events together, its texts found once for all (history.events._once).
        assert events_html(shown) == "".join(template.render({"event": e}) for e in shown)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_texts_found_once_a_page_are_each_values_own(events, language):
    """Values alike but not the same (a date at another precision, a figure in another unit or
    with another qualifier, a reference of another kind) keep their own texts on one page."""
    odd = events[0].organization
    again = [
        EventFactory(organization=odd, starts_on=D(1968, 1, 1), starts_precision="day"),
        EventFactory(organization=odd, starts_on=D(1968, 1, 1), ongoing=True),
        EventFactory(organization=odd, starts_on=D(1968, 1, 1), ends_on=D(1969, 1, 1)),
        EventFactory(organization=odd, starts_on=D(1968, 1, 1), source_entered_on=D(1968, 1, 2)),
    ]
    report = ReferenceFactory(kind=ReferenceKind.REPORT, title="Rapport", dated=D(2009, 7, 21))
    again[0].references.add(report)
    for unit, qualifier in [
        (KeyFigureUnit.EUR, Qualifier.ABOUT),
        (KeyFigureUnit.NUMBER, Qualifier.ABOUT),
    ]:
        KeyFigureFactory(subject=again[1], value=Decimal("1200"), unit=unit, qualifier=qualifier)
    template = get_template("history/includes/event.html")
    with translation.override(language):
        view = TimelineView()
        view.setup(RequestFactory().get(f"/{language}/history/"))
        shown = list(view.page_rows())
        assert len(shown) == 9
        assert events_html(shown) == "".join(template.render({"event": e}) for e in shown)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_public_page_reads_the_same_events_by_its_compiled_sql(
    events, language, django_assert_num_queries
):
    """history/page.py's four queries give the events and lists the querysets give, with every
    column event_html reads (a deferred one would cost a query per event)."""
    ContentType.objects.get_for_model(Event)  # cached by the process, as on a public page
    with translation.override(language):
        view = TimelineView()
        view.setup(RequestFactory().get(f"/{language}/history/"))
        expected = [event_html(event) for event in view.page_rows()]
        ids = view.get_base_queryset().values("pk")
        with django_assert_num_queries(4):
            shown = [event_html(event) for event in page_events(ids[:40], timezone.now())]
        assert shown == expected
        with django_assert_num_queries(4):
            # A page further on: its ids' query, sliced, chooses them.
            assert [event_html(e) for e in page_events(ids[1:3], timezone.now())] == expected[1:3]
        with django_assert_num_queries(0):
            assert page_events(Event.objects.none().values("pk"), timezone.now()) == []


def test_the_public_page_reads_its_lists_at_its_instant(events):
    """A key figure or a related organisation withdrawn before the page's instant is not listed;
    an event published after it is not shown."""
    partner = OrganizationFactory(name="Partenaire", slug="partenaire")
    events[0].related_organizations.add(partner)
    ids = Event.objects.public().timeline().values("pk")
    before = {event.slug: event for event in page_events(ids, timezone.now())}
    later = timezone.now() + datetime.timedelta(hours=1)
    KeyFigure.objects.filter(label="associations affiliées").update(unpublish_at=later)
    Organization.objects.filter(slug="partenaire").update(unpublish_at=later)
    Event.objects.filter(pk=events[3].pk).update(publish_at=later + datetime.timedelta(hours=1))
    after = {event.slug: event for event in page_events(ids, later)}
    assert sorted(before) == sorted(e.slug for e in events)
    assert sorted(after) == sorted(e.slug for e in events if e != events[3])
    first = events[0].slug  # with L'Autre, Médecins & <co> and Partenaire (a draft left out)
    assert len(before[first].public_related_organizations) == 3
    assert "partenaire" in [o.slug for o in before[first].public_related_organizations]
    assert len(after[first].public_related_organizations) == 2
    assert "partenaire" not in [o.slug for o in after[first].public_related_organizations]
    assert len(before[events[2].slug].public_key_figures) == 2
    assert len(after[events[2].slug].public_key_figures) == 1


def test_the_timeline_shows_the_events(client, events):
    html = client.get("/en/history/").content.decode()
    assert html.count("<article ") == 5
    # Untranslated texts are marked, as the template marked them.
    assert '<span lang="fr">Création &lt;du&gt; CMMSAM &amp; co</span>' in html
    assert "<strong>Planned</strong>" in html
    assert "Vu &lt;ici&gt; &amp; là" in html
