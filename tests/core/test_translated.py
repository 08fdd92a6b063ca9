"""The marking of a field with no translation in the visitor's language (issue 13): its French
text marked lang="fr" (and dir="ltr" in a right-to-left page only) and a visible note in the
visitor's language, once per field or, where the template asks, once for several fields."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ARABIC_NOTE = ' <span class="untranslated">(لم يُترجَم بعد)</span>'
RUSSIAN_NOTE = ' <span class="untranslated">(ещё не переведено)</span>'


def render(lang, source, **context):
    with translation.override(lang):
        return Template("{% load core_tags %}" + source).render(Context(context))


@pytest.fixture
def french_only():
    return OrganizationFactory(name_fr="Médecins & co", name_en="", name_ru="", name_ar="")


@pytest.fixture
def in_russian():
    return OrganizationFactory(name_fr="Comède", name_ru="Комед", name_ar="")


def test_in_a_right_to_left_page_the_french_text_reads_left_to_right(french_only):
    html = render("ar", '{% translated org "name" %}', org=french_only)
    assert html == '<span lang="fr" dir="ltr">Médecins &amp; co</span>' + ARABIC_NOTE


def test_in_a_left_to_right_page_it_needs_no_dir(french_only):
    html = render("ru", '{% translated org "name" %}', org=french_only)
    assert html == '<span lang="fr">Médecins &amp; co</span>' + RUSSIAN_NOTE


def test_a_translated_field_is_plain_text(in_russian):
    assert render("ru", '{% translated org "name" %}', org=in_russian) == "Комед"


def test_one_note_for_two_names_when_one_is_untranslated(french_only, in_russian):
    source = (
        '{% translated a "name" noted=True %} → {% translated b "name" noted=True %}'
        '{% untranslated_note "name" a b %}'
    )
    html = render("ru", source, a=french_only, b=in_russian)
    assert html == '<span lang="fr">Médecins &amp; co</span> → Комед' + RUSSIAN_NOTE
    assert html.count("untranslated") == 1


def test_no_note_when_every_name_is_translated(in_russian):
    source = '{% untranslated_note "name" a b %}'
    assert render("ru", source, a=in_russian, b=None) == ""


def test_the_attributes_of_a_link_that_holds_an_untranslated_name(french_only, in_russian):
    source = '<a href="/"{% fallback_lang org "name" %}>{{ org.name }}</a>'
    assert render("ru", source, org=french_only) == '<a href="/" lang="fr">Médecins &amp; co</a>'
    assert (
        render("ar", source, org=french_only)
        == '<a href="/" lang="fr" dir="ltr">Médecins &amp; co</a>'
    )
    assert render("ru", source, org=in_russian) == '<a href="/">Комед</a>'
