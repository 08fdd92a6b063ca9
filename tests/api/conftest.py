"""The HSDS API's tests: the seed content loaded once per module, rolled back at its end."""

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from network.seeding import seed_network

    with django_db_blocker.unblock(), transaction.atomic():
        seed_network()
        yield
        transaction.set_rollback(True)
