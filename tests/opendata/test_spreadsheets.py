"""The lists as CSV and XLSX: the page's rows and words, formulas neutralised, limits."""

import csv
import datetime
import io
import re
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.models import Status, TriState
from core.qualifiers import Qualifier
from network.seeding import seed_network
from opendata import spreadsheets
from tests.factories import CenterFactory, GrantFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return book.worksheets[0]


def rows_of(response):
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_filtered_xlsx_has_the_pages_rows_and_qualifiers(client):
    seed_network()
    query = "territory=mayotte&audience=children-and-minors&free=yes"
    page = client.get(f"/en/places/?{query}").content.decode()
    # The page links to its download with its filters (in the page's canonical order).
    (link,) = re.findall(r'href="(/en/places/download\.xlsx\?[^"]*)"', page)
    assert sorted(link.split("?")[1].split("&amp;")) == sorted(query.split("&"))
    sheet = workbook(client.get(f"/en/places/download.xlsx?{query}"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Name", "Kind", "Summary", "Where")
    assert [r[0] for r in rows[1:]] == [
        "Medico-social consultation for minors – Médecins du Monde, Koungou"
    ]
    assert rows[1][0] in page
    headers = rows[0]
    assert rows[1][headers.index("Free of charge")] == "Yes"
    assert rows[1][headers.index("Address")] == "not stated by the source"
    assert rows[1][headers.index("Where")] == "Koungou, Mayotte (976)"
    # Grants: the qualifier is kept, in the page's language.
    fr = rows_of(client.get("/fr/grants/download.csv"))
    assert fr[0][:3] == ["Financeur", "Bénéficiaire", "Montant"]
    assert "près de 600\u00a0000\u00a0€" in [row[2] for row in fr]
    sheet = workbook(client.get("/en/grants/download.xlsx?funder=sanofi-espoir-foundation"))
    amounts = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "almost €600,000" in amounts


def test_every_list_downloads_in_both_formats_and_languages(client):
    seed_network()
    for prefix in spreadsheets.LISTS_PATHS:
        for lang in ("fr", "en"):
            rows = rows_of(client.get(f"/{lang}/{prefix}/download.csv"))
            assert len(rows) > 1, prefix
            sheet = workbook(client.get(f"/{lang}/{prefix}/download.xlsx"))
            assert [list(r) for r in sheet.iter_rows(values_only=True)][0] == rows[0]


def test_formulas_are_neutralised_but_phone_numbers_stay_readable(client):
    CenterFactory(name='=HYPERLINK("http://evil")', phone="+33 1 23 45 67 89")
    CenterFactory(name="@SUM(1+1)", phone="-2+3+cmd|' /C calc'!A0")
    rows = rows_of(client.get("/fr/places/download.csv"))
    headers = rows[0]
    name, phone = headers.index("Nom"), headers.index("Téléphone")
    by_name = {row[name]: row for row in rows[1:]}
    assert by_name['\'=HYPERLINK("http://evil")'][phone] == "+33 1 23 45 67 89"
    assert by_name["'@SUM(1+1)"][phone] == "'-2+3+cmd|' /C calc'!A0"
    # The XLSX writes every value as text: nothing is a formula, nothing is altered.
    sheet = workbook(client.get("/fr/places/download.xlsx"))
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert all(cell.data_type == "s" for cell in cells)
    values = {cell.value for cell in cells}
    assert '=HYPERLINK("http://evil")' in values
    assert "+33 1 23 45 67 89" in values
    assert spreadsheets.neutralise("+262 (0)2 62 12 34 56") == "+262 (0)2 62 12 34 56"
    assert spreadsheets.neutralise("\tx") == "'\tx"


def test_a_hidden_record_is_in_no_spreadsheet(client):
    organization = OrganizationFactory(name="Publiée")
    CenterFactory(name="Visible", operator=organization)
    CenterFactory(name="Brouillon", status=Status.DRAFT, operator=organization)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    CenterFactory(name="Programmée", publish_at=later, operator=organization)
    CenterFactory(name="Archivée", status=Status.ARCHIVED, operator=organization)
    for url in ("/fr/places/download.csv", "/fr/places/download.csv?free=yes"):
        text = client.get(url).content.decode()
        assert "Visible" in text or "free" in url
        for hidden in ("Brouillon", "Programmée", "Archivée"):
            assert hidden not in text


def test_a_scheduled_record_appears_in_the_stored_file_at_its_minute(client):
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    CenterFactory(name="Bientôt", publish_at=soon)
    assert "Bientôt" not in client.get("/fr/places/download.csv").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=soon + datetime.timedelta(1)):
        assert "Bientôt" in client.get("/fr/places/download.csv").content.decode()


def test_a_filtered_download_stops_at_its_limit_and_says_so(client):
    for _ in range(3):
        CenterFactory(free_of_charge=TriState.YES)
    with mock.patch.object(spreadsheets, "MAX_ROWS", 2):
        rows = rows_of(client.get("/en/places/download.csv?free=yes"))
        sheet = workbook(client.get("/en/places/download.xlsx?free=yes"))
    assert len(rows) == 1 + 2 + 1
    assert "stops at 2 rows" in rows[-1][0]
    assert "stops at 2 rows" in list(sheet.iter_rows(values_only=True))[-1][0]


def test_a_filter_not_understood_is_a_400_page(client):
    response = client.get("/en/places/download.csv?territory=atlantis")
    assert response.status_code == 400
    assert "not understood" in response.content.decode()


def test_filtered_downloads_are_rate_limited_with_a_clear_page(client):
    CenterFactory(free_of_charge=TriState.YES)
    for _ in range(10):
        assert client.get("/en/places/download.csv?free=yes").status_code == 200
    response = client.get("/en/places/download.xlsx?free=yes")
    assert response.status_code == 429
    assert response["Retry-After"]
    text = response.content.decode()
    assert "Too many downloads" in text and "full list" in text
    # The full list is a stored file: not limited.
    assert client.get("/en/places/download.csv").status_code == 200


def test_a_second_filtered_download_at_the_same_time_is_refused(client):
    CenterFactory(free_of_charge=TriState.YES)
    with mock.patch("opendata.views._download_lock", return_value=False):
        response = client.get("/fr/places/download.csv?free=yes")
    assert response.status_code == 429
    assert "Réessayez" in response.content.decode() or "Try again" in response.content.decode()


def test_a_download_makes_a_flat_number_of_queries(client):
    def count(url):
        page_cache.bump()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def data(n):
        for _ in range(n):
            program = ProgramFactory()
            CenterFactory(free_of_charge=TriState.YES).programs.add(program)
            GrantFactory(program=program, amount=Decimal("1000"), amount_qualifier=Qualifier.ALMOST)

    urls = [f"/fr/{p}/download.xlsx" for p in spreadsheets.LISTS_PATHS]
    urls += ["/fr/places/download.csv?free=yes", "/fr/open-data/"]
    data(2)
    [count(url) for url in urls]
    few = [count(url) for url in urls]
    data(30)
    assert [count(url) for url in urls] == few
