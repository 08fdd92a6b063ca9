import pytest
from django.utils import translation

# Signed-in staff fixtures (admin_client with two-factor, editor_client, publisher_client…).
pytest_plugins = ["tests.accounts_fixtures"]


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield
