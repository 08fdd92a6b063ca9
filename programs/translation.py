from modeltranslation.translator import TranslationOptions, register

from .models import Grant, Program, TargetGroup, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Program)
class ProgramTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "area")


@register(Grant)
class GrantTranslationOptions(TranslationOptions):
    fields = ("purpose",)
