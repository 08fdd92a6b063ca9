"""An organisation's, a program's and a grant's pages read their records by SQL compiled once per
process and language (core.prepared, network.pages, grants.views): each request still reads the
database at its own instant, for its own record, in its own language; a staff preview still
reads every state."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone, translation

from core.models import Status
from tests.factories import (
    CenterFactory,
    EventFactory,
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    ProgramFactory,
    RelationshipFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SOON = datetime.datetime(2031, 5, 4, 10, 0, tzinfo=datetime.UTC)
JUST_BEFORE = SOON - datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _french_fields():
    translation.activate("fr")
    yield
    translation.activate("fr")


def page(client, path, lang="en", at=None):
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        return client.get(f"/{lang}{path}")


def scheduled(record, **dates):
    for name, value in dates.items():
        setattr(record, name, value)
    record.save()
    return record


class TestOrganizationPage:
    def test_each_request_reads_at_its_own_instant(self, client):
        org = OrganizationFactory(name="Réseau", name_en="Network")
        scheduled(OrganizationFactory(name_en="Antenna soon", parent=org), publish_at=SOON)
        scheduled(CenterFactory(name_en="Place soon", operator=org), publish_at=SOON)
        scheduled(ProgramFactory(title_en="Program soon", lead_organization=org), publish_at=SOON)
        before = page(client, f"/partners/{org.slug}/", at=JUST_BEFORE).text
        assert "Network" in before
        assert "Antenna soon" not in before and "Place soon" not in before
        assert "Program soon" not in before
        after = page(client, f"/partners/{org.slug}/", at=SOON).text
        assert "Antenna soon" in after and "Place soon" in after and "Program soon" in after
        # And the organisation itself, at its own unpublish_at: gone, though the SQL is the same.
        scheduled(org, unpublish_at=SOON + datetime.timedelta(days=1))
        later = SOON + datetime.timedelta(days=1)
        assert page(client, f"/partners/{org.slug}/", at=later).status_code == 404

    def test_each_organisation_shows_its_own_boxes(self, client):
        first, second = OrganizationFactory(), OrganizationFactory()
        OrganizationNameFactory(organization=first, name="Ancien nom", name_en="Former name")
        OrganizationFactory(name_en="Antenna one", parent=first)
        CenterFactory(name_en="Place one", operator=first)
        KeyFigureFactory(subject=first, label="bénévoles", label_en="volunteers")
        EventFactory(title_en="Event one", organization=first)
        GrantFactory(funder=first, recipient=second, program__title_en="Funded program")
        one = page(client, f"/partners/{first.slug}/").text
        two = page(client, f"/partners/{second.slug}/").text
        for text in ("Former name", "Antenna one", "Place one", "volunteers"):
            assert text in one and text not in two
        assert "Event one" in one and "Event one" not in two
        # The grant: made by the first, received by the second.
        assert "Funded program" in one and "Funded program" in two

    def test_a_draft_is_left_out_and_a_preview_shows_the_draft_itself(self, client):
        org = OrganizationFactory(name_en="Shown network")
        OrganizationFactory(name_en="Draft antenna", parent=org, status=Status.DRAFT)
        public = page(client, f"/partners/{org.slug}/").text
        assert "Shown network" in public and "Draft antenna" not in public
        org.status = Status.DRAFT
        org.save()
        assert page(client, f"/partners/{org.slug}/").status_code == 404
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        preview = page(client, f"/partners/{org.slug}/?preview=1")
        assert preview.status_code == 200 and "Shown network" in preview.text

    def test_the_paired_boxes_where_a_database_has_no_limit_in_a_union(self, client, monkeypatch):
        # SQLite (make run) refuses a LIMIT in each part of a UNION: each box is read alone,
        # and the page is the same.
        from django.db import connection

        org, other = OrganizationFactory(), OrganizationFactory(name_en="Other side")
        RelationshipFactory(source=org, target=other, description_en="Runs with")
        ProgramFactory(title_en="Led program", lead_organization=org)
        ProgramFactory(title_en="Joined program").partners.add(org)
        GrantFactory(funder=org, program__title_en="Funded program")
        GrantFactory(recipient=org, program__title_en="Received program")
        at = timezone.now()
        in_one = page(client, f"/partners/{org.slug}/", at=at).text
        features = connection.features
        monkeypatch.setattr(features, "supports_slicing_ordering_in_compound", False)
        alone = page(client, f"/partners/{org.slug}/", at=at).text
        for shown in ("Other side", "Led program", "Joined program", "Funded program"):
            assert shown in alone
        assert "Received program" in alone
        assert alone == in_one

    def test_each_language_reads_its_own_columns(self, client):
        org = OrganizationFactory(name="Réseau solidaire", name_en="Solidarity network")
        english = page(client, f"/partners/{org.slug}/", "en").text
        french = page(client, f"/partners/{org.slug}/", "fr").text
        assert "Solidarity network" in english and "Réseau solidaire" not in english
        assert "Réseau solidaire" in french


class TestProgramPage:
    def test_each_request_reads_at_its_own_instant(self, client):
        program = ProgramFactory(title_en="Mobile care")
        scheduled(CenterFactory(name_en="Place soon"), publish_at=SOON).programs.add(program)
        partner = scheduled(OrganizationFactory(name_en="Partner soon"), publish_at=SOON)
        program.partners.add(partner)
        scheduled(GrantFactory(program=program, funder__name_en="Funder soon"), publish_at=SOON)
        before = page(client, f"/programs/{program.slug}/", at=JUST_BEFORE).text
        assert "Mobile care" in before
        for text in ("Place soon", "Partner soon", "Funder soon"):
            assert text not in before
        after = page(client, f"/programs/{program.slug}/", at=SOON).text
        for text in ("Place soon", "Partner soon", "Funder soon"):
            assert text in after

    def test_each_program_shows_its_own_lists(self, client):
        first, second = ProgramFactory(), ProgramFactory()
        first.target_groups.add(TargetGroupFactory(name_en="Young people"))
        CenterFactory(name_en="Place one").programs.add(first)
        KeyFigureFactory(subject=first, label="consultations", label_en="consultations a year")
        GrantFactory(program=first, funder__name_en="Funder one")
        one = page(client, f"/programs/{first.slug}/").text
        two = page(client, f"/programs/{second.slug}/").text
        for text in ("Young people", "Place one", "consultations a year", "Funder one"):
            assert text in one and text not in two


class TestGrantPage:
    def test_each_request_reads_at_its_own_instant(self, client):
        grant = GrantFactory(program__title_en="Health bus")
        place = scheduled(CenterFactory(name_en="Place soon"), publish_at=SOON)
        place.programs.add(grant.program)
        scheduled(GrantFactory(funder=grant.funder), publish_at=SOON)
        before = page(client, f"/grants/{grant.slug}/", at=JUST_BEFORE).text
        assert "Health bus" in before and "Place soon" not in before
        assert "2 grants" not in before
        after = page(client, f"/grants/{grant.slug}/", at=SOON).text
        # The place, and the funder's total now counting its other grant.
        assert "Place soon" in after
        assert "2 grants" in after

    def test_each_grant_shows_its_own_program_and_funder(self, client):
        first, second = GrantFactory(), GrantFactory()
        CenterFactory(name_en="Place one").programs.add(first.program)
        first.program.target_groups.add(TargetGroupFactory(name_en="Young people"))
        one = page(client, f"/grants/{first.slug}/").text
        two = page(client, f"/grants/{second.slug}/").text
        assert "Place one" in one and "Young people" in one
        assert "Place one" not in two and "Young people" not in two
        assert first.funder.name_en in one and first.funder.name_en not in two


def test_a_pages_lists_are_prepared_on_the_server_and_planned_once(client):
    """The record's query sets the generic plans for the request's transaction: the lists,
    prepared on the server, are planned once per connection, never with the values."""
    from django.db import connection

    org = OrganizationFactory(slug="planned", name_en="Planned")
    GrantFactory(funder=org)
    GrantFactory(recipient=org)
    CenterFactory(operator=org)
    for _ in range(7):
        assert "Planned" in page(client, "/partners/planned/").text
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements WHERE NOT from_sql AND strpos(statement, %s) > 0",
            ['"programs_grant"."funder_id" = $'],
        )
        statements, generic, custom = cursor.fetchone()
    assert statements == 1 and generic >= 7 and custom == 0
