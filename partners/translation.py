from modeltranslation.translator import TranslationOptions, register

from .models import Organization, OrganizationName, Relationship


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "legal_form", "summary", "description")


@register(OrganizationName)
class OrganizationNameTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Relationship)
class RelationshipTranslationOptions(TranslationOptions):
    fields = ("description",)
