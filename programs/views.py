from django.utils import timezone
from django.views.generic import ListView

from core.fallback import in_page_language
from core.filters import FilteredListMixin
from core.models import record_only
from core.prepared import AT, PAGE_IDS, PAGE_SLOTS, ForPage, prefetches, prepared
from partners.models import Organization

from .cards import cards_html
from .filters import ProgramFilter, listed_options
from .models import Grant, Program, Theme


class ProgramMixin:
    """Published programs with what their cards show, every related row published."""

    paginate_by = 20

    def records(self):
        return Program.objects.public()

    def grants(self, at=None):
        # Read from the program's page: the program is shown (or previewed) already.
        return Grant.objects.public(at, via="program").select_related("funder", "recipient")

    # What the page reads of each program besides its grants (a program's page, its themes).
    shows_themes = True

    def program_lists(self, at=None):
        """What the page reads of each program (see core.prepared.read_lists: a program's page
        reads them so). Each reads only the columns a page in its language shows."""
        # In the grants' own order (their program's title, then slug): within one program, the
        # slug; so the program is not joined for its title.
        grants = in_page_language(self.grants(at).order_by("slug"))
        lists = [("grants", "public_grants", grants, "program", None)]
        if self.shows_themes:
            themes = in_page_language(Theme.objects.public(at))
            lists.append(("themes", "public_themes", themes, "programs", None))
        return lists

    def get_base_queryset(self):
        return in_page_language(
            self.records().select_related("lead_organization")
        ).prefetch_related(*prefetches(self.program_lists()))


class ProgramListView(FilteredListMixin, ProgramMixin, ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"
    filterset_class = ProgramFilter
    # A card shows no theme: the list does not read them (one query and some sixty rows less).
    shows_themes = False

    def grants(self, at=None):
        return _card_grants(at)

    def get_base_queryset(self):
        # The cards' grants are read by `with_grants`, not prefetched; neither the program's
        # nor its lead organisation's record columns (core.models.RECORD_ONLY).
        programs = self.records().select_related("lead_organization")
        unread = [*record_only(Program), *record_only(Organization, prefix="lead_organization__")]
        return in_page_language(programs.defer(*unread))

    def get_filterset_kwargs(self):
        # The themes and groups offered, read once while no record changes.
        return {"options": listed_options(timezone.now())}

    @staticmethod
    def with_grants(programs, at):
        """Give the page's programs their public grants (`public_grants`, in their order), as
        prefetch_related() did: one query, by SQL compiled once per process and language.

        The prefetch built, for each page, the grants' queryset filtered to the page's programs
        (a copy of the public() conditions of the grant, its program and its funder) and
        compiled it: about a tenth of the page's time."""
        for program in programs:
            program.public_grants = []
        if not programs:
            return
        found = {program.pk: program for program in programs}
        statement = prepared("programs.list.grants", _page_grants, ForPage)
        for grant in statement.run({AT: at, PAGE_IDS: list(found)}):
            found[grant.program_id].public_grants.append(grant)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programs = list(context["programs"])  # read once: the template reads the same rows
        self.with_grants(programs, timezone.now())
        # The cards written in Python (programs/cards.py): the template's loop was most of the
        # page's rendering.
        context["cards_html"] = cards_html(programs)
        return context


def _card_grants(at=None):
    """What a card shows of each grant (its amount, funder, duration and link): at 20 programs
    a page, about a hundred grants, read without their texts or recipients."""
    return (
        Grant.objects.public(at, via="program")
        .select_related("funder")
        .only(
            "slug",
            "amount",
            "amount_qualifier",
            "duration_months",
            "program",
            "funder",
            "funder__slug",
            "funder__name",
        )
    )


def _page_grants():
    """The public grants of a page's programs (PAGE_SLOTS), each program's in slug order (the
    grants' own order, their program's title first, is theirs within one program)."""
    return in_page_language(_card_grants(AT).order_by("program", "slug")).filter(
        program__in=PAGE_SLOTS
    )
