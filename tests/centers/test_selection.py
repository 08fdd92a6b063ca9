"""A selection of places in the address (?sel=), and its printed sheet (issue 14, item 2)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

from centers.models import NoticeKind
from centers.selection import MAX_SELECTED, Selection
from core.models import Status, TriState
from tests.factories import (
    CenterFactory,
    NoticeFactory,
    OpeningHoursFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/{lang}/places/"
SHEET = "/{lang}/places/selection/"


@pytest.fixture(autouse=True)
def _french_fields():
    """Factories write the French fields: a request to /en/ leaves English active otherwise."""
    translation.activate("fr")
    yield
    translation.activate("fr")


def text_of(response):
    return " ".join(response.content.decode().split())


def ids(*centers):
    return ",".join(str(c.pk) for c in centers)


class TestReading:
    def test_ids_in_order_once_and_what_is_not_one_aside(self):
        selection = Selection("8,3, 8,,x,0,-2,٣," + "9" * 19)
        assert selection.ids == [8, 3]
        assert selection.unreadable == ["x", "0", "-2", "٣", "9" * 19]
        assert not selection.too_many

    def test_the_first_ten_only(self):
        selection = Selection(",".join(str(n) for n in range(1, 14)))
        assert selection.ids == list(range(1, MAX_SELECTED + 1))
        assert selection.too_many and selection.full

    def test_toggle_keeps_the_other_parameters(self):
        from django.http import QueryDict

        data = QueryDict("kind=hotline&page=2&sel=4,5")
        selection = Selection("4,5")
        assert selection.toggle(data, 6) == "kind=hotline&page=2&sel=4,5,6"
        assert selection.toggle(data, 4) == "kind=hotline&page=2&sel=5"
        assert Selection("4").toggle(QueryDict("sel=4"), 4) == ""

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "sel=3,8",
            "territory=mayotte&sel=3&free=on",
            "sel=1,2,3,4,5,6,7,8,9,10",
            "sel=5&page=2&sel=7&place=%C3%A9%20%C3%BC,x",
            "place=%00selection%00&sel=2",
            "sel=",
        ],
    )
    def test_the_cards_links_are_the_selections_own(self, query):
        """The list writes its cards' links once around the selection (centers.views._Toggles):
        the same links as Selection.toggle, in the same order of parameters."""
        from django.http import QueryDict

        from centers.views import _Toggles

        data = QueryDict(query)
        selection = Selection(",".join(data.getlist("sel")))
        toggles = _Toggles(selection, data)
        for pk in (1, 2, 3, 5, 7, 8, 10, 11):
            assert toggles.toggle(data, pk) == selection.toggle(data, pk), pk


class TestList:
    def test_each_card_adds_its_place_keeping_the_filters(self, client):
        center = CenterFactory(city="Roubaix")
        body = text_of(client.get(LIST.format(lang="en"), {"place": "Roubaix"}))
        assert (
            f'<a href="?place=Roubaix&amp;sel={center.pk}#place-{center.pk}">Add to the selection'
            in body
        )
        assert f'id="place-{center.pk}"' in body
        assert "Add up to 10 places to a selection" in body
        assert 'name="sel"' not in body

    def test_the_selection_is_carried_by_every_link_and_the_form(self, client):
        first, second = CenterFactory(name_en="First"), CenterFactory(name_en="Second")
        CenterFactory.create_batch(20)
        response = client.get(LIST.format(lang="en"), {"sel": ids(first, second), "free": "on"})
        body = text_of(response)
        assert response.status_code == 200
        assert "2 places selected" in body
        # The form's next search keeps it; so do the pages and the print and clear links.
        assert f'<input type="hidden" name="sel" value="{ids(first, second)}">' in body
        assert f'href="/en/places/selection/?sel={ids(first, second)}"' in body
        assert 'href="?free=on">Clear the selection' in body
        assert f'href="/en/places/?sel={ids(first, second)}">Clear all filters' in body
        remove = f'href="?free=on&amp;sel={second.pk}">Remove from the selection'
        assert remove in body
        # "free" matches none of these (not stated): the list is empty, the selection stays.
        assert "No place matches all these filters" in body
        assert "First" in body and "Second" in body

    def test_pages_keep_the_selection(self, client):
        places = CenterFactory.create_batch(21)
        body = text_of(client.get(LIST.format(lang="en"), {"sel": ids(places[-1])}))
        assert re.search(rf'href="\?sel={places[-1].pk}&amp;page=2"\s+rel="next"', body)
        assert "1 place selected" in body
        assert "In your selection" not in body  # the place is on page 2
        page2 = text_of(client.get(LIST.format(lang="en"), {"sel": ids(places[-1]), "page": 2}))
        assert "In your selection" in page2
        assert f'href="?page=2#place-{places[-1].pk}">Remove from the selection' in page2

    def test_a_full_selection_offers_no_more(self, client):
        chosen = CenterFactory.create_batch(MAX_SELECTED)
        other = CenterFactory()
        body = text_of(client.get(LIST.format(lang="en"), {"sel": ids(*chosen)}))
        assert "10 places selected" in body
        assert "The selection is full." in body
        assert f"sel={ids(*chosen)},{other.pk}" not in body

    def test_unpublished_places_leave_the_links(self, client):
        shown = CenterFactory()
        draft = CenterFactory(status=Status.DRAFT)
        body = text_of(client.get(LIST.format(lang="en"), {"sel": ids(draft, shown)}))
        assert "1 place selected" in body
        assert "1 place of the selection is not published, or no longer" in body
        assert f'href="/en/places/selection/?sel={shown.pk}"' in body

    def test_unreadable_selection_is_a_400_that_says_so(self, client):
        center = CenterFactory()
        response = client.get(LIST.format(lang="en"), {"sel": f"{center.pk},abc"})
        assert response.status_code == 400
        body = text_of(response)
        assert "not place numbers and were left out: abc" in body
        assert "1 place selected" in body


def sheet_place(**kwargs):
    center = CenterFactory(
        name="Consultation pour mineurs",
        name_en="Consultation for minors",
        name_ar="استشارة للقاصرين",
        city="Koungou",
        department="Mayotte",
        department_code="976",
        territory=TerritoryFactory(
            slug="mayotte", name="Mayotte", name_en="Mayotte", overseas=True
        ),
        min_age=0,
        max_age=18,
        free_of_charge=TriState.YES,
        appointment_needed=TriState.NO,
        phone="02 69 00 00 00",
        **kwargs,
    )
    center.audiences.add(TargetGroupFactory(name="Mineurs", name_en="Minors"))
    for day in range(4):
        OpeningHoursFactory(
            center=center, weekday=day, opens=datetime.time(8), closes=datetime.time(12)
        )
    return center


class TestSheet:
    def test_the_address_is_not_a_place(self):
        with translation.override("en"):
            assert resolve("/en/places/selection/").url_name == "center-selection"
        center = CenterFactory.build(slug="selection", operator=CenterFactory().operator)
        center.territory = TerritoryFactory()
        with (
            translation.override("en"),
            pytest.raises(ValidationError, match="taken by a page of the site"),
        ):
            center.full_clean()

    def test_condensed_cards_in_the_order_picked(self, client):
        koungou = sheet_place()
        van = CenterFactory(name_en="Health van", city="", area_served_en="Seine-Saint-Denis")
        response = client.get(SHEET.format(lang="en"), {"sel": ids(van, koungou)})
        assert response.status_code == 200
        body = text_of(response)
        assert body.index("Health van") < body.index("Consultation for minors")
        assert "<dt>Where</dt><dd><span>Koungou, Mayotte (976)</span></dd>" in body
        assert "Seine-Saint-Denis" in body
        assert "<span>Minors</span><span> – from 0 to 18 years old</span>" in body
        assert 'Free of charge: <span class="yes">Yes</span>' in body
        assert 'Appointment needed: <span class="no">No</span>' in body
        assert "Not stated by the source:</span><span> without a residence permit;" in body
        assert '<span>Mon–Thu </span><bdi dir="ltr">08:00–12:00</bdi>' in body
        assert 'Phone </span><bdi dir="ltr">02 69 00 00 00</bdi>' in body
        assert "Hours not stated by the source." in body  # the van's
        assert body.count('<svg role="img"') == 2
        assert f"http://testserver/en/places/{koungou.slug}/" in body
        assert "style=" not in body and "<script" not in body

    def test_a_second_language_under_the_first(self, client):
        koungou = sheet_place()
        body = text_of(client.get(SHEET.format(lang="fr"), {"sel": ids(koungou), "also": "ar"}))
        assert '<html lang="fr" dir="ltr">' in body
        block = body[body.index('<div class="selection-also" lang="ar" dir="rtl">') :]
        assert '<p class="selection-name">استشارة للقاصرين</p>' in block
        assert "<dt>أين</dt>" in block
        # The codes lead to the page in the second language: the person handed the sheet.
        assert f"http://testserver/ar/places/{koungou.slug}/" in body
        assert '<option value="ar" selected>' in body

    def test_a_current_notice_shows_on_the_card_in_each_language(self, client):
        koungou = sheet_place()
        NoticeFactory(
            center=koungou,
            kind=NoticeKind.CLOSURE,
            message="Fermé pour travaux.",
            message_en="Closed for works.",
            message_ar="مغلق للأشغال.",
            starts_on=datetime.date.today() - datetime.timedelta(days=1),
        )
        NoticeFactory(
            center=koungou,
            message="Ancien message.",
            message_en="Old message.",
            starts_on=datetime.date.today() - datetime.timedelta(days=30),
            ends_on=datetime.date.today() - datetime.timedelta(days=20),
        )
        body = text_of(client.get(SHEET.format(lang="en"), {"sel": ids(koungou), "also": "ar"}))
        first = body[: body.index('<div class="selection-also"')]
        assert "Temporary closure" in first and "until further notice" in first
        assert "Closed for works." in first
        assert "مغلق للأشغال." in body[body.index('<div class="selection-also"') :]
        assert "Old message." not in body

    def test_unknown_language_and_unreadable_ids_are_a_400_that_says_so(self, client):
        koungou = sheet_place()
        response = client.get(SHEET.format(lang="en"), {"sel": f"{koungou.pk},zz", "also": "xx"})
        assert response.status_code == 400
        body = text_of(response)
        assert "“xx” is not a language of this site" in body
        assert "not place numbers and were left out: zz" in body
        assert "Consultation for minors" in body
        assert "selection-also" not in body

    def test_unpublished_and_surplus_places_are_left_out_with_a_note(self, client):
        draft = CenterFactory(status=Status.DRAFT, name_en="Draft place")
        shown = CenterFactory.create_batch(MAX_SELECTED)
        response = client.get(SHEET.format(lang="en"), {"sel": ids(draft, *shown)})
        body = text_of(response)
        assert response.status_code == 200
        assert "Draft place" not in body
        assert "1 place of the selection is not published, or no longer" in body
        assert "A sheet holds at most 10 places: here are the first 10." in body
        assert body.count('class="selection-card"') == MAX_SELECTED - 1

    def test_nothing_selected_says_what_to_do(self, client):
        response = client.get(SHEET.format(lang="en"))
        assert response.status_code == 200
        assert "No place is selected." in text_of(response)

    def test_queries_do_not_grow_with_the_places(self, client):
        places = [sheet_place(slug=f"p{n}") if n == 0 else CenterFactory() for n in range(10)]
        for center in places:
            center.audiences.add(TargetGroupFactory())
            OpeningHoursFactory(center=center)
            NoticeFactory(center=center)

        def count(chosen):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(SHEET.format(lang="fr"), {"sel": ids(*chosen), "also": "ar"})
            assert response.status_code == 200
            assert text_of(response).count('class="selection-card"') == len(chosen)
            return len(queries)

        assert count(places[:2]) == count(places)
