"""Accents folded one way: unaccent() in the database, strip_accents and fold in Python agree."""

import sqlite3
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Value

from core.text import Unaccent, fold, fold_expression, register_sqlite_unaccent, strip_accents

SAMPLES = [
    "Île-de-France",
    "ÎLE DE FRANCE",
    "Saint-Étienne-du-Rouvray",
    "Cœur d’Alène",
    "CŒUR D'ALÈNE",
    "Lætitia Æbischer",
    "L’Haÿ-les-Roses",
    "Provence-Alpes-Côte d’Azur",
    "Besançon – Franche-Comté",
    "Ça, c’est « ça »",
    "Straße Łódź Øster",
    "Mayotte 97600",
    "« “Guillemets” ‘et’ tirets — ‒ ‑ ‐ ‹ › „ ‚ »",
    "",
]


def _database(expression):
    """An expression evaluated by the test database (on a row of a table that is never empty)."""
    return ContentType.objects.annotate(out=expression).values_list("out", flat=True)[0]


class TestPython:
    def test_strip_accents(self):
        assert strip_accents("Santé") == "Sante"
        assert strip_accents("Cœur d’Alène, Lætitia") == "Coeur d'Alene, Laetitia"
        assert strip_accents("Besançon – Franche-Comté") == "Besancon - Franche-Comte"
        assert strip_accents(None) is None

    def test_fold(self):
        assert fold("  Île-de-France ") == "ile de france"
        assert fold("Cœur d’Alène") == "coeur d alene"
        assert fold("CŒUR D'ALÈNE") == "coeur d alene"
        assert fold("L’Haÿ-les-Roses") == "l hay les roses"


@pytest.mark.django_db
class TestDatabaseAgrees:
    @pytest.mark.parametrize("text", SAMPLES)
    def test_unaccent(self, text):
        assert _database(Unaccent(Value(text))) == strip_accents(text)

    @pytest.mark.parametrize("text", SAMPLES)
    def test_fold(self, text):
        # The database leaves runs of spaces ("Besançon – Comté"); fold collapses them.
        assert " ".join(_database(fold_expression(Value(text))).split()) == fold(text)

    def test_every_latin_letter(self):
        # Latin-1 and Latin Extended-A letters: what French and its neighbours' names use.
        letters = "".join(chr(code) for code in range(0xC0, 0x180) if chr(code).isalpha())
        assert _database(Unaccent(Value(letters))) == strip_accents(letters)


def test_sqlite_gets_a_python_unaccent():
    raw = sqlite3.connect(":memory:")
    register_sqlite_unaccent(None, connection=SimpleNamespace(vendor="sqlite", connection=raw))
    assert raw.execute("select unaccent('Médecins, Île-de-France, Çà')").fetchone() == (
        "Medecins, Ile-de-France, Ca",
    )
    assert raw.execute("select unaccent(NULL)").fetchone() == (None,)
    assert raw.execute("select unaccent('Cœur d’Alène')").fetchone() == ("Coeur d'Alene",)


def test_sqlite_folds_as_python_does():
    raw = sqlite3.connect(":memory:")
    register_sqlite_unaccent(None, connection=SimpleNamespace(vendor="sqlite", connection=raw))
    for text in SAMPLES:
        # LOWER(unaccent(x)) with the separators replaced, as fold_expression writes it.
        sql = "select replace(replace(lower(unaccent(?)), '-', ' '), '''', ' ')"
        folded = raw.execute(sql, [text]).fetchone()[0]
        assert " ".join(folded.split()) == fold(text), text
