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
