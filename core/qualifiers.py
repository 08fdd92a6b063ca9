"""Qualified numbers: a value with the qualifier the source gave it ("almost €600,000")."""

from decimal import Decimal
from functools import cache, lru_cache

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exact")
    ABOUT = "about", _("about")
    ALMOST = "almost", _("almost")
    UP_TO = "up_to", _("up to")
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")
    NOT_DISCLOSED = "not_disclosed", _("not disclosed")


# The words put before a number; "exact" says nothing.
QUALIFIER_PREFIX = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: pgettext_lazy("before a number", "about"),
    Qualifier.ALMOST: pgettext_lazy("before a number", "almost"),
    Qualifier.UP_TO: pgettext_lazy("before a number", "up to"),
    Qualifier.MORE_THAN: pgettext_lazy("before a number", "more than"),
    Qualifier.AT_LEAST: pgettext_lazy("before a number", "at least"),
}

_UPPER = {Qualifier.ALMOST, Qualifier.UP_TO}
_LOWER = {Qualifier.MORE_THAN, Qualifier.AT_LEAST}


def combine_qualifiers(qualifiers):
    """Return the qualifier a sum of parts may carry, or None when no honest one exists.

    "almost" + "up to" is "up to"; "more than" + "exact" is "more than"; "about" + "almost" is
    "about". An upper bound added to a lower bound, or "about" added to a loose bound, leaves
    nothing honest to say, so the sum has no qualifier.
    """
    # The answer depends only on which qualifiers are present: worked out once per set (the
    # grants index combines them for each of its 1,300 groups at 10,000 grants).
    return _combined(frozenset(str(q) for q in qualifiers))


@cache
def _combined(values):
    qs = {Qualifier(q) for q in values}
    if not qs or Qualifier.NOT_DISCLOSED in qs:
        return None
    if qs == {Qualifier.EXACT}:
        return Qualifier.EXACT
    if Qualifier.ABOUT in qs:
        # "about" absorbs exact and "almost"; a loose bound ("up to", "more than") leaves
        # no estimate.
        return (
            Qualifier.ABOUT if qs <= {Qualifier.ABOUT, Qualifier.EXACT, Qualifier.ALMOST} else None
        )
    if qs & _UPPER and qs & _LOWER:
        return None
    if qs & _UPPER:
        return Qualifier.UP_TO if Qualifier.UP_TO in qs else Qualifier.ALMOST
    return Qualifier.MORE_THAN if Qualifier.MORE_THAN in qs else Qualifier.AT_LEAST


def sum_qualified(parts):
    """Add (value, qualifier) pairs. Return (total, qualifier, undisclosed_count).

    Parts whose amount is not disclosed are counted, never added as zero. The qualifier is
    None when the disclosed parts cannot be summed honestly (mixed bounds) or there are none.
    """
    parts = list(parts)
    disclosed = [(v, q) for v, q in parts if q != Qualifier.NOT_DISCLOSED and v is not None]
    undisclosed = len(parts) - len(disclosed)
    if not disclosed:
        return None, None, undisclosed
    total = sum((Decimal(v) for v, _q in disclosed), Decimal(0))
    return total, combine_qualifiers(q for _v, q in disclosed), undisclosed


def format_number(value):
    """Format a decimal the local way, without useless trailing zeros
    (6 000 / 6,000; 12,5 / 12.5)."""
    return _formatted(Decimal(value), get_language())


@lru_cache(maxsize=4096)
def _formatted(value, language):
    # Once per value and language in a process (the format depends on nothing else): the
    # grants index formats some 200 amounts a page, each by number_format's lookups.
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_money(value, currency="EUR"):
    """600 000 € in French, €600,000 in English."""
    number = format_number(value)
    symbol = {"EUR": "€"}.get(currency, currency)
    if (get_language() or "fr").startswith("en"):
        return f"{symbol}{number}"
    return f"{number}\N{NO-BREAK SPACE}{symbol}"


def format_qualified(value, qualifier, *, money=False, suffix=""):
    """A value with its qualifier: "almost €600,000", "plus de 6 000". Unknown says so."""
    # Worked out once per value, qualifier and language in a process, as `_formatted`: the
    # grants index writes some 200 amounts a page, each asking the language four times.
    return _qualified(value, qualifier, money, suffix, get_language())


@lru_cache(maxsize=4096)
def _qualified(value, qualifier, money, suffix, language):
    if qualifier == Qualifier.NOT_DISCLOSED or value is None:
        return str(_("not disclosed"))
    text = format_money(value) if money else format_number(value) + suffix
    prefix = str(QUALIFIER_PREFIX.get(Qualifier(qualifier), ""))
    return f"{prefix} {text}".strip()
