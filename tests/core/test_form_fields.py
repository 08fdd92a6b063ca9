"""The filter form's fields written by core.templatetags.form_fields are Django's own HTML."""

import re

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from centers.filters import CenterFilter
from centers.models import Center
from tests.factories import CenterFactory, LanguageFactory, TargetGroupFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "place=Lyon&territory=metropolitan-france&kind=caso&free=on&open_now=on",
    "audience=welcome&language=ar&age=12&no_permit=yes",
    "territory=nowhere&audience=nobody&age=abc&kind=castle&operator=nobody",
    "place=%3Cb%3E%22x%22%26&age=-3",
]


def normalized(html):
    """Whitespace between tags and runs of spaces do not show."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.fixture
def filterset_for():
    territory = TerritoryFactory(slug="metropolitan-france", name="France métropolitaine")
    group = TargetGroupFactory(slug="welcome", name="Tout le monde <ici>")
    language = LanguageFactory(code="ar", name="arabe")
    center = CenterFactory(territory=territory)
    center.audiences.add(group)
    center.languages.add(language)

    def build(query):
        filterset = CenterFilter(QueryDict(query) or None, queryset=Center.objects.public())
        filterset.qs  # noqa: B018 - validates the form, as the view does
        return filterset

    return build


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_field_is_written_as_django_writes_it(filterset_for, query, language):
    with translation.override(language):
        form = filterset_for(query).form
        template = Template(
            "{% load form_fields %}{% field_group field %}|{% field_widget field %}"
            "|{% field_label field %}|{% field_errors field %}"
        )
        for field in form:
            ours = template.render(Context({"field": field})).split("|")
            django = [field.as_field_group(), field.as_widget(), field.label_tag(), field.errors]
            expected = [normalized(part) for part in django]
            assert [normalized(part) for part in ours] == expected, field.name


def test_a_value_typed_into_the_page_comes_back_escaped(filterset_for):
    form = filterset_for("place=%3Cb%3E%22x%22%26").form
    html = Template("{% load form_fields %}{% field_widget form.place %}").render(
        Context({"form": form})
    )
    assert 'value="&lt;b&gt;&quot;x&quot;&amp;"' in html
