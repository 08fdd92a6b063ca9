import datetime

import pytest

from campaigns import services
from campaigns.models import CampaignContact
from tests.factories import CenterFactory, OrganizationFactory

LONG_AGO = datetime.date(2024, 1, 1)  # update required for a six-monthly place


@pytest.fixture
def two_organizations(db):
    """Two organisations with a contact, each running places due (and one fresh place)."""
    first = OrganizationFactory(name="Soins Solidaires")
    second = OrganizationFactory(name="Autre Asso")
    CampaignContact.objects.create(organization=first, email="contact@soins.example")
    CampaignContact.objects.create(organization=second, email="info@autre.example", language="ar")
    places = {
        "a": CenterFactory(name="Centre A", operator=first, last_verified_on=LONG_AGO),
        "b": CenterFactory(name="Centre B", operator=first, last_verified_on=LONG_AGO),
        "c": CenterFactory(name="Centre C", operator=first, last_verified_on=LONG_AGO),
        "other": CenterFactory(name="Centre Autre", operator=second, last_verified_on=LONG_AGO),
    }
    CenterFactory(name="Centre frais", operator=first, last_verified_on=datetime.date.today())
    return first, second, places


@pytest.fixture
def campaign(two_organizations, publisher):
    return services.start("Hiver 2026", services.places_due(), publisher, "test")


def letter_of(campaign, organization):
    return campaign.letters.get(organization=organization)
