"""A place's page reads its records by SQL compiled once per process (centers.detail,
core.prepared): each request still reads the database at its own instant, for its own place and
in its own language."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.models import Status
from tests.factories import (
    CenterFactory,
    KeyFigureFactory,
    ProgramFactory,
    ServiceFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

SOON = datetime.datetime(2031, 5, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _french_fields():
    translation.activate("fr")
    yield
    translation.activate("fr")


def page(client, center, lang="en", at=None):
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        return client.get(f"/{lang}/places/{center.slug}/")


def test_each_request_reads_at_its_own_instant(client):
    program = ProgramFactory(title_fr="Programme plus tard", title_en="Later program")
    program.publish_at = SOON
    program.save()
    center = CenterFactory(name="Lieu bientôt", name_en="Place soon", unpublish_at=SOON)
    center.programs.add(program)
    before = page(client, center, at=SOON - datetime.timedelta(minutes=1))
    assert before.status_code == 200
    assert "Place soon" in before.text and "Later program" not in before.text
    # Past the instant: the place is gone (its unpublish_at), though the SQL is the same.
    assert page(client, center, at=SOON).status_code == 404


def test_each_place_shows_its_own_lists(client):
    first, second = CenterFactory(), CenterFactory()
    first.services.add(ServiceFactory(name="Soins dentaires", name_en="Dental care"))
    first.audiences.add(TargetGroupFactory(name="Enfants", name_en="Children"))
    KeyFigureFactory(subject=first, label="consultations", label_en="consultations a year")
    second.services.add(ServiceFactory(name="Vaccins", name_en="Vaccines"))
    one, two = page(client, first).text, page(client, second).text
    assert "Dental care" in one and "Children" in one and "consultations a year" in one
    assert "Vaccines" not in one
    assert "Vaccines" in two and "Dental care" not in two and "consultations a year" not in two


def test_each_language_reads_its_own_columns(client):
    center = CenterFactory(name="Centre de soins", name_en="Care centre")
    center.services.add(ServiceFactory(name="Soins dentaires", name_en="Dental care"))
    english, french = page(client, center, "en").text, page(client, center, "fr").text
    assert "Care centre" in english and "Dental care" in english
    assert "Centre de soins" in french and "Soins dentaires" in french
    assert "Dental care" not in french


def test_a_draft_in_a_list_is_left_out_and_the_queries_stay_few(client):
    center = CenterFactory()
    center.services.add(ServiceFactory(name_en="Shown"), ServiceFactory(name_en="Hidden"))
    center.services.filter(name_en="Hidden").update(status=Status.DRAFT)
    page(client, center)
    with CaptureQueriesContext(connection) as queries:
        response = page(client, center)
    assert "Shown" in response.text and "Hidden" not in response.text
    # The place, its seven lists and the public holidays, as with prefetch_related.
    assert len([q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]) <= 10
