"""Each organisation's timeline: dated at the source's precision, undated events last."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from core.dates import DatePrecision
from history.models import Event, ReferenceKind
from tests.factories import EventFactory, OrganizationFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def assert_database_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def assert_full_clean_rejects(obj, message, field=NON_FIELD_ERRORS):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in excinfo.value.message_dict.get(field, []), excinfo.value.message_dict


class TestEventConstraints:
    def test_database_rejects_end_before_start(self):
        event = EventFactory(starts_on=D(1993, 1, 1))
        event.ends_on = D(1990, 1, 1)
        assert_database_rejects(event)

    def test_full_clean_rejects_end_before_start(self, english):
        event = EventFactory(starts_on=D(1993, 1, 1))
        event.ends_on = D(1990, 1, 1)
        assert_full_clean_rejects(event, "An event cannot end before it starts.")

    def test_database_rejects_an_ongoing_event_with_an_end(self):
        event = EventFactory(starts_on=D(2016, 1, 1), ongoing=True)
        event.ends_on = D(2020, 1, 1)
        assert_database_rejects(event)

    def test_full_clean_rejects_an_ongoing_event_with_an_end(self, english):
        event = EventFactory(starts_on=D(2016, 1, 1), ongoing=True)
        event.ends_on = D(2020, 1, 1)
        assert_full_clean_rejects(event, "An ongoing event has no end date.")

    def test_database_rejects_a_duplicate_slug(self):
        existing = EventFactory(slug="creation-cmmsam")
        assert_database_rejects(
            EventFactory.build(slug="creation-cmmsam", organization=existing.organization)
        )

    def test_full_clean_rejects_a_duplicate_slug(self):
        existing = EventFactory(slug="creation-cmmsam")
        duplicate = EventFactory.build(slug="creation-cmmsam", organization=existing.organization)
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "slug" in excinfo.value.message_dict

    def test_an_undated_planned_event_is_valid(self):
        EventFactory(starts_on=None, planned=True).full_clean()


class TestReference:
    def test_database_rejects_a_duplicate_slug(self):
        ReferenceFactory(slug="loi-hpst")
        assert_database_rejects(ReferenceFactory.build(slug="loi-hpst"))

    def test_full_clean_rejects_a_duplicate_slug(self):
        ReferenceFactory(slug="loi-hpst")
        with pytest.raises(ValidationError) as excinfo:
            ReferenceFactory.build(slug="loi-hpst").full_clean()
        assert "slug" in excinfo.value.message_dict

    def test_a_law_dated_to_the_day(self, english):
        law = ReferenceFactory.build(
            kind=ReferenceKind.LAW,
            title="Hôpital, patients, santé et territoires",
            dated=D(2009, 7, 21),
            dated_precision=DatePrecision.DAY,
        )
        assert str(law) == "Hôpital, patients, santé et territoires"
        assert law.date_display == "21 July 2009"

    def test_a_book_dated_to_the_year_in_french(self, french):
        book = ReferenceFactory.build(
            kind=ReferenceKind.BOOK, dated=D(1972, 1, 1), dated_precision=DatePrecision.YEAR
        )
        assert book.date_display == "1972"

    def test_undated_reference_shows_nothing(self):
        assert ReferenceFactory.build(dated=None).date_display == ""

    def test_events_mention_references(self):
        law = ReferenceFactory()
        event = EventFactory()
        event.references.add(law)
        assert list(law.events.all()) == [event]


class TestEventDisplay:
    def test_ongoing_event(self, english):
        event = EventFactory.build(
            starts_on=D(2016, 1, 1), starts_precision=DatePrecision.YEAR, ongoing=True
        )
        assert event.date_display == "from 2016 to today"

    def test_day_precision(self, english):
        event = EventFactory.build(starts_on=D(1970, 2, 19), starts_precision=DatePrecision.DAY)
        assert event.date_display == "19 February 1970"

    def test_day_precision_in_french(self, french):
        event = EventFactory.build(starts_on=D(1970, 2, 19), starts_precision=DatePrecision.DAY)
        assert event.date_display == "19 février 1970"

    def test_decade(self, english):
        event = EventFactory.build(starts_on=D(2000, 1, 1), starts_precision=DatePrecision.DECADE)
        assert event.date_display == "the 2000s"
        assert event.decade == 2000

    def test_undated(self, english):
        event = EventFactory.build(starts_on=None)
        assert event.date_display == "date not stated"
        assert event.decade is None

    def test_str(self, english):
        event = EventFactory.build(
            starts_on=D(1972, 1, 1),
            title="Publication de « La santé des migrants »",
            title_en="Publication of The Health of Migrants",
        )
        assert str(event) == "1972 – Publication of The Health of Migrants"

    def test_url_points_at_the_event_on_the_timeline(self):
        event = EventFactory.build(slug="creation-cmmsam")
        assert event.get_absolute_url().endswith("#event-creation-cmmsam")


class TestTimeline:
    def test_dated_events_by_date_then_position_undated_last(self):
        msf = OrganizationFactory()
        undated_second = EventFactory(
            organization=msf, starts_on=None, position=2, title="undated 2"
        )
        founding = EventFactory(organization=msf, starts_on=D(1970, 2, 19), title="1970")
        journal = EventFactory(
            organization=msf, starts_on=D(1974, 1, 1), position=1, title="1974 b"
        )
        need = EventFactory(organization=msf, starts_on=D(1968, 1, 1), title="1968")
        undated_first = EventFactory(
            organization=msf, starts_on=None, position=1, title="undated 1"
        )
        branches = EventFactory(
            organization=msf, starts_on=D(1974, 1, 1), position=0, title="1974 a"
        )
        tie = EventFactory(organization=msf, starts_on=D(1974, 1, 1), position=1, title="1974 c")

        expected = [need, founding, branches, journal, tie, undated_first, undated_second]
        assert list(Event.objects.timeline()) == expected
        assert list(Event.objects.all()) == expected  # the default order is the timeline too

    def test_timeline_of_published_events_only(self):
        shown = EventFactory(starts_on=D(1970, 1, 1))
        EventFactory(starts_on=D(1968, 1, 1), status="draft")
        assert list(Event.objects.published().timeline()) == [shown]


class TestForOrganization:
    def test_own_and_related_events_each_once(self):
        msf = OrganizationFactory(name="Migrations Santé France")
        mrap = OrganizationFactory(name="MRAP")
        other = OrganizationFactory(name="Other")

        own = EventFactory(organization=msf, starts_on=D(1970, 1, 1))
        # Its own event that also names two other organisations: one row per related organisation.
        own_with_partners = EventFactory(organization=msf, starts_on=D(1972, 1, 1))
        own_with_partners.related_organizations.add(mrap, other)
        # Someone else's event that names it, among others.
        mentioned = EventFactory(organization=mrap, starts_on=D(1974, 1, 1))
        mentioned.related_organizations.add(msf, other)
        # Its own event that names it again.
        self_related = EventFactory(organization=msf, starts_on=D(1986, 1, 1))
        self_related.related_organizations.add(msf)
        EventFactory(organization=other, starts_on=D(1990, 1, 1))

        assert list(Event.objects.for_organization(msf)) == [
            own,
            own_with_partners,
            mentioned,
            self_related,
        ]
        assert list(Event.objects.for_organization(mrap)) == [own_with_partners, mentioned]

    def test_chains_with_published_and_timeline(self):
        msf = OrganizationFactory()
        undated = EventFactory(organization=msf, starts_on=None)
        dated = EventFactory(organization=OrganizationFactory(), starts_on=D(1972, 1, 1))
        dated.related_organizations.add(msf)
        EventFactory(organization=msf, status="draft")
        assert list(Event.objects.published().for_organization(msf).timeline()) == [dated, undated]
