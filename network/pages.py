"""Pages that combine domains: an organisation's page (its names and relationships, the programs
it leads or joins, its places, the grants it makes and receives, its timeline) and a program's
page (its partners, grants and places). Their lists stay in `partners` and `programs`, which may
not import the apps these pages read; the pages keep the lists' addresses and URL namespaces
(see `urls.py` here and in `config`)."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from centers.models import Center
from core.models import KeyFigure
from core.preview import PreviewDetailMixin
from history.models import Event
from partners.jsonld import organization_jsonld
from partners.models import Organization, OrganizationName, Relationship
from partners.views import OrganizationMixin
from programs.jsonld import program_jsonld
from programs.models import Grant, Program, TargetGroup
from programs.views import ProgramMixin

# The long boxes of an organisation page show this many rows, then link to the full list.
BOX_LIMIT = 10
CAPPED = (
    "public_children",
    "public_relationships_from",
    "public_relationships_to",
    "public_led_programs",
    "public_partner_programs",
    "public_centers",
    "public_grants_made",
    "public_grants_received",
)


class OrganizationDetailView(PreviewDetailMixin, OrganizationMixin, DetailView):
    template_name = "network/organization_detail.html"
    context_object_name = "organization"
    preview_model = Organization

    def get_queryset(self):
        # What the page lists is read from the organisation, shown (or previewed) already: the
        # relation it arrives through is not tested again (`via`).
        orgs = Organization.objects.public()
        programs = Program.objects.public()
        # One row more than shown tells the page that there are more (sliced prefetches).
        extra = BOX_LIMIT + 1
        return self.get_base_queryset().prefetch_related(
            Prefetch(
                "former_names", OrganizationName.objects.public(), to_attr="public_former_names"
            ),
            Prefetch("children", orgs[:extra], to_attr="public_children"),
            Prefetch(
                "relationships_from",
                Relationship.objects.public(via="source").select_related("target")[:extra],
                to_attr="public_relationships_from",
            ),
            Prefetch(
                "relationships_to",
                Relationship.objects.public(via="target").select_related("source")[:extra],
                to_attr="public_relationships_to",
            ),
            Prefetch("led_programs", programs[:extra], to_attr="public_led_programs"),
            Prefetch("partner_programs", programs[:extra], to_attr="public_partner_programs"),
            # Care places only, as on the places list its "all places" link leads to.
            Prefetch("centers", Center.objects.public()[:extra], to_attr="public_centers"),
            Prefetch(
                "grants_made",
                Grant.objects.public(via="funder").select_related("program", "recipient")[:extra],
                to_attr="public_grants_made",
            ),
            Prefetch(
                "grants_received",
                Grant.objects.public(via="recipient").select_related("program", "funder")[:extra],
                to_attr="public_grants_received",
            ),
            Prefetch("key_figures", KeyFigure.objects.public(), to_attr="public_key_figures"),
        )

    def get_events(self, organization):
        return list(
            Event.objects.public().for_organization(organization).timeline()[: BOX_LIMIT + 1]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        parent = org.parent if org.parent is not None and org.parent.is_public else None
        # The long boxes: their first rows, and whether there are more (plain data, the
        # prefetched lists stay as they were read).
        boxes, more = {}, {}
        for attr in CAPPED:
            rows = getattr(org, attr)
            name = attr.removeprefix("public_")
            boxes[name], more[name] = rows[:BOX_LIMIT], len(rows) > BOX_LIMIT
        events = self.get_events(org)
        more["events"] = len(events) > BOX_LIMIT
        context.update(
            parent=parent,
            boxes=boxes,
            events=events[:BOX_LIMIT],
            more=more,
            jsonld=organization_jsonld(
                org,
                self.request,
                former_names=org.public_former_names,
                children=boxes["children"],
                parent=parent,
            ),
        )
        return context


class ProgramDetailView(PreviewDetailMixin, ProgramMixin, DetailView):
    template_name = "network/program_detail.html"
    context_object_name = "program"
    preview_model = Program

    def get_queryset(self):
        return self.get_base_queryset().prefetch_related(
            Prefetch("partners", Organization.objects.public(), to_attr="public_partners"),
            Prefetch("target_groups", TargetGroup.objects.public(), to_attr="public_target_groups"),
            # One row more than shown tells the page that there are more.
            Prefetch("centers", Center.objects.public()[: BOX_LIMIT + 1], to_attr="public_centers"),
            Prefetch("key_figures", KeyFigure.objects.public(), to_attr="public_key_figures"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        lead = program.lead_organization
        lead = lead if lead is not None and lead.is_public else None
        context.update(
            lead=lead,
            places=program.public_centers[:BOX_LIMIT],
            more_places=len(program.public_centers) > BOX_LIMIT,
            jsonld=program_jsonld(
                program,
                self.request,
                lead=lead,
                grants=program.public_grants,
                themes=program.public_themes,
            ),
        )
        return context
