"""Which translated fields have no translation in the visitor's language yet: modeltranslation
then shows the text it falls back to (French, then English), which the page marks with its
language and a "not yet translated" note (core_tags.translated)."""

import functools

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as translation_language


def fallback_language(record, field):
    """The language of the text a translated field shows when it has none in the visitor's
    language (French, then English), or None when it has one or shows nothing."""
    # The translations' own columns, read directly: the field's descriptor (modeltranslation)
    # walks the same languages in the same order, at several times the cost, once per text of
    # every page.
    if getattr(record, build_localized_fieldname(field, get_language()), None):
        return None
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(record, build_localized_fieldname(field, code), None):
            return code
    if not getattr(record, field):
        return None
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


# Columns of the content models no public page reads: what the seed command last wrote (a JSON
# document per record, decoded for every row read).
NEVER_SHOWN = ("seed_snapshot",)


@functools.cache
def _unread(model, prefix, language):
    """The columns of `model` a page in `language` never reads (see `in_page_language`), with
    `prefix` before each name."""
    names = [prefix + name for name in NEVER_SHOWN if _has_field(model, name)]
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return tuple(names)
    for field, translations in options.all_fields.items():
        read = set(resolution_order(language, getattr(model, field).fallback_languages))
        # The field's own column is never read: its descriptor reads the translations.
        names.append(prefix + field)
        names += [prefix + t.name for t in translations if t.language not in read]
    return tuple(names)


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _related(model, tree, prefix, language):
    """`_unread` for the models a select_related() tree (dict) reaches from `model`."""
    names = []
    for name, subtree in tree.items():
        related = model._meta.get_field(name).related_model
        names += _unread(related, f"{prefix}{name}__", language)
        names += _related(related, subtree, f"{prefix}{name}__", language)
    return names


def in_page_language(queryset):
    """The queryset without the columns a page in the current language never reads: the other
    languages' translations, and NEVER_SHOWN.

    Modeltranslation gives every translated field a column per language (seven) besides its
    own; a page reads its language's and those it falls back to (French, then English) and
    nothing else, but every SELECT listed them all, for the record and each select_related
    one: compiling, sending and reading them was much of a public page's time. The other
    columns are deferred: reading one would cost a query per record, so only pages that show
    the current language use this (not the exports, the search documents, the print sheets
    in two languages). A select_related() must come before it (the models it reaches are
    trimmed too); an `only()` before it keeps its fields, less these columns.
    """
    language = translation_language()
    model = queryset.model
    names = list(_unread(model, "", language))
    tree = queryset.query.select_related
    if isinstance(tree, dict):
        names += _related(model, tree, "", language)
    if not names:
        return queryset
    clone = queryset._chain()
    # Query.add_deferred_loading rather than defer(): modeltranslation's defer() would turn a
    # field's own name into all its translations.
    clone.query.add_deferred_loading(names)
    return clone
