"""Lists in the order of what they show: a translated field's text in the page's language, or
else in the language it falls back to.

Modeltranslation orders by the page's language's own column (`name_ar` for "name" on an Arabic
page). Where most records have no text in that language (place names are rarely translated),
that column is empty on nearly every row: the records tie, their order is whatever the
database's plan gives, a page of a list may repeat a record of the page before and skip
another, and the names the page shows (in French, the fallback) are not in alphabetical order.
`Displayed` orders by the text the page shows instead, and every list ends its order with the
primary key, so that two records with the same text keep one order on every page.
"""

from django.db.models import CharField, Expression, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.deconstruct import deconstructible
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order


@deconstructible(path="core.displayed.Displayed")
class Displayed(Expression):
    """The text a translated field shows in the current language (for `Meta.ordering` or
    `order_by()`): its own language's column, or else, where that is empty, the first of the
    fallback languages' that is not (French, then English: MODELTRANSLATION_FALLBACK_LANGUAGES),
    as the page's field shows it (core.fallback.fallback_language).

    The language is the one active when the query is compiled, as modeltranslation's own
    ordering is. `for_language()` gives the expression itself, for the indexes that keep a list
    in this order in each language (the query's expression must be written as the index's for
    PostgreSQL to read the list in index order)."""

    output_field = CharField()

    def __init__(self, name):
        super().__init__()
        self.name = name

    def __repr__(self):
        return f"{self.__class__.__name__}({self.name!r})"

    def for_language(self, language):
        *path, field = self.name.split("__")
        columns = [
            "__".join([*path, build_localized_fieldname(field, code)])
            for code in resolution_order(language)
        ]
        *first, last = columns
        if not first:
            return F(last)
        # An empty text falls back as a missing one does. The type is given: to Django each
        # language's column is a field of a class of its own (modeltranslation's).
        return Coalesce(
            *(NullIf(F(column), Value(""), output_field=CharField()) for column in first),
            F(last),
            output_field=CharField(),
        )

    def resolve_expression(self, *args, **kwargs):
        return self.for_language(get_language()).resolve_expression(*args, **kwargs)

    def prefix_references(self, prefix):
        # The ordering of a related model's list (`Meta.ordering` followed through a relation).
        return Displayed(f"{prefix}{self.name}")

    def get_source_expressions(self):
        return []
