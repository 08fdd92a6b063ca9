"""The list's filter form written by centers/filter_form.py is its template's HTML, byte for
byte (centers/includes/filter_form.html, loaded as the pages load it)."""

import pytest
from django.http import QueryDict
from django.template.loader import get_template
from django.utils import translation

from centers.filter_form import filter_form_html
from centers.filters import CenterFilter
from centers.models import Center
from tests.factories import (
    CenterFactory,
    LanguageFactory,
    OrganizationFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "place=Lyon&territory=metropolitan-france&kind=caso&department=69&service=dentist",
    "audience=welcome&language=ar&age=12&free=on&no_call=on&open_now=on",
    "territory=nowhere&audience=nobody&kind=castle&department=1000&language=zz&age=abc",
    "operator=m%C3%A9decins&program=nothing&place=%3Cb%3E%22",
    "free=yes&no_permit=on&no_coverage=on&no_appointment=on&step_free=on&animals=on&no_referral=on",
]
# (selection value, a filter is active or invalid, the "Clear all filters" address)
AROUND = [("", False, "/fr/places/"), ("5,17", True, "/fr/places/?sel=5,17&x=<1>")]


@pytest.fixture
def filterset_for():
    territory = TerritoryFactory(slug="metropolitan-france", name="France métropolitaine")
    TerritoryFactory(slug="mayotte", name="Mayotte", name_en="", overseas=True)
    group = TargetGroupFactory(slug="welcome", name="Tout le monde <ici> & là")
    center = CenterFactory(territory=territory, operator=OrganizationFactory(name="Médecins A"))
    CenterFactory(territory=territory, operator=OrganizationFactory(name="Médecins B"))
    center.audiences.add(group)
    center.services.add(ServiceFactory(slug="dentist", name="Dentiste"))

    def build(query, languages=True):
        if languages:
            center.languages.add(LanguageFactory(code="ar", name="arabe"))
        filterset = CenterFilter(QueryDict(query) or None, queryset=Center.objects.public())
        filterset.qs  # noqa: B018 - validates the form, as the view does
        return filterset

    return build


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("language", ["fr", "en", "ar"])
@pytest.mark.parametrize("around", AROUND)
def test_the_form_is_written_as_its_template_writes_it(filterset_for, query, language, around):
    selection_value, filtered, clear = around
    template = get_template("centers/includes/filter_form.html")
    with translation.override(language):
        filterset = filterset_for(query)
        ours = filter_form_html(
            filterset.form,
            filterset.STATED_CONDITIONS,
            selection_value=selection_value,
            filtered=filtered,
            clear_filters_url=clear,
        )
        theirs = template.render(
            {
                "form": filterset.form,
                "filter": filterset,
                "selection_value": selection_value,
                "active_filters": [{"name": "x"}] if filtered else [],
                "invalid_filters": [],
                "clear_filters_url": clear,
            }
        )
    assert ours == theirs


@pytest.mark.parametrize("query", ["", "language=ar"])
def test_the_language_filter_is_left_out_when_no_place_states_a_language(filterset_for, query):
    template = get_template("centers/includes/filter_form.html")
    filterset = filterset_for(query, languages=False)
    ours = filter_form_html(
        filterset.form,
        filterset.STATED_CONDITIONS,
        selection_value="",
        filtered=False,
        clear_filters_url="/",
    )
    context = {"form": filterset.form, "filter": filterset, "clear_filters_url": "/"}
    assert ours == template.render(context)
    assert ('name="language"' in ours) == bool(query)
