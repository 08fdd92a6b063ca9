from modeltranslation.translator import TranslationOptions, register

from .models import Event, Reference


@register(Reference)
class ReferenceTranslationOptions(TranslationOptions):
    fields = ("title", "short_title")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "text")
