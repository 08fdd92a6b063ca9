"""Schemathesis against the API's own OpenAPI document, through Django's WSGI application, on
the seed content: whatever the generated parameters and ids, no 500, and every answer conforms
to what the document declares (status, content type, body schema: the official HSDS schemas
for 200, the error body for 400 and 404). Bounded: a few examples per operation, no deadline."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.hsds.openapi import document

# Excluded: "a schema-valid request is accepted". A well-formed UUID that names no record, in
# a filter, is a 400 here (it is a bad parameter, not a missing page), which that check counts
# as a rejection of valid data. Every other check runs, and no answer may be a 500.
CHECKS_EXCLUDED = [positive_data_acceptance]

pytestmark = pytest.mark.django_db

# The document the API serves (the test below also fetches it and compares), called through
# the WSGI application in this process, so that it reads the test database.
schema = schemathesis.openapi.from_dict(document())
schema.app = get_wsgi_application()


@pytest.fixture
def same_connection():
    """The WSGI application keeps the test's database connection, as Django's test client
    does: closing "old" connections at each request would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_document_tested_is_the_one_served(client):
    assert client.get("/api/hsds/openapi.json").json() == document()


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_conforms_to_its_document(case, seeded, same_connection):
    # The WSGI test client does not decompress: ask for the body as it is.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=CHECKS_EXCLUDED)
