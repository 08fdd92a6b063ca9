"""Filters of the program list: by organisation (leading it or partner), theme, people served."""

import django_filters
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.fallback import in_page_language
from core.filters import ListedChoiceFilter, ListedOptions, NamedChoiceFilter, unknown_value
from partners.models import EVERY_ORGANIZATION, ORGANIZATION_NAMES, Organization

from .models import Grant, Program, TargetGroup, Theme


# Options are computed per request (published() reads the clock) and list only what a
# published program uses, so that no option leads to an empty page.
def organizations(request):
    programs = Program.objects.public()
    return (
        Organization.objects.public()
        .filter(
            Q(led_programs__in=programs)
            | Q(partner_programs__in=programs)
            | Q(pk__in=Grant.objects.public().values("funder"))
        )
        .distinct()
    )


def _used_by_programs(queryset, relation):
    """The rows of a queryset that at least one public program has through `relation`: each
    row's first such program (a subquery with LIMIT 1), not a DISTINCT over the join of every
    program (the themes' and groups' options: 16 and 23 ms at 2,000 programs)."""
    first = Program.objects.public().order_by().filter(**{relation: OuterRef("pk")})
    return queryset.alias(_a_program=Subquery(first.values("pk")[:1])).filter(
        _a_program__isnull=False
    )


def themes(request):
    return _used_by_programs(Theme.objects.public(), "themes")


def target_groups(request):
    return _used_by_programs(TargetGroup.objects.public(), "target_groups")


class ProgramFilter(django_filters.FilterSet):
    organization = NamedChoiceFilter(
        label=_("Organisation"),
        queryset=organizations,
        match_fields=ORGANIZATION_NAMES,
        list_url=reverse_lazy("partners:organization-list"),
        list_label=EVERY_ORGANIZATION,
        method="filter_organization",
        error_messages=unknown_value(
            _("No organisation “%(value)s” runs, funds or takes part in a program on this site.")
        ),
    )
    theme = ListedChoiceFilter(
        label=_("Theme"),
        queryset=themes,
        field_name="themes",
        to_field_name="slug",
        distinct=True,
        error_messages=unknown_value(_("There is no theme “%(value)s” on this site.")),
    )
    target_group = ListedChoiceFilter(
        label=_("People served"),
        queryset=target_groups,
        field_name="target_groups",
        to_field_name="slug",
        distinct=True,
        error_messages=unknown_value(_("There is no group of people “%(value)s” on this site.")),
    )
    empty_labels = {
        "organization": _("All organisations"),
        "theme": _("All themes"),
        "target_group": _("All groups of people"),
    }

    class Meta:
        model = Program
        fields = ["organization", "theme", "target_group"]

    # The filters whose options are a short list of records (ListedChoiceFilter), by model.
    LISTED = {"theme": Theme, "target_group": TargetGroup}

    _EMPTY = {name: model._default_manager.none() for name, model in LISTED.items()}

    def __init__(self, *args, options=None, **kwargs):
        """`options`: {a LISTED filter's name: its rows}, read already (`listed_options`): the
        filters' querysets are then neither built nor run."""
        options = options or {}
        super().__init__(*args, **kwargs)
        for name in options:
            # The form's field is built on an empty queryset (never run); its rows are those
            # given.
            self.filters[name].queryset = self._EMPTY[name]
        for name, rows in options.items():
            self.form.fields[name].rows = rows

    @classmethod
    def read_options(cls):
        """{each LISTED filter's name: its rows in the page's language}, read now (two
        queries), as each field reads them (ListedModelChoiceField.rows)."""
        return {
            name: list(in_page_language(cls.base_filters[name].get_queryset(None)))
            for name in cls.LISTED
        }

    def filter_organization(self, queryset, name, value):
        """Programs the organisation runs, takes part in, or funds through a published grant."""
        funded = Grant.objects.public().filter(funder=value).values("program")
        return queryset.filter(
            Q(lead_organization=value) | Q(partners=value) | Q(pk__in=funded)
        ).distinct()


# The themes and groups offered, kept by this process while no public record changes
# (core.filters.ListedOptions): two queries and their rows a page less.
listed_options = ListedOptions(ProgramFilter.read_options).get
