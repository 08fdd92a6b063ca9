"""Organisations, their former names and relationships: rules the database and forms both keep."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from core.dates import DatePrecision
from core.qualifiers import Qualifier
from partners.models import RelationshipKind
from tests.factories import (
    OrganizationFactory,
    OrganizationNameFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def assert_database_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def assert_full_clean_rejects(obj, message, field=NON_FIELD_ERRORS):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in excinfo.value.message_dict.get(field, []), excinfo.value.message_dict


class TestOrganization:
    def test_str_shows_the_acronym(self):
        assert (
            str(OrganizationFactory.build(name="Médecins du Monde", acronym="MdM"))
            == "Médecins du Monde (MdM)"
        )
        assert (
            str(OrganizationFactory.build(name="Samusocial de Paris", acronym=""))
            == "Samusocial de Paris"
        )

    def test_url_is_the_slug_page(self):
        org = OrganizationFactory.build(slug="medecins-du-monde")
        assert org.get_absolute_url().endswith("/medecins-du-monde/")

    def test_founded_display_at_its_precision(self, english):
        org = OrganizationFactory.build(
            founded_on=D(1970, 2, 19), founded_precision=DatePrecision.DAY
        )
        assert org.founded_display == "19 February 1970"
        org = OrganizationFactory.build(
            founded_on=D(1970, 1, 1), founded_precision=DatePrecision.DECADE
        )
        assert org.founded_display == "the 1970s"

    def test_unknown_founding_date_shows_nothing(self):
        assert OrganizationFactory.build(founded_on=None).founded_display == ""

    def test_database_rejects_an_organisation_as_its_own_parent(self):
        org = OrganizationFactory()
        org.parent = org
        assert_database_rejects(org)

    def test_full_clean_rejects_an_organisation_as_its_own_parent(self, english):
        org = OrganizationFactory()
        org.parent = org
        assert_full_clean_rejects(
            org, "This would make the organisation its own ancestor.", field="parent"
        )

    def test_full_clean_rejects_a_parent_cycle(self, english):
        national = OrganizationFactory(name="Migrations Santé France")
        antenna = OrganizationFactory(name="Migrations Santé Alsace", parent=national)
        branch = OrganizationFactory(name="Migrations Santé Strasbourg", parent=antenna)
        national.parent = branch
        assert_full_clean_rejects(
            national, "This would make the organisation its own ancestor.", field="parent"
        )

    def test_a_regional_antenna_under_its_parent_is_fine(self):
        national = OrganizationFactory()
        antenna = OrganizationFactory(parent=national)
        antenna.full_clean()
        assert list(national.children.all()) == [antenna]

    def test_database_rejects_a_duplicate_slug(self):
        OrganizationFactory(slug="mdm")
        assert_database_rejects(OrganizationFactory.build(slug="mdm"))

    def test_full_clean_rejects_a_duplicate_slug(self):
        OrganizationFactory(slug="mdm")
        duplicate = OrganizationFactory.build(slug="mdm")
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "slug" in excinfo.value.message_dict


class TestOrganizationName:
    MESSAGE = "A name cannot stop being used before it started."

    def make(self):
        former = OrganizationNameFactory(used_from=D(1970, 1, 1))
        former.used_until = D(1969, 1, 1)
        return former

    def test_database_rejects_end_before_start(self):
        assert_database_rejects(self.make())

    def test_full_clean_says_why(self, english):
        assert_full_clean_rejects(self.make(), self.MESSAGE)

    def test_same_year_start_and_end_is_fine(self):
        OrganizationNameFactory(used_from=D(1970, 1, 1), used_until=D(1970, 1, 1)).full_clean()

    def test_str_and_period(self, english):
        former = OrganizationNameFactory.build(
            name="Comité médical et médico-social d'aide aux migrants",
            acronym="CMMSAM",
            used_from=D(1970, 2, 19),
            used_from_precision=DatePrecision.DAY,
            used_until=D(1986, 1, 1),
            used_until_precision=DatePrecision.YEAR,
        )
        assert str(former) == "Comité médical et médico-social d'aide aux migrants (CMMSAM)"
        assert former.period_display == "from 19 February 1970 to 1986"

    def test_period_with_only_an_end(self, english):
        former = OrganizationNameFactory.build(used_from=None, used_until=D(1986, 1, 1))
        assert former.period_display == "until 1986"

    def test_no_dates_show_nothing(self):
        assert OrganizationNameFactory.build(used_from=None, used_until=None).period_display == ""

    def test_former_names_belong_to_the_organisation(self):
        org = OrganizationFactory()
        older = OrganizationNameFactory(organization=org, used_from=D(1970, 1, 1))
        newer = OrganizationNameFactory(organization=org, used_from=D(1986, 1, 1))
        assert list(org.former_names.all()) == [older, newer]


class TestRelationship:
    def test_database_rejects_a_relationship_to_itself(self):
        org = OrganizationFactory()
        assert_database_rejects(RelationshipFactory.build(source=org, target=org))

    def test_full_clean_rejects_a_relationship_to_itself(self, english):
        relationship = RelationshipFactory()
        relationship.target = relationship.source
        assert_full_clean_rejects(relationship, "A relationship links two different organisations.")

    def test_database_rejects_a_duplicate(self):
        existing = RelationshipFactory(kind=RelationshipKind.FUNDS)
        duplicate = RelationshipFactory.build(
            source=existing.source, target=existing.target, kind=RelationshipKind.FUNDS
        )
        assert_database_rejects(duplicate)

    def test_full_clean_rejects_a_duplicate(self, english):
        existing = RelationshipFactory(kind=RelationshipKind.FUNDS)
        duplicate = RelationshipFactory.build(
            source=existing.source, target=existing.target, kind=RelationshipKind.FUNDS
        )
        assert_full_clean_rejects(duplicate, "This relationship is already recorded.")

    def test_another_kind_or_the_other_direction_is_not_a_duplicate(self):
        existing = RelationshipFactory(kind=RelationshipKind.FUNDS)
        RelationshipFactory(
            source=existing.source, target=existing.target, kind=RelationshipKind.PARTNERS_WITH
        ).full_clean()
        RelationshipFactory(
            source=existing.target, target=existing.source, kind=RelationshipKind.FUNDS
        ).full_clean()

    @pytest.mark.parametrize("years", [Decimal("0"), Decimal("-1")])
    def test_database_rejects_a_duration_that_is_not_positive(self, years):
        relationship = RelationshipFactory()
        relationship.duration_years = years
        assert_database_rejects(relationship)

    def test_full_clean_rejects_a_duration_that_is_not_positive(self, english):
        relationship = RelationshipFactory()
        relationship.duration_years = Decimal("0")
        assert_full_clean_rejects(relationship, "A duration must be positive.")

    def test_database_rejects_end_before_start(self):
        relationship = RelationshipFactory(since=D(2000, 1, 1))
        relationship.until = D(1999, 1, 1)
        assert_database_rejects(relationship)

    def test_full_clean_rejects_end_before_start(self, english):
        relationship = RelationshipFactory(since=D(2000, 1, 1))
        relationship.until = D(1999, 1, 1)
        assert_full_clean_rejects(relationship, "A relationship cannot end before it started.")

    def test_str(self, english):
        relationship = RelationshipFactory.build(
            source=OrganizationFactory.build(
                name="Fondation Sanofi Espoir", name_en="Sanofi Espoir Foundation"
            ),
            target=OrganizationFactory.build(
                name="Samusocial de Paris", name_en="Samusocial Paris"
            ),
            kind=RelationshipKind.FUNDS,
        )
        assert str(relationship) == "Sanofi Espoir Foundation — funds — Samusocial Paris"

    def test_nearly_fifteen_years(self, english):
        relationship = RelationshipFactory(
            duration_years=Decimal("15"), duration_qualifier=Qualifier.ALMOST
        )
        relationship.refresh_from_db()  # comes back as 15.0
        assert relationship.duration_display == "almost 15"

    def test_unknown_duration_shows_nothing(self):
        assert RelationshipFactory.build(duration_years=None).duration_display == ""

    def test_since_display(self, english):
        relationship = RelationshipFactory.build(
            since=D(2011, 1, 1), since_precision=DatePrecision.YEAR
        )
        assert relationship.since_display == "2011"
        assert RelationshipFactory.build(since=None).since_display == ""
