from modeltranslation.translator import TranslationOptions, register

from .models import KeyFigure


@register(KeyFigure)
class KeyFigureTranslationOptions(TranslationOptions):
    fields = ("label", "period", "scope")
