"""The places list's pages: the order across pages, the depth cap, "open now" without reading
every place."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import NoticeKind
from centers.views import PagePaginator
from tests.factories import (
    CenterFactory,
    NoticeFactory,
    OpeningHoursFactory,
    OrganizationFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/en/places/"
# A Monday, 10:00 in Paris.
MONDAY_MORNING = datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)


def slugs(body):
    return re.findall(r'href="/en/places/(p-[^/]+)/"', body)


@pytest.fixture
def places():
    """65 places: overseas ones last, then by city and name; every other one open on Mondays."""
    operator = OrganizationFactory()
    mayotte = TerritoryFactory(
        slug="mayotte", name="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )
    made = []
    for n in range(65):
        center = CenterFactory(
            operator=operator,
            slug=f"p-{n:02d}",
            name=f"Place {n:02d}",
            city=("Lyon", "Brest", "Mamoudzou")[n % 3],
            territory=mayotte if n % 3 == 2 else TerritoryFactory(),
        )
        if n % 2:
            OpeningHoursFactory(
                center=center, weekday=0, opens=datetime.time(8), closes=datetime.time(18)
            )
        made.append(center)
    return made


# "no compound slicing": the path taken on SQLite (`make run`), which allows no LIMIT in a UNION.
# `few`: the most places a group may hold for its page to be chosen among their ids, which its
# count read (PagePaginator.FEW): 0, every page is read from the list index in order, as a
# group of more places is.
@pytest.mark.parametrize("compound_slicing", [True, False])
@pytest.mark.parametrize("few", [PagePaginator.FEW, 0])
def test_pages_follow_the_list_order_without_gaps_or_repeats(
    client, places, compound_slicing, few, monkeypatch
):
    monkeypatch.setattr(
        connection.features, "supports_slicing_ordering_in_compound", compound_slicing
    )
    monkeypatch.setattr(PagePaginator, "FEW", few)
    shown = []
    for page in (1, 2, 3, 4):
        body = client.get(LIST, {"page": page}).content.decode()
        shown += slugs(body)
    expected = [
        c.slug for c in sorted(places, key=lambda c: (c.territory.overseas, c.city, c.name))
    ]
    assert shown == expected


def test_a_list_deeper_than_the_cap_asks_to_narrow_the_search(client, places, monkeypatch):
    monkeypatch.setattr(PagePaginator, "MAX_PAGES", 2)
    last = client.get(LIST, {"page": 2})
    body = " ".join(last.content.decode().split())
    assert last.status_code == 200
    assert "Page 2 of 2" in body
    assert 'rel="next"' not in body
    assert (
        "Only the first 2 pages of a list are shown: narrow your search with the filters to see "
        "the other places." in body
    )
    # 65 places in all: the count stops one place past what 2 pages of 20 show.
    assert "More than 40 care places" in body
    assert "Go to the results (more than 40 places)" in body
    beyond = client.get(LIST, {"page": 3})
    assert beyond.status_code == 400
    assert "There is no page “3” in this list. Here is page 1 of 2." in beyond.content.decode()


def test_a_list_within_the_cap_says_nothing_of_it(client, places):
    body = client.get(LIST, {"page": 4}).content.decode()
    assert "Only the first" not in body
    assert "Page 4 of 4" in body


def queries_for(client, query):
    with (
        mock.patch("django.utils.timezone.now", return_value=MONDAY_MORNING),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(LIST, query)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("query", [{"open_now": "on"}, {"open_now": "on", "place": "Lyon"}, {}])
def test_open_now_reads_the_same_number_of_queries_whatever_the_number_of_places(
    client, places, query
):
    few, body = queries_for(client, query)
    if query:
        assert set(slugs(body)) <= {c.slug for c in places[1::2]}
    operator = places[0].operator
    for n in range(40):
        center = CenterFactory(operator=operator, slug=f"more-{n}", city="Lyon")
        OpeningHoursFactory(
            center=center, weekday=0, opens=datetime.time(8), closes=datetime.time(18)
        )
    many, _body = queries_for(client, query)
    assert many == few


def test_a_capped_count_says_more_than_with_filters_and_in_french(client, places, monkeypatch):
    monkeypatch.setattr(PagePaginator, "MAX_PAGES", 1)
    body = " ".join(client.get(LIST, {"kind": "caso"}).content.decode().split())
    assert "More than 20 places match your filters" in body
    french = " ".join(client.get("/fr/places/").content.decode().split())
    assert "Plus de 20 lieux de soins" in french
    assert "Aller aux résultats (plus de 20 lieux)" in french


@pytest.mark.parametrize("compound_slicing", [True, False])
def test_a_count_at_the_cap_is_exact_and_the_overseas_places_are_counted(
    client, places, monkeypatch, compound_slicing
):
    # 65 places fill 4 pages of 20: counted exactly, the 21 overseas ones too.
    monkeypatch.setattr(
        connection.features, "supports_slicing_ordering_in_compound", compound_slicing
    )
    monkeypatch.setattr(PagePaginator, "MAX_PAGES", 4)
    body = " ".join(client.get(LIST).content.decode().split())
    assert "65 care places" in body
    assert "More than" not in body
    overseas = " ".join(client.get(LIST, {"territory": "mayotte"}).content.decode().split())
    assert "21 places match your filters" in overseas


def test_each_card_shows_its_own_audiences_hours_and_closure_on_a_short_page(client):
    """A page of fewer places than a page holds reads their rows by the SQL written for a full
    page (core.prepared.ForPage): each card still shows only its own place's rows."""
    territory = TerritoryFactory()
    open_place = CenterFactory(territory=territory, city="Arles", name="A")
    open_place.audiences.add(TargetGroupFactory(name="Women", name_en="Women"))
    OpeningHoursFactory(
        center=open_place, weekday=0, opens=datetime.time(8), closes=datetime.time(18)
    )
    closed_place = CenterFactory(territory=territory, city="Brest", name="B")
    closed_place.audiences.add(TargetGroupFactory(name="Children", name_en="Children"))
    OpeningHoursFactory(
        center=closed_place, weekday=0, opens=datetime.time(8), closes=datetime.time(18)
    )
    NoticeFactory(center=closed_place, kind=NoticeKind.CLOSURE, starts_on=MONDAY_MORNING.date())
    unknown_place = CenterFactory(territory=territory, city="Caen", name="C")
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_MORNING):
        body = client.get(LIST).content.decode()
    cards = {
        pk: re.search(rf'<li class="card center-card" id="place-{pk}">.*?</li>', body, re.S)[0]
        for pk in (open_place.pk, closed_place.pk, unknown_place.pk)
    }
    assert "Women" in cards[open_place.pk] and "Children" not in cards[open_place.pk]
    assert "Open now" in cards[open_place.pk]
    assert "Children" in cards[closed_place.pk] and "Women" not in cards[closed_place.pk]
    assert "Temporarily closed" in cards[closed_place.pk]
    assert "Hours unknown" in cards[unknown_place.pk]
    assert "Women" not in cards[unknown_place.pk] and "Children" not in cards[unknown_place.pk]


@pytest.fixture
def same_name():
    """25 places of one city, all with the same name (more than a page of ties), made in the
    reverse order of their primary keys: the table holds them in the order they were made."""
    operator, territory = OrganizationFactory(), TerritoryFactory()
    return [
        CenterFactory(
            pk=100_000 + n,
            operator=operator,
            territory=territory,
            slug=f"p-{n:02d}",
            name="Permanence santé",
        )
        for n in reversed(range(25))
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("few", [PagePaginator.FEW, 0])
def test_places_with_the_same_name_keep_one_order_across_pages(
    client, same_name, language, few, monkeypatch
):
    monkeypatch.setattr(PagePaginator, "FEW", few)
    shown = []
    for page in (1, 2):
        body = client.get(f"/{language}/places/", {"page": page}).content.decode()
        shown += re.findall(rf'href="/{language}/places/(p-[^/]+)/"', body)
    # Every place once, in the order of their primary keys (not of where the table keeps them).
    assert shown == [f"p-{n:02d}" for n in range(25)]


@pytest.mark.parametrize("missing", ["", None])
def test_in_a_language_without_the_names_the_list_follows_the_names_it_shows(client, missing):
    """In Arabic a place without an Arabic name (none, or an empty one) shows its French one:
    the list is in the order of the names shown, an Arabic one among them in its place, not the
    translated ones first (or last) and the others in no set order."""
    operator, territory = OrganizationFactory(), TerritoryFactory()
    for slug, name, name_ar in [
        ("p-c", "Centre Cèdre", missing),
        ("p-a", "Accueil Aubépine", missing),
        ("p-z", "Zone de soins", "مركز"),
        ("p-b", "Bus santé", missing),
    ]:
        CenterFactory(operator=operator, territory=territory, slug=slug, name=name, name_ar=name_ar)
    body = client.get("/ar/places/").content.decode()
    assert re.findall(r'href="/ar/places/(p-[^/]+)/"', body) == ["p-a", "p-b", "p-c", "p-z"]
