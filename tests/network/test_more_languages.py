"""Issue 13: seven languages. Every public page in each has its language and direction, the
switcher names each language in itself, an unreviewed language says so, the admin stays French
and English, an untranslated field is shown in French and marked, the interface catalogues are
complete, and dates and numbers follow each locale with Western digits."""

import datetime
import gettext
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from core.models import Status
from core.qualifiers import format_money, format_number
from network.seeding import seed_network
from tests.browser.pages import PAGE_TYPES, expected_status, page_path
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar", "fa", "ps"}
LOCALE = Path(settings.BASE_DIR) / "locale"


def html_tag(html):
    return re.search(r"<html\s[^>]*>", html).group(0)


def test_every_public_page_has_its_language_and_direction_in_every_language(client):
    seed_network()
    wrong = []
    for lang in CODES:
        direction = "rtl" if lang in RTL else "ltr"
        for page_type in PAGE_TYPES:
            response = client.get(page_path(page_type, lang))
            if response.status_code != expected_status(page_type):
                wrong.append((lang, page_type, response.status_code))
                continue
            tag = html_tag(response.content.decode())
            if f'lang="{lang}"' not in tag or f'dir="{direction}"' not in tag:
                wrong.append((lang, page_type, tag))
    assert wrong == []


def test_the_switcher_names_each_language_in_itself(client):
    html = client.get("/ar/").content.decode()
    links = dict(
        re.findall(r'hreflang="(\w+)"\s+lang="\w+"\s+dir="(?:ltr|rtl)">\s*([^<]+?)\s*</a>', html)
    )
    assert links == {
        "fr": "Français",
        "en": "English",
        "fa": "دری / فارسی",
        "ps": "پښتو",
        "uk": "Українська",
        "ru": "Русский",
    }
    assert 'hreflang="fa" lang="fa" dir="rtl"' in " ".join(html.split())


@pytest.mark.parametrize("lang", sorted(RTL | {"uk", "ru"}))
def test_an_unreviewed_language_says_so_in_itself_and_in_french(client, lang):
    assert settings.LANGUAGES_REVIEWED[lang] is False
    html = client.get(f"/{lang}/").content.decode()
    with translation.override(lang):
        own = translation.gettext("This translation has not yet been reviewed by a fluent speaker.")
    with translation.override("fr"):
        french = translation.gettext(
            "This translation has not yet been reviewed by a fluent speaker."
        )
    assert own != french
    assert own in html
    assert re.search(r'<p lang="fr" dir="ltr">\s*' + re.escape(french) + r"\s*</p>", html)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_reviewed_language_shows_no_notice(client, lang):
    html = client.get(f"/{lang}/").content.decode()
    assert 'class="wrap review-notice"' not in html


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/ar/admin/", "/fr/admin/"),
        ("/ps/admin/centers/center/?q=lyon", "/fr/admin/centers/center/?q=lyon"),
        ("/ru/admin/login/", "/fr/admin/login/"),
        ("/fa/admin", "/fr/admin"),
    ],
)
def test_the_admin_stays_french_and_english(client, path, target):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_admin_in_english_is_not_redirected(client):
    assert client.get("/en/admin/login/").status_code == 200


def test_the_funders_space_exists_in_every_language(client):
    for lang in CODES:
        assert client.get(f"/{lang}/funders/login/").status_code == 200, lang


def test_an_untranslated_field_shows_the_french_text_marked(client):
    place = CenterFactory(
        slug="lieu", status=Status.PUBLISHED, name="Lieu d'accueil", summary="Soins gratuits"
    )
    place.name_ar = "مكان الاستقبال"
    place.save()
    html = client.get("/ar/places/lieu/").content.decode()
    # The name has its Arabic translation: no marker around it.
    assert "<h1>مكان الاستقبال</h1>" in html
    # The summary has none: the French text, marked as French, with the note in Arabic.
    assert (
        '<span lang="fr" dir="ltr">Soins gratuits</span>'
        ' <span class="untranslated">(لم يُترجَم بعد)</span>' in html
    )


def test_no_marker_where_every_field_is_in_the_language(client):
    CenterFactory(slug="lieu", status=Status.PUBLISHED, name="Lieu", summary="Soins")
    assert 'class="untranslated"' not in client.get("/fr/places/lieu/").content.decode()


def test_the_english_page_marks_a_french_only_field(client):
    CenterFactory(slug="lieu", status=Status.PUBLISHED, name="Lieu", summary="Soins gratuits")
    html = client.get("/en/places/lieu/").content.decode()
    # English reads left to right like French: the page's direction serves, no dir attribute.
    assert (
        '<span lang="fr">Soins gratuits</span> <span class="untranslated">(not yet translated)'
        in html
    )


def catalogue(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def test_every_interface_message_is_translated_in_every_language():
    """The French catalogue lists the interface's messages (English is the source language):
    each other language translates every one of them, every plural form included."""
    french = catalogue("fr")._catalog
    holes = {}
    for lang in CODES:
        if lang in ("fr", "en"):
            continue
        translated = catalogue(lang)._catalog
        missing = [key for key in french if key and not translated.get(key)]
        if missing:
            holes[lang] = missing
    assert holes == {}


@pytest.mark.parametrize(("lang", "forms"), [("ar", 6), ("fa", 2), ("ps", 2), ("uk", 3), ("ru", 3)])
def test_plural_forms_per_language(lang, forms):
    plural = catalogue(lang).plural
    assert len({plural(n) for n in range(0, 200)}) == forms
    with translation.override(lang):
        one = translation.ngettext("%(counter)s event", "%(counter)s events", 1)
        many = translation.ngettext("%(counter)s event", "%(counter)s events", 5)
    assert "%(counter)s" in one
    assert "%(counter)s" in many


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", "6 ديسمبر 2026"),
        ("fa", "6 دسامبر 2026"),
        ("ps", "6 ډسمبر 2026"),
        ("uk", "6 грудня 2026"),
        ("ru", "6 декабря 2026"),
    ],
)
def test_gregorian_dates_with_the_month_in_the_language_and_western_digits(lang, expected):
    with translation.override(lang):
        date_format = translation.gettext("j F Y")
        assert formats.date_format(datetime.date(2026, 12, 6), date_format) == expected


@pytest.mark.parametrize("lang", ["ar", "fa", "ps", "uk", "ru"])
def test_numbers_keep_western_digits(lang):
    with translation.override(lang):
        number = formats.number_format(1234567.5, 1, use_l10n=True, force_grouping=True)
    assert re.fullmatch(r"1\D?234\D?567\D5", number), number


NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("lang", "money", "count"),
    [
        # Django's separators for each language; Arabic's and Persian's grouping is ours
        # (config/formats/ar and fa): Django's modules set none, and amounts printed "1200000".
        ("ar", f"1.200.000{NBSP}€", "6.000"),
        ("fa", f"1,200,000{NBSP}€", "6,000"),
        ("ps", f"1,200,000{NBSP}€", "6,000"),
        ("uk", f"1{NBSP}200{NBSP}000{NBSP}€", f"6{NBSP}000"),
        ("ru", f"1{NBSP}200{NBSP}000{NBSP}€", f"6{NBSP}000"),
    ],
)
def test_amounts_and_counts_group_their_thousands_in_every_language(lang, money, count):
    with translation.override(lang):
        assert format_money(Decimal("1200000")) == money
        assert format_number(Decimal("6000")) == count


@pytest.mark.parametrize(
    ("lang", "total", "sentence"),
    [
        ("ar", "1.200.000\N{NO-BREAK SPACE}€", "«حتى 1.200.000 €»"),
        ("fa", "1,200,000\N{NO-BREAK SPACE}€", "«تا 1,200,000 €»"),
    ],
)
def test_the_grants_total_is_grouped_as_the_sentence_beside_it(client, lang, total, sentence):
    """The grants index in Arabic and Persian: the seed's total reads as the sentence that
    explains totals writes it, thousands grouped the same way."""
    seed_network()
    html = client.get(f"/{lang}/grants/").content.decode()
    totals = html[html.index('id="totals-title"') : html.index('id="charts-title"')]
    assert total in totals
    assert "1200000" not in html
    assert sentence in html


def test_pashto_is_a_right_to_left_language_with_its_own_name():
    info = translation.get_language_info("ps")
    assert info["bidi"] is True
    assert info["name_local"] == "پښتو"
    with translation.override("ps"):
        assert translation.get_language_bidi()
