"""Which translated fields have no translation in the visitor's language yet: modeltranslation
then shows the text it falls back to (French, then English), which the page marks with its
language and a "not yet translated" note (core_tags.translated)."""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


def fallback_language(record, field):
    """The language of the text a translated field shows when it has none in the visitor's
    language (French, then English), or None when it has one or shows nothing."""
    if not getattr(record, field) or getattr(
        record, build_localized_fieldname(field, get_language()), None
    ):
        return None
    return next(
        (
            code
            for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES
            if getattr(record, build_localized_fieldname(field, code), None)
        ),
        settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
    )
