"""Text compared without its accents: one normalisation in the database and in Python.

In the database, `unaccent()`: PostgreSQL's extension (installed by network migration 0001),
or on SQLite `strip_accents` below, which core.apps registers on every connection under that
name. In Python, `strip_accents` gives what unaccent() gives. `fold` and `fold_expression`
build on them to match names the way people type them: "ile de france" finds "Île-de-France".
"""

import re
import unicodedata

from django.db.models import Func, Value
from django.db.models.functions import Lower, Replace

# Where PostgreSQL's unaccent rules do more than drop Unicode's combining marks: letters that
# Unicode does not decompose, and typographic punctuation written as ASCII. (The rules cover
# more scripts; these are the ones Latin-script names and French typography use.)
_UNACCENT_EXTRA = str.maketrans(
    {
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "ẞ": "SS",
        "Ø": "O",
        "ø": "o",
        "Ð": "D",
        "ð": "d",
        "Đ": "D",
        "đ": "d",
        "Þ": "TH",
        "þ": "th",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "ĸ": "q",
        "Ŀ": "L",
        "ŀ": "l",
        "Ł": "L",
        "ł": "l",
        "ŉ": "'n",
        "Ŋ": "N",
        "ŋ": "n",
        "Ŧ": "T",
        "ŧ": "t",
        "\xad": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "‘": "'",
        "’": "'",
        "‛": "'",
        "ʼ": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "‟": '"',
        "‚": ",",
        "„": ",,",
        "«": "<<",
        "»": ">>",
        "‹": "<",
        "›": ">",
    }
)

# What separates the words of a name besides spaces: "Saint-Denis", "Val-d'Oise".
_SEPARATORS = ("-", "'")


def strip_accents(text):
    """'Île-de-France, Cœur d’Alène' -> "Ile-de-France, Coeur d'Alene", as unaccent() gives it.

    None stays None (SQL NULL).
    """
    if text is None:
        return None
    text = str(text).translate(_UNACCENT_EXTRA)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text):
    """'  Île-de-France ' -> 'ile de france': no accents, lower case, words split by spaces only.

    The Python side of `fold_expression`, for the text a visitor types.
    """
    text = strip_accents(text).lower()
    return " ".join(re.sub(f"[{''.join(_SEPARATORS)}]", " ", text).split())


class Unaccent(Func):
    """unaccent(): PostgreSQL's extension, or the `strip_accents` core.apps gives SQLite.

    Of the type of its argument, as LOWER() is.
    """

    function = "unaccent"


def fold_expression(expression):
    """A column folded in the database as `fold` folds text, spaces aside (not collapsed).

    LOWER after unaccent(): on SQLite it lowers ASCII letters only, which is what is left of
    Latin-script names by then.
    """
    folded = Lower(Unaccent(expression))
    for separator in _SEPARATORS:
        folded = Replace(folded, Value(separator), Value(" "))
    return folded


def register_sqlite_unaccent(sender, connection, **kwargs):
    """Give SQLite the unaccent() function PostgreSQL has, so one query fits both."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, strip_accents, deterministic=True)
