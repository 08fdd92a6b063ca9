"""The list's selects written by centers.templatetags.list_fields are field_group's HTML."""

import pytest
from django import forms
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from centers.filters import CenterFilter
from centers.models import Center
from tests.factories import (
    CenterFactory,
    LanguageFactory,
    ServiceFactory,
    TargetGroupFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "territory=metropolitan-france&kind=caso&department=69&service=dentist",
    "audience=welcome&language=ar&age=12",
    "territory=nowhere&audience=nobody&kind=castle&department=1000&language=zz",
    "territory=mayotte&audience=%3Cb%3E&service=",
]


@pytest.fixture
def filterset_for():
    territory = TerritoryFactory(slug="metropolitan-france", name="France métropolitaine")
    TerritoryFactory(slug="mayotte", name="Mayotte", name_en="", overseas=True)
    group = TargetGroupFactory(slug="welcome", name="Tout le monde <ici> & là")
    center = CenterFactory(territory=territory)
    center.audiences.add(group)
    center.languages.add(LanguageFactory(code="ar", name="arabe"))
    center.services.add(ServiceFactory(slug="dentist", name="Dentiste"))

    def build(query):
        filterset = CenterFilter(QueryDict(query) or None, queryset=Center.objects.public())
        filterset.qs  # noqa: B018 - validates the form, as the view does
        return filterset

    return build


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_each_select_is_written_as_field_group_writes_it(filterset_for, query, language):
    template = Template(
        "{% load form_fields list_fields %}{% select_group f %}|{% field_group f %}"
    )
    with translation.override(language):
        selects = [f for f in filterset_for(query).form if isinstance(f.field.widget, forms.Select)]
        assert {f.name for f in selects} >= {"territory", "department", "kind", "audience"}
        for _ in range(2):  # written, then from the options kept
            for field in selects:
                ours, theirs = template.render(Context({"f": field})).split("|")
                assert ours == theirs, field.name
