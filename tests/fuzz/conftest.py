"""The fuzz suites' seed content, loaded once per module.

The seed is loaded inside a transaction that the module rolls back when it ends: each test's own
transaction (pytest-django's `db`) nests in it, so nothing the fuzz sends outlives its test and
nothing of the seed outlives the module.
"""

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed content for the module, rolled back at its end."""
    from network.seeding import seed_network

    with django_db_blocker.unblock(), transaction.atomic():
        seed_network()
        yield
        transaction.set_rollback(True)
