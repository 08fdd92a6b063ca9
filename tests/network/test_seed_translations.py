"""Issue 13: the seed content in Arabic, Dari/Persian, Pashto, Ukrainian and Russian. Every
translated field of every seeded record has its text in each language (a test lists the holes),
the numbers of the English text and only them, in Western digits; the loader writes them and a
second run changes nothing; each language's place page shows its own text, unmarked, and the
search finds it by a word in the language's script."""

import re
from collections import Counter

import pytest
from django.db import transaction
from django.utils.translation import override as translation_override
from modeltranslation.translator import translator

from centers.models import Center, Service, Territory
from core.models import KeyFigure
from history.models import Event, Reference
from network.seed_translations import LANGUAGES, TRANSLATIONS, holes, translation
from network.seeding import SeedLoader, seed_records
from partners.models import Organization, OrganizationName, Relationship
from programs.models import Grant, Program, TargetGroup, Theme
from tests.network.test_search import get, titles

SEEDED_MODELS = [
    Organization,
    OrganizationName,
    Relationship,
    Theme,
    TargetGroup,
    Service,
    Program,
    Grant,
    Center,
    Reference,
    Event,
    KeyFigure,
]
NUMBER = re.compile(r"[0-9][0-9.,\u00a0\u202f ]*[0-9]|[0-9]")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Load the seed once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = SeedLoader().load()
        yield report
        transaction.set_rollback(True)


def test_every_seed_field_is_translated_in_every_language():
    missing, unknown = holes(seed_records())
    assert missing == [], "fields with no translation (language, record, field)"
    assert unknown == [], "translations of no seeded field (language, record, field)"


def numbers(text):
    """The numbers a text states, digits only ("6,000", "6 000" and "6000" alike)."""
    return Counter(re.sub(r"[^0-9]", "", n) for n in NUMBER.findall(text))


def test_each_translation_states_the_numbers_of_the_english_in_western_digits():
    """Every number of the English text, and no other; a decade ("the 1970s") may be said in
    words ("سبعينيات القرن العشرين")."""
    wrong = []
    for key, spec in seed_records():
        for name, value in spec.items():
            if not isinstance(value, tuple) or name == "subject":
                continue
            english = value[1]
            required = numbers(re.sub(r"[0-9]{4}s", "", english))
            for language in LANGUAGES:
                found = numbers(translation(language, key, name) or "")
                if required - found or found - numbers(english):
                    wrong.append((language, key, name))
                if re.search(r"[٠-٩۰-۹]", translation(language, key, name) or ""):
                    wrong.append((language, key, name))
    assert wrong == []


def test_translations_are_plain_single_line_text():
    for language, texts in TRANSLATIONS.items():
        for key, fields in texts.items():
            for name, text in fields.items():
                assert text == " ".join(text.split()), (language, key, name)


def test_the_loader_fills_every_language_of_every_translated_field(seeded, db):
    empty = []
    for model in SEEDED_MODELS:
        fields = translator.get_options_for_model(model).all_fields
        for obj in model.objects.exclude(seed_key=None):
            for name in fields:
                if not getattr(obj, f"{name}_fr"):
                    continue
                empty += [
                    (language, obj.seed_key, name)
                    for language in LANGUAGES
                    if not getattr(obj, f"{name}_{language}")
                ]
    for territory in Territory.objects.all():
        empty += [
            (language, territory.slug, "name")
            for language in LANGUAGES
            if not getattr(territory, f"name_{language}")
        ]
    assert empty == []
    koungou = Center.objects.get(seed_key="center:koungou-minors")
    assert koungou.name_ru == TRANSLATIONS["ru"]["center:koungou-minors"]["name"]


def test_a_second_run_changes_nothing_in_any_language(seeded, db):
    report = SeedLoader().load()
    assert report.created == [] and report.updated == [] and report.kept == []


def test_a_translation_staff_edited_is_kept(seeded, db):
    program = Program.objects.get(seed_key="program:koungou")
    program.title_ar = "عنوان عدّله الفريق"
    program.save()
    report = SeedLoader().load()
    assert any("program:koungou" in line or "Koungou" in line for line in report.kept)
    program.refresh_from_db()
    assert program.title_ar == "عنوان عدّله الفريق"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_koungou_place_page_is_in_the_language_with_nothing_marked(client, seeded, language):
    place = Center.objects.get(seed_key="center:koungou-minors")
    html = client.get(f"/{language}/places/{place.slug}/").content.decode()
    texts = TRANSLATIONS[language]["center:koungou-minors"]
    assert f"<h1>{texts['name']}</h1>" in html
    assert texts["conditions"] in html
    assert 'class="untranslated"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_koungou_program_page_is_in_the_language_with_nothing_marked(client, seeded, language):
    program = Program.objects.get(seed_key="program:koungou")
    with translation_override(language):
        html = client.get(program.get_absolute_url()).content.decode()
    assert TRANSLATIONS[language]["program:koungou"]["title"] in html
    assert 'class="untranslated"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_seeded_page_marks_anything_untranslated(client, seeded, language):
    """Every public page the seed fills (its places, programs, partners, and the lists and the
    timeline) shows the language's own text: no French marked "not yet translated"."""
    with translation_override(language):
        paths = [
            obj.get_absolute_url()
            for model in (Center, Program, Organization)
            for obj in model.objects.public().exclude(seed_key=None)
        ]
    sections = ("", "places/", "programs/", "partners/", "history/", "grants/")
    paths += [f"/{language}/{section}" for section in sections]
    marked = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if 'class="untranslated"' in response.content.decode():
            marked.append(path)
    assert len(paths) > 25
    assert marked == []


# The seeded Koungou place, found in each language by a word of its translated name or text.
SEEDED = [
    ("ar", "القاصرين"),
    ("ar", "كونغو"),
    ("fa", "کونگو"),
    ("fa", "رایگان"),
    ("ps", "کونګو"),
    ("ps", "وړیا"),
    ("uk", "неповнолітніх"),
    ("uk", "Кунгу"),
    ("ru", "несовершеннолетних"),
    ("ru", "Кунгу"),
]
# One typo in the name, as a visitor may type it.
SEEDED_TYPOS = [("ar", "للقاصرن"), ("ru", "несовершенолетних")]


@pytest.mark.parametrize(("lang", "query"), SEEDED + SEEDED_TYPOS)
def test_the_seeded_koungou_place_is_found_in_each_language(client, seeded, lang, query):
    name = TRANSLATIONS[lang]["center:koungou-minors"]["name"]
    assert name in titles(get(client, query, lang), "places")
