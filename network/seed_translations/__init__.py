"""The seed content's translated fields in Arabic, Dari/Persian, Pashto, Ukrainian and Russian.

network.seed_content gives each translated field as a (French, English) pair. Here, one module
per language holds `TEXTS = {record key: {field: text}}`: the record's `key` there (a
territory's `slug`), and the fields given there as pairs. The loader (network.seeding) writes
them into the fields' `_ar`, `_fa`, `_ps`, `_uk`, `_ru` columns.

Machine-written from the French and English texts, adding nothing (numbers keep their
qualifiers: "nearly", "more than", "about"), names of organisations, laws and places written
as each language writes them or transliterated, the French acronym kept (CASO, ENFAMS, HPST).
Not reviewed by a fluent speaker: settings.LANGUAGES_REVIEWED says so, and the site says it on
every page in these languages. A field missing here shows its French text, marked, on the site.
"""

from importlib import import_module

LANGUAGES = ("ar", "fa", "ps", "uk", "ru")

TRANSLATIONS = {language: import_module(f"{__name__}.{language}").TEXTS for language in LANGUAGES}


def translation(language, key, name):
    """A field's text in a language, or None."""
    return TRANSLATIONS[language].get(key, {}).get(name) or None


def holes(records):
    """The (language, record key, field) that have no translation, and those translated that
    name no such record or field, for records given as (key, spec) pairs."""
    wanted = {
        (key, name)
        for key, spec in records
        for name, value in spec.items()
        if isinstance(value, tuple) and name != "subject"
    }
    missing = [
        (language, key, name)
        for language in LANGUAGES
        for key, name in sorted(wanted)
        if translation(language, key, name) is None
    ]
    unknown = [
        (language, key, name)
        for language in LANGUAGES
        for key, fields in TRANSLATIONS[language].items()
        for name in fields
        if (key, name) not in wanted
    ]
    return missing, unknown
