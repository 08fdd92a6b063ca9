"""Admin of themes, target groups, programs and grants, as a staff member uses it."""

import datetime
from decimal import Decimal

import pytest

from core.models import KeyFigure
from programs.models import Grant, Program
from tests.conftest import ADMIN_PAGE_QUERIES, in_french
from tests.core.test_admin import (
    KEY_FIGURES_PREFIX,
    add_inline_rows,
    admin_url,
    errors_in,
    form_values,
    results_table,
)
from tests.factories import (
    GrantFactory,
    KeyFigureFactory,
    OrganizationFactory,
    ProgramFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


@pytest.mark.parametrize(
    ("factory", "model", "field"),
    [(ThemeFactory, "theme", "name"), (TargetGroupFactory, "targetgroup", "name")],
)
def test_named_records_are_listed_and_found_in_both_languages(admin_client, factory, model, field):
    record = factory(**{f"{field}_fr": "Santé des femmes", f"{field}_en": "Women's health"})
    factory(**{f"{field}_fr": "Mineurs", f"{field}_en": "Minors"})
    url = admin_url(f"programs_{model}_changelist")

    assert "Santé des femmes" in results_table(admin_client.get(url))
    for term in ("femmes", "Women"):
        page = results_table(admin_client.get(url, {"q": term}))
        assert "Santé des femmes" in page and "Mineurs" not in page
    add = admin_client.get(admin_url(f"programs_{model}_add")).content.decode()
    assert 'name="name_fr"' in add and 'name="name_en"' in add
    change = admin_client.get(admin_url(f"programs_{model}_change", record.pk)).content.decode()
    assert 'value="Women&#x27;s health"' in change


def test_program_changelist_shows_lead_and_period_and_finds_by_either_title(
    admin_client, django_assert_max_num_queries
):
    lead = OrganizationFactory(name_fr="Médecins du Monde")
    ProgramFactory(
        title_fr="Accès aux soins des migrants",
        title_en="Health access for migrants",
        lead_organization=lead,
        starts_on=datetime.date(2013, 1, 1),
        ends_on=datetime.date(2016, 1, 1),
    )
    ProgramFactory(title_fr="Autre programme", title_en="Other programme")
    url = admin_url("programs_program_changelist")

    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        page = results_table(admin_client.get(url))
    assert "Accès aux soins des migrants" in page
    assert "Médecins du Monde" in page
    assert "de 2013 à 2016" in page or "from 2013 to 2016" in page

    for term in ("migrants", "Health access", "Monde"):
        found = results_table(admin_client.get(url, {"q": term}))
        assert "Accès aux soins des migrants" in found
        assert "Autre programme" not in found


def test_program_changelist_query_count_does_not_grow_with_programs(
    admin_client, django_assert_max_num_queries
):
    for _ in range(10):
        ProgramFactory()
    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        admin_client.get(admin_url("programs_program_changelist"))


def test_program_change_page_has_grants_and_key_figures_inline(admin_client):
    program = ProgramFactory()
    GrantFactory(program=program, funder=OrganizationFactory(name_fr="Fondation Sanofi Espoir"))
    KeyFigureFactory(subject=program)
    page = admin_client.get(admin_url("programs_program_change", program.pk)).content.decode()
    assert "Fondation Sanofi Espoir" in page
    assert 'name="grants-TOTAL_FORMS"' in page
    assert f'name="{KEY_FIGURES_PREFIX}-TOTAL_FORMS"' in page
    assert "consultations médicales" in page and "medical consultations" in page
    # Every language side by side (French first, the one required), the source and
    # publication below.
    assert (
        'class="form-row field-title_fr field-title_en field-title_ar field-title_fa '
        'field-title_ps field-title_uk field-title_ru"'
    ) in page
    assert "Source" in page and "Publication" in page
    assert "View on site" in page or "Voir sur le site" in page


def test_add_program_with_an_inline_grant(admin_client, admin_user):
    lead = OrganizationFactory()
    funder = OrganizationFactory(name_fr="Fondation Sanofi Espoir")
    add = admin_client.get(admin_url("programs_program_add"))
    data = form_values(
        add,
        title_fr="Santé des femmes en précarité",
        title_en="Health of women in precarity",
        slug="sante-des-femmes",
        kind="funded",
        lead_organization=str(lead.pk),
        status="draft",
    )
    add_inline_rows(
        data,
        "grants",
        {
            "slug": "sanofi-femmes",
            "funder": str(funder.pk),
            "recipient": str(lead.pk),
            "amount": "600000",
            "amount_qualifier": "almost",
            "duration_months": "36",
            "starts_precision": "year",
            "ends_precision": "year",
            "status": "published",
            "source_document": "staff",
        },
    )
    add_inline_rows(
        data,
        KEY_FIGURES_PREFIX,
        {
            "value": "39",
            "qualifier": "exact",
            "unit": "percent",
            "label_fr": "de femmes",
            "position": "0",
            "status": "published",
            "source_document": "staff",
        },
    )
    response = admin_client.post(admin_url("programs_program_add"), data)
    assert response.status_code == 302, errors_in(response)

    program = Program.objects.get(slug="sante-des-femmes")
    assert program.title_en == "Health of women in precarity"
    assert program.source_entered_by == admin_user
    grant = program.grants.get()
    assert (grant.funder, grant.amount, grant.amount_qualifier) == (
        funder,
        Decimal("600000"),
        "almost",
    )
    # The inline rows are staff entries too: filled in on save.
    assert grant.source_entered_by == admin_user
    assert grant.source_entered_on == datetime.date.today()
    figure = KeyFigure.objects.get(program=program)
    assert figure.label_fr == "de femmes"
    assert figure.source_entered_by == admin_user


def test_edit_program_title_in_english(admin_client):
    program = ProgramFactory(title_fr="Programme pour les mineurs")
    GrantFactory(program=program)
    change = admin_client.get(admin_url("programs_program_change", program.pk))
    data = form_values(change, title_en="Programme for minors")
    response = admin_client.post(admin_url("programs_program_change", program.pk), data)
    assert response.status_code == 302, errors_in(response)
    program.refresh_from_db()
    assert (program.title_fr, program.title_en) == (
        "Programme pour les mineurs",
        "Programme for minors",
    )


def test_inline_grant_with_an_undisclosed_amount_and_a_figure_is_refused(admin_client):
    program = ProgramFactory()
    funder = OrganizationFactory()
    change = admin_client.get(admin_url("programs_program_change", program.pk))
    data = add_inline_rows(
        form_values(change),
        "grants",
        {
            "slug": "undisclosed",
            "funder": str(funder.pk),
            "amount": "250000",
            "amount_qualifier": "not_disclosed",
            "starts_precision": "year",
            "ends_precision": "year",
            "status": "draft",
            "source_document": "staff",
        },
    )
    response = admin_client.post(admin_url("programs_program_change", program.pk), data)
    assert response.status_code == 200
    assert in_french("Remove the amount, or choose the qualifier the source gives.") in (
        errors_in(response)
    )
    assert not Grant.objects.exists()


def test_grant_changelist_shows_the_qualified_amount_and_finds_by_funder(admin_client):
    GrantFactory(funder=OrganizationFactory(name_fr="Fondation Sanofi Espoir"), amount=600000)
    GrantFactory(
        funder=OrganizationFactory(name_fr="Autre fondation"),
        amount_qualifier="not_disclosed",
        amount=None,
    )
    url = admin_url("programs_grant_changelist")
    page = results_table(admin_client.get(url))
    assert "600\xa0000\xa0€" in page  # "almost 600 000 €", qualifier kept
    assert "amount not disclosed" in page or "montant non communiqué" in page
    found = results_table(admin_client.get(url, {"q": "Sanofi"}))
    assert "Fondation Sanofi Espoir" in found and "Autre fondation" not in found


def test_grant_add_page_and_constraint_errors(admin_client):
    program = ProgramFactory()
    funder = OrganizationFactory()
    add = admin_client.get(admin_url("programs_grant_add"))
    assert 'name="amount_qualifier"' in add.content.decode()
    data = form_values(
        add,
        program=str(program.pk),
        slug="self-funded",
        funder=str(funder.pk),
        recipient=str(funder.pk),
        amount="1000",
        amount_qualifier="exact",
    )
    response = admin_client.post(admin_url("programs_grant_add"), data)
    assert response.status_code == 200
    assert in_french("A funder does not fund itself.") in errors_in(response)

    data.update(recipient="", amount="", amount_qualifier="up_to")
    response = admin_client.post(admin_url("programs_grant_add"), data)
    assert response.status_code == 200
    assert in_french("Enter the amount the source gives, or choose 'not disclosed'.") in (
        errors_in(response)
    )
    assert not Grant.objects.exists()


def test_grant_view_on_site_goes_to_its_program_page(admin_client):
    grant = GrantFactory()
    change = admin_client.get(admin_url("programs_grant_change", grant.pk))
    link = change.context["adminform"].model_admin.get_view_on_site_url(grant)
    assert link in change.content.decode()
    response = admin_client.get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/fr/grants/{grant.slug}/")
