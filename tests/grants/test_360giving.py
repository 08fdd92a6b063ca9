"""360Giving open data: the real endpoints, validated against the official schemas (copied
unchanged into tests/data/360giving), with nothing invented to meet the standard."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from core import page_cache
from core.models import Status
from core.qualifiers import Qualifier
from grants import threesixtygiving
from programs.models import Grant
from tests.factories import (
    CenterFactory,
    GrantFactory,
    OrganizationFactory,
    ProgramFactory,
    TerritoryFactory,
)
from tests.json_formats import format_checker

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "360giving"
JSON_URL = "/data/grants.360giving.json"
CSV_URL = "/data/grants.360giving.csv"


def load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


PACKAGE_SCHEMA = load("360-giving-package-schema.json")
GRANT_SCHEMA = load("360-giving-schema.json")


def retrieve(uri):
    """Any address of the grant schema (the package names 1.4.2, the schema's $id 1.4.3) is the
    project's copy: no test reaches the internet."""
    if uri.endswith("/360-giving-schema.json"):
        # Its "$schema" is written with http://, which `referencing` does not know: say 2020-12.
        return DRAFT202012.create_resource(GRANT_SCHEMA)
    raise NoSuchResource(ref=uri)


FORMATS = format_checker()


VALIDATOR = Draft202012Validator(
    PACKAGE_SCHEMA, registry=Registry(retrieve=retrieve), format_checker=FORMATS
)


def errors(data):
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)
    ]


@pytest.fixture
def mayotte():
    return TerritoryFactory(
        slug="mayotte", name="Mayotte", name_en="Mayotte", time_zone="Indian/Mayotte", overseas=True
    )


@pytest.fixture
def complete(mayotte):
    """Two grants with all 360Giving needs: an exact amount, an award date, a named recipient."""
    funder = OrganizationFactory(
        name="Fondation Sanofi Espoir",
        name_fr="Fondation Sanofi Espoir",
        slug="sanofi-espoir-foundation",
        kind="foundation",
        website="https://www.fondation-sanofi-espoir.com/",
    )
    mdm = OrganizationFactory(
        name="Médecins du Monde",
        name_fr="Médecins du Monde",
        slug="medecins-du-monde",
        registered_identifier="FR-RNA-W751234567",
    )
    caso = ProgramFactory(
        title="Développer l'activité des CASO",
        title_fr="Développer l'activité des CASO",
        title_en="Developing the activities of CASOs",
        slug="caso-four-cities",
    )
    for city in ("Lyon", "Paris", "Paris"):
        CenterFactory(city=city, operator=mdm).programs.add(caso)
    koungou = ProgramFactory(
        title="Koungou",
        title_fr="Koungou",
        slug="koungou-minors",
        summary="",
        summary_fr="",
        summary_en="",
    )
    CenterFactory(city="Koungou", region="Mayotte", territory=mayotte, operator=mdm).programs.add(
        koungou
    )
    return [
        GrantFactory(
            program=caso,
            slug="caso-2024",
            funder=funder,
            recipient=mdm,
            amount=Decimal("598500"),
            amount_qualifier=Qualifier.EXACT,
            awarded_on=datetime.date(2024, 3, 15),
            starts_on=datetime.date(2024, 4, 1),
            starts_precision="month",
            duration_months=36,
            purpose="Soutien aux CASO.",
            purpose_fr="Soutien aux CASO.",
        ),
        GrantFactory(
            program=koungou,
            slug="koungou-2024",
            funder=funder,
            recipient=mdm,
            amount=Decimal("12500.50"),
            amount_qualifier=Qualifier.EXACT,
            awarded_on=datetime.date(2024, 6, 1),
            purpose="",
            purpose_fr="",
            duration_months=None,
        ),
    ]


@pytest.fixture
def incomplete():
    """One grant per other qualifier (with an award date), and grants lacking a date or a
    recipient."""
    grants = {
        qualifier: GrantFactory(
            slug=f"grant-{qualifier.replace('_', '-')}",
            amount_qualifier=qualifier,
            amount=None if qualifier == Qualifier.NOT_DISCLOSED else Decimal("600000"),
            awarded_on=datetime.date(2024, 1, 10),
        )
        for qualifier in Qualifier.values
        if qualifier != Qualifier.EXACT
    }
    grants["no-date"] = GrantFactory(
        slug="no-award-date",
        amount_qualifier=Qualifier.EXACT,
        amount=Decimal("1000"),
        awarded_on=None,
    )
    grants["no-recipient"] = GrantFactory(
        slug="no-recipient",
        amount_qualifier=Qualifier.EXACT,
        amount=Decimal("1000"),
        awarded_on=datetime.date(2024, 1, 10),
        recipient=None,
    )
    return grants


@pytest.fixture
def hidden():
    """Complete grants the public must not see: a draft, and one whose program is a draft."""
    return [
        GrantFactory(
            slug="draft-grant",
            status=Status.DRAFT,
            amount_qualifier=Qualifier.EXACT,
            amount=Decimal("5000"),
            awarded_on=datetime.date(2024, 2, 2),
        ),
        GrantFactory(
            slug="grant-of-draft-program",
            program=ProgramFactory(status=Status.DRAFT),
            amount_qualifier=Qualifier.EXACT,
            amount=Decimal("5000"),
            awarded_on=datetime.date(2024, 2, 2),
        ),
    ]


def get_json(client, url=JSON_URL, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def read_csv(client):
    response = client.get(CSV_URL)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_schemas_are_the_official_files_unchanged():
    assert PACKAGE_SCHEMA["$id"].endswith("/1.4.3/schema/360-giving-package-schema.json")
    assert PACKAGE_SCHEMA["properties"]["grants"]["items"]["$ref"].endswith(
        "/1.4.2/schema/360-giving-schema.json"
    )
    assert GRANT_SCHEMA["$id"].endswith("/1.4.3/schema/360-giving-schema.json")
    assert (SCHEMAS / "LICENSE.md").exists()


def test_the_format_checker_rejects_bad_dates_and_addresses():
    assert FORMATS.conforms("2024-03-15T10:00:00+01:00", "date-time")
    assert not FORMATS.conforms("2024-03-15", "date-time")
    assert not FORMATS.conforms("yesterday", "date-time")
    assert FORMATS.conforms("https://example.org/fr/grants/", "uri")
    assert not FORMATS.conforms("not an address", "uri")


def test_the_json_package_is_valid_against_the_official_schema(
    client, complete, incomplete, hidden
):
    data = get_json(client)
    assert errors(data) == []
    assert data["version"] == "1.4"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["publisher"] == {
        "name": "Accès Santé",
        "identifier": "360G-accessante",
        "website": "http://testserver/fr/",
    }
    assert data["identifier"] == "360G-accessante-grants"
    assert data["downloadURL"] == "http://testserver/data/grants.360giving.json"


def test_the_validator_would_catch_a_broken_package(client, complete):
    data = get_json(client)
    for broken in (
        {**data, "grants": []},
        {**data, "issued": "yesterday"},
        {**data, "publisher": {**data["publisher"], "website": "not an address"}},
        {**data, "grants": [{**data["grants"][0], "amountAwarded": "almost 600000"}]},
        {**data, "grants": [{k: v for k, v in data["grants"][0].items() if k != "awardDate"}]},
        {
            **data,
            "grants": [
                {
                    **data["grants"][0],
                    "beneficiaryLocation": [{"name": "Koungou", "countryCode": "XX"}],
                }
            ],
        },
    ):
        assert errors(broken), broken


def test_only_complete_public_grants_go_into_the_files(client, complete, incomplete, hidden):
    data = get_json(client)
    assert [g["id"] for g in data["grants"]] == [
        "360G-accessante-caso-2024",
        "360G-accessante-koungou-2024",
    ]
    rows = read_csv(client)
    assert [row[0] for row in rows[1:]] == [
        "360G-accessante-caso-2024",
        "360G-accessante-koungou-2024",
    ]


def test_a_grant_says_what_the_records_say_and_no_more(client, complete):
    caso, koungou = get_json(client)["grants"]
    assert caso["amountAwarded"] == 598500
    assert koungou["amountAwarded"] == 12500.5
    assert caso["currency"] == "EUR"
    assert caso["awardDate"] == "2024-03-15"
    assert (
        caso["title"] == "Développer l'activité des CASO"
    )  # the files are in the site's first language
    assert caso["description"] == "Soutien aux CASO."
    assert koungou["description"] == "Koungou"  # no purpose, no summary: the program's own words
    assert caso["url"] == "http://testserver/fr/grants/caso-2024/"
    assert caso["plannedDates"] == [{"startDate": "2024-04", "duration": 36}]
    assert "plannedDates" not in koungou  # nothing stated, nothing said
    assert caso["recipientOrganization"] == [
        {"id": "FR-RNA-W751234567", "name": "Médecins du Monde"}
    ]
    assert caso["fundingOrganization"] == [
        {
            "id": "360G-accessante-org-sanofi-espoir-foundation",
            "name": "Fondation Sanofi Espoir",
            "url": "https://www.fondation-sanofi-espoir.com/",
        }
    ]
    assert caso["beneficiaryLocation"] == [
        {"name": "Lyon", "countryCode": "FR"},
        {"name": "Paris", "countryCode": "FR"},
    ]
    # Mayotte has its own ISO 3166-1 code, and the standard's codelist has it.
    assert koungou["beneficiaryLocation"] == [{"name": "Koungou", "countryCode": "YT"}]
    codes = {
        row["Code"] for row in csv.DictReader((SCHEMAS / "countryCode.csv").open(encoding="utf-8"))
    }
    assert {"FR", "YT"} <= codes
    assert caso["grantProgramme"] == [
        {
            "code": "caso-four-cities",
            "title": "Développer l'activité des CASO",
            "url": "http://testserver/fr/programs/caso-four-cities/",
        }
    ]


def test_identifiers_come_from_the_prefix_and_slugs_never_database_keys(settings, complete):
    grant = complete[0]
    settings.THREESIXTYGIVING_PREFIX = "360G-accessante"
    assert threesixtygiving.grant_identifier(grant) == "360G-accessante-caso-2024"
    settings.THREESIXTYGIVING_PREFIX = "accessante"
    assert threesixtygiving.grant_identifier(grant) == "360G-accessante-caso-2024"
    assert str(grant.pk) not in threesixtygiving.grant_identifier(grant).removeprefix("360G-")


def test_the_csv_has_one_row_per_grant_with_the_schema_titles(client, complete):
    header, *rows = read_csv(client)
    assert len(rows) == 2
    for title in (
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Planned Dates:Start Date",
        "Planned Dates:End Date",
        "Planned Dates:Duration (months)",
        "Beneficiary Location:0:Name",
        "Beneficiary Location:0:Country Code",
        "Beneficiary Location:1:Name",
        "Grant Programme:Title",
    ):
        assert title in header
    caso = dict(zip(header, rows[0], strict=True))
    assert caso["Amount Awarded"] == "598500"
    assert caso["Recipient Org:Identifier"] == "FR-RNA-W751234567"
    assert caso["Beneficiary Location:1:Name"] == "Paris"
    koungou = dict(zip(header, rows[1], strict=True))
    assert koungou["Amount Awarded"] == "12500.5"
    assert koungou["Beneficiary Location:0:Country Code"] == "YT"
    assert koungou["Beneficiary Location:1:Name"] == ""


def _resolve(node):
    while "$ref" in node:
        node = GRANT_SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def schema_title(path):
    """The title 360Giving gives a flattened field: the titles along its path, joined by ':',
    with an array's index kept where it is numbered (Beneficiary Location:0:Name)."""
    node, titles = GRANT_SCHEMA, []
    for step in path:
        if isinstance(step, int):
            titles.append(str(step))
            node = _resolve(node["items"])
            continue
        node = _resolve(node["properties"][step])
        titles.append(node["title"])
    return ":".join(titles)


def test_every_column_title_is_the_schemas_own(client, complete):
    records = get_json(client)["grants"]
    header = read_csv(client)[0]
    columns = threesixtygiving.columns(records)
    assert header == [title for title, _path in columns]
    for title, path in columns:
        expected = schema_title(path)
        if path[0] != "beneficiaryLocation":
            # A one-item array is rolled up: its index is left out of the title.
            expected = re.sub(r":0(?=:)", "", expected)
        assert title == expected, (title, path)


def test_the_data_quality_reasons_and_the_files_agree(complete, incomplete, hidden):
    grants = Grant.objects.public()
    ready = set(threesixtygiving.publishable(grants))
    assert ready == {g for g in grants if not threesixtygiving.missing(g)} == set(complete)
    with translation.override("en"):
        reasons = {g.slug: threesixtygiving.missing(g) for g in threesixtygiving.left_out(grants)}
    assert reasons == {
        "grant-about": ["amount stated as “about €600,000”, not as an exact amount"],
        "grant-almost": ["amount stated as “almost €600,000”, not as an exact amount"],
        "grant-up-to": ["amount stated as “up to €600,000”, not as an exact amount"],
        "grant-more-than": ["amount stated as “more than €600,000”, not as an exact amount"],
        "grant-at-least": ["amount stated as “at least €600,000”, not as an exact amount"],
        "grant-not-disclosed": ["amount not disclosed"],
        "no-award-date": ["award date not stated"],
        "no-recipient": ["recipient not stated by the source"],
    }


def test_with_no_complete_grant_the_json_is_a_clear_404_never_an_invalid_package(
    client, incomplete, hidden
):
    response = client.get(JSON_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    body = response.json()
    assert "grants" not in body
    assert body["error"]["status"] == 404
    assert "exact amount" in body["error"]["detail"]
    assert body["error"]["dataQuality"] == "http://testserver/en/grants/data-quality/"
    response = client.get(CSV_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "exact amount" in response.content.decode()


def test_the_files_answer_only_get_and_head(client, complete):
    assert client.post(JSON_URL).status_code == 405
    assert client.head(JSON_URL).status_code == 200


def test_the_files_make_a_flat_number_of_queries(client, mayotte):
    def grants(n, start):
        for i in range(start, start + n):
            program = ProgramFactory()
            CenterFactory(city=f"Ville {i}").programs.add(program)
            CenterFactory(city="Koungou", territory=mayotte).programs.add(program)
            GrantFactory(
                program=program,
                amount_qualifier=Qualifier.EXACT,
                amount=Decimal("1000"),
                awarded_on=datetime.date(2024, 1, 1),
            )

    def count(url):
        # Every data change builds the files again (opendata/store.py): count a build.
        page_cache.bump()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grants(2, 0)
    count(JSON_URL)  # the files' rows are created once, then updated
    few = count(JSON_URL), count(CSV_URL)
    grants(48, 2)
    data = get_json(client)
    assert len(data["grants"]) == 50
    assert errors(data) == []
    assert (count(JSON_URL), count(CSV_URL)) == few


def test_every_grant_of_a_program_lists_its_places(client, complete):
    """Two grants of one program (one program instance each) both say where its places are;
    a place in two programs is a location of both."""
    caso_grant, koungou_grant = complete
    GrantFactory(
        program=caso_grant.program,
        slug="caso-2025",
        funder=caso_grant.funder,
        recipient=caso_grant.recipient,
        amount=Decimal("1000"),
        amount_qualifier=Qualifier.EXACT,
        awarded_on=datetime.date(2025, 1, 10),
    )
    CenterFactory(city="Marseille").programs.add(caso_grant.program, koungou_grant.program)
    cities = {
        grant["id"]: sorted(location["name"] for location in grant["beneficiaryLocation"])
        for grant in get_json(client)["grants"]
    }
    assert cities == {
        "360G-accessante-caso-2024": ["Lyon", "Marseille", "Paris"],
        "360G-accessante-caso-2025": ["Lyon", "Marseille", "Paris"],
        "360G-accessante-koungou-2024": ["Koungou", "Marseille"],
    }
