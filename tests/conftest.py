import pytest
from django.utils import translation


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield
