"""What every filtered public list shares: the list mixin, the message for an unknown value, and
the filter for a choice among records whose number grows with the data (organisations)."""

import re

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.forms.models import ModelChoiceIterator
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import page_cache
from .fallback import in_page_language
from .text import fold, fold_expression

# What a slug may be made of (SlugField): a text of other characters is looked up by name only.
SLUG = re.compile(r"[-\w]+")
# How many records a text that names several of them offers as links.
SUGGESTIONS = 8
# Up to how many options a filter also offers as plain links.
BROWSE_LINKS = 30


def unknown_value(message):
    """The message for a value that is not among the choices; %(value)s is what was sent."""
    return {"invalid_choice": message}


def query_without(query, *names):
    """A copy of the query (a QueryDict) without those parameters, nor the page: a filter
    that changes sends the visitor back to page 1."""
    rest = query.copy()
    for name in (*names, "page"):
        rest.pop(name, None)
    return rest


def url_with(query, path, name, value=None):
    """The address of the list at `path` asked with `query`, with the parameter `name` set to
    `value` (None: taken away), back on page 1."""
    rest = query_without(query, name)
    if value is not None:
        rest[name] = value
    return f"?{rest.urlencode()}" if rest else path


class NamedChoiceField(forms.CharField):
    """One record of a queryset, given by its slug or typed as part of its name.

    Its options are never listed, since their number grows with the data: the page shows a text
    box. A slug picks its record (links keep working); other text is matched, accents and case
    aside, against the start of the words of `match_fields`. One match, or one name equal to the
    text, is chosen; several are an error that offers the first of them (`suggestions`, with
    `more_suggestions` when there are others); none is the "invalid_choice" error.
    """

    default_error_messages = {
        "invalid_choice": _("Nothing called “%(value)s” can be chosen here."),
        "ambiguous": _("Several names match “%(value)s”: choose one of them below."),
    }

    def __init__(
        self,
        *,
        queryset,
        to_field_name="slug",
        match_fields=("name",),
        label_field="name",
        list_url=None,
        list_label=None,
        **kwargs,
    ):
        kwargs.pop("empty_label", None)  # given by django-filter's ModelChoiceFilter
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("Type its name, or part of it."))
        super().__init__(**kwargs)
        self.queryset = queryset
        self.to_field_name = to_field_name
        self.match_fields = match_fields
        self.label_field = label_field
        self.list_url = list_url
        self.list_label = list_label
        self.chosen = None
        self.suggestions = []
        self.more_suggestions = False

    def clean(self, value):
        text = super().clean(value)
        self.chosen = self.find(text) if text else None
        return self.chosen

    def find(self, text):
        """The record with that slug, or the one record named so.

        A slug (what links send) is looked up alone first, on its unique index: the search by
        name folds the names of every record (at 2,000 programs, 25 to 80 ms). A text no slug
        matches is then searched by name (a second query).
        """
        by_slug = Q(**{self.to_field_name: text})
        if SLUG.fullmatch(text):
            record = self.queryset.filter(by_slug).first()
            if record is not None:
                return record
        words = fold(text)
        named, exact = Q(), Q()
        aliases = {}
        if words:
            for number, field in enumerate(self.match_fields):
                folded = f"folded_{number}"
                aliases[folded] = fold_expression(field)
                named |= Q(**{f"{folded}__startswith": words}) | Q(
                    **{f"{folded}__contains": f" {words}"}
                )
                exact |= Q(**{folded: words})
        ranked = [When(by_slug, then=Value(0))]
        if words:
            ranked.append(When(exact, then=Value(1)))
        matches = list(
            self.queryset.alias(**aliases)
            .filter(by_slug | named)
            .annotate(rank=Case(*ranked, default=Value(2), output_field=IntegerField()))
            .order_by("rank", *self.queryset.model._meta.ordering, "pk")[: SUGGESTIONS + 1]
        )
        if not matches:
            raise self._error("invalid_choice", text)
        first = matches[0]
        if first.rank == 0 or len(matches) == 1 or (first.rank == 1 and matches[1].rank == 2):
            return first
        self.suggestions = matches[:SUGGESTIONS]
        self.more_suggestions = len(matches) > SUGGESTIONS
        raise self._error("ambiguous", text)

    def _error(self, code, text):
        return forms.ValidationError(self.error_messages[code], code=code, params={"value": text})

    def label_of(self, record):
        """The record as the text box shows it: its name, which finds it again."""
        return getattr(record, self.label_field)

    def prepare_value(self, value):
        # This field belongs to one bound form: what it chose is what was sent.
        return value if self.chosen is None else self.label_of(self.chosen)


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose record is typed (see NamedChoiceField), not picked from a list.

    The same GET parameter and slug values as a list would send, and the same filtering.
    """

    field_class = NamedChoiceField

    def __init__(self, *args, match_fields=("name",), **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, match_fields=match_fields, **kwargs)

    def get_queryset(self, request):
        # Built when a name is typed, not with every form: the field shows a text box, and
        # building a filtered queryset (the records some public place uses) costs about a
        # millisecond that most pages would spend for nothing.
        return SimpleLazyObject(lambda: super(NamedChoiceFilter, self).get_queryset(request))


class ListedChoiceIterator(ModelChoiceIterator):
    """The options of a ListedModelChoiceField, from the rows it read once."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows:
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A choice among a short, fixed-size list of records (territories, themes, services...),
    read once per form: for its options and to check the value sent (ModelChoiceField reads
    the list for the one and asks the database again for the other)."""

    iterator = ListedChoiceIterator

    @cached_property
    def rows(self):
        # Their names in the page's language (and those it falls back to), not in all seven.
        return list(in_page_language(self.queryset))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        for row in self.rows:
            if str(getattr(row, key)) == str(value):
                return row
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a short list (see ListedModelChoiceField)."""

    field_class = ListedModelChoiceField


class FilteredListMixin:
    """A ListView filtered through a django-filter FilterSet, for visitors without JavaScript.

    An unknown value (a stale link, a typo) never raises: the page says which value was not
    understood, leaves that filter out, and answers 400 so that the address is not indexed.
    The options are given to the template once, for both the <select> and the plain links.
    """

    filterset_class = None

    def get_queryset(self):
        # get_base_queryset() comes from the app's own mixin.
        self.filterset = self.filterset_class(
            self.request.GET or None,
            queryset=self.get_base_queryset(),
            request=self.request,
            **self.get_filterset_kwargs(),
        )
        return self.filterset.qs

    def get_filterset_kwargs(self):
        """More arguments for the filterset (a list's options read already, say)."""
        return {}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    def _url_with(self, name, value=None):
        return url_with(self.request.GET, self.request.path, name, value)

    def _filters(self):
        """The filters, each with its options (value, label, link, selected) and active value."""
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {}) if self.filterset.is_bound else {}
        filters = []
        for name, field in form.fields.items():
            current = cleaned.get(name)
            if isinstance(field, NamedChoiceField) or not hasattr(field, "choices"):
                filters.append(self._typed_filter(name, field, current))
                continue
            if hasattr(field, "queryset"):
                to_field = field.to_field_name or "pk"
                rows = getattr(field, "rows", field.queryset)
                options = [(str(getattr(obj, to_field)), str(obj)) for obj in rows]
                current_value = str(getattr(current, to_field)) if current else ""
            else:
                options = [
                    (str(value), str(label)) for value, label in field.choices if value != ""
                ]
                current_value = str(current) if current else ""
            filters.append(
                {
                    "name": name,
                    "label": field.label,
                    "empty_label": getattr(self.filterset, "empty_labels", {}).get(name, ""),
                    "options": [
                        {
                            "value": value,
                            "label": label,
                            "url": self._url_with(name, value),
                            "selected": value == current_value,
                        }
                        for value, label in options
                    ],
                    "active": dict(options).get(current_value) if current_value else None,
                    "remove_url": self._url_with(name),
                    "errors": form.errors.get(name, []) if self.filterset.is_bound else [],
                }
            )
        return filters

    def _typed_filter(self, name, field, current):
        """A filter typed in a text box: no options; for a NamedChoiceField, the chosen record's
        name, and the records a text matched when it matched several (as links to each)."""
        bound = self.filterset.is_bound
        named = isinstance(field, NamedChoiceField)
        if current in (None, ""):
            active = None
        else:
            active = field.label_of(current) if named else str(current)
        return {
            "name": name,
            "label": field.label,
            "typed": True,
            "value": (self.filterset.form[name].value() or "") if bound else "",
            "help_text": field.help_text,
            "list_url": field.list_url if named else None,
            "list_label": field.list_label if named else None,
            "options": [],
            "active": active,
            "remove_url": self._url_with(name),
            "errors": self.filterset.form.errors.get(name, []) if bound else [],
            "suggestions": [
                {
                    "label": str(record),
                    "url": self._url_with(name, getattr(record, field.to_field_name)),
                }
                for record in (field.suggestions if named else [])
            ],
            "more_suggestions": named and field.more_suggestions,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self._filters()
        context.update(
            filterset=self.filterset,
            filters=filters,
            active_filters=[f for f in filters if f["active"]],
            filter_errors=[error for f in filters for error in f["errors"]],
            filter_suggestions=[f for f in filters if f.get("suggestions")],
            # Filters with few enough options to be offered as links too.
            browsable_filters=[f for f in filters if 0 < len(f["options"]) <= BROWSE_LINKS],
            unfiltered_url=self.request.path,
        )
        return context


class ListedOptions:
    """A list's filter options (`read()`: {a filter's name: its rows}), kept by this process
    while nothing the public sees has changed: under the page cache's generation
    (core/page_cache.py: any change to a record bumps it) and until the next scheduled
    publication or withdrawal of any record (which may add or take away an option: a place
    published at 8:00 brings its audiences). One set per language: the options are in the
    order of their names in the page's language. Without a generation (no cache), read on
    every page.

    Anything else read from the public records only, in the page's language, is kept the same
    way (the grants index's figures): `at=True` gives `read` the instant it reads them at."""

    def __init__(self, read, *, at=False):
        self.read = read if at else (lambda _at: read())
        self.entries = {}  # language: (generation, read at, valid until or None, options)

    def get(self, at):
        generation = page_cache.current_generation()  # before the rows: a change after is seen
        if generation is None:
            return self.read(at)
        language = get_language()
        entry = self.entries.get(language)
        if entry is not None:
            kept, since, until, options = entry
            if kept == generation and since <= at and (until is None or at < until):
                return options
        until = self.next_scheduled(generation, at)
        options = self.read(at)
        self.entries[language] = (generation, at, until, options)
        return options

    @staticmethod
    def next_scheduled(generation, at):
        """The next scheduled publication or withdrawal: as the page cache stored it for this
        generation after the change that started it (core.page_cache), or read (one query)."""
        kept = page_cache.store().get(page_cache.SCHEDULE_KEY)
        if kept is not None:
            kept_generation, since, until = kept
            if kept_generation == generation and since <= at and (until is None or at < until):
                return until
        return page_cache.next_scheduled(at)
