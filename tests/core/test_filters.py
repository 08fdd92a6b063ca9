"""core.filters: what every filtered public list shares (organisations, programs, timeline,
places)."""

import django_filters
import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation
from django.views.generic import ListView

from core.filters import FilteredListMixin, query_without, unknown_value
from core.models import Status
from partners.models import Organization, OrganizationKind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


class ExampleFilter(django_filters.FilterSet):
    """A choice filter and a model filter by slug: the two kinds the public lists use."""

    kind = django_filters.ChoiceFilter(
        label="Kind",
        choices=OrganizationKind.choices,
        error_messages=unknown_value("“%(value)s” is not a kind."),
    )
    parent = django_filters.ModelChoiceFilter(
        label="Part of",
        queryset=lambda request: (
            Organization.objects.published().filter(children__isnull=False).distinct()
        ),
        to_field_name="slug",
        error_messages=unknown_value("No organisation “%(value)s” has members."),
    )
    empty_labels = {"kind": "All kinds", "parent": "Anyone"}

    class Meta:
        model = Organization
        fields = ["kind", "parent"]


class ExampleListView(FilteredListMixin, ListView):
    filterset_class = ExampleFilter
    template_name = "never-rendered.html"  # the tests read the response's context
    paginate_by = 20

    def get_base_queryset(self):
        return Organization.objects.published()


def get(query=""):
    request = RequestFactory().get(f"/en/example/?{query}" if query else "/en/example/")
    response = ExampleListView.as_view()(request)
    return response, response.context_data


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def family():
    msf = OrganizationFactory(
        name="Migrations Santé France",
        name_en="Migrations Santé France",
        slug="msf",
        kind=OrganizationKind.ASSOCIATION,
    )
    antenna = OrganizationFactory(
        name="Antenna", slug="antenna", kind=OrganizationKind.NETWORK, parent=msf
    )
    mrap = OrganizationFactory(name="MRAP", slug="mrap", kind=OrganizationKind.MOVEMENT)
    return {"msf": msf, "antenna": antenna, "mrap": mrap}


def test_unknown_value_is_the_invalid_choice_message():
    assert unknown_value("“%(value)s”?") == {"invalid_choice": "“%(value)s”?"}


def test_query_without_drops_the_names_and_the_page():
    query = QueryDict("kind=ngo&parent=msf&page=3&q=x")
    assert query_without(query, "kind").urlencode() == "parent=msf&q=x"
    assert query_without(query).urlencode() == "kind=ngo&parent=msf&q=x"
    assert (
        query.urlencode() == "kind=ngo&parent=msf&page=3&q=x"
    )  # the request's own query is left alone


class TestFilteredListMixin:
    def test_unfiltered(self, family):
        response, context = get()
        assert response.status_code == 200
        assert {o.slug for o in context["object_list"]} == {"msf", "antenna", "mrap"}
        assert context["active_filters"] == []
        assert context["filter_errors"] == []
        assert context["unfiltered_url"] == "/en/example/"

    def test_filters_combine_and_are_summarised(self, family):
        response, context = get("parent=msf&kind=network")
        assert response.status_code == 200
        assert [o.slug for o in context["object_list"]] == ["antenna"]
        active = {f["name"]: f for f in context["active_filters"]}
        assert active["parent"]["active"] == "Migrations Santé France"
        assert active["parent"]["remove_url"] == "?kind=network"

    def test_options_for_the_select_and_the_links(self, family):
        _response, context = get("page=1&parent=msf")
        parent = {f["name"]: f for f in context["filters"]}["parent"]
        assert parent["empty_label"] == "Anyone"
        # Only organisations with members are offered; each option links to page 1 of its list.
        assert parent["options"] == [
            {
                "value": "msf",
                "label": "Migrations Santé France",
                "url": "?parent=msf",
                "selected": True,
            },
        ]
        kind = {f["name"]: f for f in context["filters"]}["kind"]
        network = next(o for o in kind["options"] if o["value"] == "network")
        assert network["url"] == "?parent=msf&kind=network"
        assert not network["selected"]

    def test_removing_the_last_filter_gives_the_bare_address(self, family):
        _response, context = get("parent=msf")
        assert context["active_filters"][0]["remove_url"] == "/en/example/"

    def test_an_unknown_value_is_left_out_and_said_with_a_400(self, family):
        response, context = get("parent=nobody&kind=movement")
        assert response.status_code == 400
        assert context["filter_errors"] == ["No organisation “nobody” has members."]
        # The filter that was understood still applies.
        assert [o.slug for o in context["object_list"]] == ["mrap"]
        errors = {f["name"]: f["errors"] for f in context["filters"]}
        assert errors["kind"] == []

    def test_an_unknown_choice(self, family):
        response, context = get("kind=spaceship")
        assert response.status_code == 400
        assert context["filter_errors"] == ["“spaceship” is not a kind."]
        assert {o.slug for o in context["object_list"]} == {"msf", "antenna", "mrap"}

    def test_an_unpublished_row_is_an_unknown_value(self, family):
        OrganizationFactory(slug="draft", status=Status.DRAFT).children.add(family["mrap"])
        response, context = get("parent=draft")
        assert response.status_code == 400
        assert context["filter_errors"] == ["No organisation “draft” has members."]
