"""Issue 13: the site search in Arabic, Dari/Persian, Pashto, Ukrainian and Russian, each in its
own script: stemmed where PostgreSQL has a stemmer (Arabic, Russian), word for word elsewhere,
letters PostgreSQL's unaccent() keeps (й, ї, آ) matched as written, typos tolerated, the
French text searched where a record has no translation, and no more queries than in French."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import search as search_module
from tests.factories import CenterFactory, ProgramFactory
from tests.network.test_search import get, titles

pytestmark = pytest.mark.django_db

# One place, its name and summary in each language (the French is the factory's default).
PLACE = {
    "ar": ("استشارة طبية مجانية للقاصرين في كونغو", "استشارات طبية مجانية لجميع الأطفال."),
    "fa": ("مشاورهٔ پزشکی رایگان برای کودکان در کونگو", "آموزش و پیشگیری برای همه کودکان."),
    "ps": ("په کونګو کې د ماشومانو لپاره وړیا طبي مشوره", "د ټولو ماشومانو لپاره وړیا مشوره."),
    "uk": ("Безкоштовна консультація для неповнолітніх у Кунгу", "Допомога в Києві та всюди."),
    "ru": ("Бесплатная консультация для несовершеннолетних в Кунгу", "Мобильные бригады помогают."),
}


@pytest.fixture
def place():
    values = {}
    for lang, (name, summary) in PLACE.items():
        values |= {f"name_{lang}": name, f"summary_{lang}": summary}
    return CenterFactory(
        slug="koungou",
        name="Consultation pour les mineurs à Koungou",
        name_en="Consultation for minors in Koungou",
        summary="Consultations gratuites.",
        city="Koungou",
        **values,
    )


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("ar", "للقاصرين"),  # a word of the name as written
        ("ar", "طبي مجاني"),  # stemmed: "طبية مجانية" in the name
        ("ar", "الأطفال"),  # a word of the summary (alef with hamza, kept by unaccent)
        ("fa", "کودکان"),
        ("fa", "آموزش"),  # alef with madda: Python would fold it, unaccent() keeps it
        ("ps", "ماشومانو"),
        ("ps", "وړیا"),
        ("uk", "неповнолітніх"),
        ("uk", "Києві"),  # ї: Python would fold it to і, unaccent() keeps it
        ("ru", "консультации"),  # stemmed: "консультация" in the name
        ("ru", "бригада"),  # stemmed: "бригады" in the summary
    ],
)
def test_each_language_finds_a_place_by_a_word_in_its_script(client, place, lang, query):
    assert titles(get(client, query, lang), "places") == [PLACE[lang][0]]


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("ar", "استشارة طبيه مجانيه"),
        ("ru", "Бесплатнаяя консультацыя"),
        ("uk", "Безкоштовна консультацiя"),
    ],
)
def test_a_typo_in_the_name_still_finds_it(client, place, lang, query):
    assert titles(get(client, query, lang), "places") == [PLACE[lang][0]]


def test_a_word_of_another_language_is_not_found_in_its_text(client, place):
    # The Russian words are in the Russian document only.
    assert titles(get(client, "несовершеннолетних", "ar"), "places") == []
    assert titles(get(client, "несовершеннолетних", "ru"), "places") == [PLACE["ru"][0]]


def test_the_city_is_found_in_every_language(client, place):
    for lang in PLACE:
        assert titles(get(client, "Koungou", lang), "places") == [PLACE[lang][0]], lang


def test_an_untranslated_record_is_searched_in_its_french_text(client):
    CenterFactory(slug="halte", name="Halte santé de Dieppe", summary="Dépistage gratuit.")
    for lang in PLACE:
        assert titles(get(client, "depistage", lang), "places") == ["Halte santé de Dieppe"], lang


def test_title_matches_rank_first_in_russian(client):
    ProgramFactory(slug="a", title_ru="Обучение", summary_ru="Для мобильных бригад.")
    ProgramFactory(slug="b", title_ru="Мобильные бригады", summary_ru="Помощь на улице.")
    assert titles(get(client, "мобильные бригады", "ru"), "programs") == [
        "Мобильные бригады",
        "Обучение",
    ]


def count_queries(client, lang):
    with CaptureQueriesContext(connection) as queries:
        html = get(client, "Koungou", lang)
    assert titles(html, "places")
    return len(queries)


def test_query_count_in_every_language_is_the_french_one_and_fixed(client, place):
    french = count_queries(client, "fr")
    for lang in PLACE:
        assert count_queries(client, lang) == french, lang
    for i in range(30):
        CenterFactory(city="Koungou", name_ru=f"Консультация {i}", name_ar=f"استشارة {i}")
    assert count_queries(client, "ru") == french
    assert count_queries(client, "ar") == french


def test_every_language_has_its_search_configuration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        configurations = {name for (name,) in cursor.fetchall()}
    assert set(search_module.SEARCH_CONFIGS) == {"fr", "en", *PLACE}
    assert set(search_module.SEARCH_CONFIGS.values()) <= configurations
    assert search_module.SEARCH_CONFIGS["ar"] == "arabic"
    assert search_module.SEARCH_CONFIGS["ru"] == "russian"
    assert {search_module.SEARCH_CONFIGS[lang] for lang in ("uk", "fa", "ps")} == {"simple"}
