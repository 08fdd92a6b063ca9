"""Programs and their grants: qualified amounts, honest unknowns, and the rules that keep them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from core.dates import DatePrecision
from core.qualifiers import Qualifier, format_qualified, sum_qualified
from programs.models import Grant
from tests.factories import (
    GrantFactory,
    OrganizationFactory,
    ProgramFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NBSP = "\N{NO-BREAK SPACE}"


def assert_database_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def assert_full_clean_rejects(obj, message, field=NON_FIELD_ERRORS):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in excinfo.value.message_dict.get(field, []), excinfo.value.message_dict


class TestThemeAndTargetGroup:
    @pytest.mark.parametrize("factory", [ThemeFactory, TargetGroupFactory])
    def test_database_rejects_a_duplicate_slug(self, factory):
        factory(slug="women")
        assert_database_rejects(factory.build(slug="women"))

    @pytest.mark.parametrize("factory", [ThemeFactory, TargetGroupFactory])
    def test_full_clean_rejects_a_duplicate_slug(self, factory):
        factory(slug="women")
        with pytest.raises(ValidationError) as excinfo:
            factory.build(slug="women").full_clean()
        assert "slug" in excinfo.value.message_dict

    def test_str_is_the_name(self):
        assert str(TargetGroupFactory.build(name="Femmes")) == "Femmes"
        assert str(ThemeFactory.build(name="Accès aux soins")) == "Accès aux soins"


class TestProgramConstraints:
    def test_database_rejects_end_before_start(self):
        program = ProgramFactory(starts_on=D(2013, 1, 1))
        program.ends_on = D(2012, 1, 1)
        assert_database_rejects(program)

    def test_full_clean_rejects_end_before_start(self, english):
        program = ProgramFactory(starts_on=D(2013, 1, 1))
        program.ends_on = D(2012, 1, 1)
        assert_full_clean_rejects(program, "A program cannot end before it starts.")

    def test_database_rejects_an_ongoing_program_with_an_end(self):
        program = ProgramFactory(starts_on=D(2013, 1, 1), ongoing=True)
        program.ends_on = D(2016, 1, 1)
        assert_database_rejects(program)

    def test_full_clean_rejects_an_ongoing_program_with_an_end(self, english):
        program = ProgramFactory(starts_on=D(2013, 1, 1), ongoing=True)
        program.ends_on = D(2016, 1, 1)
        assert_full_clean_rejects(program, "An ongoing program has no end date.")

    def test_database_rejects_a_duplicate_slug(self):
        ProgramFactory(slug="caso")
        assert_database_rejects(
            ProgramFactory.build(slug="caso", lead_organization=OrganizationFactory())
        )

    def test_full_clean_rejects_a_duplicate_slug(self):
        ProgramFactory(slug="caso")
        duplicate = ProgramFactory.build(slug="caso", lead_organization=OrganizationFactory())
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "slug" in excinfo.value.message_dict


class TestProgramDisplay:
    def test_str_and_url(self):
        program = ProgramFactory.build(title="Développer les CASO", slug="caso")
        assert str(program) == "Développer les CASO"
        assert program.get_absolute_url().endswith("/caso/")

    def test_ongoing_period(self, english):
        program = ProgramFactory.build(
            starts_on=D(2011, 1, 1), starts_precision=DatePrecision.YEAR, ongoing=True
        )
        assert program.period_display == "from 2011 to today"

    def test_closed_period(self, english):
        program = ProgramFactory.build(starts_on=D(2013, 1, 1), ends_on=D(2016, 1, 1))
        assert program.period_display == "from 2013 to 2016"

    def test_no_dates_show_nothing(self):
        assert ProgramFactory.build(starts_on=None, ends_on=None).period_display == ""


class TestGrantConstraints:
    def test_database_rejects_not_disclosed_with_an_amount(self):
        grant = GrantFactory(amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED)
        grant.amount = Decimal("600000")
        assert_database_rejects(grant)

    def test_full_clean_rejects_not_disclosed_with_an_amount(self, english):
        grant = GrantFactory(amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED)
        grant.amount = Decimal("600000")
        assert_full_clean_rejects(
            grant, "Remove the amount, or choose the qualifier the source gives.", field="amount"
        )

    def test_database_rejects_a_stated_qualifier_without_amount(self):
        grant = GrantFactory()
        grant.amount = None
        assert_database_rejects(grant)

    def test_full_clean_rejects_a_stated_qualifier_without_amount(self, english):
        grant = GrantFactory(amount_qualifier=Qualifier.UP_TO)
        grant.amount = None
        assert_full_clean_rejects(
            grant, "Enter the amount the source gives, or choose 'not disclosed'.", field="amount"
        )

    @pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-100")])
    def test_database_rejects_an_amount_that_is_not_positive(self, amount):
        grant = GrantFactory()
        grant.amount = amount
        assert_database_rejects(grant)

    def test_full_clean_rejects_an_amount_that_is_not_positive(self, english):
        grant = GrantFactory()
        grant.amount = Decimal("0")
        assert_full_clean_rejects(
            grant, "Give a positive amount with its qualifier, or no amount with 'not disclosed'."
        )

    def test_database_rejects_end_before_start(self):
        grant = GrantFactory(starts_on=D(2013, 1, 1))
        grant.ends_on = D(2012, 12, 31)
        assert_database_rejects(grant)

    def test_full_clean_rejects_end_before_start(self, english):
        grant = GrantFactory(starts_on=D(2013, 1, 1))
        grant.ends_on = D(2012, 12, 31)
        assert_full_clean_rejects(grant, "A grant cannot end before it starts.")

    def test_database_rejects_a_funder_funding_itself(self):
        grant = GrantFactory()
        grant.recipient = grant.funder
        assert_database_rejects(grant)

    def test_full_clean_rejects_a_funder_funding_itself(self, english):
        grant = GrantFactory()
        grant.recipient = grant.funder
        assert_full_clean_rejects(grant, "A funder does not fund itself.")

    def test_database_rejects_a_zero_duration(self):
        grant = GrantFactory()
        grant.duration_months = 0
        assert_database_rejects(grant)

    def test_full_clean_rejects_a_zero_duration(self, english):
        grant = GrantFactory()
        grant.duration_months = 0
        assert_full_clean_rejects(grant, "A duration must be positive.")

    def test_database_rejects_a_duplicate_slug(self):
        existing = GrantFactory()
        duplicate = GrantFactory.build(
            slug=existing.slug,
            program=existing.program,
            funder=existing.funder,
            recipient=existing.recipient,
        )
        assert_database_rejects(duplicate)

    def test_not_disclosed_without_amount_and_unknown_recipient_are_valid(self):
        GrantFactory(
            amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED, recipient=None
        ).full_clean()


class TestGrantDisplay:
    def test_almost_in_english(self, english):
        grant = GrantFactory()
        grant.refresh_from_db()  # 600000.00 from the database
        assert grant.amount_display == "almost €600,000"

    def test_french_amount_keeps_its_qualifier_and_french_format(self, french):
        grant = GrantFactory()
        grant.refresh_from_db()
        assert grant.amount_display.endswith(f" 600{NBSP}000{NBSP}€")

    def test_not_disclosed(self, english):
        grant = GrantFactory.build(amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED)
        assert grant.amount_display == "amount not disclosed"

    @pytest.mark.parametrize(
        ("months", "expected"),
        [(36, "3 years"), (24, "2 years"), (12, "one year"), (18, "18 months"), (None, "")],
    )
    def test_duration(self, english, months, expected):
        assert GrantFactory.build(duration_months=months).duration_display == expected

    def test_str(self, english):
        grant = GrantFactory(
            funder=OrganizationFactory(
                name="Fondation Sanofi Espoir", name_en="Sanofi Espoir Foundation"
            ),
            program=ProgramFactory(title="Développer les CASO", title_en="Developing the CASOs"),
            amount_qualifier=Qualifier.UP_TO,
        )
        assert str(grant) == "Sanofi Espoir Foundation → Developing the CASOs: up to €600,000"

    def test_url_points_at_the_grant_page(self):
        grant = GrantFactory.build(program=ProgramFactory.build(slug="caso"), slug="sanofi-caso")
        assert grant.get_absolute_url().endswith("/grants/sanofi-caso/")

    def test_award_date_and_period(self, english):
        grant = GrantFactory.build(
            awarded_on=D(2013, 5, 2), starts_on=D(2013, 1, 1), ends_on=D(2016, 1, 1)
        )
        assert grant.awarded_display == "2 May 2013"
        assert grant.period_display == "from 2013 to 2016"
        unknown = GrantFactory.build(awarded_on=None, starts_on=None, ends_on=None)
        assert unknown.awarded_display == ""
        assert unknown.period_display == ""


class TestGrantQuerySet:
    def test_a_funders_total_keeps_its_qualifier_and_counts_the_undisclosed(self, english):
        sanofi = OrganizationFactory()
        GrantFactory(funder=sanofi, amount=Decimal("600000"), amount_qualifier=Qualifier.ALMOST)
        GrantFactory(funder=sanofi, amount=Decimal("600000"), amount_qualifier=Qualifier.UP_TO)
        GrantFactory(funder=sanofi, amount=None, amount_qualifier=Qualifier.NOT_DISCLOSED)

        total, qualifier, undisclosed = sum_qualified(
            list(Grant.objects.filter(funder=sanofi).values_list("amount", "amount_qualifier"))
        )
        assert format_qualified(total, qualifier, money=True) == "up to €1,200,000"
        assert undisclosed == 1
