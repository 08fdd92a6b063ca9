"""What every content record shares: publication window, source, and key figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import KeyFigure, KeyFigureUnit, Status, TriState
from core.qualifiers import Qualifier
from core.sources import SourceDocument
from partners.models import Organization
from tests.factories import KeyFigureFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

NBSP = "\N{NO-BREAK SPACE}"
NOW = datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC)
VERBATIM = "more than 6,000 medical consultations a year, half of them in Paris"


def assert_database_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def assert_full_clean_rejects(obj, message, field=NON_FIELD_ERRORS):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in excinfo.value.message_dict.get(field, []), excinfo.value.message_dict


class TestPublicationWindowConstraint:
    MESSAGE = "The unpublish date must come after the publish date."

    def make(self):
        org = OrganizationFactory()
        org.publish_at = NOW
        org.unpublish_at = NOW - datetime.timedelta(days=1)
        return org

    def test_database_rejects_unpublish_before_publish(self):
        assert_database_rejects(self.make())

    def test_database_rejects_unpublish_at_the_publish_instant(self):
        org = OrganizationFactory()
        org.publish_at = org.unpublish_at = NOW
        assert_database_rejects(org)

    def test_full_clean_says_why(self, english):
        assert_full_clean_rejects(self.make(), self.MESSAGE)

    def test_unpublish_after_publish_is_fine(self):
        org = OrganizationFactory(publish_at=NOW, unpublish_at=NOW + datetime.timedelta(days=1))
        org.full_clean()


class TestSeedSourceNeedsAPassage:
    MESSAGE = "A fact from a source document needs its quoted passage."

    def test_database_rejects_a_seed_source_without_passage(self):
        org = OrganizationFactory.build(
            source_document=SourceDocument.FOUNDATION_PAGE, source_passage=""
        )
        assert_database_rejects(org)

    def test_full_clean_says_why(self, english):
        org = OrganizationFactory()
        org.source_document = SourceDocument.MSF_PAGE
        org.source_passage = ""
        assert_full_clean_rejects(org, self.MESSAGE)

    def test_staff_entry_needs_no_passage(self):
        org = OrganizationFactory(source_document=SourceDocument.STAFF, source_passage="")
        org.full_clean()


class TestPassageMustBeVerbatim:
    MESSAGE = "This passage is not word for word in the chosen source document."

    def test_altered_passage_is_refused_on_the_passage_field(self, english):
        org = OrganizationFactory()
        org.source_document = SourceDocument.FOUNDATION_PAGE
        org.source_passage = VERBATIM.replace("6,000", "7,000")
        assert_full_clean_rejects(org, self.MESSAGE, field="source_passage")

    def test_passage_from_the_other_document_is_refused(self, english):
        org = OrganizationFactory()
        org.source_document = SourceDocument.MSF_PAGE
        org.source_passage = VERBATIM
        assert_full_clean_rejects(org, self.MESSAGE, field="source_passage")

    def test_verbatim_passage_is_accepted(self):
        org = OrganizationFactory()
        org.source_document = SourceDocument.FOUNDATION_PAGE
        org.source_passage = VERBATIM
        org.full_clean()
        assert org.is_seed_source

    def test_fragments_joined_by_the_marker_are_accepted(self):
        org = OrganizationFactory()
        org.source_document = SourceDocument.FOUNDATION_PAGE
        org.source_passage = "women (39% of those admitted) […] children (12.5%)"
        org.full_clean()

    def test_staff_entry_text_is_not_checked_against_the_documents(self):
        org = OrganizationFactory(
            source_document=SourceDocument.STAFF, source_passage="A phone call."
        )
        org.full_clean()
        assert not org.is_seed_source


class TestPublished:
    def test_only_published_records_inside_their_window_are_public(self):
        visible = OrganizationFactory(name="Visible")
        OrganizationFactory(name="Draft", status=Status.DRAFT)
        OrganizationFactory(name="In review", status=Status.IN_REVIEW)
        OrganizationFactory(name="Archived", status=Status.ARCHIVED)
        OrganizationFactory(name="Not yet", publish_at=NOW + datetime.timedelta(minutes=1))
        OrganizationFactory(name="Gone", unpublish_at=NOW - datetime.timedelta(minutes=1))
        inside = OrganizationFactory(
            name="Inside its window",
            publish_at=NOW - datetime.timedelta(days=1),
            unpublish_at=NOW + datetime.timedelta(days=1),
        )

        assert list(Organization.objects.published(at=NOW)) == [inside, visible]

    def test_moving_the_clock_publishes_and_unpublishes(self):
        org = OrganizationFactory(publish_at=NOW, unpublish_at=NOW + datetime.timedelta(days=7))
        public = Organization.objects.published
        assert org not in public(at=NOW - datetime.timedelta(seconds=1))
        assert org in public(at=NOW)  # from the publish instant
        assert org in public(at=NOW + datetime.timedelta(days=6))
        assert org not in public(
            at=NOW + datetime.timedelta(days=7)
        )  # gone at the unpublish instant

    def test_defaults_to_now(self):
        past = timezone.now() - datetime.timedelta(hours=1)
        future = timezone.now() + datetime.timedelta(hours=1)
        shown = OrganizationFactory(publish_at=past)
        OrganizationFactory(publish_at=future)
        OrganizationFactory(unpublish_at=past)
        assert list(Organization.objects.published()) == [shown]

    def test_is_public_agrees_with_the_queryset(self):
        future = timezone.now() + datetime.timedelta(hours=1)
        assert OrganizationFactory().is_public
        assert not OrganizationFactory(status=Status.DRAFT).is_public
        assert not OrganizationFactory(publish_at=future).is_public


class TestDefaults:
    def test_new_content_is_a_staff_draft(self):
        org = Organization(name="X", slug="x", kind="association")
        assert org.status == Status.DRAFT
        assert org.source_document == SourceDocument.STAFF

    def test_tri_state_defaults_to_not_stated(self, english):
        assert str(TriState.NOT_STATED.label) == "not stated by the source"


class TestKeyFigureConstraints:
    @pytest.mark.parametrize("value", [Decimal("0"), Decimal("-5")])
    def test_database_rejects_a_value_that_is_not_positive(self, value):
        figure = KeyFigureFactory()
        figure.value = value
        assert_database_rejects(figure)

    def test_full_clean_rejects_a_value_that_is_not_positive(self, english):
        figure = KeyFigureFactory()
        figure.value = Decimal("0")
        assert_full_clean_rejects(figure, "A key figure must be a positive number.")

    def test_database_rejects_not_disclosed(self):
        figure = KeyFigureFactory()
        figure.qualifier = Qualifier.NOT_DISCLOSED
        assert_database_rejects(figure)

    def test_full_clean_rejects_not_disclosed(self, english):
        figure = KeyFigureFactory()
        figure.qualifier = Qualifier.NOT_DISCLOSED
        assert_full_clean_rejects(
            figure, "A key figure states a number; leave out what is not disclosed."
        )

    def test_a_valid_figure_passes(self):
        KeyFigureFactory().full_clean()


class TestKeyFigureDisplay:
    def test_percent_in_english(self, english):
        figure = KeyFigureFactory(
            value=Decimal("39"),
            qualifier=Qualifier.EXACT,
            unit=KeyFigureUnit.PERCENT,
            label="femmes",
            label_en="women",
            scope="des personnes accueillies",
            scope_en="of those admitted",
        )
        figure.refresh_from_db()  # the value comes back as 39.000
        assert figure.display_value == "39%"
        assert str(figure) == "39% women of those admitted"

    def test_percent_in_french_has_a_no_break_space(self, french):
        figure = KeyFigureFactory(
            value=Decimal("12.5"), qualifier=Qualifier.EXACT, unit=KeyFigureUnit.PERCENT
        )
        figure.refresh_from_db()
        assert figure.display_value == f"12,5{NBSP}%"

    def test_more_than_a_count_a_year(self, english):
        figure = KeyFigureFactory(
            value=Decimal("6000"),
            qualifier=Qualifier.MORE_THAN,
            label="consultations médicales",
            label_en="medical consultations",
            period="par an",
            period_en="a year",
        )
        assert str(figure) == "more than 6,000 medical consultations a year"

    def test_euros(self, english):
        figure = KeyFigureFactory(
            value=Decimal("600000"), qualifier=Qualifier.ALMOST, unit=KeyFigureUnit.EUR
        )
        assert figure.display_value == "almost €600,000"

    def test_square_metres(self, french):
        figure = KeyFigureFactory(
            value=Decimal("300"), qualifier=Qualifier.EXACT, unit=KeyFigureUnit.SQUARE_METRES
        )
        assert figure.display_value == f"300{NBSP}m²"

    def test_figures_hang_on_their_subject_in_order(self):
        figure = KeyFigureFactory(position=1)
        first = KeyFigureFactory(subject=figure.subject, position=0)
        assert list(figure.subject.key_figures.all()) == [first, figure]
        assert KeyFigure.objects.get(pk=figure.pk).subject == figure.subject
