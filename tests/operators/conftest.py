"""The cast of the operators' space: two organisations, a published place of each (the first
open on Mondays 9:00–17:00), and an operator account of the first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from operators.models import OperatorMembership
from tests.accounts_fixtures import make_user, signed_in_client
from tests.factories import CenterFactory, OpeningHoursFactory, OrganizationFactory


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args or None)


def public_url(place, lang="en"):
    with translation.override(lang):
        return place.get_absolute_url()


def make_operator(organization, username, **fields):
    user = make_user(None, username=username, **fields)
    OperatorMembership.objects.create(user=user, organization=organization)
    return user


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name="Association A", slug="association-a")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name="Association B", slug="association-b")


@pytest.fixture
def place_a(org_a):
    place = CenterFactory(
        name="Centre Alpha",
        name_en="Alpha centre",
        slug="centre-alpha",
        operator=org_a,
        phone="01 02 03 04 05",
        last_verified_on=datetime.date(2020, 1, 1),
    )
    OpeningHoursFactory(center=place, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    return place


@pytest.fixture
def place_b(org_b):
    return CenterFactory(name="Centre Bêta", slug="centre-beta", operator=org_b)


@pytest.fixture
def operator(org_a):
    return make_operator(org_a, "operateur-a")


@pytest.fixture
def operator_client(operator):
    return signed_in_client(operator)
