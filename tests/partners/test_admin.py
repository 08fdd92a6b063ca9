"""Admin of organisations, their former names and relationships."""

import pytest
from django.utils.text import capfirst

from core.sources import SourceDocument
from history.models import Event
from partners.models import Organization, OrganizationName, Relationship
from tests.conftest import ADMIN_PAGE_QUERIES, in_french
from tests.core.test_admin import (
    KEY_FIGURES_PREFIX,
    add_inline_rows,
    admin_url,
    errors_in,
    form_values,
    headings_in,
    results_table,
)
from tests.factories import (
    EventFactory,
    KeyFigureFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    RelationshipFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

INLINE_PREFIXES = [
    "former_names",
    "relationships_from",
    "relationships_to",
    "events",
    KEY_FIGURES_PREFIX,
]


def test_organization_changelist_finds_by_name_acronym_and_former_name(
    admin_client, django_assert_max_num_queries
):
    msf = OrganizationFactory(
        name_fr="Migrations Santé France", name_en="Migrations Health France", acronym="MSF"
    )
    OrganizationNameFactory(
        organization=msf, name_fr="Comité médical et médico-social", acronym="CMMSAM"
    )
    OrganizationFactory(name_fr="Médecins du Monde", acronym="MdM")
    url = admin_url("partners_organization_changelist")

    with django_assert_max_num_queries(ADMIN_PAGE_QUERIES):
        page = results_table(admin_client.get(url))
    assert "Migrations Santé France" in page and "Médecins du Monde" in page

    for term in ("Santé France", "Health France", "MSF", "CMMSAM"):
        found = results_table(admin_client.get(url, {"q": term}))
        assert "Migrations Santé France" in found and "Médecins du Monde" not in found, term


def test_organization_add_page_has_every_inline(admin_client):
    page = admin_client.get(admin_url("partners_organization_add")).content.decode()
    for prefix in INLINE_PREFIXES:
        assert f'name="{prefix}-TOTAL_FORMS" value="0"' in page, prefix
    assert capfirst(in_french("relationships from this organisation")) in headings_in(page)


def test_organization_change_page_shows_its_rows(admin_client):
    org = OrganizationFactory()
    OrganizationNameFactory(organization=org, name_fr="Ancien nom")
    partner = OrganizationFactory(name_fr="Partenaire")
    RelationshipFactory(source=org, target=partner)
    EventFactory(organization=org, title_fr="Fondation de l'association")
    KeyFigureFactory(subject=org)
    response = admin_client.get(admin_url("partners_organization_change", org.pk))
    page = response.content.decode()
    for prefix in ("former_names", "relationships_from", "events", KEY_FIGURES_PREFIX):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in page, prefix
    assert 'value="Ancien nom"' in page
    assert "Partenaire" in page
    assert "Fondation de l&#x27;association" in page
    assert org.get_absolute_url() == f"/fr/partners/{org.slug}/"
    assert response.context["adminform"].model_admin.get_view_on_site_url(org) in page


def test_add_organization(admin_client, admin_user):
    add = admin_client.get(admin_url("partners_organization_add"))
    data = form_values(
        add,
        name_fr="Comede",
        name_en="Comede",
        slug="comede",
        kind="association",
        summary_fr="Comité pour la santé des exilés.",
        summary_en="Committee for the health of exiles.",
        status="published",
    )
    add_inline_rows(
        data,
        "former_names",
        {
            "name_fr": "Comité médical pour les exilés",
            "used_from_precision": "year",
            "used_until_precision": "year",
            "status": "published",
            "source_document": "staff",
        },
    )
    response = admin_client.post(admin_url("partners_organization_add"), data)
    assert response.status_code == 302, errors_in(response)
    org = Organization.objects.get(slug="comede")
    assert org.summary_en == "Committee for the health of exiles."
    assert org.source_entered_by == admin_user
    former = org.former_names.get()
    assert former.name_fr == "Comité médical pour les exilés"
    assert former.source_entered_by == admin_user


def test_edit_organization_adds_a_relationship_and_an_event(admin_client):
    org = OrganizationFactory()
    partner = OrganizationFactory()
    change = admin_client.get(admin_url("partners_organization_change", org.pk))
    data = form_values(change, acronym="ORG")
    add_inline_rows(
        data,
        "relationships_from",
        {
            "target": str(partner.pk),
            "kind": "partners_with",
            "since_precision": "year",
            "until_precision": "year",
            "duration_qualifier": "exact",
            "status": "published",
            "source_document": "staff",
        },
    )
    add_inline_rows(
        data,
        "events",
        {
            "title_fr": "Création",
            "slug": "creation-org",
            "category": "founding",
            "starts_on": "1972-01-01",
            "starts_precision": "year",
            "position": "0",
            "status": "published",
            "source_document": "staff",
        },
    )
    response = admin_client.post(admin_url("partners_organization_change", org.pk), data)
    assert response.status_code == 302, errors_in(response)
    org.refresh_from_db()
    assert org.acronym == "ORG"
    assert Relationship.objects.get().target == partner
    assert Event.objects.get().organization == org


def test_relationship_with_itself_is_a_form_error(admin_client):
    org = OrganizationFactory()
    add = admin_client.get(admin_url("partners_relationship_add"))
    data = form_values(add, source=str(org.pk), target=str(org.pk), kind="funds")
    response = admin_client.post(admin_url("partners_relationship_add"), data)
    assert response.status_code == 200
    assert in_french("A relationship links two different organisations.") in errors_in(response)
    assert not Relationship.objects.exists()


def test_duplicate_relationship_is_a_form_error(admin_client):
    existing = RelationshipFactory()
    add = admin_client.get(admin_url("partners_relationship_add"))
    data = form_values(
        add,
        source=str(existing.source.pk),
        target=str(existing.target.pk),
        kind=existing.kind,
    )
    response = admin_client.post(admin_url("partners_relationship_add"), data)
    assert response.status_code == 200
    assert in_french("This relationship is already recorded.") in errors_in(response)
    assert list(Relationship.objects.all()) == [existing]


def test_seed_sourced_organization_with_an_invented_passage_is_refused(admin_client):
    org = OrganizationFactory(name_fr="Fondation Sanofi Espoir")
    change = admin_client.get(admin_url("partners_organization_change", org.pk))
    data = form_values(
        change,
        source_document=SourceDocument.FOUNDATION_PAGE.value,
        source_passage="The foundation was created on the moon.",
    )
    response = admin_client.post(admin_url("partners_organization_change", org.pk), data)
    assert response.status_code == 200
    assert in_french(
        "This passage is not word for word in the chosen source document."
    ) in errors_in(response)
    org.refresh_from_db()
    assert org.source_document == SourceDocument.STAFF


def test_organization_cannot_become_its_own_ancestor(admin_client):
    parent = OrganizationFactory()
    child = OrganizationFactory(parent=parent)
    change = admin_client.get(admin_url("partners_organization_change", parent.pk))
    response = admin_client.post(
        admin_url("partners_organization_change", parent.pk),
        form_values(change, parent=str(child.pk)),
    )
    assert response.status_code == 200
    assert in_french("This would make the organisation its own ancestor.") in errors_in(response)
    parent.refresh_from_db()
    assert parent.parent is None


def test_former_names_and_relationships_have_their_own_lists(admin_client):
    former = OrganizationNameFactory(name_fr="Ancien comité", name_en="Former committee")
    relationship = RelationshipFactory(
        source=OrganizationFactory(name_fr="Bailleur"),
        target=OrganizationFactory(name_fr="Soutenu"),
    )

    names_url = admin_url("partners_organizationname_changelist")
    for term in ("Ancien", "Former committee"):
        assert "Ancien comité" in results_table(admin_client.get(names_url, {"q": term}))
    assert "Ancien comité" not in results_table(admin_client.get(names_url, {"q": "zzz"}))
    relationships_url = admin_url("partners_relationship_changelist")
    assert "Soutenu" in results_table(admin_client.get(relationships_url, {"q": "Bailleur"}))

    for name, record in (("organizationname", former), ("relationship", relationship)):
        assert admin_client.get(admin_url(f"partners_{name}_add")).status_code == 200
        change = admin_client.get(admin_url(f"partners_{name}_change", record.pk))
        assert "Source" in change.content.decode()
    assert (
        'value="Former committee"'
        in admin_client.get(
            admin_url("partners_organizationname_change", former.pk)
        ).content.decode()
    )


def test_former_name_ending_before_it_starts_is_a_form_error(admin_client):
    org = OrganizationFactory()
    add = admin_client.get(admin_url("partners_organizationname_add"))
    data = form_values(
        add,
        organization=str(org.pk),
        name_fr="CMMSAM",
        used_from="1990-01-01",
        used_until="1980-01-01",
    )
    response = admin_client.post(admin_url("partners_organizationname_add"), data)
    assert response.status_code == 200
    assert in_french("A name cannot stop being used before it started.") in errors_in(response)
    assert not OrganizationName.objects.exists()
