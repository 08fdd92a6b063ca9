"""Filters of the grants index: funder, recipient, theme, territory served, year."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from centers.models import Center, Territory
from core.dates import DatePrecision
from core.fallback import in_page_language
from core.filters import ListedChoiceFilter, ListedOptions, NamedChoiceFilter, unknown_value
from partners.models import EVERY_ORGANIZATION, ORGANIZATION_NAMES, Organization
from programs.models import Grant, Program, Theme

# Options list only what a public grant uses, so that no option leads to an empty page. The
# themes and territories are read once per process and language while no record changes
# (`listed_options`, as the places list's).


def funders(request):
    return Organization.objects.public().filter(pk__in=Grant.objects.public().values("funder"))


def recipients(request):
    return Organization.objects.public().filter(pk__in=Grant.objects.public().values("recipient"))


def _granted_programs():
    return Grant.objects.public().values("program")


def themes(request):
    # The first granted program of each theme (a subquery with LIMIT 1), not a join over every
    # program with DISTINCT.
    granted = Program.themes.through.objects.filter(
        theme=OuterRef("pk"), program__in=_granted_programs()
    )
    return (
        Theme.objects.public()
        .alias(granted=Subquery(granted.order_by().values("pk")[:1]))
        .filter(granted__isnull=False)
    )


def places():
    return Center.objects.public()


def territories(request):
    # For each territory, its places one by one until one is served by such a program: at
    # 50,000 places a join and DISTINCT over every place took most of a second.
    granted = Center.programs.through.objects.filter(
        center=OuterRef("pk"), program__in=_granted_programs()
    )
    served = places().filter(Exists(granted), territory=OuterRef("pk"))
    # A subquery with LIMIT 1 (EXISTS would be planned as a join over every place).
    return Territory.objects.alias(served=Subquery(served.order_by().values("pk")[:1])).filter(
        served__isnull=False
    )


def _stated_year(prefix):
    """Grants whose `<prefix>_on` date gives its year (a decade does not)."""
    return Q(**{f"{prefix}_on__isnull": False}) & ~Q(
        **{f"{prefix}_precision": DatePrecision.DECADE}
    )


def in_year(year):
    """Grants awarded or starting that year; a grant whose year is not known never matches."""
    return Q(awarded_on__year=year) | (_stated_year("starts") & Q(starts_on__year=year))


YEAR_UNKNOWN = _("No grant recorded on this site starts or was awarded in “%(value)s”.")


class GrantFilterForm(forms.Form):
    def clean_year(self):
        """A year some public grant starts or was awarded in (typed: the years are not listed,
        their number grows with the data; the year totals below link to each)."""
        text = (self.cleaned_data.get("year") or "").strip()
        if not text:
            return ""
        if not (text.isascii() and text.isdigit() and len(text) <= 4) or not (
            Grant.objects.public().filter(in_year(int(text))).exists()
        ):
            raise forms.ValidationError(YEAR_UNKNOWN, code="invalid_choice", params={"value": text})
        return text


class GrantFilter(django_filters.FilterSet):
    funder = NamedChoiceFilter(
        label=_("Funder"),
        queryset=funders,
        match_fields=ORGANIZATION_NAMES,
        list_url=reverse_lazy("partners:organization-list"),
        list_label=EVERY_ORGANIZATION,
        error_messages=unknown_value(
            _("No organisation “%(value)s” makes a grant recorded on this site.")
        ),
    )
    recipient = NamedChoiceFilter(
        label=_("Recipient"),
        queryset=recipients,
        match_fields=ORGANIZATION_NAMES,
        list_url=reverse_lazy("partners:organization-list"),
        list_label=EVERY_ORGANIZATION,
        error_messages=unknown_value(
            _("No organisation “%(value)s” receives a grant recorded on this site.")
        ),
    )
    theme = ListedChoiceFilter(
        label=_("Theme"),
        queryset=themes,
        field_name="program__themes",
        to_field_name="slug",
        distinct=True,
        error_messages=unknown_value(_("There is no theme “%(value)s” on this site.")),
    )
    territory = ListedChoiceFilter(
        label=_("Territory served"),
        queryset=territories,
        to_field_name="slug",
        method="filter_territory",
        error_messages=unknown_value(_("No program with a grant serves a place in “%(value)s”.")),
    )
    year = django_filters.CharFilter(
        label=_("Year"),
        method="filter_year",
        max_length=20,
        help_text=_("For example: 2021."),
    )
    empty_labels = {
        "funder": _("All funders"),
        "recipient": _("All recipients"),
        "theme": _("All themes"),
        "territory": _("All territories"),
        "year": _("All years"),
    }

    class Meta:
        model = Grant
        fields = ["funder", "recipient", "theme", "territory", "year"]
        form = GrantFilterForm

    # The filters whose options are a short list of records read whole (ListedChoiceFilter).
    LISTED = {"theme": Theme, "territory": Territory}

    def __init__(self, *args, options=None, **kwargs):
        """`options`: {a LISTED filter's name: its rows}, read already (`listed_options`): the
        filters' querysets are then neither built nor run."""
        super().__init__(*args, **kwargs)
        options = options or {}
        for name in options:
            # The form's field is built on an empty queryset (never run); its rows are those
            # given.
            self.filters[name].queryset = self.LISTED[name]._default_manager.none()
        for name, rows in options.items():
            self.form.fields[name].rows = rows

    @classmethod
    def read_options(cls):
        """{each LISTED filter's name: its rows in the page's language}, read now (two
        queries), as the field itself reads them (core.filters.ListedModelChoiceField)."""
        return {
            name: list(in_page_language(cls.base_filters[name].get_queryset(None)))
            for name in cls.LISTED
        }

    def filter_territory(self, queryset, name, value):
        """Grants to programs with a published care place in the territory."""
        # Per program, its places until one is in the territory (EXISTS through the program's
        # index), rather than a join over every place of the territory.
        in_territory = Center.programs.through.objects.filter(
            program=OuterRef("program"),
            center__in=places().filter(territory=value),
        )
        return queryset.filter(Exists(in_territory))

    def filter_year(self, queryset, name, value):
        """Grants awarded or starting that year; a grant whose year is not known never matches."""
        return queryset.filter(in_year(int(value)))


listed_options = ListedOptions(GrantFilter.read_options).get
