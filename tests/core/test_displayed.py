"""Lists in the order of the texts they show (core.displayed): in every language, by the
translation or else the text it falls back to, and the database reads each list in its index's
order instead of sorting every row."""

import pytest
from django.db import connection
from django.utils import translation

from centers.models import Center, OpeningHours
from core.displayed import Displayed
from programs.models import Program
from tests.factories import CenterFactory, OpeningHoursFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en", "ar", "fa", "ps", "uk", "ru"]


def test_the_shown_text_is_the_translation_or_else_french_then_english():
    CenterFactory(slug="translated", name="Nom", name_en="Name", name_ru="Имя")
    CenterFactory(slug="french-only", name="Seul", name_en="")
    CenterFactory(slug="empty-french", name="", name_en="Only English")
    shown = {}
    for language in ("fr", "en", "ru"):
        with translation.override(language):
            rows = Center.objects.annotate(shown=Displayed("name")).values_list("slug", "shown")
            shown[language] = dict(rows)
    assert shown["fr"] == {
        "translated": "Nom",
        "french-only": "Seul",
        "empty-french": "Only English",
    }
    assert shown["en"] == {
        "translated": "Name",
        "french-only": "Seul",
        "empty-french": "Only English",
    }
    assert shown["ru"] == {
        "translated": "Имя",
        "french-only": "Seul",
        "empty-french": "Only English",
    }


def test_a_related_list_follows_the_order_through_the_relation():
    """Hours are ordered by their place (Meta.ordering through the relation): the place's
    shown name, in the page's language."""
    b = CenterFactory(name="B", name_en="", name_ar="ا")
    a = CenterFactory(name="A", name_en="", name_ar="ب", city=b.city, territory=b.territory)
    OpeningHoursFactory(center=b)
    OpeningHoursFactory(center=a)
    with translation.override("fr"):
        assert [h.center_id for h in OpeningHours.objects.all()] == [a.pk, b.pk]
    with translation.override("ar"):
        assert [h.center_id for h in OpeningHours.objects.all()] == [b.pk, a.pk]


def plan(queryset):
    """The plan PostgreSQL would use were sorting (whole or incremental) and reading the whole
    table ruled out: a Sort left in it means no index gives this order."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_reads_the_places_list_and_the_program_list_in_index_order(language):
    CenterFactory()
    ProgramFactory()
    with translation.override(language):
        first, *within = Center._meta.ordering
        places = Center.objects.public().filter(territory__in=[1]).order_by(*within)
        places_plan = plan(places.values("pk")[:20])
        programs_plan = plan(Program.objects.public().values("pk")[:20])
    assert f"centers_center_public_{language}" in places_plan, places_plan
    assert "Sort" not in places_plan, places_plan
    assert f"programs_shown_{language}" in programs_plan, programs_plan
    assert "Sort" not in programs_plan, programs_plan
