from modeltranslation.translator import TranslationOptions, register

from .models import GrantDocument


@register(GrantDocument)
class GrantDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
