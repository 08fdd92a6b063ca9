"""robots.txt, the trivial view the benchmark compares every page with: it answers without the
database (no transaction although ATOMIC_REQUESTS is on, no query on its way)."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

EXPECTED_LAST_LINE = "Sitemap: http://testserver/sitemap.xml"


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[-1] == EXPECTED_LAST_LINE
    return response


@pytest.mark.django_db
def test_no_query_at_all(client, django_assert_num_queries):
    # Not even the SAVEPOINT an atomic request would open.
    with django_assert_num_queries(0):
        robots(client)


def test_answers_with_the_database_unreachable(client, monkeypatch):
    """No django_db mark: pytest-django refuses any connection; refuse it as a dead server
    would, too."""

    def unreachable(self):
        raise OperationalError("connection refused (the test's database is down)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", unreachable)
    robots(client)
    assert client.head("/robots.txt").status_code == 200
