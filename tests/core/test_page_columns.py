"""Public pages read only the translated columns of their own language and of the languages it
falls back to (core.fallback.in_page_language): every text they show is there, and none of them
loads a column it left out (each would cost a query per record)."""

import pytest
from django.apps import apps
from django.utils import translation

from core.fallback import in_page_language
from programs.models import Grant, Program
from tests.helpers import page


def test_a_page_in_french_selects_french_and_english_columns_only():
    with translation.override("fr"):
        sql = str(in_page_language(Program.objects.select_related("lead_organization")).query)
    assert '"programs_program"."title_fr"' in sql
    assert '"programs_program"."title_en"' in sql
    assert '"programs_program"."title_ar"' not in sql
    # The field's own column: its descriptor reads the translations, never it.
    assert '"programs_program"."title",' not in sql
    assert "seed_snapshot" not in sql
    # And the same on the record a select_related() reaches.
    assert '"partners_organization"."name_fr"' in sql
    assert '"partners_organization"."name_ru"' not in sql


def test_a_page_in_arabic_also_selects_the_arabic_columns():
    with translation.override("ar"):
        sql = str(in_page_language(Program.objects.all()).query)
    for code in ("ar", "fr", "en"):
        assert f'"programs_program"."title_{code}"' in sql
    assert '"programs_program"."title_uk"' not in sql


def test_an_only_keeps_its_fields_less_the_other_languages():
    with translation.override("fr"):
        queryset = in_page_language(
            Grant.objects.select_related("program").only("slug", "program__title")
        )
        sql = str(queryset.query)
    assert '"programs_grant"."slug"' in sql
    assert '"programs_program"."title_fr"' in sql
    assert '"programs_program"."title_fa"' not in sql
    assert '"programs_grant"."purpose_fr"' not in sql


@pytest.fixture
def network_records():
    from tests.factories import (
        CenterFactory,
        EventFactory,
        GrantFactory,
        KeyFigureFactory,
        LanguageFactory,
        NoticeFactory,
        OpeningHoursFactory,
        OrganizationFactory,
        OrganizationNameFactory,
        ReferenceFactory,
        RelationshipFactory,
        ServiceFactory,
        TargetGroupFactory,
        ThemeFactory,
    )

    funder = OrganizationFactory(slug="funder", name="Fondation", name_ar="مؤسسة")
    recipient = OrganizationFactory(slug="recipient", name="Association")
    OrganizationNameFactory(organization=recipient, name="Ancien nom")
    RelationshipFactory(source=funder, target=recipient)
    grant = GrantFactory(
        slug="grant", funder=funder, recipient=recipient, program__slug="program",
        program__lead_organization=recipient, purpose="Soigner", purpose_ar="علاج",
    )  # fmt: skip
    program = grant.program
    program.partners.add(funder)
    program.themes.add(ThemeFactory(name="Santé"))
    group = TargetGroupFactory(name="Mineurs")
    program.target_groups.add(group)
    KeyFigureFactory(subject=program)
    center = CenterFactory(
        slug="place", name="Centre Pasteur", operator=recipient, conditions="Sans rendez-vous",
        summary="Un lieu",
    )  # fmt: skip
    center.programs.add(program)
    center.audiences.add(group)
    center.services.add(ServiceFactory(name="Consultation"))
    center.languages.add(LanguageFactory(name="Arabe"))
    OpeningHoursFactory(center=center)
    NoticeFactory(center=center)
    event = EventFactory(organization=recipient, title="Fondation de l'association")
    event.related_organizations.add(funder)
    event.references.add(ReferenceFactory(title="Loi de 1901"))
    return program


# Each page, and a text it shows from the records read with fewer columns.
PAGES = [
    ("/{lang}/", "Programme"),
    ("/{lang}/places/", "Centre Pasteur"),
    ("/{lang}/places/place/", "Centre Pasteur"),
    ("/{lang}/programs/", "Programme"),
    ("/{lang}/programs/program/", "Centre Pasteur"),
    ("/{lang}/partners/", "Association"),
    ("/{lang}/partners/recipient/", "Centre Pasteur"),
    ("/{lang}/partners/funder/", "Association"),
    ("/{lang}/grants/", "Programme"),
    ("/{lang}/grants/grant/", "Centre Pasteur"),
    ("/{lang}/history/", "Loi de 1901"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_no_public_page_reads_a_column_it_left_out(client, network_records, monkeypatch, lang):
    """A deferred column read on a page would be a query per record: none is."""
    read = []

    def watched(refresh):
        def refresh_from_db(self, *args, fields=None, **kwargs):
            read.append((type(self).__name__, fields))
            return refresh(self, *args, fields=fields, **kwargs)

        return refresh_from_db

    # Each model's own: modeltranslation gives its models one that wraps Django's.
    for model in apps.get_models():
        monkeypatch.setattr(model, "refresh_from_db", watched(model.refresh_from_db))
    for address, shown in PAGES:
        html = page(client, address.format(lang=lang))
        assert read == [], address
        assert shown in html, address
    # The texts in the page's own language are shown where there is one.
    html = page(client, f"/{lang}/grants/grant/")
    assert {"ar": "علاج", "fr": "Soigner", "en": "Soigner"}[lang] in html


@pytest.mark.django_db
def test_a_record_read_with_fewer_columns_has_their_values_and_loads_the_others_on_demand():
    from tests.factories import ProgramFactory

    ProgramFactory(slug="read", title="Lire", title_en="Read", summary="Court")
    with translation.override("fr"):
        program = in_page_language(Program.objects.filter(slug="read")).get()
        assert (program.slug, program.title, program.summary) == ("read", "Lire", "Court")
        assert {"title", "title_ar", "seed_snapshot"} <= program.get_deferred_fields()
        assert "title_fr" not in program.get_deferred_fields()
        # A deferred column still reads right, with a query of its own.
        assert program.title_en == "Read"
