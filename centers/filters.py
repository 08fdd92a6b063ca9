"""The filters of "find care": every one a plain GET parameter, all combined."""

import copy
import re

import django_filters
from django import forms
from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod

from core.filters import (
    ListedChoiceFilter,
    ListedOptions,
    NamedChoiceField,
    NamedChoiceFilter,
    query_without,
    unknown_value,
)
from core.models import TriState
from core.text import fold
from partners.models import EVERY_ORGANIZATION, ORGANIZATION_NAMES, Organization
from programs.models import Program, TargetGroup

from .departments import DEPARTMENTS
from .models import (
    CARE_KINDS,
    Center,
    Language,
    Service,
    Territory,
)


class CheckboxFilter(django_filters.BooleanFilter):
    """A checkbox. Its method narrows the list when ticked; unticked (absent) does nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)


class AgeFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CenterFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels read as labels, not as "Age:"
        super().__init__(*args, **kwargs)


class _Constant(tuple):
    """Choices that never change: each filterset deep-copies its class's filters, and copying
    the 101 départements one by one was half of that."""

    def __deepcopy__(self, memo):
        return self


class _OwnFields(dict):
    """The fields of a form class made for one filterset, which the form takes as they are.

    A form deep-copies its class's fields, which other forms of the class share. The filter
    form's class is made by its filterset, with fields made for it (`CenterFilter.
    get_form_class`), and only that filterset's one form is made of it: copying them again,
    with their widgets, choices and querysets, was a tenth of the list's Python time.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class _CopiedShallow(dict):
    """The filters of a filterset class, which each filterset copies (django-filter deep-copies
    them): each filter copied alone, with its own `extra` and no form field yet, rather than
    with every value it holds (querysets, widgets, error messages), which nothing changes: the
    deep copy was 0.4 ms of each list's page.

    What a filterset changes on its filters is its own: their parent, model and queryset
    (attributes of the copy), their field (made by each copy: `_field` is not copied), their
    method (a FilterMethod pointing at the copy)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, base in self.items():
            new = copy.copy(base)
            new.extra = dict(base.extra)
            new.__dict__.pop("_field", None)
            if isinstance(new.__dict__.get("filter"), FilterMethod):
                new.filter = FilterMethod(new)
            copies[name] = new
        return copies


def used_by_care_places(queryset, relation):
    """The rows of a queryset that at least one published care place has through `relation`.

    For each row, its first link to such a place (a subquery with LIMIT 1, in WHERE only). On
    PostgreSQL, for a many-to-many relation, the row's links are read first, on the link table's
    index (the OFFSET 0 keeps the planner from turning the walk around), and checked against the
    public places: a row no place uses is dismissed at once, one that thousands use stops at its
    first link. Left to itself, with fresh statistics, the planner walked the 50,000 places in
    list order for each row instead (the audiences' options: 530 ms; this way 4 ms).
    """
    field = Center._meta.get_field(relation)
    places = Center.objects.public().order_by()
    if not (field.many_to_many and connection.vendor == "postgresql"):
        first = places.filter(**{relation: OuterRef("pk")}).values("pk")[:1]
        return queryset.alias(_a_care_place=Subquery(first)).filter(_a_care_place__isnull=False)
    quote = connection.ops.quote_name
    links = field.remote_field.through._meta
    to_place = quote(links.get_field(field.m2m_field_name()).column)
    to_row = quote(links.get_field(field.m2m_reverse_field_name()).column)
    row = queryset.model._meta
    # Only quoted table and column names of our own models go into the text; values are params.
    first = (
        f"SELECT link.{to_place} FROM (SELECT {to_place} FROM {quote(links.db_table)} "  # noqa: S608
        f"WHERE {to_row} = {quote(row.db_table)}.{quote(row.pk.column)} OFFSET 0) link "
        f"WHERE link.{to_place} IN ({{public}}) LIMIT 1"
    )
    raw = _WithPublicPlaces(first, places.values("pk"))
    return queryset.alias(_a_care_place=raw).filter(_a_care_place__isnull=False)


class _WithPublicPlaces(RawSQL):
    """Raw SQL whose {public} is the public places' query, written only when the query that
    holds it is: the typed filters' querysets (organisations, programs) are built with the
    form on every page, and run only when a name is typed."""

    def __init__(self, sql, places):
        super().__init__(sql, ())  # noqa: S611 - see used_by_care_places
        self.places = places

    def as_sql(self, compiler, connection):
        public_sql, params = self.places.query.sql_with_params()
        return f"({self.sql.format(public=public_sql)})", params


def published_used_by_care_places(model, relation):
    """Choices worth offering: published rows that at least one published care place has."""
    return used_by_care_places(model.objects.public(), relation)


def _operators(request):
    """Published organisations that run at least one published care place."""
    return published_used_by_care_places(Organization, "operator")


class CenterFilter(django_filters.FilterSet):
    """Filters that combine. A condition matches only where a source states it."""

    place = django_filters.CharFilter(
        label=_("City, département or postcode"),
        method="filter_place",
        max_length=100,
        help_text=_("For example: Lyon, Nord, 59, 69003 or Mayotte."),
    )
    territory = ListedChoiceFilter(
        label=_("Territory"),
        # A function, as the other lists' (a queryset would be deep-copied with the filters).
        queryset=lambda request: Territory.objects.all(),
        to_field_name="slug",
        empty_label=_("Anywhere"),
        error_messages=unknown_value(
            _("We list no territory called “%(value)s”. Choose one from the list.")
        ),
    )
    # The map's links (/places/map/): the places of one département, by its code.
    department = django_filters.ChoiceFilter(
        label=_("Département"),
        field_name="department_code",
        choices=_Constant((d.code, f"{d.name} ({d.code})") for d in DEPARTMENTS),
        empty_label=_("Any département"),
        error_messages=unknown_value(
            _("“%(value)s” is not the code of a French département. Choose one from the list.")
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of place"),
        choices=CARE_KINDS,
        empty_label=_("Any kind"),
        error_messages=unknown_value(
            _("“%(value)s” is not a kind of place we list. Choose one from the list.")
        ),
    )
    operator = NamedChoiceFilter(
        label=_("Run by"),
        queryset=_operators,
        match_fields=ORGANIZATION_NAMES,
        list_url=reverse_lazy("partners:organization-list"),
        list_label=EVERY_ORGANIZATION,
        error_messages=unknown_value(
            _("No place we list is run by an organisation “%(value)s”. Choose one from the list.")
        ),
    )
    # The full list a program's page links to when it shows only its first places.
    program = NamedChoiceFilter(
        label=_("Program"),
        queryset=lambda request: published_used_by_care_places(Program, "programs"),
        match_fields=("title_fr", "title_en"),
        label_field="title",
        method="filter_program",
        list_url=reverse_lazy("programs:program-list"),
        list_label=_("See the list of every program."),
        error_messages=unknown_value(_("No place we list takes part in a program “%(value)s”.")),
    )
    audience = ListedChoiceFilter(
        label=_("Who is welcome"),
        field_name="audiences",
        queryset=lambda request: published_used_by_care_places(TargetGroup, "audiences"),
        to_field_name="slug",
        empty_label=_("Anyone"),
        method="filter_audience",
        error_messages=unknown_value(
            _("No place lists “%(value)s” among the people it welcomes. Choose from the list.")
        ),
    )
    age = AgeFilter(
        label=_("Age"),
        method="filter_age",
        min_value=0,
        max_value=120,
        help_text=_("In years. Places that state no age limit are included."),
        error_messages={
            "invalid": _("Give the age as a whole number of years, for example 12."),
            "min_value": _("An age cannot be below 0."),
            "max_value": _("Give an age of 120 or less."),
        },
    )
    service = ListedChoiceFilter(
        label=_("Service"),
        queryset=lambda request: published_used_by_care_places(Service, "services"),
        to_field_name="slug",
        empty_label=_("Any service"),
        method="filter_service",
        error_messages=unknown_value(
            _("No place lists the service “%(value)s”. Choose one from the list.")
        ),
    )
    language = ListedChoiceFilter(
        label=_("Language spoken"),
        queryset=lambda request: used_by_care_places(Language.objects.all(), "languages"),
        to_field_name="code",
        empty_label=_("Any language"),
        method="filter_language",
        error_messages=unknown_value(
            _("No place lists the language “%(value)s”. Choose one from the list.")
        ),
    )
    free = CheckboxFilter(label=_("Free of charge"), method="filter_free")
    no_permit = CheckboxFilter(label=_("No residence permit needed"), method="filter_no_permit")
    no_coverage = CheckboxFilter(label=_("No health coverage needed"), method="filter_no_coverage")
    no_appointment = CheckboxFilter(
        label=_("No appointment needed"), method="filter_stated", field_name="appointment_needed"
    )
    step_free = CheckboxFilter(
        label=_("Step-free access"), method="filter_stated", field_name="step_free_access"
    )
    animals = CheckboxFilter(
        label=_("Animals accepted"), method="filter_stated", field_name="animals_accepted"
    )
    no_referral = CheckboxFilter(
        label=_("No referral needed"), method="filter_stated", field_name="referral_needed"
    )
    no_call = CheckboxFilter(
        label=_("No need to call first"), method="filter_stated", field_name="call_first"
    )
    # Last: it reads the hours of the places every other filter kept.
    open_now = CheckboxFilter(label=_("Open now"), method="filter_open_now")

    # Filters that match a condition only where a source states it.
    STATED_CONDITIONS = (
        "free",
        "no_permit",
        "no_coverage",
        "no_appointment",
        "step_free",
        "animals",
        "no_referral",
        "no_call",
    )
    # The answer each of these checkboxes keeps, by field: only a stated one.
    STATED_ANSWERS = {
        "appointment_needed": TriState.NO,
        "referral_needed": TriState.NO,
        "call_first": TriState.NO,
    }

    class Meta:
        model = Center
        fields = []
        form = CenterFilterForm

    # The filters whose options are a short list of records read whole (ListedChoiceFilter),
    # by the model of their rows.
    LISTED = {
        "territory": Territory,
        "audience": TargetGroup,
        "service": Service,
        "language": Language,
    }

    _EMPTY = {name: model._default_manager.none() for name, model in LISTED.items()}

    def __init__(self, *args, at=None, territories=None, options=None, **kwargs):
        """`options`: {a LISTED filter's name: its rows}, read already (`listed_options`): the
        filters' querysets are then neither built nor run. `territories`: every territory
        ("open now"'s time zones), the territory filter's options unless `options` has them."""
        super().__init__(*args, **kwargs)
        self.at = at or timezone.now()
        # "Open now": the other filters' places whose hours are unknown (filter_open_now).
        self.unknown_hours = None
        options = dict(options or {})
        if territories is not None:
            options.setdefault("territory", territories)
        self.territories = territories if territories is not None else options.get("territory")
        for name in options:
            # The form's field is built on an empty queryset (never run, never changed: the
            # field copies it); its rows are those given.
            self.filters[name].queryset = self._EMPTY[name]
        for name, rows in options.items():
            self.form.fields[name].rows = rows
        # What names each select's options (centers.templatetags.list_fields): the page's
        # language, and the rows read for a listed filter (kept by listed_options) or the
        # fixed choices of the others.
        language = get_language()
        for name in ("department", "kind", *options):
            self.form.fields[name].options_key = (name, language, options.get(name))

    def get_form_class(self):
        """The form class of this filterset alone, its fields made for it (django-filter makes
        both for each filterset): its form takes them without a copy (`_OwnFields`)."""
        form_class = super().get_form_class()
        form_class.base_fields = _OwnFields(form_class.base_fields)
        return form_class

    @classmethod
    def read_options(cls):
        """{each LISTED filter's name: its rows}, read now (four queries)."""
        return {name: list(cls.base_filters[name].get_queryset(None).all()) for name in cls.LISTED}

    def filter_place(self, queryset, name, value):
        text = fold(value)
        if not text:
            return queryset
        # The start of the city's, département's or region's name or of one of its words:
        # "ain" finds the Ain, not Saint-Denis. Center.place_words holds each, folded, after
        # a space (a trigram index finds the text in it on PostgreSQL).
        condition = Q(place_words__contains=f" {text}")
        compact = text.replace(" ", "").upper()
        if compact.isdigit() or re.fullmatch(r"2[AB]\d*", compact):
            condition |= Q(postcode__startswith=compact) | Q(department_code=compact)
            if len(compact) == 5:
                # A full postcode also finds the places of its département (97x overseas).
                condition |= Q(
                    department_code=compact[:3] if compact.startswith("97") else compact[:2]
                )
        return queryset.filter(condition)

    def filter_audience(self, queryset, name, value):
        return queryset.for_audience(value)

    def filter_program(self, queryset, name, value):
        return queryset.linked_to("programs", value, few=True)

    def filter_age(self, queryset, name, value):
        return queryset.for_age(value)

    def filter_service(self, queryset, name, value):
        return queryset.linked_to("services", value)

    def filter_language(self, queryset, name, value):
        return queryset.linked_to("languages", value)

    def filter_free(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.free_of_charge()

    def filter_no_permit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(no_residence_permit_needed=TriState.YES)

    def filter_no_coverage(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(no_health_coverage_needed=TriState.YES)

    def filter_stated(self, queryset, name, value):
        """Keep the places a source states it of: "not stated" never matches."""
        if not value:
            return queryset
        return queryset.filter(**{name: self.STATED_ANSWERS.get(name, TriState.YES)})

    def filter_open_now(self, queryset, name, value):
        """Keep the places whose hours say they are open, each in its own time zone, decided
        in the database; the other filters' places whose hours are unknown are
        `unknown_hours` (the list counts them with its own counts: PagePaginator)."""
        if not value:
            return queryset
        self.unknown_hours = queryset.hours_unknown()
        return queryset.open_at(self.at, territories=self.territories)

    @cached_property
    def unknown_hours_count(self):
        """How many of the other filters' places have unknown hours, with "open now" (else
        None): one query."""
        self.qs  # noqa: B018 - runs the filters, filter_open_now among them
        return None if self.unknown_hours is None else self.unknown_hours.count()

    def _without(self, *names):
        return query_without(self.data, *names).urlencode()

    def _with(self, name, value):
        query = query_without(self.data, name)
        query[name] = value
        return query.urlencode()

    def _suggestions(self, name):
        """The records a typed name matched when it matched several, as links choosing each."""
        field = self.form.fields[name]
        if not isinstance(field, NamedChoiceField):
            return [], False
        links = [
            {"label": str(record), "query": self._with(name, getattr(record, field.to_field_name))}
            for record in field.suggestions
        ]
        return links, field.more_suggestions

    def invalid_filters(self):
        """The values that made no sense, each with its message, the link that drops it, and
        for a name that matched several records, a link to each."""
        if not self.is_bound:
            return []
        invalid = []
        for name, errors in self.form.errors.items():
            if name not in self.form.fields:
                continue
            suggestions, more = self._suggestions(name)
            invalid.append(
                {
                    "name": name,
                    "label": self.form.fields[name].label,
                    "messages": errors,
                    "remove": self._without(name),
                    "suggestions": suggestions,
                    "more_suggestions": more,
                }
            )
        return invalid

    def active_filters(self):
        """What is filtered, in words, each with the query string that removes it."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = self.form.fields[name]
            if isinstance(field, forms.BooleanField):
                shown = ""
            elif name == "kind":
                shown = dict(CARE_KINDS).get(value, value)
            elif name == "department":
                shown = dict(field.choices).get(value, value)
            elif isinstance(field, NamedChoiceField):
                shown = field.label_of(value)
            else:
                shown = str(value)
            active.append(
                {
                    "name": name,
                    "label": field.label,
                    "value": shown,
                    "remove": self._without(name),
                    "stated_only": name in self.STATED_CONDITIONS,
                }
            )
        return active


CenterFilter.base_filters = _CopiedShallow(CenterFilter.base_filters)

# The listed filters' options, kept by this process while no public record changes
# (core.filters.ListedOptions).
listed_options = ListedOptions(CenterFilter.read_options).get
