"""An organisation's page and a program's page combine domains, so their views are network's;
they keep the addresses and URL names of their lists (the header marks the section they are in
by the URL namespace)."""

import pytest
from django.urls import resolve, reverse

from network.pages import OrganizationDetailView, ProgramDetailView
from partners.views import OrganizationListView
from programs.views import ProgramListView


@pytest.mark.parametrize(
    ("name", "address", "view", "list_name", "list_view"),
    [
        (
            "partners:organization-detail",
            "/fr/partners/msf/",
            OrganizationDetailView,
            "partners:organization-list",
            OrganizationListView,
        ),
        (
            "programs:program-detail",
            "/fr/programs/msf/",
            ProgramDetailView,
            "programs:program-list",
            ProgramListView,
        ),
    ],
)
def test_a_combined_page_keeps_its_address_and_its_lists_namespace(
    name, address, view, list_name, list_view
):
    assert reverse(name, kwargs={"slug": "msf"}) == address
    match = resolve(address)
    assert match.func.view_class is view
    assert match.app_name == resolve(reverse(list_name)).app_name == name.split(":")[0]
    assert resolve(reverse(list_name)).func.view_class is list_view


@pytest.mark.django_db
def test_an_organisation_page_lists_both_sides_of_each_pair_in_few_queries(
    client, django_assert_max_num_queries
):
    """Relationships from and to, programs led and joined, grants made and received: each box
    shows its first ten and says there are more, in at most 12 queries (BEGIN and COMMIT
    counted)."""
    from tests.factories import (
        GrantFactory,
        OrganizationFactory,
        ProgramFactory,
        RelationshipFactory,
    )

    org = OrganizationFactory(slug="hub", name="Hub", name_en="Hub")
    for i in range(12):
        RelationshipFactory(source=org, target=OrganizationFactory(name=f"Cible {i:02}"))
        RelationshipFactory(target=org, source=OrganizationFactory(name=f"Source {i:02}"))
        ProgramFactory(lead_organization=org, title=f"Mené {i:02}", title_en=f"Led {i:02}")
        joined = ProgramFactory(title=f"Rejoint {i:02}", title_en=f"Joined {i:02}")
        joined.partners.add(org)
        GrantFactory(funder=org, program=joined)
        funded = ProgramFactory(title=f"Reçu {i:02}", title_en=f"Received {i:02}")
        GrantFactory(recipient=org, program=funded)
    with django_assert_max_num_queries(12):
        html = client.get("/en/partners/hub/").content.decode()
    for shown in ("Cible 00", "Source 00", "Led 00", "Joined 00", "Received 00"):
        assert shown in html
    for hidden in ("Cible 10", "Source 10", "Led 10", "Joined 10", "Received 10"):
        assert hidden not in html
