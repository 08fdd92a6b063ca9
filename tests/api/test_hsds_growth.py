"""The HSDS API's answers do not grow with the data: the same queries at 40 and at 400 places
(every relation filled), on every list with its fullest options and on a record's address."""

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from centers.models import Center, Notice, OpeningHours
from tests.factories import (
    LanguageFactory,
    OrganizationFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

SMALL, LARGE = 40, 400
MAX_QUERIES = 10
TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def add_places(count, start, world):
    centers = Center.objects.bulk_create(
        Center(
            name=f"Lieu {n}",
            name_en=f"Place {n}",
            slug=f"lieu-{n}",
            kind="caso",
            operator=world["orgs"][n % len(world["orgs"])],
            territory=world["territory"],
            city="Lyon",
            postcode="69007",
            status="published",
        )
        for n in range(start, start + count)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(center=c, weekday=day, opens=datetime.time(9), closes=datetime.time(17))
        for c in centers
        for day in range(5)
    )
    Notice.objects.bulk_create(
        Notice(center=c, message="Avis", starts_on=datetime.date(2020, 1, 1)) for c in centers
    )
    for relation, records in (
        ("audiences", world["groups"]),
        ("services", world["services"]),
        ("languages", world["languages"]),
    ):
        through = getattr(Center, relation).through
        field = getattr(Center, relation).field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(center=c, **{field: r}) for c in centers for r in records
        )


URLS = [
    "/api/hsds/services?per_page=100",
    "/api/hsds/services?per_page=100&full=true",
    "/api/hsds/services?per_page=100&minimal=true",
    "/api/hsds/services?per_page=100&search=lyon",
    "/api/hsds/service_at_locations?per_page=100&full=true&postcode=69007",
    "/api/hsds/organizations?per_page=100&full=true",
    "/api/hsds/taxonomy_terms?per_page=100",
    "/api/hsds/services/{service}",
    "/api/hsds/service_at_locations/{sal}",
    "/api/hsds/organizations/{org}?full_service=true",
]


def measure(client, ids):
    counts = {}
    for url in URLS:
        url = url.format(**ids)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        counts[url] = len([q for q in ctx.captured_queries if q["sql"] not in TRANSACTION])
    return counts


@pytest.mark.django_db(transaction=False)
def test_the_same_queries_at_40_and_400_places():
    with transaction.atomic():
        world = {
            "territory": TerritoryFactory(),
            "orgs": [OrganizationFactory() for _ in range(3)],
            "groups": [TargetGroupFactory() for _ in range(3)],
            "services": [ServiceFactory() for _ in range(3)],
            "languages": [LanguageFactory() for _ in range(2)],
        }
        add_places(SMALL, 0, world)
        first = Center.objects.order_by("pk").first()
        ids = {
            "service": first.uuid,
            "sal": first.service_at_location_uuid,
            "org": first.operator.uuid,
        }
        client = Client()
        small = measure(client, ids)
        add_places(LARGE - SMALL, SMALL, world)
        large = measure(client, ids)
    assert small == large
    assert max(large.values()) <= MAX_QUERIES, large
