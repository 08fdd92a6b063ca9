from modeltranslation.translator import TranslationOptions, register

from .models import Center, Language, Notice, Service, Territory


@register(Territory)
class TerritoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Language)
class LanguageTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Service)
class ServiceTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Center)
class CenterTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "description", "area_served", "conditions")


@register(Notice)
class NoticeTranslationOptions(TranslationOptions):
    fields = ("message",)
